"""The roster import's write (花名册导入): the rows ``importing`` checked, their history and
one audit entry, in one transaction — never a half-written import.

Kept apart from ``services`` (every other write to the roster) because it writes in bulk:
plain SQL rather than one ``member_create`` per row, which for 200,000 rows would take
minutes. It writes what those services write, row for row: the member, the 入会 step of a
new member, the 调整小组 step of a moved one, the 入会 date corrected with the record's.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.orgs.models import Member, MemberStatus, Union, UnionGroup

from .importing import BATCH, FIELDS, POS, SEARCH_FIELDS, ImportResult, check_roster, chunks
from .models import EventKind, ImportRun, MemberEvent


def roster_import(
    *,
    actor,
    union: Union,
    file,
    filename: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Import a roster file (bytes, a path or an open file) into ``union``: members matched
    by ID number are updated, the others created, new groups made. All or nothing unless
    ``skip_invalid``; ``dry_run`` checks and reports without writing. Raises
    ``ValidationError`` for a file that cannot be used at all; every row-level problem is
    in ``result.rejected``.

    Not ``@transaction.atomic`` as a whole: a dry run writes nothing and takes no write
    lock (SQLite's IMMEDIATE transactions would hold it for the whole check of a large
    file); the real import checks and writes inside one transaction."""
    scoping.require(actor, "member.change", union=union)
    if union.is_federation:
        raise ValidationError("会员只能导入到基层工会，上级工会没有会员名册。")
    if union.archived_at is not None:
        raise ValidationError(f"「{union}」已归档，不能导入会员。")
    today = today or timezone.localdate()
    if dry_run:
        return check_roster(file, union=union, today=today).result
    try:
        with transaction.atomic():
            checked = check_roster(file, union=union, today=today)
            result = checked.result
            if result.rejected and not skip_invalid:
                return result
            _write(actor=actor, union=union, filename=filename, checked=checked, today=today,
                   skip_invalid=skip_invalid)  # fmt: skip
    except IntegrityError:
        # Another writer took an ID or card number between our check and our write.
        raise ValidationError(
            "导入时有证件号码或会员证号刚被其他操作占用，本次未写入任何数据，请重新导入。"
        ) from None
    return result


def _write(*, actor, union, filename, checked, today, skip_invalid) -> None:
    result, pending = checked.result, checked.pending
    run = ImportRun.objects.create(
        union=union,
        filename=filename[:200],
        sha256=result.sha256,
        uploaded_by=scoping.person(actor),
        applied_at=timezone.now(),
        skip_invalid=skip_invalid,
        result=result.summary(),
    )
    # The new members' ids will follow the largest one now (both engines hand out ids in
    # increasing order; SQLite's IMMEDIATE transaction holds every other writer off).
    last_id = Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with _sqlite_cache():
        group_ids = _write_members(result, pending, union=union)
        _write_history(pending, run=run, union=union, actor=actor, today=today,
                       groups=group_ids, after=last_id)  # fmt: skip
    audit.record(
        actor=actor,
        action="member.import",
        obj=run,
        changes={
            "filename": [None, run.filename],
            "sha256": [None, result.sha256],
            "created": [None, result.created],
            "updated": [None, result.updated],
            "unchanged": [None, result.unchanged],
            "rejected": [None, len(result.rejected)],
            "groups_created": [None, result.groups_created],
        },
    )
    result.run = run
    result.written = True


def _write_members(result: ImportResult, pending: list, *, union: Union) -> dict[str, int]:
    """Insert the new rows and update the changed ones; returns the new groups' ids by name.

    Plain SQL through the connection's cursor rather than ``bulk_create`` /
    ``bulk_update``: for 100,000 rows the ORM spends most of its time building model
    instances and (on SQLite, at 999 parameters a statement) thousands of multi-row
    statements, and ``bulk_update`` writes a CASE expression per field. On SQLite one
    prepared statement run once per row (``executemany``) is the fastest path. On
    PostgreSQL ``executemany`` still pays a round of statement execution per row, so rows
    go in with ``COPY`` (its bulk-load protocol, several times faster) and changed rows
    are copied into a scratch table and applied with one ``UPDATE … FROM``.
    """
    # New groups in one INSERT. A roster can name thousands of groups (one per department),
    # and group_create's per-group validation and audit entry would cost seconds; the
    # names were checked in the pass over the rows (length, not a live group of this
    # union), and the import's one audit entry lists them.
    created = UnionGroup.objects.bulk_create(
        [UnionGroup(union=union, name=name) for name in result.groups_created],
        batch_size=BATCH,
    )
    group_ids = {group.name: group.pk for group in created}
    qn = connection.ops.quote_name
    table = qn(Member._meta.db_table)
    column = _columns(Member)
    quoted = [column[f] for f in (*FIELDS, *SEARCH_FIELDS)]
    insert = (
        f"INSERT INTO {table} ({', '.join(quoted)}, {qn('union_id')}, {qn('status')}) "
        f"VALUES ({', '.join(['%s'] * (len(quoted) + 2))})"
    )
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in quoted)} WHERE {qn('id')} = %s"
    tail = (union.pk, MemberStatus.ACTIVE.value)

    def resolved(values: tuple, keys: tuple) -> tuple:
        if isinstance(values[0], str):
            values = (group_ids[values[0]], *values[1:])
        return values + keys

    with connection.cursor() as cursor:
        new = [(values, keys) for _, pk, values, keys, _ in pending if pk is None]
        if connection.vendor == "postgresql" and new:
            names = ", ".join([*quoted, qn("union_id"), qn("status")])
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for v, k in new:
                    copy.write_row(resolved(v, k) + tail)
        else:
            for chunk in chunks(new, BATCH):
                cursor.executemany(insert, [resolved(v, k) + tail for v, k in chunk])
        changed = [(pk, values, keys) for _, pk, values, keys, _ in pending if pk is not None]
        if connection.vendor == "postgresql" and changed:
            # COPY the new values into a scratch table, then one UPDATE … FROM joins it.
            scratch = qn("member_import_changes")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "
                f"SELECT {qn('id')}, {', '.join(quoted)} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(
                f"COPY {scratch} ({qn('id')}, {', '.join(quoted)}) FROM STDIN"
            ) as copy:
                for pk, v, k in changed:
                    copy.write_row((pk, *resolved(v, k)))
            cursor.execute(
                f"UPDATE {table} AS m SET {', '.join(f'{c} = c.{c}' for c in quoted)} "
                f"FROM {scratch} AS c WHERE m.{qn('id')} = c.{qn('id')}"
            )
            cursor.execute(f"DROP TABLE {scratch}")
        else:
            for chunk in chunks(changed, BATCH):
                cursor.executemany(update, [(*resolved(v, k), pk) for pk, v, k in chunk])
    return group_ids


