"""Reads of 比赛, scoped like the activity they belong to: the committee's
(``activities.view``), and, for a published activity, the members of its union (the
standings and the bracket are public to them). The group tables, the bracket by rounds, the
timetable, and the counts of the metric and the summary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateTimeField, F, Func, Q, QuerySet
from django.utils import timezone

from gonghui.core.queries import get_scoped
from gonghui.orgs.models import Union

from . import queries
from . import tournament_rules as rules
from .models import State
from .models_tournament import Stage, Tournament, TournamentEntry, TournamentMatch

TOURNAMENT_MISSING = "没有这个比赛，或您无权查看。"
MATCH_MISSING = "没有这场比赛，或您无权录入。"


def get_tournament(user, pk: int, perm: str = "activities.view", *, public: bool = False):
    """A tournament the user may ``perm`` on; with ``public``, also one of a published
    activity they may see (a member of its union). 404 outside."""

    def allow(t: Tournament) -> bool:
        return public and queries.may_see(user, t.activity)

    return get_scoped(
        Tournament.objects.select_related("union", "activity", "activity__union", "prize_voucher"),
        user,
        perm,
        union="union",
        allow=allow,
        missing=TOURNAMENT_MISSING,
        pk=pk,
    )


def get_match(user, pk: int, perm: str = "activities.change") -> TournamentMatch:
    return get_scoped(
        TournamentMatch.objects.select_related(
            "tournament", "tournament__union", "tournament__activity", "group", "a", "b"
        ),
        user,
        perm,
        union="tournament.union",
        missing=MATCH_MISSING,
        pk=pk,
    )


def get_entry(user, pk: int, perm: str = "activities.change") -> TournamentEntry:
    return get_scoped(
        TournamentEntry.objects.select_related("tournament", "tournament__union"),
        user,
        perm,
        union="tournament.union",
        missing=TOURNAMENT_MISSING,
        pk=pk,
    )


def tournaments_of(activity) -> QuerySet[Tournament]:
    return Tournament.objects.filter(activity=activity).annotate(n_entries=Count("entries"))


def entries_of(t: Tournament) -> list[TournamentEntry]:
    return list(
        t.entries.select_related("unit", "group")
        .prefetch_related("players__member")
        .order_by("seed_rank", "id")
    )


# --- group tables ---------------------------------------------------------------------------


def decided() -> Q:
    """A match with a result: won (a walkover too) or drawn."""
    return Q(winner__isnull=False) | Q(drawn=True)


def _results(matches) -> list[rules.Result]:
    return [
        rules.Result(m.a_id, m.b_id, m.winner_id, tuple(tuple(g) for g in m.games), m.walkover)
        for m in matches
        if m.done
    ]


def _standings(t: Tournament, entries: list[int], matches) -> list[rules.Row]:
    return rules.standings(entries, _results(matches), t.scoring(), seed=t.seed)


def group_places(t: Tournament, matches) -> dict[tuple[int, int], int]:
    """(group index, place) → entry id, from the standings (every group match decided)."""
    out: dict[tuple[int, int], int] = {}
    for group in t.groups.order_by("index"):
        mine = [m for m in matches if m.group_id == group.pk]
        entries = list(group.entries.order_by("position").values_list("pk", flat=True))
        for row in _standings(t, entries, mine):
            out[(group.index, row.rank)] = int(row.entry)  # type: ignore[call-overload]
    return out


@dataclass
class GroupTable:
    group: object
    rows: list[rules.Row]
    names: dict[object, str]
    matches: list[TournamentMatch]
    done: bool
    notes: list[str] = field(default_factory=list)


def group_tables(t: Tournament) -> list[GroupTable]:
    """Each group's table (everyone, played or not), its matches, and the tiebreaks used."""
    matches = list(
        t.matches.filter(stage=Stage.GROUPS).select_related("a", "b").order_by("round", "index")
    )
    out = []
    for group in t.groups.order_by("index").prefetch_related("entries"):
        entries = sorted(group.entries.all(), key=lambda e: e.position or 0)
        mine = [m for m in matches if m.group_id == group.pk]
        rows = _standings(t, [e.pk for e in entries], mine)
        names: dict[object, str] = {e.pk: e.name for e in entries}
        for row in rows:
            row.name = names.get(row.entry, "")
        notes = sorted({r.tie_note for r in rows if r.tie_note})
        out.append(GroupTable(group, rows, names, mine, all(m.done for m in mine), notes))
    return out


# --- the bracket ----------------------------------------------------------------------------


@dataclass
class Side:
    name: str
    known: bool
    won: bool = False


