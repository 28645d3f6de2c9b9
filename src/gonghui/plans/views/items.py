"""Item pages: one item with its status, targets (live progress) and the records that
carried it out; adding, editing and deleting items; sections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.dates import is_workday
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error, form_page

from .. import links, queries, services, targets
from ..forms import ItemForm, LinkForm, SectionForm, StatusForm, TargetForm
from ..owners import owner_label


@login_required
def item_detail(request, pk):
    item = queries.get_plan_item(request.user, pk)
    plan = item.plan
    can_change = scoping.has_perm(request.user, "plan.change", union=plan.union)
    today = timezone.localdate()
    return render(
        request,
        "plans/item.html",
        {
            "item": item,
            "plan": plan,
            "union": plan.union,
            "can_change": can_change,
            "owner": owner_label(item),
            "months": sorted(queries.item_months(item)),
            "progress": [
                targets.evaluate(t, union=plan.union, year=plan.year, today=today)
                for t in item.targets.all()
            ],
            "links": [
                (link, links.url_of(link)) for link in item.links.select_related("content_type")
            ],
            "state": item.state,
            "status_form": StatusForm(
                initial={
                    "status": item.status if item.status_by_hand else "",
                    "done_on": item.done_on or today,
                    "reason": item.status_reason,
                    "notes": item.notes,
                }
            ),
            "target_form": TargetForm(),
            "link_form": LinkForm(union=plan.union, year=plan.year),
            "create_actions": links.create_actions(request.user, item),
            "due_holiday": item.due is not None and not is_workday(item.due),
        },
    )


def _item_form_page(request, plan, item=None):
    initial = {}
    if item is not None:
        initial = {
            "section": item.section_id,
            "number": item.number,
            "text": item.text,
            "months": item.months,
            "due": item.due,
            "rrule": item.rrule,
            "in_schedule": item.in_schedule,
            "owner_role": item.owner_role,
            "owner": item.owner_id,
            "notes": item.notes,
        }
    else:
        month = request.GET.get("month", "")
        if month.isdigit() and 1 <= int(month) <= 12:
            initial = {"months": [int(month)], "in_schedule": True}
    form = ItemForm(request.POST or None, plan=plan, initial=initial)

    def save(data):
        data.pop("repeat", None)
        return services.item_save(actor=request.user, plan=plan, item=item, **data)

    return form_page(
        request,
        form,
        save=save,
        success=lambda i: "已保存计划事项。",
        title="修改计划事项" if item else f"添加计划事项 · {plan.title}",
        union=plan.union,
        back=item.get_absolute_url() if item else plan.get_absolute_url(),
    )


@login_required
def item_create(request, code, year):
    plan = queries.get_plan(request.user, code, year, "plan.change")
    return _item_form_page(request, plan)


@login_required
def item_edit(request, pk):
    item = queries.get_plan_item(request.user, pk, "plan.change")
    return _item_form_page(request, item.plan, item)


@login_required
@require_POST
def item_delete(request, pk):
    item = queries.get_plan_item(request.user, pk, "plan.change")
    plan = item.plan
    try:
        services.item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(item.get_absolute_url())
    messages.success(request, "已删除该事项。")
    return redirect("plans:outline", code=plan.union.code, year=plan.year)


@login_required
@require_POST
def item_status(request, pk):
    item = queries.get_plan_item(request.user, pk, "plan.change")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.item_set_status(actor=request.user, item=item, **form.cleaned_data)
            if item.status_by_hand:
                messages.success(request, f"已标为“{item.get_status_display()}”（手动设置）。")
            else:
                messages.success(request, "状态已改为按落实记录自动判断。")
        except ValidationError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, "请选择状态并填写完成日期。")
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def target_add(request, pk):
    item = queries.get_plan_item(request.user, pk, "plan.change")
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_save(actor=request.user, item=item, **form.cleaned_data)
            messages.success(request, "已添加目标。")
        except ValidationError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, "请填写目标值（数字）。")
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def target_delete(request, pk):
    target = queries.get_target(request.user, pk)
    services.target_delete(actor=request.user, target=target)
    messages.success(request, "已删除目标。")
    return redirect(target.item.get_absolute_url())


@login_required
def link_options(request, pk):
    """htmx: the records of the chosen kind, for the link form's second select."""
    item = queries.get_plan_item(request.user, pk, "plan.change")
    kind_key = request.GET.get("kind", "")
    try:
        form = LinkForm(union=item.plan.union, year=item.plan.year, kind_key=kind_key)
    except ValidationError:
        form = LinkForm(union=item.plan.union, year=item.plan.year)
    return render(request, "plans/_link_options.html", {"field": form["record"]})


@login_required
@require_POST
def link_add(request, pk):
    item = queries.get_plan_item(request.user, pk, "plan.change")
    plan = item.plan
    try:
        kind = links.kind(request.POST.get("kind", ""))
        obj = kind.get(plan.union, plan.year, request.POST.get("record"))
        services.item_link(
            actor=request.user, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
        )
        messages.success(request, f"已关联{kind.label}“{kind.name(obj)}”。")
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def link_delete(request, pk):
    link = queries.get_link(request.user, pk)
    services.item_unlink(actor=request.user, link=link)
    messages.success(request, "已取消关联。")
    return redirect(link.item.get_absolute_url())


@login_required
def section_create(request, code, year):
    plan = queries.get_plan(request.user, code, year, "plan.change")
    return _section_page(request, plan)


@login_required
def section_edit(request, pk):
    section = queries.get_section(request.user, pk)
    return _section_page(request, section.plan, section)


def _section_page(request, plan, section=None):
    form = SectionForm(
        request.POST or None,
        initial={"number": section.number, "title": section.title} if section else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                actor=request.user, plan=plan, section=section, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("plans:outline", code=plan.union.code, year=plan.year)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "修改部分标题" if section else "添加一部分",
            "union": plan.union,
            "back_url": plan.get_absolute_url(),
        },
    )
