"""Year-end statements: on screen (tables first, ECharts charts as an extra) and as .xlsx;
the audit committee's yearly report as .docx. Thin: check access, read, render."""

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
from gonghui.core.pages import DOCX, XLSX, download
from gonghui.core.queries import get_union

from .. import documents, spreadsheets
from ..forms.payroll import PayrollForm
from ..queries import statements as queries
from ..queries.common import GRASSROOTS
from ..services import payroll as payroll_services


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404("年度不正确。")


@login_required
def statements_index(request, code):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    return redirect("finance:statements", union.code, timezone.localdate().year)


@login_required
def statements(request, code, year):
    _check_year(year)
    st = queries.statements_for(request.user, code, year)
    set_current_union(request, st.union)
    return render(
        request,
        "finance/statements.html",
        {
            "union": st.union,
            "year": year,
            "st": st,
            "ex": st.execution,
            "budget": st.execution.budget,
            "charts": st.chart_data(),
            "kinds": spreadsheets.KINDS,
            "ongoing": year >= timezone.localdate().year,
            "can_rules": scoping.has_perm(request.user, "finance.rules", union=st.union),
            "can_change": scoping.has_perm(request.user, "finance.change", union=st.union),
        },
    )


@login_required
def payroll(request, code, year):
    """工资总额: the twelve months of the employer's payroll, from which the 2% it owes the
    union is computed on the statements page."""
    _check_year(year)
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    initial = {f"m{p.month.month}": p.amount for p in queries.payroll_months(union, year)}
    form = PayrollForm(request.POST or None, initial=initial, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            changed = payroll_services.payroll_record(
                actor=request.user, union=union, year=year, amounts=form.amounts()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存{year}年工资总额（{changed} 个月有变动）。")
            return redirect(reverse("finance:statements", args=[code, year]) + "#remittance")
    set_current_union(request, union)
    return render(
        request, "finance/payroll_form.html", {"union": union, "year": year, "form": form}
    )


@login_required
def statement_download(request, code, year):
    _check_year(year)
    kind = request.GET.get("kind", "")
    if kind and kind not in spreadsheets.KINDS:
        raise Http404("没有这种报表。")
    st = queries.statements_for(request.user, code, year)
    kinds = (kind,) if kind else tuple(spreadsheets.KINDS)
    content = spreadsheets.statements_xlsx(actor=request.user, statements=st, kinds=kinds)
    label = spreadsheets.KINDS[kind] if kind else "财务报表"
    return download(content, f"{st.union.name}{year}年度{label}.xlsx", XLSX)


@login_required
def audit_report(request, code, year):
    _check_year(year)
    st = queries.statements_for(request.user, code, year)
    content = documents.audit_report(actor=request.user, statements=st)
    return download(content, f"{st.union.name}{year}年度经费审查工作报告.docx", DOCX)
