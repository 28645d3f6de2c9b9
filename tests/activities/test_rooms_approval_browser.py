"""In a real browser: a member books a shared 健身房 on a 390 px phone (the day shows persons
booked of the capacity) and a room needing approval (told it waits; 我的预约 says 待审批); the
chair approves it on the 待审批的预约 page at 1280 px. Screenshots land in
test-results/screens/activities-rooms-approval-*.png."""

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
    page.screenshot(path=str(screens / f"activities-rooms-approval-{name}.png"), full_page=True)


def _tomorrow(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.mark.e2e
def test_shared_use_and_approval_on_a_phone_and_a_desktop(e2e_world, new_page, login, results_dir):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    gym = make_room(world.school, hours="每日18:00-21:00", capacity=8, shared=True)
    home = make_room(
        world.school, name="职工之家活动室", hours="每日18:00-21:00", needs_approval=True
    )
    book(world.committee, gym, _tomorrow(18), _tomorrow(19), persons=5, now=timezone.now())
    day = _tomorrow(18).date()

    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto(f"/activities/rooms/{gym.pk}/?day={day:%Y-%m-%d}")
    expect(phone.locator("#slots")).to_contain_text("已约 5/8 人 · 预约")
    shoot(phone, screens, "shared-day-390")
    phone.goto(f"/activities/rooms/{home.pk}/book/?start={_tomorrow(19).isoformat()}")
    phone.locator("#id_purpose").fill("小组读书会")
    phone.locator("#booking-form button[type=submit]").click()
    expect(phone.locator("body")).to_contain_text("等待工会审批")
    phone.goto("/activities/rooms/")
    expect(phone.locator("#my-bookings")).to_contain_text("待审批")
    assert not overflow(phone)
    shoot(phone, screens, "mine-390")

    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto("/unions/school/rooms/pending/")
    booking = Booking.objects.get(room=home)
    expect(desk.locator(f"#pending-{booking.pk}")).to_contain_text("小组读书会")
    shoot(desk, screens, "pending-1280")
    desk.locator(f"#pending-{booking.pk}").get_by_role("button", name="通过").click()
    expect(desk.locator("body")).to_contain_text("已通过周会员的预约")
    booking.refresh_from_db()
    assert booking.state == "booked"
