"""Reads of plans for the person asking: the plan of a year, its calendar (items by month,
recurring ones expanded, deadlines with holidays flagged), what is due this month or
overdue, target progress, and completion by month for the dashboard chart."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Aggregate, CharField
from django.http import Http404
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.dates import is_workday
from gonghui.core.queries import get_scoped, get_union
from gonghui.orgs.models import Union

from . import recurrence, status, targets
from .models import Item, ItemLink, ItemStatus, Plan, Section, Target

OPEN = (ItemStatus.PLANNED, ItemStatus.DOING)
WEEKDAY_CN = "一二三四五六日"


# Plans belong to grassroots unions: get_union(..., grassroots=GRASSROOTS).
GRASSROOTS = "年度工作计划由基层工会制定；请进入下属基层工会查看。"


def plan_for(union: Union, year: int) -> Plan | None:
    return Plan.objects.filter(union=union, year=year).select_related("union").first()


def get_plan(user, code: str, year: int, perm: str = "plan.view") -> Plan:
    """The plan of ``year`` of the union with ``code`` (a year is not an object of its own:
    the union decides who may see it)."""
    union = get_union(user, code, perm, grassroots=GRASSROOTS)
    plan = plan_for(union, year)
    if plan is None:
        raise Http404(f"{union.name}还没有 {year} 年度的工作计划。")
    return plan


def get_plan_item(user, pk: int, perm: str = "plan.view") -> Item:
    return get_scoped(
        Item.objects.select_related("plan__union", "section", "owner"),
        user,
        perm,
        union="plan.union",
        missing="没有这个计划事项。",
        pk=pk,
    )


def get_section(user, pk: int, perm: str = "plan.change") -> Section:
    return get_scoped(
        Section.objects.select_related("plan__union"),
        user,
        perm,
        union="plan.union",
        missing="没有这一部分。",
        pk=pk,
    )


def get_target(user, pk: int, perm: str = "plan.change") -> Target:
    return get_scoped(
        Target.objects.select_related("item__plan__union"),
        user,
        perm,
        union="item.plan.union",
        missing="没有这个目标。",
        pk=pk,
    )


def get_link(user, pk: int, perm: str = "plan.change") -> ItemLink:
    return get_scoped(
        ItemLink.objects.select_related("item__plan__union"),
        user,
        perm,
        union="item.plan.union",
        missing="没有这条落实记录。",
        pk=pk,
    )


class _Days(Aggregate):
    """The dates of the rows, comma-joined in one column ("2026-03-25,2026-06-25"):
    GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL. It brings an item's linked records'
    dates with the item itself, so the 工作台 keeps its query count."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra,
        )


def with_link_days(qs):
    """Items with ``linked_days`` (their links' dates, read by ``plans.status.link_dates``)."""
    return qs.annotate(linked_days=_Days("links__linked_on"))


def summary_perm(union: Union) -> str:
    """What editing a union's year-end summary needs: ``plan.change`` in a grassroots union;
    a federation keeps no plan, and its own staff (``org.change`` on it) write its summary."""
    return "org.change" if union.is_federation else "plan.change"


def summary_years(union: Union, today: datetime.date) -> list[int]:
    """The years offered for a summary, newest first: this year and the plan years (a
    federation, which keeps no plan: this year and the two before)."""
    if union.is_federation:
        return [today.year - n for n in range(3)]
    return sorted({today.year, *years(union)}, reverse=True)


def years(union: Union) -> list[int]:
    return list(Plan.objects.filter(union=union).order_by("-year").values_list("year", flat=True))


def items(plan: Plan):
    """The plan's items in order, with section, owner, targets and links loaded."""
    return (
        plan.items.select_related("section", "owner")
        .prefetch_related("targets", "links")
        .order_by("order", "id")
    )


@dataclass
class SectionBlock:
    section: Section | None
    items: list[Item] = field(default_factory=list)


def outline(plan: Plan) -> list[SectionBlock]:
    """Sections in order with their items; items without a section come first, as typed."""
    blocks: dict[int | None, SectionBlock] = {None: SectionBlock(None)}
    for section in plan.sections.order_by("order", "id"):
        blocks[section.pk] = SectionBlock(section)
    for item in items(plan):
        blocks[item.section_id].items.append(item)
    return [b for b in blocks.values() if b.section is not None or b.items]


# --- months and the calendar ------------------------------------------------------------


def item_months(item: Item) -> set[int]:
    """The months of the plan's year the item falls in: its own months, its deadline's month
    and the months its recurrence touches. Empty for an item that spans the whole year."""
    found = set(item.months or [])
    if item.due:
        found.add(item.due.month)
    if item.rrule:
        found.update(
            d.month
            for d in recurrence.occurrences(item.rrule, year=item.plan.year, months=item.months)
        )
    return found


@dataclass
class Entry:
    item: Item
    kind: str  # "due" (deadline), "repeat" (an occurrence), "month" (somewhere in the month)
    day: datetime.date | None = None

    @property
    def holiday(self) -> bool:
        """A deadline on a day that is not a working day."""
        return self.kind == "due" and self.day is not None and not is_workday(self.day)


