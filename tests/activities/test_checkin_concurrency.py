"""Two scans of one member at the same moment (a double tap, a phone that retries): one
check-in, both told they are checked in, the persons counted once. And the member's scan
racing the organiser's mark of the same sign-up.

Only PostgreSQL runs the two inserts truly at once (SQLite's IMMEDIATE transactions queue
them at BEGIN): the second insert waits on the first's unique index entry, fails when the
first commits, and ``services_checkin._insert`` returns the row that won
(tests/activities/test_checkin_services.py shows a repeated scan on SQLite)."""

import datetime
import threading

import pytest
from django.db import connection

from gonghui.activities import queries_checkin, services_checkin
from gonghui.activities.models_checkin import CheckIn
from gonghui.core.models import AuditEntry

from .support import START, make_activity, signup
from .test_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
AT = START - datetime.timedelta(minutes=5)


def test_two_scans_at_once_make_one_check_in(world, monkeypatch):
    activity = make_activity(world.school)
    signup(world, activity, "周会员", companions=2)
    token = services_checkin.checkin_session_open(actor=None, activity=activity).token
    real = queries_checkin.own_checkin

    def both_look_first(*args, **kwargs):
        # Both scans find no check-in before either inserts: the unique constraint decides.
        found = real(*args, **kwargs)
        start.wait(timeout=10)
        return found

    start = threading.Barrier(2)
    monkeypatch.setattr(queries_checkin, "own_checkin", both_look_first)

    def scan():
        return services_checkin.checkin_scan(
            actor=world.member, activity=activity, token=token, now=AT
        )

    outcomes = at_once({"first": scan, "second": scan})
    assert all(isinstance(o, tuple) for o in outcomes.values()), outcomes
    assert sorted(new for _, new in outcomes.values()) == [False, True]
    assert len({c.pk for c, _ in outcomes.values()}) == 1
    assert CheckIn.objects.filter(activity=activity).count() == 1
    assert AuditEntry.objects.filter(action="activities.checkin").count() == 1
    assert queries_checkin.roll(activity, now=AT).participants == 3


def test_a_scan_and_the_organisers_mark_at_once_make_one_check_in(world):
    activity = make_activity(world.school)
    reg = signup(world, activity, "周会员")
    token = services_checkin.checkin_session_open(actor=None, activity=activity).token
    outcomes = at_once(
        {
            "scan": lambda: services_checkin.checkin_scan(
                actor=world.member, activity=activity, token=token, now=AT
            ),
            "mark": lambda: services_checkin.checkin_mark(
                actor=world.chair, registration=reg, now=AT
            ),
        }
    )
    assert all(isinstance(o, tuple) for o in outcomes.values()), outcomes
    assert CheckIn.objects.filter(activity=activity).count() == 1
