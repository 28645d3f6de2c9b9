"""Reads of 文体活动, scoped through ``core.scoping``: the committee's activities
(``activities.view``), what a member may see and sign up for (the published activities of
their union), their own sign-ups; the audience rules; the counts of the 待办, reminders
and metrics."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.congress.models import Representative, RepStatus
from gonghui.core import scoping, union_settings
from gonghui.core.queries import get_scoped
from gonghui.core.queries_publicity import own_member
from gonghui.members.metrics import in_union
from gonghui.orgs.models import Member, MemberStatus, Sex, Union

from .models import (
    HOLDING,
    LIVE,
    Activity,
    ActivitySettings,
    Audience,
    Registration,
    RegState,
    State,
)

ACTIVITY_MISSING = "没有这个活动，或您无权查看。"
REGISTRATION_MISSING = "没有这条报名记录，或您无权查看。"
QUARTER_MONTHS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}


def settings_for(union: Union) -> ActivitySettings:
    """The union's sign-up settings: its own, its nearest ancestor's, or the examples."""
    return union_settings.inherited(ActivitySettings, union)


# --- who may see an activity ----------------------------------------------------------------


def member_of(user, union: Union) -> Member | None:
    """The user's current member record in ``union``, or None."""
    return own_member(user, union)


def may_see(user, activity: Activity) -> bool:
    """A published activity is seen by the people of its union: its members, and, when it
    is not members-only, every account of the union (self.view there)."""
    if activity.state == State.DRAFT:
        return False
    if member_of(user, activity.union) is not None:
        return True
    return not activity.members_only and scoping.has_perm(user, "self.view", union=activity.union)


def get_activity(user, pk: int, perm: str = "activities.view", *, public: bool = False):
    """An activity the user may ``perm`` on; with ``public``, also a published one of their
    union (the member's page). 404 outside their reach."""

    def allow(activity: Activity) -> bool:
        return public and may_see(user, activity)

    return get_scoped(
        Activity.objects.select_related("union"),
        user,
        perm,
        union="union",
        allow=allow,
        missing=ACTIVITY_MISSING,
        pk=pk,
    )


def get_registration(user, pk: int, perm: str = "activities.change") -> Registration:
    """A sign-up the user may act on: their own, or any of a union where they hold ``perm``."""

    def own(reg: Registration) -> bool:
        return bool(getattr(user, "pk", None)) and reg.user_id == user.pk

    return get_scoped(
        Registration.objects.select_related("activity", "activity__union", "union"),
        user,
        perm,
        union="union",
        allow=own,
        missing=REGISTRATION_MISSING,
        pk=pk,
    )


# --- the audience ---------------------------------------------------------------------------


def _is_rep(member: Member) -> bool:
    return Representative.objects.filter(
        member=member,
        status=RepStatus.SEATED,
        term__union_id=member.union_id,
        term__closed_on__isnull=True,
    ).exists()


def in_audience(activity: Activity, member: Member | None) -> bool:
    """Is ``member`` among those the activity is for? Non-members only reach an activity
    for everyone that is not members-only."""
    if activity.audience == Audience.ALL:
        return member is not None or not activity.members_only
    if member is None:
        return False
    if activity.audience == Audience.GROUPS:
        return member.group_id is not None and activity.groups.filter(pk=member.group_id).exists()
    if activity.audience == Audience.WOMEN:
        return member.sex == Sex.FEMALE
    if activity.audience == Audience.RETIRED:
        return member.status == MemberStatus.RETIRED
    if activity.audience == Audience.BIRTHDAY:
        months = QUARTER_MONTHS.get(activity.quarter or 0, ())
        return member.birth_date is not None and member.birth_date.month in months
    return _is_rep(member)


def audience_label(activity: Activity) -> str:
    if activity.audience == Audience.GROUPS:
        names = "、".join(g.name for g in activity.groups.all())
        return f"指定小组：{names}" if names else "指定小组"
    if activity.audience == Audience.BIRTHDAY:
        return f"第{activity.quarter}季度生日会员"
    return activity.get_audience_display()


# --- the member -----------------------------------------------------------------------------


def open_for(union: Union, now: datetime.datetime) -> QuerySet[Activity]:
    """The union's published activities that have not ended, soonest first."""
    return (
        Activity.objects.filter(union=union, state=State.OPEN, ends_at__gt=now)
        .select_related("union")
        .order_by("starts_at", "id")
    )


def own_registrations(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("activity", "activity__union")
        .order_by("-activity__starts_at", "-id")
    )


def live_registration(activity: Activity, user, member: Member | None = None):
    """The sign-up still standing of this account or member, or None."""
    who = Q(pk__in=[])
    if getattr(user, "pk", None):
        who |= Q(user=user)
    if member is not None:
        who |= Q(member=member)
    return Registration.objects.filter(who, activity=activity, state__in=LIVE).first()