def _write_history(
    pending: list, *, run, union, actor, today, groups: dict[str, int], after: int
) -> None:
    """The steps ``member_create`` and ``member_update`` write, for every row at once:
    入会 for each new member (on its join date, else today), 调整小组 for each member the
    file moves to another group, and the 入会 date corrected where the file changes the
    join date. Each new step names the import (``import_run``)."""
    recorded_by = scoping.person(actor)
    now = timezone.now()
    # 入会: one INSERT … SELECT over the members this import inserted, those of the union
    # with an id above ``after`` (on PostgreSQL a member another writer created meanwhile
    # may be among them, but it has its 入会 step already, written with it).
    if any(pk is None for _, pk, _, _, _ in pending):
        _insert_joins(run=run, union=union, recorded_by=recorded_by, now=now, today=today,
                      after=after)  # fmt: skip
    i_group, i_joined = POS["group_id"], POS["joined_on"]
    names = dict(UnionGroup.objects.filter(union=union).values_list("pk", "name"))
    moves, join_dates = [], []
    for _, pk, values, _, before in pending:
        if pk is None:
            continue
        group = values[i_group]
        group = groups[group] if isinstance(group, str) else group
        if group != before[i_group]:
            moves.append(
                MemberEvent(
                    member_id=pk,
                    kind=EventKind.GROUP,
                    on=today,
                    union=union,
                    reason=f"调入「{names[group]}」" if group else "移出小组",
                    recorded_by=recorded_by,
                    recorded_at=now,
                    import_run=run,
                )
            )
        joined = values[i_joined]
        if joined and joined != before[i_joined]:
            join_dates.append((joined, pk))
    MemberEvent.objects.bulk_create(moves, batch_size=500)
    if join_dates:
        qn = connection.ops.quote_name
        date = connection.ops.adapt_datefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {qn(MemberEvent._meta.db_table)} SET {qn('on')} = %s "
                f"WHERE {qn('member_id')} = %s AND {qn('kind')} = %s",
                [(date(joined), pk, EventKind.JOIN.value) for joined, pk in join_dates],
            )


def _insert_joins(*, run, union, recorded_by, now, today, after: int) -> None:
    qn = connection.ops.quote_name
    event, member = qn(MemberEvent._meta.db_table), qn(Member._meta.db_table)
    column = _columns(MemberEvent)
    columns = ", ".join(
        column[f]
        for f in ("member", "kind", "on", "union", "other_name", "reason", "letter_number",
                  "recorded_by", "recorded_at", "import_run")
    )  # fmt: skip
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {event} ({columns}) "
            f"SELECT m.{qn('id')}, %s, COALESCE(m.{qn('joined_on')}, %s), m.{qn('union_id')},"
            # A typed NULL for the system's import (PostgreSQL types the select list
            # before it sees the column it goes into).
            f" '', '', '', CAST(%s AS BIGINT), %s, %s FROM {member} m "
            f"WHERE m.{qn('union_id')} = %s AND m.{qn('id')} > %s AND NOT EXISTS ("
            f"SELECT 1 FROM {event} e WHERE e.{column['member']} = m.{qn('id')}"
            f" AND e.{column['kind']} = %s)",
            [
                EventKind.JOIN.value,
                ops.adapt_datefield_value(today),
                recorded_by.pk if recorded_by is not None else None,
                ops.adapt_datetimefield_value(now),
                run.pk,
                union.pk,
                after,
                EventKind.JOIN.value,
            ],
        )


def _columns(model) -> dict[str, str]:
    """Each concrete field's quoted column, by field name and by attname (``group_id``)."""
    qn = connection.ops.quote_name
    columns: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        columns[f.name] = columns[f.attname] = qn(str(f.column))
    return columns


@contextmanager
def _sqlite_cache(kib: int = 65536):
    """SQLite's default page cache is 2 MB. Inserting 100,000 rows updates nine indexes in
    random key order (pinyin, initials, ID number, …), and with the small cache every
    insert rereads index pages: a 64 MB cache for the import nearly halves the write time.
    The setting belongs to the connection and is put back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
