"""劳动保护 plugged in: 隐患整改率 on a known set (a federation's from kept parts too), the
检查次数, the summary that names nobody, the plan link, the 待办 and the overdue reminder on
their boundary days (the deadline itself is not overdue; the day after is), to the union's
``rights.change`` holders only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.core import audit, metrics, nav, summary, todo
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan
from gonghui.rights import plugins_safety as plugins
from gonghui.rights import services_safety as services
from gonghui.rights.models_safety import AccidentSeverity, Hazard

from .support_safety import DAY, hazard, inspection

pytestmark = pytest.mark.django_db
JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
LATER = datetime.date(2026, 11, 30)  # the clock the rechecks are recorded by


def _close(h, on):
    h = services.hazard_rectify(actor=None, hazard=h, rectified_on=on, measure="整改", today=LATER)
    return services.hazard_recheck(
        actor=None, hazard=h, checked_on=on, checked_by="王委员", passed=True, today=LATER
    )


def _found(union, on, **kw):
    return hazard(union, found=on, today=LATER, **kw)


@pytest.fixture
def june(world):
    """The school, June: four hazards found — two closed in June, one closed on 2 July, one
    open (one of them 重大); one found in May and closed in June (not in June's count)."""
    a = _found(world.school, datetime.date(2026, 6, 3), level="major")
    _close(a, datetime.date(2026, 6, 10))
    b = _found(world.school, datetime.date(2026, 6, 5), inspection=a.inspection)
    _close(b, datetime.date(2026, 6, 30))
    c = _found(world.school, datetime.date(2026, 6, 20))
    _close(c, datetime.date(2026, 7, 2))
    _found(world.school, datetime.date(2026, 6, 30))
    may = _found(world.school, datetime.date(2026, 5, 31))
    _close(may, datetime.date(2026, 6, 2))


def value(key, union, period=JUNE):
    return metrics.get(key).compute(union, *period)


def test_the_rate_counts_the_hazards_found_and_closed_by_the_periods_end(world, june):
    assert value("rights.hazard_rectification_rate", world.school) == Decimal("50.00")
    assert value("rights.safety_inspections", world.school) == Decimal(3)
    assert value("rights.hazard_rectification_rate", world.hospital) is None  # none found
    july = (datetime.date(2026, 6, 1), datetime.date(2026, 7, 31))
    assert value("rights.hazard_rectification_rate", world.school, july) == Decimal("75.00")


def test_a_federation_adds_up_its_unions_from_kept_parts(world, june):
    _close(_found(world.hospital, datetime.date(2026, 6, 8)), datetime.date(2026, 6, 9))
    direct = value("rights.hazard_rectification_rate", world.fed)
    with metrics.request_memo():
        kept = metrics.get("rights.hazard_rectification_rate").value(world.fed, *JUNE)
        count = metrics.get("rights.safety_inspections").value(world.fed, *JUNE)
    assert direct == kept == Decimal("60.00")  # 3 of 5
    assert count == Decimal(4)


def test_the_summary_counts_and_names_nobody(world, june):
    services.accident_record(
        actor=None,
        union=world.school,
        occurred_on=datetime.date(2026, 6, 12),
        place="实验室",
        severity=AccidentSeverity.SERIOUS,
        description="烫伤",
        injured=[world.members["吴老师"]],
        today=LATER,
    )
    found = {p.key: p for p in summary.paragraphs(world.school, *JUNE)}
    assert found["rights.safety"].text == (
        "开展劳动保护监督检查3次，发现事故隐患4条（其中重大隐患1条），已整改复查销号2条，"
        "隐患整改率50.0%，发生工伤事故1起（其中重伤及以上1起）。"
    )
    assert found["rights.safety_open"].shortfall
    assert "吴老师" not in found["rights.safety"].text
    assert "rights.safety" not in {p.key for p in summary.paragraphs(world.hospital, *JUNE)}


def test_an_inspection_carries_out_a_plan_item(world):
    visit = inspection(world.school, held_on=datetime.date(2026, 6, 5), today=LATER)
    plan = Plan.objects.create(union=world.school, year=2026, title="年度工作计划")
    item = plan.items.create(order=1, text="开展安全生产检查，每季度不少于1次", months=[6])
    kind = links.kind("rights_safety")
    assert kind.options(world.school, 2026) == [(visit.pk, "06-05 日常检查（教学楼、实验室）")]
    obj = kind.get(world.school, 2026, visit.pk)
    link = plan_services.item_link(
        actor=world.users["chair"], item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == visit.get_absolute_url()
    with pytest.raises(Exception, match="劳动保护监督检查"):
        kind.get(world.hospital, 2026, visit.pk)
    assert metrics.match("隐患整改率达到100%").key == "rights.hazard_rectification_rate"


def _lines(user, union):
    return {t.text: t.count for t in todo.resolve(union, plugins.todos(user, union)) if t.count}


def test_the_todo_counts_from_the_day_after_the_deadline(world):
    today = timezone.localdate()
    found = today - 10 * DAY
    due_today = hazard(world.school, found=found, deadline=today, today=today)
    hazard(
        world.school,
        found=found,
        deadline=today - DAY,
        inspection=due_today.inspection,
        today=today,
    )
    waiting = hazard(world.school, found=found, deadline=today - DAY, today=today)
    services.hazard_rectify(
        actor=None, hazard=waiting, rectified_on=today, measure="x", today=today
    )
    hazard(world.hospital, found=found, deadline=today - DAY, today=today)
    assert _lines(world.users["chair"], world.school) == {
        "隐患已过整改期限未销号": 2,  # the one rectified but not re-checked is still open
        "隐患已整改待复查": 1,
    }
    assert _lines(world.users["committee"], world.school)
    for role in ("auditor", "treasurer", "member"):
        assert plugins.todos(world.users[role], world.school) == []


def test_the_reminder_goes_out_the_day_after_the_deadline_to_those_who_run_it(world):
    deadline = datetime.date(2026, 6, 20)
    h = hazard(world.school, found=datetime.date(2026, 6, 10), deadline=deadline)
    assert plugins.overdue(deadline) == []
    (reminder,) = plugins.overdue(deadline + DAY)
    assert reminder.key == f"rights.safety.hazard.{h.pk}.20260620.late"
    assert "已超过整改期限 2026-06-20" in reminder.text
    names = {u.username for u in reminder.recipients}
    assert names == {"chair", "committee"}
    # rectified, not yet re-checked: still open, so still reminded (the text says 复查)
    services.hazard_rectify(
        actor=None, hazard=h, rectified_on=deadline + DAY, measure="x", today=LATER
    )
    (reminder,) = plugins.overdue(deadline + 2 * DAY)
    assert "已整改待复查" in reminder.text
    # a failed re-check sets a new deadline: reminded again, under a new key, after it
    services.hazard_recheck(
        actor=None,
        hazard=h,
        checked_on=deadline + 2 * DAY,
        checked_by="王委员",
        passed=False,
        new_deadline=deadline + 10 * DAY,
        today=LATER,
    )
    assert plugins.overdue(deadline + 10 * DAY) == []
    (again,) = plugins.overdue(deadline + 11 * DAY)
    assert again.key == f"rights.safety.hazard.{h.pk}.20260630.late"
    _close(Hazard.objects.get(pk=h.pk), deadline + 12 * DAY)
    assert plugins.overdue(deadline + 13 * DAY) == []


def test_a_safety_committee_member_is_reminded_too(world):
    from gonghui.core.models import Role
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Body, Duty, Post
    from tests.conftest import make_user

    make_user("safety", Role.MEMBER, union=world.school, member=world.members["吴老师"])
    term = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=datetime.date(2022, 6, 1),
        term_years=5,
    )
    org_services.position_add(
        actor=None, term=term, member=world.members["吴老师"], post=Post.MEMBER, duty=Duty.SAFETY
    )
    hazard(world.school, found=datetime.date(2026, 6, 10), deadline=datetime.date(2026, 6, 20))
    (reminder,) = plugins.overdue(datetime.date(2026, 6, 21))
    assert {u.username for u in reminder.recipients} == {"chair", "committee", "safety"}


def test_menus_and_audit_names(world):
    assert {"劳动保护", "职业病危害岗位", "安康杯"} <= {
        i.label for i in nav.NAV if i.menu == "rights"
    }
    assert all(a in audit.ACTIONS for a in plugins.AUDIT_ACTIONS)
