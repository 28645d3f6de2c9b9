"""An item's status from its records (``plans.status``): linked records, occurrences of a
recurring duty, the live figures of its targets, and the chair's status set by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core import metrics
from gonghui.core.models import AuditEntry
from gonghui.plans import queries, services, status
from gonghui.plans.models import Item, ItemLink, ItemStatus, Op, Plan, Target

YEAR = 2026
FIGURE = "test.figure"
VALUE: dict[str, Decimal | None] = {"now": None}


def day(month: int, d: int = 1, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, d)


@pytest.fixture
def figure():
    """A metric whose figure the test sets (VALUE["now"])."""
    metric = metrics.Metric(
        FIGURE, "测试收缴率", "%", "测试", lambda u, s, e: VALUE["now"], "测试用。"
    )
    metrics.register(metric)
    VALUE["now"] = None
    yield VALUE
    metrics.METRICS.pop(FIGURE, None)


@pytest.fixture
def plan(world):
    return Plan.objects.create(union=world.school, year=YEAR, title="计划")


def item(plan, text="事项", **fields) -> Item:
    order = plan.items.count() + 1
    return Item.objects.create(plan=plan, order=order, text=text, **fields)


def link(it: Item, on: datetime.date, obj=None) -> ItemLink:
    obj = obj or it.plan.union
    n = it.links.count()
    return ItemLink.objects.create(
        item=it,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk + 1000 * n,  # one row per link
        label=f"记录{n + 1}",
        linked_on=on,
    )


def state(it: Item, today: datetime.date) -> status.Status:
    return status.of(Item.objects.get(pk=it.pk), today)


# --- one-off items ------------------------------------------------------------------------


def test_a_record_in_its_period_makes_an_item_at_least_doing(plan):
    contract = item(plan, "8月底前签订集体合同", due=day(8, 31))
    assert state(contract, day(5, 10)).key == "planned"
    link(contract, day(5, 6))
    assert state(contract, day(5, 10)).key == "doing"
    # its deadline passed with a record: carried out
    assert state(contract, day(9, 1)).key == "done"
    # a record dated after the day asked is not counted then
    assert state(contract, day(5, 1)).key == "planned"


def test_a_schedule_item_whose_month_passed_without_record_is_overdue_never_planned(plan):
    checkup = item(plan, "组织教职工健康体检", months=[6], in_schedule=True)
    assert state(checkup, day(6, 15)).key == "planned"
    late = state(checkup, day(7, 1))
    assert (late.key, late.label) == ("overdue", "逾期")
    assert late.detail == "6月已过，没有落实记录"
    assert [i.pk for i in queries.overdue(plan, day(7, 1))] == [checkup.pk]
    # a record in July (late) still carries it out
    link(checkup, day(7, 3))
    assert state(checkup, day(7, 10)).key == "done"
    assert queries.overdue(plan, day(7, 10)) == []


def test_a_whole_year_item_without_record_waits(plan):
    assert state(item(plan, "加强工会小组建设"), day(11, 1)).key == "planned"


# --- recurring items ----------------------------------------------------------------------


def test_quarterly_item_counts_its_occurrences_against_records(plan):
    birthday = item(plan, "每季度组织一次教职工生日会", rrule="FREQ=MONTHLY;INTERVAL=3")
    for month in (3, 6, 9):
        link(birthday, day(month, 25))
    s = state(birthday, day(11, 21))
    assert (s.key, s.detail) == ("doing", "4 次中已落实 3 次")
    assert (s.occurrences, s.covered, s.records) == (4, 3, 3)
    # the year over with one quarter missing
    assert state(birthday, day(1, 5, YEAR + 1)).key == "partial"
    link(birthday, day(12, 18))
    assert state(birthday, day(12, 20)).key == "done"


def test_recurring_item_without_records(plan):
    monthly = item(plan, "每月开展一次小组活动", rrule="FREQ=MONTHLY")
    # January's window is still open: nothing to say yet
    assert state(monthly, day(1, 20)).key == "planned"
    s = state(monthly, day(3, 10))
    assert (s.key, s.label, s.detail) == ("unrecorded", "未落实", "3 次中已落实 0 次")
    # not a deadline missed: a duty without records is not in the overdue list
    assert queries.overdue(plan, day(3, 10)) == []


def test_a_record_before_the_first_occurrence_counts_for_it(plan):
    terms = item(plan, "每学期召开一次工会委员会会议", rrule="FREQ=YEARLY;BYMONTH=3,9")
    link(terms, day(2, 26))
    s = state(terms, day(4, 1))
    assert (s.key, s.detail) == ("doing", "1 次中已落实 1 次")


# --- targets --------------------------------------------------------------------------------


def test_a_target_met_by_its_live_figure(plan, figure):
    dues = item(plan, "会费收缴率达到100%")
    Target.objects.create(item=dues, metric=FIGURE, op=Op.GE, value=100, unit="%")
    assert state(dues, day(11, 21)).key == "planned"  # no figure yet
    figure["now"] = Decimal("99.37")
    s = state(dues, day(11, 21))
    assert (s.key, s.detail) == ("doing", "测试收缴率 99.37%，目标 ≥ 100%")
    assert state(dues, day(1, 5, YEAR + 1)).key == "missed"
    figure["now"] = Decimal("100")
    assert state(dues, day(11, 21)).key == "met"
    assert state(dues, day(11, 21)).label == "已达成"


def test_a_zero_figure_is_not_progress(plan, figure):
    grow = item(plan, "发展新会员10人", months=[3])
    Target.objects.create(item=grow, metric=FIGURE, op=Op.GE, value=10)
    figure["now"] = Decimal(0)
    assert state(grow, day(4, 1)).key == "overdue"


# --- set by hand ----------------------------------------------------------------------------


def test_status_set_by_hand_wins_needs_a_reason_and_is_audited(plan, world):
    monthly = item(plan, "每月公开一次财务", rrule="FREQ=MONTHLY")
    with pytest.raises(ValidationError, match="理由"):
        services.item_set_status(actor=world.chair, item=monthly, status=ItemStatus.DOING)
    services.item_set_status(
        actor=world.chair, item=monthly, status=ItemStatus.DOING, reason="公开栏每月公布"
    )
    s = state(monthly, day(5, 1))
    assert (s.key, s.by_hand, s.reason) == ("doing", True, "公开栏每月公布")
    entry = AuditEntry.objects.filter(action="plan.item_status").latest("id")
    assert entry.changes["status_by_hand"] == [False, True]
    # back to the records
    services.item_set_status(actor=world.chair, item=monthly, status="")
    s = state(monthly, day(5, 1))
    assert (s.key, s.by_hand) == ("unrecorded", False)


def test_done_by_hand_needs_only_its_date(plan, world):
    outing = item(plan, "组织女教职工踏青", months=[3], in_schedule=True)
    services.item_set_status(
        actor=world.chair, item=outing, status=ItemStatus.DONE, done_on=day(3, 7)
    )
    s = state(outing, day(4, 1))
    assert (s.key, s.by_hand, s.detail) == ("done", True, "3月7日完成")


def test_a_late_item_set_doing_by_hand_stays_in_the_overdue_list(plan, world):
    checkup = item(plan, "体检", due=day(6, 30))
    services.item_set_status(
        actor=world.chair, item=checkup, status=ItemStatus.DOING, reason="医院排期推迟"
    )
    assert [i.pk for i in queries.overdue(plan, day(7, 2))] == [checkup.pk]


# --- many items at once ---------------------------------------------------------------------


def test_counts_and_the_dashboard_read_the_records(plan, figure):
    birthday = item(plan, "每季度生日会", rrule="FREQ=MONTHLY;INTERVAL=3")
    for month in (3, 6, 9):
        link(birthday, day(month, 25))
    item(plan, "体检", months=[6], in_schedule=True)
    done = item(plan, "踏青", months=[3], in_schedule=True)
    link(done, day(3, 7))
    item(plan, "登山", months=[12], in_schedule=True)
    c = queries.counts(plan, day(11, 21))
    assert (c.total, c.done, c.doing, c.planned, c.late) == (4, 1, 1, 1, 1)
    board = queries.dashboard(plan, day(11, 21))
    # the dashboard reads the links' dates with the items (one column, no extra query)
    by_text = {i.text: i.state for i in queries.states(plan.items.all(), day(11, 21))}
    assert board.counts == c
    assert by_text["每季度生日会"].detail == "4 次中已落实 3 次"
    annotated = queries.with_link_days(plan.items.filter(pk=birthday.pk)).get()
    assert status.of(annotated, day(11, 21)) == by_text["每季度生日会"]
    march = next(m for m in board.completion if m.month == 3)
    assert (march.planned, march.done) == (1, 1)


def test_the_item_page_shows_the_status_and_that_it_was_set_by_hand(plan, world, client_for):
    birthday = item(plan, "每季度生日会", rrule="FREQ=MONTHLY;INTERVAL=3")
    link(birthday, day(3, 25))
    client = client_for(world.chair)
    page = client.get(birthday.get_absolute_url()).content.decode()
    assert "按落实记录自动判断" in page
    assert "次中已落实 1 次" in page
    response = client.post(
        reverse("plans:item_status", args=[birthday.pk]),
        {"status": "doing", "reason": "第四季度已订蛋糕"},
    )
    assert response.status_code == 302
    page = client.get(birthday.get_absolute_url()).content.decode()
    assert "手动设置，理由：第四季度已订蛋糕" in page
    outline = client.get(reverse("plans:outline", args=["school", YEAR])).content.decode()
    assert "手动" in outline and 'data-status="doing"' in outline
    # without a reason the page refuses and says why
    response = client.post(
        reverse("plans:item_status", args=[birthday.pk]), {"status": "planned"}, follow=True
    )
    assert "理由" in response.content.decode()
    assert Item.objects.get(pk=birthday.pk).status == ItemStatus.DOING


def test_an_item_its_records_show_done_is_not_reminded(plan):
    from gonghui.plans.reminders import due_items

    contract = item(plan, "8月底前签订集体合同", due=day(8, 31))
    late = item(plan, "8月底前完成体检", due=day(8, 31))
    link(contract, day(8, 28))
    urls = [r.url for r in due_items(day(9, 3))]
    assert urls == [late.get_absolute_url()]
