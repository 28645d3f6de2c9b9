"""Two (or more) writers at the same moment, for the PostgreSQL thread tests of care's parts
(tests/care/test_*_concurrency.py).

Only PostgreSQL runs writers truly at once (SQLite's IMMEDIATE transactions queue them at
BEGIN), so these tests skip elsewhere. Each call runs in its own thread with its own
connection, released by one barrier; whatever it raises is kept — an IntegrityError or a
deadlock must show in the test's assertion, not vanish in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.core.models import AuditEntry

PG_ONLY = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def at_once(calls: dict[str, Callable[[], object]], *, timeout: float = 30) -> dict[str, object]:
    """Run every call in its own thread, all started by one barrier; each call's result or
    the exception it raised, by name."""
    start = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], object]) -> None:
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
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a writer is still waiting"
    return outcomes


def audited(action: str) -> int:
    """How many audit entries of ``action``: one per real write."""
    return AuditEntry.objects.filter(action=action).count()


def refused(outcomes: dict[str, object]) -> list[ValidationError]:
    return [o for o in outcomes.values() if isinstance(o, ValidationError)]


def done(outcomes: dict[str, object]) -> list[object]:
    """The calls that returned: no exception of any kind."""
    return [o for o in outcomes.values() if not isinstance(o, Exception)]


def one_done_one_refused(outcomes: dict[str, object]) -> tuple[object, str]:
    """The winner, and the loser's message (every message of the refusal, joined): anything
    else — both through, an IntegrityError, a deadlock — fails with the outcomes shown."""
    winners, losers = done(outcomes), refused(outcomes)
    assert len(winners) == 1 and len(losers) == 1, outcomes
    return winners[0], "；".join(losers[0].messages)


def slowed(monkeypatch, owner, name: str, seconds: float = 0.3) -> None:
    """Make ``owner.name`` sleep after it returns: the window between a writer's read and its
    write, where without the lock both writers would read the same state."""
    real = getattr(owner, name)

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(owner, name, slow)
