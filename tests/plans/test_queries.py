"""The calendar, what is due this month or overdue, completion by month."""

from __future__ import annotations

import datetime

from gonghui.plans import queries, services
from gonghui.plans.models import ItemStatus

from .support import YEAR, make_plan


def test_month_puts_deadlines_and_recurrences_on_their_days(world):
    plan = make_plan(world.school)
    august = queries.month(plan, 8)
    due = [e for e in august.entries if e.kind == "due"]
    assert [(e.day, e.item.text[:4]) for e in due] == [(datetime.date(YEAR, 8, 31), "5月前完")]
    # every other Thursday from Thursday 1 January: 13 and 27 August
    repeats = sorted(e.day for e in august.entries if e.kind == "repeat")
    assert repeats == [datetime.date(YEAR, 8, 13), datetime.date(YEAR, 8, 27)]
    cells = {d.day: d for week in august.weeks for d in week}
    assert [e.kind for e in cells[datetime.date(YEAR, 8, 31)].entries] == ["due"]
    assert not cells[datetime.date(YEAR, 7, 27)].in_month
    march = queries.month(plan, 3)
    assert [e.item.text for e in march.undated] == ["庆祝三八节，组织教职工踏青"]


def test_deadline_on_a_holiday_is_flagged(world):
    plan = make_plan(world.school)
    services.item_save(actor=None, plan=plan, text="国庆献礼", due=datetime.date(YEAR, 10, 1))
    services.item_save(
        actor=None, plan=plan, text="调休上班日交材料", due=datetime.date(YEAR, 9, 20)
    )
    october = {e.item.text: e for e in queries.month(plan, 10).entries if e.kind == "due"}
    assert october["国庆献礼"].holiday
    # Sunday 20 September 2026 is worked in exchange for the National Day holiday (调休)
    september = {e.item.text: e for e in queries.month(plan, 9).entries if e.kind == "due"}
    assert not september["调休上班日交材料"].holiday
    cells = {d.day: d for week in queries.month(plan, 10).weeks for d in week}
    # 1–7 October off; Saturday 10 October worked in exchange
    assert (
        not cells[datetime.date(YEAR, 10, 7)].workday and cells[datetime.date(YEAR, 10, 10)].workday
    )


def test_year_list_shows_a_recurrence_once_a_month(world):
    plan = make_plan(world.school)
    months = queries.year_list(plan)
    assert len(months) == 12
    march = [e.item.text for e in months[2].entries]
    assert march.count("每两周组织一次理论学习") == 1
    assert "庆祝三八节，组织教职工踏青" in march
    assert [i.text for i in queries.whole_year(plan)] == ["发展新会员300人"]


def test_this_month_and_overdue(world):
    plan = make_plan(world.school)
    today = datetime.date(YEAR, 9, 10)
    texts = [e.item.text for e in queries.this_month(plan, today)]
    assert "教师节慰问" in texts and "每两周组织一次理论学习" in texts
    late = [i.text for i in queries.overdue(plan, today)]
    # the contract was due 31 August; the March outing's month is over too
    assert late == ["5月前完成起草，8月前完成集体合同签订", "庆祝三八节，组织教职工踏青"]
    contract = plan.items.get(order=2)
    assert queries.days_late(contract, today) == 10
    services.item_set_status(
        actor=None, item=contract, status=ItemStatus.DONE, done_on=datetime.date(YEAR, 8, 28)
    )
    assert [i.text for i in queries.overdue(plan, today)] == ["庆祝三八节，组织教职工踏青"]
    assert queries.this_month(plan, datetime.date(YEAR + 1, 1, 5)) == []


def test_completion_by_month_counts_items_in_each_month(world):
    plan = make_plan(world.school)
    outing = plan.items.get(order=4)
    services.item_set_status(
        actor=None, item=outing, status=ItemStatus.DONE, done_on=datetime.date(YEAR, 3, 8)
    )
    by_month = {c.month: c for c in queries.completion_by_month(plan)}
    # March: the outing; the fortnightly study names no month and is left out
    assert (by_month[3].planned, by_month[3].done) == (1, 1)
    assert (by_month[5].planned, by_month[5].done) == (1, 0)
    assert (by_month[8].planned, by_month[8].done) == (1, 0)
    assert (by_month[9].planned, by_month[9].done) == (1, 0)
    assert by_month[11].planned == 0
    counts = queries.counts(plan)
    assert (counts.total, counts.done, counts.done_percent) == (5, 1, 20)