def waiting_position(reg: Registration) -> int:
    """1 for the head of the waiting list."""
    ahead = Registration.objects.filter(activity_id=reg.activity_id, state=RegState.WAITING).filter(
        Q(queued_at__lt=reg.queued_at) | Q(queued_at=reg.queued_at, id__lt=reg.pk)
    )
    return ahead.count() + 1


# --- the committee --------------------------------------------------------------------------


def activities_of(union: Union) -> QuerySet[Activity]:
    """The union's activities with their counts (one query), newest first."""
    regs = "registrations"
    return (
        Activity.objects.filter(union=union)
        .annotate(
            n_waiting=Count(regs, filter=Q(registrations__state=RegState.WAITING)),
            n_entered=Count(regs, filter=Q(registrations__state=RegState.ENTERED)),
        )
        .order_by("-starts_at", "-id")
    )


def registrations_of(activity: Activity) -> list[Registration]:
    """Every sign-up of the activity, places first, then the waiting list in order."""
    rank = {s: i for i, s in enumerate(RegState.values)}
    found = list(
        Registration.objects.filter(activity=activity)
        .select_related("member", "member__group")
        .order_by("queued_at", "id")
    )
    return sorted(found, key=lambda r: rank[r.state])


def figures(activity: Activity) -> dict:
    """Persons and sign-ups by state, one query."""
    regs = Registration.objects.filter(activity=activity)
    out = regs.aggregate(
        confirmed=Sum("persons", filter=Q(state=RegState.CONFIRMED)),
        offered=Sum("persons", filter=Q(state=RegState.OFFERED)),
        waiting=Sum("persons", filter=Q(state=RegState.WAITING)),
        entered=Sum("persons", filter=Q(state=RegState.ENTERED)),
        n_waiting=Count("id", filter=Q(state=RegState.WAITING)),
    )
    return {k: v or 0 for k, v in out.items()}


def stale_offers(activity: Activity, now: datetime.datetime) -> bool:
    """An offer past its confirm-by time, or free places with people waiting while sign-up
    is open: what ``services.waitlist_refresh`` would change."""
    if activity.state != State.OPEN or activity.lottery:
        return False
    regs = Registration.objects.filter(activity=activity)
    if regs.filter(state=RegState.OFFERED, offered_until__lt=now).exists():
        return True
    if now >= activity.signup_closes_at or activity.taken >= activity.capacity:
        return False
    head = regs.filter(state=RegState.WAITING).order_by("queued_at", "id").first()
    return head is not None and head.persons <= activity.capacity - activity.taken


def with_stale_offers(now: datetime.datetime) -> QuerySet[Activity]:
    """Activities, every union, whose offers are past their time (the cron hook)."""
    late = Registration.objects.filter(state=RegState.OFFERED, offered_until__lt=now)
    return Activity.objects.filter(pk__in=late.values("activity_id"), state=State.OPEN)


# --- 待办, reminders, metrics ---------------------------------------------------------------


def offers_querysets(union: Union, user, committee: bool) -> dict[str, QuerySet]:
    """The 待办's rows: for the committee, promoted people who have not confirmed yet; for
    the user, their own places waiting for confirmation."""
    out: dict[str, QuerySet] = {}
    if committee:
        out["offers"] = Registration.objects.filter(union=union, state=RegState.OFFERED)
    if getattr(user, "pk", None):
        out["mine"] = Registration.objects.filter(user=user, state=RegState.OFFERED)
    return out


def closing_soon(now: datetime.datetime, hours: int = 24) -> QuerySet[Activity]:
    """Published activities, every union, whose sign-up closes within ``hours``."""
    return (
        Activity.objects.filter(
            state=State.OPEN,
            signup_closes_at__gt=now,
            signup_closes_at__lte=now + datetime.timedelta(hours=hours),
        )
        .select_related("union")
        .order_by("union_id", "signup_closes_at")
    )


def pending_offers(now: datetime.datetime) -> QuerySet[Registration]:
    """Offers waiting for confirmation, every union (the member's reminder)."""
    return Registration.objects.filter(
        state=RegState.OFFERED, offered_until__gte=now
    ).select_related("activity", "union", "user")


def held_in(union: Union, start: datetime.date, end: datetime.date) -> QuerySet[Activity]:
    """Published activities of the union (and its subtree) that started in the period."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    last = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return Activity.objects.filter(
        in_union(union), state=State.OPEN, starts_at__gte=first, starts_at__lt=last
    )


def period_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """Activities held in the period, by kind, and the persons signed up for them (places
    held: confirmed or offered), in two queries."""
    held = held_in(union, start, end)
    kinds = dict(held.values_list("kind").annotate(n=Count("id")).order_by())
    persons = Registration.objects.filter(activity__in=held, state__in=HOLDING).aggregate(
        n=Sum("persons")
    )["n"]
    return {"count": sum(kinds.values()), "kinds": kinds, "persons": persons or 0}
