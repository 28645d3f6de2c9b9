"""The audit trail: every service write leaves one chained entry; tampering is found."""

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.orgs import services


def test_service_write_records_actor_object_and_changed_fields(world):
    before = AuditEntry.objects.count()
    services.union_update(actor=world.chair, union=world.school, staff_count=55)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.actor == world.chair
    assert entry.action == "union.update"
    assert entry.object_type == "orgs.union"
    assert entry.object_id == str(world.school.pk)
    assert entry.union_id == world.school.pk
    # Only what changed, as [before, after].
    assert entry.changes == {"staff_count": [40, 55]}
    assert ("职工人数", 40, 55) in entry.changes_display()


def test_each_entry_links_to_the_previous_one(world):
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[0].prev_hash == audit.GENESIS
    for prev, entry in itertools.pairwise(entries):
        assert entry.prev_hash == prev.hash
    assert audit.verify().ok
    assert audit.verify().count == len(entries)


def test_entries_cannot_be_changed_or_deleted_through_the_orm(world):
    entry = AuditEntry.objects.first()
    entry.object_repr = "forged"
    with pytest.raises(TypeError, match="只能追加"):
        entry.save()
    with pytest.raises(TypeError, match="只能追加"):
        entry.delete()
    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="forged")
    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.all().delete()


def test_record_refuses_to_run_outside_a_transaction(transactional_db, world):
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="x", obj=world.school, changes={})


def test_a_failed_service_leaves_no_entry(world):
    before = AuditEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is nothing is written
        services.union_update(actor=world.chair, union=world.school, credit_code="123")
    assert AuditEntry.objects.count() == before


def test_verify_command_prints_ok_with_the_count(world, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert out.startswith("OK")
    assert str(AuditEntry.objects.count()) in out


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_altering_one_row_by_sql_is_reported_naming_that_entry(world):
    victim = AuditEntry.objects.order_by("id")[5]
    _tamper("UPDATE core_auditentry SET object_repr = %s WHERE id = %s", ["篡改", victim.pk])
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1
    assert f"第 {victim.pk} 号记录" in str(exc.value)
    assert "被改动" in str(exc.value)


def test_changing_a_recorded_value_is_reported(world):
    victim = AuditEntry.objects.filter(action="union.create").order_by("id")[1]
    _tamper(
        "UPDATE core_auditentry SET changes = %s WHERE id = %s",
        ['{"staff_count": [null, 9999]}', victim.pk],
    )
    result = audit.verify()
    assert not result.ok
    assert result.broken.pk == victim.pk


def test_deleting_a_middle_row_breaks_the_link_of_the_next(world):
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _tamper("DELETE FROM core_auditentry WHERE id = %s", [ids[3]])
    result = audit.verify()
    assert not result.ok
    assert result.broken.pk == ids[4]
    assert "链接断开" in result.reason


def test_deleting_the_last_row_is_caught_by_the_head(world):
    last = AuditEntry.objects.order_by("-id").first()
    _tamper("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    result = audit.verify()
    assert not result.ok
    assert "末尾记录被删除" in result.reason


def test_chain_continues_correctly_after_a_rolled_back_write(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.union_update(actor=world.chair, union=world.school, staff_count=77)
        raise RuntimeError("rollback")
    services.union_update(actor=world.chair, union=world.school, staff_count=78)
    assert audit.verify().ok


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers at BEGIN IMMEDIATE; the row lock matters on PostgreSQL",
)
def test_concurrent_writers_never_fork_the_chain(transactional_db, world):
    import threading

    from django.db import connections

    errors = []

    def writer(union, start):
        try:
            for i in range(15):
                services.union_update(actor=None, union=union, staff_count=start + i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=writer, args=(world.school, 100)),
        threading.Thread(target=writer, args=(world.hospital, 200)),
        threading.Thread(target=writer, args=(world.fed, 300)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = audit.verify()
    assert result.ok, result.reason
    assert AuditEntry.objects.filter(action="union.update").count() == 45
