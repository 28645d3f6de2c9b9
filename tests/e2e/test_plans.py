"""The chair brings last January's Word plan into the platform: pastes it, fixes what the
importer read wrong in the preview, saves, and finds the item in the month calendar. Then
the plan's overview on a phone: this month, overdue, targets and the completion chart."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.plans.models import Plan
from tests.plans.support import make_plan

from .conftest import DESKTOP, PHONE
from .test_browser import horizontal_overflow

PASTED = """{year}年第一中学工会工作计划
一、加强组织建设
1、发展新会员300人。
2、每两周组织一次理论学习。
二、活动安排
三月份：庆祝三八节，组织教职工踏青。
九月份：庆祝教师节，慰问一线教师。
"""


@pytest.mark.e2e
def test_chair_pastes_a_plan_fixes_an_item_and_sees_it_in_the_calendar(
    e2e_world, new_page, login, results_dir
):
    year = timezone.localdate().year
    page = new_page(DESKTOP)
    login(page, "chair")
    page.goto("/unions/school/plans/")
    page.get_by_role("link", name="导入计划").click()
    page.get_by_label("计划年度").fill(str(year))
    page.get_by_label("或粘贴计划全文").fill(PASTED.format(year=year))
    page.get_by_role("button", name="识别").click()
    expect(page.get_by_role("heading", name="核对导入的计划")).to_be_visible()
    # The importer put the outing in March; it actually moved to April.
    outing = page.locator(".card", has_text="组织教职工踏青").last
    months = outing.get_by_label("月份")
    expect(months).to_have_value("3")
    months.fill("4")
    page.screenshot(path=str(results_dir / "plans-preview-desktop.png"), full_page=True)
    assert not Plan.objects.exists()
    page.get_by_role("button", name=f"保存为{year}年计划").click()
    expect(page.get_by_text("已导入")).to_be_visible()

    page.get_by_role("link", name="月历").click()
    page.locator("#month-picker").get_by_role("link", name="4月", exact=True).click()
    expect(page.locator("#month-title")).to_have_text(f"{year}年4月")
    expect(page.locator("#month-items")).to_contain_text("庆祝三八节，组织教职工踏青")
    page.locator("#month-picker").get_by_role("link", name="3月", exact=True).click()
    expect(page.locator("#month-items")).to_have_count(0)
    page.screenshot(path=str(results_dir / "plans-calendar-desktop.png"), full_page=True)
    plan = Plan.objects.get(union=e2e_world.school, year=year)
    assert plan.items.get(text__contains="踏青").months == [4]


@pytest.mark.e2e
def test_plan_overview_on_a_phone(e2e_world, new_page, login, results_dir):
    year = timezone.localdate().year
    plan = make_plan(e2e_world.school, year=year)
    page = new_page(PHONE)
    login(page, "committee")
    page.goto(f"/unions/school/plans/{year}/")
    expect(page.locator("#targets")).to_contain_text("新入会人数 ≥ 300人")
    expect(page.locator('[data-chart="completion"] svg')).to_have_count(1)
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(results_dir / "plans-overview-phone.png"), full_page=True)
    page.goto(f"/unions/school/plans/{year}/calendar/9/")
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(results_dir / "plans-calendar-phone.png"), full_page=True)
    item = plan.items.get(text__contains="集体合同")
    page.goto(item.get_absolute_url())
    page.get_by_label("状态").select_option("done")
    page.get_by_label("完成日期").fill(f"{year}-08-28")
    page.get_by_role("button", name="保存状态").click()
    expect(page.get_by_text("已标为“已完成”")).to_be_visible()
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(results_dir / "plans-item-phone.png"), full_page=True)
    item.refresh_from_db()
    assert item.done_on == datetime.date(year, 8, 28)
