"""In a real browser: a member opens the union's rooms on a 390 px phone, picks tomorrow in
the room's day view, taps a free slot, books it and sees it taken in the day and under 我的
预约; the committee sees the week grid and the booking on a 1280 px screen. Screenshots land
in test-results/screens/activities-rooms-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.activities.models_rooms import Booking
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

from .support_rooms import book, make_room

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"activities-rooms-{name}.png"), full_page=True)


def _tomorrow(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.mark.e2e
def test_a_member_books_a_free_slot_on_a_phone(e2e_world, new_page, login, results_dir):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    room = make_room(
        world.school,
        name="职工之家活动室",
        hours="每日7:20-7:50\n每周一、三、五中午12:00-13:30\n每日18:00-21:00",
    )
    book(
        world.committee, room, _tomorrow(18), _tomorrow(19), now=timezone.now(), purpose="合唱排练"
    )
    tomorrow = _tomorrow(19).date()

    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto("/activities/rooms/")
    expect(phone.locator(f"#room-{room.pk}")).to_contain_text("每周一、三、五中午12:00-13:30")
    shoot(phone, screens, "mine-390")
    phone.locator(f"#room-{room.pk}").click()
    phone.locator("#day-view").get_by_role(
        "link", name=str(tomorrow.day), exact=False
    ).first.click()
    expect(phone.locator("#day-view h2")).to_contain_text(f"{tomorrow.month}月{tomorrow.day}日")
    slots = phone.locator("#slots")
    expect(slots).to_contain_text("王委员 · 合唱排练")
    shoot(phone, screens, "day-390")
    assert overflow(phone) == 0
    slots.get_by_role("link", name="19:00-19:30 空闲 · 预约").click()
    expect(phone.get_by_label("开始")).to_have_value("19:00")
    expect(phone.get_by_label("结束")).to_have_value("20:00")
    phone.get_by_label("用途").fill("瑜伽")
    shoot(phone, screens, "book-390")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="预约").click()
    expect(phone.locator(".alert-success")).to_contain_text("已预约 职工之家活动室")
    expect(slots).to_contain_text("周会员 · 瑜伽")
    shoot(phone, screens, "booked-390")
    booking = Booking.objects.get(room=room, purpose="瑜伽")
    assert (booking.member, booking.ends_at - booking.starts_at) == (
        world.members["周会员"],
        datetime.timedelta(hours=1),
    )
    phone.goto("/activities/rooms/")
    expect(phone.locator(f"#booking-{booking.pk}")).to_contain_text("瑜伽")
    shoot(phone, screens, "my-bookings-390")
    assert overflow(phone) == 0

    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(f"/activities/rooms/{room.pk}/?day={tomorrow:%Y-%m-%d}")
    grid = desk.locator("#week-view")
    expect(grid).to_be_visible()
    expect(desk.locator("#day-view")).to_be_hidden()
    expect(grid.locator("td[title='周会员 · 瑜伽']")).to_have_count(2)  # 19:00 and 19:30
    shoot(desk, screens, "week-1280")
    assert overflow(desk) == 0
    desk.goto(f"/activities/rooms/{room.pk}/manage/")
    expect(desk.locator(f"#booking-{booking.pk}")).to_contain_text("周会员")
    shoot(desk, screens, "manage-1280")
    for url, name in ((f"/unions/{world.school.code}/rooms/stats/", "stats-1280"),):
        desk.goto(url)
        shoot(desk, screens, name)
