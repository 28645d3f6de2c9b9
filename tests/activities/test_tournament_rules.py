"""The pure rules of a 比赛: the round robin, the standings and their ITTF tiebreaks, the group
draw, the knockout bracket and the timetable. Property tests run many random sizes
(hypothesis, derandomized: the same cases on every run) and assert the invariants."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.activities import tournament_rules as tr
from gonghui.activities.tournament_rules import Candidate, Job, Result, Scoring

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)


# --- round robin ----------------------------------------------------------------------------


@PROPERTY
@given(st.integers(min_value=2, max_value=24))
def test_round_robin_every_pair_once_nobody_twice_in_a_round(n):
    people = [f"p{i}" for i in range(n)]
    rounds = tr.round_robin(people)
    assert len(rounds) == (n - 1 if n % 2 == 0 else n)
    pairs = [frozenset(p) for r in rounds for p in r]
    assert len(pairs) == n * (n - 1) // 2
    assert set(pairs) == {frozenset(p) for p in itertools.combinations(people, 2)}
    for r in rounds:
        playing = [e for p in r for e in p]
        assert len(playing) == len(set(playing))  # nobody twice in a round
        assert len(r) == n // 2
        if n % 2:  # exactly one rests
            assert tr.bye_of(people, r) is not None
    # the first two drawn meet in the last round
    assert frozenset(people[:2]) in {frozenset(p) for p in rounds[-1]}


def test_round_robin_of_one_or_none_is_empty():
    assert tr.round_robin([]) == []
    assert tr.round_robin(["甲"]) == []


def test_three_entries_each_rest_once():
    people = ["甲", "乙", "丙"]
    rounds = tr.round_robin(people)
    assert sorted(tr.bye_of(people, r) for r in rounds) == sorted(people)


# --- standings ------------------------------------------------------------------------------


def win(a, b, *games, walkover=False):
    """a beats b with ``games`` given from a's side."""
    return Result(a, b, a, tuple(games), walkover)


def test_default_scoring_win_two_loss_one_walkover_nothing():
    results = [
        win("甲", "乙", (11, 5), (11, 7), (11, 9)),
        win("乙", "丙", walkover=True),  # 丙 did not turn up
        win("甲", "丙", walkover=True),
    ]
    rows = tr.standings(["甲", "乙", "丙"], results)
    assert [(r.entry, r.score, r.won, r.lost) for r in rows] == [
        ("甲", 4, 2, 0),
        ("乙", 3, 1, 1),
        ("丙", 0, 0, 2),
    ]
    # a walkover plays no games: 乙's games are only those against 甲
    assert (rows[1].games_won, rows[1].games_lost, rows[1].points_lost) == (0, 3, 33)


def test_two_level_are_separated_by_their_own_match():
    # 乙 beat 甲, but 甲 has the better games overall: between the two, the match decides
    results = [
        win("乙", "甲", (11, 9), (9, 11), (11, 9)),
        win("甲", "丙", (11, 0), (11, 0), (11, 0)),
        win("丙", "乙", (11, 9), (11, 9), (11, 9)),
        win("甲", "丁", (11, 0), (11, 0), (11, 0)),
        win("乙", "丁", (11, 9), (11, 9), (11, 9)),
        win("丁", "丙", (11, 9), (11, 9), (11, 9)),
    ]
    rows = tr.standings(["甲", "乙", "丙", "丁"], results)
    assert [r.entry for r in rows][:2] == ["乙", "甲"]
    assert rows[0].tie_note == "相互间比赛积分"
    # 丙 and 丁 level on 4: 丁 beat 丙
    assert [r.entry for r in rows][2:] == ["丁", "丙"]


def test_three_way_tie_games_among_the_tied_then_recursion_for_the_last_two():
    """甲 > 乙 > 丙 > 甲 (all level on match points among them). Games among the three:
    甲 5:4, 乙 4:5, 丙 4:4 → 甲 first (ratio 1.25), 乙 and 丙 ... 乙 0.8, 丙 1.0 → 丙 second.
    Each is then alone, so no further step. A fourth, 丁, lost every match."""
    results = [
        win("甲", "乙", (11, 5), (11, 5), (5, 11), (11, 5)),  # 甲 3:1
        win("乙", "丙", (11, 5), (11, 5), (5, 11), (5, 11), (11, 5)),  # 乙 3:2
        win("丙", "甲", (11, 5), (11, 5), (5, 11), (5, 11), (11, 5)),  # 丙 3:2
        win("甲", "丁", (11, 0), (11, 0), (11, 0)),
        win("乙", "丁", (11, 0), (11, 0), (11, 0)),
        win("丙", "丁", (11, 0), (11, 0), (11, 0)),
    ]
    rows = tr.standings(["甲", "乙", "丙", "丁"], results)
    assert [r.entry for r in rows] == ["甲", "丙", "乙", "丁"]
    assert [r.tie_note for r in rows[:3]] == ["相互间局数比"] * 3
    assert [r.rank for r in rows] == [1, 2, 3, 4]


