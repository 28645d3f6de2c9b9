"""Money through a real browser: the treasurer drafts and submits an expense voucher, the
chair approves and posts it, and the year's statement shows it; a festival gift over the
cap, paid in shopping cards, is refused at submission with the rule, the member, the cap
and the total on the page."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.finance.models import PayForm, Voucher, VoucherStatus
from gonghui.finance.services import vouchers as voucher_services

from .conftest import DESKTOP, PHONE
from .test_browser import horizontal_overflow


@pytest.mark.e2e
def test_a_voucher_goes_from_draft_to_the_statement(e2e_world, new_page, login, results_dir):
    today = timezone.localdate()
    treasurer = new_page(PHONE, name="treasurer")
    login(treasurer, "treasurer")
    treasurer.goto("/unions/school/finance/vouchers/new/?kind=expense")
    treasurer.get_by_label("业务日期").fill(today.isoformat())
    treasurer.get_by_label("摘要").fill("教职工羽毛球赛用品")
    line = treasurer.locator(".voucher-line").first
    line.get_by_label("科目").select_option(value="50111")
    line.get_by_label("金额（元）", exact=True).fill("1234.50")
    line.get_by_label("收/付款单位或个人").fill("示范镇体育用品店")
    treasurer.get_by_role("button", name="保存草稿").click()
    expect(treasurer.locator("#voucher-total")).to_have_text("1,234.50")
    treasurer.get_by_role("button", name="提交审批").click()
    expect(treasurer.get_by_text("已提交审批")).to_be_visible()
    assert not horizontal_overflow(treasurer)
    voucher = Voucher.objects.get(summary="教职工羽毛球赛用品")
    assert voucher.status == VoucherStatus.SUBMITTED
    # The one who submitted it has no approve button: four eyes.
    expect(treasurer.get_by_role("button", name="审批通过")).to_have_count(0)

    chair = new_page(DESKTOP, name="chair")
    login(chair, "chair")
    chair.goto(voucher.get_absolute_url())
    chair.get_by_role("button", name="审批通过").click()
    chair.get_by_role("button", name="记账").click()
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.POSTED and voucher.number.startswith("记-")
    expect(chair.get_by_text(voucher.number).first).to_be_visible()

    chair.goto(f"/unions/school/finance/statements/{today.year}/")
    expense = chair.locator("table", has_text="支出合计").first
    expect(expense.locator("tr", has_text="文体活动")).to_contain_text("1,234.50")
    expect(expense.locator("tr", has_text="支出合计")).to_contain_text("1,234.50")
    chair.screenshot(
        path=str(results_dir / "screens" / "finance-statements-1280x800.png"), full_page=True
    )


@pytest.mark.e2e
def test_an_over_cap_festival_gift_is_blocked_with_the_reason(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    today = timezone.localdate()
    member = world.members["周会员"]
    voucher = voucher_services.voucher_create(
        actor=world.treasurer,
        union=world.school,
        kind="expense",
        date=today,
        summary="节日慰问购物卡",
        lines=[
            {
                "category": "50101",
                "amount": Decimal("2200.01"),
                "payee": "示范镇百货商场",
                "pay_form": PayForm.CARD,
                "event": "国庆",
                "shares": [(member, Decimal("2200.01"))],
            }
        ],
    )
    page = new_page(PHONE)
    login(page, "treasurer")
    page.goto(voucher.get_absolute_url())
    page.get_by_role("button", name="提交审批").click()
    violations = page.locator("#violations")
    expect(violations).to_contain_text("节日慰问")
    expect(violations).to_contain_text("周会员")
    expect(violations).to_contain_text("2,200.00")
    expect(violations).to_contain_text("2,200.01")
    expect(violations).to_contain_text("购物卡")
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.DRAFT
    assert not horizontal_overflow(page)
    page.screenshot(
        path=str(results_dir / "screens" / "finance-blocked-375x812.png"), full_page=True
    )
