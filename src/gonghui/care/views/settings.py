"""The settings pages of care, one view for all of them: 帮扶 (the 低保 line and exclusions
of 困难职工, the 五必访 list and the visit deadline of 走访慰问), 金秋助学, 体检 and 疗休养.
``care.view`` reads them, ``care.rules`` changes them. Each part describes its page with a
``SettingsPage`` (in its own views module) and its URL passes it to ``settings_page``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from gonghui.core import scoping
from gonghui.core.forms import add_service_errors
from gonghui.core.queries import get_union

from .. import queries, services
from ..forms import SettingsForm
from ..rules_visits import VISIT_KINDS_SOURCE


@dataclass(frozen=True)
class SettingsPage:
    """What differs between the settings pages of care's parts."""

    form: type[forms.Form]
    current: Callable[[Any], Any]  # the part's ``settings_for(union)`` (own or inherited)
    initial: Callable[[Any], dict]  # the form's initial values from the current settings
    save: Callable[..., Any]  # the part's ``*_settings_save(actor=, union=, fields=)``
    template: str
    url_name: str  # the page itself, where a save returns
    saved: str  # the message after a save
    refused: str  # the refusal to one who reaches the union without ``care.view``
    extra: Callable[[Any], dict] = lambda union: {}  # the template's own context
    # save only the fields the POST carried (a page without a part changes nothing there)
    partial: bool = False


@login_required
def settings_page(request, code, page: SettingsPage):
    union = get_union(request.user, code, None)
    can_change = scoping.has_perm(request.user, "care.rules", union=union)
    if not (can_change or scoping.has_perm(request.user, "care.view", union=union)):
        raise PermissionDenied(page.refused)
    current = page.current(union)
    form = page.form(request.POST or None, initial=page.initial(current))
    if request.method == "POST":
        scoping.require(request.user, "care.rules", union=union)
        if form.is_valid():
            fields = form.cleaned_data
            if page.partial:
                fields = {k: v for k, v in fields.items() if k in request.POST}
            try:
                page.save(actor=request.user, union=union, fields=fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, page.saved)
                return redirect(page.url_name, union.code)
    return render(
        request,
        page.template,
        {
            "union": union,
            "form": form,
            "current": current,
            "inherited": current.inherited_from,
            "can_change": can_change,
            **page.extra(union),
        },
        status=400 if form.errors else 200,
    )


def _initial(current) -> dict:
    return {
        "dibao": current.dibao,
        "exclusions": "\n".join(current.exclusions),
        "visit_kinds": "\n".join(current.visit_kinds),
        "visit_days": current.visit_days,
    }


CARE = SettingsPage(
    form=SettingsForm,
    current=queries.settings_for,
    initial=_initial,
    save=services.care_settings_save,
    template="care/settings.html",
    url_name="care:settings",
    saved="帮扶设置已保存。",
    refused="您没有权限查看帮扶设置。",
    extra=lambda union: {"visit_kinds_source": VISIT_KINDS_SOURCE},
    partial=True,
)
