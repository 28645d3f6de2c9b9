"""Sittings (会次): preparation, the notice (预告制), opening and closing, and check-in (报到).

Check-in is accepted only while the sitting is noticed or open AND on the sitting's own
date (Asia/Shanghai): a QR code photographed in advance must not fill the hall the day
before, and a closed sitting's attendance is history."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person, require

from ..models import CheckIn, CongressTerm, Representative, RepStatus, Sitting, SittingStatus
from ..queries.common import settings_for
from ..queries.composition import composition
from ..queries.sittings import attendance

MANAGE = "congress.manage"


def _locked(sitting: Sitting) -> Sitting:
    return Sitting.objects.select_for_update().select_related("term__union").get(pk=sitting.pk)


def _status(sitting: Sitting, *allowed: str) -> None:
    if sitting.status not in allowed:
        raise ValidationError(f"{sitting.name}当前{sitting.get_status_display()}，不能办理此事项。")


def _check_dates(term: CongressTerm, date, proposals_open, proposals_close) -> None:
    if date < term.starts_on:
        raise ValidationError("会议日期不能早于本届开始日期。")
    if proposals_open and proposals_close and proposals_close < proposals_open:
        raise ValidationError("提案征集截止日期不能早于开始日期。")
    if proposals_close and proposals_close > date:
        raise ValidationError("提案征集须在会议日期前截止。")


def _notice_reason(sitting: Sitting, date, noticed_on, late_reason: str) -> str:
    """The 预告制 check, for a notice and for a noticed sitting moved to another date:
    documents reach representatives ``notice_days`` (7) days ahead (《企业民主管理规定》
    第二十六条); a later notice needs a recorded reason. Returns the reason to store ("" when
    the notice is in time)."""
    if noticed_on > date:
        raise ValidationError("预告日期不能晚于会议日期。")
    days = settings_for(sitting.term.union).notice_days
    late_reason = (late_reason or "").strip()
    ahead = (date - noticed_on).days
    if ahead < days and not late_reason:
        raise ValidationError(
            f"预告日期距会议只有 {ahead} 天，少于规定的 {days} 天；请填写预告不足规定天数的原因。"
        )
    return late_reason[:300] if ahead < days else ""


@transaction.atomic
def sitting_create(
    *,
    actor,
    term: CongressTerm,
    date: datetime.date,
    place: str = "",
    is_extraordinary: bool = False,
    proposals_open: datetime.date | None = None,
    proposals_close: datetime.date | None = None,
) -> Sitting:
    """筹备一次会议: the number is the next in the term (第八届第四次…)."""
    require(actor, MANAGE, union=term.union)
    term = CongressTerm.objects.select_for_update().select_related("union").get(pk=term.pk)
    if term.closed_on is not None:
        raise ValidationError(f"{term}已届满，不能再筹备会议。")
    _check_dates(term, date, proposals_open, proposals_close)
    number = (term.sittings.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            sitting = Sitting.objects.create(
                term=term,
                number=number,
                date=date,
                place=(place or "").strip()[:100],
                is_extraordinary=is_extraordinary,
                proposals_open=proposals_open,
                proposals_close=proposals_close,
                created_by=person(actor),
            )
    except IntegrityError:
        raise ValidationError("会次编号冲突，请重试。") from None
    audit.record(
        actor=actor, action="congress.sitting", obj=sitting, before=None, union_id=term.union_id
    )
    return sitting


@transaction.atomic
def sitting_notice(
    *, actor, sitting: Sitting, noticed_on: datetime.date, late_reason: str = ""
) -> Sitting:
    """发布会议预告. Documents reach representatives ``notice_days`` (7) days ahead
    (《企业民主管理规定》第二十六条); a later notice needs a recorded reason. The composition
    check is taken now and kept in the audit entry: it blocks nothing but is on the record."""
    require(actor, MANAGE, union=sitting.term.union)
    sitting = _locked(sitting)
    union = sitting.term.union
    _status(sitting, SittingStatus.PLANNED)
    reason = _notice_reason(sitting, sitting.date, noticed_on, late_reason)
    before = audit.snapshot(sitting)
    sitting.status = SittingStatus.NOTICED
    sitting.noticed_on = noticed_on
    sitting.late_notice_reason = reason
    sitting.checkin_token = secrets.token_hex(16)
    sitting.save(update_fields=["status", "noticed_on", "late_notice_reason", "checkin_token"])
    changes = audit.diff(before, audit.snapshot(sitting))
    changes.pop("checkin_token", None)  # the QR token is a key, not a fact for the record
    changes.update(composition(sitting.term).as_record())
    audit.record(
        actor=actor, action="congress.notice", obj=sitting, changes=changes, union_id=union.pk
    )
    return sitting


@transaction.atomic
def sitting_update(
    *,
    actor,
    sitting: Sitting,
    date: datetime.date,
    place: str = "",
    proposals_open: datetime.date | None = None,
    proposals_close: datetime.date | None = None,
    late_reason: str = "",
) -> Sitting:
    """改期、改地点 before the sitting opens. A noticed sitting keeps its 预告日期, so the
    new date is checked against it by the notice's own rule: fewer than ``notice_days``
    between them needs a (new or kept) reason. The audit entry has before and after."""
    require(actor, MANAGE, union=sitting.term.union)
    sitting = _locked(sitting)
    union = sitting.term.union
    if sitting.status not in (SittingStatus.PLANNED, SittingStatus.NOTICED):
        raise ValidationError(
            f"{sitting.name}已{sitting.get_status_display()}，不能再修改会议日期和地点。"
        )
    _check_dates(sitting.term, date, proposals_open, proposals_close)
    before = audit.snapshot(sitting)
    if sitting.noticed_on is not None:
        sitting.late_notice_reason = _notice_reason(sitting, date, sitting.noticed_on, late_reason)
    sitting.date = date
    sitting.place = (place or "").strip()[:100]
    sitting.proposals_open, sitting.proposals_close = proposals_open, proposals_close
    changes = audit.diff(before, audit.snapshot(sitting))
    if not changes:
        return sitting  # nothing changed: nothing to write or record
    sitting.save(
        update_fields=["date", "place", "proposals_open", "proposals_close", "late_notice_reason"]
    )
    audit.record(
        actor=actor,
        action="congress.sitting_update",
        obj=sitting,
        changes=changes,
        union_id=union.pk,
    )
    return sitting


@transaction.atomic
def sitting_open(*, actor, sitting: Sitting) -> Sitting:
    """宣布开会: only with two thirds of all seated voting representatives checked in
    (《企业民主管理规定》第十九条, the union's quorum setting)."""
    require(actor, MANAGE, union=sitting.term.union)
    sitting = _locked(sitting)
    _status(sitting, SittingStatus.NOTICED)
    figures = attendance(sitting)
    if not figures.has_quorum:
        raise ValidationError(
            f"实到 {figures.present} 人，不足应到 {figures.seated} 人的"
            f"{figures.quorum_label}（需 {figures.needed} 人），不能开会。"
        )
    before = audit.snapshot(sitting)
    sitting.status = SittingStatus.OPEN
    sitting.opened_at = timezone.now()
    sitting.save(update_fields=["status", "opened_at"])
    changes = audit.diff(before, audit.snapshot(sitting))
    changes["seated"] = [None, figures.seated]
    changes["present"] = [None, figures.present]
    audit.record(
        actor=actor,
        action="congress.open",
        obj=sitting,
        changes=changes,
        union_id=sitting.term.union_id,
    )
    return sitting


@transaction.atomic
def sitting_close(*, actor, sitting: Sitting) -> Sitting:
    """宣布闭会. The check-in token is rotated, so the old QR code stops working."""
    require(actor, MANAGE, union=sitting.term.union)
    sitting = _locked(sitting)
    _status(sitting, SittingStatus.OPEN)
    before = audit.snapshot(sitting)
    sitting.status = SittingStatus.CLOSED
    sitting.closed_at = timezone.now()
    sitting.checkin_token = secrets.token_hex(16)
    sitting.save(update_fields=["status", "closed_at", "checkin_token"])
    changes = audit.diff(before, audit.snapshot(sitting))
    changes.pop("checkin_token", None)
    audit.record(
        actor=actor,
        action="congress.close",
        obj=sitting,
        changes=changes,
        union_id=sitting.term.union_id,
    )
    return sitting


@transaction.atomic
def rep_checkin(
    *, actor, sitting: Sitting, representative: Representative, by_secretariat: bool = False
) -> CheckIn:
    """报到. Idempotent: a second check-in returns the first, unchanged. By phone the actor
    must be the representative themself; by the secretariat, a holder of congress.manage."""
    if by_secretariat:
        require(actor, MANAGE, union=sitting.term.union)
    elif person(actor) is not None and representative.member.user_id != actor.pk:
        raise PermissionDenied("只能本人报到。")
    sitting = _locked(sitting)
    union = sitting.term.union
    if representative.term_id != sitting.term_id:
        raise ValidationError(f"{representative.member.name}不是本届代表。")
    if representative.status != RepStatus.SEATED:
        raise ValidationError(
            f"{representative.member.name}已{representative.get_status_display()}，不能报到。"
        )
    existing = CheckIn.objects.filter(sitting=sitting, representative=representative).first()
    if existing is not None:
        return existing
    _status(sitting, SittingStatus.NOTICED, SittingStatus.OPEN)
    if timezone.localdate() != sitting.date:
        raise ValidationError(f"报到只在会议当天（{sitting.date:%Y-%m-%d}）办理。")
    entry = CheckIn.objects.create(
        sitting=sitting,
        representative=representative,
        by_secretariat=by_secretariat,
        recorded_by=person(actor),
    )
    audit.record(actor=actor, action="rep.checkin", obj=entry, before=None, union_id=union.pk)
    return entry
