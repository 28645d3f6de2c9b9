"""Reads of 活动签到: the union's check-in window, an activity's session and its token, the
roll (sign-ups with their check-ins, late arrivals, no-shows, walk-ins), and the figures —
人次 (persons checked in, companions included) and 签到率 (persons checked in ÷ persons
registered) — per activity, per union's list, per period (a federation sums its subtree),
per group and per member of a year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.core import union_settings
from gonghui.core.queries import get_scoped
from gonghui.members.metrics import in_union, on_roll  # the roll 会员总数 counts
from gonghui.orgs.models import Member, Union

from . import queries
from . import rules_checkin as rules
from .models import Activity, Registration, RegState
from .models_checkin import CheckIn, CheckinSession, CheckinSettings
from .models_training import TrainingCertificate


def settings_for(union: Union) -> CheckinSettings:
    """The union's check-in window: its own, its nearest ancestor's, or the examples."""
    return union_settings.inherited(CheckinSettings, union)


def session_of(activity: Activity) -> CheckinSession | None:
    """The activity's (first) check-in session, or None before anyone opened check-in."""
    return (
        CheckinSession.objects.filter(activity=activity, number=1)
        .select_related("activity")
        .first()
    )


def session_in(activity_id: int, pk) -> CheckinSession | None:
    """A check-in session of the activity by its id (a page's ``session``), or None."""
    text = str(pk or "")
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        return None
    return (
        CheckinSession.objects.filter(activity_id=activity_id, pk=int(pk))
        .select_related("activity")
        .first()
    )


def session_by_token(token: str) -> CheckinSession | None:
    return (
        CheckinSession.objects.filter(token=token)
        .select_related("activity", "activity__union")
        .first()
    )


def own_checkin(session: CheckinSession, user, member=None) -> CheckIn | None:
    """The check-in of this account or member at the session, or None."""
    who = Q(pk__in=[])
    if getattr(user, "pk", None):
        who |= Q(user=user)
    if member is not None:
        who |= Q(member=member)
    return CheckIn.objects.filter(who, session=session).first()


@dataclass
class Window:
    """The self check-in window of a session as the pages show it."""

    opens: datetime.datetime
    closes: datetime.datetime
    late_after: datetime.datetime
    state: str  # "early", "open", "closed"


def window(session_start, session_end, union: Union, now: datetime.datetime) -> Window:
    conf = settings_for(union)
    return Window(
        opens=rules.opens_at(session_start, conf.open_minutes),
        closes=rules.closes_at(session_start, session_end, conf.close_minutes),
        late_after=session_start + datetime.timedelta(minutes=conf.late_minutes),
        state=rules.window(now, session_start, session_end, conf.open_minutes, conf.close_minutes),
    )


# --- the roll -------------------------------------------------------------------------------


@dataclass
class Roll:
    """The sign-ups with places and how each stands at the session, the walk-ins, and the
    figures of the page."""

    rows: list = field(default_factory=list)  # Registration, each with .checkin (or None)
    walk_ins: list = field(default_factory=list)  # CheckIn without a sign-up
    registered: int = 0  # persons holding confirmed places
    checked: int = 0  # of them, persons checked in
    walk_in_persons: int = 0
    late: int = 0  # check-ins marked late
    no_shows: int = 0  # confirmed sign-ups not checked in by the end (sign-ups, not persons)
    no_show_persons: int = 0
    ended: bool = False

    @property
    def participants(self) -> int:
        """参与人次 of the activity: persons checked in, walk-ins included."""
        return self.checked + self.walk_in_persons

    @property
    def rate(self) -> str:
        return rules.rate_label(self.checked, self.registered)


