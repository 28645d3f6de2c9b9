"""Every write of 培训: the union's completion rule, a course's sessions (课次: add, change,
remove — each with its own check-in session, token and window, so a scan of one session's
QR code checks the trainee in to that session only, through ``services_checkin``), and the
certificates (结业证书) for those who attended enough of the hours.

A session is refused on an activity that is not a 培训, on a cancelled one, on one that
allows companions (a trainee is one person: 人次 count check-ins), outside the course's
start and end. Once anyone checked in to a session, its times stay (a late arrival was
judged by them) and it cannot be removed; its topic, teacher, place and 课时 may change.

Certificates are issued once every session has ended, to each trainee who completed the
course and has none yet, numbered per union and year (``training_rules.certificate_number``)
under a lock on the union row, so two courses issuing at once never share a number. A
certificate issued in error is revoked (kept, with the reason; its number is never reused,
the next issue numbers after every certificate of the year, revoked ones included)."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.orgs.models import Union

from . import queries_training
from . import training_rules as rules
from .models import Activity, Kind, State
from .models_checkin import CheckinSession
from .models_training import TrainingCertificate, TrainingSession, TrainingSettings
from .services import ONLY_THIS_ROW

TEXTS = {"topic": "内容", "teacher": "授课人", "place": "地点"}


def _clean_setting(field: str, value: Any) -> int:
    try:
        return rules.clean_percent(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


@transaction.atomic
def training_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> TrainingSettings:
    """The union's completion rule (its own row from then on)."""
    scoping.require(actor, "activities.change", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="activities.change",
        model=TrainingSettings,
        union=union,
        fields=fields,
        allowed=("completion_percent",),
        clean=_clean_setting,
        action="activities.training_settings",
        source=queries_training.settings_for,
    )


# --- sessions -------------------------------------------------------------------------------


def _locked(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=activity.pk)
    )


def _course(activity: Activity) -> None:
    if activity.union.is_federation:
        raise ValidationError("培训由基层工会组织，请进入所属基层工会。")
    if activity.kind != Kind.TRAINING:
        raise ValidationError("只有类型为“培训”的活动才能安排课次。")
    if activity.state == State.CANCELLED:
        raise ValidationError("培训已取消，不能再安排课次。")
    if activity.companions_allowed:
        raise ValidationError("培训按学员本人计人次，请先在活动中取消“可带家属”，再安排课次。")


def _clean(activity: Activity, fields: dict[str, Any]) -> dict[str, Any]:
    """The session's fields, every problem at once (by field)."""
    problems: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, label in TEXTS.items():
        text = str(fields.get(key) or "").strip()
        if len(text) > rules.TEXT_MAX:
            problems[key] = f"{label}最多 {rules.TEXT_MAX} 个字。"
        out[key] = text
    if not out["topic"]:
        problems["topic"] = "请填写这次课的内容（课题）。"
    try:
        out["hours"] = rules.clean_hours(fields.get("hours"))
    except ValueError as exc:
        problems["hours"] = str(exc)
    start, end = fields.get("starts_at"), fields.get("ends_at")
    if not isinstance(start, datetime.datetime) or not isinstance(end, datetime.datetime):
        problems["starts_at"] = "请填写开始和结束时间。"
    elif end <= start:
        problems["ends_at"] = "结束时间须晚于开始时间。"
    elif start < activity.starts_at or end > activity.ends_at:
        span = (
            f"{timezone.localtime(activity.starts_at):%Y年%m月%d日 %H:%M} 至 "
            f"{timezone.localtime(activity.ends_at):%Y年%m月%d日 %H:%M}"
        )
        problems["starts_at"] = (
            f"课次须在培训的起止时间（{span}）之内；如需延长，请先修改活动时间。"
        )
    out["starts_at"], out["ends_at"] = start, end
    if problems:
        raise ValidationError(problems)
    return out


def _checkin_for(actor, session: TrainingSession) -> CheckinSession:
    """The session's own check-in session: one the activity already had without a course
    session (opened from the QR page before any 课次 was planned) is taken over; else a new
    one with the next number and a new token."""
    loose = CheckinSession.objects.filter(activity=session.activity, training__isnull=True).first()
    if loose is not None:
        loose.training, loose.starts_at, loose.ends_at = session, session.starts_at, session.ends_at
        loose.save(update_fields=["training", "starts_at", "ends_at"])
        return loose
    top = CheckinSession.objects.filter(activity=session.activity).aggregate(n=Max("number"))
    return CheckinSession.objects.create(
        activity=session.activity,
        union_id=session.union_id,
        number=(top["n"] or 0) + 1,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        token=secrets.token_hex(16),
        training=session,
        created_by=scoping.person(actor),
    )


