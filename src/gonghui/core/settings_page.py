"""The one view of a module's union settings page (活动签到, 活动室, 培训, 比赛积分, 维权…):
a holder of ``page.view`` reads the settings (the 经审), a holder of ``page.change``
changes them; the page says where the values come from (the defaults and their source, a
federation's, or the union's own). Each part describes its page with a ``SettingsPage``
and its view is one call of :func:`settings_page`. (care's 帮扶设置, a page of several
parts' fields saved partially, has its own in ``care.views.settings``.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.shortcuts import render
from django.urls import reverse

from gonghui.core import scoping
from gonghui.core.pages import form_page
from gonghui.core.queries import get_union


@dataclass(frozen=True)
class SettingsPage:
    current: Callable[[Any], Any]  # the part's ``settings_for(union)`` (own or inherited)
    form: type[forms.ModelForm]
    save: Callable[..., Any]  # the part's ``*_settings_save(actor=, union=, fields=)``
    title: str
    saved: str  # the message after a save
    read_only: str  # the template that shows the settings to who may not change them
    back: str  # the URL name (with the union's code) the page leads back to
    source: str  # what the page says while the defaults apply: their source
    view: str  # the permission that reads the settings
    change: str  # the permission that changes them
    # the refusal for a federation, when the settings are a grassroots union's only
    grassroots: str | None = None


def _intro(current, source: str) -> str:
    if current.inherited_from == "defaults":
        return source
    if current.inherited_from:
        return f"沿用{current.inherited_from}的设置，修改后本会单独设置。"
    return "本会自己的设置。"


def settings_page(request, code, page: SettingsPage):
    union = get_union(request.user, code, page.view, grassroots=page.grassroots)
    current = page.current(union)
    intro = _intro(current, page.source)
    if not scoping.has_perm(request.user, page.change, union=union):
        if request.method == "POST":
            scoping.require(request.user, page.change, union=union)
        return render(
            request, page.read_only, {"union": union, "settings": current, "intro": intro}
        )
    return form_page(
        request,
        page.form(request.POST or None, instance=current),
        save=lambda data: page.save(actor=request.user, union=union, fields=data),
        success=lambda _: page.saved,
        title=page.title,
        union=union,
        back=reverse(page.back, args=[union.code]),
        intro=intro,
    )
