"""budget_check: the 90% warning and the 100% refusal, at their exact boundaries."""

import datetime
from decimal import Decimal

import pytest

from gonghui.finance.models import Budget, FinanceSettings, VoucherStatus
from gonghui.finance.queries.budget import BudgetCheck, budget_check
from gonghui.finance.services.budget import budget_adjust, budget_adopt, budget_create

from .test_budget_support import advance, ledger_voucher, reverse_voucher

D = Decimal
ADOPTED = datetime.date(2026, 1, 10)


@pytest.fixture
def budget(world):
    """第一中学 2026: 职工活动支出 10,000 of which 节日慰问 4,000; 会议 1,000."""
    b = budget_create(
        actor=world.treasurer,
        union=world.school,
        year=2026,
        lines={"501": D("10000"), "50101": D("4000"), "50302": D("1000")},
    )
    return budget_adopt(actor=world.chair, budget=b, adopted_on=ADOPTED, adopted_by="congress")


def check(world, lines, **kw):
    voucher = ledger_voucher(world, lines, status=VoucherStatus.DRAFT, **kw)
    return budget_check(voucher=voucher)


def test_exactly_90_percent_warns_and_passes(world, budget):
    ledger_voucher(world, [("50111", "8000.00")])
    result = check(world, [("50111", "1000.00")])
    assert result.ok
    assert len(result.warnings) == 1
    assert "【职工活动支出】" in result.warnings[0]
    assert "90.0%" in result.warnings[0]


def test_just_under_90_percent_is_silent(world, budget):
    ledger_voucher(world, [("50111", "8000.00")])
    result = check(world, [("50111", "999.99")])
    assert result.ok and result.warnings == []


def test_exactly_100_percent_passes(world, budget):
    ledger_voucher(world, [("50111", "8000.00")])
    result = check(world, [("50111", "2000.00")])
    assert result.ok
    assert "100.0%" in result.warnings[0]


def test_one_fen_over_is_refused_with_the_figures(world, budget):
    ledger_voucher(world, [("50111", "8000.00")])
    result = check(world, [("50111", "2000.01")])
    assert result.errors == [
        "超出预算：【职工活动支出】预算 10,000.00 元（含调整），已用及在途 8,000.00 元，"
        "本凭证 2,000.01 元，合计 10,000.01 元，超出 0.01 元。请先调整预算。"
    ]


def test_after_an_adjustment_the_same_voucher_passes(world, budget):
    ledger_voucher(world, [("50111", "8000.00")])
    assert not check(world, [("50111", "2000.01")]).ok
    budget_adjust(
        actor=world.chair,
        budget=budget,
        category="501",
        delta="0.01",
        reason="教师节活动追加",
        decided_on=datetime.date(2026, 9, 1),
    )
    result = check(world, [("50111", "2000.01")])
    assert result.ok
    assert "10,000.01 元（含调整）" in result.warnings[0]


def test_submitted_and_approved_count_drafts_do_not(world, budget):
    ledger_voucher(world, [("50111", "3000")], status=VoucherStatus.SUBMITTED)
    ledger_voucher(world, [("50111", "3000")], status=VoucherStatus.APPROVED)
    ledger_voucher(world, [("50111", "3000")], status=VoucherStatus.POSTED)
    ledger_voucher(world, [("50111", "9000")], status=VoucherStatus.DRAFT)
    assert check(world, [("50111", "1000")]).ok
    assert "已用及在途 9,000.00 元" in check(world, [("50111", "1000.01")]).errors[0]


def test_the_voucher_itself_is_not_counted_twice(world, budget):
    """Checked again at approval, a submitted voucher must not count against itself."""
    voucher = ledger_voucher(world, [("50111", "6000")], status=VoucherStatus.SUBMITTED)
    result = budget_check(voucher=voucher)
    assert result.ok and result.warnings == []


def test_other_years_other_unions_and_income_do_not_count(world, budget):
    ledger_voucher(world, [("50111", "9000")], date=datetime.date(2025, 12, 31))
    ledger_voucher(world, [("50111", "9000")], union=world.hospital)
    ledger_voucher(world, [("401", "9000")])
    result = check(world, [("50111", "8999.99")])
    assert result.ok and result.warnings == []


def test_sub_item_counts_against_its_own_line_and_its_top_category(world, budget):
    ledger_voucher(world, [("50111", "5500")])  # 501 at 5,500 of 10,000
    result = check(world, [("50101", "4000.01")])
    assert len(result.errors) == 1
    assert "【职工活动支出—节日慰问】预算 4,000.00 元" in result.errors[0]
    # within the sub-item, but the top category is now over 90%
    result = check(world, [("50101", "3600")])
    assert result.ok
    assert any("【职工活动支出—节日慰问】" in w and "90.0%" in w for w in result.warnings)
    assert any("【职工活动支出】" in w and "91.0%" in w for w in result.warnings)
    # over the top category through another sub-item
    assert "【职工活动支出】" in check(world, [("50111", "4500.01")]).errors[0]


def test_unbudgeted_category_warns(world, budget):
    result = check(world, [("50201", "100")])
    assert result.ok
    assert result.warnings == [
        "预算未列此项：【维权支出—困难帮扶】未列入2026年度预算，请确认是否需要调整预算。"
    ]


def test_no_adopted_budget_says_nothing(world):
    budget_create(actor=world.treasurer, union=world.school, year=2026, lines={"501": "10"})
    result = check(world, [("50111", "999999")])
    assert result.ok and result.warnings == []
    assert not Budget.objects.get().adopted


def test_reversals_never_block(world, budget):
    original = ledger_voucher(world, [("50111", "9000")])
    ledger_voucher(world, [("50111", "1000")], status=VoucherStatus.SUBMITTED)
    assert not check(world, [("50111", "0.01")]).ok
    reversal = reverse_voucher(world, original, status=VoucherStatus.DRAFT)
    assert budget_check(voucher=reversal) == BudgetCheck()
    # once posted, the reversal gives the money back to the budget
    reverse_voucher_post(world, reversal)
    assert check(world, [("50111", "9000")]).ok
    assert not check(world, [("50111", "9000.01")]).ok


def reverse_voucher_post(world, reversal):
    advance(reversal, VoucherStatus.POSTED, maker=world.treasurer, approver=world.chair)


def test_warning_ratio_is_the_unions_setting(world, budget):
    FinanceSettings.objects.create(union=world.school, budget_warn_ratio=D("0.80"))
    ledger_voucher(world, [("50111", "7000")])
    assert check(world, [("50111", "999.99")]).warnings == []
    assert "80.0%" in check(world, [("50111", "1000")]).warnings[0]


def test_federation_setting_is_inherited(world, budget):
    FinanceSettings.objects.create(union=world.fed, budget_warn_ratio=D("0.50"))
    assert "50.0%" in check(world, [("50111", "5000")]).warnings[0]


def test_income_vouchers_are_not_checked(world, budget):
    assert budget_check(voucher=ledger_voucher(world, [("401", "99999")])).warnings == []
