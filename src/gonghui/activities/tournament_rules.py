"""The rules of a 比赛 (group stage then knockout), as pure functions without a database:
the round robin of a group, the standings with their tiebreaks, the group draw, the knockout
bracket fed by the groups, and the timetable on tables/courts and time slots. Everything
random takes a recorded seed (``random.Random(seed)``), so the same inputs and seed give the
same draw on every machine.

Sources:

- Round robin, the circle method (Berger tables; FIDE Handbook C.05 Annex 1): one entry
  fixed, the others rotate; an odd count adds a bye, so each round has every entry at most
  once. The round in which the two first-drawn entries meet is played last (the usual
  practice: the strongest pair of a group meet at its end).
- Standings, default table-tennis style: ITTF Handbook, Regulations for International
  Competitions 3.7.5 (group competitions) — a match won scores 2 match points, a match lost
  1, a match lost unplayed (walkover, 弃权) 0 (3.7.5.1); entries level on match points are
  separated **only by the results of the matches between them**, by match points, then the
  ratio of games won to lost, then of points won to lost (3.7.5.2); once some of them are
  placed by a step, the results of the matches of those placed are left out and the step
  starts again among those still level (3.7.5.3); what cannot be separated is decided by lot
  (3.7.5.4). The 中国乒乓球协会 competition rules follow the ITTF text. (shared/DOMAIN-AREAS.md
  lists this as UNCONFIRMED against the handbook's current edition; the scoring and the
  order of tiebreaks are settings, ``Scoring``.)
- Group draw: seeds dealt to the groups in a snake (蛇形排列: 1→A, 2→B … then back), the
  others spread so that entries of one unit (工会小组/部门) are as even across the groups as
  the sizes allow (the common 同单位分开 rule of union tournaments).
- Knockout: the standard seeding (1 plays P, 2 plays P−1 …; seeds 1 and 2 in opposite halves,
  1–4 in different quarters), evroon/bracket's placeholder inputs ("winner of group X,
  place n"; "winner of match m"); group winners take the top seeds so they meet as late as
  possible; later places of a group are put as far as possible from their group's earlier
  ones (with two per group: in the opposite half); when the qualifiers are not a power of
  two the missing places are byes for the best seeds.
- Timetable: slot by slot, each free table takes the first match whose entries are free in
  that slot and whose feeding matches are done in an earlier slot (evroon/bracket
  logic/planning/matches.py does the same with a random retry; this is deterministic).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

Entry = Hashable

# --- round robin ----------------------------------------------------------------------------


def round_robin(entries: Sequence[Entry]) -> list[list[tuple[Entry, Entry]]]:
    """The rounds of a single round robin by the circle method: n−1 rounds for an even
    count, n for an odd one (one entry rests, 轮空, each round). Every pair meets once, nobody
    plays twice in a round; the first two entries meet in the last round."""
    people: list[Entry | None] = list(entries)
    if len(people) < 2:
        return []
    if len(people) % 2:
        people.append(None)  # the bye
    n = len(people)
    fixed, ring = people[0], people[1:]
    rounds: list[list[tuple[Entry, Entry]]] = []
    for r in range(n - 1):
        line = [fixed, *ring]
        pairs = []
        for i in range(n // 2):
            a, b = line[i], line[n - 1 - i]
            if a is None or b is None:
                continue
            pairs.append((a, b) if r % 2 == 0 or i else (b, a))
        rounds.append(pairs)
        ring = ring[-1:] + ring[:-1]
    first = frozenset(entries[:2])
    last = next(i for i, pairs in enumerate(rounds) if any(frozenset(p) == first for p in pairs))
    rounds.append(rounds.pop(last))
    return rounds


def bye_of(entries: Sequence[Entry], pairs: Iterable[tuple[Entry, Entry]]) -> Entry | None:
    """Who rests (轮空) in a round of an odd group."""
    playing = {e for pair in pairs for e in pair}
    resting = [e for e in entries if e not in playing]
    return resting[0] if resting else None


# --- standings ------------------------------------------------------------------------------

CRITERIA = {
    "h2h_match": "相互间比赛积分",
    "h2h_games": "相互间局数比",
    "h2h_points": "相互间分数比",
    "games": "全部比赛局数比",
    "points": "全部比赛分数比",
}
ITTF_CRITERIA = ("h2h_match", "h2h_games", "h2h_points")


@dataclass(frozen=True)
class Scoring:
    """Match points and the order of tiebreaks (a union setting, ``TournamentSettings``).
    Default: ITTF 3.7.5 (UNCONFIRMED, 示例), where a match cannot end drawn; ``draw`` counts
    only where the tournament allows drawn group matches (足球, 象棋: commonly 3/1/0)."""

    win: int = 2
    loss: int = 1
    walkover: int = 0  # the side that did not play
    draw: int = 1
    criteria: tuple[str, ...] = ITTF_CRITERIA

    def __post_init__(self) -> None:
        unknown = [c for c in self.criteria if c not in CRITERIA]
        if unknown:
            raise ValueError(f"unknown tiebreak {unknown}")


DEFAULT = Scoring()


def scoring_problems(
    win: int, draw: int, loss: int, walkover: int, draws_allowed: bool
) -> dict[str, str]:
    """What is wrong with a set of match points (field → Chinese message): a loss never
    scores more than a win, a walkover never more than a loss, a draw lies between a loss
    and a win (checked only where draws are allowed)."""
    out: dict[str, str] = {}
    if loss > win:
        out["loss_points"] = "负一场的积分不能高于胜一场。"
    elif walkover > loss:
        out["walkover_points"] = "弃权的积分不能高于负一场。"
    if draws_allowed and not loss <= draw <= win:
        out["draw_points"] = "平一场的积分应在负一场和胜一场之间。"
    return out


@dataclass(frozen=True)
class Result:
    """One decided match: ``games`` as (a's points, b's points) per game; a walkover has no
    games and ``winner`` is the side that turned up; a drawn match has ``winner`` None."""

    a: Entry
    b: Entry
    winner: Entry | None
    games: tuple[tuple[int, int], ...] = ()
    walkover: bool = False


@dataclass
class Row:
    entry: Entry
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    score: int = 0
    games_won: int = 0
    games_lost: int = 0
    points_won: int = 0
    points_lost: int = 0
    rank: int = 0
    tie_note: str = ""  # how a level score was separated (shown under the table)
    name: str = ""  # for the page: filled in by the caller


def _tally(entry: Entry, results: Iterable[Result], scoring: Scoring) -> Row:
    row = Row(entry)
    for r in results:
        if entry not in (r.a, r.b):
            continue
        row.played += 1
        if r.winner is None:
            row.drawn += 1
            row.score += scoring.draw
        elif r.winner == entry:
            row.won += 1
            row.score += scoring.win
        else:
            row.lost += 1
            row.score += scoring.walkover if r.walkover else scoring.loss
        for pa, pb in r.games:
            mine, theirs = (pa, pb) if entry == r.a else (pb, pa)
            row.points_won += mine
            row.points_lost += theirs
            row.games_won += mine > theirs
            row.games_lost += theirs > mine
    return row


def ratio(won: int, lost: int) -> tuple[int, Fraction]:
    """A ratio that sorts: nothing lost beats any finite ratio; nothing at all is even."""
    if lost:
        return (0, Fraction(won, lost))
    return (1, Fraction(won)) if won else (0, Fraction(1))


def _key(criterion: str, row: Row) -> Any:
    if criterion == "h2h_match":
        return row.score
    if criterion.endswith("games"):
        return ratio(row.games_won, row.games_lost)
    return ratio(row.points_won, row.points_lost)


def _separate(
    tied: list[Entry], results: Sequence[Result], scoring: Scoring, lot: random.Random
) -> list[tuple[Entry, str]]:
    """ITTF 3.7.5.2–3.7.5.4, recursively: the first criterion that splits the level group
    ranks it into smaller level groups, and each of those starts again from the first
    criterion among itself only (3.7.5.3)."""
    if len(tied) == 1:
        return [(tied[0], "")]
    among = [r for r in results if r.a in tied and r.b in tied]
    for criterion in scoring.criteria:
        scope = among if criterion.startswith("h2h") else results
        keys = {e: _key(criterion, _tally(e, scope, scoring)) for e in tied}
        levels = sorted(set(keys.values()), reverse=True)
        if len(levels) < 2:
            continue
        out: list[tuple[Entry, str]] = []
        for level in levels:
            bucket = [e for e in tied if keys[e] == level]
            for entry, note in _separate(bucket, results, scoring, lot):
                out.append((entry, note or CRITERIA[criterion]))
        return out
    drawn = sorted(tied, key=str)
    lot.shuffle(drawn)
    return [(e, "抽签") for e in drawn]


def standings(
    entries: Sequence[Entry],
    results: Sequence[Result],
    scoring: Scoring = Scoring(),
    seed: str = "",
) -> list[Row]:
    """The group table, best first: by match points, ties broken per ``scoring.criteria``
    (ITTF: among the tied only), then by lot with ``seed``."""
    rows = {e: _tally(e, results, scoring) for e in entries}
    lot = random.Random(f"{seed}:standings")
    by_score: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_score[rows[e].score].append(e)
    ordered: list[Row] = []
    for score in sorted(by_score, reverse=True):
        for entry, note in _separate(by_score[score], results, scoring, lot):
            rows[entry].tie_note = note
            ordered.append(rows[entry])
    for i, row in enumerate(ordered, 1):
        row.rank = i
    return ordered


def winner_of(games: Sequence[tuple[int, int]]) -> int | None:
    """0 when side a won more games, 1 when side b did, None when level (not a result)."""
    a = sum(1 for x, y in games if x > y)
    b = sum(1 for x, y in games if y > x)
    if a == b:
        return None
    return 0 if a > b else 1


# --- the group draw -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An entry to draw: its ``unit`` (工会小组/部门, "" for none) and its seed rank (1 the
    strongest; None unseeded)."""

    entry: Entry
    unit: str = ""
    seed: int | None = None