@dataclass
class BracketMatch:
    match: TournamentMatch
    sides: list[Side]
    label: str
    row: int = 1  # its place on the drawn bracket's grid: a first-round match spans 2 rows
    span: int = 2
    third: bool = False  # the 季军赛, drawn under the final


def _side_label(t: Tournament, m: TournamentMatch, which: str, names, rounds: int) -> Side:
    entry_id = getattr(m, f"{which}_id")
    if entry_id:
        return Side(names.get(entry_id, ""), True, m.winner_id == entry_id and not m.bye)
    feed, source = getattr(m, f"{which}_feed"), getattr(m, f"{which}_from")
    if feed:
        _, g, place = feed.split(":")
        return Side(f"{chr(ord('A') + int(g))}组第{place}名", False)
    if source is not None:
        who = "负者" if m.third_place else "胜者"
        return Side(f"{rules.round_name(source.round, rounds)}{source.index + 1}{who}", False)
    return Side("轮空", False)


def bracket_rounds(t: Tournament) -> list[tuple[str, list[BracketMatch]]]:
    """The knockout by rounds, first round first, each match with its two sides (a name,
    or where it comes from: "A组第1名", "半决赛1胜者", 轮空); the 季军赛 last in the final's
    column, below it (rows past the bracket's: ``bracket_height``)."""
    matches = list(
        t.matches.filter(stage=Stage.KNOCKOUT)
        .select_related("a_from", "b_from")
        .order_by("round", "index")
    )
    if not matches:
        return []
    names = dict(t.entries.values_list("pk", "name"))
    rounds = max(m.round for m in matches)
    out: list[tuple[str, list[BracketMatch]]] = []
    for rnd in range(1, rounds + 1):
        column = []
        for m in (x for x in matches if x.round == rnd):
            sides = [_side_label(t, m, w, names, rounds) for w in ("a", "b")]
            if m.third_place:
                column.append(BracketMatch(m, sides, THIRD, 2**rounds + 1, 2, third=True))
                continue
            number = f"{m.index + 1}" if rnd < rounds else ""  # the final is one
            label = f"{rules.round_name(rnd, rounds)}{number}"
            span = 2**rnd
            column.append(BracketMatch(m, sides, label, m.index * span + 1, span))
        out.append((rules.round_name(rnd, rounds), column))
    return out


THIRD = "季军赛"


def bracket_height(rounds) -> int:
    """The drawn bracket's rows: two per first-round match, two more for a 季军赛."""
    if not rounds:
        return 0
    third = any(bm.third for bm in rounds[-1][1])
    return 2 ** len(rounds) + (2 if third else 0)


def match_label(m: TournamentMatch) -> str:
    """ "A组 第2轮", "半决赛1"."""
    if m.group_id:
        return f"{m.group} 第{m.round}轮"
    if m.third_place:
        return THIRD
    last = m.tournament.matches.filter(stage=Stage.KNOCKOUT).order_by("-round").first()
    rounds = last.round if last else m.round
    number = f"{m.index + 1}" if m.round < rounds else ""
    return f"{rules.round_name(m.round, rounds)}{number}"


def knockout_started(t: Tournament) -> bool:
    """A knockout result is in: group results can no longer be corrected."""
    played = t.matches.filter(stage=Stage.KNOCKOUT, bye=False, winner__isnull=False)
    return played.exists()


def champion(t: Tournament) -> str:
    return podium(t)[0]


def podium(t: Tournament) -> list[str]:
    """[冠军, 亚军, 季军] as far as decided ("" where not): the final's winner and loser and
    the 季军赛's winner; without a knockout, a single group's first three once it is
    played out."""
    ko = t.matches.filter(stage=Stage.KNOCKOUT).select_related("a", "b", "winner")
    final = ko.filter(third_place=False).order_by("-round", "index").first()
    out = ["", "", ""]
    if final is None:
        tables = group_tables(t) if t.groups.count() == 1 else []
        if tables and tables[0].done:
            names = [row.name for row in tables[0].rows[:3]]
            out[: len(names)] = names
        return out
    if final.winner is not None:
        loser = final.b if final.winner_id == final.a_id else final.a
        out[:2] = [final.winner.name, loser.name if loser else ""]
    third = ko.filter(third_place=True).first()
    if third is not None and third.winner is not None:
        out[2] = third.winner.name
    return out


def timetable(t: Tournament) -> list[TournamentMatch]:
    """The matches to play, by time and table (byes left out)."""
    return list(
        t.matches.filter(bye=False)
        .select_related("a", "b", "group", "winner")
        .order_by("slot", "court", "id")
    )


