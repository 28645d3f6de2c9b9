"""The books' metrics (会费收缴率, 预算执行率, 慰问人次, 慰问金额) as plan targets read them.
Every record is written through the finance services, reversals included."""

import datetime
from decimal import Decimal

import pytest

from gonghui.core import metrics
from gonghui.finance.metrics import CARE_CATEGORIES
from gonghui.finance.models import Budget
from gonghui.finance.services import dues as ds
from gonghui.finance.services.budget import budget_adjust, budget_adopt, budget_create

from .test_budget_support import S, ledger_voucher, reverse_voucher
from .test_dues_support import set_bases
from .vouchers_support import gift, line, posted, submitted

D = datetime.date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))


def value(key, union, start, end):
    return metrics.get(key).value(union, start, end)


# --- 会费收缴率 ------------------------------------------------------------------------


def pay(world, name, month, amount):
    batch = ds.dues_pay(
        actor=world.treasurer,
        union=world.school,
        member=world.members[name],
        month=month,
        amount=amount,
        paid_on=month + datetime.timedelta(days=20),
        method="cash",
    )
    return batch.payments.get()


@pytest.fixture
def dues(world):
    """March, April and May 2025 charged at 110.00 each (tests/finance/test_dues_support)."""
    set_bases(world)
    for m in (3, 4, 5):
        ds.dues_run(actor=world.treasurer, union=world.school, month=D(2025, m, 1))
    pay(world, "周会员", D(2025, 3, 1), "15.00")
    wrong = pay(world, "李主席", D(2025, 3, 1), "15.00")
    ds.dues_payment_reverse(actor=world.treasurer, payment=wrong, reason="重复登记")
    pay(world, "赵财务", D(2025, 4, 1), "30.00")
    pay(world, "钱经审", D(2025, 5, 1), "20.00")  # a month after the period
    return world


def test_dues_rate_is_paid_over_charged_for_the_months(dues):
    # March + April: 220.00 charged; 15.00 + 30.00 paid, the reversed 15.00 not.
    spring = (D(2025, 3, 1), D(2025, 4, 30))
    assert value("finance.dues_rate", dues.school, *spring) == Decimal("20.45")
    # A period starting mid-month takes the month it starts in.
    assert value("finance.dues_rate", dues.school, D(2025, 3, 15), D(2025, 4, 30)) == Decimal(
        "20.45"
    )
    # With May: 330.00 charged, 65.00 paid.
    assert value("finance.dues_rate", dues.school, D(2025, 3, 1), D(2025, 5, 31)) == Decimal(
        "19.70"
    )


def test_dues_rate_without_charges_is_none(dues):
    assert value("finance.dues_rate", dues.school, D(2024, 1, 1), D(2024, 12, 31)) is None
    assert value("finance.dues_rate", dues.hospital, D(2025, 1, 1), D(2025, 12, 31)) is None


def test_dues_rate_of_a_federation_is_its_subtree(dues):
    assert value("finance.dues_rate", dues.fed, D(2025, 1, 1), D(2025, 12, 31)) == Decimal("19.70")


def test_dues_rate_is_one_query(dues, django_assert_num_queries):
    with django_assert_num_queries(1):
        value("finance.dues_rate", dues.school, D(2025, 1, 1), D(2025, 12, 31))


# --- 预算执行率 ------------------------------------------------------------------------

ADOPTED = D(2026, 1, 10)
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def budget(world, adopt=True):
    b = budget_create(actor=world.treasurer, union=world.school, year=2026, lines={"501": "1000"})
    if adopt:
        b = budget_adopt(actor=world.chair, budget=b, adopted_on=ADOPTED, adopted_by="congress")
    return b


def test_budget_rate_is_posted_spending_over_the_adopted_budget(world):
    b = budget(world)
    ledger_voucher(world, [("50111", "250")], date=D(2026, 3, 1))
    ledger_voucher(world, [("50111", "100")], date=D(2026, 3, 2), status=S.SUBMITTED)
    mistaken = ledger_voucher(world, [("50111", "100")], date=D(2026, 3, 3))
    reverse_voucher(world, mistaken, date=D(2026, 3, 4))
    ledger_voucher(world, [("50111", "80")], date=D(2025, 12, 20))  # last year's books
    assert value("finance.budget_rate", world.school, *YEAR) == Decimal("25.00")
    # The figure is for the year of the period's end, whatever its start.
    assert value("finance.budget_rate", world.school, D(2026, 6, 1), D(2026, 6, 30)) == Decimal(
        "25.00"
    )
    budget_adjust(
        actor=world.chair,
        budget=b,
        category="501",
        delta="500",
        reason="增加文体活动",
        decided_on=D(2026, 6, 1),
    )
    assert value("finance.budget_rate", world.school, *YEAR) == Decimal("16.67")  # 250 / 1500


