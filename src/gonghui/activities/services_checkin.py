"""Every write of 活动签到: the union's check-in window, an activity's check-in session (its
QR token, whether members who did not sign up may check in), a member's own scan, the
organiser marking someone present, and a new token when the old QR code got out.

**A repeated scan changes nothing.** A check-in is found first (per sign-up, member and
account); two at once both insert, and the partial unique constraints of ``CheckIn`` let
one row in: the other's insert fails inside a savepoint and it returns the row that won,
so both callers see "已签到" and 人次 count the persons once
(tests/activities/test_checkin_concurrency.py runs it on PostgreSQL).

**Who may check in by scanning**: the holder of a confirmed sign-up (the account that signed
up, or the member's own account for a sign-up the committee made) within the window of
``CheckinSettings``; a waiting, unconfirmed, lost or cancelled sign-up is told why not. A
member of the union who did not sign up is refused ("您没有报名这个活动") unless the session
allows walk-ins (``CheckinSession.walk_ins``, set by the organiser on the QR page): then they
check in alone (no companions: nobody counted their places), if the activity's audience
includes them. A non-member never walks in.

**The organiser** (``activities.change``) marks a confirmed sign-up present from the
sign-up list once the window has opened, and afterwards too (a paper sheet typed in after
the activity); a mark before the end is late by the clock, one after it is not judged."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.orgs.models import Member, Union

from . import queries, queries_checkin
from . import rules_checkin as rules
from .models import Activity, Registration, RegState, State
from .models_checkin import CheckIn, CheckinSession, CheckinSettings
from .services import ONLY_THIS_ROW

SETTINGS = {
    "open_minutes": (rules.MAX_OPEN_MINUTES, "开放签到的提前分钟数"),
    "close_minutes": (rules.MAX_CLOSE_MINUTES, "停止扫码签到的分钟数"),
    "late_minutes": (rules.MAX_LATE_MINUTES, "起算迟到的分钟数"),
}
GONE = "签到码无效或已更换，请扫描活动现场张贴的二维码。"
ELSEWHERE = "这个签到码不属于本活动，请扫描本活动现场的二维码。"
NOT_SIGNED_UP = "您没有报名这个活动，不能签到。如需参加，请联系活动组织者。"
REFUSED = {
    RegState.WAITING: "您还在候补名单上，没有名额，不能签到。",
    RegState.OFFERED: "候补递补的名额您还没有确认，请先在活动页面点“确认参加”，再扫码签到。",
    RegState.ENTERED: "您登记的抽签尚未抽签，不能签到。",
    RegState.LOST: "您没有中签，不能签到。",
}


def _clean_setting(field: str, value: Any) -> int:
    limit, label = SETTINGS[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数（分钟）。") from None
    if not 0 <= number <= limit:
        raise ValidationError(f"{label}应在 0 到 {limit} 分钟之间。")
    return number


@transaction.atomic
def checkin_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> CheckinSettings:
    """The union's check-in window (its own row from then on)."""
    scoping.require(actor, "activities.change", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="activities.change",
        model=CheckinSettings,
        union=union,
        fields=fields,
        allowed=tuple(SETTINGS),
        clean=_clean_setting,
        action="activities.checkin_settings",
        source=queries_checkin.settings_for,
    )


# --- the session ----------------------------------------------------------------------------


def _checkable(activity: Activity) -> None:
    if activity.union.is_federation:
        raise ValidationError("文体活动由基层工会组织，请进入所属基层工会。")
    if activity.state == State.CANCELLED:
        raise ValidationError("活动已取消，无需签到。")
    if activity.state != State.OPEN:
        raise ValidationError("活动尚未发布，不能签到。")


def _session(actor, activity: Activity) -> CheckinSession:
    """The activity's session, made (with a new token) the first time it is needed; two
    made at once leave one (the unique activity and number)."""
    found = queries_checkin.session_of(activity)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            found = CheckinSession.objects.create(
                activity=activity,
                union_id=activity.union_id,
                number=1,
                token=secrets.token_hex(16),
                created_by=scoping.person(actor),
            )
    except IntegrityError:
        return CheckinSession.objects.select_related("activity").get(activity=activity, number=1)
    audit.record(actor=actor, action="activities.checkin_open", obj=found)
    return found


@transaction.atomic
def checkin_session_open(
    *,
    actor,
    activity: Activity,
    walk_ins: bool | None = None,
    session: CheckinSession | None = None,
) -> CheckinSession:
    """The activity's check-in session with its QR token (made if none yet; ``session``:
    one of a training course's); ``walk_ins`` given: whether members who did not sign up
    may check in by scanning, or be added by the organiser from the roster."""
    scoping.require(actor, "activities.change", union=activity.union)
    _checkable(activity)
    given = _given(activity, session)
    found = CheckinSession.objects.get(pk=given.pk) if given else _session(actor, activity)
    if walk_ins is not None and walk_ins != found.walk_ins:
        before = audit.snapshot(found)
        found.walk_ins = walk_ins
        found.save(update_fields=["walk_ins"])
        audit.record(actor=actor, action="activities.checkin_walk_ins", obj=found, before=before)
    return found


