"""In a real browser: a member applies for 金秋助学 on a phone with a photo of the admission
letter → the chair reviews it on the round page; a paid round of last year; the settings.
Every page at 390 px (a phone: nothing wider than the screen) and 1280 px. Screenshots land
in test-results/screens/bursary-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.care import services_bursary as services
from gonghui.care.models_bursary import ApplicationState, BursaryApplication
from gonghui.care.rules_bursary import Level
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from tests.e2e.conftest import DESKTOP

from .conftest import PNG, png
from .test_browser import browser, overflow  # noqa: F401  (Playwright for this module only)

PHONE = {"width": 390, "height": 844}


def paid_round(world, year):
    """Last year's round, paid: two children, one refused."""
    found = services.bursary_round_open(actor=world.chair, union=world.school, year=year)
    rows = (
        ("吴老师", "吴小雨", Level.UNDERGRADUATE, "华中师范大学", ""),
        ("孙组长", "孙一鸣", Level.HIGH_SCHOOL, "第一高级中学", ""),
        ("王委员", "王乐", Level.COLLEGE, "某军事院校", "经核实为军校，按规定不予资助。"),
    )
    for name, child, level, school, refusal in rows:
        application = services.bursary_apply(
            actor=world.chair,
            round=found,
            member=world.members[name],
            child_name=child,
            level=level,
            school=school,
            proof=png(),
            confirmed=True,
            today=found.opens_on,
        )
        if refusal:
            services.bursary_reject(actor=world.chair, application=application, reason=refusal)
        else:
            services.bursary_approve(actor=world.chair, application=application)
    services.bursary_publicize(
        actor=world.chair, round=found, today=found.closes_on + datetime.timedelta(days=1)
    )
    item = publicity_for(found)
    publicity_close(actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(1))
    services.bursary_pay(actor=world.chair, round=found)
    return found


def shoot(page, screens, name):
    page.screenshot(path=str(screens / f"bursary-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_apply_on_a_phone_then_review_and_the_pages_at_both_widths(
    e2e_world, new_page, login, results_dir, tmp_path, settings
):
    settings.DATA_DIR = tmp_path
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()
    old = paid_round(world, today.year - 1)
    current = services.bursary_round_open(
        actor=world.chair,
        union=world.school,
        year=today.year,
        opens_on=datetime.date(today.year, 1, 1),
        closes_on=datetime.date(today.year, 12, 31),
    )

    # the member, on a phone
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto("/care/bursary/")
    expect(phone.locator("#amounts")).to_contain_text("4000.00")
    phone.get_by_label("子女姓名").fill("周小")
    phone.get_by_label("录取类别").select_option(label="本科")
    phone.get_by_label("录取学校").fill("武汉大学")
    letter = tmp_path / "录取通知书.png"
    letter.write_bytes(PNG)
    phone.get_by_label("录取通知书或学校证明").set_input_files(str(letter))
    phone.get_by_label("我已逐条核对").check()
    shoot(phone, screens, "apply-390")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator("#my-applications")).to_contain_text("周小 · 本科")
    expect(phone.locator("#my-applications")).to_contain_text("待审核")
    shoot(phone, screens, "mine-390")
    assert overflow(phone) == 0
    mine = BursaryApplication.objects.get(round=current)
    assert mine.member == world.members["周会员"] and mine.self_applied

    # the chair reviews it on the round page, at 1280 and on a phone
    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(f"/care/bursary/rounds/{current.pk}/")
    row = desk.locator(f"#application-{mine.pk}")
    expect(row).to_contain_text("武汉大学")
    shoot(desk, screens, "round-open-1280")
    row.get_by_label("审核意见").fill("录取通知书核实无误")
    row.get_by_role("button", name="审核通过").click()
    expect(desk.locator(f"#application-{mine.pk}")).to_contain_text("已通过")
    mine.refresh_from_db()
    assert mine.state == ApplicationState.APPROVED

    for page, width in ((desk, 1280), (new_page(viewport=PHONE, name="chair-phone"), 390)):
        if width == 390:
            login(page, "chair")
        page.goto(f"/care/bursary/rounds/{old.pk}/")
        expect(page.locator("#status")).to_have_text("已安排发放")
        expect(page.locator("#voucher")).to_contain_text("凭证草稿")
        shoot(page, screens, f"round-paid-{width}")
        page.goto(f"/unions/{world.school.code}/care/bursary/")
        expect(page.locator("#rounds")).to_contain_text(f"{today.year}年金秋助学")
        shoot(page, screens, f"rounds-{width}")
        page.goto(f"/unions/{world.school.code}/care/bursary/settings/")
        expect(page.locator("#source")).to_contain_text("天门市")
        shoot(page, screens, f"settings-{width}")
        if width == 390:
            page.goto(f"/care/bursary/rounds/{current.pk}/")
            shoot(page, screens, "round-open-390")
            assert overflow(page) == 0
    wide = new_page(viewport=DESKTOP, name="member-desk")
    login(wide, "member")
    wide.goto("/care/bursary/")
    shoot(wide, screens, "mine-1280")
