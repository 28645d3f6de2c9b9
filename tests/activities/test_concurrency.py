"""Two members taking the last place of an activity at the same moment: one gets it, the
other goes to the waiting list, and the activity holds exactly its capacity.

Only PostgreSQL runs writers truly at once (SQLite's IMMEDIATE transactions queue them at
BEGIN), so this is where the row lock of ``services._locked`` and the conditional UPDATE of
``services._hold`` are proved: the second writer waits for the first's lock, then reads the
place as taken. tests/activities/test_services.py proves the same on SQLite from a stale
copy of the activity."""

import threading
import time

import pytest
from django.db import connection, connections

from gonghui.activities import queries, services
from gonghui.activities.models import Activity, Registration, RegState

from .support import NOW, make_activity

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_members_taking_the_last_place_at_once_one_gets_it(world, monkeypatch):
    activity = make_activity(world.school, capacity=3)
    services.registration_signup(actor=world.chair, activity=activity, companions=1, now=NOW)
    real = queries.in_audience

    def slow(*args, **kwargs):
        # Both have passed every check on the activity before either takes a place.
        found = real(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(queries, "in_audience", slow)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def take(name, user):
        try:
            start.wait()
            outcomes[name] = services.registration_signup(actor=user, activity=activity, now=NOW)
        except Exception as exc:  # kept for the assertion
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=take, args=item)
        for item in (("周会员", world.member), ("王委员", world.committee))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    regs = [o for o in outcomes.values() if isinstance(o, Registration)]
    assert len(regs) == 2, outcomes
    assert sorted(r.state for r in regs) == [RegState.CONFIRMED, RegState.WAITING]
    assert Activity.objects.get(pk=activity.pk).taken == 3
