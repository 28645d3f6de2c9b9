"""Dues reads: the month's figures, collection by group and month, arrears and the
six-month flag, a member's history, and who may read them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.finance import summary as finance_summary
from gonghui.finance.models import FinanceSettings
from gonghui.finance.queries import dues as dq
from gonghui.finance.services import dues as ds
from gonghui.members import services as member_services

from .test_dues_support import MONTH, charged_world, pay, set_bases

D = Decimal
MONTHS = [datetime.date(2026, m, 1) for m in range(5, 11)]  # May … October


def test_the_month_overview_adds_up_by_group(world):
    charged_world(world)
    pay(world, "李主席", "15")
    pay(world, "赵财务", "10")
    o = dq.month_overview(world.treasurer, world.school, MONTH)
    assert (o.total.charged, o.total.due, o.total.paid) == (6, D("110.00"), D("25.00"))
    assert o.total.outstanding == D("85.00") and o.total.settled == 1
    assert o.total.rate == D("22.7")  # 25 / 110
    groups = {g.label: (g.charged, g.due, g.paid, g.rate) for g in o.groups}
    assert groups == {
        "语文组": (4, D("60.00"), D("15.00"), D("25.0")),
        "数学组": (2, D("50.00"), D("10.00"), D("20.0")),
    }
    assert o.exempt == 1 and o.without_base == 0
    assert o.last_run.created == 6
    assert [b.total for b in o.batches] == [D("10.00"), D("15.00")]
    assert o.unbooked == D("25.00")


def test_the_group_is_the_one_at_charging_time(world):
    charged_world(world)
    member_services.member_update(actor=None, member=world.members["李主席"], group=world.maths)
    groups = {
        g.label: g.charged for g in dq.month_overview(world.chair, world.school, MONTH).groups
    }
    assert groups == {"语文组": 4, "数学组": 2}


def test_members_without_a_base_are_counted_for_the_page(world):
    charged_world(world)
    member_services.member_create(actor=None, union=world.school, name="冯新人", sex="M")
    assert dq.month_overview(world.chair, world.school, MONTH).without_base == 1


def test_an_empty_month_has_no_rate(world):
    o = dq.month_overview(world.treasurer, world.school, MONTH)
    assert o.total.charged == 0 and o.total.rate is None and o.last_run is None


def test_collection_per_month_of_a_year(world):
    set_bases(world)
    for month in MONTHS[-2:]:
        ds.dues_run(actor=None, union=world.school, month=month)
    pay(world, "赵财务", "30", month=MONTHS[-1])
    year = dq.year_by_month(world.auditor, world.school, 2026)
    assert [f.label for f in year] == [f"{m}月" for m in range(1, 13)]
    assert year[8].due == D("110.00") and year[8].paid == 0 and year[8].rate == D("0.0")
    assert year[9].paid == D("30.00") and year[9].rate == D("27.3")
    assert year[0].charged == 0 and year[0].rate is None


@pytest.fixture
def six_months(world):
    set_bases(world)
    for month in MONTHS:
        ds.dues_run(actor=None, union=world.school, month=month)
    # 李主席 paid July; 王委员 paid everything; 赵财务 paid part of October; the rest nothing.
    pay(world, "李主席", "15", month=MONTHS[2])
    for month in MONTHS:
        pay(world, "王委员", "15.05", month=month)
    pay(world, "赵财务", "0.01", month=MONTHS[-1])
    return world


def test_arrears_list_months_totals_and_the_six_month_flag(six_months):
    w = six_months
    rows = dq.arrears_rows(dq.arrears(w.treasurer, w.school), w.school)
    by_name = {r.member.name: r for r in rows}
    assert set(by_name) == {"李主席", "赵财务", "钱经审", "孙组长", "周会员"}
    assert "王委员" not in by_name  # paid in full
    zhou = by_name["周会员"]
    assert (zhou.months, zhou.owed, zhou.streak) == (6, D("90.00"), 6)
    assert zhou.flag == "连续6个月未缴会费（章程：无正当理由视为自动退会，由工会委员会研究决定）"
    lee = by_name["李主席"]
    assert (lee.months, lee.owed, lee.streak, lee.flag) == (5, D("75.00"), 3, "")
    # A part payment in October breaks the run of unpaid months.
    zhao = by_name["赵财务"]
    assert (zhao.months, zhao.owed, zhao.streak, zhao.flag) == (6, D("179.99"), 0, "")
    # Flagged first, then by months owed.
    assert [r.member.name for r in rows][:3] == sorted(
        ["钱经审", "孙组长", "周会员"], key=lambda n: by_name[n].member.name_pinyin
    )
    flagged = dq.arrears(w.treasurer, w.school, flagged_only=True)
    assert {m.name for m in flagged} == {"钱经审", "孙组长", "周会员"}


def test_the_flag_follows_the_unions_setting(six_months):
    w = six_months
    FinanceSettings.objects.create(
        union=w.school, arrears_months=3, dues_items=["basic", "post", "performance"]
    )
    flagged = {m.name for m in dq.arrears(w.treasurer, w.school, flagged_only=True)}
    assert flagged == {"李主席", "钱经审", "孙组长", "周会员"}


def test_arrears_search_by_name_or_card(six_months):
    w = six_months
    assert [m.name for m in dq.arrears(w.treasurer, w.school, q="HY0001")] == ["周会员"]
    assert [m.name for m in dq.arrears(w.treasurer, w.school, q="李")] == ["李主席"]


def test_a_members_history_shows_payments_and_reversals(world):
    charged_world(world)
    pay(world, "赵财务", "30")
    payment = world.members["赵财务"].dues_payments.get()
    ds.dues_payment_reverse(actor=None, payment=payment, reason="重复登记")
    history = dq.member_history(world.treasurer, world.members["赵财务"])
    assert [c.month for c in history] == [MONTH]
    payments = sorted(history[0].payments.all(), key=lambda p: p.pk)
    assert [p.amount for p in payments] == [D("30.00"), D("-30.00")]
    assert history[0].paid == 0


@pytest.mark.parametrize("who", ["outsider", "group_leader", "member", "nobody"])
def test_people_without_finance_view_here_are_refused(world, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        dq.month_overview(user, world.school, MONTH)
    with pytest.raises(PermissionDenied):
        dq.arrears(user, world.school)
    with pytest.raises(PermissionDenied):
        dq.member_history(user, world.members["周会员"])


def test_the_auditor_and_the_federation_read_but_the_federation_keeps_no_dues(world):
    dq.month_overview(world.auditor, world.school, MONTH)
    dq.month_overview(world.fed_admin, world.school, MONTH)
    with pytest.raises(PermissionDenied):
        dq.month_overview(world.fed_admin, world.fed, MONTH)


def test_the_summary_counts_arrears_up_to_the_end_of_its_period(six_months):
    """A summary of a period counts only the months charged by its end: at the end of
    September (five unpaid months, May–September) nobody has six in a row yet; at the end of
    October three have."""
    w = six_months
    september = datetime.date(2026, 9, 30)
    assert dq.arrears_query(w.school, flagged_only=True, until=september).count() == 0
    assert finance_summary.arrears(w.school, september) is None
    october = finance_summary.arrears(w.school, datetime.date(2026, 10, 31))
    assert (
        october.text
        == "3名会员截至10月31日已连续6个月以上未缴会费，需按会章提请工会委员会研究处理。"
    )
    assert october.shortfall
