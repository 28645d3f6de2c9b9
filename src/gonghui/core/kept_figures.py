"""Kept figures: per-union parts of the federations' figures, so that a county of 10,000
unions reads its fifteen 帮扶 figures from one small table instead of counting a million rows
on every view (issue 16; bench/README.md, ``care_federation``).

A metric with ``kept`` (``core.metrics.Kept``) is a sum over unions (or a ratio of two), so
its figure for a federation is the sum of the parts of every union whose path starts with the
federation's path — any union, grassroots or federation, may hold records. The parts live in
``KeptFigure`` (part key, union, start, end, integer), one ``KeptFigureMark`` per period
saying which parts it covers and the last audit entry accounted for.

Freshness rests on the audit trail: every service writes its audit entry in the same
transaction as its records, naming the union (and a transfer names both sides in
``changes["union_id"]``). Reading a period (:func:`sums`, once per request memo):

1. quick check, no lock: the mark covers today's parts and the newest audit entry → read;
2. otherwise lock the mark (``SELECT … FOR UPDATE``; SQLite's IMMEDIATE transaction
   serialises), read the entries after it, recompute the parts of the unions they name (all
   of them past :data:`MAX_UNIONS`, or when the mark's keys differ from the registered parts:
   a new metric was deployed), replace those unions' rows, move the mark;
3. one query sums every part over the federation's subtree (joined on the union's path).

Audit ids are handed out while the writer holds the audit head until it commits, so an entry
never appears later below an id already read. Writes that bypass the services (a hand-made
bulk load, ``gonghui generate``, a bench's INSERT … SELECT) leave no entry: ``gonghui
figures`` (and the daily ``gonghui remind``) recomputes every kept period in full.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from . import metrics
from .models import AuditEntry, KeptFigure, KeptFigureMark

# More unions named since the last read than this: recompute every union (a list of
# thousands of ids costs more than the grouped reads over everything).
MAX_UNIONS = 500
_FRESH = "kept-fresh"


def sums(union, start: datetime.date, end: datetime.date, memo: dict) -> dict[str, int]:
    """Every kept part summed over ``union``'s subtree for the period, once per memo (the
    period brought up to date first, once per memo)."""
    key = ("kept", union.pk, start, end)
    if key not in memo:
        if (_FRESH, start, end) not in memo:
            refresh(start, end)
            memo[_FRESH, start, end] = True
        rows = (
            KeptFigure.objects.filter(start=start, end=end, union__path__startswith=union.path)
            .values("metric")
            .annotate(total=Sum("value"))
            .order_by()
        )
        memo[key] = {row["metric"]: row["total"] for row in rows}
    return memo[key]


def _last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def refresh(start: datetime.date, end: datetime.date, *, full: bool = False) -> int | None:
    """Bring the period's parts up to date: the unions named by the audit trail since its
    mark (every union when ``full``, when there is no mark or its parts changed). Returns
    how many unions were recomputed (None: all), 0 when nothing was to do."""
    parts = metrics.kept_parts()
    keys = sorted(parts)
    if not full:
        mark = KeptFigureMark.objects.filter(start=start, end=end).first()
        if mark is not None and mark.keys == keys and mark.audit_id >= _last_audit_id():
            return 0
    with transaction.atomic():
        KeptFigureMark.objects.bulk_create(
            [KeptFigureMark(start=start, end=end, keys=[], audit_id=0)], ignore_conflicts=True
        )
        mark = KeptFigureMark.objects.select_for_update().get(start=start, end=end)
        if full or mark.keys != keys:
            last = _last_audit_id()  # before reading the rows: a later write names its union
            _recompute(parts, start, end, None)
            mark.keys, mark.audit_id, mark.refreshed_at = keys, last, timezone.now()
            mark.save()
            return None
        named = list(
            AuditEntry.objects.filter(id__gt=mark.audit_id)
            .order_by("id")
            .values_list("id", "union_id", "changes__union_id")
        )
        if not named:
            return 0
        ids = _unions(named)
        done = len(ids)
        if ids:
            _recompute(parts, start, end, None if done > MAX_UNIONS else ids)
        mark.audit_id = named[-1][0]
        mark.save(update_fields=["audit_id"])
        return None if done > MAX_UNIONS else done


def _unions(named: Iterable[tuple]) -> set[int]:
    """The unions the entries name: each entry's own, and both sides of a union change (a
    member transferred is filed under the union they left; the one they joined must be
    recomputed too)."""
    ids: set[int] = set()
    for _id, union_id, moved in named:
        ids.add(union_id)
        if isinstance(moved, list):
            ids.update(u for u in moved if isinstance(u, int))
    ids.discard(None)  # type: ignore[arg-type]
    return ids


def _recompute(parts: dict[str, metrics.Part], start, end, ids: set[int] | None) -> None:
    """Replace the period's rows of ``ids`` (None: every union) by freshly read parts; a
    part now 0 leaves no row."""
    asked = tuple(sorted(ids)) if ids is not None else None
    day = connection.ops.adapt_datefield_value
    rows = []
    with metrics.request_memo():  # one grouped read for the parts that share it
        for part in parts.values():
            for union_id, value in part.read(start, end, asked).items():
                if value:
                    rows.append((part.key, union_id, day(start), day(end), int(value)))
    old = KeptFigure.objects.filter(start=start, end=end)
    if asked is not None:
        old = old.filter(union_id__in=asked)
    old.delete()
    # plain rows, not model instances: bulk_create spent 3.1 s on the county's 105,000
    # (bench/README.md, care_federation)
    q = connection.ops.quote_name
    table = q(KeptFigure._meta.db_table)
    columns = ", ".join(q(c) for c in ("metric", "union_id", "start", "end", "value"))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)", rows)


def refresh_all(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The daily run: every kept period recomputed in full (writes that bypassed the audit
    trail are counted from then on). A year-to-date that ended yesterday (``plans.targets
    .period`` of the running year) moves on to today, its old period dropped: nobody asks
    for yesterday's year-to-date again. Returns the periods refreshed."""
    yesterday = today - datetime.timedelta(days=1)
    done = []
    for start, end in list(KeptFigureMark.objects.values_list("start", "end").order_by("start")):
        if end == yesterday and start == datetime.date(today.year, 1, 1):
            with transaction.atomic():
                KeptFigure.objects.filter(start=start, end=end).delete()
                KeptFigureMark.objects.filter(start=start, end=end).delete()
            end = today
        if (start, end) not in done:
            refresh(start, end, full=True)
            done.append((start, end))
    return done
