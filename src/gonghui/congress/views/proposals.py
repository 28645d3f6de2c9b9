"""Congress pages: proposals (提案) — a sitting's list with its figures, the phone-first
new-proposal form, the proposal page with the action forms per role and state (the
proposer's 撤回 among them), a representative's "我的提案与附议", and the 提案汇编
download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.forms import add_service_errors
from gonghui.core.pages import DOCX, download, flash_error

from ..forms.proposals import (
    AnswerForm,
    AskForm,
    AssignForm,
    ProposalForm,
    RateForm,
    ReviewForm,
    WithdrawForm,
)
from ..models import ProposalStatus as S
from ..queries import proposals as q
from ..queries.common import settings_for
from ..queries.common_reps import seat_of
from ..queries.sittings import get_sitting
from ..services import proposals as services


def _sitting_url(sitting) -> str | None:
    # The sitting page belongs to the sittings area; link to it only once it exists.
    try:
        return sitting.get_absolute_url()
    except NoReverseMatch:
        return None


@login_required
def proposal_list(request, pk: int):
    sitting = get_sitting(request.user, pk)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    context = {
        "sitting": sitting,
        "union": sitting.term.union,
        "sitting_url": _sitting_url(sitting),
        "proposals": list(q.proposal_list(sitting, status, today)),
        "figures": q.figures(sitting, today),
        "filters": q.FILTERS,
        "status": status,
        "today": today,
        "own_seat": seat_of(request.user, sitting.term),
        "window_open": (
            sitting.proposals_open is not None
            and sitting.proposals_close is not None
            and sitting.proposals_open <= today <= sitting.proposals_close
        ),
    }
    if request.htmx:
        return render(request, "congress/_proposal_rows.html", context)
    return render(request, "congress/proposal_list.html", context)


@login_required
def proposal_new(request, pk: int):
    sitting = get_sitting(request.user, pk, seat=True)
    seat = q.own_seat(request.user, sitting)
    need = settings_for(sitting.term.union).cosigners
    form = ProposalForm(request.POST or None, sitting=sitting, seat=seat, need=need)
    refusal = None
    try:
        q.check_window(sitting, timezone.localdate())
    except ValidationError as exc:
        refusal = "；".join(exc.messages)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                actor=request.user, sitting=sitting, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if proposal.status == S.DRAFT:
                messages.success(request, "提案已保存，等待附议人确认。")
            else:
                messages.success(request, f"提案已提交，编号第{proposal.number}号。")
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "congress/proposal_form.html",
        {
            "form": form,
            "sitting": sitting,
            "union": sitting.term.union,
            "refusal": refusal,
            "need": need,
        },
    )


def _detail_context(request, proposal, seat, **forms):
    user = request.user
    manage = q.can_manage(user, proposal.sitting)
    status = proposal.status
    rows = q.proposal_detail_rows(proposal)
    my_cosign = next(
        (c for c in rows["cosigns"] if seat is not None and c.representative_id == seat.pk), None
    )
    context = {
        "proposal": proposal,
        "sitting": proposal.sitting,
        "union": proposal.sitting.term.union,
        "is_proposer": seat is not None and seat.pk == proposal.proposer_id,
        "my_cosign": my_cosign
        if my_cosign and status == S.DRAFT and not (my_cosign.confirmed_at or my_cosign.declined_at)
        else None,
        "need": settings_for(proposal.sitting.term.union).cosigners,
        "overdue": status in q.OVERDUE_STATUSES
        and proposal.due_on is not None
        and proposal.due_on < timezone.localdate(),
        "can_manage": manage,
        "decision": q.decision_label(proposal),
        **rows,
    }
    if manage and status == S.SUBMITTED:
        context["review_form"] = forms.get("review_form") or ReviewForm(
            targets=q.merge_targets(proposal)
        )
    if manage and status in (S.ACCEPTED, S.SUGGESTION, *q.OVERDUE_STATUSES):
        initial = {
            "lead_department": proposal.lead_department,
            "co_departments": proposal.co_departments,
            "due_on": proposal.due_on,
        }
        context["assign_form"] = forms.get("assign_form") or AssignForm(initial=initial)
    if manage and status in q.OVERDUE_STATUSES:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(
            initial={"department": proposal.lead_department}
        )
    if context["is_proposer"] and status == S.DRAFT:
        context["ask_form"] = forms.get("ask_form") or AskForm(proposal=proposal)
    if context["is_proposer"] and status in (S.DRAFT, S.SUBMITTED):
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm()
    if context["is_proposer"] and status == S.ANSWERED:
        context["rate_form"] = forms.get("rate_form") or RateForm()
    return context


@login_required
def proposal_detail(request, pk: int):
    proposal, seat = q.get_proposal(request.user, pk)
    return render(
        request, "congress/proposal_detail.html", _detail_context(request, proposal, seat)
    )


@login_required
@require_POST
def proposal_cosign(request, pk: int):
    proposal, _ = q.get_proposal(request.user, pk)
    confirm = request.POST.get("answer") == "confirm"
    service = services.cosign_confirm if confirm else services.cosign_decline
    try:
        service(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if confirm and proposal.status == S.SUBMITTED:
            messages.success(
                request, f"已确认附议；附议人数已够，提案已提交（第{proposal.number}号）。"
            )
        else:
            messages.success(request, "已确认附议。" if confirm else "已谢绝附议。")
    return redirect(proposal.get_absolute_url())


def _action(request, pk, form_name, make_form, call, success, *, manage=False):
    """The shape of the four secretariat/proposer actions on the proposal page: validate,
    call the service, or show the page again with the errors on the form."""
    proposal, seat = q.get_proposal(
        request.user, pk, "congress.manage" if manage else "congress.view"
    )
    form = make_form(proposal, request.POST)
    if form.is_valid():
        try:
            call(proposal, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(proposal.get_absolute_url())
    context = _detail_context(request, proposal, seat, **{form_name: form})
    context[form_name] = form
    return render(request, "congress/proposal_detail.html", context, status=400)


@login_required
@require_POST
def proposal_review(request, pk: int):
    def call(p, data):
        services.proposal_review(actor=request.user, proposal=p, **data)

    return _action(
        request,
        pk,
        "review_form",
        lambda p, post: ReviewForm(post, targets=q.merge_targets(p)),
        call,
        "审查结论已保存。",
        manage=True,
    )


@login_required
@require_POST
def proposal_assign(request, pk: int):
    def call(p, data):
        services.proposal_assign(actor=request.user, proposal=p, **data)

    return _action(
        request, pk, "assign_form", lambda p, post: AssignForm(post), call, "已交办。", manage=True
    )


@login_required
@require_POST
def proposal_answer(request, pk: int):
    def call(p, data):
        services.proposal_answer(actor=request.user, proposal=p, **data)

    return _action(
        request,
        pk,
        "answer_form",
        lambda p, post: AnswerForm(post),
        call,
        "答复已登记，等待提案人评价。",
        manage=True,
    )


@login_required
@require_POST
def proposal_rate(request, pk: int):
    def call(p, data):
        services.proposal_rate(actor=request.user, proposal=p, **data)

    return _action(
        request, pk, "rate_form", lambda p, post: RateForm(post), call, "评价已提交，谢谢。"
    )


@login_required
@require_POST
def proposal_ask(request, pk: int):
    def call(p, data):
        services.cosign_ask(actor=request.user, proposal=p, **data)

    return _action(
        request,
        pk,
        "ask_form",
        lambda p, post: AskForm(post, proposal=p),
        call,
        "已发出附议邀请。",
    )


@login_required
@require_POST
def proposal_withdraw(request, pk: int):
    def call(p, data):
        services.proposal_withdraw(actor=request.user, proposal=p, **data)

    return _action(
        request,
        pk,
        "withdraw_form",
        lambda p, post: WithdrawForm(post),
        call,
        "提案已撤回。撤回的提案保留在记录中，不计入提案统计和提案汇编。",
    )


@login_required
def proposal_mine(request):
    return render(
        request, "congress/proposal_mine.html", {"mine": q.mine(request.user, timezone.localdate())}
    )


@login_required
def proposal_book(request, pk: int):
    sitting = get_sitting(request.user, pk)
    content = services.proposals_book_export(actor=request.user, sitting=sitting)
    return download(content, f"{sitting.name}提案汇编.docx", DOCX)
