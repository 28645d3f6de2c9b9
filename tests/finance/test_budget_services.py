"""Drafting, adopting and adjusting a budget: who may, and what is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.models import Budget, BudgetAdjustment, BudgetLine
from gonghui.finance.queries.budget import execution
from gonghui.finance.services.budget import (
    budget_adjust,
    budget_adopt,
    budget_create,
    budget_update,
)

from .test_budget_support import ledger_voucher

D = Decimal
JAN = datetime.date(2026, 1, 10)


def draft(world, **lines):
    return budget_create(
        actor=world.treasurer,
        union=world.school,
        year=2026,
        lines=lines or {"501": "10000", "50101": "4000", "401": "3000"},
        note="教代会审议稿",
    )


def adopted(world, **lines):
    return budget_adopt(
        actor=world.chair, budget=draft(world, **lines), adopted_on=JAN, adopted_by="congress"
    )


def test_create_records_lines_and_audit(world):
    budget = draft(world)
    assert {(line.category.code, line.amount) for line in budget.lines.all()} == {
        ("501", D("10000.00")),
        ("50101", D("4000.00")),
        ("401", D("3000.00")),
    }
    entry = AuditEntry.objects.get(action="budget.create")
    assert (
        entry.changes["lines"][1]
        == "401 会费收入 3000.00；501 职工活动支出 10000.00；50101 节日慰问 4000.00"
    )
    assert entry.union_id == world.school.pk


@pytest.mark.parametrize(
    "lines, message",
    [
        ({"501": "10000.005"}, "超过两位小数"),
        ({"501": "-1"}, "不能为负数"),
        ({"501": "abc"}, "不是有效的金额"),
        ({"999": "1"}, "没有编码为“999”的收支科目"),
        ({}, "至少需要列一个科目"),
        (
            {"501": "1000", "50101": "600", "50102": "400.01"},
            "子项预算合计 1,000.01 元，超过该科目预算 1,000.00 元",
        ),
    ],
)
def test_bad_lines_are_refused_and_nothing_written(world, lines, message):
    with pytest.raises(ValidationError) as exc:
        budget_create(actor=world.treasurer, union=world.school, year=2026, lines=lines)
    assert message in "；".join(exc.value.messages)
    assert not Budget.objects.exists()
    assert not BudgetLine.objects.exists()


def test_one_budget_per_year(world):
    draft(world)
    with pytest.raises(ValidationError, match="2026年度预算已经存在"):
        draft(world)


def test_federation_keeps_no_budget(world):
    with pytest.raises(ValidationError, match="基层工会编制"):
        budget_create(actor=None, union=world.fed, year=2026, lines={"501": "1"})


def test_who_may_draft_adopt_and_adjust(world):
    with pytest.raises(PermissionDenied):
        budget_create(actor=world.outsider, union=world.school, year=2026, lines={"501": "1"})
    with pytest.raises(PermissionDenied):
        budget_create(actor=world.auditor, union=world.school, year=2026, lines={"501": "1"})
    budget = draft(world)
    # the treasurer drafts but the budget is adopted by the chair (finance.rules)
    with pytest.raises(PermissionDenied):
        budget_adopt(actor=world.treasurer, budget=budget, adopted_on=JAN, adopted_by="committee")
    budget_adopt(actor=world.chair, budget=budget, adopted_on=JAN, adopted_by="committee")
    with pytest.raises(PermissionDenied):
        budget_adjust(
            actor=world.treasurer,
            budget=budget,
            category="501",
            delta="1",
            reason="x",
            decided_on=JAN,
        )
    with pytest.raises(PermissionDenied):
        budget_adjust(
            actor=world.outsider,
            budget=budget,
            category="501",
            delta="1",
            reason="x",
            decided_on=JAN,
        )


def test_update_replaces_draft_lines_then_adoption_freezes_them(world):
    budget = draft(world)
    budget_update(actor=world.treasurer, budget=budget, lines={"501": "12000"}, note="修改稿")
    budget.refresh_from_db()
    assert [(x.category.code, x.amount) for x in budget.lines.all()] == [("501", D("12000.00"))]
    assert budget.note == "修改稿"
    entry = AuditEntry.objects.filter(action="budget.create").latest("id")
    assert entry.changes["lines"] == [
        "401 会费收入 3000.00；501 职工活动支出 10000.00；50101 节日慰问 4000.00",
        "501 职工活动支出 12000.00",
    ]
    budget_adopt(actor=world.chair, budget=budget, adopted_on=JAN, adopted_by="congress")
    with pytest.raises(ValidationError, match="不能直接修改；如需变动请办理预算调整"):
        budget_update(actor=world.chair, budget=budget, lines={"501": "99999"})
    assert budget.lines.get().amount == D("12000.00")


def test_adopt_records_date_and_body_once(world):
    budget = adopted(world)
    assert budget.adopted_on == JAN and budget.get_adopted_by_display() == "会员（代表）大会"
    assert AuditEntry.objects.filter(action="budget.adopt").count() == 1
    with pytest.raises(ValidationError, match="已于2026年1月10日审议通过"):
        budget_adopt(actor=world.chair, budget=budget, adopted_on=JAN, adopted_by="congress")


def test_adopt_refuses_future_dates_and_unknown_bodies(world):
    budget = draft(world)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        budget_adopt(
            actor=world.chair,
            budget=budget,
            adopted_on=datetime.date.today() + datetime.timedelta(days=1),
            adopted_by="congress",
        )
    with pytest.raises(ValidationError, match="请选择审议通过的会议"):
        budget_adopt(actor=world.chair, budget=budget, adopted_on=JAN, adopted_by="party")
    assert not Budget.objects.get().adopted


def test_adjust_keeps_the_original_and_records_the_change(world):
    budget = adopted(world)
    adj = budget_adjust(
        actor=world.chair,
        budget=budget,
        category="501",
        delta="2500.50",
        reason="增加教职工运动会",
        decided_on=datetime.date(2026, 5, 6),
    )
    line = BudgetLine.objects.get(budget=budget, category__code="501")
    assert line.amount == D("10000.00")  # the adopted figure stays
    assert adj.delta == D("2500.50") and adj.line == line
    row = next(r for r in execution(world.school, 2026).expense if r.category.code == "501")
    assert (row.budget, row.adjustments, row.effective) == (D("10000"), D("2500.50"), D("12500.50"))
    entry = AuditEntry.objects.get(action="budget.adjust")
    assert entry.changes["effective"] == ["10000.00", "12500.50"]
    assert entry.changes["reason"] == [None, "增加教职工运动会"]


def test_adjust_can_add_a_line_for_a_new_category(world):
    budget = adopted(world)
    budget_adjust(
        actor=world.chair,
        budget=budget,
        category="50203",
        delta="800",
        reason="新增劳动保护用品",
        decided_on=JAN,
    )
    line = BudgetLine.objects.get(budget=budget, category__code="50203")
    assert line.amount == 0 and line.adjustments.get().delta == D("800.00")
    with pytest.raises(ValidationError, match="未列入预算，不能调减"):
        budget_adjust(
            actor=world.chair,
            budget=budget,
            category="50204",
            delta="-1",
            reason="x",
            decided_on=JAN,
        )


def test_adjust_cannot_cut_below_what_is_posted(world):
    budget = adopted(world)
    ledger_voucher(world, [("50111", "7000")])
    with pytest.raises(ValidationError) as exc:
        budget_adjust(
            actor=world.chair,
            budget=budget,
            category="501",
            delta="-3000.01",
            reason="压缩",
            decided_on=JAN,
        )
    assert exc.value.messages == [
        "调整后【职工活动支出】预算为 6,999.99 元，低于已记账的 7,000.00 元，不能调减到已支出数以下。"
    ]
    assert not BudgetAdjustment.objects.exists()
    budget_adjust(
        actor=world.chair,
        budget=budget,
        category="501",
        delta="-3000",
        reason="压缩",
        decided_on=JAN,
    )


def test_adjust_keeps_sub_items_within_their_category(world):
    budget = adopted(world)
    with pytest.raises(
        ValidationError, match=r"子项预算合计 10,000\.01 元，超过该科目预算 10,000\.00 元"
    ):
        budget_adjust(
            actor=world.chair,
            budget=budget,
            category="50101",
            delta="6000.01",
            reason="x",
            decided_on=JAN,
        )


def test_adjust_needs_an_adopted_budget_a_reason_and_a_real_amount(world):
    budget = draft(world)
    with pytest.raises(ValidationError, match="尚未审议通过"):
        budget_adjust(
            actor=world.chair, budget=budget, category="501", delta="1", reason="x", decided_on=JAN
        )
    budget_adopt(actor=world.chair, budget=budget, adopted_on=JAN, adopted_by="congress")
    with pytest.raises(ValidationError, match="请写明调整原因"):
        budget_adjust(
            actor=world.chair, budget=budget, category="501", delta="1", reason=" ", decided_on=JAN
        )
    with pytest.raises(ValidationError, match="不能为零"):
        budget_adjust(
            actor=world.chair, budget=budget, category="501", delta="0", reason="x", decided_on=JAN
        )
    with pytest.raises(ValidationError, match="超过两位小数"):
        budget_adjust(
            actor=world.chair,
            budget=budget,
            category="501",
            delta="1.001",
            reason="x",
            decided_on=JAN,
        )
