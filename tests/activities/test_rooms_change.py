"""改约: the booker before the start, or the committee, moves a booking in time, to another
room, or changes its persons — checked as a new booking (hours, clashes, limits; its own
slot does not block it), audited with before and after; a member's change of a booking
needing approval waits again; the booker is told of the committee's change; refusals in
Chinese with nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.activities import services_rooms
from gonghui.activities.models_rooms import Booking, BookingState
from gonghui.core.models import AuditEntry, Notice

from .support_rooms import NOW, at, book, make_room

pytestmark = pytest.mark.django_db


def change(actor, booking, start, end, persons=1, **kwargs):
    kwargs.setdefault("now", NOW)
    return services_rooms.booking_change(
        actor=actor, booking=booking, starts_at=start, ends_at=end, persons=persons, **kwargs
    )


def unchanged(booking, call) -> str:
    before = Booking.objects.filter(pk=booking.pk).values().get()
    with pytest.raises(ValidationError) as caught:
        call()
    assert Booking.objects.filter(pk=booking.pk).values().get() == before
    return " ".join(caught.value.messages)


def test_the_booker_moves_it_overlapping_its_own_old_slot_and_the_change_is_audited(world):
    room = make_room(world.school, hours="每日7:00-22:00")
    mine = book(world.member, room, at(1, 18), at(1, 19))
    moved = change(world.member, mine, at(1, 18, 30), at(1, 19, 30), persons=3)
    assert (moved.starts_at, moved.persons, moved.state) == (at(1, 18, 30), 3, "booked")
    entry = AuditEntry.objects.get(action="activities.room_change")
    assert entry.changes["persons"] == [1, 3] and "starts_at" in entry.changes
    assert not Notice.objects.filter(user=world.member).exists()  # one's own change


def test_a_change_is_checked_as_a_new_booking(world):
    room = make_room(world.school, hours="每日7:00-22:00")
    mine = book(world.member, room, at(1, 18), at(1, 19))
    book(world.committee, room, at(2, 18), at(2, 19))
    said = unchanged(mine, lambda: change(world.member, mine, at(2, 18, 30), at(2, 19, 30)))
    assert "不能改约：已被预约（王委员 18:00-19:00）" in said
    assert "不在开放时间内" in unchanged(
        mine, lambda: change(world.member, mine, at(1, 6), at(1, 7))
    )
    assert "每次最多预约2小时" in unchanged(
        mine, lambda: change(world.member, mine, at(1, 18), at(1, 21))
    )
    assert "容纳人数" in unchanged(
        mine, lambda: change(world.member, mine, at(1, 18), at(1, 19), persons=13)
    )
    # the committee is not held to the booker's limits
    assert change(world.chair, mine, at(1, 18), at(1, 21)).ends_at == at(1, 21)


def test_a_booking_counts_once_in_its_week_when_moved(world):
    room = make_room(world.school, hours="每日7:00-22:00")
    for day in (0, 1, 2):
        book(world.member, room, at(day, 18), at(day, 19))
    third = Booking.objects.get(starts_at=at(2, 18))
    assert change(world.member, third, at(3, 18), at(3, 19)).starts_at == at(3, 18)


def test_who_may_change_and_when(world):
    room = make_room(world.school, hours="每日7:00-22:00")
    mine = book(world.member, room, at(0, 18), at(0, 19))
    with pytest.raises(PermissionDenied):
        change(world.group_leader, mine, at(0, 19), at(0, 20))
    with pytest.raises(PermissionDenied):
        change(world.outsider, mine, at(0, 19), at(0, 20))
    started = at(0, 18, 10)
    said = unchanged(mine, lambda: change(world.member, mine, at(0, 19), at(0, 20), now=started))
    assert "已经开始，不能再修改" in said
    services_rooms.booking_cancel(actor=world.member, booking=mine, now=NOW)
    said = unchanged(mine, lambda: change(world.member, mine, at(1, 19), at(1, 20)))
    assert "已取消，不能修改" in said


def test_a_members_move_into_a_room_needing_approval_waits_and_the_committees_is_told(world):
    gym = make_room(world.school, hours="每日7:00-22:00")
    home = make_room(
        world.school, name="职工之家活动室", hours="每日7:00-22:00", needs_approval=True
    )
    mine = book(world.member, gym, at(1, 18), at(1, 19))
    moved = change(world.member, mine, at(1, 18), at(1, 19), room=home)
    assert (moved.room, moved.state) == (home, BookingState.PENDING)
    # approved, then moved by the member again: it waits again
    from gonghui.activities import services_rooms_approval as approval

    approval.booking_approve(actor=world.chair, booking=moved, now=NOW)
    again = change(world.member, moved, at(1, 19), at(1, 20), room=home)
    assert again.state == BookingState.PENDING
    approval.booking_approve(actor=world.chair, booking=again, now=NOW)
    # the committee's move keeps it approved, and the booker is told
    by_chair = change(world.chair, again, at(1, 20), at(1, 21), room=home)
    assert by_chair.state == BookingState.BOOKED
    told = Notice.objects.filter(user=world.member, text__contains="已由工会改为").get()
    assert "职工之家活动室 3月3日 20:00-21:00" in told.text


def test_only_a_room_of_the_same_union(world):
    room = make_room(world.school, hours="每日7:00-22:00")
    theirs = make_room(world.hospital, hours="每日7:00-22:00")
    mine = book(world.member, room, at(1, 18), at(1, 19))
    said = unchanged(mine, lambda: change(world.chair, mine, at(1, 18), at(1, 19), room=theirs))
    assert "只能改到本工会的活动室" in said
