"""Every write of a 比赛: the tournament (create, change), its entries (a member, a team of
a 工会小组, or the activity's sign-ups at once), the draw (groups, the round robin, the
knockout bracket, the timetable), a match result entered by a referee, and the prize
voucher link.

**Who enters results**: whoever holds ``activities.change`` in the union (the chair, the
committee role, the committee member with the 文体 分工) — a referee is given that role or
the result is entered by them from the referee's score sheet. A first result is audited as
``activities.tournament_result``; a correction as ``activities.tournament_result_fix`` with
the old and new games. A result is refused for a match whose sides are not known yet, that
has no time and table, or once the round after it has started (a result entered in the match
it feeds; for the group stage, any knockout result): the bracket would otherwise change
under matches already played.

**The knockout advances by itself**: after every result the bracket's sides are worked out
again — the group places once every group match is decided, the winner of each decided
match in the match it feeds, a bye's only entry through to the next round, the semifinal
losers into the 季军赛 (third-place match) when the tournament has one.

**Scoring** is copied from the union's ``TournamentSettings`` (its own, a federation's
above it, or the ITTF example) when the tournament is created; ``rules_from`` says whose,
or 本比赛自定 once the organiser changes them for this tournament. A drawn match exists only
in the group stage of a tournament that allows draws (足球, 象棋); a knockout match is always
decided.

The tournament row is locked first in every write (results of one tournament are entered
one at a time)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.finance.models import Kind as VoucherKind
from gonghui.finance.models import Voucher
from gonghui.orgs.models import Member, Union, UnionGroup

from . import queries_tournament as tq
from . import queries_tournament_settings as tsq
from . import tournament_rules as rules
from .models import Activity, Registration, RegState, State
from .models_tournament import (
    EntryKind,
    Stage,
    Tournament,
    TournamentEntry,
    TournamentEntryMember,
    TournamentGroup,
    TournamentMatch,
    TournamentSettings,
)

GRASSROOTS = "比赛由基层工会组织，请进入所属基层工会。"
ONLY_THIS_ROW = ("self",)
GROUP_NAMES = "ABCDEFGHIJKLMNOP"
LIMITS = {
    "group_count": (1, 16, "小组数"),
    "advance": (0, 4, "每组出线名额"),
    "best_of": (1, 9, "每场局数"),
    "win_points": (0, 10, "胜一场积分"),
    "loss_points": (0, 10, "负一场积分"),
    "walkover_points": (0, 10, "弃权积分"),
    "draw_points": (0, 10, "平一场积分"),
    "courts": (1, 50, "球台/场地数"),
    "slot_minutes": (5, 480, "每场时长"),
}
SCORING = ("win_points", "draw_points", "loss_points", "walkover_points", "draws_allowed")
EDITABLE = (
    "title",
    "sport",
    "entry_kind",
    "tiebreaks",
    "court_label",
    "first_slot_at",
    "draws_allowed",
    "third_place",
    *LIMITS,
)
OWN_RULES = "本比赛自定"
KNOCKOUT_DRAW = "淘汰赛必须分出胜负，不能打平；请录入加赛（加时、点球）后的比分。"
# what may still change after the draw: the timetable's inputs and the names
AFTER_DRAW = ("title", "sport", "court_label", "first_slot_at", "courts", "slot_minutes")


def _locked(tournament: Tournament) -> Tournament:
    return (
        Tournament.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union", "activity")
        .get(pk=tournament.pk)
    )


def _record(actor, action: str, obj, tournament: Tournament, **kwargs) -> None:
    audit.record(actor=actor, action=action, obj=obj, union_id=tournament.union_id, **kwargs)


# --- the tournament -------------------------------------------------------------------------


def _number(field: str, value: Any) -> int:
    low, high, label = LIMITS[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{label}须为整数。"}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"{label}应在 {low} 到 {high} 之间。"})
    return number


def _check(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    problems: dict[str, str] = {}
    out["title"] = " ".join(str(out.get("title") or "").split())[:100]
    if not out["title"]:
        problems["title"] = "请填写比赛名称。"
    out["sport"] = " ".join(str(out.get("sport") or "").split())[:20] or "乒乓球"
    out["court_label"] = " ".join(str(out.get("court_label") or "").split())[:10] or "球台"
    if out.get("entry_kind") not in EntryKind.values:
        problems["entry_kind"] = "请选择个人赛或团体赛。"
    for field in LIMITS:
        try:
            out[field] = _number(field, out.get(field))
        except ValidationError as exc:
            problems[field] = exc.messages[0]
    if not problems.get("best_of") and out["best_of"] % 2 == 0:
        problems["best_of"] = "每场局数须为单数（如三局两胜、五局三胜）。"
    out["draws_allowed"] = bool(out.get("draws_allowed"))
    out["third_place"] = bool(out.get("third_place"))
    if not problems:
        points = (out["win_points"], out["draw_points"], out["loss_points"])
        problems |= rules.scoring_problems(*points, out["walkover_points"], out["draws_allowed"])
    if not problems and out["third_place"] and out["group_count"] * out["advance"] < 4:
        problems["third_place"] = "季军赛需要淘汰赛至少 4 个（小组数 × 每组出线名额至少为 4）。"
    criteria = [c.strip() for c in str(out.get("tiebreaks") or "").split(",") if c.strip()]
    if not criteria or any(c not in rules.CRITERIA for c in criteria):
        problems["tiebreaks"] = "同分比较的顺序不正确。"
    out["tiebreaks"] = ",".join(dict.fromkeys(criteria))
    if not isinstance(out.get("first_slot_at"), datetime.datetime):
        problems["first_slot_at"] = "请填写第一场开始时间。"
    if problems:
        raise ValidationError(problems)
    return out


@transaction.atomic
def tournament_save(
    *,
    actor,
    activity: Activity | None = None,
    tournament: Tournament | None = None,
    fields: dict[str, Any],
) -> Tournament:
    """Create a tournament of ``activity`` (entries open), or change ``tournament``: before
    the draw anything; after it only the names and the timetable's inputs (then 重新排程)."""
    target = tournament.activity if tournament is not None else activity
    assert target is not None
    scoping.require(actor, "activities.change", union=target.union)
    if target.union.is_federation:
        raise ValidationError(GRASSROOTS)
    if target.state == State.CANCELLED:
        raise ValidationError("活动已取消，不能再设比赛。")
    # a draw's points left empty (no draws in this tournament): the union's setting stands
    fields = {k: v for k, v in fields.items() if k in EDITABLE and (v, k) != (None, "draw_points")}
    if tournament is None:
        base = {f: getattr(Tournament(), f) for f in EDITABLE}
        base["first_slot_at"] = target.starts_at
        source = tsq.settings_for(target.union)
        copied = tsq.scoring_of(source)
        cleaned = _check({**base, **copied, **fields})
        same = all(cleaned[k] == v for k, v in copied.items())
        found = Tournament.objects.create(
            activity=target,
            union=target.union,
            created_by=scoping.person(actor),
            rules_from=tsq.source_label(source) if same else OWN_RULES,
            **cleaned,
        )
        _record(actor, "activities.tournament_create", found, found)
        return found
    found = _locked(tournament)
    third = fields.get("third_place", found.third_place)
    if found.stage != Stage.ENTRIES:
        late = [
            k
            for k in fields
            if k not in (*AFTER_DRAW, "third_place") and fields[k] != getattr(found, k)
        ]
        if late:
            raise ValidationError(
                "已经抽签分组，只能修改名称、项目、排程（球台数、时间）和是否设季军赛。"
            )
    before = audit.snapshot(found)
    cleaned = _check({**{k: getattr(found, k) for k in EDITABLE}, **fields})
    if any(cleaned[k] != getattr(found, k) for k in (*SCORING, "tiebreaks")):
        found.rules_from = OWN_RULES
    for key, value in cleaned.items():
        setattr(found, key, value)
    found.save()
    if found.stage != Stage.ENTRIES and bool(third) != bool(before.get("third_place")):
        _third_place_switch(found, bool(third))
    _record(actor, "activities.tournament_update", found, found, before=before)
    return found


