"""比赛 through its services: entries, the draw (groups spread by 工会小组, reproducible from
its seed), the timetable, results entered by a referee with the knockout advancing by
itself, corrections audited and refused once the next round has started, the prize voucher
link; bad input refused in Chinese with nothing written."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.activities import queries_tournament as tq
from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import EntryKind, Stage, TournamentMatch
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Member, Sex

from .support import START, make_activity

pytestmark = pytest.mark.django_db
WIN = [[11, 5], [11, 6], [11, 7]]  # side a wins 3:0
LOSE = [[5, 11], [6, 11], [7, 11]]


def players(world, n: int) -> list[Member]:
    """``n`` members of the school, alternately of 语文组 and 数学组."""
    out = []
    for i in range(n):
        group = world.chinese if i % 2 == 0 else world.maths
        out.append(
            Member.objects.create(
                union=world.school, name=f"选手{i:02d}", sex=Sex.MALE, group=group
            )
        )
    return out


def make_tournament(world, n=8, groups=2, advance=2, **fields):
    activity = make_activity(world.school, kind="sports", title="乒乓球比赛", capacity=100)
    base = {"title": "教职工乒乓球赛", "group_count": groups, "advance": advance, "courts": 2}
    t = ts.tournament_save(actor=None, activity=activity, fields={**base, **fields})
    for m in players(world, n):
        ts.entry_add(actor=None, tournament=t, members=[m])
    return t


def drawn(world, **kwargs):
    t = make_tournament(world, **kwargs)
    ts.tournament_draw(actor=None, tournament=t, seed="2099-春季")
    t.refresh_from_db()
    return t


def play_groups(t, chair, *, upset=None):
    """Every group match: the entry drawn earlier in its group wins 3:0."""
    for m in t.matches.filter(stage=Stage.GROUPS).select_related("a", "b"):
        games = WIN if m.a.position < m.b.position else LOSE
        ts.match_result(actor=chair, match=m, games=games)


# --- setting up -----------------------------------------------------------------------------


def test_a_tournament_starts_from_table_tennis_scoring(world):
    t = make_tournament(world, n=0)
    assert (t.win_points, t.loss_points, t.walkover_points) == (2, 1, 0)
    assert t.tiebreak_labels() == ["相互间比赛积分", "相互间局数比", "相互间分数比"]
    assert t.first_slot_at == START


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": " "}, "title"),
        ({"best_of": 4}, "best_of"),
        ({"group_count": 0}, "group_count"),
        ({"loss_points": 3}, "loss_points"),
        ({"tiebreaks": "h2h_match,luck"}, "tiebreaks"),
    ],
)
def test_bad_settings_are_refused_by_field(world, fields, field):
    activity = make_activity(world.school)
    with pytest.raises(ValidationError) as caught:
        ts.tournament_save(actor=None, activity=activity, fields={"title": "赛", **fields})
    assert field in caught.value.message_dict


def test_entries_one_member_once_teams_of_two_or_more(world):
    t = make_tournament(world, n=0)
    zhou = world.members["周会员"]
    entry = ts.entry_add(actor=None, tournament=t, members=[zhou])
    assert (entry.name, entry.unit) == ("周会员", world.chinese)
    with pytest.raises(ValidationError, match="已经报名"):
        ts.entry_add(actor=None, tournament=t, members=[zhou])
    with pytest.raises(ValidationError, match="只能选择本工会"):
        ts.entry_add(actor=None, tournament=t, members=[world.members["郑护士"]])
    team = make_tournament(world, n=0, entry_kind=EntryKind.TEAM)
    with pytest.raises(ValidationError, match="至少两名"):
        ts.entry_add(actor=None, tournament=team, members=[zhou])
    squad = ts.entry_add(
        actor=None,
        tournament=team,
        members=[zhou, world.members["孙组长"]],
        unit=world.chinese,
    )
    assert squad.name == "语文组队"
    assert squad.players.count() == 2


def test_entries_from_the_activity_signups(world):
    t = make_tournament(world, n=0)
    from gonghui.activities import services

    services.registration_signup(
        actor=None,
        activity=t.activity,
        member=world.members["吴老师"],
        now=START - datetime.timedelta(days=5),
    )
    made = ts.entries_from_signups(actor=None, tournament=t)
    assert [e.name for e in made] == ["吴老师"]
    assert ts.entries_from_signups(actor=None, tournament=t) == []  # nobody twice


# --- the draw -------------------------------------------------------------------------------


def test_draw_spreads_units_reproduces_and_schedules(world):
    t = drawn(world, n=8, groups=2)
    groups = list(t.groups.order_by("index"))
    assert [g.name for g in groups] == ["A组", "B组"]
    for g in groups:
        units = Counter(e.unit_id for e in g.entries.all())
        assert sorted(units.values()) == [2, 2]  # 语文组 and 数学组 two each
        assert g.matches.count() == 6  # 4 players: a single round robin
    assert t.matches.filter(stage=Stage.KNOCKOUT).count() == 3  # semi-finals and final
    # the recorded seed redoes the draw: the same groups from the same entries
    from gonghui.activities import tournament_rules as tr

    entries = list(t.entries.order_by("id"))
    cands = [tr.Candidate(e.pk, str(e.unit_id or ""), e.seed_rank) for e in entries]
    again = tr.draw_groups(cands, 2, t.seed)
    assert again == [
        list(g.entries.order_by("position").values_list("pk", flat=True)) for g in groups
    ]
    # nobody in two matches of one slot, one match per table and slot
    busy, tables = Counter(), Counter()
    for m in t.matches.exclude(slot=None):
        tables[(m.slot, m.court)] += 1
        for side in (m.a_id, m.b_id):
            if side:
                busy[(m.slot, side)] += 1
    assert set(tables.values()) == {1} and set(busy.values()) == {1}
    last_group = max(t.matches.filter(stage=Stage.GROUPS).values_list("slot", flat=True))
    first_ko = min(t.matches.filter(stage=Stage.KNOCKOUT).values_list("slot", flat=True))
    assert first_ko > last_group
    entry = AuditEntry.objects.get(action="activities.tournament_draw", object_id=str(t.pk))
    assert entry.changes["seed"][1] == "2099-春季"


def test_draw_refuses_too_few_entries_and_a_second_draw(world):
    t = make_tournament(world, n=3, groups=2)
    with pytest.raises(ValidationError, match="每组至少要有 2 个"):
        ts.tournament_draw(actor=None, tournament=t)
    assert not t.groups.exists()
    t = drawn(world, n=4, groups=2)
    with pytest.raises(ValidationError, match="已经抽签"):
        ts.tournament_draw(actor=None, tournament=t)
    with pytest.raises(ValidationError, match="已经抽签"):
        ts.entry_add(actor=None, tournament=t, members=[world.members["周会员"]])


# --- results and the knockout ---------------------------------------------------------------


def test_results_fill_the_bracket_and_the_final_ends_it(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    semis = list(t.matches.filter(stage=Stage.KNOCKOUT, round=1).order_by("index"))
    assert all(m.a_id is None for m in semis)
    play_groups(t, chair)
    t.refresh_from_db()
    assert t.stage == Stage.KNOCKOUT
    a_group, b_group = t.groups.order_by("index")
    first = {g.pk: g.entries.get(position=1) for g in (a_group, b_group)}
    second = {g.pk: g.entries.get(position=2) for g in (a_group, b_group)}
    semis = list(t.matches.filter(stage=Stage.KNOCKOUT, round=1).order_by("index"))
    # winners meet the other group's runner-up
    assert {(m.a_id, m.b_id) for m in semis} == {
        (first[a_group.pk].pk, second[b_group.pk].pk),
        (first[b_group.pk].pk, second[a_group.pk].pk),
    }
    final = t.matches.get(stage=Stage.KNOCKOUT, round=2)
    ts.match_result(actor=chair, match=semis[0], games=WIN)
    final.refresh_from_db()
    assert final.a_id == semis[0].a_id and final.b_id is None
    with pytest.raises(ValidationError, match="对阵还没有确定"):
        ts.match_result(actor=chair, match=final, games=WIN)
    ts.match_result(actor=chair, match=semis[1], walkover_winner="b")
    final.refresh_from_db()
    assert final.b_id == semis[1].b_id
    ts.match_result(actor=chair, match=final, games=[[11, 9], [9, 11], [11, 9], [8, 11], [11, 13]])
    t.refresh_from_db()
    assert t.stage == Stage.FINISHED
    assert tq.champion(t) == final.b.name


def test_byes_go_to_group_winners_and_advance_by_themselves(world):
    chair = world.users["chair"]
    t = drawn(world, n=9, groups=3, advance=2)  # 6 qualifiers, a bracket of 8
    byes = list(t.matches.filter(stage=Stage.KNOCKOUT, bye=True))
    assert len(byes) == 2
    play_groups(t, chair)
    for bye in byes:
        bye.refresh_from_db()
        assert bye.winner_id is not None
        assert bye.winner.position == 1  # a group winner
        nxt = t.matches.get(Q_from(bye.pk))
        assert bye.winner_id in (nxt.a_id, nxt.b_id)
        assert bye.slot is None  # a bye is not played
        assert nxt.slot > max(t.matches.filter(stage=Stage.GROUPS).values_list("slot", flat=True))


def Q_from(pk):
    from django.db.models import Q

    return Q(a_from_id=pk) | Q(b_from_id=pk)


def test_a_correction_is_audited_and_refused_once_the_next_round_started(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    m = t.matches.filter(stage=Stage.GROUPS).first()
    ts.match_result(actor=chair, match=m, games=WIN)
    ts.match_result(actor=chair, match=m, games=[[11, 5], [5, 11], [11, 5], [11, 5]])
    fix = AuditEntry.objects.get(action="activities.tournament_result_fix", object_id=str(m.pk))
    assert fix.changes["games"] == [WIN, [[11, 5], [5, 11], [11, 5], [11, 5]]]
    play_groups(t, chair)
    semi = t.matches.filter(stage=Stage.KNOCKOUT, round=1).first()
    ts.match_result(actor=chair, match=semi, games=WIN)
    with pytest.raises(ValidationError, match="淘汰赛已经开始"):
        ts.match_result(actor=chair, match=m, games=LOSE)
    ts.match_result(actor=chair, match=semi, games=LOSE)  # the final has not started
    final = t.matches.get(stage=Stage.KNOCKOUT, round=2)
    final.refresh_from_db()
    assert final.a_id == semi.b_id
    other = t.matches.filter(stage=Stage.KNOCKOUT, round=1).exclude(pk=semi.pk).get()
    ts.match_result(actor=chair, match=other, games=WIN)
    ts.match_result(actor=chair, match=final, games=WIN)
    with pytest.raises(ValidationError, match="下一轮比赛已经开始"):
        ts.match_result(actor=chair, match=semi, games=WIN)


@pytest.mark.parametrize(
    ("games", "message"),
    [
        ([[11, 11]], "每局须分出胜负"),
        ([[11, 5], [11, 5]], "须有一方正好胜 3 局"),
        ([[11, 5], [11, 5], [11, 5], [5, 11]], "第 3 局已决出胜负"),
        ([["十一", 5]], "比分须为整数"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_written(world, games, message):
    t = drawn(world, n=4, groups=1, advance=0)
    m = t.matches.first()
    with pytest.raises(ValidationError, match=message):
        ts.match_result(actor=world.users["chair"], match=m, games=games)
    m.refresh_from_db()
    assert m.winner_id is None and m.games == []


def test_a_match_without_a_time_cannot_take_a_result(world):
    t = drawn(world, n=4, groups=1, advance=0)
    m = t.matches.first()
    TournamentMatch.objects.filter(pk=m.pk).update(slot=None)
    with pytest.raises(ValidationError, match="还没有排定时间"):
        ts.match_result(actor=world.users["chair"], match=m, games=WIN)


def test_group_only_tournament_finishes_with_its_groups_and_standings_show_ties(world):
    chair = world.users["chair"]
    t = drawn(world, n=3, groups=1, advance=0)
    ms = list(t.matches.select_related("a", "b"))
    # a cycle: each wins once, level on games among the three → points ratio
    for m, games in zip(ms, (WIN, WIN, WIN), strict=True):
        ts.match_result(actor=chair, match=m, games=games)
    t.refresh_from_db()
    assert t.stage == Stage.FINISHED
    table = tq.group_tables(t)[0]
    assert [r.score for r in table.rows] == [3, 3, 3]
    assert table.notes == ["抽签"]  # everything level among them, decided by the seeded lot


def test_schedule_again_only_before_results(world):
    chair = world.users["chair"]
    t = drawn(world, n=8, groups=2)
    ts.tournament_save(actor=chair, tournament=t, fields={"courts": 4})
    assert ts.tournament_schedule(actor=chair, tournament=t) == 0
    assert t.matches.filter(court=3).exists()
    with pytest.raises(ValidationError, match="只能修改名称"):
        ts.tournament_save(actor=chair, tournament=t, fields={"group_count": 3})
    ts.match_result(actor=chair, match=t.matches.filter(stage=Stage.GROUPS).first(), games=WIN)
    with pytest.raises(ValidationError, match="已有比赛结果"):
        ts.tournament_schedule(actor=chair, tournament=t)


def test_a_short_activity_leaves_matches_unscheduled(world):
    t = make_tournament(world, n=8, groups=2, slot_minutes=240)  # the activity lasts 8 hours
    ts.tournament_draw(actor=None, tournament=t, seed="x")
    assert t.matches.filter(slot=None, bye=False).exists()


# --- who ------------------------------------------------------------------------------------


def test_only_activities_change_enters_results(world):
    t = drawn(world, n=4, groups=1, advance=0)
    m = t.matches.first()
    for name in ("member", "treasurer", "auditor", "outsider"):
        with pytest.raises(PermissionDenied):
            ts.match_result(actor=world.users[name], match=m, games=WIN)
    ts.match_result(actor=world.users["committee"], match=m, games=WIN)
    with pytest.raises(Http404):
        tq.get_match(world.users["outsider"], m.pk)


def test_prize_voucher_of_another_union_is_refused(world):
    from gonghui.finance.models import Kind, Voucher

    t = make_tournament(world, n=0)
    foreign = Voucher.objects.create(
        union=world.hospital, kind=Kind.EXPENSE, date=START.date(), summary="奖品"
    )
    with pytest.raises(ValidationError, match="本工会的支出凭证"):
        ts.tournament_prize(actor=world.users["chair"], tournament=t, voucher=foreign)
    own = Voucher.objects.create(
        union=world.school, kind=Kind.EXPENSE, date=START.date(), summary="乒乓球赛奖品"
    )
    ts.tournament_prize(actor=world.users["chair"], tournament=t, voucher=own)
    t.refresh_from_db()
    assert t.prize_voucher == own
