"""Every write of 活动室: the union's booking limits, a room (create, change, stop using),
its opening hours (entered as words, one rule a line), closed periods (维修, 假期), and the
bookings — one, a weekly series, cancelled, marked 未使用.

**Never two bookings of one slot.** Every service that books locks the room's row first
(``select_for_update(of=("self",))``; never the union a ``select_related`` joins), then looks
for overlapping bookings and closures, then writes: a second booking of the same slot waits
for the first's transaction and then sees it (PostgreSQL: the row lock; SQLite: the
IMMEDIATE transaction). ``tests/activities/test_rooms_concurrency.py`` runs two at once.

**Who books** (``Room.book_by``): a current member for themselves (会员和工会小组 rooms), the
leader of a 工会小组 for the group, the committee (``activities.change``) "以工会名义" for
the union or a group. Members and leaders are held to the union's limits (``RoomSettings``:
hours per booking, bookings per week — a member's own and a group's counted apart — and
days ahead); the committee is not.

**A recurring booking** books each weekly occurrence that is free and says, for every one it
skipped, the day and why (another booking, a closed period, outside the hours, a limit): one
transaction, one lock, one audit entry per booking made.

**A closed period** cancels the standing bookings it overlaps, each with the reason, and
notifies each booker (``core.services.notice_create``; e-mailed by ``gonghui remind`` when
SMTP is set).

**Shared use** (``Room.shared``, 按人数共用): overlapping bookings are accepted while the
persons present at once (``rules_rooms.peak``) add up to at most the capacity — looked at
under the same room lock, so two bookings that together exceed it cannot both pass.

**Approval** (``Room.needs_approval``): a member's or a group's booking is made 待审批 and
holds its slot like a booked one; the committee approves or refuses it
(``services_rooms_approval``). A waiting booking whose start has passed is refused as 已过期
by the next service that locks its room (``_expire_due``), by the pages when they show it,
and by ``gonghui activities_refresh``.

**Changing a booking** (``booking_change``): its booker before it starts, or the committee,
moves it in time or to another room of the union or changes its persons, checked as a new
booking under the lock of both rooms (in id order), audited with before and after; a
member's change of a booking needing approval makes it 待审批 again."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.core.reminders import Reminder
from gonghui.orgs.models import Union, UnionGroup

from . import queries_rooms as queries
from . import rules_rooms as rules
from .models_rooms import (
    BOOKING_HOLDS,
    BookBy,
    Booking,
    BookingState,
    Room,
    RoomClosure,
    RoomHours,
    RoomSettings,
)

ONLY_THIS_ROW = ("self",)
GRASSROOTS = "活动室由基层工会管理，请进入所属基层工会。"
SETTINGS = {
    "max_hours": (rules.MAX_HOURS, "每次最多预约小时数", "小时"),
    "max_per_week": (rules.MAX_PER_WEEK, "每周最多预约次数", "次"),
    "days_ahead": (rules.MAX_DAYS_AHEAD, "最多提前预约天数", "天"),
}
ROOM_FIELDS = ("name", "kind", "capacity", "place", "book_by", "note", "shared", "needs_approval")
EXPIRED_REASON = "开始时间已到，工会尚未审批"


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _locked(room: Room) -> Room:
    return Room.objects.select_for_update(of=ONLY_THIS_ROW).select_related("union").get(pk=room.pk)


def _locked_pair(first: Room, second: Room) -> tuple[Room, Room]:
    """Both rooms locked, in id order (two changes crossing between the same rooms would
    otherwise each hold one and wait for the other)."""
    rooms = {r.pk: _locked(r) for r in sorted({first, second}, key=lambda r: r.pk)}
    return rooms[first.pk], rooms[second.pk]


def _tell(booking: Booking, text: str, event: str) -> None:
    """A notice to the booking's account (``core.notices``), once per ``event``."""
    if not booking.user_id:
        return
    core_services.notice_create(
        reminder=Reminder(
            union=booking.union,
            text=text,
            url=reverse("activities:rooms_mine"),
            key=f"activities.room_booking.{booking.pk}.{event}",
        ),
        users=[booking.user],
    )


def _span(booking: Booking) -> str:
    s, e = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{s.month}月{s.day}日 {s:%H:%M}-{e:%H:%M}"