# --- the union's scoring rules --------------------------------------------------------------

SETTINGS = (*tsq.COPIED, "tiebreaks")


def _clean_setting(field: str, value: Any) -> Any:
    if field == "draws_allowed":
        return bool(value)
    if field == "tiebreaks":
        criteria = [c.strip() for c in str(value or "").split(",") if c.strip()]
        if not criteria or any(c not in rules.CRITERIA for c in criteria):
            raise ValidationError("同分比较的顺序不正确。")
        return ",".join(dict.fromkeys(criteria))
    return _number(field, value)


@transaction.atomic
def tournament_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> TournamentSettings:
    """The union's scoring rules for tournaments created from now on (its own row from
    then on; the unions below it that have none of their own follow it). A tournament
    already created keeps the copy it took."""
    scoping.require(actor, "activities.change", union=union)
    current = tsq.settings_for(union)
    merged = {**tsq.scoring_of(current), **fields}
    win, draw, loss, walkover = (_clean_setting(k, merged[k]) for k in tsq.COPIED[:4])
    problems = rules.scoring_problems(win, draw, loss, walkover, bool(merged["draws_allowed"]))
    if problems:
        raise ValidationError(problems)
    return core_services.union_settings_save(
        actor=actor,
        perm="activities.change",
        model=TournamentSettings,
        union=union,
        fields=fields,
        allowed=SETTINGS,
        clean=_clean_setting,
        action="activities.tournament_settings",
        source=tsq.settings_for,
    )