def roll(
    activity: Activity,
    now: datetime.datetime | None = None,
    session: CheckinSession | None = None,
) -> Roll:
    """The activity's roll in two queries: its confirmed sign-ups (and any other sign-up
    that checked in) in sign-up order, each with its check-in; the walk-ins. ``session``:
    at that session only (a training course's 课次), no-shows judged by its end."""
    now = now or timezone.now()
    found = Roll(ended=now >= (session.end if session is not None else activity.ends_at))
    checkins = CheckIn.objects.filter(activity=activity)
    if session is not None:
        checkins = checkins.filter(session=session)
    checked_in = list(checkins.select_related("member", "member__group"))
    by_reg = {c.registration_id: c for c in checked_in if c.registration_id}
    regs = [
        r
        for r in queries.registrations_of(activity)
        if r.state == RegState.CONFIRMED or r.pk in by_reg
    ]
    for reg in regs:
        checkin = by_reg.get(reg.pk)
        cast(Any, reg).checkin = checkin  # for the roll page; not a field
        if reg.state == RegState.CONFIRMED:
            found.registered += reg.persons
        if checkin is not None:
            found.checked += checkin.persons
        elif found.ended:
            cast(Any, reg).no_show = True
            found.no_shows += 1
            found.no_show_persons += reg.persons
    found.rows = regs
    found.walk_ins = [c for c in checked_in if c.registration_id is None]
    found.walk_in_persons = sum(c.persons for c in found.walk_ins)
    found.late = sum(1 for c in checked_in if c.late)
    return found


# --- the union's list -----------------------------------------------------------------------


def by_activity(union: Union) -> dict[int, dict[str, int]]:
    """For the union's list: persons checked in (walk-ins too) and persons registered, by
    activity, for the activities that opened check-in; two queries."""
    checked = dict(
        CheckIn.objects.filter(union=union)
        .values_list("activity_id")
        .annotate(n=Sum("persons"))
        .order_by()
    )
    if not checked:
        return {}
    registered = dict(
        Registration.objects.filter(activity_id__in=checked, state=RegState.CONFIRMED)
        .values_list("activity_id")
        .annotate(n=Sum("persons"))
        .order_by()
    )
    return {pk: {"checked": n, "registered": registered.get(pk, 0)} for pk, n in checked.items()}


# --- periods: metrics and the summary -------------------------------------------------------


