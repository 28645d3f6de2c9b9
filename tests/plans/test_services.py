"""Plan services: import, copy, items, status, targets and links — each audited, each
refusing bad input in Chinese and writing nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.plans import services
from gonghui.plans.models import Item, ItemLink, ItemStatus, Plan, Target

from .support import YEAR, make_plan, parsed_plan


def test_import_saves_sections_items_targets_and_audits(world):
    plan = make_plan(world.school, actor=world.users["chair"])
    assert plan.title == "第一中学工会2026年工作计划"
    assert [s.title for s in plan.sections.order_by("order")] == ["加强组织建设", "丰富文体活动"]
    items = list(plan.items.order_by("order"))
    assert len(items) == 5
    assert items[1].due == datetime.date(YEAR, 8, 31) and items[1].months == [5, 8]
    assert items[2].rrule == "FREQ=WEEKLY;INTERVAL=2"
    assert items[3].in_schedule and items[3].section is None
    target = Target.objects.get(item__plan=plan)
    assert (target.metric, target.op, target.value, target.unit) == (
        "members.new",
        ">=",
        Decimal("300.00"),
        "人",
    )
    entry = AuditEntry.objects.filter(action="plan.import").get()
    assert entry.union_id == world.school.pk and entry.actor == world.users["chair"]


def test_import_refuses_a_second_plan_for_the_year_unless_replacing(world):
    make_plan(world.school)
    with pytest.raises(ValidationError, match="已有 2026 年度的工作计划"):
        make_plan(world.school)
    plan = services.plan_import(
        actor=None, union=world.school, year=YEAR, parsed=parsed_plan(), replace=True
    )
    assert Plan.objects.filter(union=world.school).count() == 1
    assert plan.items.count() == 5


def test_replace_refused_once_the_plan_has_progress(world):
    plan = make_plan(world.school)
    item = plan.items.first()
    services.item_set_status(actor=None, item=item, status=ItemStatus.DOING, reason="已布置")
    with pytest.raises(ValidationError, match="不能整体替换"):
        services.plan_import(
            actor=None, union=world.school, year=YEAR, parsed=parsed_plan(), replace=True
        )
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DOING


def test_import_with_a_bad_row_writes_nothing(world):
    parsed = parsed_plan()
    parsed.items[2].rrule = "FREQ=SOMETIMES"
    with pytest.raises(ValidationError, match="重复规则"):
        services.plan_import(actor=None, union=world.school, year=YEAR, parsed=parsed)
    assert not Plan.objects.exists() and not Item.objects.exists()


def test_federation_and_outsider_cannot_plan(world):
    with pytest.raises(ValidationError, match="基层工会"):
        services.plan_create(actor=None, union=world.fed, year=YEAR)
    with pytest.raises(PermissionDenied):
        make_plan(world.school, actor=world.users["outsider"])
    with pytest.raises(PermissionDenied):
        make_plan(world.school, actor=world.users["treasurer"])


def test_copy_moves_deadlines_and_leaves_status_and_links(world):
    plan = make_plan(world.school)
    item = plan.items.get(order=2)
    services.item_set_status(
        actor=None, item=item, status=ItemStatus.DONE, done_on=datetime.date(YEAR, 8, 20)
    )
    new = services.plan_copy(actor=world.users["chair"], plan=plan, year=YEAR + 1)
    assert new.title == "第一中学工会2027年工作计划" and new.copied_from == plan
    copied = new.items.get(order=2)
    assert copied.due == datetime.date(YEAR + 1, 8, 31)
    assert copied.status == ItemStatus.PLANNED and copied.done_on is None
    assert new.sections.count() == 2 and Target.objects.filter(item__plan=new).count() == 1
    with pytest.raises(ValidationError):
        services.plan_copy(actor=None, plan=plan, year=YEAR + 1)


def test_item_rules(world):
    plan = make_plan(world.school)
    with pytest.raises(ValidationError, match="完成期限须在 2026 年内"):
        services.item_save(actor=None, plan=plan, text="x", due=datetime.date(2027, 1, 5))
    with pytest.raises(ValidationError, match="月份"):
        services.item_save(actor=None, plan=plan, text="x", months=[13])
    with pytest.raises(ValidationError, match="须选择月份"):
        services.item_save(actor=None, plan=plan, text="x", in_schedule=True)
    with pytest.raises(ValidationError, match="不是第一中学工会的会员"):
        services.item_save(actor=None, plan=plan, text="x", owner=world.members["郑护士"])
    item = services.item_save(
        actor=world.users["committee"],
        plan=plan,
        text="组织乒乓球赛",
        months=[4, 4, 3],
        rrule="freq=monthly",
    )
    assert item.months == [3, 4] and item.rrule == "FREQ=MONTHLY" and item.order == 6


def test_status_needs_a_date_when_done_and_a_reason_when_dropped(world):
    item = make_plan(world.school).items.first()
    with pytest.raises(ValidationError, match="完成日期"):
        services.item_set_status(actor=None, item=item, status=ItemStatus.DONE)
    with pytest.raises(ValidationError, match="原因"):
        services.item_set_status(actor=None, item=item, status=ItemStatus.DROPPED)
    services.item_set_status(actor=None, item=item, status=ItemStatus.DROPPED, notes="上级统一安排")
    item.refresh_from_db()
    assert item.status == ItemStatus.DROPPED and item.notes == "上级统一安排"


def test_targets_check_metric_and_value(world):
    item = make_plan(world.school).items.first()
    with pytest.raises(ValidationError, match="没有名为"):
        services.target_save(actor=None, item=item, metric="nope", value=1)
    with pytest.raises(ValidationError, match="不是数字"):
        services.target_save(actor=None, item=item, metric="members.total", value="三百")
    target = services.target_save(actor=None, item=item, metric="members.total", value="1,200")
    assert target.value == Decimal("1200.00") and target.unit == "人"


def test_link_once_and_never_delete_a_linked_item(world):
    plan = make_plan(world.school)
    item = plan.items.first()
    other = plan  # any saved object will do for the generic link
    services.item_link(
        actor=None, item=item, obj=other, label="计划本身", on=datetime.date(YEAR, 3, 1)
    )
    with pytest.raises(ValidationError, match="已经关联"):
        services.item_link(
            actor=None, item=item, obj=other, label="计划本身", on=datetime.date(YEAR, 3, 1)
        )
    with pytest.raises(ValidationError, match="不能删除"):
        services.item_delete(actor=None, item=item)
    services.item_unlink(actor=None, link=ItemLink.objects.get())
    services.item_delete(actor=None, item=item)
    assert plan.items.count() == 4
