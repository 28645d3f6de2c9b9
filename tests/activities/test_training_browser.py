"""In a real browser: a trainee opens the first session's QR code on a 390 px phone and taps
签到; the chair, on a phone, marks another trainee present for that session, then sees the
attendance grid (trainees × sessions) on a desktop. Screenshots at 390 and 1280 px land in
test-results/screens/activities-training-*.png."""

import pytest
from playwright.sync_api import expect

from gonghui.activities.models_checkin import CheckIn
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

from .support_checkin import sign_up
from .support_training import live_course, sessions

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"activities-training-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_a_trainee_checks_in_to_a_session_on_a_phone_and_the_committee_sees_the_grid(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    course = live_course(world.school)
    sign_up(course, world.member)
    other = sign_up(course, world.committee)
    one, two, _three = sessions(course)

    # the chair prints the first session's code
    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(f"/activities/{course.pk}/manage/")
    desk.get_by_role("link", name="课次与考勤、结业证书").click()
    desk.locator(f"#session-{one.pk}").get_by_role("link", name="签到二维码").click()
    expect(desk.locator("#checkin-poster")).to_contain_text("第1次课")
    scan_url = desk.locator("#scan-url").inner_text().strip()
    assert scan_url.endswith(f"/scan/{one.checkin.token}/")
    shoot(desk, screens, "qr-1280")

    # the trainee scans it on the phone
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto(scan_url)
    shoot(phone, screens, "scan-390")
    phone.get_by_role("button", name="签到").click()
    expect(phone.locator("[data-checkin-state]")).to_have_text("已签到")
    assert overflow(phone) == 0
    assert CheckIn.objects.get(user=world.member).session_id == one.checkin.pk
    phone.goto(f"/activities/{course.pk}/training/mine/")
    expect(phone.locator("#my-training")).to_contain_text("已出勤 2 / 5 课时")
    shoot(phone, screens, "mine-390")
    assert overflow(phone) == 0

    # the chair, on a phone, marks the committee member present at session 1
    mobile = new_page(viewport=PHONE, name="chair-phone")
    login(mobile, "chair")
    mobile.goto(f"/activities/{course.pk}/training/")
    listing = mobile.locator("#attendance-phone")
    expect(listing).to_be_visible()
    expect(mobile.locator("#attendance-grid")).to_be_hidden()
    row = listing.locator(f'[data-trainee="{other.name}"]')
    row.get_by_role("button", name="登记到场").click()
    expect(
        mobile.locator("#attendance-phone").locator(f'[data-trainee="{other.name}"]')
    ).to_contain_text("✓")
    shoot(mobile, screens, "course-390")
    assert overflow(mobile) == 0
    mobile.locator("#attendance-phone").get_by_role("link", name="第2次").click()
    expect(mobile.locator("#attendance-phone")).to_contain_text(two.topic)
    expect(mobile.locator("#attendance-phone")).to_contain_text("未开始")

    # the grid on a desktop: both in session 1, nobody yet in 2 and 3
    desk.goto(f"/activities/{course.pk}/training/")
    grid = desk.locator("#attendance-grid")
    expect(grid).to_be_visible()
    for name in (world.members["周会员"].name, other.name):
        cells = grid.locator(f'[data-trainee="{name}"] [data-cell]')
        expect(cells).to_have_count(3)
        expect(cells.nth(0)).to_contain_text("✓")
        expect(cells.nth(1)).to_contain_text("—")
    expect(desk.locator("#person-times")).to_have_text("2")
    shoot(desk, screens, "course-1280")
    assert overflow(desk) == 0
    desk.goto(f"/unions/{world.school.code}/activities/training/")
    shoot(desk, screens, "year-1280")