# --- entries --------------------------------------------------------------------------------


def _open_for_entries(found: Tournament) -> None:
    if found.stage != Stage.ENTRIES:
        raise ValidationError("已经抽签分组，不能再增减参赛选手。")


def _add(
    actor, found: Tournament, members: list[Member], name: str, unit, seed_rank
) -> TournamentEntry:
    if not members:
        raise ValidationError({"members": "请选择参赛会员。"})
    if any(m.union_id != found.union_id or not m.is_current for m in members):
        raise ValidationError({"members": "只能选择本工会的在册会员。"})
    if len({m.pk for m in members}) != len(members):
        raise ValidationError({"members": "同一会员不能重复选择。"})
    if found.entry_kind == EntryKind.SINGLE and len(members) != 1:
        raise ValidationError({"members": "个人赛每个选手只选一名会员。"})
    if found.entry_kind == EntryKind.TEAM and len(members) < 2:
        raise ValidationError({"members": "团体赛每队至少两名队员。"})
    if unit is not None and unit.union_id != found.union_id:
        raise ValidationError({"unit": "只能选择本工会的小组。"})
    if found.entry_kind == EntryKind.SINGLE:
        unit = unit or members[0].group
        name = name or members[0].name
    name = " ".join(str(name or "").split())[:50] or (f"{unit.name}队" if unit else "")
    if not name:
        raise ValidationError({"name": "请填写队名。"})
    if seed_rank not in (None, ""):
        try:
            seed_rank = int(seed_rank)
        except (TypeError, ValueError):
            raise ValidationError({"seed_rank": "种子序号须为整数。"}) from None
        if not 1 <= seed_rank <= 64:
            raise ValidationError({"seed_rank": "种子序号应在 1 到 64 之间。"})
        if found.entries.filter(seed_rank=seed_rank).exists():
            raise ValidationError({"seed_rank": f"已有 {seed_rank} 号种子。"})
    else:
        seed_rank = None
    entry = TournamentEntry.objects.create(
        tournament=found, name=name, unit=unit, seed_rank=seed_rank
    )
    try:
        with transaction.atomic():
            TournamentEntryMember.objects.bulk_create(
                TournamentEntryMember(tournament=found, entry=entry, member=m) for m in members
            )
    except IntegrityError:
        raise ValidationError({"members": "有会员已经报名了这个比赛。"}) from None
    _record(actor, "activities.tournament_entry", entry, found)
    return entry


@transaction.atomic
def entry_add(
    *,
    actor,
    tournament: Tournament,
    members: list[Member],
    name: str = "",
    unit: UnionGroup | None = None,
    seed_rank: Any = None,
) -> TournamentEntry:
    """A player (one member; their 工会小组 is the unit) or a team (two or more members of
    a unit, named e.g. "语文组队"), optionally seeded (1 the strongest). Before the draw."""
    scoping.require(actor, "activities.change", union=tournament.union)
    found = _locked(tournament)
    _open_for_entries(found)
    return _add(actor, found, list(members), name, unit, seed_rank)


