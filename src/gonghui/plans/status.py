"""An item's status as the records tell it: never a stored guess.

:func:`of` reads, for one item on one day, its linked records (``ItemLink``, each dated),
its recurrence (``plans.recurrence``) and the live figures of its targets
(``plans.targets.evaluate``), and says where it stands. The rules, in order:

1. **Set by hand.** The chair can still set 未开始 / 进行中 / 已完成 / 已取消 by hand, with a
   reason (``services.item_set_status``); that status wins and the pages say it was set by
   hand. ``services.item_set_status(status="")`` gives the item back to the records.
2. **Targets.** When every target that names a metric meets its goal, the item is 已达成.
   After 31 December a target still short makes it 未达成. A target with a figure short of
   its goal (99.37% of a 100% dues rate) makes the item at least 进行中.
3. **Recurring items** (每月, 每季度…) count their occurrences so far against the windows
   with a record: the occurrence on day *d* owns the records dated from *d* to the day
   before the next occurrence (the first also owns the records before it, from the start of
   the year). "4 次中已落实 3 次" is 进行中; every occurrence of the year with a record is
   已完成; none with a record once an occurrence's window has closed is 未落实; some but not
   all once the year is over is 部分落实.
4. **One-off items.** A record dated in the plan year up to the day asked makes the item
   进行中, and 已完成 once its deadline (or last month) has passed — unless a target is still
   short (rule 2). Without a record, an item
   whose deadline or last month has passed is 逾期 — never 未开始.

A record dated after the day asked is not counted, so a summary written for a past day says
what the records said then.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from dataclasses import dataclass

from . import recurrence
from . import targets as t
from .models import Item, ItemStatus

LABELS = {
    "planned": "未开始",
    "doing": "进行中",
    "done": "已完成",
    "met": "已达成",
    "overdue": "逾期",
    "unrecorded": "未落实",
    "partial": "部分落实",
    "missed": "未达成",
    "dropped": "已取消",
}
# Bootstrap badge of each key (the pages' one colour table).
BADGES = {
    "planned": "text-bg-light border",
    "doing": "text-bg-primary",
    "done": "text-bg-success",
    "met": "text-bg-success",
    "overdue": "text-bg-danger",
    "unrecorded": "text-bg-warning",
    "partial": "text-bg-warning",
    "missed": "text-bg-warning",
    "dropped": "text-bg-secondary",
}
FINISHED = ("done", "met")
SHORT = ("overdue", "unrecorded", "partial", "missed")


@dataclass(frozen=True)
class Status:
    key: str  # a key of LABELS
    detail: str = ""  # "4 次中已落实 3 次", "会费收缴率 99.37%，目标 ≥ 100%"
    by_hand: bool = False
    reason: str = ""  # the chair's words when set by hand
    records: int = 0  # linked records counted (dated up to the day asked)
    occurrences: int | None = None  # of a recurring item: occurrences so far
    covered: int | None = None  # of those, with a record

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def badge(self) -> str:
        return BADGES[self.key]

    @property
    def finished(self) -> bool:
        return self.key in FINISHED

    @property
    def short(self) -> bool:
        """Something the records say was not done (for 存在的不足)."""
        return self.key in SHORT

    def __str__(self) -> str:
        return f"{self.label}（{self.detail}）" if self.detail else self.label


def link_dates(item: Item) -> list[datetime.date]:
    """The dates of the item's linked records: from ``linked_days`` when the query annotated
    it (``queries.with_link_days``), else from its (prefetched) links."""
    joined = getattr(item, "linked_days", False)
    if joined is not False:
        return sorted(datetime.date.fromisoformat(d[:10]) for d in (joined or "").split(",") if d)
    return sorted(link.linked_on for link in item.links.all())


def end_of(item: Item, year: int) -> datetime.date | None:
    """The item's deadline, else the last day of its last month; None for a recurring item
    or one that runs all year."""
    if item.due:
        return item.due
    if item.months and not item.rrule:
        last = max(int(m) for m in item.months)
        return datetime.date(year, last, calendar.monthrange(year, last)[1])
    return None


def coverage(
    rule: str, months, year: int, dates: list[datetime.date], upto: datetime.date
) -> tuple[int, int, int, bool]:
    """(occurrences so far, of those with a record, occurrences in the whole year, whether a
    window closed without a record) for a recurring item; see rule 3 above."""
    days = recurrence.occurrences(rule, year=year, months=months)
    so_far = [d for d in days if d <= upto]
    covered, gap = 0, False
    for i, day in enumerate(so_far):
        start = datetime.date(year, 1, 1) if i == 0 else day
        after = days[i + 1] if i + 1 < len(days) else datetime.date(year + 1, 1, 1)
        lo, hi = bisect.bisect_left(dates, start), bisect.bisect_left(dates, after)
        if hi > lo:
            covered += 1
        elif after <= upto:
            gap = True
    return len(so_far), covered, len(days), gap


def _figures(progress: list[t.Progress]) -> str:
    """ "会费收缴率 99.37%，目标 ≥ 100%" for each target with a figure."""
    from .documents import OP_SIGNS, format_figure, plain_number

    return "；".join(
        f"{p.metric.label} {format_figure(p.actual, p.metric.unit)}，"
        f"目标 {OP_SIGNS.get(p.target.op, p.target.op)} "
        f"{plain_number(p.target.value)}{p.target.unit or p.metric.unit}"
        for p in progress
        if p.metric is not None and p.actual is not None
    )


def _by_hand(item: Item, dates: list[datetime.date]) -> Status:
    key = item.status
    reason = item.status_reason.strip() or (item.notes.strip() if key == "dropped" else "")
    detail = ""
    if key == ItemStatus.DONE and item.done_on:
        detail = f"{item.done_on.month}月{item.done_on.day}日完成"
    return Status(key, detail, by_hand=True, reason=reason, records=len(dates))


def of(item: Item, today: datetime.date, *, progress: list[t.Progress] | None = None) -> Status:
    """Where ``item`` stands on ``today`` by its records (see the module's rules).
    ``progress`` is its targets' evaluation when the caller already has it."""
    year = item.plan.year
    start, upto, over = t.period(year, today)
    dates = [d for d in link_dates(item) if start <= d <= upto]
    if item.status_by_hand:
        return _by_hand(item, dates)
    if progress is None:
        progress = [
            t.evaluate(target, union=item.plan.union, year=year, today=today)
            for target in item.targets.all()
        ]
    measured = [p for p in progress if p.metric is not None and p.actual is not None]
    figures = _figures(measured)
    if measured and all(p.state == "met" for p in measured):
        return Status("met", figures, records=len(dates))
    if over and any(p.state == "missed" for p in measured):
        return Status("missed", figures, records=len(dates))
    moving = any(p.actual for p in measured)  # a figure above nothing
    short = bool(measured)  # some target still short of its goal: not done yet
    if item.rrule:
        return _recurring(item, dates, upto, over, figures, moving, short)
    end = end_of(item, year)
    if dates:
        done = not short and (over or (end is not None and end < today))
        return Status("done" if done else "doing", figures, records=len(dates))
    if moving:
        return Status("doing", figures)
    if end is not None and end < today:
        return Status("overdue", figures or f"{_when(end)}已过，没有落实记录")
    return Status("planned", figures)


def _when(end: datetime.date) -> str:
    last_day = calendar.monthrange(end.year, end.month)[1]
    return f"{end.month}月" if end.day == last_day else f"期限{end.month}月{end.day}日"


def _recurring(item, dates, upto, over, figures: str, moving: bool, short: bool) -> Status:
    so_far, covered, total, gap = coverage(item.rrule, item.months, item.plan.year, dates, upto)
    words = f"{so_far} 次中已落实 {covered} 次"
    detail = f"{words}；{figures}" if figures else words
    extra = {"records": len(dates), "occurrences": so_far, "covered": covered}
    if total and covered == total and not short:
        return Status("done", detail, **extra)
    if covered:
        return Status("partial" if over else "doing", detail, **extra)
    if moving:
        return Status("doing", detail, **extra)
    if gap:
        return Status("unrecorded", detail, **extra)
    return Status("planned", detail if so_far else figures, **extra)


def annotate(items, today: datetime.date) -> list[Item]:
    """Give each item its ``state`` for ``today`` (the pages read ``item.state``)."""
    items = list(items)
    for item in items:
        item.__dict__["state"] = of(item, today)
    return items