def _expire_due(room: Room, now: datetime.datetime) -> list[Booking]:
    """Refuse, as 已过期, the room's bookings still waiting for approval whose start has
    come (the room's row is locked by the caller); each booker is told. The system's act,
    whoever's call found it due."""
    due = list(queries.due_to_expire(now).filter(room=room).select_related("room", "union", "user"))
    for booking in due:
        before = audit.snapshot(booking)
        booking.state = BookingState.EXPIRED
        booking.decided_at = now
        booking.refuse_reason = EXPIRED_REASON
        booking.save(update_fields=["state", "decided_at", "refuse_reason"])
        audit.record(actor=None, action="activities.room_expire", obj=booking, before=before)
        text = f"您{_span(booking)} 在{booking.room.name}的预约已过期（{EXPIRED_REASON}）"
        _tell(booking, text, "expired")
    return due


@transaction.atomic
def bookings_expire(*, actor, room: Room, now: datetime.datetime | None = None) -> list[Booking]:
    """The room's waiting bookings whose start has come, refused as 已过期 (the pages and
    ``gonghui activities_refresh`` call it as the system)."""
    scoping.require(actor, "activities.change", union=room.union)
    now = _now(now)
    return _expire_due(_locked(room), now)


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


# --- settings and rooms ---------------------------------------------------------------------