def group_sizes(count: int, groups: int) -> list[int]:
    """The sizes of ``groups`` groups, differing by at most one, the larger first."""
    base, extra = divmod(count, groups)
    return [base + (1 if i < extra else 0) for i in range(groups)]


def _snake(index: int, groups: int) -> int:
    pot, place = divmod(index, groups)
    return place if pot % 2 == 0 else groups - 1 - place


def draw_groups(candidates: Sequence[Candidate], groups: int, seed: str) -> list[list[Entry]]:
    """Deal the entries into ``groups`` groups: the seeded ones in a snake by rank, the others
    shuffled by ``seed`` and dealt unit by unit (largest unit first) to the group holding
    fewest of that unit (then the smallest group); sizes never differ by more than one. Then
    swaps of unseeded entries (and of seeds of one pot, which keeps the snake's balance) even
    out any unit still two apart (the top seeds stay: seed 1 in A, 2 in B…). Each group lists its seeds first, then the others."""
    if groups < 1:
        raise ValueError("groups must be positive")
    rng = random.Random(f"{seed}:groups")
    sizes = group_sizes(len(candidates), groups)
    out: list[list[Candidate]] = [[] for _ in range(groups)]
    seeded = sorted(
        (c for c in candidates if c.seed is not None), key=lambda c: (c.seed, str(c.entry))
    )
    for i, c in enumerate(seeded):
        out[_snake(i, groups)].append(c)
    rest = sorted((c for c in candidates if c.seed is None), key=lambda c: str(c.entry))
    rng.shuffle(rest)
    units: dict[str, list[Candidate]] = defaultdict(list)
    for c in rest:
        units[c.unit].append(c)
    # the unit-less ("") last: nothing to spread
    order = sorted(units, key=lambda u: (u == "", -len(units[u]), u))
    for unit in order:
        for c in units[unit]:
            free = [g for g in range(groups) if len(out[g]) < _cap(out, sizes, g)]
            tie = {g: rng.random() for g in free}
            best = min(
                free, key=lambda g: (_count(out[g], unit) if unit else 0, len(out[g]), tie[g])
            )
            out[best].append(c)
    _even_out(out, groups)
    return [[c.entry for c in group] for group in out]


