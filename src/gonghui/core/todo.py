"""待办: what waits for the signed-in user, shown at the top of the 工作台.

A module registers a function with :func:`register` in its AppConfig.ready(); each takes
the user and the current union and returns :class:`Todo` items. Core knows nothing of
what the modules keep; it only lists what they report.

**Counts asked together.** Every module adds a source, and each source's own query would
push the 工作台 past its 15 (tests/core/test_dashboard_cost.py). So a source whose lines
are counts of rows returns a :class:`Counted` instead: the querysets to count, and how to
make its lines from the numbers. :func:`items` counts every source's querysets in one query
(scalar subqueries), then asks each for its lines. A source that needs more (a setting
read first, a UNION ALL) returns its Todo items itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import F, Func, QuerySet, Subquery


@dataclass(frozen=True)
class Todo:
    text: str  # e.g. "待审批的凭证"
    count: int
    url: str
    capped: bool = False  # the module counted only so far: show "10+"


@dataclass(frozen=True)
class Counted:
    """Rows to count (name → queryset) and the lines to show for the counts."""

    querysets: Mapping[str, QuerySet]
    lines: Callable[[dict[str, int]], list[Todo]]


SOURCES: list[Callable] = []


def register(source: Callable) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def _count(queryset: QuerySet) -> Subquery:
    """``SELECT COUNT(id) FROM … WHERE …`` as a scalar subquery (no grouping, one row)."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Subquery(counted[:1])


def resolve(union, found: list) -> list[Todo]:
    """``found`` as Todo items: the Counted ones counted together, in one query."""
    counted = [c for c in found if isinstance(c, Counted)]
    numbers: dict = {}
    if counted:
        from gonghui.orgs.models import Union  # the one row the counts are selected beside

        expressions = {
            f"c{i}_{key}": _count(qs)
            for i, c in enumerate(counted)
            for key, qs in c.querysets.items()
        }
        numbers = Union.objects.filter(pk=union.pk).values(**expressions).get()
    index = {id(c): i for i, c in enumerate(counted)}
    out: list[Todo] = []
    for item in found:
        if isinstance(item, Counted):
            i = index[id(item)]
            out += item.lines({k: numbers[f"c{i}_{k}"] or 0 for k in item.querysets})
        else:
            out.append(item)
    return out


def items(user, union) -> list[Todo]:
    if union is None:
        return []
    found = [todo for source in SOURCES for todo in source(user, union)]
    return [todo for todo in resolve(union, found) if todo.count]
