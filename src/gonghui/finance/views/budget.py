"""Budget pages: the list of years, drafting, adoption, adjustment, and execution.
Thin: check access, validate the form, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import form_page
from gonghui.core.queries import get_union

from ..forms.budget import AdjustForm, AdoptForm, BudgetForm
from ..models import Category
from ..money import yuan
from ..queries import budget as queries
from ..queries.common import GRASSROOTS
from ..services import budget as services


def _categories():
    return Category.objects.select_related("parent").order_by("code")


def _detail(union, year) -> str:
    return reverse("finance:budget_detail", args=[union.code, year])


@login_required
def budget_list(request, code):
    union, budgets = queries.budgets_for(request.user, code)
    set_current_union(request, union)
    years = {b.year for b in budgets}
    this_year = timezone.localdate().year
    return render(
        request,
        "finance/budget_list.html",
        {
            "union": union,
            "budgets": budgets,
            "can_change": scoping.has_perm(request.user, "finance.change", union=union),
            "next_year": this_year if this_year not in years else this_year + 1,
        },
    )


def _budget_form_page(request, union, form, *, title, save, back):
    if request.method == "POST" and form.is_valid():
        try:
            budget = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{budget.year}年度预算已保存（草稿，尚未审议通过）。")
            return redirect(_detail(union, budget.year))
    return render(
        request,
        "finance/budget_form.html",
        {"union": union, "form": form, "title": title, "back_url": back},
    )


@login_required
def budget_create(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    form = BudgetForm(request.POST or None, categories=_categories(), initial={"year": year})
    return _budget_form_page(
        request,
        union,
        form,
        title="编制年度预算",
        back=reverse("finance:budget_list", args=[union.code]),
        save=lambda d: services.budget_create(
            actor=request.user, union=union, year=d["year"], lines=d["lines"], note=d["note"]
        ),
    )


@login_required
def budget_update(request, code, year):
    union, budget = queries.budget_for(request.user, code, year, "finance.change")
    if budget is None:
        raise Http404("没有该年度的预算。")
    if budget.adopted:
        messages.info(request, "预算已审议通过，只能办理预算调整。")
        return redirect(_detail(union, year))
    budget = queries.budget_with_lines(budget)
    form = BudgetForm(
        request.POST or None,
        categories=_categories(),
        fixed_year=year,
        initial=BudgetForm.initial_for(budget),
    )
    return _budget_form_page(
        request,
        union,
        form,
        title=f"修改{year}年度预算",
        back=_detail(union, year),
        save=lambda d: services.budget_update(
            actor=request.user, budget=budget, lines=d["lines"], note=d["note"]
        ),
    )


@login_required
def budget_adopt(request, code, year):
    union, budget = queries.budget_for(request.user, code, year, "finance.rules")
    if budget is None:
        raise Http404("没有该年度的预算。")
    return form_page(
        request,
        AdoptForm(request.POST or None),
        save=lambda d: services.budget_adopt(
            actor=request.user,
            budget=budget,
            adopted_on=d["adopted_on"],
            adopted_by=d["adopted_by"],
        ),
        success=lambda b: f"{b.year}年度预算已记录为审议通过，此后只能通过预算调整变动。",
        title=f"{year}年度预算审议通过",
        union=union,
        back=_detail(union, year),
        intro="请填写会员（代表）大会或工会委员会审议通过预算的日期。通过后，支出凭证将按预算控制：达到预警比例提示，超过预算不能提交。",
    )


@login_required
def budget_adjust(request, code, year):
    union, budget = queries.budget_for(request.user, code, year, "finance.rules")
    if budget is None:
        raise Http404("没有该年度的预算。")

    def save(d):
        adj = services.budget_adjust(
            actor=request.user,
            budget=budget,
            category=d["category"],
            delta=d["delta"],
            reason=d["reason"],
            decided_on=d["decided_on"],
        )
        adj.line.budget.success = f"已记录预算调整：【{adj.line.category}】{yuan(adj.delta)} 元。"
        return adj.line.budget

    initial = {"category": Category.objects.filter(code=request.GET.get("category", "")).first()}
    return form_page(
        request,
        AdjustForm(request.POST or None, initial=initial),
        save=save,
        success=lambda b: b.success,
        title=f"调整{year}年度预算",
        union=union,
        back=_detail(union, year),
        intro="预算调整须经工会委员会（或会员代表大会）决定。原预算数保留，调整单独记录；调减后不能低于已记账支出。",
    )


@login_required
def budget_detail(request, code, year):
    union, budget = queries.budget_for(request.user, code, year)
    set_current_union(request, union)
    user = request.user
    return render(
        request,
        "finance/budget_detail.html",
        {
            "union": union,
            "year": year,
            "budget": budget,
            "ex": queries.execution(union, year, budget),
            "adjustments": queries.adjustments(budget) if budget else [],
            "can_change": scoping.has_perm(user, "finance.change", union=union),
            "can_rules": scoping.has_perm(user, "finance.rules", union=union),
        },
    )
