"""Reads of 疗休养, scoped through ``core.scoping``: rounds, their lists and the members'
priority categories for ``care.view`` (the chair, the 经审, the welfare member of the
committee); the settings; the proposal's ranking (one SQL statement, :func:`scored`); the
counts of the 待办, the reminders, the metrics and the summary.

Privacy: the committee's pages show a member's categories (因工负伤 among them) and the
reasons given; the 公示 shows the public ones only (``rules_rest.names_of(public_only=True)``),
never health or hardship."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round

from gonghui.core import union_settings
from gonghui.core.models import PublicityStatus
from gonghui.core.queries import get_scoped
from gonghui.core.queries_publicity import CLEARED
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.finance.queries.dues import arrears_query
from gonghui.members.metrics import by_union, one_union
from gonghui.orgs.models import Member, MemberStatus, Union

from . import rules_rest as rules
from .models_rest import (
    ON_LIST,
    EntryState,
    RestEntry,
    RestRound,
    RestRoundStatus,
    RestSettings,
    RestTag,
)

ROUND_MISSING = "没有这一批疗休养，或您无权查看。"
ENTRY_MISSING = "没有这条疗休养名单记录，或您无权查看。"
TAG_MISSING = "没有这条优先类别记录，或您无权查看。"
SUBJECT_TYPE = "care.restround"  # a round's 公示 (core.Publicity.subject_type)


def settings_for(union: Union) -> RestSettings:
    """The union's 疗休养 settings: its own, its nearest ancestor's, or the examples."""
    return union_settings.inherited(RestSettings, union)


# --- getters --------------------------------------------------------------------------------


def get_round(user, pk: int, perm: str = "care.view") -> RestRound:
    """A round of a union where the user may ``perm``: 404 outside their reach."""
    return get_scoped(
        RestRound.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=ROUND_MISSING,
        pk=pk,
    )


def get_entry(user, pk: int, perm: str = "care.change", *, own: bool = False) -> RestEntry:
    """An entry of a list where the user may ``perm``; with ``own``, also the member's own
    (放弃 from 我的疗休养)."""

    def mine(entry: RestEntry) -> bool:
        authenticated = bool(getattr(user, "is_authenticated", False))
        return own and authenticated and entry.member.user_id == user.pk

    return get_scoped(
        RestEntry.objects.select_related("round__union", "union", "member"),
        user,
        perm,
        union="union",
        allow=mine,
        missing=ENTRY_MISSING,
        pk=pk,
    )


# A member sees a round once its list is public (公示 or later), never a draft proposal; an
# entry the committee took off the list (调出, with its reason) is not theirs to read here.
MEMBER_ROUNDS = (RestRoundStatus.PUBLICITY, RestRoundStatus.CONFIRMED, RestRoundStatus.PAID)


def own_entries(member: Member) -> list[RestEntry]:
    """The member's places in public rounds, newest first, for 我的疗休养."""
    return list(
        RestEntry.objects.filter(member=member, round__status__in=MEMBER_ROUNDS)
        .exclude(state=EntryState.REMOVED)
        .select_related("round", "union")
        .order_by("-round__starts_on", "-pk")
    )


def get_tag(user, pk: int, perm: str = "care.change") -> RestTag:
    return get_scoped(
        RestTag.objects.select_related("union", "member"),
        user,
        perm,
        union="union",
        missing=TAG_MISSING,
        pk=pk,
    )


# --- the proposal ---------------------------------------------------------------------------


def eligible(round: RestRound) -> QuerySet[Member]:
    """在会 (not retired) members of the round's union whose dues charged up to
    ``dues_until`` are paid: finance's arrears query says who is not."""
    unpaid = arrears_query(round.union, until=round.dues_until).values("pk")
    return Member.objects.filter(union=round.union, status=MemberStatus.ACTIVE).exclude(
        pk__in=unpaid
    )


def retiring_q(settings: RestSettings, starts_on: datetime.date, prefix: str = "") -> Q:
    """Members who reach the retirement age within ``retiring_years`` of ``starts_on``."""
    born = rules.retiring_born_by(settings, starts_on)
    return Q(**{f"{prefix}sex": "M", f"{prefix}birth_date__lte": born["M"]}) | Q(
        **{f"{prefix}sex": "F", f"{prefix}birth_date__lte": born["F"]}
    )


def _derived(settings, starts_on, bit: dict[str, int]):
    """The categories the roster gives (一线职工, 即将退休) as bits."""
    total: Expression = Value(0)
    if settings.frontline_category in bit:
        total = total + Case(
            When(is_frontline=True, then=Value(bit[settings.frontline_category])),
            default=Value(0),
        )
    if settings.retiring_category in bit:
        total = total + Case(
            When(retiring_q(settings, starts_on), then=Value(bit[settings.retiring_category])),
            default=Value(0),
        )
    return total


