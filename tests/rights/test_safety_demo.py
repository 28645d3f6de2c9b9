"""The demo's 劳动保护 at the demo factory: this year's inspection with three hazards, two
closed after 复查 and one open past its deadline (red on the page, in the 待办 and reminded),
a register of four posts, a 安康杯 entry per group. Built from the steps it needs on an empty
site; a second run adds nothing."""

from decimal import Decimal

from django.utils import timezone

from gonghui.core import demo, metrics, todo
from gonghui.core.models import User
from gonghui.orgs.models import Union, UnionGroup
from gonghui.rights import plugins_safety as plugins
from gonghui.rights.models_safety import (
    AnkangEntry,
    Hazard,
    HazardPost,
    HazardState,
    SafetyInspection,
)


def test_the_demo_factory_has_an_inspection_with_one_hazard_still_open(empty_db, client):
    steps = dict(demo.STEPS)
    steps["orgs"]()
    steps["rights_safety"]()
    steps["rights_safety"]()
    factory = Union.objects.get(code="demo-factory")
    today = timezone.localdate()
    (visit,) = SafetyInspection.objects.filter(union=factory)
    assert visit.held_on.year == today.year and visit.inspectors.count() == 2
    hazards = list(Hazard.objects.filter(union=factory).order_by("id"))
    assert [h.state for h in hazards] == [HazardState.CLOSED, HazardState.CLOSED, HazardState.OPEN]
    assert hazards[2].deadline < today
    assert all(h.rechecks.filter(passed=True).count() == 1 for h in hazards[:2])
    assert HazardPost.objects.filter(union=factory).count() == 4
    groups = UnionGroup.objects.filter(union=factory, archived_at__isnull=True).count()
    assert AnkangEntry.objects.filter(union=factory, year=today.year).count() == groups > 0
    start = today.replace(month=1, day=1)
    rate = metrics.get("rights.hazard_rectification_rate").compute(factory, start, today)
    assert rate == Decimal("66.67")
    (reminder,) = [r for r in plugins.overdue(today) if r.union == factory]
    assert "焊接区" in reminder.text
    # the factory has no chair's login in the demo: the federation's administrator runs it
    chair = User.objects.get(username="fed")
    lines = {t.text: t.count for t in todo.resolve(factory, plugins.todos(chair, factory))}
    assert lines["隐患已过整改期限未销号"] == 1
    client.force_login(chair)
    page = client.get(f"/unions/{factory.code}/rights/safety/").content.decode()
    assert "list-group-item-danger" in page and "已逾期" in page
