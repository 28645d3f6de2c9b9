"""In a real browser: the chair opens a course's 签到名单 on a desktop (today's 课次 chosen),
adds a walk-in found with the member picker, switches to 第2次课 and its QR code; a trainee
opens session 2's code on a 390 px phone and reads which session it is; the chair revokes a
certificate on a finished course, which then shows 已撤销 with the reason. Screenshots at
390 and 1280 px land in test-results/screens/activities-sessions-*.png."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gonghui.activities import services_checkin, services_training
from gonghui.activities.models_checkin import CheckIn
from gonghui.activities.models_training import TrainingCertificate
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled
from tests.e2e.picking import pick

from .support_checkin import sign_up
from .support_training import live_course, past_course, sessions

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"activities-sessions-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_the_roll_chooses_the_session_adds_a_walk_in_and_the_phone_names_the_session(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    course = live_course(world.school)
    sign_up(course, world.member)
    one, two, _three = sessions(course)
    services_checkin.checkin_session_open(
        actor=None, activity=course, walk_ins=True, session=one.checkin
    )

    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(reverse("activities:checkin_list", args=[course.pk]))
    expect(desk.locator("#session-label")).to_contain_text("第1次课 · 工会法与工会章程")
    form = desk.locator("#walk-in")
    pick(desk, form, "吴", "吴老师", 1, purpose="activities")
    form.get_by_role("button", name="登记现场签到").click()
    expect(desk.locator("#walk-ins")).to_contain_text("吴老师")
    settled(desk)
    walk_in = CheckIn.objects.get(walk_in=True)
    assert walk_in.session_id == one.checkin.pk and walk_in.by_organiser
    shoot(desk, screens, "roll-1280")
    desk.set_viewport_size(PHONE)
    shoot(desk, screens, "roll-390")
    assert overflow(desk) == 0
    desk.set_viewport_size(DESKTOP)
    desk.locator("#session-choice").get_by_role("link", name="第2次").click()
    expect(desk.locator("#session-label")).to_contain_text("第2次课 · 劳动合同与职工权益")
    expect(desk.locator("#walk-ins")).to_have_count(0)  # session 2 has nobody yet
    desk.get_by_role("link", name="第2次课签到二维码").click()
    expect(desk.locator("#checkin-poster")).to_contain_text("第2次课：劳动合同与职工权益")
    scan_url = desk.locator("#scan-url").inner_text().strip()
    assert scan_url.endswith(f"/scan/{two.checkin.token}/")
    shoot(desk, screens, "qr-1280")

    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto(scan_url)
    expect(phone.locator("#session-label")).to_contain_text("第2次课 · 劳动合同与职工权益")
    expect(phone.locator("[data-checkin-state]")).to_have_text("签到尚未开始")
    shoot(phone, screens, "scan-390")
    assert overflow(phone) == 0


@pytest.mark.e2e
def test_the_chair_revokes_a_certificate_on_the_course_page(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    course = past_course(world, world.school, ["周会员", "李主席"])
    made = services_training.training_certificates_issue(actor=None, activity=course)
    cert = next(c for c in made if c.name == "周会员")

    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.on("dialog", lambda dialog: dialog.accept())
    desk.goto(reverse("activities:training", args=[course.pk]) + "#certificates")
    item = desk.locator(f"#certificate-{cert.pk}")
    item.locator("summary").click()
    item.get_by_role("textbox", name="撤销原因").fill("发给了别人")
    item.get_by_role("button", name="撤销证书").click()
    expect(desk.locator(f"#certificate-{cert.pk} [data-revoked]")).to_contain_text("发给了别人")
    expect(desk.locator("#issue")).to_have_text("发放结业证书（1 人）")
    settled(desk)
    assert TrainingCertificate.objects.get(pk=cert.pk).revoked_at is not None
    desk.locator("#certificates").scroll_into_view_if_needed()
    shoot(desk, screens, "certificates-1280")
    desk.set_viewport_size(PHONE)
    shoot(desk, screens, "certificates-390")
    assert overflow(desk) == 0
