"""Pages of the mutual-aid fund (储金会/互助金): the fund, a member's account, a loan with
its schedule, and the four movement forms. Thin: check access, validate, call one service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.queries import get_union
from gonghui.finance.money import parse_amount, yuan

from ..forms.aid import AidForm, LoanForm
from ..queries import aid as q
from ..queries.common import GRASSROOTS
from ..services import aid as services


def _disabled(request, union):
    """Every aid page of a union without a fund says so, and points whoever may switch
    it on to the finance settings."""
    return render(
        request,
        "finance/aid_disabled.html",
        {
            "union": union,
            "can_rules": scoping.has_perm(request.user, "finance.rules", union=union),
            "settings_url": q.settings_url(union),
        },
    )


def _fund_url(union) -> str:
    return reverse("finance:aid_fund", args=[union.code])


@login_required
def aid_fund(request, code):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    if not q.fund_enabled(union):
        return _disabled(request, union)
    page = q.fund_page(union, timezone.localdate())
    return render(
        request,
        "finance/aid_fund.html",
        {
            "union": union,
            "page": page,
            "can_change": scoping.has_perm(request.user, "finance.change", union=union),
        },
    )


@login_required
def aid_member(request, code, pk):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    member = q.get_account(request.user, union, pk)
    if not q.fund_enabled(union):
        return _disabled(request, union)
    return render(
        request,
        "finance/aid_member.html",
        {
            "union": union,
            "page": q.member_page(union, member, timezone.localdate()),
            "can_change": scoping.has_perm(request.user, "finance.change", union=union),
        },
    )


@login_required
def aid_loan_detail(request, code, pk):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    loan = q.get_loan(request.user, union, pk)
    if not q.fund_enabled(union):
        return _disabled(request, union)
    state = q.loan_page(loan, timezone.localdate())
    return render(
        request,
        "finance/aid_loan.html",
        {
            "union": union,
            "state": state,
            "loan": state.loan,
            "can_change": scoping.has_perm(request.user, "finance.change", union=union),
        },
    )


# --- the movement forms ------------------------------------------------------------------


def _form_page(request, union, form, *, save, success, title, back, intro="", preview=False):
    """Validate, call the service, flash and go on; a refusal shows on the form with
    nothing written (each service is one transaction)."""
    if request.method == "POST" and form.is_valid():
        try:
            entry, next_url = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(entry))
            return redirect(next_url)
    return render(
        request,
        "finance/aid_form.html",
        {
            "union": union,
            "form": form,
            "title": title,
            "intro": intro,
            "back_url": back,
            "totals": q.totals(union),
            "preview": preview,
        },
    )


def _initial_member(request):
    pk = request.GET.get("member", "")
    return {"member": pk} if pk.isdigit() else {}


@login_required
def aid_deposit(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    if not q.fund_enabled(union):
        return _disabled(request, union)
    form = AidForm(request.POST or None, union=union, initial=_initial_member(request))

    def save(data):
        entry = services.aid_deposit(
            actor=request.user,
            union=union,
            member=data["member"],
            amount=data["amount"],
            on=data["on"],
            note=data["note"],
            idempotency_key=data["key"],
        )
        return entry, _fund_url(union)

    return _form_page(
        request,
        union,
        form,
        save=save,
        success=lambda e: f"已登记「{e.member}」存入 {yuan(e.amount)} 元。",
        title="登记存入",
        back=_fund_url(union),
    )


@login_required
def aid_withdraw(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    if not q.fund_enabled(union):
        return _disabled(request, union)
    form = AidForm(
        request.POST or None,
        union=union,
        picker="aid_savings",
        initial=_initial_member(request),
    )

    def save(data):
        entry = services.aid_withdraw(
            actor=request.user,
            union=union,
            member=data["member"],
            amount=data["amount"],
            on=data["on"],
            note=data["note"],
            idempotency_key=data["key"],
        )
        return entry, _fund_url(union)

    return _form_page(
        request,
        union,
        form,
        save=save,
        success=lambda e: f"已登记退还「{e.member}」储金 {yuan(e.amount)} 元。",
        title="退还储金",
        back=_fund_url(union),
        intro="退还金额不能超过本人储金余额，也不能超过互助金现有结余。",
    )


@login_required
def aid_loan(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    if not q.fund_enabled(union):
        return _disabled(request, union)
    form = LoanForm(request.POST or None, union=union, initial=_initial_member(request))

    def save(data):
        entry = services.aid_loan(
            actor=request.user,
            union=union,
            member=data["member"],
            amount=data["amount"],
            on=data["on"],
            months=data["months"],
            note=data["note"],
            idempotency_key=data["key"],
        )
        return entry, reverse("finance:aid_loan_detail", args=[union.code, entry.pk])

    return _form_page(
        request,
        union,
        form,
        save=save,
        success=lambda e: f"已登记借给「{e.member}」{yuan(e.amount)} 元，分 {e.months} 个月归还。",
        title="登记借款",
        back=_fund_url(union),
        intro="借款不能超过互助金现有结余；尚有借款未还清的会员不能再借。",
        preview=True,
    )


@login_required
def aid_repay(request, code, pk):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    loan = q.get_loan(request.user, union, pk, "finance.change")
    if not q.fund_enabled(union):
        return _disabled(request, union)
    state = q.loan_page(loan, timezone.localdate())
    loan = state.loan
    initial = {}
    if state.overdue:
        initial["amount"] = state.overdue
    elif state.next_due is not None:
        initial["amount"] = state.next_due.unpaid
    form = AidForm(request.POST or None, initial=initial)
    loan_url = reverse("finance:aid_loan_detail", args=[union.code, loan.pk])

    def save(data):
        entry = services.aid_repay(
            actor=request.user,
            loan=loan,
            amount=data["amount"],
            on=data["on"],
            note=data["note"],
            idempotency_key=data["key"],
        )
        return entry, loan_url

    return _form_page(
        request,
        union,
        form,
        save=save,
        success=lambda e: f"已登记「{e.member}」还款 {yuan(e.amount)} 元。",
        title=f"登记还款：{loan.member}",
        back=loan_url,
        intro=f"{loan.on:%Y-%m-%d} 借款 {yuan(loan.amount)} 元，尚欠 {yuan(state.outstanding)} 元"
        + (f"，其中逾期 {yuan(state.overdue)} 元。" if state.overdue else "。"),
    )


@login_required
def aid_schedule_preview(request, code):
    """The loan form's live schedule (htmx): what the member will repay each month."""
    get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    rows, error = [], ""
    try:
        amount = parse_amount(request.GET.get("amount", ""))
        months = int(request.GET.get("months", ""))
        if not 1 <= months <= services.MAX_MONTHS:
            raise ValueError
        on = AidForm.base_fields["on"].to_python(request.GET.get("on")) or timezone.localdate()
        rows = q.schedule(amount, months, on)
    except ValidationError as exc:
        error = "；".join(exc.messages)
    except ValueError:
        error = f"借款期限应为 1 至 {services.MAX_MONTHS} 个月。"
    return render(request, "finance/_aid_schedule.html", {"rows": rows, "error": error})
