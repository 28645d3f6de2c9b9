"""Plan pages: the plan's overview (this month, overdue, targets, the completion chart),
its outline, the month calendar and the year list, creating, editing and copying a plan,
and the two documents. Thin: check access, validate, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.pages import DOCX, download, flash_error, form_page
from gonghui.core.queries import get_union

from .. import documents, queries, services
from ..forms import CopyForm, NewPlanForm, PlanForm


def _can_change(request, union) -> bool:
    return scoping.has_perm(request.user, "plan.change", union=union)


def _context(request, plan, tab: str, **extra) -> dict:
    return {
        "plan": plan,
        "union": plan.union,
        "tab": tab,
        "years": queries.years(plan.union),
        "can_change": _can_change(request, plan.union),
        **extra,
    }


@login_required
def plan_home(request, code):
    """This year's plan if there is one, else the most recent, else the page to start one."""
    union = get_union(request.user, code, "plan.view", grassroots=queries.GRASSROOTS)
    set_current_union(request, union)
    today = timezone.localdate()
    years = queries.years(union)
    if today.year in years:
        return redirect("plans:plan", code=union.code, year=today.year)
    return render(
        request,
        "plans/start.html",
        {
            "union": union,
            "years": years,
            "year": today.year,
            "can_change": _can_change(request, union),
            "last": queries.plan_for(union, years[0]) if years else None,
            "copy_form": CopyForm(initial={"year": today.year}),
        },
    )


@login_required
def plan_overview(request, code, year):
    plan = queries.get_plan(request.user, code, year)
    set_current_union(request, plan.union)
    board = queries.dashboard(plan, timezone.localdate())
    return render(
        request,
        "plans/overview.html",
        _context(request, plan, "overview", board=board, chart=board.chart()),
    )


@login_required
def plan_outline(request, code, year):
    plan = queries.get_plan(request.user, code, year)
    return render(
        request,
        "plans/outline.html",
        _context(request, plan, "outline", blocks=queries.outline(plan)),
    )


@login_required
def plan_calendar(request, code, year, month=None):
    plan = queries.get_plan(request.user, code, year)
    today = timezone.localdate()
    if month is None:
        month = today.month if today.year == plan.year else 1
    if not 1 <= month <= 12:
        raise Http404("月份应为 1 至 12。")
    return render(
        request,
        "plans/calendar.html",
        _context(
            request,
            plan,
            "calendar",
            month=queries.month(plan, month),
            today=today,
            prev_month=month - 1 if month > 1 else None,
            next_month=month + 1 if month < 12 else None,
            weekdays="一二三四五六日",
            month_numbers=range(1, 13),
        ),
    )


@login_required
def plan_list(request, code, year):
    plan = queries.get_plan(request.user, code, year)
    return render(
        request,
        "plans/list.html",
        _context(
            request,
            plan,
            "list",
            months=queries.year_list(plan),
            whole_year=queries.whole_year(plan),
        ),
    )


@login_required
def plan_create(request, code):
    union = get_union(request.user, code, "plan.change", grassroots=queries.GRASSROOTS)
    form = NewPlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    return form_page(
        request,
        form,
        save=lambda data: services.plan_create(
            actor=request.user, union=union, year=data["year"], title=data["title"]
        ),
        success=lambda plan: f"已新建《{plan.title}》，请逐项添加计划事项，或从文档导入。",
        title="新建年度工作计划",
        union=union,
        intro="也可以把已写好的计划（Word 或文本）直接导入。",
    )


@login_required
def plan_edit(request, code, year):
    plan = queries.get_plan(request.user, code, year, "plan.change")
    form = PlanForm(
        request.POST or None, initial={"title": plan.title, "guiding_idea": plan.guiding_idea}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.plan_update(actor=request.user, plan=plan, **data),
        success=lambda p: "已保存。",
        title=f"修改《{plan.title}》",
        union=plan.union,
        back=plan.get_absolute_url(),
    )


@login_required
@require_POST
def plan_copy(request, code, year):
    plan = queries.get_plan(request.user, code, year, "plan.change")
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写新计划的年度。")
        return redirect(plan.get_absolute_url())
    try:
        new = services.plan_copy(actor=request.user, plan=plan, year=form.cleaned_data["year"])
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(plan.get_absolute_url())
    messages.success(
        request, f"已按{plan.year}年计划新建《{new.title}》，完成期限已顺延到{new.year}年。"
    )
    return redirect(new.get_absolute_url())


@login_required
def plan_document(request, code, year, kind):
    plan = queries.get_plan(request.user, code, year)
    if kind == "plan":
        data, name = documents.plan_docx(plan), f"{plan.title}.docx"
    elif kind == "summary":
        data = documents.summary_docx(plan, today=timezone.localdate())
        name = f"{plan.union.name}{plan.year}年工作总结.docx"
    else:
        raise Http404("没有这种文档。")
    services.plan_export(actor=request.user, plan=plan, kind=kind)
    return download(data, name, DOCX)
