"""The demo school's 2026 plan: imported from its text, ten months carried out."""

import datetime

from django.core.management import call_command

from gonghui.plans import queries
from gonghui.plans.models import ItemLink, ItemStatus, Plan, Target


def test_the_demo_school_has_a_plan_carried_out_to_october(empty_db):
    call_command("demo")
    plan = Plan.objects.get(union__code="demo-school", year=2026)
    assert plan.title == "示范镇第一中学工会2026年工作计划"
    assert plan.sections.count() == 6  # five numbered sections and the month schedule
    assert plan.items.count() == 25
    schedule = plan.items.filter(in_schedule=True)
    assert schedule.count() == 11
    assert sorted(m for item in schedule for m in item.months) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
    ]
    assert plan.items.get(text__contains="暑期疗休养").months == [7, 8]
    assert plan.items.get(text__contains="每周五下午").rrule == "FREQ=WEEKLY;BYDAY=FR"
    assert plan.items.get(text__contains="每季度").rrule == "FREQ=MONTHLY;INTERVAL=3"
    assert plan.items.get(text__contains="5月前完成集体合同").due == datetime.date(2026, 8, 31)
    assert set(Target.objects.filter(item__plan=plan).values_list("metric", flat=True)) == {
        "members.new",
        "members.rate",
        "congress.ontime_rate",
        "congress.satisfaction",
        "finance.care_count",
        "finance.dues_rate",
        "finance.budget_rate",
    }
    assert plan.items.filter(status=ItemStatus.DONE).count() >= 10
    assert plan.items.get(text__contains="乒乓球").owner_role == "culture"
    assert plan.items.get(text__contains="会费收缴率").owner_role == "finance"
    # the birthday item carries the three quarterly birthday vouchers; no reversal is linked
    birthday = plan.items.get(text__contains="生日会")
    assert birthday.links.count() == 3
    assert not ItemLink.objects.filter(label__contains="冲销").exists()
    # the check-up is left late on purpose
    late = queries.overdue(plan, datetime.date(2026, 11, 21))
    assert any("体检" in item.text for item in late)
    progress = {p.target.metric: p for p in queries.progress(plan, datetime.date(2026, 11, 21))}
    assert progress["members.rate"].state == "met"
    assert progress["finance.budget_rate"].actual is not None