@dataclass
class Day:
    day: datetime.date
    in_month: bool
    workday: bool
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    undated: list[Entry]  # the month's items that have no day of their own
    entries: list[Entry]  # every entry of the month, for the list view

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def month_entries(plan: Plan, month: int, plan_items=None) -> list[Entry]:
    """Every entry of ``month``: deadlines and recurrence dates on their day; the other
    items of the month (by their months) undated. Dropped items are left out."""
    out: list[Entry] = []
    for item in plan_items if plan_items is not None else items(plan):
        if item.status == ItemStatus.DROPPED:
            continue
        dated = False
        if item.due and item.due.month == month:
            out.append(Entry(item, "due", item.due))
            dated = True
        if item.rrule:
            days = [
                d
                for d in recurrence.occurrences(item.rrule, year=plan.year, months=item.months)
                if d.month == month
            ]
            if recurrence.names_a_day(item.rrule):
                out.extend(Entry(item, "repeat", d) for d in days)
            elif days:  # "每月一次": some day of the month, not the 1st
                out.append(Entry(item, "repeat"))
            dated = dated or bool(days)
        if not dated and month in (item.months or []):
            out.append(Entry(item, "month"))
    out.sort(
        key=lambda e: (e.day or datetime.date(plan.year, month, 1), e.kind != "month", e.item.order)
    )
    return out