def _per_member(queryset: QuerySet, function: str, expression, output) -> Subquery:
    """``function(expression)`` over ``queryset`` (correlated on the member) as one value:
    a plain aggregate with no GROUP BY (a ``Func``, as ``core.todo`` counts), which SQLite
    runs as a single pass over the index range instead of a sorter per member."""
    summed = Func(expression, function=function, output_field=output)
    return Subquery(queryset.order_by().annotate(v=summed).values("v")[:1], output_field=output)


def _tags(bit: dict[str, int]):
    """The member's committee-set categories as bits (a correlated subquery over the tags'
    partial unique index: one live tag per member and category, so the sum is an OR)."""
    tags = RestTag.objects.filter(
        member=OuterRef("pk"), removed_at__isnull=True, category__in=list(bit)
    )
    bits = Case(*(When(category=k, then=Value(v)) for k, v in bit.items()), default=Value(0))
    return Coalesce(_per_member(tags, "SUM", bits, IntegerField()), Value(0))


def scored(round: RestRound, settings: RestSettings) -> QuerySet:
    """The round's eligible members who can still go this year (earlier trips of the year
    plus this one within the yearly cap), one row each: ``m_id``, ``last_year`` (of the
    last trip: an entry on a list of another round), ``mask`` (the categories' bits, from
    the committee's tags OR the roster: a tag the roster also gives counts once) and
    ``m_joined``. One statement of correlated subqueries over indexed lookups;
    ``services_rest.rest_propose`` ranks it — the weight is read off the mask
    (``rules_rest.weight_sql``) — with ``ROW_NUMBER()`` inside the ``INSERT … SELECT``
    that stores the proposal."""
    bit = rules.bits(list(settings.categories))
    trips = RestEntry.objects.filter(member=OuterRef("pk"), state__in=ON_LIST).exclude(
        round_id=round.pk
    )
    last_year = _per_member(trips, "MAX", F("year"), IntegerField())
    fen = Cast(Round(F("amount") * 100), BigIntegerField())
    spent = _per_member(trips.filter(year=round.year), "SUM", fen, BigIntegerField())
    room = int((settings.cap_year - round.cost) * 100)  # fen a member may have spent already
    return (
        eligible(round)
        .alias(spent=Coalesce(spent, Value(0)))
        .filter(spent__lte=room)
        .annotate(
            m_id=F("pk"),
            last_year=last_year,
            mask=_tags(bit).bitor(_derived(settings, round.starts_on, bit)),
            m_joined=F("joined_on"),
        )
        .order_by()
        .values_list("m_id", "last_year", "mask", "m_joined")
    )


def over_cap_count(round: RestRound, settings: RestSettings) -> int:
    """在会 members whose earlier trips this year leave no room for this one."""
    room = int((settings.cap_year - round.cost) * 100)
    return (
        RestEntry.objects.filter(
            member__union=round.union,
            member__status=MemberStatus.ACTIVE,
            year=round.year,
            state__in=ON_LIST,
        )
        .exclude(round_id=round.pk)
        .values("member")
        .annotate(f=fen_total("amount"))
        .filter(f__gt=room)
        .count()
    )


def active_count(round: RestRound) -> int:
    """在会 members of the round's union (those eligible, in arrears or over the cap)."""
    return Member.objects.filter(union=round.union, status=MemberStatus.ACTIVE).count()


def spent_in_year(member: Member, year: int, *, besides: RestRound) -> Decimal:
    """What the member's places on lists of other rounds of ``year`` cost (the yearly cap)."""
    found = (
        RestEntry.objects.filter(member=member, year=year, state__in=ON_LIST)
        .exclude(round_id=besides.pk)
        .aggregate(f=fen_total("amount"))
    )
    return fen_to_yuan(found["f"])


def next_candidates(round: RestRound) -> QuerySet[RestEntry]:
    """The round's candidates in the proposal's order (who moves up when someone declines)."""
    return (
        RestEntry.objects.filter(round=round, state=EntryState.CANDIDATE)
        .select_related("member")
        .order_by("rank")
    )


def listed_count(round: RestRound) -> int:
    return RestEntry.objects.filter(round=round, state__in=ON_LIST).count()


# --- pages ----------------------------------------------------------------------------------


def rounds_of(union: Union) -> QuerySet[RestRound]:
    """The union's rounds, newest first, with their counts (one query)."""
    return (
        RestRound.objects.filter(union=union)
        .annotate(
            n_listed=Count("entries", filter=Q(entries__state__in=ON_LIST)),
            n_taken=Count("entries", filter=Q(entries__state=EntryState.TAKEN)),
            n_declined=Count("entries", filter=Q(entries__state=EntryState.DECLINED)),
        )
        .order_by("-year", "-starts_on", "-id")
    )


