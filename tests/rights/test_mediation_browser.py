"""In a real browser: a member seated on the school's 劳动争议调解委员会 goes from 我的调解申请 to
the cases on a 390 px phone, registers an application, accepts it naming a mediator and reads
its deadline and 第十四条; the chair, without a seat, is refused the case; the case page at
1280 px; the women workers' page at 390 and 1280 px. Screenshots land in
test-results/screens/rights-mediation-*.png and rights-women-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.rights.models_mediation import CaseState, MediationCase
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, settled

from .support_mediation import seat
from .tables_women import room

PHONE = {"width": 390, "height": 844}
# tests/rights has no conftest of its own: the browser fixtures, for this module
e2e_world, new_page, login, results_dir = e2e.e2e_world, e2e.new_page, e2e.login, e2e.results_dir


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"rights-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_a_seated_member_registers_and_accepts_a_case_on_a_phone(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()
    seat(world, "周会员", since=today - datetime.timedelta(days=30))
    room(world)

    phone = new_page(viewport=PHONE, name="mediator")
    login(phone, "member")
    phone.goto("/rights/mediation/mine/")
    phone.get_by_role("link", name="进入调解案件").click()
    phone.get_by_role("link", name="登记调解申请").click()
    phone.get_by_label("申请人姓名（非会员时填写）").fill("劳务派遣工 陈某")
    phone.get_by_label("被申请人").fill("第一中学")
    phone.get_by_label("争议类型").select_option(label="劳动报酬")
    phone.get_by_label("申请事项和理由").fill("2026年10月加班工资未发，请求支付1,600元。")
    phone.get_by_label("收到申请日期").fill(today.isoformat())
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator("#state")).to_have_text("待受理")
    phone.locator("#step-accept summary").click()
    phone.locator("#step-accept").get_by_label("周会员（委员）").check()
    phone.locator("#step-accept").get_by_role("button", name="保存").click()
    expect(phone.locator("#state")).to_have_text("调解中")
    expect(phone.locator("#clock")).to_contain_text("当事人可以依法申请仲裁")
    expect(phone.locator("#mediators")).to_have_text("周会员")
    shoot(phone, screens, "mediation-case-390")
    assert overflow(phone) == 0
    settled(phone)
    case = MediationCase.objects.get()
    assert case.state == CaseState.ACCEPTED and case.accepted_on == today

    # the chair holds no seat: refused
    chair = new_page(viewport=DESKTOP, name="chair")
    login(chair, "chair")
    response = chair.goto(case.get_absolute_url())
    assert response.status == 403
    expect(chair.locator("body")).not_to_contain_text("陈某")
    chair.goto("/unions/school/rights/women/")
    expect(chair.locator("#women-members")).to_have_text("4 人")
    expect(chair.locator("#room-list")).to_contain_text("冰箱")
    shoot(chair, screens, "women-1280")
    chair.set_viewport_size(PHONE)
    chair.reload()
    shoot(chair, screens, "women-390")
    assert overflow(chair) == 0

    desk = new_page(viewport=DESKTOP, name="desk")
    login(desk, "member")
    desk.goto(case.get_absolute_url())
    expect(desk.locator("#facts")).to_contain_text("陈某")
    shoot(desk, screens, "mediation-case-1280")
