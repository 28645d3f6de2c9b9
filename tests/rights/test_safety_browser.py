"""In a real browser, on a 390 px phone: the committee member records an inspection (an
inspector picked from the roster), a hazard found with a photo taken on site, its 整改 with a
photo, and the 复查 that closes it; the chair then sees the overview and the hazard on a
desktop. Screenshots at 390 and 1280 px land in test-results/screens/rights-safety-*.png."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.rights.demo_safety import PHOTO as PNG
from gonghui.rights.models_safety import Hazard, HazardState
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import (  # noqa: F401  (the browser fixtures, this module)
    DESKTOP,
    e2e_world,
    login,
    new_page,
    results_dir,
    settled,
)
from tests.e2e.picking import pick

from .support_safety import DAY, hazard

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"rights-safety-{name}.png"), full_page=True)


@pytest.mark.e2e
@pytest.mark.usefixtures("e2e_world")
def test_an_inspection_records_a_hazard_on_a_phone_and_takes_it_to_closure(
    request, tmp_path, settings
):
    open_page, sign_in = request.getfixturevalue("new_page"), request.getfixturevalue("login")
    settings.DATA_DIR = tmp_path  # the photos' store
    screens = request.getfixturevalue("results_dir") / "screens"
    screens.mkdir(exist_ok=True)
    shot = tmp_path / "现场照片.png"
    shot.write_bytes(PNG)
    today = timezone.localdate()
    # an earlier hazard, past its deadline since yesterday: red on the overview
    hazard(
        request.getfixturevalue("world").school,
        location="锅炉房压力表",
        found=today - 10 * DAY,
        deadline=today - DAY,
        today=today,
    )

    phone = open_page(viewport=PHONE, name="committee")
    sign_in(phone, "committee")
    phone.goto("/unions/school/rights/safety/")
    expect(phone.locator(".list-group-item-danger")).to_contain_text("已逾期")
    shoot(phone, screens, "home-390")
    assert overflow(phone) == 0
    phone.get_by_role("link", name="登记检查").click()
    phone.get_by_label("检查类型").select_option(label="专项检查")
    phone.get_by_label("检查部位").fill("化学实验室、锅炉房")
    field = phone.locator("div.mb-3").filter(
        has=phone.get_by_role("combobox", name="检查人员（会员）")
    )
    pick(phone, field, "王", "王委员", 1, purpose="rights_safety")
    phone.get_by_label("其他检查人员").fill("总务处 安全员")
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".alert-success")).to_contain_text("请逐条登记发现的隐患")
    expect(phone.locator("#inspection")).to_contain_text("王委员、总务处 安全员")

    # the hazard, with the photo taken on site; first a deadline before the day: refused
    phone.get_by_label("岗位/部位").fill("化学实验室通风橱")
    phone.get_by_label("隐患描述").fill("通风橱排风机损坏，实验时有刺激性气味。")
    phone.get_by_label("隐患等级").select_option(label="较大")
    phone.get_by_label("隐患照片").set_input_files(str(shot))
    phone.get_by_label("整改责任人（单位方面）").fill("总务处 张主任")
    phone.get_by_label("整改期限").fill("2000-01-01")
    phone.get_by_role("button", name="登记隐患").click()
    expect(phone.locator(".invalid-feedback")).to_contain_text("整改期限不能早于发现日期")
    deadline = phone.evaluate(
        "() => { const d = new Date(Date.now() + 7 * 864e5); return d.toISOString().slice(0, 10); }"
    )
    phone.get_by_label("整改期限").fill(deadline)
    phone.get_by_label("隐患照片").set_input_files(str(shot))
    phone.get_by_role("button", name="登记隐患").click()
    expect(phone.locator(".alert-success")).to_contain_text("已登记隐患「化学实验室通风橱」")
    shoot(phone, screens, "inspection-390")
    assert overflow(phone) == 0

    # 整改 with a photo of the result, then the 复查 that closes it
    phone.locator("#hazard-list").get_by_role("link", name="化学实验室通风橱").click()
    expect(phone.locator("#state")).to_contain_text("待整改")
    expect(phone.locator("#photos img")).to_have_count(1)
    phone.get_by_label("整改措施").fill("更换排风机，加装风量报警。")
    phone.get_by_label("整改后照片").set_input_files(str(shot))
    phone.get_by_role("button", name="登记整改").click()
    expect(phone.locator("#state")).to_contain_text("已整改待复查")
    expect(phone.locator("#photos img")).to_have_count(2)
    phone.get_by_label("复查人").fill("王委员")
    phone.get_by_label("通过，销号").check()
    phone.get_by_role("button", name="保存复查结果").click()
    expect(phone.locator("#state")).to_contain_text("已销号")
    expect(phone.locator("#rechecks")).to_contain_text("通过")
    shoot(phone, screens, "hazard-390")
    assert overflow(phone) == 0
    settled(phone)
    closed = Hazard.objects.get(location="化学实验室通风橱")
    assert closed.state == HazardState.CLOSED and closed.photos.count() == 2

    # the chair on a desktop: the overview and the hazard with both photos
    desk = open_page(viewport=DESKTOP, name="chair")
    sign_in(desk, "chair")
    desk.goto("/unions/school/rights/safety/")
    expect(desk.locator("#figures")).to_contain_text("已复查销号 1 条，隐患整改率 50.0%")
    expect(desk.locator(".list-group-item-danger")).to_contain_text("锅炉房压力表")
    expect(desk.locator(".list-group-item-danger")).to_contain_text("（已逾期）")
    expect(desk.locator("#inspections")).to_contain_text("专项检查")
    shoot(desk, screens, "home-1280")
    desk.goto(closed.get_absolute_url())
    expect(desk.locator("#photos img")).to_have_count(2)
    shoot(desk, screens, "hazard-1280")
