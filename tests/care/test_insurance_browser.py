"""In a real browser, on a phone (390 px): the chair enrols a whole group in this year's
住院医疗互助 from the roster filter (a second time enrols nobody), records a claim for a
member with the picker (a negative amount refused beside its field), and the member sees
their cover and the claim, with its diagnosis, on their phone. The pages at 1280 px too,
the federation's 投保率 among them. Screenshots land in test-results/screens/insurance-*."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.care import services_insurance as services
from gonghui.care.models_insurance import InsuranceClaim, InsuranceEnrollment
from tests.e2e.conftest import DESKTOP, settled
from tests.e2e.picking import pick

# the module-scoped browser of the care browser tests (its Playwright loop ends with the module)
from .test_browser import browser, overflow  # noqa: F401
from .test_insurance import plan_data

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    page.screenshot(path=str(screens / f"insurance-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_enrol_a_group_record_a_claim_and_the_member_sees_it(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()
    plan = services.insurance_plan_create(actor=world.chair, union=world.school, **plan_data())

    # the chair, on a phone: the whole 语文组 from the roster filter
    chair = new_page(viewport=PHONE, name="chair")
    login(chair, "chair")
    chair.goto(f"/unions/{world.school.code}/care/insurance/")
    chair.get_by_role("link", name=plan.name).click()
    chair.get_by_role("link", name="办理参保").click()
    chair.get_by_label("小组", exact=True).select_option(label="语文组")
    chair.get_by_label("参保日期").fill(plan.starts_on.isoformat())  # covered from the start
    shoot(chair, screens, "enrol-390")
    assert overflow(chair) == 0
    chair.get_by_role("button", name="确认参保").click()
    expect(chair.locator(".alert-success")).to_contain_text("新参保 4 人")
    expect(chair.locator("#fig-enrolled")).to_have_text("4 人")
    expect(chair.locator("#enrollments")).to_contain_text("周会员")
    # the same group again: nobody twice
    chair.get_by_role("link", name="办理参保").click()
    chair.get_by_label("小组", exact=True).select_option(label="语文组")
    chair.get_by_role("button", name="确认参保").click()
    expect(chair.locator(".alert-success")).to_contain_text("4 人此前已参保（跳过）")
    shoot(chair, screens, "plan-390")
    assert overflow(chair) == 0

    # a claim for 周会员, picked by name; a negative amount is refused beside its field
    chair.get_by_role("link", name="登记理赔").click()
    field = chair.locator("div.mb-3").filter(has=chair.get_by_role("combobox", name="会员"))
    pick(chair, field, "周", "周会员", 1, purpose="care_insurance")
    day = (today - datetime.timedelta(days=3)).isoformat()
    chair.get_by_label("出险日期").fill(day)
    chair.get_by_label("病情诊断").fill("急性阑尾炎，住院7天")
    chair.get_by_label("申报金额（元）").fill("-3200")
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator(".invalid-feedback")).to_have_text("申报金额须大于 0。")
    chair.get_by_label("申报金额（元）").fill("3200")
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator("#claim-state")).to_have_text("已申报")
    expect(chair.locator("#diagnosis")).to_contain_text("急性阑尾炎")
    shoot(chair, screens, "claim-390")
    assert overflow(chair) == 0
    settled(chair)
    assert InsuranceEnrollment.objects.filter(plan=plan).count() == 4
    claim = InsuranceClaim.objects.get()
    assert (claim.member.name, str(claim.claimed)) == ("周会员", "3200.00")

    # the member, on their phone: the cover and the claim, its diagnosis on its own page
    member = new_page(viewport=PHONE, name="member")
    login(member, "member")
    member.goto("/care/insurance/mine/")
    expect(member.locator("#my-enrollments")).to_contain_text(plan.name)
    expect(member.locator("#my-enrollments")).to_contain_text("保障中")
    expect(member.locator("#my-claims")).to_contain_text("已申报")
    expect(member.locator("#my-claims")).not_to_contain_text("阑尾炎")
    shoot(member, screens, "mine-390")
    assert overflow(member) == 0
    member.locator("#my-claims a").first.click()
    expect(member.locator("#diagnosis")).to_contain_text("急性阑尾炎，住院7天")
    assert overflow(member) == 0
    settled(member)

    # the same pages at 1280, and the federation's 投保率
    desk = new_page(viewport=DESKTOP, name="chair-desk")
    login(desk, "chair")
    for path, name in (
        (f"/unions/{world.school.code}/care/insurance/", "plans"),
        (plan.get_absolute_url(), "plan"),
        (claim.get_absolute_url(), "claim"),
    ):
        desk.goto(path)
        shoot(desk, screens, f"{name}-1280")
    expect(desk.locator("#claim-state")).to_have_text("已申报")
    fed = new_page(viewport=DESKTOP, name="fed")
    login(fed, "fed_admin")
    fed.goto(f"/unions/{world.fed.code}/care/insurance/rates/")
    expect(fed.locator("#unions")).to_contain_text("第一中学工会")
    expect(fed.locator("#total-enrolled")).to_have_text("4")
    shoot(fed, screens, "rates-1280")
    phone = new_page(viewport=PHONE, name="fed-phone")
    login(phone, "fed_admin")
    phone.goto(f"/unions/{world.fed.code}/care/insurance/rates/")
    shoot(phone, screens, "rates-390")
    assert overflow(phone) == 0
