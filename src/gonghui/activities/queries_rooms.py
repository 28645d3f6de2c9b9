"""Reads of 活动室: the scoped getters (a member of the room's union sees it and books it;
``activities.view`` holders see everything of it), the day's grid of slots for the week view,
one's own bookings, the groups a member leads, and the use statistics (hours booked and used
per room and month, per group, the busiest times) behind the page, the metrics and the
summary."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.core import scoping, union_settings
from gonghui.core.queries import get_scoped
from gonghui.core.queries_publicity import own_member
from gonghui.members.metrics import in_union
from gonghui.orgs.models import Union, UnionGroup

from . import rules_rooms as rules
from .models_rooms import (
    BOOKING_HOLDS,
    Booking,
    BookingState,
    Room,
    RoomClosure,
    RoomHours,
    RoomSettings,
)
from .queries import member_of

ROOM_MISSING = "没有这个活动室，或您无权查看。"
BOOKING_MISSING = "没有这条预约，或您无权查看。"
SLOT_MINUTES = 30
WEEKDAY_NAMES = "一二三四五六日"


def settings_for(union: Union) -> RoomSettings:
    """The union's booking limits: its own, its nearest ancestor's, or the examples."""
    return union_settings.inherited(RoomSettings, union)


def may_book_here(user, union: Union) -> bool:
    """A current member of the union (the people a room's door is open to)."""
    return member_of(user, union) is not None


def get_room(user, pk: int, perm: str = "activities.view", *, public: bool = False) -> Room:
    """A room the user may ``perm`` on; with ``public`` also one of their own union."""

    def allow(room: Room) -> bool:
        return public and room.archived_at is None and may_book_here(user, room.union)

    return get_scoped(
        Room.objects.select_related("union"),
        user,
        perm,
        union="union",
        allow=allow,
        missing=ROOM_MISSING,
        pk=pk,
    )


def get_booking(user, pk: int, perm: str = "activities.change") -> Booking:
    """A booking the user may act on: their own, or any of a union where they hold ``perm``."""

    def own(booking: Booking) -> bool:
        return bool(getattr(user, "pk", None)) and booking.user_id == user.pk

    return get_scoped(
        Booking.objects.select_related("room", "union", "group", "member", "user"),
        user,
        perm,
        union="union",
        allow=own,
        missing=BOOKING_MISSING,
        pk=pk,
    )


def get_closure(user, pk: int) -> RoomClosure:
    return get_scoped(
        RoomClosure.objects.select_related("room", "room__union"),
        user,
        "activities.change",
        union="room.union",
        missing="没有这个停用时段，或您无权查看。",
        pk=pk,
    )


def rooms_of(union: Union) -> QuerySet[Room]:
    """The union's rooms in use, with their hours."""
    return Room.objects.filter(union=union, archived_at__isnull=True).prefetch_related("hours")


def hours_of(room: Room) -> list[RoomHours]:
    return list(room.hours.all())


def groups_led(user, union: Union) -> list[UnionGroup]:
    """The 工会小组 of the union the user leads: named its 小组长 on the group, or holding
    the 小组长 role for it."""
    member = member_of(user, union)
    if member is None:
        return []
    by_role = scoping.group_ids(user, "group.view")
    return list(
        UnionGroup.objects.filter(union=union, archived_at__isnull=True).filter(
            Q(leader=member) | Q(pk__in=by_role)
        )
    )


def _aware(day: datetime.date, t: datetime.time = datetime.time.min) -> datetime.datetime:
    return datetime.datetime.combine(day, t, tzinfo=timezone.get_current_timezone())


def standing(
    room: Room, start: datetime.datetime, end: datetime.datetime, *, exclude: int | None = None
) -> QuerySet[Booking]:
    """The room's bookings holding a slot (booked, or waiting for approval: first come,
    first served) overlapping [start, end) (touching ones do not); ``exclude``: the booking
    being changed."""
    found = Booking.objects.filter(
        room=room, state__in=BOOKING_HOLDS, starts_at__lt=end, ends_at__gt=start
    )
    return found.exclude(pk=exclude) if exclude else found


def due_to_expire(now: datetime.datetime) -> QuerySet[Booking]:
    """Bookings still waiting for approval whose start has come (every union)."""
    return Booking.objects.filter(state=BookingState.PENDING, starts_at__lte=now)


def series_of(booking: Booking) -> QuerySet[Booking]:
    """The booking and, when recurring, every occurrence of its series (one union)."""
    if not booking.series:
        return Booking.objects.filter(pk=booking.pk)
    return Booking.objects.filter(union_id=booking.union_id, series=booking.series)


def pending_of(union: Union) -> QuerySet[Booking]:
    """The union's bookings waiting for the committee, the soonest first."""
    return (
        Booking.objects.filter(union=union, state=BookingState.PENDING)
        .select_related("room", "group", "member", "user")
        .order_by("starts_at", "id")
    )


def pending_soon(now: datetime.datetime, hours: int = 24) -> QuerySet[Booking]:
    """Bookings of every union still waiting whose start is within ``hours`` (the chairs'
    reminder)."""
    return (
        Booking.objects.filter(
            state=BookingState.PENDING,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(hours=hours),
        )
        .select_related("room", "union", "group", "member", "user")
        .order_by("union_id", "starts_at")
    )


def todo_querysets(union: Union, user) -> dict[str, QuerySet]:
    """The 待办's rows: for the committee, the bookings waiting for approval (not yet
    started: those are refused as 已过期 when next looked at)."""
    if not scoping.has_perm(user, "activities.change", union=union):
        return {}
    waiting = Booking.objects.filter(
        union=union, state=BookingState.PENDING, starts_at__gt=timezone.now()
    )
    return {"pending": waiting}


def rooms_with_due(now: datetime.datetime, **where) -> list[Room]:
    """The rooms having a booking due to expire (``where`` narrows: a user's, a room)."""
    ids = due_to_expire(now).filter(**where).values_list("room_id", flat=True).distinct()
    return list(Room.objects.filter(pk__in=list(ids)).select_related("union"))


def closed(room: Room, start: datetime.datetime, end: datetime.datetime) -> QuerySet[RoomClosure]:
    return RoomClosure.objects.filter(
        room=room, withdrawn_at__isnull=True, starts_at__lt=end, ends_at__gt=start
    )


@dataclass
class Slot:
    starts: datetime.datetime
    ends: datetime.datetime
    state: str  # free, booked, closed, past (a shared room: free until full, then full)
    booking: Booking | None = None
    closure: RoomClosure | None = None
    used: int = 0  # a shared room: the persons booked in the slot at most at once
    capacity: int = 0

    @property
    def label(self) -> str:
        return f"{timezone.localtime(self.starts):%H:%M}"


@dataclass
class Day:
    date: datetime.date
    slots: list[Slot] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.date.month}月{self.date.day}日 周{WEEKDAY_NAMES[self.date.weekday()]}"

    @property
    def free(self) -> int:
        return sum(1 for s in self.slots if s.state == "free")


