"""比赛 plugged in: the metric 比赛场次 (played matches, not byes or walkovers; a federation
sums its unions), the summary sentence, the audit actions' Chinese labels, and the demo's
乒乓球赛 with its results."""

import datetime
from decimal import Decimal

import pytest

from gonghui.activities import plugins_tournament as plugins
from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import Stage, Tournament
from gonghui.core import audit

from .support import START
from .test_tournament_services import LOSE, WIN, drawn

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(START.year, 1, 1), datetime.date(START.year, 12, 31))


def test_matches_played_count_without_walkovers(world):
    t = drawn(world, n=4, groups=1, advance=0)
    first, second, third, *_ = t.matches.all()
    ts.match_result(actor=None, match=first, games=WIN)
    ts.match_result(actor=None, match=second, games=LOSE)
    ts.match_result(actor=None, match=third, walkover_winner="a")
    assert plugins.matches_played(world.school, *YEAR) == Decimal(2)
    assert plugins.matches_played(world.fed, *YEAR) == Decimal(2)
    assert plugins.matches_played(world.hospital, *YEAR) == 0
    (para,) = plugins.paragraphs(world.school, *YEAR)
    assert para.text.replace(" ", "") == "举办比赛1项，4人参赛，进行比赛2场。"
    assert plugins.paragraphs(world.hospital, *YEAR) == []


def test_every_tournament_action_has_a_chinese_label():
    for action in plugins.AUDIT_ACTIONS:
        assert audit.action_label(action) != action


def test_the_demo_has_a_table_tennis_tournament_half_way(empty_db):
    from gonghui.core.demo import STEPS

    steps = dict(STEPS)
    steps["orgs"]()
    steps["activities"]()
    steps["activities.tournament"]()
    steps["activities.tournament"]()  # idempotent
    t = Tournament.objects.get()
    assert (t.sport, t.stage, t.seed) == ("乒乓球", Stage.KNOCKOUT, "demo-2026")
    assert t.entries.count() == 10 and t.groups.count() == 2
    assert not t.matches.filter(stage=Stage.GROUPS, winner__isnull=True).exists()
    final = t.matches.get(stage=Stage.KNOCKOUT, round=2)
    assert final.a_id is not None and final.b_id is None  # one semi-final played
