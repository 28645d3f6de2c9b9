"""Two members booking the last place of a slot at the same moment: one gets it, the other
is told the slot is full, and the slot holds exactly its capacity.

Only PostgreSQL runs writers truly at once (SQLite's IMMEDIATE transactions queue them at
BEGIN), so this is where the conditional update of ``services_health.health_book`` is
proved: the second UPDATE waits for the first's row lock, then re-reads ``booked <
capacity`` (READ COMMITTED) and takes nothing. tests/care/test_health_flow.py proves the
same on SQLite from a stale page."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.care import services_health as services
from gonghui.care.models_health import HealthSlot, HealthTarget, TargetState

from .health_support import make_campaign, slot, target

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_members_booking_the_last_place_at_once_one_gets_it(world, monkeypatch):
    campaign = make_campaign(world, capacity=1)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    last = slot(campaign, 2)
    real_check = services._check_day

    def slow_check(*args, **kwargs):
        # Both have read the slot as free and passed every check before either writes.
        real_check(*args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(services, "_check_day", slow_check)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def book(name, user):
        try:
            start.wait()
            mine = target(world, campaign, name)
            outcomes[name] = services.health_book(actor=user, target=mine, slot=last)
        except ValidationError as exc:
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(name, user))
        for name, user in (("周会员", world.member), ("孙组长", world.group_leader))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    booked = [o for o in outcomes.values() if isinstance(o, HealthTarget)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(booked) == 1 and len(refused) == 1, outcomes
    assert "名额已满（1 人）" in refused[0].messages[0]
    assert HealthSlot.objects.get(pk=last.pk).booked == 1
    assert HealthTarget.objects.filter(slot=last, state=TargetState.BOOKED).count() == 1