def _count(group: list[Candidate], unit: str) -> int:
    return sum(1 for c in group if c.unit == unit)


def _cap(out: list[list[Candidate]], sizes: list[int], g: int) -> int:
    """A group may grow to the larger size while fewer groups than allowed have it."""
    big, small = max(sizes), min(sizes)
    at_big = sum(1 for group in out if len(group) >= big)
    allowed_big = sizes.count(big)
    if len(out[g]) >= big:
        return big
    return big if at_big < allowed_big else small


def _swappable(x: Candidate, y: Candidate, seeded: list[Candidate], groups: int) -> bool:
    if x.seed is None and y.seed is None:
        return True
    if x.seed is None or y.seed is None:
        return False
    pot = seeded.index(x) // groups
    return pot > 0 and pot == seeded.index(y) // groups  # the top seeds stay in A, B, C…


def _even_out(out: list[list[Candidate]], groups: int) -> None:
    """Swap pairs between two groups while some unit is two or more apart and a swap makes
    it closer without making the other unit two apart (bounded: each swap lowers the sum of
    squared unit counts)."""
    seeded = sorted(
        (c for group in out for c in group if c.seed is not None),
        key=lambda c: (c.seed, str(c.entry)),
    )
    for _ in range(10_000):
        if not _one_swap(out, seeded, groups):
            return