def week(room: Room, monday: datetime.date, now: datetime.datetime) -> list[Day]:
    """Seven days of slots (``SLOT_MINUTES`` each) inside the opening hours: free, booked
    (with the booking), closed (with the closure) or past. Three queries."""
    hours = hours_of(room)
    start, end = _aware(monday), _aware(monday + datetime.timedelta(days=7))
    bookings = list(standing(room, start, end).select_related("group", "member", "user"))
    closures = list(closed(room, start, end))
    slot = _shared_slot if room.shared else _slot
    step = datetime.timedelta(minutes=SLOT_MINUTES)
    days = []
    for i in range(7):
        day = Day(monday + datetime.timedelta(days=i))
        for w_start, w_end in rules.windows(hours, day.date):
            at, stop = _aware(day.date, w_start), _aware(day.date, w_end)
            while at < stop:
                nxt = min(at + step, stop)
                day.slots.append(slot(at, nxt, bookings, closures, now, room.capacity))
                at = nxt
        days.append(day)
    return days


def _slot(at, nxt, bookings, closures, now, capacity) -> Slot:
    for c in closures:
        if rules.overlaps(at, nxt, c.starts_at, c.ends_at):
            return Slot(at, nxt, "closed", closure=c)
    for b in bookings:
        if rules.overlaps(at, nxt, b.starts_at, b.ends_at):
            return Slot(at, nxt, "booked", booking=b)
    return Slot(at, nxt, "past" if at < now else "free")


def _shared_slot(at, nxt, bookings, closures, now, capacity) -> Slot:
    """A slot of a room 按人数共用: the persons at most present at once in it."""
    found = _slot(at, nxt, [], closures, now, capacity)
    spans = [(b.starts_at, b.ends_at, b.persons) for b in bookings]
    found.used, found.capacity = rules.peak(spans, at, nxt)[0], capacity
    if found.state == "free" and found.used >= capacity:
        found.state = "full"
    return found


def own_bookings(user) -> QuerySet[Booking]:
    """The user's bookings, the coming first (then the past, latest first)."""
    return Booking.objects.filter(user=user).select_related("room", "group").order_by("-starts_at")


def upcoming_for(room: Room, now: datetime.datetime) -> QuerySet[Booking]:
    """The room's coming bookings, booked or waiting for approval."""
    return (
        Booking.objects.filter(room=room, state__in=BOOKING_HOLDS, ends_at__gt=now)
        .select_related("group", "member", "user")
        .order_by("starts_at")
    )