def test_three_way_tie_one_placed_then_the_other_two_by_their_own_match():
    """ITTF 3.7.5.3: once 甲 is placed by the games ratio among three, 乙 and 丙 (level on
    games among the three) start again between themselves only — their match decides, though
    丙 had the better points ratio among all three."""
    results = [
        win("甲", "乙", (11, 0), (11, 0), (11, 0)),  # 甲 3:0
        win("乙", "丙", (11, 9), (9, 11), (11, 9), (11, 9)),  # 乙 3:1
        win("丙", "甲", (11, 9), (9, 11), (11, 9)),  # 丙 2:1
    ]
    # games among the three: 甲 4:2, 乙 3:4, 丙 3:4; points: 乙 42:71, 丙 69:71
    rows = tr.standings(["甲", "乙", "丙"], results)
    assert rows[0].entry == "甲"
    assert rows[0].tie_note == "相互间局数比"
    # going on to the points ratio among three would put 丙 second; between the two 乙 won
    assert [r.entry for r in rows[1:]] == ["乙", "丙"]
    assert rows[1].tie_note == "相互间比赛积分"


def test_points_ratio_when_games_are_level_and_lot_when_all_is_level():
    results = [
        win("甲", "乙", (11, 5), (5, 11), (11, 5)),
        win("乙", "丙", (11, 9), (9, 11), (11, 9)),
        win("丙", "甲", (11, 9), (9, 11), (11, 9)),
    ]
    # games 2:2 each; points: 甲 27+... computed: 甲 vs 乙 27:21, vs 丙 29:31 → 56:52
    rows = tr.standings(["甲", "乙", "丙"], results)
    assert rows[0].entry == "甲"
    assert rows[0].tie_note == "相互间分数比"
    same = [win("甲", "乙", (11, 9), (9, 11), (11, 9)), win("乙", "丙", (11, 9), (9, 11), (11, 9))]
    same.append(win("丙", "甲", (11, 9), (9, 11), (11, 9)))
    first = tr.standings(["甲", "乙", "丙"], same, seed="s1")
    again = tr.standings(["甲", "乙", "丙"], same, seed="s1")
    assert [r.entry for r in first] == [r.entry for r in again]  # reproducible
    assert {r.tie_note for r in first} == {"抽签"}
    orders = {
        tuple(r.entry for r in tr.standings(["甲", "乙", "丙"], same, seed=str(i)))
        for i in range(30)
    }
    assert len(orders) > 1  # the seed decides


def test_scoring_is_a_setting():
    results = [win("甲", "乙", (11, 0)), win("乙", "丙", walkover=True), win("丙", "甲", (11, 0))]
    football = Scoring(win=3, loss=0, walkover=0, criteria=("games", "points"))
    rows = tr.standings(["甲", "乙", "丙"], results, football)
    assert [r.score for r in rows] == [3, 3, 3]
    # overall games: 甲 1:1, 乙 0:1 (walkover plays none), 丙 1:1 → 乙 last
    assert rows[-1].entry == "乙"


@PROPERTY
@given(st.integers(min_value=2, max_value=8), st.randoms(use_true_random=False))
def test_standings_rank_everyone_once_and_never_below_fewer_points(n, rnd):
    people = [f"p{i}" for i in range(n)]
    results = []
    for a, b in itertools.combinations(people, 2):
        walkover = rnd.random() < 0.1
        games = (
            ()
            if walkover
            else tuple(
                (11, rnd.randint(0, 9)) if rnd.random() < 0.5 else (rnd.randint(0, 9), 11)
                for _ in range(rnd.choice([3, 5]))
            )
        )
        side = tr.winner_of(games) if games else rnd.randint(0, 1)
        if side is None:
            games, side = (*games, (11, 0)), 0
        results.append(Result(a, b, (a, b)[side], games, walkover))
    rows = tr.standings(people, results, seed="x")
    assert sorted(r.entry for r in rows) == sorted(people)
    assert [r.rank for r in rows] == list(range(1, n + 1))
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert sum(r.won for r in rows) == len(results) == sum(r.lost for r in rows)
    # the same inputs and seed give the same table
    assert [r.entry for r in tr.standings(people, results, seed="x")] == [r.entry for r in rows]


