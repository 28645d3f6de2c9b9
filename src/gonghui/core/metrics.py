"""指标: named figures each module computes from its own records, for a union and a period.

A module registers its :class:`Metric` objects with :func:`register` in its
AppConfig.ready(), like ``core.todo`` and ``core.reminders``. Plan targets name a metric by
``key`` and show its live value; the year-end summary prints every metric for the year.
Core knows nothing of what the modules keep.

``compute(union, start, end)`` returns a ``Decimal`` (a count, a percentage 0–100 or an
amount in yuan), or ``None`` when the records cannot answer (no staff count for 入会率, no
budget for 预算执行率); a missing figure is shown as such, never as 0.

Asked through :meth:`Metric.value`, a figure is computed at most once per request (the
:class:`MemoMiddleware` opens a memo for every GET; ``request_memo()`` does so elsewhere),
and, with ``GONGHUI_METRICS_CACHE_SECONDS`` > 0, kept in Django's cache until the next
audited write: the key carries the audit chain's head (``core.models.AuditHead``), which
every service moves in the same transaction as its write, so a figure is never older than
the records it counts (one small read of the head per request). Writes that bypass the
services (a bulk load by hand) are picked up when the entry expires.

Figures that take apart one read (a count and a share of the same rows) get it through
:func:`shared`, so the read is made once per request however many of them a page shows.

**Kept figures.** A federation's figure counts the rows of its whole subtree: seconds for a
county of 10,000 unions. A metric whose figure is a sum over unions (a count, an amount in
fen) or a ratio of two such sums says so with ``kept`` (:class:`Kept`: its :class:`Part`
reads grouped by union, and how the summed integers become the figure); asked for a
federation inside a memo, it is read from the parts ``core.kept_figures`` keeps per union and
period, brought up to date from the audit trail first (docs/architecture.md, "Kept
figures"). A grassroots union's figure, and any figure outside a memo, is computed directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")
Compute = Callable[[object, datetime.date, datetime.date], Decimal | None]
# (start, end, union ids or None for every union) -> {union id: integer part}
PartRead = Callable[[datetime.date, datetime.date, tuple[int, ...] | None], dict[int, int]]
# (start, end, union ids or None) -> {union id: {name: integer}}: one grouped read, several parts
GroupedRead = Callable[[datetime.date, datetime.date, tuple[int, ...] | None], dict[int, dict]]


@dataclass(frozen=True)
class Part:
    """One integer kept per union and period (a count, or money in fen), named by ``key``
    ("care.aid_count"); ``read`` gives it for the unions asked, grouped by the records' own
    union (the column ``members.metrics.in_union`` filters on), so that the parts of the
    unions of a subtree add up to the subtree's figure."""

    key: str
    read: PartRead


@dataclass(frozen=True)
class Kept:
    """How a figure is made of kept parts: ``figure(*sums)`` turns the sums of ``parts`` over
    a subtree, in order, into the figure (one part for a count or an amount; numerator and
    denominator for a rate)."""

    parts: tuple[Part, ...]
    figure: Callable[..., Decimal | None]


def part(key: str, read: GroupedRead, name: str) -> Part:
    """The part ``name`` of a grouped read that gives several (a count and an amount of the
    same rows): the read is made once per memo (:func:`shared`)."""

    def one(start: datetime.date, end: datetime.date, ids: tuple[int, ...] | None) -> dict:
        return {u: row[name] for u, row in shared(read, start, end, ids).items() if row[name]}

    return Part(key, one)


def count(found: Part) -> Kept:
    """A count: the summed part as it is."""
    return Kept((found,), Decimal)


def yuan(found: Part) -> Kept:
    """An amount kept in fen, shown in yuan with two places."""
    return Kept((found,), lambda fen: (Decimal(int(fen)) / 100).quantize(Decimal("0.01")))


def ratio(numerator: Part, denominator: Part, of: Callable[..., Decimal | None]) -> Kept:
    """A rate: ``of(numerator, denominator)`` with the metric's own rounding
    (``members.metrics.percent``, ``care.rules_health.rate``)."""
    return Kept((numerator, denominator), of)


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
    # The per-union parts a federation's figure adds up (None: always computed directly).
    # Not for a figure that depends on today's date (五必访及时率): a part is recomputed only
    # when the audit trail names its union.
    kept: Kept | None = None

    def value(self, union, start: datetime.date, end: datetime.date) -> Decimal | None:
        """The figure, from this request's memo, the kept parts (a federation's) or the
        cache when they hold it."""
        memo = _memo.get()
        if memo is None:
            return self.compute(union, start, end)
        key = (self.key, union.pk, start, end)
        if key not in memo:
            if self.kept is not None and union.is_federation:
                from . import kept_figures

                sums = kept_figures.sums(union, start, end, memo)
                memo[key] = self.kept.figure(*(sums.get(p.key, 0) for p in self.kept.parts))
            else:
                memo[key] = _stored(self, union, start, end, memo)
        return memo[key]


# --- once per request, and kept until the next audited write ----------------------------

_memo: ContextVar[dict | None] = ContextVar("gonghui_metrics_memo", default=None)
_VERSION = "version"  # the memo's entry for the audit head read in this request
_MISSING = object()


@contextmanager
def request_memo() -> Iterator[dict]:
    """Within the block, the same figure (metric, union, period) is computed once."""
    memo: dict = {}
    token = _memo.set(memo)
    try:
        yield memo
    finally:
        _memo.reset(token)


def shared(read: Callable[..., T], *args) -> T:
    """``read(*args)`` once per request memo: the one read several figures take apart (the
    roster's totals for 会员总数 and 女会员占比, the summed proposal counts for the congress
    rates). Outside a memo it reads every time. ``args`` must be hashable (a union, dates)."""
    memo = _memo.get()
    if memo is None:
        return read(*args)
    key = ("shared", read.__module__, read.__qualname__, *args)
    if key not in memo:
        memo[key] = read(*args)
    return memo[key]


class MemoMiddleware:
    """One memo per GET/HEAD request. Other methods write: a figure read before the write
    must not answer after it, so they compute every time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with request_memo():
            return self.get_response(request)


def _stored(metric: Metric, union, start, end, memo: dict) -> Decimal | None:
    from django.conf import settings
    from django.core.cache import cache

    seconds = getattr(settings, "GONGHUI_METRICS_CACHE_SECONDS", 0)
    if not seconds:
        return metric.compute(union, start, end)
    if _VERSION not in memo:
        from .models import AuditHead

        head = AuditHead.objects.values_list("count", "last_hash").first()
        memo[_VERSION] = f"{head[0]}.{head[1][:20]}" if head else "0"
    key = f"gonghui:metric:{memo[_VERSION]}:{metric.key}:{union.pk}:{start:%Y%m%d}:{end:%Y%m%d}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = metric.compute(union, start, end)
        cache.set(key, found, seconds)
    return found


METRICS: dict[str, Metric] = {}


def register(*metrics: Metric) -> None:
    for metric in metrics:
        METRICS[metric.key] = metric


def kept_parts() -> dict[str, Part]:
    """Every part the registered metrics keep, by key (a part two metrics share, such as
    参保人数 in 投保率, once)."""
    return {p.key: p for m in METRICS.values() if m.kept for p in m.kept.parts}


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
