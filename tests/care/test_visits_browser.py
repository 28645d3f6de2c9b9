"""In a real browser, on a phone: a member reports a hospital stay → the chair finds it on
the 走访慰问 list, records an event for another member with the picker, and records the
visit (a negative amount is refused beside its field, then 300 元 with the stay's days and
the illness is kept and goes to a draft voucher). Screenshots land in test-results/screens/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.care.models import CareVisit, EventState, LifeEvent
from tests.e2e.conftest import settled
from tests.e2e.picking import pick

# the module-scoped browser of the care browser tests (its Playwright loop ends with the module)
from .test_browser import browser, overflow  # noqa: F401

PHONE = {"width": 390, "height": 844}


@pytest.mark.e2e
def test_an_event_and_its_visit_on_a_phone(e2e_world, new_page, login, results_dir):
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()
    two_days_ago = (today - datetime.timedelta(days=2)).isoformat()

    # the member reports their own hospital stay
    member = new_page(viewport=PHONE, name="member")
    login(member, "member")
    member.goto("/care/mine/events/")
    member.get_by_label("事件类型").select_option("生病住院")
    member.get_by_label("事件日期").fill(two_days_ago)
    member.get_by_label("情况说明").fill("市人民医院三病区")
    member.get_by_role("button", name="报告工会").click()
    expect(member.locator("#my-events")).to_contain_text("生病住院")
    expect(member.locator("#my-events")).to_contain_text("待走访")
    assert overflow(member) == 0

    # the chair, on a phone: the list, then an event recorded for 吴老师 with the picker
    chair = new_page(viewport=PHONE, name="chair")
    login(chair, "chair")
    chair.goto("/unions/school/care/visits/")
    expect(chair.locator("#events")).to_contain_text("周会员")
    expect(chair.locator("#events")).not_to_contain_text("市人民医院")  # notes: event page only
    chair.get_by_role("link", name="记录生活事件").click()
    field = chair.locator("div.mb-3").filter(has=chair.get_by_role("combobox", name="职工"))
    pick(chair, field, "吴", "吴老师", 1, purpose="care")
    chair.get_by_label("事件类型").select_option("结婚")
    chair.get_by_label("事件日期").fill(today.isoformat())
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator("#event")).to_contain_text("结婚")
    due = (today + datetime.timedelta(days=7)).isoformat()
    expect(chair.locator("#event")).to_contain_text(f"{due} 前")
    assert overflow(chair) == 0

    # the member's event: a negative amount is refused, then the visit is kept
    chair.goto("/unions/school/care/visits/")
    chair.get_by_role("link", name="周会员").click()
    expect(chair.locator("#event")).to_contain_text("市人民医院三病区")
    chair.get_by_label("走访人员").fill("李主席、吴老师")
    chair.get_by_label("慰问品").fill("水果一篮")
    chair.get_by_label("慰问金（元）").fill("-300")
    chair.get_by_role("button", name="登记走访").click()
    expect(chair.locator(".invalid-feedback")).to_contain_text("慰问金不能为负数")
    chair.get_by_label("慰问金（元）").fill("300")
    chair.get_by_label("住院天数").fill("5")
    chair.get_by_label("病种/事由").fill("肺炎")
    chair.get_by_role("button", name="登记走访").click()
    expect(chair.locator("#event-state")).to_have_text("已走访")
    expect(chair.locator("#visits")).to_contain_text("水果一篮")
    expect(chair.locator("#visits")).to_contain_text("凭证草稿")  # the 慰问金's draft voucher
    chair.screenshot(path=str(screens / "care-visit-390.png"), full_page=True)
    assert overflow(chair) == 0
    settled(chair)
    settled(member)

    reported = LifeEvent.objects.get(member__name="周会员")
    assert reported.state == EventState.VISITED and reported.self_reported
    assert reported.visited_on == today and reported.on_time
    assert str(CareVisit.objects.get(event=reported).amount) == "300.00"
    # the member sees it visited, on their own page only
    member.reload()
    expect(member.locator("#my-events")).to_contain_text("已走访")
    expect(member.locator("#my-events")).not_to_contain_text("结婚")