def _given(activity: Activity, session: CheckinSession | None) -> CheckinSession | None:
    """A session named by the caller (a training course's 课次) must be the activity's."""
    if session is not None and session.activity_id != activity.pk:
        raise ValidationError(ELSEWHERE)
    return session


@transaction.atomic
def checkin_token_renew(
    *, actor, activity: Activity, session: CheckinSession | None = None
) -> CheckinSession:
    """A new token for the session (``session``: one of a training course's; else the
    activity's): the QR code printed before stops working (a photo of the poster sent round
    a chat group). Check-ins made stay."""
    scoping.require(actor, "activities.change", union=activity.union)
    _checkable(activity)
    found = CheckinSession.objects.select_for_update(of=("self",)).get(
        pk=(_given(activity, session) or _session(actor, activity)).pk
    )
    found.token = secrets.token_hex(16)
    found.save(update_fields=["token"])
    audit.record(
        actor=actor, action="activities.checkin_renew", obj=found, changes={"renewed": [None, True]}
    )
    return found


# --- check-in -------------------------------------------------------------------------------


def _insert(actor, session: CheckinSession, **fields) -> tuple[CheckIn, bool]:
    """One check-in, or the one already there (a repeated or simultaneous scan)."""
    try:
        with transaction.atomic():
            made = CheckIn.objects.create(
                session=session,
                activity_id=session.activity_id,
                union_id=session.union_id,
                recorded_by=scoping.person(actor),
                **fields,
            )
    except IntegrityError:
        who = {k: fields[k] for k in ("registration", "member", "user") if fields.get(k)}
        return _existing(session, **who), False
    audit.record(actor=actor, action="activities.checkin", obj=made)
    return made, True


def _existing(session: CheckinSession, registration=None, member=None, user=None) -> CheckIn:
    who = Q(pk__in=[])
    for key, value in (("registration", registration), ("member", member), ("user", user)):
        if value is not None:
            who |= Q(**{key: value})
    return CheckIn.objects.filter(who, session=session).get()


def _walk_in(activity: Activity, member) -> None:
    if member is None:
        raise ValidationError("本活动只允许本工会在册会员现场签到；您没有报名，不能签到。")
    if not queries.in_audience(activity, member):
        label = queries.audience_label(activity)
        raise ValidationError(f"本活动面向{label}，您不在参加范围内，不能签到。")


def _window_refusal(win) -> ValidationError:
    if win.state == "early":
        return ValidationError(
            f"签到将于 {timezone.localtime(win.opens):%m月%d日 %H:%M} 开始，请到时再扫码。"
        )
    return ValidationError(
        f"扫码签到已于 {timezone.localtime(win.closes):%m月%d日 %H:%M} 结束；"
        "如已到场，请找活动组织者登记。"
    )


@transaction.atomic
def checkin_scan(
    *, actor, activity: Activity, token: str, now: datetime.datetime | None = None
) -> tuple[CheckIn, bool]:
    """A member's own check-in by the QR code of ``activity``: (the check-in, whether it is
    new). A repeated scan returns the first check-in, unchanged, even after the window."""
    if scoping.person(actor) is None:
        raise PermissionDenied("请先登录。")
    # someone of the union (its members, and accounts of it on an activity open to them)
    scoping.require(actor, "self.view", union=activity.union)
    now = now or timezone.now()
    session = queries_checkin.session_by_token(str(token or ""))
    if session is None:
        raise ValidationError(GONE)
    if session.activity_id != activity.pk:
        raise ValidationError(ELSEWHERE)
    _checkable(activity)
    member = queries.member_of(actor, activity.union)
    reg = queries.live_registration(activity, actor, member)
    done = queries_checkin.own_checkin(session, actor, member)
    if done is not None:
        return done, False
    win = queries_checkin.window(session.start, session.end, activity.union, now)
    if win.state != "open":
        raise _window_refusal(win)
    if reg is not None and reg.state != RegState.CONFIRMED:
        raise ValidationError(REFUSED.get(reg.state, NOT_SIGNED_UP))
    if reg is None and not session.walk_ins:
        raise ValidationError(NOT_SIGNED_UP)
    late = now > win.late_after
    if reg is not None:
        return _insert(
            actor,
            session,
            registration=reg,
            member=reg.member,
            user=reg.user or actor,
            name=reg.name,
            persons=reg.persons,
            at=now,
            late=late,
        )
    _walk_in(activity, member)
    assert member is not None
    return _insert(
        actor,
        session,
        member=member,
        user=actor,
        name=member.name,
        persons=1,
        at=now,
        late=late,
        walk_in=True,
    )


