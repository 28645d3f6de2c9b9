"""Every write of 劳动争议调解: the committee's seats (``rights.change``) and the cases, which
only a current member of the union's committee writes (the seat is the right: each case
service refuses anyone else with PermissionDenied; ``actor=None``, the system, passes).

A case moves 待受理 → 调解中 (受理) or 不予受理; from 调解中 to 达成调解协议, 未达成协议 (the
parties are advised to apply for arbitration) or 已撤回 — the application may also be withdrawn
before it is accepted. Dates out of order are refused with a Chinese message and nothing is
written: a date in the future, acceptance before receipt, a session before acceptance or after
closing, a closing before the last session.

**The audit trail carries no content.** Each entry records the state and the dates only
(``changes=`` chosen here, never a snapshot of the case); a case's name in the trail is its
number. The claim, the parties, the agreement and the session records stay in the case, for
the committee's eyes (``plugins_mediation`` hides those keys as a second guard).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.orgs.models import Member, Union

from . import queries_mediation as queries
from .contract_clock import period_end
from .models_mediation import (
    CaseState,
    ClaimKind,
    MediationCase,
    MediationSession,
    Mediator,
    MediatorPost,
    MediatorSide,
)
from .queries import settings_for

CHANGE = "rights.change"
DONE = "本案已结案，不能再办理。"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _not_future(day: datetime.date, today: datetime.date, label: str) -> None:
    if day > today:
        raise ValidationError(f"{label}不能晚于今天（{today:%Y年%m月%d日}）。")


def _deadline(union: Union, received_on: datetime.date) -> datetime.date:
    """第十四条: 15 days (the setting) from the day the committee received the application,
    counted as the civil code says (the day itself not counted; a period ending on a rest
    day runs to the next working day)."""
    return period_end(received_on, settings_for(union).mediation_days)


# --- the committee ----------------------------------------------------------------------------


@transaction.atomic
def mediator_add(
    *,
    actor,
    union: Union,
    member: Member | None = None,
    name: str = "",
    side: str = MediatorSide.WORKERS,
    post: str = MediatorPost.MEMBER,
    since: datetime.date,
    today: datetime.date | None = None,
) -> Mediator:
    """A seat on the committee: a member of the union, or a named employer representative
    (第十条: 职工代表和企业代表组成). One current 主任."""
    require(actor, CHANGE, union=union)
    if union.is_federation:
        raise ValidationError(queries.GRASSROOTS)
    name = (name or "").strip()
    if member is not None:
        if member.union_id != union.pk or not member.is_current:
            raise ValidationError({"member": "请选择本工会的在册会员。"})
        name = member.name
    elif not name:
        raise ValidationError({"name": "请选择会员，或填写企业代表的姓名。"})
    elif side == MediatorSide.WORKERS:
        raise ValidationError({"member": "职工代表应从本工会会员中选择（第十条）。"})
    if side not in MediatorSide.values or post not in MediatorPost.values:
        raise ValidationError("请选择代表方和职务。")
    _not_future(since, _today(today), "任职日期")
    seats = queries.current(union, since)
    if member is not None and seats.filter(member=member).exists():
        raise ValidationError({"member": "此人已是本会调解委员会的在任成员。"})
    if post == MediatorPost.DIRECTOR and seats.filter(post=MediatorPost.DIRECTOR).exists():
        raise ValidationError({"post": "调解委员会已有在任主任，请先办理原主任卸任。"})
    seat = Mediator.objects.create(
        union=union,
        member=member,
        name=name,
        side=side,
        post=post,
        since=since,
        created_by=person(actor),
    )
    audit.record(actor=person(actor), action="rights.mediator_add", obj=seat)
    return seat


@transaction.atomic
def mediator_end(
    *, actor, mediator: Mediator, until: datetime.date, today: datetime.date | None = None
) -> Mediator:
    """The seat ends on ``until`` (its last day)."""
    require(actor, CHANGE, union=mediator.union)
    mediator = Mediator.objects.select_for_update().get(pk=mediator.pk)
    if mediator.until is not None:
        raise ValidationError("此人已卸任。")
    if until < mediator.since:
        raise ValidationError({"until": "卸任日期不能早于任职日期。"})
    _not_future(until, _today(today), "卸任日期")
    before = audit.snapshot(mediator)
    mediator.until = until
    mediator.save(update_fields=["until"])
    audit.record(actor=person(actor), action="rights.mediator_end", obj=mediator, before=before)
    return mediator


# --- cases ------------------------------------------------------------------------------------


def _record(actor, action: str, case: MediationCase, **changes) -> None:
    """The state and dates only: never the claim, the parties or the agreement."""
    audit.record(
        actor=person(actor),
        action=action,
        obj=case,
        changes={k: list(v) for k, v in changes.items()},
    )


def _locked(case: MediationCase) -> MediationCase:
    return MediationCase.objects.select_for_update().select_related("union").get(pk=case.pk)


@transaction.atomic
def case_create(
    *,
    actor,
    union: Union,
    applicant: Member | None = None,
    applicant_name: str = "",
    respondent: str,
    claim_kind: str,
    claim: str,
    applied_on: datetime.date,
    today: datetime.date | None = None,
) -> MediationCase:
    """Register an application received on ``applied_on``: numbered in its year, its
    deadline computed (第十四条)."""
    if not queries.has_seat(actor, union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    if union.is_federation:
        raise ValidationError(queries.GRASSROOTS)
    name = (applicant_name or "").strip()
    if applicant is not None:
        if applicant.union_id != union.pk:
            raise ValidationError({"applicant": "请选择本工会的会员。"})
        name = applicant.name
    if not name:
        raise ValidationError({"applicant_name": "请选择申请人，或填写申请人姓名。"})
    if not (respondent or "").strip():
        raise ValidationError({"respondent": "请填写被申请人。"})
    if not (claim or "").strip():
        raise ValidationError({"claim": "请填写申请事项和理由。"})
    if claim_kind not in ClaimKind.values:
        raise ValidationError({"claim_kind": "请选择争议类型。"})
    _not_future(applied_on, _today(today), "收到申请日期")
    Union.objects.select_for_update().filter(pk=union.pk).first()  # numbers in turn
    case = MediationCase.objects.create(
        union=union,
        year=applied_on.year,
        number=queries.next_number(union, applied_on.year),
        applicant=applicant,
        applicant_name=name,
        respondent=respondent.strip(),
        claim_kind=claim_kind,
        claim=claim.strip(),
        applied_on=applied_on,
        deadline=_deadline(union, applied_on),
        created_by=person(actor),
    )
    _record(
        actor,
        "rights.case_create",
        case,
        state=(None, case.state),
        applied_on=(None, applied_on.isoformat()),
        deadline=(None, case.deadline.isoformat()),
    )
    return case


def _check_open(case: MediationCase, *states: str) -> None:
    if case.state not in states:
        raise ValidationError(DONE if not case.is_open else "本案当前状态不能办理这一步。")


def _mediators(case: MediationCase, mediators: Iterable[Mediator], on: datetime.date) -> list:
    chosen = list(mediators)
    seats = set(queries.current(case.union, on).values_list("pk", flat=True))
    if any(m.pk not in seats for m in chosen):
        raise ValidationError({"mediators": "调解员须是本会调解委员会的在任成员。"})
    return chosen


@transaction.atomic
def case_accept(
    *,
    actor,
    case: MediationCase,
    accepted_on: datetime.date,
    mediators: Iterable[Mediator] = (),
    today: datetime.date | None = None,
) -> MediationCase:
    """受理: the committee takes the case on ``accepted_on`` and names its mediators. The
    deadline stays counted from receipt (第十四条)."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    _check_open(case, CaseState.APPLIED)
    if accepted_on < case.applied_on:
        raise ValidationError({"accepted_on": "受理日期不能早于收到申请的日期。"})
    _not_future(accepted_on, _today(today), "受理日期")
    chosen = _mediators(case, mediators, accepted_on)
    case.state, case.accepted_on = CaseState.ACCEPTED, accepted_on
    case.save(update_fields=["state", "accepted_on"])
    case.mediators.set(chosen)
    _record(
        actor,
        "rights.case_accept",
        case,
        state=(CaseState.APPLIED, case.state),
        accepted_on=(None, accepted_on.isoformat()),
        mediators=(0, len(chosen)),
    )
    return case