@transaction.atomic
def training_session_save(
    *,
    actor,
    activity: Activity | None = None,
    session: TrainingSession | None = None,
    fields: dict[str, Any],
) -> TrainingSession:
    """Add a session to the course ``activity``, or change ``session``; its check-in
    session (token, times) follows."""
    target = session.activity if session is not None else activity
    assert target is not None
    scoping.require(actor, "activities.change", union=target.union)
    course = _locked(target)
    _course(course)
    data = _clean(course, fields)
    if session is None:
        if TrainingSession.objects.filter(activity=course).count() >= rules.MAX_SESSIONS:
            raise ValidationError(f"一期培训最多 {rules.MAX_SESSIONS} 次课。")
        made = TrainingSession.objects.create(
            activity=course, union_id=course.union_id, created_by=scoping.person(actor), **data
        )
        _checkin_for(actor, made)
        audit.record(actor=actor, action="activities.training_session_add", obj=made)
        return made
    found = TrainingSession.objects.select_related("checkin").get(pk=session.pk)
    moved = (data["starts_at"], data["ends_at"]) != (found.starts_at, found.ends_at)
    if moved and found.checkin.checkins.exists():
        raise ValidationError("这次课已有人签到，不能再改时间（迟到按原时间判定）。")
    before = audit.snapshot(found)
    for key, value in data.items():
        setattr(found, key, value)
    found.save()
    if moved:
        CheckinSession.objects.filter(pk=found.checkin.pk).update(
            starts_at=found.starts_at, ends_at=found.ends_at
        )
    audit.record(actor=actor, action="activities.training_session_change", obj=found, before=before)
    return found


@transaction.atomic
def training_session_remove(*, actor, session: TrainingSession) -> None:
    """Take a session off the course, with its check-in session and QR code; refused once
    anyone checked in to it."""
    scoping.require(actor, "activities.change", union=session.union)
    _locked(session.activity)
    found = TrainingSession.objects.select_related("checkin").get(pk=session.pk)
    checkin = getattr(found, "checkin", None)
    if checkin is not None and checkin.checkins.exists():
        n = checkin.checkins.count()
        raise ValidationError(f"这次课已有 {n} 人签到，不能删除；如课程有变，可修改内容或课时。")
    audit.record(
        actor=actor,
        action="activities.training_session_remove",
        obj=found,
        changes={"topic": [found.topic, None], "hours": [str(found.hours), None]},
        union_id=found.union_id,
    )
    if checkin is not None:
        checkin.delete()
    found.delete()


# --- certificates ---------------------------------------------------------------------------


@transaction.atomic
def training_certificates_issue(
    *, actor, activity: Activity, now: datetime.datetime | None = None
) -> list[TrainingCertificate]:
    """结业证书 for every trainee who completed the course and has none yet, once every
    session has ended; each issue audited. Returns the new certificates (none new: an
    empty list, nothing written)."""
    scoping.require(actor, "activities.change", union=activity.union)
    now = now or timezone.now()
    course = _locked(activity)
    if course.kind != Kind.TRAINING:
        raise ValidationError("只有培训才能发结业证书。")
    if course.state != State.OPEN:
        raise ValidationError("培训未发布或已取消，不能发结业证书。")
    found = queries_training.grid(course, now)
    if not found.sessions:
        raise ValidationError("这期培训还没有安排课次。")
    if not found.finished:
        raise ValidationError("培训的课次尚未全部结束，结束后才能发结业证书。")
    due = [r for r in found.rows if r.completed and r.certificate is None]
    if not due:
        return []
    Union.objects.select_for_update().filter(pk=course.union_id).first()  # one numbering
    day = timezone.localdate(now)
    top = TrainingCertificate.objects.filter(union_id=course.union_id, year=day.year).aggregate(
        n=Max("seq")
    )
    seq = top["n"] or 0
    made = []
    for row in due:
        seq += 1
        cert = TrainingCertificate.objects.create(
            union_id=course.union_id,
            activity=course,
            registration=row.registration,
            member_id=row.member_id,
            name=row.name,
            year=day.year,
            seq=seq,
            number=rules.certificate_number(day.year, seq),
            hours=row.hours,
            total_hours=found.total_hours or Decimal(0),
            issued_on=day,
            issued_by=scoping.person(actor),
        )
        audit.record(actor=actor, action="activities.training_certificate", obj=cert)
        made.append(cert)
    return made


REVOKE_REASON_MAX = 100


@transaction.atomic
def training_certificate_revoke(
    *, actor, certificate: TrainingCertificate, reason: str, now: datetime.datetime | None = None
) -> TrainingCertificate:
    """撤销结业证书: one issued in error (hours counted wrong, issued to the wrong person). It
    is kept with who, when and why, its number never reused; it no longer counts (metrics,
    the summary, the trainee's hours locked by it) nor downloads. A trainee who still
    completes the course is due a corrected certificate, with a new number, from
    ``training_certificates_issue``. Refused without a reason, and when revoked already."""
    scoping.require(actor, "activities.change", union=certificate.union)
    found = (
        TrainingCertificate.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union", "activity")
        .get(pk=certificate.pk)
    )
    if found.revoked_at is not None:
        raise ValidationError(
            f"证书 {found.number} 已于 {timezone.localtime(found.revoked_at):%Y年%m月%d日} 撤销。"
        )
    reason = " ".join(str(reason or "").split())[:REVOKE_REASON_MAX]
    if not reason:
        raise ValidationError({"reason": "请写明撤销原因，如“课时计错”“发给了别人”。"})
    before = audit.snapshot(found)
    found.revoked_at = now or timezone.now()
    found.revoked_by = scoping.person(actor)
    found.revoke_reason = reason
    found.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(
        actor=actor, action="activities.training_certificate_revoke", obj=found, before=before
    )
    return found
