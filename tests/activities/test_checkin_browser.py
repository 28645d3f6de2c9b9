"""In a real browser: the committee opens check-in and shows the QR poster; a member who
signed up opens the code's address on a 390 px phone, taps 签到 and is checked in (with
their companion); a second tap says so; the organiser marks another present on the roll.
Screenshots at 390 and 1280 px land in test-results/screens/activities-checkin-*.png."""

import pytest
from playwright.sync_api import expect

from gonghui.activities.models_checkin import CheckIn
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

from .support_checkin import live_activity, sign_up

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"activities-checkin-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_a_member_scans_the_qr_code_on_a_phone_and_is_checked_in(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    activity = live_activity(world.school, title="教工羽毛球友谊赛", place="体育馆")
    sign_up(activity, world.member, companions=1)
    other = sign_up(activity, world.committee)

    # the chair opens check-in and shows the poster to print
    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(f"/activities/{activity.pk}/manage/")
    desk.get_by_role("link", name="签到二维码").click()
    desk.get_by_role("button", name="生成签到二维码").click()
    poster = desk.locator("#checkin-poster")
    expect(poster.locator("svg")).to_be_visible()
    expect(poster).to_contain_text("扫码签到")
    shoot(desk, screens, "qr-1280")
    scan_url = desk.locator("#scan-url").inner_text().strip()
    assert scan_url.startswith("http") and f"/activities/{activity.pk}/scan/" in scan_url

    # the member opens the code's address on the phone and taps 签到
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto(scan_url)
    expect(phone.get_by_role("button", name="签到（2 人）")).to_be_visible()
    shoot(phone, screens, "scan-390")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="签到（2 人）").click()
    expect(phone.locator("[data-checkin-state]")).to_have_text("已签到")
    expect(phone.locator(".alert-success")).to_contain_text("签到成功：2 人")
    shoot(phone, screens, "done-390")
    assert overflow(phone) == 0
    assert CheckIn.objects.get(activity=activity, user=world.member).persons == 2
    phone.goto(scan_url)  # scanned again: nothing to do
    expect(phone.locator("[data-checkin-state]")).to_have_text("已签到")
    expect(phone.get_by_role("button", name="签到（2 人）")).to_have_count(0)

    # the chair marks the committee member present on the roll
    desk.goto(f"/activities/{activity.pk}/checkin/")
    desk.locator(f"#reg-{other.pk}").get_by_role("button", name="登记到场").click()
    expect(desk.locator(f"#reg-{other.pk} [data-checkin]")).to_contain_text("已签到")
    expect(desk.locator("#rate")).to_have_text("100.0%")
    shoot(desk, screens, "roll-1280")
    assert overflow(desk) == 0
    # the roll and the poster on a phone too
    phone2 = new_page(viewport=PHONE, name="chair-phone")
    login(phone2, "chair")
    for url, name in (
        (f"/activities/{activity.pk}/checkin/", "roll-390"),
        (f"/activities/{activity.pk}/qr/", "qr-390"),
        (f"/unions/{world.school.code}/activities/participation/", "participation-390"),
    ):
        phone2.goto(url)
        shoot(phone2, screens, name)
        assert overflow(phone2) == 0
    desk.goto(f"/unions/{world.school.code}/activities/")
    expect(desk.locator(f"#activity-{activity.pk}")).to_contain_text("3 / 3")
    shoot(desk, screens, "list-1280")
