"""指标: named figures each module computes from its own records, for a union and a period.

A module registers its :class:`Metric` objects with :func:`register` in its
AppConfig.ready(), like ``core.todo`` and ``core.reminders``. Plan targets name a metric by
``key`` and show its live value; the year-end summary prints every metric for the year.
Core knows nothing of what the modules keep.

``compute(union, start, end)`` returns a ``Decimal`` (a count, a percentage 0–100 or an
amount in yuan), or ``None`` when the records cannot answer (no staff count for 入会率, no
budget for 预算执行率); a missing figure is shown as such, never as 0.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

Compute = Callable[[object, datetime.date, datetime.date], Decimal | None]


@dataclass(frozen=True)
class Metric:
    key: str  # "members.new": module, dot, name
    label: str  # "新入会人数"
    unit: str  # "人", "%", "元", "次", "件", "人次"
    area: str  # "会员", "经费", "职代会"… (groups the list and the summary)
    compute: Compute
    describe: str  # how it is counted, one Chinese sentence shown beside the figure
    # Words that name this figure in a plan's text ("发展新会员300人" → 新会员); the longest
    # match wins when the importer maps a target.
    aliases: tuple[str, ...] = ()
    # True when the figure accumulates over the period (a count of joins, of visits); a
    # target on it is "on track" when the year's elapsed share of the goal is reached.
    # False for a state or a rate read at the end of the period (会员总数, 收缴率).
    cumulative: bool = False

    def value(self, union, start: datetime.date, end: datetime.date) -> Decimal | None:
        return self.compute(union, start, end)


METRICS: dict[str, Metric] = {}


def register(*metrics: Metric) -> None:
    for metric in metrics:
        METRICS[metric.key] = metric


def get(key: str) -> Metric | None:
    return METRICS.get(key)


def all_metrics() -> list[Metric]:
    """Every metric, in the order the modules registered them."""
    return list(METRICS.values())


def choices() -> list[tuple[str, str]]:
    """(key, "area · label（unit）") pairs for a select."""
    return [(m.key, f"{m.area} · {m.label}（{m.unit}）") for m in METRICS.values()]


def match(text: str) -> Metric | None:
    """The metric whose alias (or label) occurs in ``text``; the longest match wins, so
    "按期办结率" beats "办结". None when nothing fits."""
    best: tuple[int, Metric] | None = None
    for metric in METRICS.values():
        for word in (metric.label, *metric.aliases):
            if word and word in text and (best is None or len(word) > best[0]):
                best = (len(word), metric)
    return best[1] if best else None
