"""活动室 approval: a member's booking of a room that needs approval waits (待审批) and holds
its slot; the committee approves it or refuses it with a reason, and the booker is told; a
weekly series is decided as a whole; one still waiting at its start is refused as 已过期 (the
booker told, not silently dropped); the committee's own bookings need no approval; the 待办
counts what waits, the chairs are reminded of one starting within a day; waiting and refused
bookings are not use."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gonghui.activities import plugins_rooms, queries_rooms, services_rooms
from gonghui.activities import services_rooms_approval as approval
from gonghui.activities.models_rooms import Booking, BookingState
from gonghui.core import todo
from gonghui.core.models import AuditEntry, Notice

from .support_rooms import NOW, at, book, make_room

pytestmark = pytest.mark.django_db
WEEK = (NOW.date(), NOW.date() + datetime.timedelta(days=30))


def waiting_room(world):
    return make_room(world.school, hours="每日7:00-22:00", needs_approval=True)


def test_a_members_booking_waits_holds_its_slot_and_is_approved_with_the_booker_told(world):
    room = waiting_room(world)
    first = book(world.member, room, at(1, 18), at(1, 19))
    assert first.state == BookingState.PENDING
    # first come, first served: the slot is held while it waits
    with pytest.raises(ValidationError, match="已被预约（周会员 18:00-19:00）"):
        book(world.group_leader, room, at(1, 18, 30), at(1, 19, 30))
    # waiting is not use
    assert queries_rooms.period_figures(world.school, *WEEK, now=at(5, 0))["count"] == 0
    with pytest.raises(PermissionDenied):
        approval.booking_approve(actor=world.member, booking=first, now=NOW)
    (done,) = approval.booking_approve(actor=world.committee, booking=first, now=NOW)
    assert (done.state, done.decided_by) == (BookingState.BOOKED, world.committee)
    assert "已通过审批" in Notice.objects.get(user=world.member).text
    assert AuditEntry.objects.filter(action="activities.room_approve").count() == 1
    assert queries_rooms.period_figures(world.school, *WEEK, now=at(5, 0))["count"] == 1
    with pytest.raises(ValidationError, match="已预约，不是待审批"):
        approval.booking_approve(actor=world.committee, booking=first, now=NOW)


def test_a_refusal_needs_a_reason_the_booker_is_told_it_and_the_slot_is_free_again(world):
    room = waiting_room(world)
    first = book(world.member, room, at(1, 18), at(1, 19))
    with pytest.raises(ValidationError, match="请填写不通过的原因"):
        approval.booking_refuse(actor=world.chair, booking=first, reason="  ", now=NOW)
    assert Booking.objects.get(pk=first.pk).state == BookingState.PENDING  # nothing written
    approval.booking_refuse(actor=world.chair, booking=first, reason="当天迎检", now=NOW)
    first.refresh_from_db()
    assert (first.state, first.refuse_reason) == (BookingState.REFUSED, "当天迎检")
    assert "未通过审批（当天迎检）" in Notice.objects.get(user=world.member).text
    book(world.group_leader, room, at(1, 18), at(1, 19))  # the slot is free again


def test_the_committees_own_booking_needs_no_approval(world):
    room = waiting_room(world)
    made = book(world.chair, room, at(1, 18), at(1, 19), as_committee=True)
    assert made.state == BookingState.BOOKED


def test_a_weekly_series_is_approved_or_refused_as_a_whole(world):
    room = make_room(world.school, hours="每周二18:00-21:00", needs_approval=True)
    made, _ = services_rooms.booking_series(
        actor=world.group_leader,
        room=room,
        starts_at=at(1, 18),
        ends_at=at(1, 19),
        weeks=2,
        purpose="小组活动",
        group=world.chinese,
        now=NOW,
    )
    assert {b.state for b in made} == {BookingState.PENDING}
    found = approval.booking_refuse(
        actor=world.chair, booking=made[1], reason="场地另有安排", now=NOW
    )
    assert len(found) == 2
    assert set(Booking.objects.filter(series=made[0].series).values_list("state", flat=True)) == {
        BookingState.REFUSED
    }
    (notice,) = Notice.objects.filter(user=world.group_leader)
    assert "（共2次）" in notice.text and "场地另有安排" in notice.text


def test_a_booking_still_waiting_at_its_start_expires_and_the_booker_is_told(world, monkeypatch):
    room = waiting_room(world)
    late = book(world.member, room, at(0, 18), at(0, 19))
    soon = book(world.member, room, at(1, 18), at(1, 19))
    after = at(0, 18, 5)
    assert approval.booking_approve(actor=world.chair, booking=late, now=after) == []
    late.refresh_from_db()
    assert (late.state, late.refuse_reason) == (BookingState.EXPIRED, "开始时间已到，工会尚未审批")
    assert "已过期" in Notice.objects.get(user=world.member).text
    entry = AuditEntry.objects.get(action="activities.room_expire")
    assert entry.actor is None  # the system's act
    with pytest.raises(ValidationError, match="这条预约已过期，不是待审批的预约"):
        approval.booking_refuse(actor=world.chair, booking=late, reason="晚了", now=after)
    # the other one still waits, and the command expires it once its start has come
    assert Booking.objects.get(pk=soon.pk).state == BookingState.PENDING
    monkeypatch.setattr(timezone, "now", lambda: at(1, 18))
    out = io.StringIO()
    call_command("activities_refresh", stdout=out)
    assert Booking.objects.get(pk=soon.pk).state == BookingState.EXPIRED
    assert "已作废 1 个过期未审批的活动室预约" in out.getvalue()


def test_an_expired_booking_no_longer_holds_its_slot(world):
    room = waiting_room(world)
    book(world.member, room, at(0, 18), at(0, 20))
    # at 18:30 the waiting booking has started unapproved: the committee books the rest
    made = book(world.chair, room, at(0, 19), at(0, 20), as_committee=True, now=at(0, 18, 30))
    assert made.state == BookingState.BOOKED
    assert Booking.objects.filter(state=BookingState.EXPIRED).count() == 1


def test_the_todo_counts_the_waiting_bookings_for_the_committee_only(world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    room = waiting_room(world)
    book(world.member, room, at(1, 18), at(1, 19))
    book(world.group_leader, room, at(2, 18), at(2, 19))
    (line,) = todo.resolve(world.school, plugins_rooms.todos(world.committee, world.school))
    assert (line.text, line.count) == ("待审批的活动室预约", 2)
    assert line.url == "/unions/school/rooms/pending/"
    assert plugins_rooms.todos(world.member, world.school) == []


def test_the_chairs_are_reminded_of_a_waiting_booking_starting_within_a_day(world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    room = waiting_room(world)
    soon = book(world.member, room, at(0, 18), at(0, 19))
    book(world.member, room, at(3, 18), at(3, 19))  # not within a day
    (reminder,) = plugins_rooms.pending_soon(NOW.date())
    assert reminder.recipients == ()  # the union's chairs
    assert reminder.text.startswith("周会员预约的健身房 3月2日 18:00-19:00（健身）尚待审批")
    assert reminder.key == f"activities.room_booking.{soon.pk}.pending_soon"