@dataclass
class Slot:
    match: TournamentMatch
    stage: str  # "A组", "半决赛1"
    a: str
    b: str


def timetable_rows(t: Tournament, rounds) -> list[Slot]:
    """The timetable with each side named — a knockout side not known yet by where it comes
    from ("A组第1名", "半决赛1胜者"); ``rounds`` from :func:`bracket_rounds`."""
    drawn = {bm.match.pk: bm for _, column in rounds for bm in column}
    out = []
    for m in timetable(t):
        if m.pk in drawn:
            bm = drawn[m.pk]
            out.append(Slot(m, bm.label, bm.sides[0].name, bm.sides[1].name))
        else:
            group = m.group.name if m.group else ""
            out.append(Slot(m, group, m.a.name if m.a else "", m.b.name if m.b else ""))
    return out


def slot_time(t: Tournament, slot: int) -> datetime.datetime:
    return t.first_slot_at + datetime.timedelta(minutes=t.slot_minutes * slot)


def time_text(t: Tournament, slot: int) -> str:
    return f"{timezone.localtime(slot_time(t, slot)):%-m月%-d日 %H:%M}"


def place_text(t: Tournament, slot: int | None, court: int | None) -> str:
    """ "3月5日 09:20 2号球台", "未排" before a place."""
    if slot is None or court is None:
        return "未排"
    return f"{time_text(t, slot)} {court + 1}号{t.court_label}"


def participants(t: Tournament) -> int:
    """Persons playing (every member of every entry)."""
    return t.entries.aggregate(n=Count("players"))["n"] or 0


# --- metric and summary ---------------------------------------------------------------------


def played_in(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """Matches played (not byes, not walkovers) in tournaments of activities held in the
    period, and the tournaments and persons entered."""
    held = queries.held_in(union, start, end)
    tournaments = Tournament.objects.filter(activity__in=held)
    played = (
        TournamentMatch.objects.filter(tournament__in=tournaments, bye=False, walkover=False)
        .filter(decided())
        .count()
    )
    found = tournaments.aggregate(
        n=Count("id", distinct=True),
        persons=Count("entries__players", filter=Q(entries__players__isnull=False)),
    )
    return {"matches": played, "tournaments": found["n"] or 0, "persons": found["persons"] or 0}


# --- results to enter: the 待办 and the reminder --------------------------------------------


def _awaiting() -> QuerySet[TournamentMatch]:
    """Matches of published activities with both sides known, played at a set time (not a
    bye) and without a result."""
    return TournamentMatch.objects.filter(
        tournament__activity__state=State.OPEN,
        bye=False,
        a__isnull=False,
        b__isnull=False,
        winner__isnull=True,
        drawn=False,
        starts_at__isnull=False,
    )


class _MinutesLater(Func):
    """A datetime column plus an integer column of minutes, in SQL (Django's duration
    arithmetic cannot multiply a column by a duration on SQLite)."""

    output_field = DateTimeField()
    arity = 2

    def _parts(self, compiler):
        (at, at_params), (n, n_params) = (compiler.compile(e) for e in self.source_expressions)
        return at, n, (*at_params, *n_params)

    def as_sql(  # PostgreSQL
        self, compiler, connection, function=None, template=None, arg_joiner=None, **extra
    ):
        at, n, params = self._parts(compiler)
        return f"({at} + make_interval(mins => {n}))", params

    def as_sqlite(self, compiler, connection, **extra):
        # stored as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]"; datetime() keeps that shape
        at, n, params = self._parts(compiler)
        return f"datetime({at}, '+' || {n} || ' minutes')", params


def results_due(union: Union, now: datetime.datetime) -> QuerySet[TournamentMatch]:
    """待录入成绩: the union's matches whose time slot is over (its start plus the
    tournament's slot length) with both sides known and no result, earliest first."""
    slot_end = _MinutesLater(F("starts_at"), F("tournament__slot_minutes"))
    return (
        _awaiting()
        .filter(tournament__union=union)
        .alias(slot_end=slot_end)
        .filter(slot_end__lte=now)
        .order_by("starts_at", "id")
    )


def results_missing_on(day: datetime.date) -> QuerySet[TournamentMatch]:
    """Every union's matches of ``day`` (local time) still without a result, by tournament:
    the reminder the morning after."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return (
        _awaiting()
        .filter(starts_at__gte=first, starts_at__lt=first + datetime.timedelta(days=1))
        .select_related("tournament", "tournament__union")
        .order_by("tournament_id", "starts_at", "id")
    )