def the_list(round: RestRound) -> list[RestEntry]:
    """Entries on the list or once on it (removed, declined), in the proposal's order."""
    return list(
        RestEntry.objects.filter(round=round)
        .exclude(state=EntryState.CANDIDATE)
        .select_related("member", "member__group", "changed_by")
        .order_by("rank")
    )


def candidates_page(round: RestRound, limit: int = 20) -> list[RestEntry]:
    """The first ``limit`` candidates after the list (the reserve, in order)."""
    return list(next_candidates(round).select_related("member__group")[:limit])


def round_figures(round: RestRound) -> dict:
    """Counts per state and the cost of the places on the list, one query."""
    found = RestEntry.objects.filter(round=round).aggregate(
        total=Count("id"),
        **{s: Count("id", filter=Q(state=s)) for s in EntryState.values},
        fen=fen_total("amount", where=Q(state__in=ON_LIST)),
    )
    found["amount"] = fen_to_yuan(found.pop("fen"))
    found["on_list"] = found[EntryState.LISTED] + found[EntryState.TAKEN]
    return found


def publicity_rows(round: RestRound, reserve: int) -> tuple[list[RestEntry], list[RestEntry]]:
    """The list and the first ``reserve`` candidates, by rank, with members and groups."""
    base = RestEntry.objects.filter(round=round).select_related("member", "member__group")
    listed = list(base.filter(state__in=ON_LIST).order_by("rank"))
    spare = list(base.filter(state=EntryState.CANDIDATE).order_by("rank")[:reserve])
    return listed, spare


def tags_of(union: Union, category: str = "") -> QuerySet[RestTag]:
    """The union's current priority categories, by member (one query)."""
    qs = (
        RestTag.objects.filter(union=union, removed_at__isnull=True)
        .select_related("member", "member__group", "created_by")
        .order_by("category", "member__name_pinyin", "id")
    )
    if category:
        qs = qs.filter(category=category)
    return qs


def tag_counts(union: Union) -> dict[str, int]:
    rows = (
        RestTag.objects.filter(union=union, removed_at__isnull=True)
        .values("category")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["category"]: r["n"] for r in rows}


def roster_counts(union: Union, settings: RestSettings, today: datetime.date) -> dict[str, int]:
    """How many 在会 members the roster puts in the derived categories (one query)."""
    found = Member.objects.filter(union=union, status=MemberStatus.ACTIVE).aggregate(
        frontline=Count("id", filter=Q(is_frontline=True)),
        retiring=Count("id", filter=retiring_q(settings, today)),
    )
    return found


# --- 待办, reminders, metrics, summary ------------------------------------------------------


def _cleared_publicity() -> Exists:
    from gonghui.core.models import Publicity

    return Exists(
        Publicity.objects.filter(
            subject_type=SUBJECT_TYPE,
            subject_id=OuterRef("pk"),
            status=PublicityStatus.CLOSED,
            outcome__in=CLEARED,
        )
    )


def to_confirm(union: Union | None = None) -> QuerySet[RestRound]:
    """Rounds whose 公示 ended without an objection upheld, waiting for the confirmation."""
    qs = RestRound.objects.filter(status=RestRoundStatus.PUBLICITY).filter(_cleared_publicity())
    return qs.filter(union=union) if union is not None else qs


def starting_soon(today: datetime.date, days: int = 7) -> QuerySet[RestRound]:
    """Confirmed rounds starting within ``days`` (every union)."""
    return RestRound.objects.filter(
        status=RestRoundStatus.CONFIRMED,
        starts_on__gte=today,
        starts_on__lte=today + datetime.timedelta(days=days),
    ).select_related("union")


def waiting_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    """The 待办's rows: lists to confirm after their 公示; confirmed lists starting within a
    week whose members have not all said 参加 or 放弃."""
    soon = RestEntry.objects.filter(
        union=union,
        state=EntryState.LISTED,
        round__status=RestRoundStatus.CONFIRMED,
        round__starts_on__lte=today + datetime.timedelta(days=7),
    )
    return {"rest_confirm": to_confirm(union), "rest_answer": soon}


def _taken_rows(start: datetime.date, end: datetime.date) -> QuerySet[RestEntry]:
    """Places taken on rounds that started in the period, of any union."""
    return RestEntry.objects.filter(state=EntryState.TAKEN, round__starts_on__range=(start, end))


def taken_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """人次, rounds and cost of the trips taken in the period, in one query."""
    found = one_union(
        _taken_rows(start, end),
        union,
        people=Count("id"),
        rounds=Count("round", distinct=True),
        fen=fen_total("amount"),
    )
    found["amount"] = fen_to_yuan(found.pop("fen"))
    return found


def taken_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    """疗休养人次 per union: the kept parts a federation adds up (an entry is one union's)."""
    return by_union(_taken_rows(start, end), ids, people=Count("id"))
