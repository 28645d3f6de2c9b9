"""In a real browser, on a 390 px phone: a member pledges to the 一日捐; the chair types the
语文组's payments (a wrong amount first: the row says why and nothing is written), then the
right ones; the thank-you list shows the names, the anonymous donor as 爱心人士. The pages
also at 1280 px. Screenshots land in test-results/screens/donations-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.care import services_donations as services
from gonghui.care.models_donations import DonationEntry, Donor, EntryKind
from tests.e2e.conftest import DESKTOP

from .test_browser import browser, overflow  # noqa: F401  (Playwright for this module only)

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    page.screenshot(path=str(screens / f"donations-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_pledge_on_a_phone_then_a_groups_payments_then_the_thank_you_list(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()
    campaign = services.donation_campaign_create(
        actor=world.chair,
        union=world.school,
        name="慈善一日捐",
        kind="one_day",
        purpose="用于资助本区困难职工家庭和困难学生。",
        recipient="区慈善总会",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=10),
        suggested_amount="200",
    )
    services.donation_campaign_open(actor=world.chair, campaign=campaign)

    # the member pledges on their phone
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto("/care/donations/")
    card = phone.locator(f"#campaign-{campaign.pk}")
    expect(card.locator(".voluntary")).to_contain_text("自愿捐款")
    card.get_by_label("认捐金额（元）").fill("200")
    shoot(phone, screens, "mine-390")
    assert overflow(phone) == 0
    card.get_by_role("button", name="认捐", exact=True).click()
    expect(phone.locator(f"#campaign-{campaign.pk} .mine-figures")).to_contain_text("200.00 元")
    assert Donor.objects.get(campaign=campaign).member == world.members["周会员"]

    # the chair types the 语文组's payments on a phone
    chair = new_page(viewport=PHONE, name="chair")
    login(chair, "chair")
    chair.goto(campaign.get_absolute_url())
    chair.get_by_role("link", name="按小组登记").click()
    chair.locator("#group-choice").get_by_role("link", name="语文组").click()
    chair.get_by_label("周会员的金额").fill("200")
    chair.get_by_label("孙组长的金额").fill("50.555")
    chair.get_by_label("李主席的金额").fill("300")
    chair.get_by_label("李主席匿名").check()
    chair.get_by_role("button", name="提交本组名单").click()
    expect(chair.locator("#batch-form .alert-danger")).to_contain_text("本次一笔也没有登记")
    expect(chair.locator("#batch-rows")).to_contain_text("「孙组长」的捐款金额“50.555”超过两位小数")
    shoot(chair, screens, "batch-error-390")
    assert overflow(chair) == 0
    assert not DonationEntry.objects.filter(kind=EntryKind.PAYMENT).exists()
    chair.get_by_label("孙组长的金额").fill("50.50")
    chair.get_by_role("button", name="提交本组名单").click()
    expect(chair.locator("#figures")).to_contain_text("550.50 元")
    expect(chair.locator("#figures")).to_contain_text("3 / 7 人")
    shoot(chair, screens, "campaign-390")
    assert overflow(chair) == 0

    # the thank-you list, on the member's phone
    phone.goto(f"/care/donations/{campaign.pk}/thanks/")
    thanks = phone.locator("#thanks")
    expect(thanks).to_contain_text("周会员")
    expect(thanks).to_contain_text("孙组长")
    expect(thanks).not_to_contain_text("李主席")
    expect(thanks).to_contain_text("另有 1 位会员匿名捐款")
    shoot(phone, screens, "thanks-390")
    assert overflow(phone) == 0

    # the same pages at 1280
    desk = new_page(viewport=DESKTOP, name="chair-desk")
    login(desk, "chair")
    for path, name in (
        (f"/unions/{world.school.code}/care/donations/", "campaigns"),
        (campaign.get_absolute_url(), "campaign"),
        (f"/care/donations/{campaign.pk}/batch/?group={world.maths.pk}", "batch"),
        (f"/care/donations/{campaign.pk}/thanks/", "thanks"),
        (f"/unions/{world.school.code}/care/donations/new/", "new"),
    ):
        desk.goto(path)
        shoot(desk, screens, f"{name}-1280")
        assert overflow(desk) == 0, name