@transaction.atomic
def entries_from_signups(*, actor, tournament: Tournament) -> list[TournamentEntry]:
    """个人赛: every member with a place on the activity (已报名) not entered yet becomes a
    player, in sign-up order."""
    scoping.require(actor, "activities.change", union=tournament.union)
    found = _locked(tournament)
    _open_for_entries(found)
    if found.entry_kind != EntryKind.SINGLE:
        raise ValidationError("团体赛请按小组组队报名。")
    entered = TournamentEntryMember.objects.filter(tournament=found).values("member_id")
    regs = (
        Registration.objects.filter(
            activity_id=found.activity_id, state=RegState.CONFIRMED, member__isnull=False
        )
        .exclude(member_id__in=entered)
        .select_related("member", "member__group")
        .order_by("queued_at", "id")
    )
    return [_add(actor, found, [r.member], "", None, None) for r in regs if r.member]


@transaction.atomic
def entry_remove(*, actor, entry: TournamentEntry) -> None:
    """Take a player or team out, before the draw."""
    scoping.require(actor, "activities.change", union=entry.tournament.union)
    found = _locked(entry.tournament)
    _open_for_entries(found)
    current = TournamentEntry.objects.get(pk=entry.pk)
    _record(
        actor,
        "activities.tournament_entry_remove",
        current,
        found,
        changes={"name": [current.name, None]},
    )
    current.delete()


# --- the draw and the timetable -------------------------------------------------------------


def _feed(slot: rules.Slot | None) -> str:
    return "" if slot is None else f"g:{slot.group}:{slot.place}"


def _build_knockout(found: Tournament) -> int:
    qualifiers = found.group_count * found.advance
    if qualifiers < 2:
        return 0
    made: dict[tuple[int, int], TournamentMatch] = {}
    for km in rules.knockout_matches(rules.bracket(found.group_count, found.advance)):
        a, b = km.feeds
        m = TournamentMatch(
            tournament=found, stage=Stage.KNOCKOUT, round=km.round, index=km.index, bye=km.bye
        )
        if km.round == 1:
            m.a_feed, m.b_feed = _feed(a), _feed(b)
        else:
            m.a_from, m.b_from = made[a], made[b]
        m.save()
        made[km.key] = m
    if found.third_place:
        _third_place_match(found)
        return len(made) + 1
    return len(made)


def _semifinals(found: Tournament) -> list[TournamentMatch]:
    last = found.matches.filter(stage=Stage.KNOCKOUT, third_place=False).order_by("-round")
    final = last.first()
    if final is None or final.round < 2:
        return []
    return list(found.matches.filter(stage=Stage.KNOCKOUT, round=final.round - 1).order_by("index"))


def _third_place_match(found: Tournament) -> TournamentMatch:
    """The 季军赛: the losers of the two semifinals, in the final's round (index 1)."""
    semis = _semifinals(found)
    if len(semis) != 2 or any(m.bye for m in semis):
        raise ValidationError("季军赛需要两场真正进行的半决赛（淘汰赛至少 4 个）。")
    return TournamentMatch.objects.create(
        tournament=found,
        stage=Stage.KNOCKOUT,
        round=semis[0].round + 1,
        index=1,
        third_place=True,
        a_from=semis[0],
        b_from=semis[1],
    )


def _third_place_switch(found: Tournament, on: bool) -> None:
    """Add or take away the 季军赛 after the draw: only before any semifinal result (its
    sides are the semifinal losers); a new one goes in the first free place after the
    semifinals, where the organiser may move it."""
    semis = _semifinals(found)
    if found.stage == Stage.FINISHED or any(m.done and not m.bye for m in semis):
        raise ValidationError("半决赛已经开始（已有结果），不能再增减季军赛。")
    if not on:
        found.matches.filter(third_place=True).delete()
        return
    if found.matches.filter(third_place=True).exists():
        return
    m = _third_place_match(found)
    placed = found.matches.filter(slot__isnull=False, court__isnull=False)
    taken = {
        (s, c) for s, c in placed.values_list("slot", "court") if s is not None and c is not None
    }
    earliest = max((x.slot for x in semis if x.slot is not None), default=-1) + 1
    m.slot, m.court = rules.free_place(taken, found.courts, earliest)
    m.starts_at = found.first_slot_at + datetime.timedelta(minutes=found.slot_minutes * m.slot)
    m.save(update_fields=["slot", "court", "starts_at"])


