"""Two committee members passing the same application at the same moment: one 初审 is
recorded, the other is refused with the state the file is in, and the history holds one.

Only PostgreSQL runs writers truly at once (SQLite's IMMEDIATE transactions queue them at
BEGIN), so this is where the row lock of ``services._locked`` is proved."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.care import services
from gonghui.care.models import FileState, HardshipFile, StateChange

from .conftest import figures

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_simultaneous_screenings_record_one(world, welfare, monkeypatch):
    file = services.hardship_apply(actor=world.member, member=world.members["周会员"], **figures())
    real_move = services._move

    def slow_move(*args, **kwargs):
        # Widen the window between reading the state and writing the new one: without the
        # lock both would read 待初审 here and both pass the file.
        time.sleep(0.3)
        return real_move(*args, **kwargs)

    monkeypatch.setattr(services, "_move", slow_move)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def screen(who, actor):
        try:
            start.wait()
            outcomes[who] = services.hardship_screen(actor=actor, file=file, note=who)
        except ValidationError as exc:
            outcomes[who] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=screen, args=(who, actor))
        for who, actor in (("chair", world.chair), ("welfare", welfare))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    passed = [o for o in outcomes.values() if isinstance(o, HardshipFile)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(passed) == 1 and len(refused) == 1, outcomes
    assert "档案当前状态为“待入户调查”" in refused[0].messages[0]
    assert HardshipFile.objects.get().state == FileState.SCREENED
    assert StateChange.objects.filter(step="初审通过").count() == 1