def _clean_setting(field: str, value: Any) -> int:
    limit, label, unit = SETTINGS[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数（{unit}）。") from None
    if not 1 <= number <= limit:
        raise ValidationError(f"{label}应在 1 到 {limit} {unit}之间。")
    return number


@transaction.atomic
def room_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> RoomSettings:
    """The union's booking limits (its own row from then on)."""
    scoping.require(actor, "activities.change", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="activities.change",
        model=RoomSettings,
        union=union,
        fields=fields,
        allowed=tuple(SETTINGS),
        clean=_clean_setting,
        action="activities.room_settings",
        source=queries.settings_for,
    )


@transaction.atomic
def room_save(*, actor, union: Union, fields: dict[str, Any], room: Room | None = None) -> Room:
    """Create (``room`` None) or change a room of the union."""
    scoping.require(actor, "activities.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    unknown = set(fields) - set(ROOM_FIELDS)
    if unknown:
        raise TypeError(f"unknown room fields: {sorted(unknown)}")
    name = str(fields.get("name") or (room.name if room else "")).strip()
    if not name:
        raise ValidationError({"name": "请填写活动室名称。"})
    taken = queries.rooms_of(union).filter(name=name)
    if room is not None:
        taken = taken.exclude(pk=room.pk)
    if taken.exists():
        raise ValidationError({"name": "本工会已有同名的活动室。"})
    found = _locked(room) if room is not None else Room(union=union)
    if room is not None and found.union_id != union.pk:
        raise ValidationError("活动室不属于这个工会。")
    before = audit.snapshot(found) if room is not None else None
    for key, value in fields.items():
        setattr(found, key, value)
    found.name = name
    found.full_clean(exclude=["union"])
    found.save()
    action = "activities.room_update" if room is not None else "activities.room_create"
    audit.record(actor=actor, action=action, obj=found, before=before)
    return found


@transaction.atomic
def room_archive(*, actor, room: Room, now: datetime.datetime | None = None) -> Room:
    """Stop using a room: no new bookings; the coming ones are cancelled as by a closure."""
    scoping.require(actor, "activities.change", union=room.union)
    found = _locked(room)
    if found.archived_at is not None:
        raise ValidationError("活动室已停用。")
    now = _now(now)
    before = audit.snapshot(found)
    found.archived_at = now
    found.save(update_fields=["archived_at"])
    audit.record(actor=actor, action="activities.room_archive", obj=found, before=before)
    for booking in queries.upcoming_for(found, now):
        _cancel(actor, booking, now, f"{found.name}停止使用", notify=True)
    return found


@transaction.atomic
def room_hours_set(*, actor, room: Room, text: str) -> list[RoomHours]:
    """Replace the room's opening hours with the rules written in ``text`` (one a line, in
    words: "每日7:20-7:50", "每周一、三、五中午12:00-13:30"). Bookings made stay."""
    scoping.require(actor, "activities.change", union=room.union)
    try:
        parsed = rules.parse_lines(text)
    except ValidationError as exc:
        raise ValidationError({"hours": exc.messages}) from None
    if not parsed:
        raise ValidationError({"hours": "请至少填写一条开放时间，如“每日7:20-7:50”。"})
    found = _locked(room)
    old = [str(h) for h in found.hours.all()]
    found.hours.all().delete()
    made = [
        RoomHours.objects.create(
            room=found, words=h.words, rrule=h.rrule, starts=h.starts, ends=h.ends
        )
        for h in parsed
    ]
    new = [f"{h.words}（{rules.Hours(h.words, h.rrule, h.starts, h.ends)}）" for h in made]
    audit.record(
        actor=actor,
        action="activities.room_hours",
        obj=found,
        changes={"hours": ["；".join(old), "；".join(new)]},
    )
    return made


# --- closed periods -------------------------------------------------------------------------


@transaction.atomic
def closure_add(
    *,
    actor,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str,
    now: datetime.datetime | None = None,
) -> tuple[RoomClosure, list[Booking]]:
    """A closed period; the standing bookings inside it are cancelled and their bookers
    notified. Returns the closure and the bookings cancelled."""
    scoping.require(actor, "activities.change", union=room.union)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写停用原因，如“设备维修”“寒假”。"})
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise ValidationError({"ends_at": "结束时间要晚于开始时间。"})
    now = _now(now)
    found = _locked(room)
    closure = RoomClosure.objects.create(
        room=found,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason[:100],
        created_by=scoping.person(actor),
    )
    hit = list(queries.standing(found, starts_at, ends_at).select_related("room", "union", "user"))
    for booking in hit:
        _cancel(actor, booking, now, f"活动室停用：{reason}"[:100], notify=True, closure=closure)
    audit.record(
        actor=actor,
        action="activities.room_closure",
        obj=closure,
        changes={"cancelled": [None, len(hit)]},
    )
    return closure, hit


@transaction.atomic
def closure_withdraw(*, actor, closure: RoomClosure) -> RoomClosure:
    """Open the room again (bookings it cancelled stay cancelled: their bookers book anew)."""
    scoping.require(actor, "activities.change", union=closure.room.union)
    _locked(closure.room)
    found = RoomClosure.objects.select_for_update(of=ONLY_THIS_ROW).get(pk=closure.pk)
    if found.withdrawn_at is not None:
        raise ValidationError("这个停用时段已撤销。")
    before = audit.snapshot(found)
    found.withdrawn_at = timezone.now()
    found.save(update_fields=["withdrawn_at"])
    audit.record(actor=actor, action="activities.room_closure_withdraw", obj=found, before=before)
    return found


# --- booking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Booker:
    """Who a booking is for, decided once per call: the account, its member, the group."""

    user: Any
    member: Any
    group: UnionGroup | None
    committee: bool


def _booker(actor, room: Room, group: UnionGroup | None, as_committee: bool) -> Booker:
    """Who books, checked in Chinese (the permission is checked by the caller first)."""
    union = room.union
    if room.archived_at is not None:
        raise ValidationError("活动室已停用，不能预约。")
    member = queries.member_of(actor, union)
    if group is not None and (group.union_id != union.pk or group.archived_at is not None):
        raise ValidationError({"group": "只能为本工会的工会小组预约。"})
    if as_committee:
        return Booker(scoping.person(actor), member, group, True)
    if member is None:
        raise ValidationError("只有本工会的在册会员可以预约活动室。")
    if group is not None and group.pk not in {g.pk for g in queries.groups_led(actor, union)}:
        raise ValidationError({"group": f"只有{group.name}的小组长可以为小组预约。"})
    if room.book_by == BookBy.COMMITTEE:
        raise ValidationError(f"{room.name}只由工会委员会安排，请联系工会。")
    if room.book_by == BookBy.GROUPS and group is None:
        raise ValidationError(f"{room.name}只接受工会小组预约，请由小组长为小组预约。")
    return Booker(actor, member, group, False)


@dataclass(frozen=True)
class Check:
    """What a booking of one room is checked against, read once under the room's lock:
    the hours, the union's limits, the moment, whose week is counted and whether they are
    held to the limits (``held``: not the committee); ``exclude`` is the booking being
    changed (it neither blocks itself nor counts in its own week)."""

    room: Room
    hours: list
    limits: RoomSettings
    now: datetime.datetime
    held: bool
    member: Any
    group: UnionGroup | None
    exclude: int | None = None


def _check(room: Room, now, *, held: bool, member, group, exclude=None) -> Check:
    return Check(
        room,
        queries.hours_of(room),
        queries.settings_for(room.union),
        now,
        held,
        member,
        group,
        exclude,
    )


def _taken(c: Check, start, end, persons: int) -> str | None:
    """Who holds [start, end) already: in an exclusive room any standing booking; in a
    shared one, more persons at once than the room holds."""
    room = c.room
    if room.shared:
        spans = queries.standing(room, start, end, exclude=c.exclude).values_list(
            "starts_at", "ends_at", "persons"
        )
        used, at = rules.peak(spans, start, end)
        if at is not None and used + persons > room.capacity:
            left = max(room.capacity - used, 0)
            return (
                f"{timezone.localtime(at):%H:%M}起已有{used}人预约，{room.name}同时容纳"
                f"{room.capacity}人，最多还能约{left}人"
            )
        return None
    found = queries.standing(room, start, end, exclude=c.exclude)
    other = found.select_related("group", "member", "user").first()
    if other is not None:
        s, e = timezone.localtime(other.starts_at), timezone.localtime(other.ends_at)
        return f"已被预约（{other.booker} {s:%H:%M}-{e:%H:%M}）"
    return None


def _refusal(c: Check, start, end, persons: int) -> str | None:
    """Why [start, end) cannot be booked as ``c`` says, in Chinese; None when it can."""
    room, limits, now = c.room, c.limits, c.now
    if end <= start:
        return "结束时间要晚于开始时间"
    if start < now:
        return "时间已过"
    if persons > room.capacity:
        return f"人数超过{room.name}的容纳人数（{room.capacity}人）"
    if c.held:
        if rules.hours_between(start, end) > limits.max_hours:
            return f"每次最多预约{limits.max_hours}小时"
        last_day = timezone.localdate(now) + datetime.timedelta(days=limits.days_ahead)
        if timezone.localtime(start).date() > last_day:
            return f"最多提前{limits.days_ahead}天预约"
    if not rules.within_hours(c.hours, timezone.localtime(start), timezone.localtime(end)):
        return "不在开放时间内"
    closure = queries.closed(room, start, end).first()
    if closure is not None:
        return f"活动室停用（{closure.reason}）"
    taken = _taken(c, start, end, persons)
    if taken:
        return taken
    if c.held:
        used = queries.count_in_week(
            room.union, start, member=c.member, group=c.group, exclude=c.exclude
        )
        if used >= limits.max_per_week:
            whose = "小组" if c.group else "每人"
            return f"{whose}每周最多预约{limits.max_per_week}次，这一周已约满"
    return None


def _booker_check(room: Room, who: Booker, now) -> Check:
    return _check(room, now, held=not who.committee, member=who.member, group=who.group)


def _create(actor, room, who: Booker, start, end, purpose, persons, series="") -> Booking:
    waits = room.needs_approval and not who.committee
    booking = Booking.objects.create(
        room=room,
        union=room.union,
        user=who.user,
        member=who.member if not who.committee else None,
        group=who.group,
        by_committee=who.committee,
        purpose=purpose,
        persons=persons,
        starts_at=start,
        ends_at=end,
        series=series,
        state=BookingState.PENDING if waits else BookingState.BOOKED,
    )
    audit.record(actor=actor, action="activities.room_book", obj=booking)
    return booking


def _clean_purpose(purpose: str) -> str:
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": "请填写用途，如“小组羽毛球活动”。"})
    return purpose[:100]


def _clean_persons(persons: Any) -> int:
    try:
        number = int(persons)
    except (TypeError, ValueError):
        raise ValidationError({"persons": "人数须为整数。"}) from None
    if number < 1:
        raise ValidationError({"persons": "人数至少 1 人。"})
    return number


@transaction.atomic
def booking_make(
    *,
    actor,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    persons: Any = 1,
    group: UnionGroup | None = None,
    as_committee: bool = False,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book [starts_at, ends_at) of the room, or a Chinese refusal with nothing written."""
    scoping.require(actor, "activities.change" if as_committee else "self.view", union=room.union)
    who = _booker(actor, room, group, as_committee)
    purpose, count = _clean_purpose(purpose), _clean_persons(persons)
    now = _now(now)
    found = _locked(room)
    _expire_due(found, now)
    why = _refusal(_booker_check(found, who, now), starts_at, ends_at, count)
    if why:
        raise ValidationError(f"{_when(starts_at)}不能预约：{why}。")
    return _create(actor, found, who, starts_at, ends_at, purpose, count)


@dataclass(frozen=True)
class Skipped:
    starts_at: datetime.datetime
    reason: str

    def __str__(self) -> str:
        return f"{_when(self.starts_at)}：{self.reason}"


@transaction.atomic
def booking_series(
    *,
    actor,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    weeks: Any,
    purpose: str,
    persons: Any = 1,
    group: UnionGroup | None = None,
    as_committee: bool = False,
    now: datetime.datetime | None = None,
) -> tuple[list[Booking], list[Skipped]]:
    """The same time every week for ``weeks`` weeks from ``starts_at``: books the free
    occurrences and returns them with the skipped ones and why. Refused (nothing written)
    when none is free."""
    scoping.require(actor, "activities.change" if as_committee else "self.view", union=room.union)
    who = _booker(actor, room, group, as_committee)
    purpose, count = _clean_purpose(purpose), _clean_persons(persons)
    try:
        n = int(weeks)
    except (TypeError, ValueError):
        raise ValidationError({"weeks": "周数须为整数。"}) from None
    if not 1 <= n <= rules.MAX_OCCURRENCES:
        raise ValidationError({"weeks": f"重复预约为 1 到 {rules.MAX_OCCURRENCES} 周。"})
    now = _now(now)
    found = _locked(room)
    _expire_due(found, now)
    check = _booker_check(found, who, now)
    series = secrets.token_hex(8)
    made, skipped = [], []
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    tz = timezone.get_current_timezone()
    for i in range(n):
        # each week at the same wall-clock time (not the same UTC instant)
        s = datetime.datetime.combine(
            local_start.date() + datetime.timedelta(weeks=i), local_start.time(), tzinfo=tz
        )
        e = datetime.datetime.combine(
            local_end.date() + datetime.timedelta(weeks=i), local_end.time(), tzinfo=tz
        )
        why = _refusal(check, s, e, count)
        if why:
            skipped.append(Skipped(s, why))
        else:
            made.append(_create(actor, found, who, s, e, purpose, count, series))
    if not made:
        raise ValidationError(
            "没有一周能预约："
            + "；".join(str(s) for s in skipped[:5])
            + ("…" if len(skipped) > 5 else "")
        )
    return made, skipped


def _cancel(actor, booking, now, reason, *, notify=False, closure=None) -> Booking:
    before = audit.snapshot(booking)
    booking.state = BookingState.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = scoping.person(actor)
    booking.cancel_reason = reason
    booking.closure = closure
    booking.save(
        update_fields=["state", "cancelled_at", "cancelled_by", "cancel_reason", "closure"]
    )
    audit.record(actor=actor, action="activities.room_cancel", obj=booking, before=before)
    if notify and booking.user_id != getattr(actor, "pk", None):
        text = f"您{_span(booking)} 在{booking.room.name}的预约已取消（{reason}）"
        _tell(booking, text, "cancelled")
    return booking


@transaction.atomic
def booking_cancel(
    *, actor, booking: Booking, reason: str = "", now: datetime.datetime | None = None
) -> Booking:
    """One's own booking before it starts; the committee any standing one (the booker is
    told)."""
    own = bool(getattr(actor, "pk", None)) and booking.user_id == actor.pk
    committee = scoping.has_perm(actor, "activities.change", union=booking.union)
    scoping.require(actor, "activities.change" if not own else "self.view", union=booking.union)
    now = _now(now)
    _locked(booking.room)
    found = (
        Booking.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("room", "union", "user")
        .get(pk=booking.pk)
    )
    if found.state not in BOOKING_HOLDS:
        raise ValidationError(f"这条预约{found.get_state_display()}。")
    if not committee and found.starts_at <= now:
        raise ValidationError("预约已经开始，不能再取消；如有变化请联系工会。")
    if committee and found.ends_at <= now:
        raise ValidationError("预约已经结束，不能取消；未使用的请标记“未使用”。")
    text = (reason or "").strip()[:100] or ("本人取消" if own else "工会取消")
    return _cancel(actor, found, now, text, notify=not own)


@transaction.atomic
def booking_no_show(
    *, actor, booking: Booking, no_show: bool = True, now: datetime.datetime | None = None
) -> Booking:
    """The committee's note that an ended booking was (not) used."""
    scoping.require(actor, "activities.change", union=booking.union)
    found = Booking.objects.select_for_update(of=ONLY_THIS_ROW).get(pk=booking.pk)
    if found.state != BookingState.BOOKED or found.ends_at > _now(now):
        raise ValidationError("只能标记已经结束的预约。")
    before = audit.snapshot(found)
    found.no_show = no_show
    found.save(update_fields=["no_show"])
    audit.record(actor=actor, action="activities.room_no_show", obj=found, before=before)
    return found


def _may_move(found: Booking, committee: bool, now) -> None:
    if found.state not in BOOKING_HOLDS:
        raise ValidationError(f"这条预约{found.get_state_display()}，不能修改。")
    if not committee and found.starts_at <= now:
        raise ValidationError("预约已经开始，不能再修改；如有变化请联系工会。")
    if committee and found.ends_at <= now:
        raise ValidationError("预约已经结束，不能修改。")


def _moved_state(found: Booking, target: Room, committee: bool) -> str:
    """A member's change in a room needing approval waits again; the committee's keeps the
    state it had there (its own change is its approval); elsewhere it is booked."""
    if not target.needs_approval or found.by_committee:
        return BookingState.BOOKED
    if committee:
        return found.state
    return BookingState.PENDING


@transaction.atomic
def booking_change(
    *,
    actor,
    booking: Booking,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    persons: Any,
    room: Room | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Move a booking in time, to another room of the union (``room``), or change its
    persons: its booker before it starts, the committee any not ended. Checked as a new
    booking (the booker's limits unless the committee changes it), under both rooms'
    locks; audited with before and after; the booker told of the committee's change."""
    own = bool(getattr(actor, "pk", None)) and booking.user_id == actor.pk
    committee = scoping.has_perm(actor, "activities.change", union=booking.union)
    scoping.require(actor, "activities.change" if not own else "self.view", union=booking.union)
    count = _clean_persons(persons)
    target = room or booking.room
    if target.union_id != booking.union_id:
        raise ValidationError({"room": "只能改到本工会的活动室。"})
    now = _now(now)
    source, target = _locked_pair(booking.room, target)
    _expire_due(source, now)
    _expire_due(target, now)
    found = (
        Booking.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("room", "union", "user", "member", "group")
        .get(pk=booking.pk)
    )
    _may_move(found, committee, now)
    if not committee:
        _booker(actor, target, found.group, False)  # the new room's own rule of who books
    elif target.archived_at is not None:
        raise ValidationError({"room": "活动室已停用，不能预约。"})
    held = not committee and not found.by_committee
    check = _check(target, now, held=held, member=found.member, group=found.group, exclude=found.pk)
    why = _refusal(check, starts_at, ends_at, count)
    if why:
        raise ValidationError(f"{_when(starts_at)}不能改约：{why}。")
    before = audit.snapshot(found)
    moved_from = f"{found.room.name} {_span(found)}"
    found.room, found.starts_at, found.ends_at, found.persons = target, starts_at, ends_at, count
    found.state = _moved_state(found, target, committee)
    if found.state == BookingState.PENDING:
        found.decided_at, found.decided_by = None, None
    moved = ("room", "starts_at", "ends_at", "persons", "state", "decided_at", "decided_by")
    found.save(update_fields=list(moved))
    audit.record(actor=actor, action="activities.room_change", obj=found, before=before)
    if not own:
        text = f"您{moved_from}的预约已由工会改为 {target.name} {_span(found)}（{found.persons}人）"
        _tell(found, text, f"changed.{secrets.token_hex(4)}")
    return found