def _build_groups(found: Tournament, entries: list[TournamentEntry]) -> int:
    cands = [rules.Candidate(e.pk, str(e.unit_id or ""), e.seed_rank) for e in entries]
    drawn = rules.draw_groups(cands, found.group_count, found.seed)
    by_pk = {e.pk: e for e in entries}
    matches = []
    for index, pks in enumerate(drawn):
        group = TournamentGroup.objects.create(
            tournament=found, index=index, name=f"{GROUP_NAMES[index]}组"
        )
        ids = [int(pk) for pk in pks]  # type: ignore[call-overload]
        for position, pk in enumerate(ids, 1):
            entry = by_pk[pk]
            entry.group, entry.position = group, position
            entry.save(update_fields=["group", "position"])
        for rnd, pairs in enumerate(rules.round_robin(ids), 1):
            for i, (a, b) in enumerate(pairs):
                matches.append(
                    TournamentMatch(
                        tournament=found,
                        stage=Stage.GROUPS,
                        group=group,
                        round=rnd,
                        index=i,
                        a_id=int(a),  # type: ignore[call-overload]
                        b_id=int(b),  # type: ignore[call-overload]
                    )
                )
    TournamentMatch.objects.bulk_create(matches)
    return len(matches)


@transaction.atomic
def tournament_draw(*, actor, tournament: Tournament, seed: str = "") -> Tournament:
    """抽签: the entries into groups (seeds in a snake, one 工会小组's entries spread), each
    group's round robin, the knockout bracket with its placeholders, then the timetable. The
    seed (given, or 16 random hex digits) is kept and audited: the same seed and entries give
    the same groups."""
    scoping.require(actor, "activities.change", union=tournament.union)
    found = _locked(tournament)
    if found.stage != Stage.ENTRIES:
        raise ValidationError("已经抽签分组。")
    entries = list(found.entries.order_by("id"))
    smallest = len(entries) // found.group_count
    if smallest < 2:
        raise ValidationError(
            f"参赛 {len(entries)} 个，分 {found.group_count} 组时每组至少要有 2 个，"
            "请增加参赛或减少小组数。"
        )
    if found.advance > smallest:
        raise ValidationError(f"每组出线 {found.advance} 名，但最小的组只有 {smallest} 个。")
    before = audit.snapshot(found)
    found.seed = " ".join(str(seed or "").split())[:64] or secrets.token_hex(8)
    found.drawn_at, found.stage = timezone.now(), Stage.GROUPS
    found.save(update_fields=["seed", "drawn_at", "stage"])
    group_matches = _build_groups(found, entries)
    knockout = _build_knockout(found)
    _record(
        actor,
        "activities.tournament_draw",
        found,
        found,
        changes={
            **audit.diff(before, audit.snapshot(found)),
            "entries": [None, len(entries)],
            "group_matches": [None, group_matches],
            "knockout_matches": [None, knockout],
        },
    )
    _timetable(found)
    return found


