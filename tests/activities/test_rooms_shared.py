"""按人数共用: a room shared by headcount (健身房, 阅览室) takes overlapping bookings while the
persons present at once add up to at most its capacity — those who leave as others come are
not counted together; the refusal says how many are booked and how many more fit; the day
view shows persons booked / capacity per slot, and a full slot cannot be tapped; an exclusive
room still takes one booking a slot."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.activities import queries_rooms
from gonghui.activities.models_rooms import Booking

from .support_rooms import NOW, at, book, make_room

pytestmark = pytest.mark.django_db


def gym(world, capacity=10):
    return make_room(world.school, hours="每日7:00-22:00", capacity=capacity, shared=True)


def test_overlapping_bookings_are_taken_until_the_persons_fill_the_room(world):
    room = gym(world)
    book(world.member, room, at(1, 18), at(1, 19), persons=4)
    book(world.group_leader, room, at(1, 18, 30), at(1, 19, 30), persons=5)
    with pytest.raises(ValidationError) as caught:
        book(world.committee, room, at(1, 18), at(1, 20), persons=2)
    said = caught.value.messages[0]
    assert "18:30起已有9人预约，健身房同时容纳10人，最多还能约1人" in said
    assert Booking.objects.filter(room=room).count() == 2
    book(world.committee, room, at(1, 18), at(1, 20), persons=1)  # exactly full
    # from 19:30 the five have gone: the four who left at 19:00 are not counted either
    book(world.chair, room, at(1, 19, 30), at(1, 20, 30), persons=9)


def test_the_day_view_shows_persons_booked_of_the_capacity_and_a_full_slot(world):
    room = gym(world, capacity=6)
    book(world.member, room, at(1, 18), at(1, 19), persons=2)
    book(world.group_leader, room, at(1, 18, 30), at(1, 19), persons=4)
    days = queries_rooms.week(room, NOW.date(), NOW)
    slots = {s.label: s for s in days[1].slots}
    assert (slots["18:00"].state, slots["18:00"].used, slots["18:00"].capacity) == ("free", 2, 6)
    assert (slots["18:30"].state, slots["18:30"].used) == ("full", 6)
    assert (slots["19:00"].state, slots["19:00"].used) == ("free", 0)


def test_the_day_view_page_says_it_on_the_phone(world, client_for):
    room = gym(world, capacity=6)
    day = timezone.localdate() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))
    book(world.member, room, start, start.replace(hour=19), persons=6, now=timezone.now())
    page = client_for(world.group_leader).get(room.get_absolute_url() + f"?day={day}")
    html = page.content.decode()
    assert "已满 6/6 人" in html and "已约 0/6 人 · 预约" in html and "按人数共用" in html


def test_an_exclusive_room_takes_one_booking_a_slot_whatever_the_persons(world):
    room = make_room(world.school, hours="每日7:00-22:00", capacity=30)
    book(world.member, room, at(1, 18), at(1, 19), persons=2)
    with pytest.raises(ValidationError, match="已被预约"):
        book(world.committee, room, at(1, 18), at(1, 19), persons=1)
