"""A training course built through the services: three sessions (2, 2 and 1 课时) on three
days from ``START``, so a test says which session a scan or a mark belongs to."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.activities import services_checkin, services_training
from gonghui.activities.models import Activity, Kind

from .support import START, make_activity

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)
HOURS = (Decimal("2.0"), Decimal("2.0"), Decimal("1.0"))
TOPICS = ("工会法与工会章程", "劳动合同与职工权益", "经费管理与审查")


def make_course(union, *, hours=HOURS, start=START, publish=True, **fields) -> Activity:
    base = {
        "kind": Kind.TRAINING,
        "title": "工会干部培训班",
        "starts_at": start,
        "ends_at": start + max(len(hours), 1) * DAY,
        "capacity": 30,
        "companions_allowed": False,
        "max_companions": 0,
        "cost_per_head": Decimal("0"),
    }
    course = make_activity(union, publish=publish, **{**base, **fields})
    for i, h in enumerate(hours):
        services_training.training_session_save(
            actor=None,
            activity=course,
            fields={
                "starts_at": start + i * DAY,
                "ends_at": start + i * DAY + 2 * HOUR,
                "topic": TOPICS[i % len(TOPICS)],
                "teacher": "区总工会讲师",
                "place": "学校会议室",
                "hours": h,
            },
        )
    return course


def sessions(course):
    from gonghui.activities import queries_training

    return queries_training.sessions_of(course)


def attend(world, course, name, which, *, by_scan=True):
    """``name`` checks in to the sessions numbered in ``which`` (1-based), ten minutes
    before each starts: by their own scan when they have an account, else marked."""
    from gonghui.activities.models import Registration

    member = world.members[name]
    reg = Registration.objects.get(activity=course, member=member, state="confirmed")
    found = sessions(course)
    for n in which:
        s = found[n - 1]
        at = s.starts_at - 10 * MINUTE
        if by_scan and member.user is not None:
            services_checkin.checkin_scan(
                actor=member.user, activity=course, token=s.checkin.token, now=at
            )
        else:
            services_checkin.checkin_mark(
                actor=None, registration=reg, session=s.checkin, now=s.starts_at
            )


def live_course(union, *, hours=HOURS):
    """A course published by the real clock whose first session starts in ten minutes (its
    check-in window open), the others on the next days; sign-up closes at the start."""
    from django.utils import timezone

    from gonghui.activities import services

    start = timezone.now() + 10 * MINUTE
    course = make_course(union, hours=hours, start=start, publish=False, close_hours=0)
    services.activity_publish(actor=None, activity=course)
    course.refresh_from_db()
    return course


def past_course(world, union, names, *, days_ago=30):
    """A course held ``days_ago`` days ago (every session ended by the real clock), with
    ``names`` signed up and marked present at every session (their sign-ups by the
    committee, their check-ins by the organiser), through the services at their moments."""
    from django.utils import timezone

    from gonghui.activities import services
    from gonghui.activities.models import Registration

    start = timezone.now() - days_ago * DAY
    course = make_course(union, start=start, publish=False)
    signed = start - 7 * DAY
    services.activity_publish(actor=None, activity=course, now=signed)
    course.refresh_from_db()
    for name in names:  # a name of the world's, or a member
        member = world.members[name] if isinstance(name, str) else name
        services.registration_signup(actor=None, activity=course, member=member, now=signed)
    for reg in Registration.objects.filter(activity=course):
        for s in sessions(course):
            services_checkin.checkin_mark(
                actor=None, registration=reg, session=s.checkin, now=s.starts_at
            )
    return course