def _one_swap(out: list[list[Candidate]], seeded: list[Candidate], groups: int) -> bool:
    units = sorted({c.unit for group in out for c in group if c.unit})
    for unit in units:
        counts = [_count(g, unit) for g in out]
        hi, lo = counts.index(max(counts)), counts.index(min(counts))
        if counts[hi] - counts[lo] < 2:
            continue
        for x in out[hi]:
            if x.unit != unit:
                continue
            for y in out[lo]:
                if y.unit == unit or not _swappable(x, y, seeded, groups):
                    continue
                if y.unit and _count(out[lo], y.unit) - _count(out[hi], y.unit) < 1:
                    continue
                i, j = out[hi].index(x), out[lo].index(y)
                out[hi][i], out[lo][j] = y, x
                return True
    return False


# --- the knockout ---------------------------------------------------------------------------


def seed_order(size: int) -> list[int]:
    """Seed numbers by bracket position (standard seeding): 1 plays ``size``, 2 plays
    ``size``−1, seeds 1 and 2 in opposite halves, 1–4 in different quarters…"""
    order = [1]
    while len(order) < size:
        n = len(order) * 2
        order = [x for s in order for x in (s, n + 1 - s)]
    return order


def meets_in(i: int, j: int) -> int:
    """The round (1 = first) in which bracket positions ``i`` and ``j`` (0-based) can meet."""
    return (i ^ j).bit_length()


@dataclass(frozen=True)
class Slot:
    """A bracket position fed by the group stage: ``group`` (0-based) and ``place`` (1 =
    winner)."""

    group: int
    place: int


def bracket(groups: int, per_group: int) -> list[Slot | None]:
    """The first-round positions of the knockout for the top ``per_group`` of each of
    ``groups`` groups (None = a bye). Size: the next power of two. Group winners take seeds
    1…G (A's winner seed 1), the second places seeds G+1…2G and so on; within a tier each
    group takes the free seed slot farthest (latest possible meeting) from its own group's
    earlier places — with two per group, the opposite half."""
    qualifiers = groups * per_group
    if qualifiers < 2:
        raise ValueError("a knockout needs two qualifiers")
    size = 1
    while size < qualifiers:
        size *= 2
    order = seed_order(size)
    where = {s: i for i, s in enumerate(order)}
    positions: list[Slot | None] = [None] * size
    placed: dict[int, list[int]] = defaultdict(list)
    for tier in range(per_group):
        free = [where[tier * groups + k + 1] for k in range(groups)]
        for g in range(groups):
            mine = placed[g]

            def distance(pos: int, mine: list[int] = mine) -> tuple:
                rounds = sorted(meets_in(pos, p) for p in mine)
                return (rounds, -order[pos])

            best = max(free, key=distance)
            free.remove(best)
            positions[best] = Slot(g, tier + 1)
            mine.append(best)
    return positions