def month(plan: Plan, month_no: int) -> Month:
    entries = month_entries(plan, month_no)
    by_day: dict[datetime.date, list[Entry]] = {}
    for e in entries:
        if e.day:
            by_day.setdefault(e.day, []).append(e)
    weeks = [
        [
            Day(
                d,
                d.month == month_no,
                is_workday(d),
                by_day.get(d, []) if d.month == month_no else [],
            )
            for d in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(plan.year, month_no)
    ]
    return Month(plan.year, month_no, weeks, [e for e in entries if e.day is None], entries)


def year_list(plan: Plan) -> list[Month]:
    """The year as twelve months of entries (the list view); recurrences are shown once per
    month rather than once per date, to keep a weekly duty from filling the page."""
    plan_items = list(items(plan))
    months = []
    for m in range(1, 13):
        entries, seen = [], set()
        for e in month_entries(plan, m, plan_items):
            if e.kind == "repeat":
                if e.item.pk in seen:
                    continue
                seen.add(e.item.pk)
            entries.append(e)
        months.append(Month(plan.year, m, [], [], entries))
    return months


def whole_year(plan: Plan) -> list[Item]:
    """Items with no month, deadline or recurrence: they run all year."""
    return [
        i
        for i in items(plan)
        if not i.months and not i.due and not i.rrule and i.status != ItemStatus.DROPPED
    ]


# --- the dashboard ----------------------------------------------------------------------


def this_month(plan: Plan, today: datetime.date, plan_items=None) -> list[Entry]:
    """The items of the current month (one entry per item), open ones first."""
    if today.year != plan.year:
        return []
    plan_items = states(plan_items if plan_items is not None else items(plan), today)
    entries, seen = [], set()
    for e in month_entries(plan, today.month, plan_items):
        if e.item.pk not in seen:
            seen.add(e.item.pk)
            entries.append(e)
    entries.sort(
        key=lambda e: (
            e.item.state.finished or e.item.state.key == "dropped",
            e.day or datetime.date.max,
        )
    )
    return entries


def _end(item: Item) -> datetime.date | None:
    """When an item is due: its deadline, else the last day of its last month (a recurring
    duty with no deadline is never late)."""
    return status.end_of(item, item.plan.year)


def states(plan_items, today: datetime.date) -> list[Item]:
    """The items, each with its ``state`` for ``today`` (``plans.status``), unless a page
    already gave it one."""
    return [
        item if "state" in item.__dict__ else status.annotate([item], today)[0]
        for item in plan_items
    ]


def overdue(plan: Plan, today: datetime.date, plan_items=None) -> list[Item]:
    """Items past their deadline (or last month) with nothing to show for it: 逾期 by their
    records, or set by hand to 未开始 / 进行中 and past their end all the same."""
    plan_items = states(plan_items if plan_items is not None else items(plan), today)
    return [
        item
        for item in plan_items
        if item.state.key == "overdue"
        or (
            item.state.by_hand
            and item.status in OPEN
            and (end := _end(item)) is not None
            and end < today
        )
    ]


def days_late(item: Item, today: datetime.date) -> int:
    """Days past the item's deadline (or its last month) for an overdue item; 0 for an item
    that has no end (a recurring duty without a deadline is never late)."""
    end = _end(item)
    return 0 if end is None else (today - end).days


def progress(plan: Plan, today: datetime.date) -> list[targets.Progress]:
    """Every target of the plan with its live figure (one metric computation per target)."""
    rows = (
        Target.objects.filter(item__plan=plan).select_related("item").order_by("item__order", "id")
    )
    return [targets.evaluate(t, union=plan.union, year=plan.year, today=today) for t in rows]


@dataclass(frozen=True)
class MonthCompletion:
    month: int
    planned: int  # items falling in the month (not dropped)
    done: int  # of those, done


def completion_by_month(plan: Plan, plan_items=None, today=None) -> list[MonthCompletion]:
    """For each month, the items planned in it (by their months or deadline) and how many of
    them are finished (已完成 or 已达成, ``plans.status``). A recurring duty counts only in the
    months it names: it runs all year and would otherwise sit as "not done" in every month
    until December."""
    today = today or timezone.localdate()
    planned = [0] * 13
    done = [0] * 13
    for item in states(plan_items if plan_items is not None else items(plan), today):
        if item.state.key == "dropped":
            continue
        for m in set(item.months or []) | ({item.due.month} if item.due else set()):
            planned[m] += 1
            done[m] += item.state.finished
    return [MonthCompletion(m, planned[m], done[m]) for m in range(1, 13)]


@dataclass(frozen=True)
class Counts:
    total: int
    done: int  # 已完成, 已达成
    doing: int  # 进行中
    planned: int  # 未开始
    dropped: int  # 已取消
    late: int = 0  # 逾期, 未落实, 部分落实, 未达成

    @property
    def done_percent(self) -> int:
        live = self.total - self.dropped
        return round(self.done * 100 / live) if live else 0


def counts_of(plan_items, today: datetime.date | None = None) -> Counts:
    """The items by their status from the records (``plans.status``) on ``today``."""
    by = dict.fromkeys(status.LABELS, 0)
    for item in states(plan_items, today or timezone.localdate()):
        by[item.state.key] += 1
    return Counts(
        total=sum(by.values()),
        done=by["done"] + by["met"],
        doing=by["doing"],
        planned=by["planned"],
        dropped=by["dropped"],
        late=sum(by[k] for k in status.SHORT),
    )


def counts(plan: Plan, today: datetime.date | None = None) -> Counts:
    return counts_of(items(plan), today)


def weekday_cn(day: datetime.date) -> str:
    return "星期" + WEEKDAY_CN[day.weekday()]


@dataclass
class Dashboard:
    plan: Plan
    today: datetime.date
    counts: Counts
    this_month: list[Entry]
    overdue: list[Item]
    progress: list[targets.Progress]
    completion: list[MonthCompletion]

    def chart(self) -> dict:
        """The figures of the completion chart, for json_script."""
        return {
            "months": [f"{c.month}月" for c in self.completion],
            "planned": [c.planned for c in self.completion],
            "done": [c.done for c in self.completion],
        }


def dashboard(plan: Plan, today: datetime.date, plan_items=None) -> Dashboard:
    """This month, overdue items, target progress and the completion chart. Two queries
    (the items, their targets) whatever the plan's size, plus each metric its targets name,
    computed once per request (``core.metrics``)."""
    if plan_items is None:
        plan_items = list(
            with_link_days(plan.items.all()).prefetch_related("targets").order_by("order", "id")
        )
    plan_items = states(plan_items, today)
    # In the order of :func:`progress`: by item order, then target id.
    plan_targets = sorted(
        (t for item in plan_items for t in item.targets.all()),
        key=lambda t: (t.item.order, t.pk),
    )
    return Dashboard(
        plan=plan,
        today=today,
        counts=counts_of(plan_items, today),
        this_month=this_month(plan, today, plan_items),
        overdue=overdue(plan, today, plan_items),
        progress=[
            targets.evaluate(t, union=plan.union, year=plan.year, today=today) for t in plan_targets
        ],
        completion=completion_by_month(plan, plan_items, today),
    )


def dashboard_for(user, union: Union | None, today: datetime.date) -> Dashboard | None:
    """The 工作台 panel: the current union's plan for this year, when the user may see it.
    The plan comes with its items (one query; a second only for a plan without items)."""
    if union is None or union.is_federation or not scoping.has_perm(user, "plan.view", union=union):
        return None
    plan_items = list(
        with_link_days(Item.objects.filter(plan__union=union, plan__year=today.year))
        .select_related("plan")
        .prefetch_related("targets")
        .order_by("order", "id")
    )
    plan = plan_items[0].plan if plan_items else plan_for(union, today.year)
    if plan is None:
        return None
    plan.union = union
    for item in plan_items:
        item.plan = plan
    return dashboard(plan, today, plan_items)


def default_title(union: Union, year: int) -> str:
    """The plan's title when none is given: 「<union>2026年工作计划」."""
    return f"{union.name}{year}年工作计划"


def has_progress(plan: Plan) -> bool:
    """Has any item been started or linked to a record? Then the plan is not replaced by an
    import as a whole."""
    return (
        ItemLink.objects.filter(item__plan=plan).exists()
        or plan.items.exclude(status=ItemStatus.PLANNED).exists()
        or plan.items.filter(status_by_hand=True).exists()
    )
