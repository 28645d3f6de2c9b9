"""The mutual-aid fund's reads: the schedule, what is overdue, the fund page's figures."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.finance.models import FinanceSettings
from gonghui.finance.queries import aid as q
from gonghui.finance.services import aid as services
from gonghui.members import services as member_services

D = Decimal
date = datetime.date


# --- the schedule (pure) ------------------------------------------------------------------


@given(
    principal=st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2),
    months=st.integers(min_value=1, max_value=60),
    lent_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_instalments_add_up_to_the_principal_to_the_fen(principal, months, lent_on):
    rows = q.schedule(principal, months, lent_on)
    assert len(rows) == months
    assert sum(r.amount for r in rows) == principal
    assert all(r.amount == r.amount.quantize(D("0.01")) for r in rows)
    # Equal instalments; only the last one differs, by less than one fen per month.
    assert len({r.amount for r in rows[:-1]}) <= 1
    assert D("0") <= rows[-1].amount - rows[0].amount < D("0.01") * months
    # Monthly, starting the month after the loan, never twice in one month.
    months_seen = [(r.due.year, r.due.month) for r in rows]
    assert months_seen == sorted(set(months_seen))
    assert rows[0].due > lent_on and (rows[0].due - lent_on).days <= 31


def test_one_hundred_yuan_over_three_months():
    rows = q.schedule(D("100.00"), 3, date(2025, 1, 15))
    assert [r.amount for r in rows] == [D("33.33"), D("33.33"), D("33.34")]
    assert [r.due for r in rows] == [date(2025, 2, 15), date(2025, 3, 15), date(2025, 4, 15)]


def test_a_loan_at_the_end_of_a_month_falls_due_on_the_last_day_of_shorter_months():
    rows = q.schedule(D("1200"), 3, date(2024, 1, 31))
    assert [r.due for r in rows] == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    assert q.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


# --- where a loan stands --------------------------------------------------------------------


@pytest.fixture
def fund(world):
    FinanceSettings.objects.update_or_create(union=world.school, defaults={"mutual_aid": True})
    services.aid_deposit(
        actor=world.treasurer,
        union=world.school,
        member=world.members["周会员"],
        amount="10000",
        on=date(2025, 1, 2),
    )
    return world.school


LENT_ON = date(2025, 1, 10)
REPAID_ON = date(2025, 2, 10)


def lend(world, name="吴老师", amount="1000", months=4, on=LENT_ON):
    return services.aid_loan(
        actor=world.treasurer,
        union=world.school,
        member=world.members[name],
        amount=amount,
        on=on,
        months=months,
    )


def repay(world, loan, amount, on=REPAID_ON):
    return services.aid_repay(actor=world.treasurer, loan=loan, amount=amount, on=on)


def test_an_instalment_is_overdue_the_day_after_it_falls_due(world, fund):
    loan = lend(world)  # 250 due on 10 Feb, 10 Mar, 10 Apr, 10 May
    on_due_day = q.loan_state(loan, date(2025, 2, 10))
    assert on_due_day.overdue == 0 and on_due_day.next_due.number == 1
    next_day = q.loan_state(loan, date(2025, 2, 11))
    assert next_day.overdue == D("250.00") and next_day.overdue_count == 1
    assert next_day.instalments[0].state == "逾期"
    assert next_day.next_due.due == date(2025, 3, 10)


def test_repayments_settle_the_earliest_instalments_first(world, fund):
    loan = lend(world)
    repay(world, loan, "300")
    state = q.loan_state(loan, date(2025, 3, 20))
    assert [r.paid for r in state.instalments] == [D("250"), D("50"), D("0"), D("0")]
    assert [r.state for r in state.instalments] == ["已还", "逾期", "未到期", "未到期"]
    assert state.overdue == D("200.00") and state.outstanding == D("700.00")
    repay(world, loan, "700", on=date(2025, 3, 21))
    settled = q.loan_state(loan, date(2026, 1, 1))
    assert settled.settled and settled.overdue == 0 and settled.next_due is None


def test_the_fund_page_shows_balances_holders_and_flags_overdue_loans(world, fund):
    late = lend(world, "吴老师", "1000", months=4)
    on_time = lend(world, "孙组长", "600", months=6, on=date(2025, 3, 1))
    repay(world, on_time, "100", on=date(2025, 4, 1))
    services.aid_deposit(
        actor=world.treasurer,
        union=fund,
        member=world.members["吴老师"],
        amount="50",
        on=date(2025, 3, 1),
    )
    page = q.fund_page(fund, date(2025, 4, 15))
    assert page.totals.balance == D("10000") + D("50") - D("1600") + D("100")
    assert page.totals.savings == D("10050") and page.totals.outstanding == D("1500")
    by_name = {h.member.name: h for h in page.holders}
    assert set(by_name) == {"周会员", "吴老师", "孙组长"}
    assert by_name["吴老师"].savings == D("50") and by_name["吴老师"].outstanding == D("1000")
    assert by_name["吴老师"].overdue == D("750.00")  # Feb, Mar, Apr instalments passed
    assert by_name["孙组长"].overdue == 0 and by_name["周会员"].loan is None
    assert [s.loan.pk for s in page.overdue] == [late.pk]
    assert page.overdue_total == D("750.00")
    # 孙组长's second instalment (1 May) is not this month's; on 15 April it is still ahead.
    assert page.due_soon == []
    assert [s.loan.pk for s in q.fund_page(fund, date(2025, 5, 1)).due_soon] == [on_time.pk]


def test_a_settled_loan_drops_off_the_fund_page_but_stays_on_the_members(world, fund):
    loan = lend(world)
    repay(world, loan, "1000")
    page = q.fund_page(fund, date(2025, 6, 1))
    assert page.overdue == [] and all(h.loan is None for h in page.holders)
    member = q.member_page(fund, world.members["吴老师"], date(2025, 6, 1))
    assert [s.loan.pk for s in member.loans] == [loan.pk] and member.loans[0].settled


def test_a_loan_repaid_in_odd_fen_is_settled_exactly(world, fund):
    # As floats, 100.30 + 100.60 is 200.89999999999998: a plain SQL SUM on SQLite would
    # leave this loan open by a fraction of a fen.
    loan = lend(world, amount="200.90")
    repay(world, loan, "100.30")
    repay(world, loan, "100.60")
    assert list(q.loans(fund, open_only=True)) == []
    assert q.outstanding_of(loan) == Decimal("0.00")
    assert q.totals(fund).repayments == Decimal("200.90")


def test_the_member_page_keeps_a_running_savings_balance(world, fund):
    zhou = world.members["周会员"]
    services.aid_withdraw(
        actor=world.treasurer, union=fund, member=zhou, amount="2500.5", on=date(2025, 2, 1)
    )
    page = q.member_page(fund, zhou, date(2025, 6, 1))
    assert [m.savings for m in page.entries] == [D("10000.00"), D("7499.50")]
    assert page.savings == D("7499.50")


def test_depositors_include_members_who_left_but_not_those_paid_out(world, fund):
    services.aid_deposit(
        actor=world.treasurer,
        union=fund,
        member=world.members["吴老师"],
        amount="80",
        on=date(2025, 1, 3),
    )
    services.aid_withdraw(
        actor=world.treasurer,
        union=fund,
        member=world.members["吴老师"],
        amount="80",
        on=date(2025, 1, 4),
    )
    zhou = world.members["周会员"]
    member_services.member_leave(actor=None, member=zhou, on=date(2025, 2, 1), reason="辞职")
    assert list(q.depositors(fund)) == [zhou]
