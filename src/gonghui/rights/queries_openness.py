"""Reads of 厂务公开: the union's catalogue (own, or the one it would copy), the year's
schedule grid (each category's periods: 按时 / 逾期公开 / 未公开 / 未到期), what is overdue
(the 待办 in two queries, the reminder the day after a due date), the figures of
公开按时率, the scoped getters, and what a member sees of a published item."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from gonghui.core import scoping, union_settings
from gonghui.core.models import Role, RoleGrant
from gonghui.core.queries import get_scoped
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Body, Duty, Member, Position, Union

from . import rules
from .models import RightsSettings
from .models_openness import (
    OpennessCategory,
    OpennessPoll,
    OpennessPublication,
    OpennessQuestion,
    OpennessSchedule,
    due_on,
    period_bounds,
    period_label,
    periods,
)

# The defaults a union starts from when neither it nor any union above it has a catalogue:
# the categories of 广东意见 with Hebei's 劳动安全 and 集体合同 (shared/DOMAIN-AREAS.md (d));
# the schedules follow the workshop rules cited there (收入分配 monthly; 经营指标, 安全, 管理费用
# quarterly; 考核评优, 廉洁, 承包合同 yearly; 奖金福利 as they happen) — EXAMPLES to edit.
# (name, examples, schedule, days after the event for items as they happen)
DEFAULT_CATEGORIES: tuple[tuple[str, str, str, int], ...] = (
    (
        "重大决策",
        "发展规划、改革改制方案、重要规章制度、重大投资和经营决策",
        OpennessSchedule.EVENT,
        7,
    ),
    ("财务", "年度预决算、大额资金使用、业务招待费、福利费使用", OpennessSchedule.QUARTERLY, 7),
    (
        "职工切身利益",
        "工资奖金分配、社保缴纳、招工辞退、职称评定和评优",
        OpennessSchedule.MONTHLY,
        7,
    ),
    ("党风廉政", "领导人员民主评议、招投标、出差费用、廉洁自律", OpennessSchedule.YEARLY, 7),
    ("劳动安全", "安全生产、劳动保护用品发放、职业病防治、事故处理", OpennessSchedule.QUARTERLY, 7),
    ("集体合同", "集体合同、工资专项集体协议的签订和履行情况", OpennessSchedule.YEARLY, 7),
)

ON_TIME, LATE, MISSING, PENDING, NOT_COUNTED = "on_time", "late", "missing", "pending", "none"
# Months a period covers on the year's grid (a year: 12).
SPANS: dict[str, int] = {OpennessSchedule.MONTHLY: 1, OpennessSchedule.QUARTERLY: 3}
# How far back the 待办 and the year page's 待办 look for periods still not published.
LOOKBACK_DAYS = 400


def word(union: Union) -> str:
    """厂务公开, 校务公开 in a school, 院务公开 in a hospital (shared/DOMAIN-AREAS.md (d))."""
    return {"school": "校务公开", "hospital": "院务公开"}.get(union.kind, "厂务公开")


# --- the catalogue --------------------------------------------------------------------------


def categories(union: Union, *, live_only: bool = False) -> QuerySet[OpennessCategory]:
    found = OpennessCategory.objects.filter(union=union)
    return found.filter(retired_on__isnull=True) if live_only else found


def template_for(union: Union) -> tuple[Union | None, list[tuple[str, str, str, int]]]:
    """What a union without its own catalogue copies: the nearest ancestor's live
    categories (that ancestor), else the defaults (None)."""
    rows = list(
        OpennessCategory.objects.filter(
            union_id__in=union.ancestor_ids, retired_on__isnull=True
        ).select_related("union")
    )
    by_union: dict[int, list[OpennessCategory]] = defaultdict(list)
    for c in rows:
        by_union[c.union_id].append(c)
    for uid in reversed(union.ancestor_ids):
        if uid in by_union:
            found = sorted(by_union[uid], key=lambda c: (c.order, c.pk))
            return found[0].union, [(c.name, c.examples, c.schedule, c.event_days) for c in found]
    return None, list(DEFAULT_CATEGORIES)


def due_day(union: Union) -> int:
    from .queries import settings_for

    return settings_for(union).openness_due_day


# --- the schedule ---------------------------------------------------------------------------


@dataclass
class Cell:
    category: OpennessCategory
    year: int
    period: int
    label: str
    due: datetime.date
    status: str
    span: int = 1  # months the cell covers on the year's grid
    first: datetime.date | None = None  # the first live publication's date
    items: list = field(default_factory=list)
    late_by: int = 0  # days past the due date with nothing published (as of today)

    @property
    def days_late(self) -> int:
        return max(((self.first or self.due) - self.due).days, 0)


def cell_status(
    category: OpennessCategory,
    start: datetime.date,
    due: datetime.date,
    first: datetime.date | None,
    today: datetime.date,
) -> str:
    if first is not None:
        return ON_TIME if first <= due else LATE
    if not category.counts(start, due):
        return NOT_COUNTED
    return MISSING if due < today else PENDING


def _first_dates(rows: Iterable) -> dict[tuple[int, int, int], datetime.date]:
    """(category, year, period) → the earliest live publication date."""
    first: dict[tuple[int, int, int], datetime.date] = {}
    for cat, year, period, day in rows:
        key = (cat, year, period)
        if key not in first or day < first[key]:
            first[key] = day
    return first


def scheduled_cells(
    category: OpennessCategory,
    year: int,
    day: int,
    first: dict[tuple[int, int, int], datetime.date],
    today: datetime.date,
) -> list[Cell]:
    span = SPANS.get(category.schedule, 12)
    out = []
    for p in periods(category.schedule):
        due = due_on(category.schedule, year, p, day)
        found = first.get((category.pk, year, p))
        out.append(
            Cell(
                category,
                year,
                p,
                period_label(category.schedule, year, p),
                due,
                cell_status(
                    category, period_bounds(category.schedule, year, p)[0], due, found, today
                ),
                span,
                found,
            )
        )
    return out


@dataclass
class Row:
    category: OpennessCategory
    cells: list[Cell]
    events: list = field(default_factory=list)  # items "as it happens" of the year

    @property
    def event_counts(self) -> dict[str, int]:
        on_time = sum(1 for p in self.events if p.published_on <= p.due_on)
        return {"on_time": on_time, "late": len(self.events) - on_time}


def year_grid(union: Union, year: int, today: datetime.date) -> list[Row]:
    """Every category of the union (retired ones while they still owe something that year)
    with its periods of ``year``. Three queries: categories, the due day, publications."""
    cats = list(categories(union))
    day = due_day(union)
    pubs = list(
        OpennessPublication.objects.filter(
            union=union, year=year, withdrawn_at__isnull=True
        ).order_by("published_on", "id")
    )
    first = _first_dates((p.category_id, p.year, p.period, p.published_on) for p in pubs)
    by_cat: dict[int, list[OpennessPublication]] = defaultdict(list)
    for p in pubs:
        by_cat[p.category_id].append(p)
    rows = []
    for c in cats:
        if c.schedule == OpennessSchedule.EVENT:
            row = Row(c, [], [p for p in by_cat[c.pk] if p.event_on is not None])
        else:
            cells = scheduled_cells(c, year, day, first, today)
            for cell in cells:
                cell.items = [p for p in by_cat[c.pk] if p.period == cell.period]
            row = Row(c, cells)
        if c.retired_on is None or row.events or any(x.status != NOT_COUNTED for x in row.cells):
            rows.append(row)
    return rows


def _window(today: datetime.date) -> tuple[int, int]:
    start = today - datetime.timedelta(days=LOOKBACK_DAYS)
    return start.year, today.year


def overdue_cells(
    cats: Iterable[OpennessCategory], day_of, rows: Iterable, today: datetime.date
) -> list[Cell]:
    """Scheduled periods of the last LOOKBACK_DAYS whose due date has passed with nothing
    published. ``day_of(category)`` is the due day of its union; ``rows`` the live
    publications as (category, year, period, published_on)."""
    first = _first_dates(rows)
    since = today - datetime.timedelta(days=LOOKBACK_DAYS)
    low, high = _window(today)
    out = []
    for c in cats:
        if c.schedule == OpennessSchedule.EVENT:
            continue
        for year in range(low, high + 1):
            for cell in scheduled_cells(c, year, day_of(c), first, today):
                if cell.status == MISSING and cell.due >= since:
                    cell.late_by = (today - cell.due).days
                    out.append(cell)
    return sorted(out, key=lambda x: (x.due, x.category.order))


def overdue(union: Union, today: datetime.date) -> list[Cell]:
    """What the union has not published past its due date (the year page's 待办): the live
    categories' scheduled periods of the last LOOKBACK_DAYS. Two queries — the categories
    with their union's due day, and the live publications of the window."""
    cats = list(
        categories(union, live_only=True).annotate(
            due_day=union_settings.inherited_value(RightsSettings, union, "openness_due_day")
        )
    )
    if not cats:
        return []
    low, high = _window(today)
    rows = OpennessPublication.objects.filter(
        union=union, year__gte=low, year__lte=high, withdrawn_at__isnull=True, period__isnull=False
    ).values_list("category_id", "year", "period", "published_on")
    return overdue_cells(cats, lambda c: c.due_day, rows, today)


def overdue_categories(union: Union, today: datetime.date) -> QuerySet[OpennessCategory]:
    """The live categories with at least one period of the last LOOKBACK_DAYS past its due
    date and nothing live published — :func:`overdue` as one countable queryset (the 待办's
    line is counted with the other sources' in one query). Whether a period is past due
    depends on the due day only when it falls due this month (due day < today's day), and
    whether it lies in the window only when it fell due in the window's first month."""
    since = today - datetime.timedelta(days=LOOKBACK_DAYS)
    this_month, first_month = (today.year, today.month), (since.year, since.month)
    live = OpennessPublication.objects.filter(category=OuterRef("pk"), withdrawn_at__isnull=True)
    owed = Q(pk__in=[])
    for schedule in (OpennessSchedule.MONTHLY, OpennessSchedule.QUARTERLY, OpennessSchedule.YEARLY):
        for year in range(since.year - 1, today.year + 1):
            for p in periods(schedule):
                start, last = period_bounds(schedule, year, p)
                following = last + datetime.timedelta(days=1)
                month = (following.year, following.month)
                if month > this_month or month < first_month:
                    continue
                when = Q(schedule=schedule, counts_from__lte=start)
                if month == this_month:
                    when &= Q(due_day__lt=today.day)
                if month == first_month:
                    when &= Q(due_day__gte=since.day)
                owed |= when & Q(~Exists(live.filter(year=year, period=p)))
    return (
        categories(union, live_only=True)
        .annotate(due_day=union_settings.inherited_value(RightsSettings, union, "openness_due_day"))
        .filter(owed)
    )


def due_yesterday(today: datetime.date) -> list[Cell]:
    """Scheduled periods of every union whose due date was yesterday, still unpublished:
    the morning-after reminder. Three queries whatever the number of unions."""
    yesterday = today - datetime.timedelta(days=1)
    cats = list(
        OpennessCategory.objects.filter(retired_on__isnull=True)
        .exclude(schedule=OpennessSchedule.EVENT)
        .select_related("union")
    )
    if not cats:
        return []
    days = due_days({c.union for c in cats})
    # The period that could fall due yesterday ends in the month before or in that month.
    out = []
    keys = set()
    for c in cats:
        for year in (yesterday.year - 1, yesterday.year):
            for p in periods(c.schedule):
                due = due_on(c.schedule, year, p, days[c.union_id])
                start = period_bounds(c.schedule, year, p)[0]
                if due == yesterday and c.counts(start, due):
                    out.append(Cell(c, year, p, period_label(c.schedule, year, p), due, MISSING))
                    keys.add((c.pk, year, p))
    if not out:
        return []
    published = set(
        OpennessPublication.objects.filter(
            category_id__in={k[0] for k in keys},
            year__in={k[1] for k in keys},
            withdrawn_at__isnull=True,
            published_on__lte=today,
        ).values_list("category_id", "year", "period")
    )
    return [c for c in out if (c.category.pk, c.year, c.period) not in published]


def due_days(unions: Iterable[Union]) -> dict[int, int]:
    """Each union's openness due day (own settings, nearest ancestor's, or the default), in
    one query."""
    unions = list(unions)
    ids = {u.pk for u in unions} | {a for u in unions for a in u.ancestor_ids}
    own = dict(
        RightsSettings.objects.filter(union_id__in=ids).values_list("union_id", "openness_due_day")
    )
    out = {}
    for u in unions:
        chain = [u.pk, *reversed(u.ancestor_ids)]
        out[u.pk] = next((own[i] for i in chain if i in own), rules.OPENNESS_DUE_DAY)
    return out


def change_users(union_ids) -> dict[int, list]:
    """Active accounts that record openness in each union: the chairs and committee members
    (roles with rights.change) and the committee member whose 分工 is 维权 (two queries)."""
    ids = set(union_ids)
    found: dict[int, list] = defaultdict(list)
    roles = [r for r in (Role.CHAIR, Role.COMMITTEE) if "rights.change" in scoping.ROLE_PERMS[r]]
    for g in (
        RoleGrant.objects.active()
        .filter(role__in=roles, union_id__in=ids, user__is_active=True)
        .select_related("user")
        .order_by("union_id", "user_id")
    ):
        if g.user not in found[g.union_id]:
            found[g.union_id].append(g.user)
    for post in Position.objects.filter(
        term__union_id__in=ids,
        term__body=Body.COMMITTEE,
        term__closed_on__isnull=True,
        ended_on__isnull=True,
        duty=Duty.RIGHTS,
        member__status__in=CURRENT_MEMBER_STATUSES,
        member__user__is_active=True,
    ).select_related("term", "member__user"):
        if post.member.user not in found[post.term.union_id]:
            found[post.term.union_id].append(post.member.user)
    return found


# --- 公开按时率 -------------------------------------------------------------------------------


def figures(
    union: Union, start: datetime.date, end: datetime.date, today: datetime.date
) -> dict[str, int]:
    """Periods (and items as they happen) whose due date lies in [start, end] and has
    passed, or that were already published on time; how many on time, late, missing. A
    federation sums the grassroots unions of its subtree (three queries in all)."""
    if union.is_federation:
        unions = list(Union.objects.filter(path__startswith=union.path, archived_at__isnull=True))
    else:
        unions = [union]
    days = due_days(unions)
    ids = [u.pk for u in unions]
    cats = list(OpennessCategory.objects.filter(union_id__in=ids))
    pubs = list(
        OpennessPublication.objects.filter(
            union_id__in=ids,
            withdrawn_at__isnull=True,
            year__gte=start.year - 1,
            year__lte=end.year,
        ).values_list("category_id", "year", "period", "published_on", "event_on", "due_on")
    )
    first = _first_dates((c, y, p, d) for c, y, p, d, e, _ in pubs if e is None)
    out = {"due": 0, "on_time": 0, "late": 0, "missing": 0}
    for c in cats:
        if c.schedule == OpennessSchedule.EVENT:
            continue
        for year in range(start.year - 1, end.year + 1):
            for cell in scheduled_cells(c, year, days[c.union_id], first, today):
                if not start <= cell.due <= end or cell.status in (PENDING, NOT_COUNTED):
                    continue
                out["due"] += 1
                out[cell.status] += 1
    for _c, _y, _p, published, event_on, due in pubs:
        if event_on is not None and start <= due <= end and (due < today or published <= due):
            out["due"] += 1
            out["on_time" if published <= due else "late"] += 1
    return out


def rate(found: dict[str, int]) -> Decimal | None:
    if not found["due"]:
        return None
    return (Decimal(100) * found["on_time"] / found["due"]).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


# --- getters --------------------------------------------------------------------------------


def get_category(user, pk: int, perm: str = "rights.change") -> OpennessCategory:
    return get_scoped(
        OpennessCategory.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing="没有找到这个公开类别。",
        pk=pk,
    )


def own_member(user, union: Union) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.current().filter(user=user, union=union).first()


def get_publication(user, pk: int, perm: str | None = None) -> OpennessPublication:
    """A publication: ``perm`` given, for its holders only; else for the union's current
    members (a live one) and its ``rights.view`` holders. 404 outside their reach."""
    queryset = OpennessPublication.objects.select_related(
        "union", "category", "recorded_by", "withdrawn_by", "sitting"
    )
    if perm is not None:
        return get_scoped(
            queryset, user, perm, union="union", missing="没有找到这条公开记录。", pk=pk
        )

    def is_member(p: OpennessPublication) -> bool:
        return p.is_live and own_member(user, p.union) is not None

    return get_scoped(
        queryset,
        user,
        "rights.view",
        union="union",
        missing="没有找到这条公开记录。",
        allow=is_member,
        pk=pk,
    )


def get_question(user, pk: int) -> OpennessQuestion:
    return get_scoped(
        OpennessQuestion.objects.select_related("union", "publication__union", "member"),
        user,
        "rights.change",
        union="union",
        missing="没有找到这条提问。",
        pk=pk,
    )


# --- what a member sees ---------------------------------------------------------------------


def published_for_member(user) -> tuple[Member | None, QuerySet[OpennessPublication]]:
    """The user's current membership and the live publications of that union."""
    member = (
        Member.objects.current().filter(user=user).select_related("union").first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if member is None:
        return None, OpennessPublication.objects.none()
    return member, (
        OpennessPublication.objects.filter(union_id=member.union_id, withdrawn_at__isnull=True)
        .select_related("category")
        .order_by("-published_on", "-id")
    )


def questions_for(user, publication: OpennessPublication) -> tuple[bool, list[OpennessQuestion]]:
    """(whether the user sees askers' names, the questions they see): the committee all,
    with names; a member their own and the answered ones of others, without names."""
    found = publication.questions.select_related("member", "answered_by").order_by("asked_at")
    if scoping.has_perm(user, "rights.view", union=publication.union):
        return True, list(found)
    member = own_member(user, publication.union)
    if member is None:
        return False, []
    rows = [q for q in found if q.member_id == member.pk or q.answered_at is not None]
    for q in rows:
        # a mark for the page: the asker's own question
        q.mine = q.member_id == member.pk  # type: ignore[attr-defined]
    return False, rows


def waiting_questions(union: Union) -> QuerySet[OpennessQuestion]:
    return OpennessQuestion.objects.filter(union=union, answered_at__isnull=True)


def publications_of(union: Union, year: int) -> QuerySet[OpennessPublication]:
    return (
        OpennessPublication.objects.filter(union=union, year=year)
        .select_related("category")
        .order_by("-published_on", "-id")
    )


def poll_of(union: Union, year: int) -> OpennessPoll | None:
    return (
        OpennessPoll.objects.filter(union=union, year=year)
        .select_related("evaluation__sitting")
        .first()
    )


def open_sittings(union: Union):
    from gonghui.congress.models import Sitting, SittingStatus

    return (
        Sitting.objects.filter(term__union=union)
        .exclude(status=SittingStatus.CLOSED)
        .select_related("term")
        .order_by("-date")
    )


def sittings_of(union: Union):
    from gonghui.congress.models import Sitting

    return Sitting.objects.filter(term__union=union).select_related("term").order_by("-date")


def period_choices(schedule: str) -> list[tuple[int, str]]:
    if schedule == OpennessSchedule.MONTHLY:
        return [(m, f"{m}月") for m in range(1, 13)]
    if schedule == OpennessSchedule.QUARTERLY:
        return [(q, f"第{'一二三四'[q - 1]}季度") for q in range(1, 5)]
    return [(0, "全年")]


def questions_figures(union: Union, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Questions asked in [start, end] (a federation: its subtree's) and how many of them
    are answered — counts only, nobody named."""
    from django.db.models import Count, Q

    rows = OpennessQuestion.objects.filter(
        union__path__startswith=union.path,
        asked_at__date__gte=start,
        asked_at__date__lte=end,
    )
    return rows.aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
