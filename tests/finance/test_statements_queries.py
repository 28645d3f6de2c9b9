"""Statements sum the ledger exactly: every figure is the sum of posted lines of the year."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.finance.models import DuesCharge, FinanceSettings, VoucherLine, VoucherStatus
from gonghui.finance.queries.statements import (
    dues_collection,
    income_expense,
    remittance,
    statements,
)

from .test_budget_support import fast_voucher, ledger_voucher, reverse_voucher

D = Decimal
S = VoucherStatus


def ledger_sum(union, year, **filters):
    rows = VoucherLine.objects.filter(
        union=union, status=S.POSTED, date__year=year, **filters
    ).aggregate(s=Sum("amount"))
    return rows["s"] or D("0")


def test_totals_are_the_posted_lines_with_reversals(world):
    ledger_voucher(world, [("401", "1280.50"), ("402", "60000")])
    ledger_voucher(world, [("50112", "2200"), ("50111", "333.33")], date=datetime.date(2026, 6, 1))
    wrong = ledger_voucher(world, [("50111", "999.99")], date=datetime.date(2026, 7, 1))
    reverse_voucher(world, wrong, date=datetime.date(2026, 7, 2))
    ledger_voucher(world, [("50302", "100")], status=S.APPROVED)  # not posted: left out
    ledger_voucher(world, [("50302", "100")], status=S.DRAFT)
    ledger_voucher(world, [("401", "5")], date=datetime.date(2025, 12, 31))  # last year
    ledger_voucher(world, [("401", "7")], union=world.hospital)  # another union

    ie = income_expense(world.school, 2026)
    assert (
        ie.income_total == D("61280.50") == ledger_sum(world.school, 2026, category__kind="income")
    )
    assert (
        ie.expense_total == D("2533.33") == ledger_sum(world.school, 2026, category__kind="expense")
    )
    assert ie.balance == D("58747.17")
    rows = {r.category.code: r for r in ie.expense}
    assert rows["501"].amount == D("2533.33")  # 2,200 + 333.33 + 999.99 − 999.99
    assert rows["50111"].amount == D("333.33") and rows["50111"].lines == 3
    assert rows["503"].amount == D("0")  # every top category shows, zero or not
    assert "50302" not in rows  # a sub-item without posted lines does not
    assert [r.level for r in ie.expense[:3]] == [0, 1, 1]


def test_top_categories_are_the_sum_of_their_sub_items(world):
    ledger_voucher(world, [("50112", "10"), ("50113", "20.05"), ("50201", "7")])
    ie = income_expense(world.school, 2026)
    tops = [r for r in ie.expense if r.level == 0]
    for top in tops:
        subs = [
            r.amount
            for r in ie.expense
            if r.level == 1 and r.category.code[:3] == top.category.code
        ]
        assert top.amount == sum(subs, D("0"))
    assert sum((r.amount for r in tops), D("0")) == ie.expense_total == D("37.05")


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
entries = st.lists(
    st.tuples(
        st.sampled_from(["401", "402", "407", "50101", "50111", "50201", "50302", "506"]),
        amounts,
        st.sampled_from([S.POSTED, S.POSTED, S.APPROVED, S.DRAFT]),
        st.sampled_from(
            [datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), datetime.date(2025, 12, 31)]
        ),
        st.booleans(),  # reversed afterwards
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=entries)
def test_any_ledger_sums_exactly(world, entries):
    with transaction.atomic():
        expected = {"income": D("0"), "expense": D("0")}
        for code, amount, status, date, reversed_ in entries:
            v = fast_voucher(world.school, [(code, amount)], date=date, status=status)
            kind = "income" if code.startswith("4") else "expense"
            if status == S.POSTED and date.year == 2026:
                expected[kind] += amount
                if reversed_:
                    fast_voucher(
                        world.school, [(code, -amount)], date=date, reverses=v, kind=v.kind
                    )
                    expected[kind] -= amount
        ie = income_expense(world.school, 2026)
        assert ie.income_total == expected["income"]
        assert ie.expense_total == expected["expense"]
        assert ie.balance == expected["income"] - expected["expense"]
        transaction.set_rollback(True)


def test_remittance_due_upward_follows_the_local_share(world):
    FinanceSettings.objects.create(union=world.school, local_share=D("0.60"))
    ledger_voucher(world, [("402", "100000.01")])
    ledger_voucher(world, [("507", "30000")])
    rem = remittance(world.school, income_expense(world.school, 2026))
    assert rem.received == D("100000.01")
    assert rem.due_upward == D("40000.00")  # 40,000.004 rounded half up to the fen
    assert rem.paid_upward == D("30000.00")
    assert rem.outstanding == D("10000.00")


def charge(world, name, month, amount, paid, group):
    member = world.members[name]
    return DuesCharge.objects.create(
        union=world.school,
        member=member,
        month=month,
        base=D(amount) * 200,
        rate=D("0.005"),
        amount=D(amount),
        paid=D(paid),
        group_id_at=group.pk if group else None,
    )


def test_dues_collection_per_month_and_group(world):
    jan, feb = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
    charge(world, "周会员", jan, "20.00", "20.00", world.chinese)
    charge(world, "孙组长", jan, "25.50", "0", world.chinese)
    charge(world, "吴老师", jan, "30.00", "30.00", world.maths)
    charge(world, "周会员", feb, "20.00", "10.00", world.chinese)
    charge(world, "李主席", feb, "0", "0", None)  # exempt: no amount, not counted as a person
    charge(world, "周会员", datetime.date(2025, 12, 1), "99", "0", world.chinese)

    dues = dues_collection(world.school, 2026)
    assert [m.month for m in dues.months] == [jan, feb]
    january = dues.months[0]
    assert (january.total.charged, january.total.paid, january.total.rate) == (
        D("75.50"),
        D("50.00"),
        D("66.2"),
    )
    assert (january.total.people, january.total.paid_people) == (3, 2)
    assert [(name, c.charged, c.paid) for name, c in january.groups] == [
        ("数学组", D("30.00"), D("30.00")),
        ("语文组", D("45.50"), D("20.00")),
    ]
    assert dues.total.charged == D("95.50") and dues.total.paid == D("60.00")
    assert dict((n, c.charged) for n, c in dues.by_group) == {
        "数学组": D("30.00"),
        "语文组": D("65.50"),
        "未分组": D("0"),
    }
    assert dues.total.people == 4


def test_statements_bundle_budget_execution(world):
    st_ = statements(world.school, 2026)
    assert st_.execution.budget is None and st_.dues.months == []
    data = st_.chart_data()
    assert set(data) == {"incomeExpense", "dues", "budget"}
