"""The 金秋助学 pages (phone-first): the member's apply page with their own applications; the
committee's rounds, a round with its applications, review, 公示 and payment; applying for a
member; an admission proof; the settings. ``care.view`` reads the rounds, ``care.change``
runs them, ``care.rules`` changes the settings; a member sees their own applications only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.finance.queries.vouchers import share_vouchers
from gonghui.finance.views.files import stored_file

from .. import queries_bursary as queries
from .. import services_bursary as services
from ..forms_bursary import (
    ApplyForForm,
    ApplyForm,
    BursarySettingsForm,
    NoteForm,
    ReasonForm,
    RoundForm,
)
from ..models_bursary import ApplicationState, RoundStatus
from ..queries import own_member
from ..rules_bursary import AMOUNT_FIELDS, SOURCE
from .settings import SettingsPage

GRASSROOTS = services.GRASSROOTS


def _today():
    return timezone.localdate()


# --- the member -----------------------------------------------------------------------------


@login_required
def bursary_mine(request):
    member = own_member(request.user)
    today = _today()
    round = queries.open_round(member.union, today) if member else None
    settings = queries.settings_for(member.union) if member else None
    exclusions = list(settings.exclusions) if settings else []
    form = ApplyForm(request.POST or None, request.FILES or None, exclusions=exclusions)
    if request.method == "POST" and round is not None and form.is_valid():
        try:
            services.bursary_apply(
                actor=request.user, round=round, member=member, **form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "申请已提交，工会审核后将公示拟资助名单。")
            return redirect("care:bursary_mine")
    this_year = queries.round_of_year(member.union, today.year) if member else None
    return render(
        request,
        "care/bursary_mine.html",
        {
            "member": member,
            "round": round,
            "this_year": this_year,
            "form": form,
            "settings": settings,
            "filed": queries.has_filed_file(member) if member else False,
            "applications": list(queries.own_applications(member)) if member else [],
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


# --- the committee --------------------------------------------------------------------------


@login_required
def bursary_rounds(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    form = RoundForm(request.POST or None, initial={"year": _today().year})
    if request.method == "POST":
        scoping.require(request.user, "care.change", union=union)
        if form.is_valid():
            try:
                found = services.bursary_round_open(
                    actor=request.user, union=union, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已开始{found}，会员可在申请期内在手机上申请。")
                return redirect(found.get_absolute_url())
    return render(
        request,
        "care/bursary_rounds.html",
        {
            "union": union,
            "rounds": list(queries.rounds_of(union)),
            "form": form,
            "settings": queries.settings_for(union),
            "can_change": can_change,
        },
        status=400 if form.errors else 200,
    )


def _with_vouchers(applications) -> None:
    """Each paid application with the voucher its share is on (one query for all)."""
    vouchers = share_vouchers(a.voucher_share_id for a in applications)
    for a in applications:
        a.voucher = vouchers.get(a.voucher_share_id)


@login_required
def bursary_round(request, pk):
    round = queries.get_round(request.user, pk)
    union = round.union
    state = request.GET.get("state", "")
    applications = list(queries.applications_of(round, state))
    _with_vouchers(applications)
    publicity = publicity_for(round)
    figures = queries.round_figures(round)
    upheld = publicity is not None and publicity.status == "closed" and not cleared(publicity)
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    return render(
        request,
        "care/bursary_round.html",
        {
            "union": union,
            "round": round,
            "applications": applications,
            "figures": figures,
            "state": state,
            "states": [
                (v, label, figures[v]) for v, label in ApplicationState.choices if figures[v]
            ],
            "publicity": publicity,
            "publicity_cleared": cleared(publicity),
            "voucher": next((a.voucher for a in applications if a.voucher), None),
            "today": _today(),
            "can_change": can_change,
            "can_review": can_change
            and (
                round.status == RoundStatus.OPEN
                or (round.status == RoundStatus.PUBLICITY and upheld)
            ),
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
        },
    )


@login_required
def bursary_apply_for(request, pk):
    round = queries.get_round(request.user, pk, "care.change")
    settings = queries.settings_for(round.union)
    form = ApplyForForm(
        request.POST or None,
        request.FILES or None,
        union=round.union,
        exclusions=list(settings.exclusions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = services.bursary_apply(actor=request.user, round=round, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已为「{found.member.name}」提交{round}申请。")
            return redirect(found.get_absolute_url())
    return render(
        request,
        "care/bursary_apply.html",
        {"union": round.union, "round": round, "form": form, "settings": settings},
        status=400 if form.errors else 200,
    )


def _act(request, target, call, success):
    """One POST step: the service's refusal is flashed, the round page shown again."""
    try:
        call()
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, success)
    return redirect(target)


@login_required
@require_POST
def bursary_approve(request, pk):
    application = queries.get_application(request.user, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        application.get_absolute_url(),
        lambda: services.bursary_approve(actor=request.user, application=application, note=note),
        f"已审核通过「{application.member.name}」的申请。",
    )


@login_required
@require_POST
def bursary_reject(request, pk):
    application = queries.get_application(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        application.get_absolute_url(),
        lambda: services.bursary_reject(actor=request.user, application=application, reason=reason),
        f"已对「{application.member.name}」的申请作不予资助处理。",
    )


@login_required
@require_POST
def bursary_publicize(request, pk):
    round = queries.get_round(request.user, pk, "care.change")
    return _act(
        request,
        round.get_absolute_url(),
        lambda: services.bursary_publicize(actor=request.user, round=round),
        "已发布拟资助名单公示（只公示姓名、小组、就读类别和金额）。公示结束且无异议后可以发放。",
    )


@login_required
@require_POST
def bursary_pay(request, pk):
    round = queries.get_round(request.user, pk, "care.change")
    return _act(
        request,
        round.get_absolute_url(),
        lambda: services.bursary_pay(actor=request.user, round=round),
        "已生成“困难帮扶”支出凭证草稿，由财务提交，按开支标准和预算审核、审批后发放。",
    )


@login_required
def bursary_proof(request, pk):
    application = queries.get_application(request.user, pk, "care.view")
    return stored_file(request, application, application.proof_type)


# --- settings -------------------------------------------------------------------------------


def _initial(current) -> dict:
    return {
        "opens": current.opens,
        "closes": current.closes,
        **{f: getattr(current, f) for f in AMOUNT_FIELDS},
        "exclusions": "\n".join(current.exclusions),
    }


SETTINGS = SettingsPage(
    form=BursarySettingsForm,
    current=queries.settings_for,
    initial=_initial,
    save=services.bursary_settings_save,
    template="care/bursary_settings.html",
    url_name="care:bursary_settings",
    saved="金秋助学设置已保存。",
    refused="您没有权限查看金秋助学设置。",
    extra=lambda union: {
        "source": SOURCE,
        "rounds_url": reverse("care:bursary_rounds", args=[union.code])
        if not union.is_federation
        else "",
    },
)
