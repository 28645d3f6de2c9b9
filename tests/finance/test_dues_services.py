"""The dues services: bases, the monthly run, payments and reversals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.models import (
    DuesBase,
    DuesBatch,
    DuesCharge,
    DuesPayment,
    DuesRun,
    FinanceSettings,
)
from gonghui.finance.services import dues as ds
from gonghui.members import services as member_services
from gonghui.orgs.models import MemberStatus

from .test_dues_support import DUES, MONTH, MONTH_TOTAL, charged_world, pay, set_bases

D = Decimal


def charge(world, name, month=MONTH):
    return DuesCharge.objects.get(member=world.members[name], month=month)


def messages(exc) -> str:
    return "；".join(exc.value.messages)


# --- the run ----------------------------------------------------------------------------


def test_the_run_charges_each_member_at_the_rate_of_the_counted_items(world):
    set_bases(world)
    run = ds.dues_run(actor=world.treasurer, union=world.school, month="2026-10")
    assert run.month == MONTH
    assert run.created == 6 and run.skipped == 0
    assert run.total == D("110.00")
    got = {c.member.name: c.amount for c in DuesCharge.objects.filter(month=MONTH)}
    assert got == DUES
    # The charge keeps the whole base it used, the rate, and the member's group.
    lee = charge(world, "李主席")
    assert lee.base == D("3009.99") and lee.rate == D("0.0050") and lee.paid == 0
    assert lee.group_id_at == world.chinese.pk
    assert charge(world, "赵财务").base == D("6000.00")  # the bonus is not counted
    assert charge(world, "赵财务").group_id_at == world.maths.pk
    # Exempt (病休) members and other unions' members get nothing.
    assert not DuesCharge.objects.filter(member=world.members["吴老师"]).exists()
    assert not DuesCharge.objects.filter(union=world.hospital).exists()
    entry = AuditEntry.objects.get(action="dues.run")
    assert entry.changes["created"] == [None, 6]
    assert entry.changes["total"] == [None, "110.00"]


@pytest.mark.parametrize(
    ("basic", "rounding", "expected"),
    [
        ("3009.99", "drop10", "15.00"),  # the 9.99 under ten yuan is not counted
        ("3010.00", "drop10", "15.05"),
        ("3019.99", "drop10", "15.05"),
        ("10.00", "drop10", "0.05"),
        ("9.99", "drop10", None),  # nothing counted: no charge at all
        ("3009.99", "exact", "15.05"),  # 15.04995 rounds half up
        ("3000.99", "exact", "15.00"),  # 15.00495 rounds down
        ("3001.00", "exact", "15.01"),  # 15.005 rounds half up
    ],
)
def test_rounding_on_boundary_bases(world, basic, rounding, expected):
    FinanceSettings.objects.create(
        union=world.school, dues_rounding=rounding, dues_items=["basic", "post", "performance"]
    )
    ds.dues_base_set(actor=None, member=world.members["李主席"], items={"basic": basic})
    ds.dues_run(actor=None, union=world.school, month=MONTH)
    found = DuesCharge.objects.filter(member=world.members["李主席"]).first()
    if expected is None:
        assert found is None
    else:
        assert found.amount == D(expected)


def test_running_a_month_twice_changes_nothing(world):
    charged_world(world)
    before = list(DuesCharge.objects.order_by("pk").values_list("pk", "member_id", "amount"))
    again = ds.dues_run(actor=world.treasurer, union=world.school, month=MONTH)
    assert again.created == 0 and again.skipped == 6 and again.total == 0
    after = list(DuesCharge.objects.order_by("pk").values_list("pk", "member_id", "amount"))
    assert after == before
    # Both runs are on record.
    assert DuesRun.objects.filter(union=world.school, month=MONTH).count() == 2


def test_a_rerun_adds_only_what_was_missing(world):
    charged_world(world)
    late = member_services.member_create(
        actor=None, union=world.school, name="冯新人", sex="M", group=world.maths
    )
    ds.dues_base_set(actor=None, member=late, items={"basic": "2000"})
    run = ds.dues_run(actor=None, union=world.school, month=MONTH)
    assert run.created == 1 and run.skipped == 6 and run.total == D("10.00")


def test_a_changed_base_does_not_change_a_charged_month(world):
    charged_world(world)
    ds.dues_base_set(actor=None, member=world.members["李主席"], items={"basic": "8000"})
    ds.dues_run(actor=None, union=world.school, month=MONTH)
    assert charge(world, "李主席").amount == D("15.00")
    ds.dues_run(actor=None, union=world.school, month="2026-11")
    assert charge(world, "李主席", datetime.date(2026, 11, 1)).amount == D("40.00")


def test_retired_members_are_exempt_unless_the_setting_says_otherwise(world):
    set_bases(world)
    member_services.member_retire(
        actor=None, member=world.members["钱经审"], on=datetime.date(2026, 6, 30)
    )
    ds.dues_run(actor=None, union=world.school, month=MONTH)
    assert not DuesCharge.objects.filter(member=world.members["钱经审"]).exists()
    FinanceSettings.objects.create(
        union=world.school, exempt_retired=False, dues_items=["basic", "post", "performance"]
    )
    ds.dues_run(actor=None, union=world.school, month="2026-11")
    assert DuesCharge.objects.filter(member=world.members["钱经审"]).count() == 1


def test_a_federation_setting_reaches_its_unions(world):
    FinanceSettings.objects.create(
        union=world.fed, dues_rate=D("0.0100"), dues_items=["basic", "bonus"]
    )
    set_bases(world)
    ds.dues_run(actor=None, union=world.school, month=MONTH)
    # 赵财务: basic 5,000 + bonus 800 = 5,800 at 1 %.
    assert charge(world, "赵财务").amount == D("58.00")


def test_members_who_left_joined_later_or_have_no_base_are_not_charged(world):
    set_bases(world)
    m = world.members
    member_services.member_update(
        actor=None, member=m["王委员"], joined_on=datetime.date(2026, 11, 2)
    )
    member_services.member_update(
        actor=None, member=m["孙组长"], joined_on=datetime.date(2026, 10, 31)
    )
    member_services.member_leave(
        actor=None, member=m["周会员"], on=datetime.date(2026, 9, 30), reason="调离"
    )
    DuesBase.objects.filter(member=m["李主席"]).delete()
    run = ds.dues_run(actor=None, union=world.school, month=MONTH)
    names = set(DuesCharge.objects.values_list("member__name", flat=True))
    assert names == {"赵财务", "钱经审", "孙组长"}
    assert run.created == 3


def test_the_run_is_recorded_even_when_nothing_is_missing(world):
    run = ds.dues_run(actor=None, union=world.school, month=MONTH)
    assert run.pk and run.created == 0 and run.total == 0
    assert AuditEntry.objects.filter(action="dues.run").count() == 1


def test_the_run_refuses_a_future_month_a_federation_and_an_outsider(world):
    set_bases(world)
    future = (datetime.date.today().replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    with pytest.raises(ValidationError) as exc:
        ds.dues_run(actor=None, union=world.school, month=future)
    assert "还没到" in messages(exc)
    with pytest.raises(ValidationError, match="基层工会"):
        ds.dues_run(actor=None, union=world.fed, month=MONTH)
    with pytest.raises(ValidationError, match="格式不对"):
        ds.dues_run(actor=None, union=world.school, month="2026-13")
    with pytest.raises(PermissionDenied):
        ds.dues_run(actor=world.outsider, union=world.school, month=MONTH)
    with pytest.raises(PermissionDenied):  # the auditor reads but does not write
        ds.dues_run(actor=world.auditor, union=world.school, month=MONTH)
    assert not DuesCharge.objects.exists() and not DuesRun.objects.exists()


# --- bases ------------------------------------------------------------------------------


def test_a_base_is_set_and_changed_with_its_audit_entry(world):
    lee = world.members["李主席"]
    base = ds.dues_base_set(actor=world.treasurer, member=lee, items={"basic": "3000.50"})
    assert base.basic == D("3000.50") and base.post == 0 and base.union == world.school
    ds.dues_base_set(actor=world.treasurer, member=lee, items={"post": "800"})
    base.refresh_from_db()
    assert (base.basic, base.post) == (D("3000.50"), D("800.00"))  # untouched item kept
    entries = AuditEntry.objects.filter(action="dues.base").order_by("id")
    assert entries.count() == 2
    assert entries.last().changes["post"] == ["0.00", "800.00"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"basic": "3000.555"}, "超过两位小数"),
        ({"basic": "-100"}, "不能为负数"),
        ({"basic": "三千"}, "不是有效的金额"),
        ({"salary": "3000"}, "没有这些工资项目"),
    ],
)
def test_bad_base_amounts_are_refused(world, items, message):
    with pytest.raises(ValidationError) as exc:
        ds.dues_base_set(actor=None, member=world.members["李主席"], items=items)
    assert message in messages(exc)
    assert not DuesBase.objects.exists()


def test_an_individual_exemption_needs_a_reason(world):
    with pytest.raises(ValidationError) as exc:
        ds.dues_base_set(
            actor=None, member=world.members["李主席"], items={"basic": "3000"}, exempt=True
        )
    assert "原因" in messages(exc)


# --- one payment ------------------------------------------------------------------------


def test_a_payment_is_a_one_payment_batch_on_the_charge(world):
    charged_world(world)
    batch = pay(world, "王委员", "15.05", key="k1")
    assert (batch.count, batch.total, batch.month, batch.method) == (1, D("15.05"), MONTH, "cash")
    payment = DuesPayment.objects.get(batch=batch)
    assert payment.member == world.members["王委员"] and payment.amount == D("15.05")
    assert charge(world, "王委员").paid == D("15.05")
    entry = AuditEntry.objects.get(action="dues.pay")
    assert entry.changes["amount"] == [None, "15.05"]


def test_part_payments_add_up_and_the_rest_is_refused(world):
    charged_world(world)
    pay(world, "王委员", "10")
    pay(world, "王委员", "5.04")
    with pytest.raises(ValidationError) as exc:
        pay(world, "王委员", "0.02")
    assert "超过" in messages(exc) and "0.01" in messages(exc)
    pay(world, "王委员", "0.01")
    assert charge(world, "王委员").paid == D("15.05")
    with pytest.raises(ValidationError, match="已缴清"):
        pay(world, "王委员", "1")


def test_the_same_form_posted_twice_records_one_payment(world):
    charged_world(world)
    first = pay(world, "李主席", "15", key="form-token-1")
    again = pay(world, "李主席", "15", key="form-token-1")
    assert again.pk == first.pk
    assert DuesPayment.objects.count() == 1 and DuesBatch.objects.count() == 1
    assert charge(world, "李主席").paid == D("15.00")
    assert AuditEntry.objects.filter(action="dues.pay").count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("15.001", "超过两位小数"),
        ("-5", "不能为负数"),
        ("0", "不能为零"),
        ("abc", "不是有效的金额"),
        ("15.01", "超过「李主席」2026年10月未缴的 15.00 元"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(world, amount, message):
    charged_world(world)
    with pytest.raises(ValidationError) as exc:
        pay(world, "李主席", amount)
    assert message in messages(exc)
    assert not DuesPayment.objects.exists() and not DuesBatch.objects.exists()
    assert charge(world, "李主席").paid == 0


def test_a_member_of_another_union_is_named_in_the_refusal(world):
    charged_world(world)
    with pytest.raises(ValidationError) as exc:
        pay(world, "郑护士", "10")
    assert "「郑护士」不是第一中学工会的会员" in messages(exc)


def test_a_month_not_charged_yet_says_to_run_it_first(world):
    charged_world(world)
    with pytest.raises(ValidationError) as exc:
        pay(world, "李主席", "15", month="2026-09")
    assert "还没有应缴会费记录" in messages(exc) and "计算本月会费" in messages(exc)
    with pytest.raises(ValidationError, match="还没有应缴会费记录"):
        pay(world, "吴老师", "10")  # exempt: never charged


def test_a_payment_dated_tomorrow_or_by_an_outsider_is_refused(world):
    charged_world(world)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        ds.dues_pay(
            actor=world.treasurer,
            union=world.school,
            member=world.members["李主席"],
            month=MONTH,
            amount="15",
            paid_on=datetime.date.today() + datetime.timedelta(days=2),
            method="cash",
        )
    with pytest.raises(PermissionDenied):
        pay(world, "李主席", "15", actor=world.outsider)


# --- reversal ---------------------------------------------------------------------------


def test_a_reversal_cancels_a_payment_once(world):
    charged_world(world)
    pay(world, "赵财务", "30")
    payment = DuesPayment.objects.get()
    reversal = ds.dues_payment_reverse(actor=world.treasurer, payment=payment, reason="重复登记")
    assert reversal.amount == D("-30.00") and reversal.reverses == payment
    assert "重复登记" in reversal.note
    assert charge(world, "赵财务").paid == 0
    assert reversal.batch.total == D("-30.00")
    with pytest.raises(ValidationError, match="不能重复冲销"):
        ds.dues_payment_reverse(actor=world.treasurer, payment=payment, reason="再来")
    with pytest.raises(ValidationError, match="不能再冲销"):
        ds.dues_payment_reverse(actor=world.treasurer, payment=reversal, reason="再来")
    assert charge(world, "赵财务").paid == 0
    # The member can pay again after the reversal.
    pay(world, "赵财务", "30")
    assert charge(world, "赵财务").paid == D("30.00")
    assert AuditEntry.objects.filter(action="dues.reverse").count() == 1


def test_a_reversal_needs_a_reason_and_the_right_to_change(world):
    charged_world(world)
    pay(world, "赵财务", "30")
    payment = DuesPayment.objects.get()
    with pytest.raises(ValidationError, match="冲销原因"):
        ds.dues_payment_reverse(actor=world.treasurer, payment=payment, reason="  ")
    with pytest.raises(PermissionDenied):
        ds.dues_payment_reverse(actor=world.outsider, payment=payment, reason="x")
    assert DuesPayment.objects.count() == 1


def test_the_month_total_is_what_the_members_owe(world):
    charged_world(world)
    assert sum(DuesCharge.objects.values_list("amount", flat=True), D("0")) == MONTH_TOTAL


def test_a_transferred_members_base_follows_them(world):
    lee = world.members["周会员"]
    ds.dues_base_set(actor=None, member=lee, items={"basic": "3000"})
    member_services.member_transfer(
        actor=None,
        member=lee,
        on=datetime.date(2026, 9, 1),
        to_union=world.hospital,
        to_name="",
        reason="调动",
    )
    lee.refresh_from_db()
    assert lee.union == world.hospital and lee.status == MemberStatus.ACTIVE
    ds.dues_base_set(actor=None, member=lee, items={"basic": "3100"})
    assert DuesBase.objects.get(member=lee).union == world.hospital
    run = ds.dues_run(actor=None, union=world.hospital, month=MONTH)
    assert run.created == 1


# --- booking ----------------------------------------------------------------------------


def test_the_months_batches_are_booked_once_as_a_draft_income_voucher(world):
    from gonghui.finance.models import Voucher

    charged_world(world)
    pay(world, "李主席", "15")
    pay(world, "赵财务", "30")
    voucher = ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    assert (voucher.kind, voucher.status, voucher.total) == ("income", "draft", D("45.00"))
    assert voucher.date == datetime.date(2026, 10, 31)
    line = voucher.lines.get()
    assert (line.category.code, line.amount) == ("401", D("45.00"))
    assert "2026年10月" in voucher.summary and "2批" in voucher.summary
    assert set(DuesBatch.objects.values_list("voucher", flat=True)) == {voucher.pk}
    assert AuditEntry.objects.filter(action="dues.book").count() == 1
    with pytest.raises(ValidationError, match="没有未入账"):
        ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    # A later payment is booked on its own voucher.
    pay(world, "钱经审", "20")
    second = ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    assert second.pk != voucher.pk and second.total == D("20.00")
    assert Voucher.objects.count() == 2


def test_deleting_a_dues_draft_gives_its_batches_back_for_booking(world):
    from gonghui.finance.services.vouchers import voucher_delete

    charged_world(world)
    pay(world, "李主席", "15")
    draft = ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    voucher_delete(actor=world.treasurer, voucher=draft)
    assert list(DuesBatch.objects.values_list("voucher", flat=True)) == [None]
    again = ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    assert again.total == D("15.00")


def test_a_month_whose_unbooked_batches_net_below_zero_is_not_booked(world):
    charged_world(world)
    pay(world, "赵财务", "30")
    ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    payment = DuesPayment.objects.get()
    ds.dues_payment_reverse(actor=world.treasurer, payment=payment, reason="退回")
    with pytest.raises(ValidationError, match="冲销凭证"):
        ds.dues_book(actor=world.treasurer, union=world.school, month=MONTH)
    with pytest.raises(PermissionDenied):
        ds.dues_book(actor=world.auditor, union=world.school, month=MONTH)
