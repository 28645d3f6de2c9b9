"""In a real browser: the committee member opens the quarter's birthday list on a 390 px phone,
creates the 生日会 from the prefilled form, drafts the gift — over the cap it is refused with
the 生日慰问 rule's reason, at 200 元 the draft voucher shows on the party; the same pages at
1280 px. Then the plan item page's 为此事项新建文体活动 opens the prefilled form and the saved
activity is listed as the item's 落实记录. Screenshots: test-results/screens/activities-birthday-*."""

import datetime

import pytest
from playwright.sync_api import expect

from gonghui.activities.models import Activity, Kind
from gonghui.finance.models import Voucher
from gonghui.plans import services as plan_services
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"activities-birthday-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_the_quarters_party_and_its_gift_on_a_phone(e2e_world, new_page, login, results_dir):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    year = datetime.date.today().year + 1
    phone = new_page(viewport=PHONE, name="committee")
    login(phone, "committee")
    phone.goto("/unions/school/activities/")
    shoot(phone, screens, "activities-list-390")
    phone.locator("#birthdays-link").click()  # this quarter's list, from the activities
    expect(phone.locator("h1")).to_contain_text("生日会员")
    phone.goto(f"/unions/school/activities/birthdays/?year={year}&quarter=1")
    expect(phone.locator("#birthday-count")).to_have_text("1")
    expect(phone.locator(".birthday-group")).to_contain_text("周会员")
    expect(phone.locator(".birthday-when")).to_have_text("3月1日")
    shoot(phone, screens, "list-390")
    assert overflow(phone) == 0

    phone.get_by_role("link", name="创建本季度生日会").click()
    expect(phone.get_by_label("活动名称")).to_have_value(f"{year}年第一季度集体生日会")
    phone.get_by_label("地点").fill("教工之家")
    shoot(phone, screens, "party-form-390")
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".alert-success")).to_contain_text("已保存")
    settled(phone)
    party = Activity.objects.get(union=world.school, kind=Kind.BIRTHDAY)

    phone.goto(f"/unions/school/activities/birthdays/?year={year}&quarter=1")
    card = phone.locator(f"#party-{party.pk}")
    expect(card).to_contain_text("尚未发放")
    card.locator("summary").click()
    card.get_by_label("每人金额（元）").fill("600")
    card.get_by_label("商户（如蛋糕店）").fill("好利来")
    shoot(phone, screens, "gift-form-390")
    assert overflow(phone) == 0
    card.get_by_role("button", name="生成凭证草稿").click()
    expect(phone.locator(".alert-danger")).to_contain_text("违反开支标准【生日慰问】")
    shoot(phone, screens, "refused-390")
    assert overflow(phone) == 0
    card = phone.locator(f"#party-{party.pk}")
    card.locator("summary").click()
    card.get_by_label("每人金额（元）").fill("200")
    card.get_by_role("button", name="生成凭证草稿").click()
    expect(phone.locator(".alert-success")).to_contain_text("已生成生日慰问凭证草稿")
    expect(phone.locator(f"#party-{party.pk} .gift")).to_contain_text("凭证草稿")
    shoot(phone, screens, "gift-390")
    assert overflow(phone) == 0
    settled(phone)
    assert Voucher.objects.get().total == 200

    desk = new_page(viewport=DESKTOP, name="committee-desk")
    login(desk, "committee")
    desk.goto(f"/unions/school/activities/birthdays/?year={year}&quarter=1")
    expect(desk.locator(f"#party-{party.pk} .gift")).to_contain_text("草稿")
    shoot(desk, screens, "list-1280")
    assert overflow(desk) == 0


@pytest.mark.e2e
def test_a_new_activity_from_the_plan_item_page(e2e_world, new_page, login, results_dir):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    year = datetime.date.today().year + 1
    plan = plan_services.plan_create(actor=None, union=world.school, year=year)
    item = plan_services.item_save(actor=None, plan=plan, text="组织教职工羽毛球比赛", months=[5])
    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(item.get_absolute_url())
    desk.get_by_role("link", name="为此事项新建文体活动").click()
    expect(desk.get_by_label("活动类型")).to_have_value("sports")
    expect(desk.get_by_label("开始时间")).to_have_value(f"{year}-05-15T15:00")
    desk.get_by_label("名额（人）").fill("24")
    shoot(desk, screens, "plan-item-form-1280")
    desk.get_by_role("button", name="保存").click()
    expect(desk.locator(".alert-success")).to_contain_text("已保存")
    desk.goto(item.get_absolute_url())
    expect(desk.locator("#links")).to_contain_text("组织教职工羽毛球比赛")
    shoot(desk, screens, "plan-item-1280")
    phone = new_page(viewport=PHONE, name="chair-phone")
    login(phone, "chair")
    phone.goto(item.get_absolute_url())
    expect(phone.locator("#create-actions")).to_be_visible()
    shoot(phone, screens, "plan-item-390")
    assert overflow(phone) == 0