def test_budget_rate_needs_an_adopted_budget(world):
    assert value("finance.budget_rate", world.school, *YEAR) is None
    budget(world, adopt=False)
    ledger_voucher(world, [("50111", "250")], date=D(2026, 3, 1))
    assert Budget.objects.filter(union=world.school, year=2026).exists()
    assert value("finance.budget_rate", world.school, *YEAR) is None


def test_budget_rate_of_a_federation_is_none(world):
    budget(world)
    ledger_voucher(world, [("50111", "250")], date=D(2026, 3, 1))
    assert value("finance.budget_rate", world.fed, *YEAR) is None


# --- 慰问人次 / 慰问金额 ----------------------------------------------------------------


@pytest.fixture
def care(world):
    posted(
        world,
        gift(world, "50103", "500.00", ("周会员",), pay_form="transfer", event="住院", days=5),
        gift(world, "50103", "600.00", ("吴老师",), pay_form="transfer", event="住院", days=5),
        gift(world, "50104", "800.00", ("王委员",), pay_form="transfer", event="结婚"),
        line("50202", "2000.00", payee="困难职工家庭", participants=5, event="春节送温暖"),
        line("50201", "300.00", payee="困难职工"),
        gift(world, "50101", "200.00", ("周会员", "吴老师")),  # 节日慰问: not a 慰问 visit
        date=D(2026, 1, 20),
    )
    mistaken = posted(
        world,
        gift(world, "50105", "1000.00", ("孙组长",), pay_form="transfer", event="生育"),
        date=D(2026, 2, 1),
    )
    reverse_voucher(world, mistaken, date=D(2026, 2, 3))
    posted(world, line("50201", "500.00", payee="张某"), date=D(2026, 4, 1))  # after Q1
    posted(world, line("50201", "400.00", payee="李某"), date=D(2025, 12, 31))  # before Q1
    submitted(world, line("50202", "100.00", participants=2), date=D(2026, 3, 1))  # not posted
    ledger_voucher(world, [("50202", "600")], union=world.hospital, date=D(2026, 3, 5))
    return world


def test_care_count_is_persons_paid_with_reversals_cancelled(care):
    # 周会员 + 吴老师 + 王委员 (one each), 5 visited households, 1 hardship payee.
    assert value("finance.care_count", care.school, *Q1) == Decimal(9)
    assert value("finance.care_count", care.school, D(2026, 1, 1), D(2026, 4, 1)) == Decimal(10)
    # Before the reversal is dated the 生育慰问 still counts.
    assert value("finance.care_count", care.school, D(2026, 2, 1), D(2026, 2, 2)) == Decimal(1)


def test_care_amount_is_the_posted_total(care):
    assert value("finance.care_amount", care.school, *Q1) == Decimal("4200.00")
    assert value("finance.care_amount", care.school, D(2026, 2, 1), D(2026, 2, 2)) == Decimal(
        "1000.00"
    )
    assert value("finance.care_amount", care.school, D(2026, 2, 1), D(2026, 2, 28)) == Decimal(
        "0.00"
    )


def test_care_of_a_federation_is_its_subtree(care):
    assert value("finance.care_count", care.fed, *Q1) == Decimal(10)
    assert value("finance.care_amount", care.fed, *Q1) == Decimal("4800.00")
    assert value("finance.care_amount", care.hospital, *Q1) == Decimal("600.00")


def test_care_figures_are_two_and_one_queries(care, django_assert_num_queries):
    with django_assert_num_queries(2):
        value("finance.care_count", care.school, *Q1)
    with django_assert_num_queries(1):
        value("finance.care_amount", care.school, *Q1)


def test_care_categories_are_the_condolence_and_hardship_items():
    assert "50101" not in CARE_CATEGORIES and "50102" not in CARE_CATEGORIES
    assert {"50103", "50107", "50201", "50202"} <= set(CARE_CATEGORIES)


# --- the registry --------------------------------------------------------------------


def test_registered_with_the_fixed_keys_and_units():
    got = {m.key: (m.label, m.unit, m.area, m.cumulative) for m in metrics.all_metrics()}
    assert got["finance.dues_rate"] == ("会费收缴率", "%", "经费", False)
    assert got["finance.budget_rate"] == ("预算执行率", "%", "经费", False)
    assert got["finance.care_count"] == ("慰问人次", "人次", "经费", True)
    assert got["finance.care_amount"] == ("慰问金额", "元", "经费", True)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("会费收缴率达98%", "finance.dues_rate"),
        ("预算执行率达到90%以上", "finance.budget_rate"),
        ("走访慰问困难职工50人次", "finance.care_count"),
        ("发放慰问金20万元", "finance.care_amount"),
    ],
)
def test_plan_phrases_map_to_the_finance_metrics(text, key):
    assert metrics.match(text).key == key
