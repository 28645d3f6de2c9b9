"""The 帮扶 settings page: the 低保 line and exclusions (困难职工), the 五必访 list and the
visit deadline (走访慰问). ``care.view`` reads them, ``care.rules`` changes them."""

from __future__ import annotations

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


def _initial(current) -> dict:
    return {
        "dibao": current.dibao,
        "exclusions": "\n".join(current.exclusions),
        "visit_kinds": "\n".join(current.visit_kinds),
        "visit_days": current.visit_days,
    }


@login_required
def care_settings(request, code):
    union = get_union(request.user, code, None)
    can_change = scoping.has_perm(request.user, "care.rules", union=union)
    if not (can_change or scoping.has_perm(request.user, "care.view", union=union)):
        raise PermissionDenied("您没有权限查看帮扶设置。")
    current = queries.settings_for(union)
    form = SettingsForm(request.POST or None, initial=_initial(current))
    if request.method == "POST" and can_change and form.is_valid():
        try:
            # only the fields the page sent: one without the 五必访 part changes nothing there
            fields = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
            services.care_settings_save(actor=request.user, union=union, fields=fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "帮扶设置已保存。")
            return redirect("care:settings", union.code)
    elif request.method == "POST":
        scoping.require(request.user, "care.rules", union=union)
    return render(
        request,
        "care/settings.html",
        {
            "union": union,
            "form": form,
            "current": current,
            "inherited": current.inherited_from,
            "can_change": can_change,
            "visit_kinds_source": VISIT_KINDS_SOURCE,
        },
    )
