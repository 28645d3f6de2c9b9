"""Budget pages: drafting, adoption, adjustment and the execution view."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.finance.models import Budget, BudgetAdjustment
from gonghui.finance.models import VoucherStatus as S
from gonghui.finance.services.budget import budget_adopt, budget_create

from .test_budget_support import ledger_voucher

D = Decimal


def url(name, *args):
    return reverse(f"finance:{name}", args=["school", *args])


@pytest.fixture
def adopted(world):
    b = budget_create(
        actor=world.treasurer,
        union=world.school,
        year=2026,
        lines={"501": "10000", "50111": "4000", "503": "2000"},
    )
    return budget_adopt(
        actor=world.chair, budget=b, adopted_on=datetime.date(2026, 1, 10), adopted_by="congress"
    )


def test_treasurer_drafts_a_budget_on_the_category_table(world, client_for):
    c = client_for(world.treasurer)
    page = c.get(url("budget_create") + "?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="c_50101"' in html and "节日慰问" in html
    r = c.post(
        url("budget_create"),
        {"year": "2026", "note": "初稿", "c_501": "10,000", "c_50111": "4000.5"},
    )
    assert r.status_code == 302 and r.url == url("budget_detail", 2026)
    budget = Budget.objects.get()
    assert {x.category.code: x.amount for x in budget.lines.all()} == {
        "501": D("10000"),
        "50111": D("4000.50"),
    }


def test_bad_amounts_are_shown_on_the_field_and_nothing_is_saved(world, client_for):
    c = client_for(world.treasurer)
    r = c.post(url("budget_create"), {"year": "2026", "c_501": "100.123", "c_503": "-5"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "超过两位小数" in html and "不能为负数" in html
    r = c.post(url("budget_create"), {"year": "2026", "c_501": "1000", "c_50111": "1000.01"})
    assert "子项预算合计 1,000.01 元，超过该科目预算 1,000.00 元" in r.content.decode()
    r = c.post(url("budget_create"), {"year": "2026"})
    assert "请至少填写一个科目的预算数" in r.content.decode()
    assert not Budget.objects.exists()


def test_draft_can_be_edited_then_chair_adopts_it(world, client_for):
    budget_create(actor=world.treasurer, union=world.school, year=2026, lines={"501": "100"})
    c = client_for(world.treasurer)
    page = c.get(url("budget_update", 2026))
    assert 'value="100.00"' in page.content.decode()
    assert c.post(url("budget_update", 2026), {"c_501": "200", "note": ""}).status_code == 302
    assert Budget.objects.get().lines.get().amount == D("200")
    # the treasurer cannot adopt; the chair can
    assert c.get(url("budget_adopt", 2026)).status_code == 403
    c = client_for(world.chair)
    r = c.post(url("budget_adopt", 2026), {"adopted_on": "2026-01-10", "adopted_by": "committee"})
    assert r.status_code == 302
    assert Budget.objects.get().adopted_by == "committee"
    # once adopted, the edit page sends people to adjustments
    r = client_for(world.treasurer).get(url("budget_update", 2026))
    assert r.status_code == 302 and r.url == url("budget_detail", 2026)


def test_adjustment_form_records_and_refuses_below_spent(world, client_for, adopted):
    ledger_voucher(world, [("50111", "3000")])
    c = client_for(world.chair)
    page = c.get(url("budget_adjust", 2026) + "?category=50111")
    assert page.status_code == 200
    bad = c.post(
        url("budget_adjust", 2026),
        {
            "category": adopted.lines.get(category__code="50111").category_id,
            "delta": "-1000.01",
            "reason": "压缩",
            "decided_on": "2026-03-01",
        },
    )
    assert "低于已记账的 3,000.00 元" in bad.content.decode()
    assert not BudgetAdjustment.objects.exists()
    ok = c.post(
        url("budget_adjust", 2026),
        {
            "category": adopted.lines.get(category__code="50111").category_id,
            "delta": "1500",
            "reason": "运动会追加",
            "decided_on": "2026-03-01",
        },
    )
    assert ok.status_code == 302
    detail = c.get(url("budget_detail", 2026)).content.decode()
    assert "运动会追加" in detail and "5,500.00" in detail


def test_execution_view_shows_warning_over_and_unbudgeted(world, client_for, adopted):
    ledger_voucher(world, [("50111", "3600")])  # 90% of 4,000: warning
    ledger_voucher(world, [("50201", "50")])  # not in the budget
    ledger_voucher(world, [("50302", "100")], status=S.SUBMITTED)  # in progress
    html = client_for(world.auditor).get(url("budget_detail", 2026)).content.decode()
    assert 'data-state="warn"' in html and "预警" in html
    assert "预算未列" in html and "困难帮扶" in html
    assert "会员（代表）大会审议通过" in html
    # auditor reads but gets no buttons
    assert url("budget_adjust", 2026) not in html and "记录审议通过" not in html


def test_page_without_a_budget_offers_to_draft_one(world, client_for):
    html = client_for(world.treasurer).get(url("budget_detail", 2027)).content.decode()
    assert "2027年度尚未编制预算" in html and "现在编制" in html


@pytest.mark.parametrize(
    "name, args",
    [
        ("budget_list", ()),
        ("budget_detail", (2026,)),
        ("budget_create", ()),
        ("budget_update", (2026,)),
        ("budget_adopt", (2026,)),
        ("budget_adjust", (2026,)),
    ],
)
def test_outsider_is_refused(world, client_for, adopted, name, args):
    assert client_for(world.outsider).get(url(name, *args)).status_code == 404


def test_member_and_group_leader_are_refused(world, client_for, adopted):
    for user in (world.member, world.group_leader):
        assert client_for(user).get(url("budget_detail", 2026)).status_code == 403
    # No grant reaches the school: not found.
    assert client_for(world.nobody).get(url("budget_detail", 2026)).status_code == 404


def test_list_and_detail_query_counts(world, client_for, adopted, django_assert_num_queries):
    for _i in range(5):
        ledger_voucher(world, [("50111", "10"), ("50302", "5"), ("50201", "1")])
    c = client_for(world.chair)
    with django_assert_num_queries(8):
        assert c.get(url("budget_list")).status_code == 200
    with django_assert_num_queries(13):
        assert c.get(url("budget_detail", 2026)).status_code == 200
