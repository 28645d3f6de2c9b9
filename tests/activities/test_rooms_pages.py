"""The 活动室 pages: a member finds the union's rooms on the phone, opens a room's day, taps a
free slot, books it, sees it under 我的预约 and cancels it; a clash is a Chinese message on
the form with nothing written; the committee adds a room with its hours in words (a wrong
line refuses the whole room), books a season and is told the weeks skipped, closes the room
for a repair (the booking inside is cancelled), and reads the use statistics; the limits are
read by the 经审 and changed by the committee."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models_rooms import Booking, Room

from .support_rooms import book, make_room

pytestmark = pytest.mark.django_db


def tomorrow(hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def form(start: datetime.datetime, hours: float = 1, **extra) -> dict:
    end = start + datetime.timedelta(hours=hours)
    data = {"day": start.date().isoformat(), "starts": f"{start:%H:%M}", "ends": f"{end:%H:%M}"}
    return {**data, "purpose": "健身", "persons": "1", "weeks": "1", **extra}


def test_a_member_books_a_free_slot_from_the_day_view_and_cancels_it(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    client = client_for(world.member)
    mine = client.get(reverse("activities:rooms_mine")).content.decode()
    assert f'id="room-{room.pk}"' in mine and "每日7:00-22:00" in mine
    day = tomorrow(18).date().isoformat()
    page = client.get(room.get_absolute_url() + f"?day={day}").content.decode()
    start = quote(tomorrow(18).isoformat())
    slot = reverse("activities:rooms_book", args=[room.pk]) + "?start="
    assert slot in page and page.count("slot-free") >= 2 * 30  # the day list and the week grid
    booking_page = client.get(slot + start).content.decode()
    assert 'value="18:00"' in booking_page and 'value="19:00"' in booking_page
    response = client.post(slot + start, form(tomorrow(18)))
    booking = Booking.objects.get(room=room)
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "已预约 健身房" in page and "周会员 · 健身" in page
    mine = client.get(reverse("activities:rooms_mine")).content.decode()
    assert f'id="booking-{booking.pk}"' in mine and "取消预约" in mine
    client.post(reverse("activities:rooms_booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.state == "cancelled"
    assert "已取消（本人取消）" in client.get(reverse("activities:rooms_mine")).content.decode()


def test_a_clash_is_said_on_the_form_and_nothing_is_written(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    client_for(world.users["committee"]).post(
        reverse("activities:rooms_book", args=[room.pk]), form(tomorrow(18), 2)
    )
    client = client_for(world.member)
    page = client.post(
        reverse("activities:rooms_book", args=[room.pk]), form(tomorrow(19))
    ).content.decode()
    assert "不能预约：已被预约（王委员 18:00-20:00）" in page
    page = client.post(
        reverse("activities:rooms_book", args=[room.pk]), form(tomorrow(6))
    ).content.decode()
    assert "不在开放时间内" in page
    assert Booking.objects.filter(room=room).count() == 1


def test_the_committee_adds_a_room_with_its_hours_in_words(world, client_for):
    client = client_for(world.chair)
    url = reverse("activities:rooms_create", args=["school"])
    data = {"name": "职工之家活动室", "kind": "home", "capacity": "30", "book_by": "members"}
    page = client.post(url, {**data, "hours": "每日7:20-7:50\n随时可用"}).content.decode()
    assert "「随时可用」没有写哪几天开放" in page
    assert not Room.objects.filter(name="职工之家活动室").exists()  # nothing half-written
    response = client.post(url, {**data, "hours": "每日7:20-7:50\n每周一、三、五中午12:00-13:30"})
    room = Room.objects.get(name="职工之家活动室")
    assert response.url == room.get_absolute_url()
    assert [h.rrule for h in room.hours.all()] == ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR"]
    listing = client.get(reverse("activities:rooms_list", args=["school"])).content.decode()
    assert "每周一、三、五中午12:00-13:30" in listing
    edit = client.get(reverse("activities:rooms_edit", args=[room.pk])).content.decode()
    assert "每日7:20-7:50\n每周一、三、五中午12:00-13:30" in edit


def test_a_season_says_the_weeks_it_skipped(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    client_for(world.member).post(
        reverse("activities:rooms_book", args=[room.pk]),
        form(tomorrow(18) + datetime.timedelta(days=7)),
    )
    client = client_for(world.chair)
    response = client.post(
        reverse("activities:rooms_book", args=[room.pk]),
        form(tomorrow(18), 1.5, weeks="3", purpose="乒乓球队训练", as_committee="on"),
        follow=True,
    )
    page = response.content.decode()
    assert (
        "已预约 2 次。" in page
        and "跳过 1 次：" in page
        and "已被预约（周会员 18:00-19:00）" in page
    )
    assert Booking.objects.filter(room=room, by_committee=True).count() == 2


def test_a_closure_cancels_the_booking_inside_and_the_manage_page_says_so(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    client_for(world.member).post(
        reverse("activities:rooms_book", args=[room.pk]), form(tomorrow(18))
    )
    client = client_for(world.chair)
    manage = reverse("activities:rooms_manage", args=[room.pk])
    start = tomorrow(0)
    response = client.post(
        manage,
        {
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start + datetime.timedelta(days=2):%Y-%m-%dT%H:%M}",
            "reason": "设备维修",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "取消了其中的 1 个预约并通知预约人" in page and "设备维修" in page
    assert Booking.objects.get(room=room).state == "cancelled"
    week = client_for(world.member).get(room.get_absolute_url() + f"?day={start:%Y-%m-%d}")
    assert "停用：设备维修" in week.content.decode()
    # a plain member cannot open the management page
    assert client_for(world.member).get(manage).status_code == 403


def test_the_statistics_and_the_limits(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    client_for(world.users["group_leader"]).post(
        reverse("activities:rooms_book", args=[room.pk]),
        form(tomorrow(18), 2, group=str(world.chinese.pk), purpose="小组活动"),
    )
    stats = client_for(world.auditor).get(
        reverse("activities:rooms_stats", args=["school"]) + f"?year={tomorrow(18).year}"
    )
    page = stats.content.decode()
    assert "健身房" in page and "语文组" in page and "2.0" in page
    settings = reverse("activities:rooms_settings", args=["school"])
    assert "示例值" in client_for(world.auditor).get(settings).content.decode()
    client_for(world.chair).post(
        settings, {"max_hours": "3", "max_per_week": "2", "days_ahead": "7"}
    )
    assert "本会自己的设置" in client_for(world.auditor).get(settings).content.decode()


def test_a_booking_in_the_unions_name_shows_the_committee_not_a_login_name(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    book(
        world.chair,
        room,
        tomorrow(18),
        tomorrow(19),
        purpose="乒乓球队训练",
        as_committee=True,
        now=timezone.now(),
    )
    day = tomorrow(18).date().isoformat()
    page = client_for(world.member).get(room.get_absolute_url() + f"?day={day}").content.decode()
    assert "工会委员会 · 乒乓球队训练" in page
    assert ">chair<" not in page and "chair ·" not in page
