"""Two referees entering the last group results at the same moment (PostgreSQL only: SQLite
queues writers at BEGIN). What they would notice: both results are kept, the semi-finals are
filled from the finished groups exactly as if the results had come one after the other, and
the tournament moves to 淘汰赛 once. Two things serialise them: each result locks the
tournament first (``services_tournament._locked``), and its audit entry takes the audit
chain's head before the bracket is worked out; either alone makes the second result see the
first. Without both, each would see the other's match still open and leave the semi-finals
empty (the sleep below holds that window open)."""

import time

import pytest
from django.db import connection

from gonghui.activities import queries_tournament as tq
from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import Stage
from gonghui.core.models import AuditEntry

from .test_concurrency import at_once
from .test_tournament_services import LOSE, WIN, drawn

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_the_last_two_group_results_at_once_fill_the_semi_finals(world, monkeypatch):
    t = drawn(world, n=8, groups=2, advance=2)
    group_matches = list(t.matches.filter(stage=Stage.GROUPS).select_related("a", "b"))
    last = {}
    for m in group_matches:  # every group match but the last of each group
        last[m.group_id] = m
    for m in group_matches:
        if m not in last.values():
            games = WIN if m.a.position < m.b.position else LOSE
            ts.match_result(actor=world.chair, match=m, games=games)
    first, second = last.values()
    real = ts._record

    def slow(*args, **kwargs):  # each result saved, not yet committed, before the bracket
        real(*args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(ts, "_record", slow)
    outcomes = at_once(
        {
            "chair": lambda: ts.match_result(actor=world.chair, match=first, games=WIN),
            "committee": lambda: ts.match_result(actor=world.committee, match=second, games=WIN),
        }
    )
    assert not [o for o in outcomes.values() if isinstance(o, Exception)], outcomes
    t.refresh_from_db()
    assert t.stage == Stage.KNOCKOUT
    semis = list(t.matches.filter(stage=Stage.KNOCKOUT, round=1))
    assert len(semis) == 2 and all(s.a_id and s.b_id for s in semis)
    places = tq.group_places(t, list(t.matches.select_related("group")))
    expected = {places[key] for key in places if key[1] in (1, 2)}
    assert {s.a_id for s in semis} | {s.b_id for s in semis} == expected
    stage_changes = AuditEntry.objects.filter(action="activities.tournament_stage")
    assert stage_changes.count() == 1
