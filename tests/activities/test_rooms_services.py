"""活动室 services: booking inside the hours, outside closed periods, without overlap
(touching is fine); who may book (members, a group's leader, the committee); the per-person
limits; a weekly series that books the free weeks and says which it skipped and why;
cancelling; a closed period cancelling bookings and telling their bookers; every refusal in
Chinese with nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.activities import queries_rooms, services_rooms
from gonghui.activities.models_rooms import BookBy, Booking, BookingState
from gonghui.core.models import AuditEntry, Notice

from .support_rooms import NOW, at, book, make_room

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def refusal(call) -> str:
    before = Booking.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert Booking.objects.count() == before
    return " ".join(caught.value.messages)


def test_a_member_books_a_free_slot_and_the_next_one_touching_it_is_free(world):
    room = make_room(world.school)
    first = book(world.member, room, at(0, 18), at(0, 19))
    assert (first.member, first.group, first.state) == (world.members["周会员"], None, "booked")
    assert AuditEntry.objects.filter(
        action="activities.room_book", object_id=str(first.pk)
    ).exists()
    second = book(world.users["committee"], room, at(0, 19), at(0, 20))
    assert second.starts_at == first.ends_at


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ((0, 18, 30), (0, 19, 30), "已被预约（周会员 18:00-19:00）"),  # overlaps the end
        ((0, 17, 30), (0, 18, 1), "已被预约"),  # one minute in
        ((0, 18, 15), (0, 18, 45), "已被预约"),  # inside
    ],
)
def test_an_overlapping_booking_is_refused_naming_who_holds_the_room(world, start, end, said):
    room = make_room(world.school, hours="每日17:00-21:00")
    book(world.member, room, at(0, 18), at(0, 19))
    assert said in refusal(lambda: book(world.users["committee"], room, at(*start), at(*end)))


def test_bookings_outside_the_hours_or_in_the_past_are_refused(world):
    room = make_room(world.school)
    assert "不在开放时间内" in refusal(lambda: book(world.member, room, at(1, 12), at(1, 13)))
    assert "不在开放时间内" in refusal(lambda: book(world.member, room, at(0, 20), at(0, 21, 30)))
    assert "时间已过" in refusal(lambda: book(world.member, room, at(0, 7, 20), at(0, 7, 50)))
    assert "容纳人数" in refusal(lambda: book(world.member, room, at(0, 18), at(0, 19), persons=13))


def test_the_per_person_limits_hold_members_and_not_the_committee(world):
    room = make_room(world.school, hours="每日7:00-22:00")
    assert "每次最多预约2小时" in refusal(
        lambda: book(world.member, room, at(0, 18), at(0, 20, 30))
    )
    assert "最多提前14天" in refusal(lambda: book(world.member, room, at(15, 18), at(15, 19)))
    for day in (0, 1, 2):
        book(world.member, room, at(day, 18), at(day, 19))
    assert "每周最多预约3次" in refusal(lambda: book(world.member, room, at(3, 18), at(3, 19)))
    book(world.member, room, at(7, 18), at(7, 19))  # next week is a new week
    long = book(world.users["chair"], room, at(20, 8), at(20, 12), as_committee=True)
    assert long.by_committee and long.member is None


def test_the_limits_are_union_settings_inherited_from_the_federation(world):
    services_rooms.room_settings_save(actor=None, union=world.fed, fields={"max_hours": 3})
    assert queries_rooms.settings_for(world.school).max_hours == 3
    room = make_room(world.school, hours="每日7:00-22:00")
    book(world.member, room, at(0, 18), at(0, 21))
    with pytest.raises(ValidationError):
        services_rooms.room_settings_save(actor=None, union=world.school, fields={"max_hours": 0})


def test_who_may_book_follows_the_room(world):
    committee_only = make_room(world.school, name="会议室", book_by=BookBy.COMMITTEE)
    said = refusal(lambda: book(world.member, committee_only, at(0, 18), at(0, 19)))
    assert "只由工会委员会安排" in said
    groups_only = make_room(world.school, name="活动室", book_by=BookBy.GROUPS)
    said = refusal(lambda: book(world.member, groups_only, at(0, 18), at(0, 19)))
    assert "只接受工会小组预约" in said
    # the 语文组's leader books for the group; a plain member of it cannot
    booking = book(world.group_leader, groups_only, at(0, 18), at(0, 19), group=world.chinese)
    assert (booking.group, booking.member) == (world.chinese, world.members["孙组长"])
    said = refusal(
        lambda: book(world.member, groups_only, at(0, 19), at(0, 20), group=world.chinese)
    )
    assert "只有语文组的小组长可以为小组预约" in said
    with pytest.raises(PermissionDenied):
        book(world.outsider, groups_only, at(0, 19), at(0, 20))
    with pytest.raises(PermissionDenied):
        book(world.member, groups_only, at(0, 19), at(0, 20), as_committee=True)


def test_a_weekly_series_books_the_free_weeks_and_says_which_it_skipped_and_why(world):
    room = make_room(world.school, hours="每周二18:00-21:00")
    book(world.member, room, at(8, 18, 30), at(8, 19, 30))  # the second Tuesday
    services_rooms.closure_add(
        actor=None, room=room, starts_at=at(21, 0), ends_at=at(23, 0), reason="设备维修", now=NOW
    )  # the fourth Tuesday
    made, skipped = services_rooms.booking_series(
        actor=world.chair,
        room=room,
        starts_at=at(1, 18),
        ends_at=at(1, 19, 30),
        weeks=10,
        purpose="乒乓球队训练",
        as_committee=True,
        now=NOW,
    )
    assert len(made) == 8 and len({b.series for b in made}) == 1
    assert [str(s) for s in skipped] == [
        "3月10日 18:00：已被预约（周会员 18:30-19:30）",
        "3月24日 18:00：活动室停用（设备维修）",
    ]
    assert [b.starts_at.date().isoformat() for b in made][:2] == ["2099-03-03", "2099-03-17"]


def test_a_members_series_stops_at_the_limits_and_says_so(world):
    room = make_room(world.school, hours="每周二18:00-21:00")
    made, skipped = services_rooms.booking_series(
        actor=world.member,
        room=room,
        starts_at=at(1, 18),
        ends_at=at(1, 19),
        weeks=4,
        purpose="健身",
        now=NOW,
    )
    assert len(made) == 2
    assert [s.reason for s in skipped] == ["最多提前14天预约"] * 2


def test_a_series_with_no_free_week_is_refused_with_nothing_written(world):
    room = make_room(world.school, hours="每周二18:00-21:00")
    said = refusal(
        lambda: services_rooms.booking_series(
            actor=world.chair,
            room=room,
            starts_at=at(2, 18),
            ends_at=at(2, 19),
            weeks=2,
            purpose="训练",
            as_committee=True,
            now=NOW,
        )
    )
    assert said.startswith("没有一周能预约：3月4日 18:00：不在开放时间内")


def test_cancel_ones_own_before_the_start_the_committee_any_and_the_booker_is_told(world):
    room = make_room(world.school)
    mine = book(world.member, room, at(0, 18), at(0, 19))
    later = NOW + 9 * HOUR + 30 * datetime.timedelta(minutes=1)  # 18:30, after the start
    with pytest.raises(ValidationError, match="已经开始"):
        services_rooms.booking_cancel(actor=world.member, booking=mine, now=later)
    with pytest.raises(PermissionDenied):
        services_rooms.booking_cancel(actor=world.users["group_leader"], booking=mine, now=NOW)
    services_rooms.booking_cancel(actor=world.member, booking=mine, now=NOW)
    mine.refresh_from_db()
    assert (mine.state, mine.cancel_reason) == (BookingState.CANCELLED, "本人取消")
    assert not Notice.objects.filter(user=world.member).exists()  # one's own: no notice
    other = book(world.member, room, at(0, 18), at(0, 19))  # the slot is free again
    services_rooms.booking_cancel(actor=world.chair, booking=other, reason="迎检", now=NOW)
    notice = Notice.objects.get(user=world.member)
    assert "已取消（迎检）" in notice.text and "健身房" in notice.text
    with pytest.raises(ValidationError, match="已取消"):
        services_rooms.booking_cancel(actor=world.chair, booking=other, now=NOW)


def test_a_closed_period_cancels_the_bookings_inside_it_and_notifies_their_bookers(world):
    room = make_room(world.school)
    inside = book(world.member, room, at(2, 18), at(2, 19))
    touching = book(world.users["committee"], room, at(2, 12), at(2, 13))
    closure, hit = services_rooms.closure_add(
        actor=world.chair,
        room=room,
        starts_at=at(2, 13),
        ends_at=at(3, 0),
        reason="寒假",
        now=NOW,
    )
    assert hit == [inside]
    inside.refresh_from_db()
    touching.refresh_from_db()
    assert (inside.state, inside.closure, inside.cancel_reason) == (
        "cancelled",
        closure,
        "活动室停用：寒假",
    )
    assert touching.state == "booked"
    assert "已取消（活动室停用：寒假）" in Notice.objects.get(user=world.member).text
    assert "活动室停用（寒假）" in refusal(lambda: book(world.member, room, at(2, 19), at(2, 20)))
    services_rooms.closure_withdraw(actor=world.chair, closure=closure)
    book(world.member, room, at(2, 19), at(2, 20))
    assert "请填写停用原因" in refusal(
        lambda: services_rooms.closure_add(
            actor=world.chair, room=room, starts_at=at(4, 0), ends_at=at(5, 0), reason=" "
        )
    )


def test_room_and_hours_are_written_by_the_committee_only_and_audited(world):
    room = make_room(world.school)
    with pytest.raises(PermissionDenied):
        services_rooms.room_hours_set(actor=world.member, room=room, text="每日8:00-9:00")
    with pytest.raises(ValidationError) as caught:
        services_rooms.room_hours_set(actor=world.chair, room=room, text="每日8:00-9:00\n随时")
    assert "随时" in " ".join(caught.value.messages)
    assert room.hours.count() == 3  # nothing half-written
    services_rooms.room_hours_set(actor=world.chair, room=room, text="每日8:00-9:00")
    entry = AuditEntry.objects.filter(action="activities.room_hours").latest("id")
    assert "每日8:00-9:00" in entry.changes["hours"][1]
    with pytest.raises(ValidationError, match="同名"):
        make_room(world.school)
    with pytest.raises(ValidationError, match="基层工会"):
        make_room(world.fed)


def test_the_committee_marks_an_ended_booking_unused_and_the_hours_used_drop(world):
    room = make_room(world.school)
    done = book(world.member, room, at(0, 18), at(0, 19))
    book(world.member, room, at(1, 18), at(1, 20))
    with pytest.raises(ValidationError, match="已经结束"):
        services_rooms.booking_no_show(actor=world.chair, booking=done, now=NOW)
    after = at(2, 0)
    day = NOW.date()
    week = (world.school, day, day + datetime.timedelta(days=6))
    figures = queries_rooms.period_figures(*week, now=after)
    assert figures == {"count": 2, "booked": 3.0, "used": 3.0}
    services_rooms.booking_no_show(actor=world.chair, booking=done, now=after)
    assert queries_rooms.period_figures(*week, now=after)["used"] == 2.0
    stats = queries_rooms.use_statistics(world.school, 2099, now=after)
    assert stats["rooms"][0]["months"] == [{"month": 3, "booked": 3.0, "used": 2.0, "count": 2}]
    assert stats["busiest"][0] == {"label": "周一 18:00-19:00", "count": 1}