@dataclass
class KnockoutMatch:
    """A match of the bracket: ``round`` (1 first), ``index`` within the round, its two
    feeds — a first-round ``Slot`` (or None for a bye), or the (round, index) of the match
    whose winner comes here."""

    round: int
    index: int
    feeds: tuple[Any, Any]
    bye: bool = False

    @property
    def key(self) -> tuple[int, int]:
        return (self.round, self.index)


def knockout_matches(positions: Sequence[Slot | None]) -> list[KnockoutMatch]:
    """Every match of the bracket, round by round. A first-round pair with a bye is a
    ``bye`` match: its only entry goes through without playing."""
    out: list[KnockoutMatch] = []
    size = len(positions)
    rnd, previous = 1, []
    for i in range(size // 2):
        a, b = positions[2 * i], positions[2 * i + 1]
        m = KnockoutMatch(1, i, (a, b), bye=(a is None) != (b is None))
        out.append(m)
        previous.append(m)
    while len(previous) > 1:
        rnd += 1
        current = []
        for i in range(len(previous) // 2):
            m = KnockoutMatch(rnd, i, (previous[2 * i].key, previous[2 * i + 1].key))
            current.append(m)
        out.extend(current)
        previous = current
    return out


def round_name(rnd: int, rounds: int) -> str:
    """决赛, 半决赛, 四分之一决赛, then 第N轮."""
    left = rounds - rnd
    return {0: "决赛", 1: "半决赛", 2: "四分之一决赛", 3: "八分之一决赛"}.get(left, f"第{rnd}轮")


# --- the timetable --------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """A match to put on the timetable: the entries in it (those known), and the matches
    that must be finished in an earlier slot."""

    key: Hashable
    sides: frozenset = frozenset()
    after: frozenset = frozenset()


@dataclass
class Timetable:
    placed: dict[Hashable, tuple[int, int]] = field(default_factory=dict)  # key → (slot, court)
    left: list[Hashable] = field(default_factory=list)  # no room


def timetable(jobs: Sequence[Job], courts: int, slots: int, *, rest: bool = True) -> Timetable:
    """Put matches on ``courts`` tables in ``slots`` time slots: slot by slot, each table takes
    the first match (in the order given) whose entries are not in another match of the slot
    and whose feeding matches are in earlier slots; with ``rest``, an entry that played in
    the slot before waits if another match can go instead. What does not fit is ``left``."""
    out = Timetable()
    waiting = list(jobs)
    last_busy: set = set()
    for slot in range(slots):
        busy: set = set()
        done_before = {k for k, (s, _) in out.placed.items() if s < slot}
        court = 0
        for tired_ok in (False, True) if rest else (True,):
            for job in list(waiting):
                if court >= courts:
                    break
                if not job.after <= done_before or job.sides & busy:
                    continue
                if not tired_ok and job.sides & last_busy:
                    continue
                out.placed[job.key] = (slot, court)
                court += 1
                busy |= job.sides
                waiting.remove(job)
        last_busy = busy
        if not waiting:
            break
    out.left = [j.key for j in waiting]
    return out


def free_place(taken: set[tuple[int, int]], courts: int, earliest: int = 0) -> tuple[int, int]:
    """The first (slot, court) from slot ``earliest`` on that no match holds: a match added
    after the timetable was made (the 季军赛) goes there, past the last slot if need be."""
    slot = max(earliest, 0)
    while True:
        for court in range(courts):
            if (slot, court) not in taken:
                return slot, court
        slot += 1


def interleave(lists: Sequence[Sequence[Any]]) -> list[Any]:
    """Round robin over lists: the first of each, then the second of each… (groups' rounds
    side by side on the timetable)."""
    out: list[Any] = []
    longest = max((len(x) for x in lists), default=0)
    for i in range(longest):
        out.extend(x[i] for x in lists if i < len(x))
    return out


def prize_limit(participants: int, one_in: int) -> int:
    """At most one prize-winner in ``one_in`` participants (总工办发〔2017〕32 号 第七条,
    the finance rule ``winners_one_in``)."""
    return participants // one_in if one_in else participants


def groups_for(count: int, size: int) -> int:
    """How many groups of about ``size`` for ``count`` entries (at least one)."""
    return max(1, round(count / size)) if size else 1
