"""How far a target has come: the live figure from ``core.metrics`` against the goal.

One function, :func:`evaluate`, serves the plan page, the dashboard, the reminders and the
year-end summary, so "met", "on track" and "behind" mean the same thing everywhere.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gonghui.core import metrics

from .models import Op, Target

HUNDRED = Decimal(100)

STATE_LABELS = {
    "met": "已达成",
    "on_track": "进度正常",
    "behind": "进度落后",
    "missed": "未达成",
    "unmapped": "未关联指标",
    "unknown": "暂无数据",
}


@dataclass(frozen=True)
class Progress:
    target: Target
    metric: metrics.Metric | None
    actual: Decimal | None
    # What the figure should be by now for a cumulative "≥" target (the goal times the
    # share of the year gone); the goal itself otherwise.
    expected: Decimal
    state: str  # a key of STATE_LABELS
    percent: int  # 0–100, for the progress bar
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def good(self) -> bool:
        return self.state in ("met", "on_track")


def period(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date, bool]:
    """The plan year's first day, the last day counted so far, and whether the year is over."""
    start = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31)
    return start, min(last, max(today, start)), today > last


def year_share(year: int, today: datetime.date) -> Decimal:
    """The share of the plan year gone by ``today`` (0 before it starts, 1 after it ends)."""
    start, end, over = period(year, today)
    if over:
        return Decimal(1)
    if today < start:
        return Decimal(0)
    days = 366 if calendar.isleap(year) else 365
    return Decimal((end - start).days + 1) / Decimal(days)


def compare(op: str, actual: Decimal, goal: Decimal) -> bool:
    return {
        Op.GE: actual >= goal,
        Op.GT: actual > goal,
        Op.LE: actual <= goal,
        Op.LT: actual < goal,
        Op.EQ: actual == goal,
    }[op]


def _percent(op: str, actual: Decimal, goal: Decimal) -> int:
    if op in (Op.GE, Op.GT, Op.EQ):
        if goal <= 0:
            return 100 if actual >= goal else 0
        share = actual / goal * HUNDRED
    else:  # at most: full while under the cap, shrinking as the figure passes it
        share = HUNDRED if actual <= goal else (goal / actual * HUNDRED if actual else HUNDRED)
    return int(max(Decimal(0), min(HUNDRED, share)).quantize(Decimal(1), ROUND_HALF_UP))


def evaluate(target: Target, *, union, year: int, today: datetime.date) -> Progress:
    start, end, over = period(year, today)
    metric = metrics.get(target.metric) if target.metric else None
    goal = target.value
    if metric is None:
        return Progress(target, None, None, goal, "unmapped", 0, start, end)
    actual = metric.value(union, start, end)
    if actual is None:
        return Progress(target, metric, None, goal, "unknown", 0, start, end)
    percent = _percent(target.op, actual, goal)
    if compare(target.op, actual, goal):
        return Progress(target, metric, actual, goal, "met", percent, start, end)
    if over:
        return Progress(target, metric, actual, goal, "missed", percent, start, end)
    expected = goal
    if metric.cumulative and target.op in (Op.GE, Op.GT):
        expected = (goal * year_share(year, today)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        state = "on_track" if actual >= expected else "behind"
    else:
        state = "behind"
    return Progress(target, metric, actual, expected, state, percent, start, end)