def test_winner_of_games():
    assert tr.winner_of([(11, 9), (5, 11), (11, 3)]) == 0
    assert tr.winner_of([(9, 11), (5, 11)]) == 1
    assert tr.winner_of([(11, 9), (9, 11)]) is None


# --- the group draw -------------------------------------------------------------------------


@PROPERTY
@given(
    st.integers(min_value=2, max_value=40),
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=1, max_value=6),
    st.text(min_size=1, max_size=6),
)
def test_draw_balances_sizes_and_spreads_units(n, groups, units, seed):
    groups = min(groups, n)
    cands = [Candidate(f"e{i}", unit=f"u{i % units}") for i in range(n)]
    drawn = tr.draw_groups(cands, groups, seed)
    assert sorted(e for g in drawn for e in g) == sorted(c.entry for c in cands)
    sizes = [len(g) for g in drawn]
    assert max(sizes) - min(sizes) <= 1
    unit = {c.entry: c.unit for c in cands}
    for u in {c.unit for c in cands}:
        per = [sum(1 for e in g if unit[e] == u) for g in drawn]
        assert max(per) - min(per) <= 1, (u, per)
    assert tr.draw_groups(cands, groups, seed) == drawn  # the seed reproduces it


@PROPERTY
@given(
    st.integers(min_value=4, max_value=40),
    st.integers(min_value=2, max_value=8),
    st.integers(min_value=1, max_value=16),
    st.text(min_size=1, max_size=6),
)
def test_seeds_are_dealt_in_a_snake(n, groups, seeds, seed):
    groups = min(groups, n // 2)
    seeds = min(seeds, n)
    cands = [
        Candidate(f"e{i}", unit=f"u{i % 3}", seed=i + 1 if i < seeds else None) for i in range(n)
    ]
    drawn = tr.draw_groups(cands, groups, seed)
    where = {e: gi for gi, g in enumerate(drawn) for e in g}
    # the top seeds, one per group, in order; each pot of seeds one per group
    for pot in range(0, seeds, groups):
        chosen = [where[f"e{i}"] for i in range(pot, min(pot + groups, seeds))]
        assert len(chosen) == len(set(chosen))
    for i in range(min(groups, seeds)):
        assert where[f"e{i}"] == i
    sizes = [len(g) for g in drawn]
    assert max(sizes) - min(sizes) <= 1
    # within a group the seeds come first
    for g in drawn:
        ranks = [int(e[1:]) < seeds for e in g]
        assert ranks == sorted(ranks, reverse=True)


def test_a_department_of_four_in_four_groups_is_one_per_group():
    cands = [Candidate(f"语文{i}", unit="语文组") for i in range(4)]
    cands += [Candidate(f"数学{i}", unit="数学组") for i in range(6)]
    cands += [Candidate(f"后勤{i}", unit="后勤") for i in range(6)]
    drawn = tr.draw_groups(cands, 4, "2026-乒乓")
    assert [sum(1 for e in g if e.startswith("语文")) for g in drawn] == [1, 1, 1, 1]


# --- the knockout ---------------------------------------------------------------------------


def test_standard_seed_order():
    assert tr.seed_order(2) == [1, 2]
    assert tr.seed_order(4) == [1, 4, 2, 3]
    assert tr.seed_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]


