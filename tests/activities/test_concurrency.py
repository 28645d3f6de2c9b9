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


def at_once(calls: dict) -> dict[str, object]:
    """Every call in its own thread with its own connection, released by one barrier; the
    result or the exception of each, by name."""
    start = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name, call):
        try:
            start.wait()
            outcomes[name] = call()
        except Exception as exc:  # kept for the assertion
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a writer is still waiting"
    return outcomes


def test_two_members_taking_the_last_place_at_once_one_gets_it(world, monkeypatch):
    activity = make_activity(world.school, capacity=3)
    services.registration_signup(actor=world.chair, activity=activity, companions=1, now=NOW)
    real = queries.in_audience

    def slow(*args, **kwargs):
        # The first writer holds the activity's lock a while: the second waits for it, then
        # reads the last place as taken (without the lock it would have read it free).
        found = real(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(queries, "in_audience", slow)
    outcomes = at_once(
        {
            name: (
                lambda user=user: services.registration_signup(
                    actor=user, activity=activity, now=NOW
                )
            )
            for name, user in (("周会员", world.member), ("王委员", world.committee))
        }
    )
    regs = [o for o in outcomes.values() if isinstance(o, Registration)]
    assert len(regs) == 2, outcomes
    assert sorted(r.state for r in regs) == [RegState.CONFIRMED, RegState.WAITING]
    assert Activity.objects.get(pk=activity.pk).taken == 3


def test_a_cancellation_and_a_sign_up_at_once_the_place_goes_to_the_waiting_list(world):
    activity = make_activity(world.school, capacity=1)
    held = services.registration_signup(actor=world.chair, activity=activity, now=NOW)
    services.registration_signup(actor=world.member, activity=activity, now=NOW)  # waits
    calls = {
        "cancel": lambda: services.registration_cancel(
            actor=world.chair, registration=held, now=NOW
        ),
        "signup": lambda: services.registration_signup(
            actor=world.committee, activity=activity, now=NOW
        ),
    }
    outcomes = at_once(calls)
    assert all(isinstance(o, Registration) for o in outcomes.values()), outcomes
    states = dict(Registration.objects.filter(activity=activity).values_list("user_id", "state"))
    assert states[world.member.pk] == RegState.OFFERED
    assert states[world.committee.pk] == RegState.WAITING
    assert Activity.objects.get(pk=activity.pk).taken == 1
