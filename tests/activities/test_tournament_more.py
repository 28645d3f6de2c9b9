"""比赛, the second slice: scoring rules as union settings passed down from the federation
and copied by each tournament when created; drawn group matches; the 季军赛; 改期 of an
unplayed match after results exist; the 成绩公告."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from gonghui.activities import exports_tournament
from gonghui.activities import queries_tournament as tq
from gonghui.activities import queries_tournament_settings as tsq
from gonghui.activities import services_tournament as ts
from gonghui.activities import services_tournament_schedule as moves
from gonghui.activities.models_tournament import Stage, TournamentMatch
from gonghui.core.models import AuditEntry

from .support import START
from .test_tournament_services import LOSE, WIN, drawn, make_tournament, play_groups

pytestmark = pytest.mark.django_db
FOOTBALL = {"win_points": 3, "draw_points": 1, "loss_points": 0, "draws_allowed": True}


# --- settings -------------------------------------------------------------------------------


def test_a_union_starts_from_the_ittf_example(world):
    found = tsq.settings_for(world.school)
    assert found.inherited_from == "defaults"
    assert (found.win_points, found.loss_points, found.walkover_points) == (2, 1, 0)
    assert not found.draws_allowed
    t = make_tournament(world, n=0)
    assert t.rules_from == "示例默认值（国际乒联规程）"


def test_the_federations_rules_reach_the_school_until_it_sets_its_own(world):
    ts.tournament_settings_save(actor=None, union=world.fed, fields=FOOTBALL)
    found = tsq.settings_for(world.school)
    assert found.inherited_from == world.fed
    t = make_tournament(world, n=0)
    assert (t.win_points, t.draw_points, t.loss_points, t.draws_allowed) == (3, 1, 0, True)
    assert t.rules_from == "示范镇总工会的设置"
    chair = world.users["chair"]
    ts.tournament_settings_save(actor=chair, union=world.school, fields={"win_points": 4})
    mine = tsq.settings_for(world.school)
    assert mine.inherited_from is None and mine.win_points == 4 and mine.draws_allowed
    ts.tournament_settings_save(actor=None, union=world.fed, fields={"draws_allowed": False})
    assert tsq.settings_for(world.school).draws_allowed  # its own copy stays
    entry = AuditEntry.objects.filter(action="activities.tournament_settings").latest("id")
    assert entry.changes == {"draws_allowed": [True, False]}


def test_changing_the_settings_never_rescores_a_tournament_already_made(world):
    chair = world.users["chair"]
    t = make_tournament(world, n=0)
    ts.tournament_settings_save(actor=chair, union=world.school, fields=FOOTBALL)
    t.refresh_from_db()
    assert (t.win_points, t.loss_points, t.draws_allowed) == (2, 1, False)
    later = make_tournament(world, n=0)
    assert (later.win_points, later.loss_points, later.draws_allowed) == (3, 0, True)
    assert later.rules_from == "本会设置"


def test_a_tournament_changed_from_its_settings_says_so(world):
    t = make_tournament(world, n=0, win_points=3)
    assert t.rules_from == "本比赛自定"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"loss_points": 3}, "loss_points"),
        ({"draws_allowed": True, "draw_points": 5}, "draw_points"),
        ({"win_points": "两"}, "win_points"),
        ({"tiebreaks": "luck"}, "tiebreaks"),
    ],
)
def test_bad_settings_are_refused_and_nothing_written(world, fields, field):
    with pytest.raises(ValidationError) as caught:
        ts.tournament_settings_save(actor=world.users["chair"], union=world.school, fields=fields)
    assert field in caught.value.message_dict
    assert tsq.settings_for(world.school).inherited_from == "defaults"


def test_only_the_committee_changes_the_settings(world):
    with pytest.raises(PermissionDenied):
        ts.tournament_settings_save(
            actor=world.users["auditor"], union=world.school, fields={"win_points": 3}
        )


# --- drawn matches --------------------------------------------------------------------------


def test_a_drawn_group_match_counts_for_both_and_the_group_can_finish(world):
    chair = world.users["chair"]
    t = drawn(world, n=3, groups=1, advance=0, best_of=1, **FOOTBALL)
    a, b, c = t.matches.order_by("round", "index")
    ts.match_result(actor=chair, match=a, games=[[1, 1]])
    ts.match_result(actor=chair, match=b, games=[[2, 0]])
    ts.match_result(actor=chair, match=c, games=[[0, 0]])
    a.refresh_from_db()
    assert a.drawn and a.winner_id is None and a.score() == "1:1"
    t.refresh_from_db()
    assert t.stage == Stage.FINISHED
    rows = tq.group_tables(t)[0].rows
    assert sorted((r.won, r.drawn, r.lost) for r in rows) == [(0, 1, 1), (0, 2, 0), (1, 1, 0)]
    assert sum(r.score for r in rows) == 3 + 1 * 4  # a win and two draws
    assert tq.played_in(world.school, START.date(), START.date())["matches"] == 3


def test_a_draw_is_refused_where_the_rules_do_not_allow_it(world):
    t = drawn(world, n=4, groups=1, advance=0, best_of=1)
    m = t.matches.first()
    with pytest.raises(ValidationError, match="本比赛不允许平局"):
        ts.match_result(actor=world.users["chair"], match=m, games=[[1, 1]])
    m.refresh_from_db()
    assert not m.done


def test_a_knockout_match_can_never_end_drawn(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2, best_of=1, **FOOTBALL)
    for m in t.matches.filter(stage=Stage.GROUPS):
        ts.match_result(actor=chair, match=m, games=[[1, 1]])
    semi = t.matches.filter(stage=Stage.KNOCKOUT, round=1).first()
    with pytest.raises(ValidationError, match="淘汰赛必须分出胜负"):
        ts.match_result(actor=chair, match=semi, games=[[2, 2]])
    ts.match_result(actor=chair, match=semi, games=[[5, 4]])  # after penalties
    semi.refresh_from_db()
    assert semi.winner_id == semi.a_id and semi.score() == "5:4"


# --- the third-place match ------------------------------------------------------------------


def _semis(t):
    return list(t.matches.filter(stage=Stage.KNOCKOUT, round=1).order_by("index"))


def test_the_third_place_match_takes_the_semifinal_losers_and_ends_the_tournament(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2, third_place=True)
    third = t.matches.get(third_place=True)
    final = t.matches.get(stage=Stage.KNOCKOUT, round=2, third_place=False)
    assert third.slot is not None and third.slot > max(m.slot for m in _semis(t))
    play_groups(t, chair)
    s1, s2 = _semis(t)
    ts.match_result(actor=chair, match=s1, games=WIN)
    ts.match_result(actor=chair, match=s2, games=LOSE)
    third.refresh_from_db()
    assert (third.a_id, third.b_id) == (s1.b_id, s2.a_id)
    ts.match_result(actor=chair, match=final, games=WIN)
    t.refresh_from_db()
    assert t.stage == Stage.KNOCKOUT  # the third-place match is still to play
    ts.match_result(actor=chair, match=third, games=LOSE)
    t.refresh_from_db()
    assert t.stage == Stage.FINISHED
    names = dict(t.entries.values_list("pk", "name"))
    assert tq.podium(t) == [names[s1.a_id], names[s2.b_id], names[s2.a_id]]
    column = tq.bracket_rounds(t)[-1][1]
    assert [bm.label for bm in column] == ["决赛", "季军赛"]
    with pytest.raises(ValidationError, match="下一轮比赛已经开始"):
        ts.match_result(actor=chair, match=s1, games=LOSE)


def test_the_third_place_match_can_be_added_or_dropped_until_a_semifinal_is_played(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    assert not t.matches.filter(third_place=True).exists()
    ts.tournament_save(actor=chair, tournament=t, fields={"third_place": True})
    third = t.matches.get(third_place=True)
    assert third.starts_at is not None
    taken = list(t.matches.filter(slot=third.slot, court=third.court))
    assert taken == [third]
    ts.tournament_save(actor=chair, tournament=t, fields={"third_place": False})
    assert not t.matches.filter(third_place=True).exists()
    ts.tournament_save(actor=chair, tournament=t, fields={"third_place": True})
    play_groups(t, chair)
    ts.match_result(actor=chair, match=_semis(t)[0], games=WIN)
    with pytest.raises(ValidationError, match="半决赛已经开始"):
        ts.tournament_save(actor=chair, tournament=t, fields={"third_place": False})
    assert t.matches.filter(third_place=True).exists()


def test_a_third_place_match_needs_four_in_the_knockout(world):
    with pytest.raises(ValidationError) as caught:
        make_tournament(world, n=6, groups=3, advance=1, third_place=True)
    assert "third_place" in caught.value.message_dict


# --- 改期 ------------------------------------------------------------------------------------


def test_an_unplayed_match_moves_after_results_and_the_audit_keeps_both_places(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2, advance=0)
    first, *rest = t.matches.filter(stage=Stage.GROUPS).order_by("slot", "court")
    ts.match_result(actor=chair, match=first, games=WIN)
    m = rest[0]
    # a new slot after the last, while the groups are still being played
    ok = (max(t.matches.values_list("slot", flat=True)) + 1, 1)
    old = tq.place_text(t, m.slot, m.court)
    moves.match_move(actor=chair, match=m, slot=ok[0], court=ok[1], reason="球台坏了")
    m.refresh_from_db()
    assert (m.slot, m.court) == ok
    assert m.starts_at == tq.slot_time(t, ok[0])
    entry = AuditEntry.objects.filter(action="activities.tournament_match_move").last()
    assert entry.changes["place"] == [old, tq.place_text(t, *ok)]
    assert entry.changes["reason"] == [None, "球台坏了"]


def test_a_move_is_refused_for_a_busy_table_a_busy_player_a_played_match(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    ms = list(t.matches.filter(stage=Stage.GROUPS).select_related("a", "b"))
    m = ms[0]
    other = next(x for x in ms if x.slot != m.slot)
    with pytest.raises(ValidationError, match="已有比赛"):
        moves.match_move(actor=chair, match=m, slot=other.slot, court=other.court)
    clash = next(
        x for x in ms if x.pk != m.pk and {x.a_id, x.b_id} & {m.a_id, m.b_id} and x.slot != m.slot
    )
    TournamentMatch.objects.filter(slot=clash.slot, court=1 - clash.court).update(slot=99)
    with pytest.raises(ValidationError, match="不能同时比赛"):
        moves.match_move(actor=chair, match=m, slot=clash.slot, court=1 - clash.court)
    ts.match_result(actor=chair, match=m, games=WIN)
    with pytest.raises(ValidationError, match="已经赛完"):
        moves.match_move(actor=chair, match=m, slot=200, court=0)
    m.refresh_from_db()
    assert m.slot != 200
    with pytest.raises(PermissionDenied):
        moves.match_move(actor=world.users["auditor"], match=ms[1], slot=200, court=0)


def test_a_knockout_match_stays_between_its_feeders_and_what_it_feeds(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    semi = _semis(t)[0]
    final = t.matches.get(stage=Stage.KNOCKOUT, round=2)
    group_last = max(t.matches.filter(stage=Stage.GROUPS).values_list("slot", flat=True))
    with pytest.raises(ValidationError, match="要等前面的比赛打完"):
        moves.match_move(actor=chair, match=semi, slot=group_last, court=semi.court)
    with pytest.raises(ValidationError, match="须排在下一场"):
        moves.match_move(actor=chair, match=semi, slot=final.slot + 1, court=0)
    moves.match_move(actor=chair, match=final, slot=final.slot + 3, court=1)  # a new slot
    final.refresh_from_db()
    assert final.court == 1 and final.starts_at == tq.slot_time(t, final.slot)
    group = t.matches.filter(stage=Stage.GROUPS).first()
    with pytest.raises(ValidationError, match="小组赛须在淘汰赛开始"):
        moves.match_move(actor=chair, match=group, slot=semi.slot, court=1 - semi.court)


# --- 成绩公告 ---------------------------------------------------------------------------------


def _text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_notice_of_a_running_tournament_says_as_of_when(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    ts.match_result(actor=chair, match=t.matches.filter(stage=Stage.GROUPS).first(), games=WIN)
    text = _text(exports_tournament.results_notice(t, START.date()))
    assert "截至2099年3月11日" in text
    assert "A组（未赛完）" in text and "淘汰赛成绩" in text
    assert "冠军" not in text  # nobody decided yet


def test_the_notice_of_a_finished_tournament_names_the_podium_and_the_organiser(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2, third_place=True)
    play_groups(t, chair)
    for m in _semis(t):
        ts.match_result(actor=chair, match=m, games=WIN)
    for m in t.matches.filter(stage=Stage.KNOCKOUT, round=2):
        ts.match_result(actor=chair, match=m, games=WIN)
    t.refresh_from_db()
    text = _text(exports_tournament.results_notice(t, START.date()))
    champion, second, third = tq.podium(t)
    assert all((champion, second, third))
    for label, name in (("冠军", champion), ("亚军", second), ("季军", third)):
        assert f"{label}\n{name}" in text
    assert "圆满结束" in text and "组织者：文体委员" in text
    assert "季军赛" in text