def test_four_groups_two_each_winners_meet_runners_up_of_other_groups():
    positions = tr.bracket(4, 2)
    pairs = [(positions[i], positions[i + 1]) for i in range(0, 8, 2)]
    for a, b in pairs:
        assert {a.place, b.place} == {1, 2}
        assert a.group != b.group
    half = {(p.group, p.place): i // 4 for i, p in enumerate(positions)}
    for g in range(4):
        assert half[(g, 1)] != half[(g, 2)]


@PROPERTY
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=4))
def test_bracket_invariants(groups, per_group):
    q = groups * per_group
    if q < 2:
        return
    positions = tr.bracket(groups, per_group)
    size = len(positions)
    assert size >= q and size & (size - 1) == 0 and size < 2 * q
    slots = [p for p in positions if p is not None]
    assert sorted((p.group, p.place) for p in slots) == sorted(
        (g, k) for g in range(groups) for k in range(1, per_group + 1)
    )
    rounds = size.bit_length() - 1
    # no first-round match of two byes; byes face the best seeds (the group winners first)
    order = tr.seed_order(size)
    for i in range(0, size, 2):
        a, b = positions[i], positions[i + 1]
        assert a is not None or b is not None
        if a is None or b is None:
            seed = order[i] if a is not None else order[i + 1]
            assert seed <= size - q
    where = {(p.group, p.place): i for i, p in enumerate(positions) if p is not None}
    # group winners meet as late as possible
    spread = (groups - 1).bit_length()
    for g, h in itertools.combinations(range(groups), 2):
        assert tr.meets_in(where[(g, 1)], where[(h, 1)]) >= rounds - spread + 1
    # two of one group: opposite halves (they could meet only in the final)
    if per_group == 2:
        for g in range(groups):
            assert tr.meets_in(where[(g, 1)], where[(g, 2)]) == rounds
    # never two of one group in a first-round match
    if size > 2:
        for i in range(0, size, 2):
            a, b = positions[i], positions[i + 1]
            if a and b:
                assert a.group != b.group or groups == 1


def test_knockout_matches_with_byes():
    positions = tr.bracket(3, 2)  # 6 qualifiers in a bracket of 8: the two best have byes
    matches = tr.knockout_matches(positions)
    assert [m.round for m in matches] == [1, 1, 1, 1, 2, 2, 3]
    byes = [m for m in matches if m.bye]
    assert len(byes) == 2
    assert {s.place for m in byes for s in m.feeds if s} == {1}
    final = matches[-1]
    assert final.feeds == ((2, 0), (2, 1))
    assert tr.round_name(3, 3) == "决赛" and tr.round_name(2, 3) == "半决赛"


# --- the timetable --------------------------------------------------------------------------


@PROPERTY
@given(
    st.integers(min_value=2, max_value=16),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=40),
)
def test_timetable_nobody_twice_in_a_slot_one_match_per_table(n, groups, courts, slots):
    groups = min(groups, n // 2 or 1)
    cands = [Candidate(f"e{i}") for i in range(n)]
    drawn = tr.draw_groups(cands, groups, "t")
    per_group = [
        [
            Job((gi, ri, a, b), frozenset((a, b)))
            for ri, r in enumerate(tr.round_robin(g))
            for a, b in r
        ]
        for gi, g in enumerate(drawn)
    ]
    group_jobs = tr.interleave(per_group)
    ko = Job("final", frozenset(), frozenset(j.key for j in group_jobs))
    plan = tr.timetable([*group_jobs, ko], courts, slots)
    assert len(plan.placed) + len(plan.left) == len(group_jobs) + 1
    used = Counter(plan.placed.values())
    assert all(v == 1 for v in used.values())  # one match per table and slot
    assert all(c < courts and s < slots for s, c in plan.placed.values())
    by_slot: dict = {}
    for job in group_jobs:
        if job.key in plan.placed:
            s = plan.placed[job.key][0]
            for e in job.sides:
                assert (s, e) not in by_slot, "an entry twice in one slot"
                by_slot[(s, e)] = job.key
    if "final" in plan.placed:
        assert all(plan.placed[k][0] < plan.placed["final"][0] for k in ko.after)
    # enough slots: everything fits
    if slots * courts >= 4 * len(group_jobs) + 4 and slots >= 2 * n + 2:
        assert not plan.left


def test_rest_between_matches_when_another_can_go():
    jobs = [Job("ab", frozenset("ab")), Job("ac", frozenset("ac")), Job("de", frozenset("de"))]
    plan = tr.timetable(jobs, courts=1, slots=3)
    # a played in slot 0; de goes in slot 1 so a rests
    assert [plan.placed[k][0] for k in ("ab", "de", "ac")] == [0, 1, 2]


def test_prize_limit_is_one_in_three():
    assert tr.prize_limit(16, 3) == 5
    assert tr.prize_limit(2, 3) == 0
