"""The demo's 走访慰问 at the demo school: a year of 五必访 with one visit late, one overdue
and one still within its days, the member's own report, and a campaign partly visited.
Built from the steps it needs (organisations, hardship files, visits) on an empty site."""

from decimal import Decimal

from django.utils import timezone

from gonghui.care.models import Campaign, EventState, LifeEvent
from gonghui.core import demo, metrics, todo
from gonghui.core.models import User
from gonghui.orgs.models import Union


def test_the_demo_school_has_a_year_of_visits(empty_db):
    steps = dict(demo.STEPS)
    for name in ("orgs", "care", "care_visits"):
        steps[name]()
    steps["care_visits"]()  # idempotent: a second run adds nothing
    school = Union.objects.get(code="demo-school")
    today = timezone.localdate()
    events = LifeEvent.objects.filter(union=school)
    assert events.count() == 14
    waiting = events.filter(state=EventState.DUE)
    assert [e.is_overdue(today) for e in waiting.order_by("due_on")] == [True, False]
    visited = events.filter(state=EventState.VISITED)
    assert [e.kind for e in visited if not e.on_time] == ["发生意外"]
    assert events.get(self_reported=True).member.user.username == "huiyuan"
    (campaign,) = Campaign.objects.filter(union=school)
    assert campaign.targets.count() == 26  # the filed household and the 25 retirees
    assert campaign.targets.filter(visit__isnull=False).count() == 10
    year = (today.replace(year=today.year - 1), today)
    assert metrics.get("care.visits").compute(school, *year) == 22
    # 13 events decided (12 visited, 1 overdue; 1 still within its days), 11 on time
    assert metrics.get("care.visit_timely").compute(school, *year) == Decimal("84.62")
    chair = User.objects.get(username="chair")
    lines = {t.text: t.count for t in todo.items(chair, school)}
    assert lines["逾期未走访的生活事件（五必访）"] == 1
    assert lines["慰问活动中未走访的职工"] == 16