def period_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """The activities held in the period (``queries.held_in``: the union's, or a
    federation's subtree) that opened check-in: 参与人次 (persons checked in, walk-ins and
    companions included), and for 签到率 the persons of sign-ups checked in against the
    persons registered (confirmed places, once per session). Three queries."""
    held = queries.held_in(union, start, end)
    sessions = dict(
        CheckinSession.objects.filter(activity__in=held)
        .values_list("activity_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not sessions:
        return {"activities": 0, "participants": 0, "checked": 0, "registered": 0}
    sums = CheckIn.objects.filter(activity_id__in=sessions).aggregate(
        participants=Sum("persons"),
        checked=Sum("persons", filter=Q(registration__isnull=False)),
    )
    persons = (
        Registration.objects.filter(activity_id__in=sessions, state=RegState.CONFIRMED)
        .values_list("activity_id")
        .annotate(n=Sum("persons"))
        .order_by()
    )
    registered = sum(n * sessions[pk] for pk, n in persons)
    return {
        "activities": len(sessions),
        "participants": sums["participants"] or 0,
        "checked": sums["checked"] or 0,
        "registered": registered,
    }


def members_taking_part(union: Union, start: datetime.date, end: datetime.date) -> int:
    """参与率's numerator: members on the roll at ``end`` (as 会员总数 counts it,
    ``members.metrics``) of the union (a federation's subtree) with a check-in — their own
    sign-up's or as a walk-in, at any of its sessions — at an activity held in the period
    (``queries.held_in``: the union's, or the subtree's). Each member once. One query."""
    held = queries.held_in(union, start, end)
    took_part = CheckIn.objects.filter(activity__in=held, member=OuterRef("pk"))
    return Member.objects.filter(on_roll(end), in_union(union), Exists(took_part)).count()


# --- a year: per group and per member -------------------------------------------------------


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def participation(union: Union, year: int) -> dict:
    """The year's 人次 of the union, over the activities held that year that opened
    check-in: per group (persons checked in, walk-ins too; check-ins; and for 签到率 the
    sign-ups' persons checked in against the persons registered) and per member (activities
    attended, 人次 with companions, times late), most active first. Non-members (on
    activities open to them) count in the totals only. Five queries."""
    held = queries.held_in(union, *year_bounds(year))
    used = CheckinSession.objects.filter(activity__in=held).values("activity_id")
    checkins = CheckIn.objects.filter(activity_id__in=used)
    groups: dict = {}
    for row in (
        checkins.values("member__group_id", "member__group__name")
        .annotate(
            people=Sum("persons"),
            times=Count("id"),
            checked=Sum("persons", filter=Q(registration__isnull=False)),
        )
        .order_by()
    ):
        groups[row["member__group_id"]] = row
    registered = (
        Registration.objects.filter(activity_id__in=used, state=RegState.CONFIRMED)
        .values("member__group_id", "member__group__name")
        .annotate(n=Sum("persons"))
        .order_by()
    )
    for signed in registered:
        empty = {"people": 0, "times": 0, "checked": 0}
        found = groups.setdefault(signed["member__group_id"], {**signed, **empty})
        found["registered"] = signed["n"]
    for g in groups.values():
        g.setdefault("registered", 0)
        g["rate"] = rules.rate_label(g["checked"] or 0, g["registered"])
    members = list(
        checkins.filter(member__isnull=False)
        .values("member_id", "member__name", "member__group__name")
        .annotate(
            activities=Count("activity_id", distinct=True),
            people=Sum("persons"),
            late=Count("id", filter=Q(late=True)),
        )
        .order_by("-activities", "-people", "member__name")
    )
    totals = checkins.aggregate(
        people=Sum("persons"),
        times=Count("id"),
        checked=Sum("persons", filter=Q(registration__isnull=False)),
    )
    registered_all = sum(g["registered"] for g in groups.values())
    return {
        "rate": rules.rate_label(totals["checked"] or 0, registered_all),
        "groups": sorted(
            groups.values(), key=lambda g: (-g["people"], g["member__group__name"] or "")
        ),
        "members": members,
        "persons": totals["people"] or 0,
        "times": totals["times"] or 0,
        "activities": held.filter(pk__in=used).count(),
    }


CHECKIN_MISSING = "没有找到这条签到记录，可能已经撤销。"


def get_checkin(user, pk: int, perm: str = "activities.change") -> CheckIn:
    """A check-in of a union where the user may ``perm``: 404 outside their reach."""
    return get_scoped(
        CheckIn.objects.select_related("activity", "union", "registration", "session"),
        user,
        perm,
        union="union",
        missing=CHECKIN_MISSING,
        pk=pk,
    )


def certified(checkin: CheckIn) -> bool:
    """Whether a valid 结业证书 was issued on the check-in's sign-up (its hours count in
    it); once it is revoked the check-in may be undone again."""
    if checkin.registration_id is None:
        return False
    return TrainingCertificate.objects.filter(
        registration_id=checkin.registration_id, revoked_at__isnull=True
    ).exists()


def own_year(member: Member, year: int) -> dict:
    """The member's own year, for 我的活动: the activities they checked in at (a training
    course's sessions each count), the 人次 with companions, and the times late. One query."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return CheckIn.objects.filter(
        member=member, activity__starts_at__gte=start, activity__starts_at__lt=end
    ).aggregate(
        activities=Count("activity_id", distinct=True),
        times=Count("id"),
        people=Coalesce(Sum("persons"), 0),
        late=Count("id", filter=Q(late=True)),
    )


# --- the activity's pages -------------------------------------------------------------------


def mine(activity: Activity, user) -> CheckIn | None:
    """The user's check-in at the activity (by their account or member record), or None."""
    member = queries.member_of(user, activity.union)
    who = Q(user=user) if getattr(user, "pk", None) else Q(pk__in=[])
    if member is not None:
        who |= Q(member=member)
    return CheckIn.objects.filter(who, activity=activity).first()


def activity_figures(activity: Activity, registered: int) -> dict:
    """For the sign-up list: persons checked in (sign-ups; walk-ins apart), late arrivals,
    签到率 against ``registered`` (the confirmed persons the page already counted); one
    query."""
    found = CheckIn.objects.filter(activity=activity).aggregate(
        checked=Sum("persons", filter=Q(registration__isnull=False)),
        walk_ins=Sum("persons", filter=Q(registration__isnull=True)),
        late=Count("id", filter=Q(late=True)),
        any=Count("id"),
    )
    found = {k: v or 0 for k, v in found.items()}
    found["rate"] = rules.rate_label(found["checked"], registered)
    return found
