"""The audit trail: every service write leaves one chained entry; tampering is found."""

import ast
import itertools
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction

import gonghui
from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.orgs import services

CJK = re.compile(r"[\u4e00-\u9fff]")


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
    assert audit.describe([entry])[0].shown == [audit.ShownChange("职工人数", "40", "55")]


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
        audit.record(actor=None, action="union.update", obj=world.school, changes={})


def test_record_refuses_an_unregistered_action_naming_it(world):
    before = AuditEntry.objects.count()
    refused = pytest.raises(audit.UnregisteredAction, match=r"'union\.rename'.*register_actions")
    with refused, transaction.atomic():
        audit.record(actor=None, action="union.rename", obj=world.school, changes={})
    assert issubclass(audit.UnregisteredAction, ValueError)
    assert AuditEntry.objects.count() == before


def test_every_registered_action_has_a_chinese_label_and_area():
    assert len(audit.ACTIONS) > 100
    for action, label in audit.ACTIONS.items():
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", action), action
        assert CJK.search(label), (action, label)
        assert not re.search(r"[A-Za-z]", label), (action, label)
        assert CJK.search(audit.AREAS[action]), action
    assert len(set(audit.ACTIONS.values())) == len(audit.ACTIONS), "two actions, one label"


def _recorded_actions() -> dict[str, str]:
    """Every action string the source passes to ``audit.record`` — directly, through a
    helper (``_record(actor, "election.create", …)``, ``_write(action=…)``) or a conditional
    expression — with where it is."""
    found = {}
    for path in Path(gonghui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            args = [kw.value for kw in node.keywords if kw.arg == "action"]
            if "record" in name.lower():
                args += node.args
            for arg in args:
                for const in ast.walk(arg):
                    # An f-string (the ballot core's f"{item}.{step}") is checked when it
                    # runs: record() refuses it in the suite's tests of that step.
                    text = getattr(const, "value", None)
                    if isinstance(text, str) and re.fullmatch(r"[a-z_]+\.[a-z_]+", text):
                        found[text] = f"{path.name}:{const.lineno}"
    return found


def test_every_action_in_the_source_is_registered():
    # The suite exercises most writes; this also covers the ones it does not.
    found = _recorded_actions()
    assert len(found) > 100
    assert {a: where for a, where in found.items() if a not in audit.ACTIONS} == {}


def test_an_action_cannot_be_registered_twice_with_two_labels():
    with pytest.raises(ImproperlyConfigured, match=r"union\.move"):
        audit.register_actions({"union.move": "搬家"})
    assert audit.ACTIONS["union.move"] == "调整隶属关系"
    audit.register_actions({"union.move": "调整隶属关系"})  # the same label again is fine


def test_every_model_field_reads_in_chinese_on_the_audit_pages():
    for model in apps.get_models():
        if not model.__module__.startswith("gonghui."):
            continue
        kind = model._meta.label_lower
        for field in model._meta.concrete_fields:
            if field.primary_key or audit.hidden(kind, field.attname):
                continue
            label = audit.field_label(kind, field.attname)
            assert label and CJK.search(label), f"{kind}.{field.attname}"


def test_the_row_id_of_a_linked_record_is_not_shown():
    # A 落实记录 names its record by label; the other table's row number means nothing.
    assert audit.hidden("plans.itemlink", "object_id")
    assert not audit.hidden("plans.itemlink", "label")
    assert not audit.hidden("orgs.member", "name")


def test_a_change_key_without_a_label_is_flagged_when_recorded(world):
    with pytest.warns(RuntimeWarning, match="orgs.union.mystery"), transaction.atomic():
        audit.record(
            actor=None, action="union.update", obj=world.school, changes={"mystery": [1, 2]}
        )


def _shown(object_type: str, **changes) -> dict[str, tuple]:
    entry = AuditEntry(object_type=object_type, changes=changes)
    return {c.label: (c.before, c.after) for c in audit.describe([entry])[0].shown}


def test_values_read_as_people_write_them(world):
    member = _shown(
        "orgs.member",
        is_frontline=[False, True],
        sex=[None, "F"],
        group_id=[None, world.chinese.pk],
        name_pinyin=["", "wulaoshi"],
        id_tail=["", "2468"],
        id_number=["", "110101********2468"],
        department=["", "教务处"],
    )
    assert member["一线职工"] == ("否", "是")
    assert member["性别"] == (None, "女")
    assert member["工会小组"] == (None, "语文组")
    # Recorded under the older, wider mask; read under today's (core.masks).
    assert member["证件号码"] == (None, "110101***********8")
    assert member["部门"] == (None, "教务处")
    assert "姓名全拼" not in member and "证件号后四位" not in member
    assert _shown("finance.payrollmonth", amount=["480000", "500000.5"]) == {
        "全部职工工资总额": ("480,000.00 元", "500,000.50 元")
    }
    rates = _shown("finance.financesettings", dues_rate=["0.0050", "0.0100"])
    assert rates == {"会费比例": ("0.5%", "1%")}
    items = _shown("finance.financesettings", dues_items=[None, ["basic", "post"]])
    assert items == {"计入会费基数的工资项目": (None, "基本工资、岗位（薪级）工资")}
    archived = _shown("orgs.uniongroup", archived_at=[None, "2026-12-01T01:30:00.000000+00:00"])
    assert archived == {"归档时间": (None, "2026-12-01 09:30")}  # Asia/Shanghai
    imported = _shown("orgs.union", filename=[None, "2026年工资表.xlsx"], rejected=[None, 0])
    assert imported == {"文件名": (None, "2026年工资表.xlsx"), "有误未导入条数": (None, "0")}
    many = _shown("congress.election", candidates=[None, [f"候选人{i}" for i in range(25)]])
    assert many["候选人"][1].endswith("候选人19……等 25 项")
    assert _shown("plans.target", value=["10.00", "12.00"]) == {"目标值": ("10.00", "12.00")}


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
def test_an_audited_write_never_waits_for_a_locked_union_or_user_row(transactional_db, world):
    """One transaction locks the school's row and the chair's account (as a voucher number
    or a member's record locked with its union does) and writes its entry only later;
    meanwhile another audited write of the school by the chair goes through. Before, the
    other write held the audit head while its entry's foreign keys waited for those rows,
    whose holder then waited for the head: PostgreSQL's deadlock error for one of them."""
    import threading

    from django.contrib.auth import get_user_model
    from django.db import connections

    from gonghui.orgs.models import Union

    locked, written = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def holder():
        try:
            with transaction.atomic():
                Union.objects.select_for_update().get(pk=world.school.pk)
                get_user_model().objects.select_for_update().get(pk=world.chair.pk)
                locked.set()
                outcome["other wrote meanwhile"] = written.wait(timeout=20)
                services.union_update(actor=world.chair, union=world.school, staff_count=61)
        except Exception as exc:  # kept for the assertion
            outcome["holder"] = exc
        finally:
            connections.close_all()

    def writer():
        try:
            assert locked.wait(timeout=20)
            with transaction.atomic():
                audit.record(
                    actor=world.chair,
                    action="union.update",
                    obj=world.school,
                    before=audit.snapshot(world.school),
                )
            written.set()
        except Exception as exc:  # kept for the assertion
            outcome["writer"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcome == {"other wrote meanwhile": True}
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
