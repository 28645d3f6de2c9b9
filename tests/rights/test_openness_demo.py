"""The demo's 校务公开: the demo school's catalogue (the defaults), this year's monthly items
with one month four days late, the quarterly and yearly ones, an item as it happened, one
member's question answered and another's waiting; built through the services, once only."""

import pytest
from django.utils import timezone

from gonghui.core.demo import STEPS
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Union
from gonghui.rights import queries_openness as queries
from gonghui.rights.models_openness import OpennessPublication, OpennessQuestion, due_on

pytestmark = pytest.mark.django_db


def test_the_demo_school_publishes_monthly_with_one_month_late(empty_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    steps = dict(STEPS)
    steps["orgs"]()
    steps["rights_openness"]()
    steps["rights_openness"]()  # idempotent
    school = Union.objects.get(code="demo-school")
    today = timezone.localdate()
    monthly = OpennessPublication.objects.filter(
        union=school, category__name="职工切身利益", year=today.year
    )
    due = [m for m in range(1, 13) if due_on("monthly", today.year, m, 10) < today]
    assert sorted(monthly.values_list("period", flat=True)) == due
    late = [p for p in monthly if p.days_late]
    assert len(late) == (1 if due else 0)
    if late:
        assert late[0].days_late == 4 and late[0].evidence_type == "image/png"
    rows = queries.year_grid(school, today.year, today)
    assert {r.category.name for r in rows} >= {"重大决策", "财务", "职工切身利益", "党风廉政"}
    if due:
        assert OpennessQuestion.objects.filter(union=school).count() == 2
        assert OpennessQuestion.objects.filter(union=school, answered_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="rights.openness_adopt").count() == 1
