"""Property tests: the SQL of the dues run computes exactly what ``money.dues_amount``
computes, and payments (typed, or read from a spreadsheet) add up to the fen on both
engines — no float anywhere, although SQLite keeps every DecimalField as a REAL."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gonghui.finance import money
from gonghui.finance.models import (
    DuesBase,
    DuesBatch,
    DuesCharge,
    DuesPayment,
    DuesRun,
    FinanceSettings,
)
from gonghui.finance.queries import dues as dq
from gonghui.finance.services import dues as ds
from gonghui.orgs.models import Member

from .test_dues_support import MONTH, xlsx

NAMES = ("李主席", "王委员", "赵财务", "钱经审", "孙组长", "周会员")
ITEMS = ("basic", "post", "performance", "allowance", "bonus")
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fen(low: int, high: int):
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


# Wages anywhere up to a million yuan, with extra weight just under and on ten-yuan steps.
near_step = (
    st.integers(0, 99_999)
    .flatmap(lambda tens: st.sampled_from([tens * 1000 - 1, tens * 1000, tens * 1000 + 1]))
    .map(lambda n: Decimal(max(n, 0)) / 100)
)
wage = st.one_of(fen(0, 100_000_000), near_step, st.just(Decimal("0")))
rate = st.integers(1, 500).map(lambda n: Decimal(n) / 10000)  # 0.01 % … 5 %
rounding = st.sampled_from(["drop10", "exact"])
counted = st.lists(st.sampled_from(ITEMS), min_size=1, max_size=5, unique=True)


def _reset(world):
    DuesPayment.objects.all().delete()
    DuesBatch.objects.all().delete()
    DuesCharge.objects.all().delete()
    DuesRun.objects.all().delete()


@PROPERTY
@given(
    bases=st.lists(st.fixed_dictionaries({i: wage for i in ITEMS}), min_size=6, max_size=6),
    rate=rate,
    rounding=rounding,
    counted=counted,
)
@example(
    bases=[{"basic": Decimal(b), "post": 0, "performance": 0, "allowance": 0, "bonus": 0}
           for b in ("3009.99", "3010.00", "3000.99", "3001.00", "9.99", "0.10")],
    rate=Decimal("0.005"),
    rounding="exact",
    counted=["basic"],
)  # fmt: skip
def test_the_runs_sql_computes_what_money_dues_amount_computes(
    world, bases, rate, rounding, counted
):
    _reset(world)
    FinanceSettings.objects.update_or_create(
        union=world.school,
        defaults={"dues_rate": rate, "dues_rounding": rounding, "dues_items": counted},
    )
    expected = {}
    for name, items in zip(NAMES, bases, strict=True):
        member = world.members[name]
        DuesBase.objects.update_or_create(member=member, defaults={"union": world.school, **items})
        amount = money.dues_amount(money.dues_base(items, counted), rate, rounding)
        if amount > 0:
            expected[member.pk] = (money.dues_base(items, counted), amount)
    run = ds.dues_run(actor=None, union=world.school, month=MONTH)
    got = {c.member_id: (c.base, c.amount) for c in DuesCharge.objects.filter(run=run)}
    assert got == expected
    assert run.total == sum((a for _, a in expected.values()), money.ZERO)


@PROPERTY
@given(amounts=st.lists(fen(1, 9_999_999), min_size=1, max_size=12))
@example(amounts=[Decimal("0.10"), Decimal("0.20"), Decimal("0.30"), Decimal("0.70")])
def test_typed_payments_add_up_to_the_fen(world, amounts):
    _reset(world)
    DuesBase.objects.update_or_create(
        member=world.members["李主席"],
        defaults={"union": world.school, "basic": Decimal("1000000000")},
    )
    ds.dues_run(actor=None, union=world.school, month=MONTH)  # 5,000,000.00 due
    for n, amount in enumerate(amounts):
        ds.dues_pay(
            actor=None,
            union=world.school,
            member=world.members["李主席"],
            month=MONTH,
            amount=str(amount),
            paid_on=datetime.date(2026, 10, 5),
            method="cash",
            idempotency_key=f"k{n}",
        )
    total = sum(amounts, money.ZERO)
    charge = DuesCharge.objects.get(member=world.members["李主席"], month=MONTH)
    assert charge.paid == total
    overview = dq.month_overview(world.treasurer, world.school, MONTH)
    assert overview.total.paid == total
    assert overview.total.outstanding == Decimal("5000000.00") - total
    assert overview.unbooked == total
    # Once everything but one fen is paid, one more fen is accepted and a second refused.
    rest = charge.amount - charge.paid
    if rest > Decimal("0.01"):
        ds.dues_pay(
            actor=None, union=world.school, member=world.members["李主席"], month=MONTH,
            amount=str(rest - Decimal("0.01")), paid_on=datetime.date(2026, 10, 5), method="cash",
        )  # fmt: skip
    overview = dq.month_overview(world.treasurer, world.school, MONTH)
    assert overview.total.outstanding == Decimal("0.01")
    rows = dq.arrears_rows(dq.arrears(world.treasurer, world.school), world.school)
    assert [(r.member.name, r.owed) for r in rows] == [("李主席", Decimal("0.01"))]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(amounts=st.lists(fen(1, 6_000), min_size=6, max_size=6))
@example(amounts=[Decimal(a) for a in ("0.1", "0.2", "0.3", "15.05", "14.95", "59.99")])
def test_a_payroll_spreadsheet_adds_up_to_the_fen(world, amounts, tmp_path_factory):
    """Amounts go through Excel as number cells (floats) and come back exact."""
    _reset(world)
    for name in NAMES:
        DuesBase.objects.update_or_create(
            member=world.members[name],
            defaults={"union": world.school, "basic": Decimal("12000")},
        )  # 60.00 due each
    ds.dues_run(actor=None, union=world.school, month=MONTH)
    for name in NAMES:  # match by card number: give everyone one
        Member.objects.filter(pk=world.members[name].pk).update(card_number=f"C-{name}")
    rows = [(name, "", f"C-{name}", float(a)) for name, a in zip(NAMES, amounts, strict=True)]
    path = tmp_path_factory.mktemp("pay") / "代扣.xlsx"
    path.write_bytes(xlsx(rows))
    result = ds.dues_import(
        actor=None, union=world.school, month=MONTH, file=path, filename="代扣.xlsx"
    )
    assert result.rejected == [] and result.written
    total = sum(amounts, money.ZERO)
    assert result.total == total and result.batch.total == total
    paid = dict(DuesCharge.objects.values_list("member__name", "paid"))
    assert paid == dict(zip(NAMES, amounts, strict=True))
    assert dq.month_overview(world.treasurer, world.school, MONTH).total.paid == total


@pytest.mark.parametrize("value", ["15.05", 15.05, Decimal("15.05"), "15.050", "￥15.05"])
def test_every_written_form_of_an_amount_reads_as_the_same_decimal(value):
    assert money.parse_amount(value) == Decimal("15.05")
