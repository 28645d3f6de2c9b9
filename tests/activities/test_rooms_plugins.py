"""活动室 plugged in: the metrics 活动室使用时长 (hours used: ended, not 未使用) and 活动室预约次数
(a federation sums its unions), the summary sentence, the reminder of tomorrow's booking to
its booker, the audit actions' Chinese labels, and the demo school's rooms."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities import plugins_rooms as plugins
from gonghui.activities import services_rooms
from gonghui.activities.models_rooms import Booking, Room
from gonghui.core import audit, metrics

from .support_rooms import NOW, at, book, make_room

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2099, 1, 1), datetime.date(2099, 12, 31))


def test_the_metrics_and_the_summary_count_bookings_and_hours_used(world, monkeypatch):
    room = make_room(world.school)
    book(world.member, room, at(0, 18), at(0, 19, 30))
    unused = book(world.member, room, at(1, 18), at(1, 19))
    book(world.users["committee"], room, at(2, 18), at(2, 19))
    cancelled = book(world.users["committee"], room, at(3, 18), at(3, 19))
    services_rooms.booking_cancel(actor=world.chair, booking=cancelled, now=NOW)
    later = at(10, 0)
    monkeypatch.setattr(timezone, "now", lambda: later)
    services_rooms.booking_no_show(actor=world.chair, booking=unused)
    assert plugins.room_bookings(world.school, *YEAR) == Decimal(3)
    assert plugins.room_hours(world.school, *YEAR) == Decimal("2.5")
    assert plugins.room_hours(world.fed, *YEAR) == Decimal("2.5")
    assert plugins.room_bookings(world.hospital, *YEAR) == 0
    (para,) = plugins.paragraphs(world.school, *YEAR)
    assert para.text == "职工之家活动室等场地预约使用3次，预约3.5小时，实际使用2.5小时。"
    assert plugins.paragraphs(world.hospital, *YEAR) == []
    assert metrics.METRICS["activities.room_hours"].label == "活动室使用时长"


def test_tomorrows_booking_is_a_reminder_to_its_booker_once_a_key(world):
    room = make_room(world.school)
    booking = book(world.member, room, at(1, 18), at(1, 19))
    book(world.users["committee"], room, at(2, 18), at(2, 19))  # the day after: not yet
    (reminder,) = plugins.tomorrow(NOW.date())
    assert reminder.recipients == (world.member,)
    assert reminder.text == "明天 18:00-19:00 您预约了健身房（健身）"
    assert reminder.key == f"activities.room_booking.{booking.pk}.tomorrow"


def test_every_rooms_action_has_a_chinese_label():
    for action in plugins.AUDIT_ACTIONS:
        assert audit.action_label(action) != action


def test_the_demo_school_has_its_rooms_hours_and_bookings(empty_db):
    from gonghui.core.demo import STEPS

    steps = dict(STEPS)
    steps["orgs"]()
    steps["activities.rooms"]()
    steps["activities.rooms"]()  # idempotent
    home = Room.objects.get(name="职工之家活动室")
    assert [h.words for h in home.hours.all()] == [
        "工作日中午12:00-13:30",
        "工作日18:00-21:00",
        "每周六9:00-17:00",
    ]
    assert Room.objects.get(name="健身房").hours.first().rrule == "FREQ=DAILY"
    season = Booking.objects.filter(room=home, purpose="乒乓球队训练")
    assert season.count() == 10 and len(set(season.values_list("series", flat=True))) == 1
    assert Booking.objects.filter(group__isnull=False, purpose="小组学习会").count() == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert Booking.objects.filter(
        user__username="huiyuan", starts_at__date=tomorrow, state="booked"
    ).exists()