def _organiser_late(session: CheckinSession, activity: Activity, now) -> bool:
    """Whether the organiser's entry at ``now`` is late: by the clock before the session's
    end, not judged after it (a paper sheet typed in). Refused before the window opens."""
    win = queries_checkin.window(session.start, session.end, activity.union, now)
    if win.state == "early":
        raise ValidationError(
            f"签到于 {timezone.localtime(win.opens):%m月%d日 %H:%M} 开始，之后才能登记到场。"
        )
    return now < session.end and now > win.late_after


@transaction.atomic
def checkin_mark(
    *,
    actor,
    registration: Registration,
    now: datetime.datetime | None = None,
    session: CheckinSession | None = None,
) -> tuple[CheckIn, bool]:
    """The organiser marks a confirmed sign-up present (from the sign-up list; ``session``:
    at one of a training course's sessions): (the check-in, whether it is new); one already
    there is returned unchanged."""
    scoping.require(actor, "activities.change", union=registration.union)
    now = now or timezone.now()
    activity = registration.activity
    _checkable(activity)
    reg = Registration.objects.get(pk=registration.pk)
    session = _given(activity, session) or _session(actor, activity)
    done = CheckIn.objects.filter(session=session, registration=reg).first()
    if done is not None:
        return done, False
    if reg.state != RegState.CONFIRMED:
        raise ValidationError(
            f"{reg.name}的报名{reg.get_state_display()}，没有名额，不能登记签到。"
        )
    late = _organiser_late(session, activity, now)
    return _insert(
        actor,
        session,
        registration=reg,
        member=reg.member,
        user=reg.user,
        name=reg.name,
        persons=reg.persons,
        at=now,
        late=late,
        by_organiser=True,
    )


WALK_INS_OFF = "本场签到未允许未报名的会员现场签到；如需登记，请先在签到二维码页勾选“允许未报名的本会会员扫码签到”。"


@transaction.atomic
def checkin_walk_in(
    *,
    actor,
    activity: Activity,
    member: Member,
    now: datetime.datetime | None = None,
    session: CheckinSession | None = None,
) -> tuple[CheckIn, bool]:
    """The organiser adds a member who did not sign up, chosen from the roster (the member
    picker), as a walk-in at the session (``session``: one of a training course's; else the
    activity's): (the check-in, whether it is new). Only where the session allows walk-ins,
    as their own scan would; alone (no companions), late by the clock before the end. A
    member with a sign-up is marked from the list instead; one already checked in is
    returned unchanged."""
    scoping.require(actor, "activities.change", union=activity.union)
    now = now or timezone.now()
    _checkable(activity)
    given = _given(activity, session)
    session = CheckinSession.objects.get(pk=given.pk) if given else _session(actor, activity)
    if member.union_id != activity.union_id or not member.is_current:
        raise ValidationError({"member": "请从本工会的在册会员中选择。"})
    done = CheckIn.objects.filter(session=session, member=member).first()
    if done is not None:
        return done, False
    if not session.walk_ins:
        raise ValidationError(WALK_INS_OFF)
    reg = queries.live_registration(activity, member.user, member)
    if reg is not None:
        raise ValidationError(
            {"member": f"{member.name}已报名（{reg.get_state_display()}），请在名单中登记到场。"}
        )
    if not queries.in_audience(activity, member):
        label = queries.audience_label(activity)
        raise ValidationError({"member": f"本活动面向{label}，{member.name}不在参加范围内。"})
    late = _organiser_late(session, activity, now)
    return _insert(
        actor,
        session,
        member=member,
        user=member.user,
        name=member.name,
        persons=1,
        at=now,
        late=late,
        walk_in=True,
        by_organiser=True,
    )


UNDO_REASON_MAX = 100


@transaction.atomic
def checkin_undo(*, actor, checkin: CheckIn, reason: str) -> None:
    """撤销签到: a mistaken 登记到场, or a scan for someone who was not there. The check-in is
    removed; the audit keeps who, when, how many and why. Refused without a reason, and once
    a 结业证书 was issued on the sign-up (its hours are in the certificate)."""
    scoping.require(actor, "activities.change", union=checkin.union)
    found = CheckIn.objects.select_for_update(of=ONLY_THIS_ROW).filter(pk=checkin.pk).first()
    if found is None:
        raise ValidationError("这条签到已经撤销。")
    reason = " ".join(str(reason or "").split())[:UNDO_REASON_MAX]
    if not reason:
        raise ValidationError({"reason": "请写明撤销原因，如“误点登记到场”。"})
    if queries_checkin.certified(found):
        raise ValidationError(f"已为{found.name}发放结业证书，出勤课时已计入证书，不能撤销签到。")
    audit.record(
        actor=actor,
        action="activities.checkin_undo",
        obj=found,
        changes={
            "name": [found.name, None],
            "persons": [found.persons, None],
            "at": [found.at, None],
            "reason": [None, reason],
        },
    )
    found.delete()
