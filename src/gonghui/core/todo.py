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

**Built once a day.** Building and compiling the sources' querysets cost the 工作台 far
more than running them (on the demo school: 44 ms to build, 42 ms to compile, 2 ms of SQL).
A source registered with ``daily=True`` promises that what it returns depends only on the
user (their id and grants), the union's own fields and today's date: it reads no row while
building (its counts are SQL, run on every visit) and not the clock's time. Its items are
then built and compiled once per user, grants, union and day in each process
(:func:`_daily`), and every visit runs the compiled counts again, so a count is never older
than the request. A source that reads rows or the time (a vote open now) is built on every
visit. tests/core/test_todo_daily.py checks that every daily source reads no row and not
the time of day.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Func, QuerySet
from django.utils import timezone


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


@dataclass(frozen=True)
class _Compiled:
    """A :class:`Counted` with each count compiled: name → (SQL, parameters)."""

    counts: Mapping[str, tuple[str, tuple]]
    lines: Callable[[dict[str, int]], list[Todo]]


SOURCES: list[Callable] = []
DAILY: set[Callable] = set()


def register(source: Callable, *, daily: bool = False) -> None:
    """Add a source; ``daily`` when its items may be built once a day (module docstring)."""
    if source not in SOURCES:
        SOURCES.append(source)
    if daily:
        DAILY.add(source)


def _count_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """``SELECT COUNT(id) FROM … WHERE …`` (no grouping, so one row) as SQL and parameters."""
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    try:
        sql, params = counted.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # a filter that matches nothing (``kind__in=[]``)
        return "SELECT 0", ()
    return sql, tuple(params)


def _compiled(found: list) -> list:
    return [
        _Compiled({k: _count_sql(qs) for k, qs in c.querysets.items()}, c.lines)
        if isinstance(c, Counted)
        else c
        for c in found
    ]


def _count_together(counts: Mapping[str, tuple[str, tuple]]) -> dict[str, int]:
    """Each compiled count's number, in one query: ``SELECT (SELECT COUNT …), (…)``.

    Each count is compiled on its own, as its own query would be, and the statements are
    joined as scalar subqueries of one SELECT. Asking the ORM for them as ``Subquery``
    annotations gives the same SQL, but it copies and renames every table of every count
    to keep the aliases apart (they cannot clash here: no count refers to another); on the
    工作台 that renaming cost more than compiling and running the query together."""
    if not counts:
        return {}
    sql = "SELECT " + ", ".join(f"({part})" for part, _ in counts.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _, params in counts.values() for p in params])
        row = cursor.fetchone()
    return {key: n or 0 for key, n in zip(counts, row, strict=True)}


def resolve(union, found: list) -> list[Todo]:
    """``found`` (a source's items, as it returned them or compiled) as Todo items: the
    counted ones counted together, in one query."""
    found = _compiled(found)
    compiled = [c for c in found if isinstance(c, _Compiled)]
    numbers = _count_together(
        {f"c{i}_{key}": sql for i, c in enumerate(compiled) for key, sql in c.counts.items()}
    )
    out: list[Todo] = []
    i = 0
    for item in found:
        if isinstance(item, _Compiled):
            out += item.lines({k: numbers[f"c{i}_{k}"] for k in item.counts})
            i += 1
        else:
            out.append(item)
    return out


# --- the daily sources' items, built once per user, grants, union and day -------------------

_BUILT: OrderedDict[tuple, dict[Callable, list]] = OrderedDict()
_BUILT_MAX = 256  # entries (a user in a union on a day); the demo school's is about 25 KB
_LOCK = threading.Lock()


def _key(user, union) -> tuple:
    """Everything a daily source may read: the user, their grants (with their posts'
    duties), every field of the union, today's date and the registry itself."""
    from gonghui.core import scoping

    grants = tuple(
        (g.pk, g.role, g.union_id, g.union.path if g.union_id else None, g.group_id, g.duty_mask)
        for g in scoping.grants(user)
    )
    fields = tuple(getattr(union, f.attname) for f in union._meta.concrete_fields)
    registry = tuple(id(s) for s in SOURCES if s in DAILY)
    return (user.pk, user.is_active, grants, fields, timezone.localdate(), registry)


def _daily(user, union) -> dict[Callable, list]:
    key = _key(user, union)
    with _LOCK:
        built = _BUILT.get(key)
        if built is not None:
            _BUILT.move_to_end(key)
            return built
    built = {s: _compiled(s(user, union)) for s in SOURCES if s in DAILY}
    with _LOCK:
        _BUILT[key] = built
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return built


def forget() -> None:
    """Drop every built item (tests that change a rule's constant in place)."""
    with _LOCK:
        _BUILT.clear()


def items(user, union) -> list[Todo]:
    if union is None:
        return []
    daily = _daily(user, union)
    found = [
        t for source in SOURCES for t in (daily[source] if source in daily else source(user, union))
    ]
    return [todo for todo in resolve(union, found) if todo.count]
