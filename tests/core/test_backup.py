"""Backup → restore into a fresh database keeps every row and the audit chain."""

import datetime
import io
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from gonghui.core.models import AuditEntry, AuditHead
from gonghui.orgs import services

GONGHUI = str(Path(sys.executable).parent / "gonghui")
APPS = ("core", "orgs", "auth", "axes")


def our_tables() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in APPS and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.count()
    return counts


def gonghui(args, database_url, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DATABASE"))}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=database_url)
    return subprocess.run([GONGHUI, *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the same engine as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"gonghui_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    yield f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_in(database_url: str, tables) -> dict[str, int]:
    if database_url.startswith("sqlite"):
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            db.close()
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_backup_restore_round_trip_into_a_fresh_database(
    transactional_db, world, tmp_path, fresh_database
):
    services.union_update(actor=world.chair, union=world.school, staff_count=41)
    backup_file = tmp_path / "gonghui.backup"
    call_command("backup", str(backup_file))
    assert backup_file.stat().st_size > 0
    assert backup_file.stat().st_mode & 0o777 == 0o600  # whatever the umask
    expected = our_tables()
    head = AuditHead.objects.get(pk=1)

    restored = gonghui(["restore", str(backup_file), "--noinput"], fresh_database, tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "审计链完整" in restored.stdout

    assert counts_in(fresh_database, expected) == expected
    verify = gonghui(["audit", "verify"], fresh_database, tmp_path)
    assert verify.returncode == 0, verify.stderr
    assert f"共 {AuditEntry.objects.count()} 条" in verify.stdout
    last = counts_in(fresh_database, ["core_auditentry"])
    assert last["core_auditentry"] == head.count


def test_restore_replaces_changes_made_after_the_backup(transactional_db, world, tmp_path):
    backup_file = tmp_path / "before.backup"
    call_command("backup", str(backup_file))
    services.group_create(actor=world.chair, union=world.school, name="备份后新建的小组")
    call_command("restore", str(backup_file), "--noinput")
    from gonghui.orgs.models import UnionGroup

    assert not UnionGroup.objects.filter(name="备份后新建的小组").exists()
    call_command("audit", "verify")


def test_restore_refuses_a_file_of_the_wrong_kind(db, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("这不是备份")
    with pytest.raises(CommandError, match="不是"):
        call_command("restore", str(bogus), "--noinput")


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "nope.backup"), "--noinput")


def test_voucher_attachments_travel_with_the_backup(transactional_db, world, tmp_path, settings):
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.finance.attachments import attachment_open
    from gonghui.finance.services.attachments import attachment_add
    from gonghui.finance.services.vouchers import voucher_create

    settings.DATA_DIR = tmp_path / "data"
    voucher = voucher_create(
        actor=world.treasurer,
        union=world.school,
        kind="expense",
        date=datetime.date(2026, 3, 8),
        summary="三八节活动",
        lines=[{"category": "50111", "amount": Decimal("300.00"), "payee": "体育用品店"}],
    )
    receipt = b"%PDF-1.4 receipt for the March 8 games"
    attachment = attachment_add(
        actor=world.treasurer,
        voucher=voucher,
        upload=SimpleUploadedFile("发票.pdf", receipt, content_type="application/pdf"),
    )
    backup_file = tmp_path / "nightly.backup"
    out = io.StringIO()
    call_command("backup", str(backup_file), stdout=out)
    assert "本次新增 1 个" in out.getvalue()
    copies = [p for p in Path(f"{backup_file}.files").rglob("*")]
    assert {p.stat().st_mode & 0o777 for p in copies if p.is_file()} == {0o600}
    assert {p.stat().st_mode & 0o777 for p in copies if p.is_dir()} == {0o700}
    # The disk holding the data folder is replaced: the database comes back from the
    # backup, and the receipt with it.
    shutil.rmtree(settings.DATA_DIR / "attachments")
    out = io.StringIO()
    call_command("restore", str(backup_file), "--noinput", stdout=out)
    assert "补回附件等文件 1 个" in out.getvalue()
    assert attachment_open(attachment) == receipt
    # A second backup into the same place copies nothing new.
    out = io.StringIO()
    call_command("backup", str(backup_file), stdout=out)
    assert "本次新增" not in out.getvalue()