@transaction.atomic
def case_refuse(
    *,
    actor,
    case: MediationCase,
    on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> MediationCase:
    """不予受理, with the reason (told to the applicant outside the platform)."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    _check_open(case, CaseState.APPLIED)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写不予受理的理由。"})
    if on < case.applied_on:
        raise ValidationError({"on": "不予受理的日期不能早于收到申请的日期。"})
    _not_future(on, _today(today), "不予受理的日期")
    case.state, case.closed_on, case.refusal_reason = CaseState.REFUSED, on, reason.strip()
    case.save(update_fields=["state", "closed_on", "refusal_reason"])
    _record(
        actor,
        "rights.case_refuse",
        case,
        state=(CaseState.APPLIED, case.state),
        closed_on=(None, on.isoformat()),
    )
    return case


@transaction.atomic
def case_mediators(
    *, actor, case: MediationCase, mediators: Iterable[Mediator], today: datetime.date | None = None
) -> MediationCase:
    """Change the mediators of an open case."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    _check_open(case, CaseState.APPLIED, CaseState.ACCEPTED)
    chosen = _mediators(case, mediators, _today(today))
    before = case.mediators.count()
    case.mediators.set(chosen)
    _record(actor, "rights.case_mediators", case, mediators=(before, len(chosen)))
    return case


@transaction.atomic
def session_add(
    *,
    actor,
    case: MediationCase,
    held_on: datetime.date,
    record: str,
    place: str = "",
    today: datetime.date | None = None,
) -> MediationSession:
    """A mediation meeting and its record, on or after acceptance, not in the future."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    _check_open(case, CaseState.ACCEPTED)
    assert case.accepted_on is not None
    if held_on < case.accepted_on:
        raise ValidationError({"held_on": "调解日期不能早于受理日期。"})
    _not_future(held_on, _today(today), "调解日期")
    if not (record or "").strip():
        raise ValidationError({"record": "请填写调解记录。"})
    session = MediationSession.objects.create(
        case=case,
        held_on=held_on,
        place=(place or "").strip(),
        record=record.strip(),
        created_by=person(actor),
    )
    audit.record(
        actor=person(actor),
        action="rights.case_session",
        obj=session,
        changes={"held_on": [None, held_on.isoformat()]},
        union_id=case.union_id,
    )
    return session


def _closing(case: MediationCase, on: datetime.date, today: datetime.date | None) -> None:
    assert case.accepted_on is not None
    if on < case.accepted_on:
        raise ValidationError({"on": "结案日期不能早于受理日期。"})
    last = case.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and on < last:
        raise ValidationError({"on": f"结案日期不能早于最后一次调解（{last:%Y年%m月%d日}）。"})
    _not_future(on, _today(today), "结案日期")


@transaction.atomic
def case_agree(
    *,
    actor,
    case: MediationCase,
    on: datetime.date,
    agreement: str,
    today: datetime.date | None = None,
) -> MediationCase:
    """达成调解协议: its terms; the 调解协议书 is printed from them, signed by both parties and
    the mediator and stamped by the committee (第十四条)."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    _check_open(case, CaseState.ACCEPTED)
    if not (agreement or "").strip():
        raise ValidationError({"agreement": "请填写调解协议的内容。"})
    _closing(case, on, today)
    case.state, case.closed_on, case.agreement = CaseState.AGREED, on, agreement.strip()
    case.save(update_fields=["state", "closed_on", "agreement"])
    _record(
        actor,
        "rights.case_agree",
        case,
        state=(CaseState.ACCEPTED, case.state),
        closed_on=(None, on.isoformat()),
    )
    return case


@transaction.atomic
def case_fail(
    *, actor, case: MediationCase, on: datetime.date, today: datetime.date | None = None
) -> MediationCase:
    """未达成协议: mediation ends and the parties are advised on ``on`` to apply for
    arbitration (第十四条)."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    _check_open(case, CaseState.ACCEPTED)
    _closing(case, on, today)
    case.state, case.closed_on = CaseState.FAILED, on
    case.save(update_fields=["state", "closed_on"])
    _record(
        actor,
        "rights.case_fail",
        case,
        state=(CaseState.ACCEPTED, case.state),
        closed_on=(None, on.isoformat()),
    )
    return case


@transaction.atomic
def case_withdraw(
    *,
    actor,
    case: MediationCase,
    on: datetime.date,
    reason: str = "",
    today: datetime.date | None = None,
) -> MediationCase:
    """The applicant withdraws (before or after acceptance)."""
    if not queries.has_seat(actor, case.union):
        raise PermissionDenied(queries.CONFIDENTIAL)
    case = _locked(case)
    was = case.state
    _check_open(case, CaseState.APPLIED, CaseState.ACCEPTED)
    if was == CaseState.ACCEPTED:
        _closing(case, on, today)
    else:
        if on < case.applied_on:
            raise ValidationError({"on": "撤回日期不能早于收到申请的日期。"})
        _not_future(on, _today(today), "撤回日期")
    case.state, case.closed_on = CaseState.WITHDRAWN, on
    case.withdraw_reason = (reason or "").strip()
    case.save(update_fields=["state", "closed_on", "withdraw_reason"])
    _record(
        actor,
        "rights.case_withdraw",
        case,
        state=(was, case.state),
        closed_on=(None, on.isoformat()),
    )
    return case
