"""The mutual-aid fund's writes: what each movement allows, refuses and records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.finance.models import AidEntry, FinanceSettings
from gonghui.finance.queries import aid as q
from gonghui.finance.services import aid as services
from gonghui.members import services as member_services

D = Decimal
DAY = datetime.date(2025, 3, 10)


@pytest.fixture
def fund(world):
    """The school runs a fund; the hospital does not."""
    FinanceSettings.objects.update_or_create(union=world.school, defaults={"mutual_aid": True})
    return world.school


def deposit(world, name, amount, on=DAY, **kw):
    return services.aid_deposit(
        actor=world.treasurer,
        union=world.school,
        member=world.members[name],
        amount=amount,
        on=on,
        **kw,
    )


def loan(world, name, amount, months=10, on=DAY, **kw):
    return services.aid_loan(
        actor=world.treasurer,
        union=world.school,
        member=world.members[name],
        amount=amount,
        on=on,
        months=months,
        **kw,
    )


def message(exc_info) -> str:
    return "；".join(exc_info.value.messages)


# --- switched on or not -----------------------------------------------------------------


def test_a_union_without_the_fund_is_refused_every_movement(world):
    with pytest.raises(ValidationError) as exc:
        deposit(world, "周会员", "100")
    assert "本会未开办储金会/互助金" in message(exc)
    assert not AidEntry.objects.exists()


def test_a_federation_switching_its_fund_on_does_not_open_one_for_the_school(world):
    FinanceSettings.objects.create(union=world.fed, mutual_aid=True)
    with pytest.raises(ValidationError, match="未开办"):
        deposit(world, "周会员", "100")


def test_switching_the_fund_off_stops_new_movements(world, fund):
    deposit(world, "周会员", "100")
    FinanceSettings.objects.filter(union=fund).update(mutual_aid=False)
    with pytest.raises(ValidationError, match="未开办"):
        deposit(world, "周会员", "100")


# --- deposits ---------------------------------------------------------------------------


def test_deposit_adds_to_the_fund_and_to_the_members_savings_with_an_audit_entry(world, fund):
    entry = deposit(world, "周会员", "1,000.50", note="首次存入")
    assert entry.amount == D("1000.50") and entry.kind == "deposit"
    assert entry.recorded_by == world.treasurer
    assert q.totals(fund).balance == D("1000.50")
    assert q.totals(fund, world.members["周会员"]).savings == D("1000.50")
    trail = AuditEntry.objects.get(action="aid.deposit")
    assert trail.object_id == str(entry.pk) and trail.union_id == fund.pk
    assert trail.changes["amount"] == [None, "1000.50"]
    assert audit.verify().ok


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("12.345", "超过两位小数"),
        ("-5", "不能为负数"),
        ("0", "不能为零"),
        ("十元", "不是有效的金额"),
    ],
)
def test_bad_amounts_are_refused_in_chinese_and_nothing_is_written(world, fund, typed, says):
    with pytest.raises(ValidationError) as exc:
        deposit(world, "周会员", typed)
    assert says in message(exc)
    assert exc.value.error_dict.keys() == {"amount"}
    assert not AidEntry.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="aid.").exists()


def test_only_current_members_of_the_union_may_deposit_or_borrow(world, fund):
    with pytest.raises(ValidationError, match="不是本会会员"):
        services.aid_deposit(
            actor=world.treasurer, union=fund, member=world.members["郑护士"], amount="10", on=DAY
        )
    zhou = world.members["周会员"]
    member_services.member_leave(
        actor=None, member=zhou, on=datetime.date(2025, 1, 5), reason="辞职"
    )
    zhou.refresh_from_db()
    with pytest.raises(ValidationError, match="已离会"):
        deposit(world, "周会员", "10")
    with pytest.raises(ValidationError, match="已离会"):
        loan(world, "周会员", "10")


def test_a_date_in_the_future_is_refused(world, fund):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        deposit(world, "周会员", "10", on=datetime.date.today() + datetime.timedelta(days=2))


def test_a_person_without_finance_change_is_refused_by_the_service(world, fund):
    for user in (world.auditor, world.outsider, world.member):
        with pytest.raises(PermissionDenied):
            services.aid_deposit(
                actor=user, union=fund, member=world.members["周会员"], amount="10", on=DAY
            )
    assert not AidEntry.objects.exists()


def test_a_repeated_idempotency_key_returns_the_first_entry(world, fund):
    first = deposit(world, "周会员", "300", idempotency_key="k-1")
    again = deposit(world, "周会员", "300", idempotency_key="k-1")
    assert again.pk == first.pk
    assert AidEntry.objects.count() == 1
    assert q.totals(fund).balance == D("300")
    other = deposit(world, "周会员", "300", idempotency_key="k-2")
    assert other.pk != first.pk
    with pytest.raises(ValidationError, match="已用于另一笔业务"):
        loan(world, "吴老师", "10", idempotency_key="k-1")


def test_a_key_used_in_another_union_does_not_replay_there(world, fund):
    FinanceSettings.objects.create(union=world.hospital, mutual_aid=True)
    deposit(world, "周会员", "300", idempotency_key="same")
    entry = services.aid_deposit(
        actor=world.outsider,
        union=world.hospital,
        member=world.members["郑护士"],
        amount="50",
        on=DAY,
        idempotency_key="same",
    )
    assert entry.union == world.hospital and entry.amount == D("50")


# --- withdrawals ------------------------------------------------------------------------


def test_withdraw_is_limited_to_the_members_own_savings(world, fund):
    deposit(world, "周会员", "500")
    deposit(world, "吴老师", "800")
    with pytest.raises(ValidationError) as exc:
        services.aid_withdraw(
            actor=world.treasurer,
            union=fund,
            member=world.members["周会员"],
            amount="500.01",
            on=DAY,
        )
    assert "储金余额为 500.00 元" in message(exc)
    services.aid_withdraw(
        actor=world.treasurer, union=fund, member=world.members["周会员"], amount="200", on=DAY
    )
    assert q.totals(fund, world.members["周会员"]).savings == D("300")
    assert q.totals(fund).balance == D("1100")
    assert AuditEntry.objects.filter(action="aid.withdraw").count() == 1


def test_withdraw_is_limited_to_the_cash_the_fund_still_holds(world, fund):
    deposit(world, "周会员", "500")
    deposit(world, "吴老师", "500")
    loan(world, "孙组长", "800")
    with pytest.raises(ValidationError) as exc:
        services.aid_withdraw(
            actor=world.treasurer, union=fund, member=world.members["周会员"], amount="300", on=DAY
        )
    assert "现有结余 200.00 元" in message(exc)
    services.aid_withdraw(
        actor=world.treasurer, union=fund, member=world.members["周会员"], amount="200", on=DAY
    )
    assert q.totals(fund).balance == D("0")


def test_a_member_who_has_left_is_still_paid_back(world, fund):
    deposit(world, "周会员", "500")
    zhou = world.members["周会员"]
    member_services.member_leave(
        actor=None, member=zhou, on=datetime.date(2025, 4, 1), reason="辞职"
    )
    zhou.refresh_from_db()
    entry = services.aid_withdraw(
        actor=world.treasurer, union=fund, member=zhou, amount="500", on=datetime.date(2025, 4, 2)
    )
    assert entry.kind == "withdraw"
    assert q.totals(fund, zhou).savings == D("0")


# --- loans --------------------------------------------------------------------------------


def test_a_loan_never_exceeds_the_funds_balance(world, fund):
    deposit(world, "周会员", "1000")
    with pytest.raises(ValidationError) as exc:
        loan(world, "吴老师", "1000.01")
    assert "现有结余 1,000.00 元，不足以借出 1,000.01 元" in message(exc)
    made = loan(world, "吴老师", "1000", months=12)
    assert made.months == 12 and made.kind == "loan"
    assert q.totals(fund).balance == D("0")
    with pytest.raises(ValidationError, match="不足以借出"):
        loan(world, "孙组长", "0.01")
    assert AuditEntry.objects.filter(action="aid.loan").count() == 1


def test_a_second_loan_waits_until_the_first_is_repaid(world, fund):
    deposit(world, "周会员", "5000")
    first = loan(world, "吴老师", "1200", months=12)
    services.aid_repay(actor=world.treasurer, loan=first, amount="200", on=DAY)
    with pytest.raises(ValidationError) as exc:
        loan(world, "吴老师", "100")
    assert "尚欠 1,000.00 元" in message(exc)
    services.aid_repay(actor=world.treasurer, loan=first, amount="1000", on=DAY)
    assert loan(world, "吴老师", "100").amount == D("100")


@pytest.mark.parametrize("months", [0, 61, -1])
def test_a_loan_term_outside_one_to_sixty_months_is_refused(world, fund, months):
    deposit(world, "周会员", "5000")
    with pytest.raises(ValidationError, match="1 至 60 个月"):
        loan(world, "吴老师", "100", months=months)


# --- repayments ----------------------------------------------------------------------------


def test_repayments_reduce_what_is_owed_and_never_exceed_it(world, fund):
    deposit(world, "周会员", "5000")
    made = loan(world, "吴老师", "1000", months=4)
    services.aid_repay(actor=world.treasurer, loan=made, amount="250", on=DAY)
    with pytest.raises(ValidationError) as exc:
        services.aid_repay(actor=world.treasurer, loan=made, amount="750.01", on=DAY)
    assert "尚欠 750.00 元" in message(exc)
    last = services.aid_repay(actor=world.treasurer, loan=made, amount="750", on=DAY)
    assert last.loan == made and last.member == made.member and last.kind == "repay"
    assert q.outstanding_of(made) == D("0")
    assert q.totals(fund).balance == D("5000")
    with pytest.raises(ValidationError, match="已还清"):
        services.aid_repay(actor=world.treasurer, loan=made, amount="1", on=DAY)
    assert AuditEntry.objects.filter(action="aid.repay").count() == 2


def test_a_repayment_cannot_predate_its_loan_nor_be_made_on_a_deposit(world, fund):
    made_deposit = deposit(world, "周会员", "5000")
    made = loan(world, "吴老师", "1000", months=4)
    with pytest.raises(ValidationError, match="不能早于借款日期"):
        services.aid_repay(
            actor=world.treasurer, loan=made, amount="10", on=DAY - datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="只能对借款登记还款"):
        services.aid_repay(actor=world.treasurer, loan=made_deposit, amount="10", on=DAY)


def test_a_stale_copy_of_the_loan_cannot_overpay_it(world, fund):
    deposit(world, "周会员", "5000")
    made = loan(world, "吴老师", "1000", months=4)
    stale = q.loans(fund).get(pk=made.pk)  # repaid annotated as 0
    services.aid_repay(actor=world.treasurer, loan=made, amount="900", on=DAY)
    with pytest.raises(ValidationError, match=r"尚欠 100\.00 元"):
        services.aid_repay(actor=world.treasurer, loan=stale, amount="200", on=DAY)


# --- the balance never goes below zero, whatever the sequence --------------------------------

NAMES = ["周会员", "吴老师", "孙组长"]
moves = st.lists(
    st.tuples(
        st.sampled_from(["deposit", "withdraw", "loan", "repay"]),
        st.sampled_from(NAMES),
        st.decimals(min_value=D("0.01"), max_value=D("3000"), places=2),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves)
def test_no_sequence_of_movements_takes_a_balance_below_zero(world, fund, steps):
    from django.db import transaction

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for kind, name, amount in steps:
                member = world.members[name]
                try:
                    if kind == "deposit":
                        deposit(world, name, amount)
                    elif kind == "withdraw":
                        services.aid_withdraw(
                            actor=world.treasurer, union=fund, member=member, amount=amount, on=DAY
                        )
                    elif kind == "loan":
                        loan(world, name, amount, months=3)
                    else:
                        owing = q.loans(fund, member=member, open_only=True).first()
                        if owing is None:
                            continue
                        services.aid_repay(actor=world.treasurer, loan=owing, amount=amount, on=DAY)
                except ValidationError:
                    pass
                fund_totals = q.totals(fund)
                assert fund_totals.balance >= 0
                assert fund_totals.balance == fund_totals.savings - fund_totals.outstanding
                for other in NAMES:
                    assert q.totals(fund, world.members[other]).savings >= 0
                for open_loan in q.loans(fund):
                    assert 0 <= q.outstanding_of(open_loan) <= open_loan.amount
            raise Rollback
    except Rollback:
        pass
