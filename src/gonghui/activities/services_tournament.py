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
match in the match it feeds, a bye's only entry through to the next round.

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
from gonghui.finance.models import Kind as VoucherKind
from gonghui.finance.models import Voucher
from gonghui.orgs.models import Member, UnionGroup

from . import queries_tournament as tq
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
    "courts": (1, 50, "球台/场地数"),
    "slot_minutes": (5, 480, "每场时长"),
}
EDITABLE = (
    "title",
    "sport",
    "entry_kind",
    "tiebreaks",
    "court_label",
    "first_slot_at",
    *LIMITS,
)
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
    if not problems and out["loss_points"] > out["win_points"]:
        problems["loss_points"] = "负一场的积分不能高于胜一场。"
    if not problems and out["walkover_points"] > out["loss_points"]:
        problems["walkover_points"] = "弃权的积分不能高于负一场。"
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
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    if tournament is None:
        base = {f: getattr(Tournament(), f) for f in EDITABLE}
        base["first_slot_at"] = target.starts_at
        cleaned = _check({**base, **fields})
        found = Tournament.objects.create(
            activity=target, union=target.union, created_by=scoping.person(actor), **cleaned
        )
        _record(actor, "activities.tournament_create", found, found)
        return found
    found = _locked(tournament)
    if found.stage != Stage.ENTRIES:
        late = [k for k in fields if k not in AFTER_DRAW and fields[k] != getattr(found, k)]
        if late:
            raise ValidationError("已经抽签分组，只能修改名称、项目和排程（球台数、时间）。")
    before = audit.snapshot(found)
    cleaned = _check({**{k: getattr(found, k) for k in EDITABLE}, **fields})
    for key, value in cleaned.items():
        setattr(found, key, value)
    found.save()
    _record(actor, "activities.tournament_update", found, found, before=before)
    return found


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
    return len(made)


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
    if found.matches.filter(winner__isnull=False, bye=False).exists():
        raise ValidationError("已有比赛结果，不能再重新排程。")
    left = _timetable(found)
    _record(
        actor, "activities.tournament_schedule", found, found, changes={"unplaced": [None, left]}
    )
    return left


# --- results --------------------------------------------------------------------------------


def _games(raw: Any, best_of: int) -> list[list[int]]:
    """[[a, b], …]: whole numbers 0–99, no game level, the match decided by its last game
    and not before (best of ``best_of``)."""
    games: list[list[int]] = []
    for pair in raw or []:
        try:
            a, b = (int(x) for x in pair)
        except (TypeError, ValueError):
            raise ValidationError("比分须为整数，如 11:7。") from None
        if not (0 <= a <= 99 and 0 <= b <= 99) or a == b:
            raise ValidationError(f"比分 {a}:{b} 不成立：每局须分出胜负。")
        games.append([a, b])
    need = best_of // 2 + 1
    won = [sum(1 for a, b in games if a > b), sum(1 for a, b in games if b > a)]
    if max(won, default=0) != need:
        raise ValidationError(f"{best_of}局{need}胜：须有一方正好胜 {need} 局。")
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
        winner, scores, walkover = (m.a_id if walkover_winner == "a" else m.b_id), [], True
    else:
        scores = _games(games, found.best_of)
        side = rules.winner_of([(a, b) for a, b in scores])
        winner, walkover = (m.a_id if side == 0 else m.b_id), False
    before = audit.snapshot(m)
    action = "activities.tournament_result_fix" if m.done else "activities.tournament_result"
    m.games, m.winner_id, m.walkover = scores, winner, walkover
    m.result_by, m.result_at = scoping.person(actor), now or timezone.now()
    m.save(update_fields=["games", "winner", "walkover", "result_by", "result_at"])
    _record(actor, action, m, found, before=before)
    _advance(found)
    return m


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
            if source:
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
    final = knockout[-1] if knockout else None
    if final is not None and final.done:
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
