"""In a real browser: a member books a 体检 slot on a phone → the chair, also on a phone, marks
the check done on the campaign page and the 体检率 moves; the list, the settings and the
member's page at 390 px (nothing wider than the screen) and 1280 px. Screenshots land in
test-results/screens/health-*.png."""

import pytest
from playwright.sync_api import expect

from gonghui.care import services_health as services
from gonghui.care.models_health import TargetState
from tests.e2e.conftest import DESKTOP

from .conftest import png
from .health_support import make_campaign, slot, target
from .test_browser import browser, overflow  # noqa: F401  (Playwright for this module only)

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    page.screenshot(path=str(screens / f"health-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_a_member_books_on_a_phone_and_the_chair_marks_it_done(
    e2e_world, new_page, login, results_dir, tmp_path, settings
):
    settings.DATA_DIR = tmp_path
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    campaign = make_campaign(
        world,
        capacity=3,
        afternoon=True,
        notice="体检前一天晚上 8 点后禁食，带身份证。",
        entrust_file=png("委托函.png"),
    )
    services.health_targets_add(actor=world.chair, campaign=campaign)
    services.health_done(actor=world.chair, target=target(world, campaign, "王委员"))
    chosen = slot(campaign, 2)

    # the member, on a phone
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto("/care/health/")
    mine = target(world, campaign, "周会员")
    card = phone.locator(f"#target-{mine.pk}")
    expect(card).to_contain_text("待预约")
    card.get_by_label("选择体检时段").select_option(value=str(chosen.pk))
    shoot(phone, screens, "mine-390")
    assert overflow(phone) == 0
    card.get_by_role("button", name="预约").click()
    expect(phone.locator(f"#target-{mine.pk} [data-appointment]")).to_contain_text(chosen.label)
    expect(phone.locator(f"#target-{mine.pk}")).to_contain_text("已预约")
    shoot(phone, screens, "mine-booked-390")
    assert overflow(phone) == 0
    mine.refresh_from_db()
    assert mine.state == TargetState.BOOKED and mine.slot == chosen and mine.confirmed

    # the chair marks it done on a phone; the rate moves from 1 of 7 to 2 of 7
    chair = new_page(viewport=PHONE, name="chair")
    login(chair, "chair")
    chair.goto(campaign.get_absolute_url())
    expect(chair.locator("#fig-rate")).to_have_text("14.3%")
    row = chair.locator(f"#target-{mine.pk}")
    expect(row).to_contain_text(chosen.label)
    shoot(chair, screens, "campaign-390")
    assert overflow(chair) == 0
    row.get_by_role("button", name="已完成").click()
    expect(chair.locator("#fig-rate")).to_have_text("28.6%")
    expect(chair.locator(f"#target-{mine.pk} .badge")).to_have_text("已完成")
    mine.refresh_from_db()
    assert mine.state == TargetState.DONE
    assert overflow(chair) == 0
    # the slots and a row's 代为预约 opened on the phone: still nothing wider than the screen
    chair.locator("#slots summary").click()
    hers = chair.locator(f"#target-{target(world, campaign, '吴老师').pk}")
    hers.locator("summary", has_text="代为预约").click()
    hers.locator("summary", has_text="未参加").click()
    shoot(chair, screens, "campaign-open-390")
    assert overflow(chair) == 0
    for page, width in ((chair, 390), (new_page(viewport=DESKTOP, name="chair-desk"), 1280)):
        if width == 1280:
            login(page, "chair")
            page.goto(campaign.get_absolute_url())
            page.locator("#slots summary").click()
            shoot(page, screens, "campaign-1280")
        page.goto(f"/unions/{world.school.code}/care/health/")
        expect(page.locator("#campaigns")).to_contain_text("年度体检")
        expect(page.locator("#rule")).to_contain_text("皖工发〔2025〕18号")
        shoot(page, screens, f"campaigns-{width}")
        assert overflow(page) == 0
        page.goto(f"/unions/{world.school.code}/care/health/settings/")
        expect(page.locator("#source")).to_contain_text("未找到统一的筛查间隔")
        shoot(page, screens, f"settings-{width}")
        assert overflow(page) == 0
    wide = new_page(viewport=DESKTOP, name="member-desk")
    login(wide, "member")
    wide.goto("/care/health/")
    shoot(wide, screens, "mine-1280")
