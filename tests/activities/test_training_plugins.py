"""培训 plugged in: the three metrics in the registry (a plan's "培训6-8期" finds 培训期数),
their audit actions labelled, and the demo's three-session course (attendance, completion
at the threshold, certificates)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities import plugins_training
from gonghui.core import audit, metrics

pytestmark = pytest.mark.django_db


def test_the_metrics_are_registered_and_a_plan_target_finds_them():
    for key in (
        "activities.training_courses",
        "activities.training_person_times",
        "activities.training_hours",
    ):
        assert key in metrics.METRICS
    assert metrics.match("培训6-8期").key == "activities.training_courses"
    assert metrics.match("全年参训人次1000").key == "activities.training_person_times"
    assert metrics.match("培训课时不少于40").key == "activities.training_hours"


def test_the_audit_actions_have_chinese_labels():
    for action in plugins_training.AUDIT_ACTIONS:
        assert audit.action_label(action) != action


def test_the_demo_has_a_three_session_course_with_some_completed(empty_db):
    from gonghui.activities import queries_training
    from gonghui.activities.demo_training import TITLE
    from gonghui.activities.models import Activity
    from gonghui.core.demo import STEPS

    steps = dict(STEPS)
    steps["orgs"]()
    steps["activities"]()
    steps["activities.training"]()
    steps["activities.training"]()  # idempotent
    course = Activity.objects.get(title=TITLE)
    grid = queries_training.grid(course)
    assert len(grid.sessions) == 3 and grid.total_hours == Decimal("5.0")
    assert grid.finished and len(grid.rows) == 6
    by_name = {r.name: r for r in grid.rows}
    completed = [r for r in grid.rows if r.completed]
    assert len(completed) == 4 == grid.certificates  # huiyuan, two of all three, one of 80 %
    assert sorted(r.hours for r in grid.rows if not r.completed) == [Decimal("2.0"), Decimal("3.0")]
    assert all(r.certificate is not None for r in completed)
    assert grid.person_times == 3 + 3 + 3 + 2 + 1 + 2
    from gonghui.orgs.models import Member

    huiyuan = Member.objects.get(user__username="huiyuan")
    mine = by_name[huiyuan.name]
    assert all(c is not None and not c.by_organiser for c in mine.cells)  # scanned each code
    # and next week's course is open for sign-up: two 课次 ahead, three signed up, no one in yet
    from gonghui.activities.demo_training import COMING
    from gonghui.activities.models import State

    coming = Activity.objects.get(title=COMING)
    assert coming.state == State.OPEN and coming.starts_at > timezone.now()
    ahead = queries_training.grid(coming)
    assert len(ahead.sessions) == 2 and len(ahead.rows) == 3 and ahead.person_times == 0
    assert Activity.objects.filter(title=COMING).count() == 1  # idempotent


def test_each_trainee_is_reminded_of_tomorrows_session_once(world):
    import datetime

    from django.utils import timezone

    from gonghui.activities import services

    from .support_training import live_course

    course = live_course(world.school)
    services.registration_signup(actor=world.member, activity=course)  # own account
    for name in ("吴老师", "李主席"):  # signed up by the committee; 吴老师 has no account
        services.registration_signup(actor=None, activity=course, member=world.members[name])
    second = course.training_sessions.order_by("starts_at")[1]
    day = timezone.localdate(second.starts_at) - datetime.timedelta(days=1)
    found = plugins_training.tomorrow(day)
    found = [r for r in found if r.key.startswith(f"activities.training_session.{second.pk}.")]
    assert sorted(r.recipients[0].username for r in found) == ["chair", "member"]
    assert all("劳动合同与职工权益" in r.text and "扫码签到" in r.text for r in found)
    assert len({r.key for r in found}) == 2