def _timetable(found: Tournament) -> int:
    """Put every match to play on the timetable; returns how many did not fit before the
    activity's end."""
    matches = list(found.matches.order_by("stage", "round", "group__index", "index"))
    groups = [m for m in matches if m.stage == Stage.GROUPS]
    per_group: dict[int | None, list[TournamentMatch]] = {}
    for m in groups:
        per_group.setdefault(m.group_id, []).append(m)
    ordered = rules.interleave(list(per_group.values()))
    group_keys = frozenset(m.pk for m in groups)
    jobs = [rules.Job(m.pk, frozenset({m.a_id, m.b_id})) for m in ordered]
    byes = {m.pk for m in matches if m.bye}
    for m in matches:
        if m.stage != Stage.KNOCKOUT or m.bye:
            continue
        # the first round waits for the groups; a later one for the matches feeding it, and
        # for the groups when a feeder is a bye (its entry comes from a group)
        feeders = {x for x in (m.a_from_id, m.b_from_id) if x}
        after = feeders - byes if m.round > 1 else set()
        if m.round == 1 or feeders & byes:
            after |= group_keys
        jobs.append(rules.Job(m.pk, frozenset(), frozenset(after)))
    span = found.activity.ends_at - found.first_slot_at
    slots = max(0, int(span.total_seconds() // 60) // found.slot_minutes)
    plan = rules.timetable(jobs, found.courts, slots)
    step = datetime.timedelta(minutes=found.slot_minutes)
    for m in matches:
        slot, court = plan.placed.get(m.pk, (None, None))
        m.slot, m.court = slot, court
        m.starts_at = found.first_slot_at + step * slot if slot is not None else None
    TournamentMatch.objects.bulk_update(matches, ["slot", "court", "starts_at"])
    return len(plan.left)


@transaction.atomic
def tournament_schedule(*, actor, tournament: Tournament) -> int:
    """重新排程 (after a change of tables or times), before any result; returns the matches
    that do not fit before the activity ends."""
    scoping.require(actor, "activities.change", union=tournament.union)
    found = _locked(tournament)
    if found.stage == Stage.ENTRIES:
        raise ValidationError("请先抽签分组。")
    if found.matches.filter(Q(winner__isnull=False) | Q(drawn=True), bye=False).exists():
        raise ValidationError("已有比赛结果，不能再整体重新排程；请逐场调整未赛的场次。")
    left = _timetable(found)
    _record(
        actor, "activities.tournament_schedule", found, found, changes={"unplaced": [None, left]}
    )
    return left


# --- results --------------------------------------------------------------------------------


def _games(raw: Any, best_of: int, *, level: str = "") -> list[list[int]]:
    """[[a, b], …]: whole numbers 0–99, the match decided by its last game and not before
    (best of ``best_of``). A level game is refused with ``level`` (the reason) unless
    ``level`` is empty — a group match of a tournament that allows draws, which may then run
    its ``best_of`` games and end level."""
    games: list[list[int]] = []
    for pair in raw or []:
        try:
            a, b = (int(x) for x in pair)
        except (TypeError, ValueError):
            raise ValidationError("比分须为整数，如 11:7。") from None
        if not (0 <= a <= 99 and 0 <= b <= 99):
            raise ValidationError(f"比分 {a}:{b} 不成立：每方 0 到 99 分。")
        if a == b and level:
            raise ValidationError(level)
        games.append([a, b])
    need = best_of // 2 + 1
    won = [sum(1 for a, b in games if a > b), sum(1 for a, b in games if b > a)]
    if not games:
        raise ValidationError("请录入比分。")
    if len(games) > best_of:
        raise ValidationError(f"{best_of}局{need}胜：最多 {best_of} 局。")
    if max(won) != need and (level or len(games) < best_of):
        more = "" if level else f"，或打满 {best_of} 局"
        raise ValidationError(f"{best_of}局{need}胜：须有一方正好胜 {need} 局{more}。")
    for i in range(len(games) - 1):  # decided only by the last game
        done = games[: i + 1]
        if max(sum(1 for a, b in done if a > b), sum(1 for a, b in done if b > a)) == need:
            raise ValidationError(f"比赛在第 {i + 1} 局已决出胜负，之后不应再有比分。")
    return games


def _next_started(found: Tournament, m: TournamentMatch) -> str | None:
    if m.stage == Stage.GROUPS:
        if tq.knockout_started(found):
            return "淘汰赛已经开始，小组赛结果不能再改。"
        return None
    fed = found.matches.filter(Q(a_from_id=m.pk) | Q(b_from_id=m.pk), winner__isnull=False)
    if fed.filter(bye=False).exists():
        return "下一轮比赛已经开始（已录入结果），这场结果不能再改。"
    return None


@transaction.atomic
def match_result(
    *,
    actor,
    match: TournamentMatch,
    games: Any = None,
    walkover_winner: str = "",
    now: datetime.datetime | None = None,
) -> TournamentMatch:
    """The referee's result: ``games`` as [[a, b], …] from side a, or a walkover won by side
    ``"a"`` or ``"b"`` (the other did not play). A correction is audited with the old result.
    The knockout's sides follow at once."""
    scoping.require(actor, "activities.change", union=match.tournament.union)
    found = _locked(match.tournament)
    m = TournamentMatch.objects.select_for_update(of=ONLY_THIS_ROW).get(pk=match.pk)
    if m.bye:
        raise ValidationError("这一场是轮空，无需录入结果。")
    if m.a_id is None or m.b_id is None:
        raise ValidationError("这场比赛的对阵还没有确定（等待前面的结果）。")
    if m.slot is None:
        raise ValidationError("这场比赛还没有排定时间和球台，不能录入结果。")
    if m.done and (why := _next_started(found, m)):
        raise ValidationError(why)
    if walkover_winner:
        if walkover_winner not in ("a", "b"):
            raise ValidationError("请选择弃权时获胜的一方。")
        winner: int | None = m.a_id if walkover_winner == "a" else m.b_id
        scores, walkover = [], True
    else:
        scores = _games(games, found.best_of, level=_level_refused(found, m))
        side = rules.winner_of([(a, b) for a, b in scores])
        winner = None if side is None else (m.a_id if side == 0 else m.b_id)
        walkover = False
    before = audit.snapshot(m)
    action = "activities.tournament_result_fix" if m.done else "activities.tournament_result"
    m.games, m.winner_id, m.walkover, m.drawn = scores, winner, walkover, winner is None
    m.result_by, m.result_at = scoping.person(actor), now or timezone.now()
    m.save(update_fields=["games", "winner", "walkover", "drawn", "result_by", "result_at"])
    _record(actor, action, m, found, before=before)
    _advance(found)
    return m


def _level_refused(found: Tournament, m: TournamentMatch) -> str:
    """Why a level game is refused here ("" where a drawn match is allowed)."""
    if m.stage == Stage.KNOCKOUT:
        return KNOCKOUT_DRAW
    if not found.draws_allowed:
        return "本比赛不允许平局：每局须分出胜负。"
    return ""


def _loser(m: TournamentMatch) -> int | None:
    if m.winner_id is None or m.bye:
        return None
    return m.b_id if m.winner_id == m.a_id else m.a_id


def _advance(found: Tournament) -> None:
    """Work the bracket's sides out again from the results: the group places once every
    group match is decided, each decided match's winner into the match it feeds, a bye's
    only entry through. Then the tournament's stage."""
    matches = list(found.matches.select_related("group").order_by("stage", "round", "index"))
    groups = [m for m in matches if m.stage == Stage.GROUPS]
    groups_done = all(m.done for m in groups)
    places = tq.group_places(found, matches) if groups_done else {}
    by_pk = {m.pk: m for m in matches}
    changed = []
    knockout = sorted((m for m in matches if m.stage == Stage.KNOCKOUT), key=lambda m: m.round)
    for m in knockout:
        sides = []
        for feed, source in ((m.a_feed, m.a_from_id), (m.b_feed, m.b_from_id)):
            if source and m.third_place:
                sides.append(_loser(by_pk[source]))
            elif source:
                sides.append(by_pk[source].winner_id)
            elif feed:
                _, g, place = feed.split(":")
                sides.append(places.get((int(g), int(place))))
            else:
                sides.append(None)
        winner = m.winner_id
        if m.bye:
            winner = sides[0] or sides[1]
        if (m.a_id, m.b_id, m.winner_id) != (sides[0], sides[1], winner):
            m.a_id, m.b_id, m.winner_id = sides[0], sides[1], winner
            changed.append(m)
    TournamentMatch.objects.bulk_update(changed, ["a", "b", "winner"])
    final = next((m for m in reversed(knockout) if not m.third_place), None)
    if final is not None and all(m.done for m in knockout if m.round == final.round):
        stage = Stage.FINISHED
    elif groups_done:
        stage = Stage.KNOCKOUT if final is not None else Stage.FINISHED
    else:
        stage = Stage.GROUPS
    if stage != found.stage:
        before = audit.snapshot(found)
        found.stage = stage
        found.save(update_fields=["stage"])
        _record(None, "activities.tournament_stage", found, found, before=before)


# --- the prize voucher ----------------------------------------------------------------------


@transaction.atomic
def tournament_prize(*, actor, tournament: Tournament, voucher: Voucher | None) -> Tournament:
    """Link the prize voucher (made and approved in 经费, where the spending rules check
    that the winners are at most one in three participants), or unlink it with None."""
    scoping.require(actor, "activities.change", union=tournament.union)
    found = _locked(tournament)
    if voucher is not None and (
        voucher.union_id != found.union_id or voucher.kind != VoucherKind.EXPENSE
    ):
        raise ValidationError("只能关联本工会的支出凭证。")
    before = audit.snapshot(found)
    found.prize_voucher = voucher
    found.save(update_fields=["prize_voucher"])
    _record(actor, "activities.tournament_prize", found, found, before=before)
    return found