def recent_for(room: Room, now: datetime.datetime) -> QuerySet[Booking]:
    """The room's bookings that ended in the last 31 days (the committee marks 未使用)."""
    return (
        Booking.objects.filter(
            room=room,
            state=BookingState.BOOKED,
            ends_at__lte=now,
            ends_at__gt=now - datetime.timedelta(days=31),
        )
        .select_related("group", "member", "user")
        .order_by("-starts_at")
    )


def closures_of(room: Room, now: datetime.datetime) -> QuerySet[RoomClosure]:
    return RoomClosure.objects.filter(room=room, withdrawn_at__isnull=True, ends_at__gt=now)


def bookings_tomorrow(today: datetime.date) -> QuerySet[Booking]:
    """Standing bookings that start on the day after ``today`` (the reminder)."""
    first = _aware(today + datetime.timedelta(days=1))
    return Booking.objects.filter(
        state=BookingState.BOOKED,
        starts_at__gte=first,
        starts_at__lt=first + datetime.timedelta(days=1),
        user__isnull=False,
    ).select_related("room", "union", "user")


def count_in_week(
    union: Union, when: datetime.datetime, *, member=None, group=None, exclude=None
) -> int:
    """The member's own (or the group's) bookings in the week of ``when`` that hold a slot
    (waiting ones too), but ``exclude`` (the booking being changed)."""
    monday, next_monday = rules.week_of(timezone.localtime(when).date())
    found = Booking.objects.exclude(pk=exclude).filter(
        union=union,
        state__in=BOOKING_HOLDS,
        by_committee=False,
        starts_at__gte=_aware(monday),
        starts_at__lt=_aware(next_monday),
    )
    if group is not None:
        return found.filter(group=group).count()
    return found.filter(member=member, group__isnull=True).count()


# --- use statistics ---------------------------------------------------------------------------


def _held(union: Union, start: datetime.date, end: datetime.date) -> QuerySet[Booking]:
    return Booking.objects.filter(
        in_union(union),
        state=BookingState.BOOKED,
        starts_at__gte=_aware(start),
        starts_at__lt=_aware(end + datetime.timedelta(days=1)),
    )


def period_figures(
    union: Union, start: datetime.date, end: datetime.date, now: datetime.datetime | None = None
) -> dict:
    """Standing bookings that started in the period (a federation: its subtree): their
    number, hours booked, and hours used (ended by ``now``, not marked 未使用). One query."""
    now = now or timezone.now()
    count, booked, used = 0, 0.0, 0.0
    for s, e, no_show in _held(union, start, end).values_list("starts_at", "ends_at", "no_show"):
        count += 1
        hours = rules.hours_between(s, e)
        booked += hours
        if e <= now and not no_show:
            used += hours
    return {"count": count, "booked": round(booked, 1), "used": round(used, 1)}


def use_statistics(union: Union, year: int, now: datetime.datetime | None = None) -> dict:
    """The year's use: per room and month (hours booked, used, bookings), per group, and
    the busiest weekday-and-hour cells. One query."""
    now = now or timezone.now()
    rows = _held(union, datetime.date(year, 1, 1), datetime.date(year, 12, 31)).select_related(
        "room", "group"
    )
    per_room: dict = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0, 0]))
    per_group: dict = defaultdict(lambda: [0.0, 0])
    busy: Counter = Counter()
    for b in rows:
        s = timezone.localtime(b.starts_at)
        hours = rules.hours_between(b.starts_at, b.ends_at)
        cell = per_room[b.room][s.month]
        cell[0] += hours
        cell[2] += 1
        if b.ends_at <= now and not b.no_show:
            cell[1] += hours
        if b.group_id:
            per_group[b.group][0] += hours
            per_group[b.group][1] += 1
        busy[(s.weekday(), s.hour)] += 1
    rooms = [
        {
            "room": room,
            "months": [
                {"month": m, "booked": round(c[0], 1), "used": round(c[1], 1), "count": c[2]}
                for m, c in sorted(months.items())
            ],
            "booked": round(sum(c[0] for c in months.values()), 1),
            "used": round(sum(c[1] for c in months.values()), 1),
            "count": sum(c[2] for c in months.values()),
        }
        for room, months in sorted(per_room.items(), key=lambda kv: kv[0].pk)
    ]
    groups = [
        {"group": g, "hours": round(v[0], 1), "count": v[1]}
        for g, v in sorted(per_group.items(), key=lambda kv: -kv[1][0])
    ]
    busiest = [
        {"label": f"周{WEEKDAY_NAMES[d]} {h}:00-{h + 1}:00", "count": n}
        for (d, h), n in busy.most_common(5)
    ]
    return {"rooms": rooms, "groups": groups, "busiest": busiest}


def may_manage(user, union: Union) -> bool:
    return scoping.has_perm(user, "activities.change", union=union)


def rooms_visible(user) -> tuple[Union | None, list[Room]]:
    """The rooms of the user's union (as a member)."""
    member = own_member(user)
    if member is None:
        return None, []
    return member.union, list(rooms_of(member.union))
