"""Two members booking the same slot of a room at the same moment: one gets it, the other
is told in Chinese who holds it, and the room has one booking.

Only PostgreSQL runs the two transactions truly at once (SQLite's IMMEDIATE transactions
queue them at BEGIN). Both bookings are made to look for overlaps and then wait for each
other before writing: without the lock on the room's row both would find the slot free and
both insert; with it, the second cannot look until the first has committed, the first's
wait gives up, and the second finds the slot taken."""

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.activities import queries_rooms
from gonghui.activities.models_rooms import Booking

from .support_rooms import at, book, make_room
from .test_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_bookings_of_one_slot_at_once_one_gets_it(world, monkeypatch):
    room = make_room(world.school, hours="每日7:00-22:00")
    real = queries_rooms.standing
    both_looked = threading.Barrier(2)

    def look_then_wait(*args, **kwargs):
        found = list(real(*args, **kwargs))  # evaluated now, before the other writes
        # the other may be waiting for the room's lock: then it cannot look yet
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait(timeout=2)
        return _Found(found)

    monkeypatch.setattr(queries_rooms, "standing", look_then_wait)
    outcomes = at_once(
        {
            name: (lambda user=user: book(user, room, at(1, 18), at(1, 19)))
            for name, user in (("周会员", world.member), ("王委员", world.committee))
        }
    )
    made = [o for o in outcomes.values() if isinstance(o, Booking)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    winner = made[0].member.name
    assert f"已被预约（{winner} 18:00-19:00）" in refused[0].messages[0]
    assert Booking.objects.filter(room=room, state="booked").count() == 1


class _Found(list):
    """The rows read, answering the calls ``_refusal`` makes on the queryset."""

    def select_related(self, *args):
        return self

    def first(self):
        return self[0] if self else None


class _Spans(list):
    """The rows read, answering the shared room's ``values_list`` call."""

    def values_list(self, *fields):
        return [tuple(getattr(b, f) for f in fields) for b in self]


def test_two_bookings_of_a_shared_room_that_together_exceed_it_one_is_refused(world, monkeypatch):
    """按人数共用, 10 persons: 6 and 6 at once. Without the room's lock both would see 0
    booked and both be written (16 in a room for 10)."""
    room = make_room(world.school, hours="每日7:00-22:00", capacity=10, shared=True)
    real = queries_rooms.standing
    both_looked = threading.Barrier(2)

    def look_then_wait(*args, **kwargs):
        found = list(real(*args, **kwargs))
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait(timeout=2)
        return _Spans(found)

    monkeypatch.setattr(queries_rooms, "standing", look_then_wait)
    outcomes = at_once(
        {
            name: (lambda user=user: book(user, room, at(1, 18), at(1, 19), persons=6))
            for name, user in (("周会员", world.member), ("王委员", world.committee))
        }
    )
    made = [o for o in outcomes.values() if isinstance(o, Booking)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "18:00起已有6人预约，健身房同时容纳10人，最多还能约4人" in refused[0].messages[0]
    assert sum(Booking.objects.filter(room=room).values_list("persons", flat=True)) == 6
