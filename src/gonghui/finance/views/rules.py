"""Spending rules (开支标准) and finance settings (财务设置) pages. A federation's rules and
settings are inherited by its unions, so these pages serve federations too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union

from .. import rules as defaults
from ..forms.rules import RuleForm, SettingsForm
from ..queries import rules as queries
from ..services import rules as services
from ..services.settings import finance_settings_update

RULE_FIELDS = (
    "name",
    "category",
    "cap_year",
    "cap_event",
    "cap_day",
    "times_year",
    "winners_one_in",
    "times_event_year",
    "times_ever",
    "min_days",
    "forbid_cash",
    "forbid_card",
    "forbid_union_funds",
    "source",
)


@login_required
def rule_list(request, code):
    union = get_union(request.user, code, "finance.view")
    set_current_union(request, union)
    return render(
        request,
        "finance/rule_list.html",
        {
            "union": union,
            "entries": queries.rule_table(request.user, union),
            "can_change": queries.can_change_rules(request.user, union),
            "example_note": defaults.EXAMPLE_NOTE,
        },
    )


def _initial(rule) -> dict:
    data = {f: getattr(rule, f) for f in RULE_FIELDS}
    data["category"] = rule.category.code
    if rule.is_example:
        data["source"] = ""  # the example's note is shown above the form, not adopted
    return data


@login_required
def rule_edit(request, code, key=None):
    union = get_union(request.user, code, "finance.rules")
    entry = None
    if key is not None:
        entry = queries.rule_entry(request.user, union, key)
        if entry is None:
            raise Http404
    form = RuleForm(
        request.POST or None,
        new=entry is None,
        initial=_initial(entry.rule) if entry else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.rule_save(
                actor=request.user,
                union=union,
                key=key or form.cleaned_data["key"],
                active=True,
                **form.limits(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存开支标准【{rule.name}】，本会及下属工会按此执行。")
            return redirect("finance:rule_list", union.code)
    return render(
        request,
        "finance/rule_form.html",
        {
            "union": union,
            "entry": entry,
            "form": form,
            "title": f"修改开支标准【{entry.rule.name}】" if entry else "新增开支标准",
            "example_note": defaults.EXAMPLE_NOTE,
        },
    )


@login_required
@require_POST
def rule_action(request, code, key, action):
    union = get_union(request.user, code, "finance.rules")
    try:
        if action == "disable":
            rule = services.rule_disable(actor=request.user, union=union, key=key)
            messages.success(request, f"已停用【{rule.name}】。")
        elif action == "enable":
            rule = services.rule_save(actor=request.user, union=union, key=key, active=True)
            messages.success(request, f"已启用【{rule.name}】。")
        elif action == "reset":
            rule = services.rule_reset(actor=request.user, union=union, key=key)
            messages.success(
                request,
                f"已恢复继承，现按【{rule.name}】的上级或平台标准执行。"
                if rule
                else "已删除本会自定的标准。",
            )
        else:
            raise Http404
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("finance:rule_list", union.code)


@login_required
def settings_page(request, code):
    # Anyone who reads the books sees the settings; saving them (a POST) needs finance.rules.
    perm = "finance.rules" if request.method == "POST" else "finance.view"
    union = get_union(request.user, code, perm)
    set_current_union(request, union)
    row, origin = queries.settings_view(request.user, union)
    can_change = queries.can_change_rules(request.user, union)
    form = None
    if can_change:
        form = SettingsForm(request.POST or None, initial=SettingsForm.initial_from(row))
        if request.method == "POST" and form.is_valid():
            try:
                finance_settings_update(
                    actor=request.user, union=union, **form.fields_for_service()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "财务设置已保存。")
                return redirect(reverse("finance:settings", args=[union.code]))
    return render(
        request,
        "finance/settings.html",
        {
            "union": union,
            "settings": row,
            "origin": origin,
            "rows": queries.settings_rows(row),
            "form": form,
        },
    )
