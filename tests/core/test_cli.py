"""The `gonghui` command works from any directory with just DATABASE_URL and SECRET_KEY."""

import io
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gonghui.orgs.models import Union

GONGHUI = str(Path(sys.executable).parent / "gonghui")


def run(args, *, cwd, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DATABASE"))}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), **(env_extra or {}))
    return subprocess.run(
        [GONGHUI, *args], cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env_extra={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "GONGHUI_HTTPS": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_refused_with_a_chinese_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "SECRET"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [GONGHUI, "check"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


@pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""), reason="one fresh SQLite file suffices"
)
def test_migrate_demo_and_verify_from_another_directory(tmp_path, migrated_sqlite):
    """The README's first steps, run by the installed command from another directory. The
    database is a copy of this worker's migrated one (every migration from scratch is what
    made it), so ``migrate`` here is the no-op an upgrade without new migrations is."""
    url = {"DATABASE_URL": f"sqlite:///{migrated_sqlite}"}
    migrate = run(["migrate"], cwd=tmp_path, env_extra=url)
    assert migrate.returncode == 0 and "No migrations to apply" in migrate.stdout
    # The copy holds the test world, whose users "chair"… the demo's accounts would repeat
    # (test_demo_refuses_a_database_whose_users_have_its_names).
    with sqlite3.connect(migrated_sqlite) as db:
        db.execute("UPDATE core_user SET username = 'world-' || username")
    db.close()
    demo = run(["demo"], cwd=tmp_path, env_extra=url)
    assert demo.returncode == 0, demo.stderr
    assert "chair" in demo.stdout and "gonghui-demo-2026" in demo.stdout
    verify = run(["audit", "verify"], cwd=tmp_path, env_extra=url)
    assert verify.returncode == 0
    assert verify.stdout.startswith("OK")


def test_demo_if_empty_leaves_a_real_database_alone(world, capsys):
    call_command("demo", "--if-empty")
    assert "跳过" in capsys.readouterr().out
    assert not Union.objects.filter(code="demo-fed").exists()


def test_demo_refuses_a_database_whose_users_have_its_names(world):
    """A site with its own user "chair" gets a Chinese refusal, not a traceback, and the
    demo writes nothing."""
    with pytest.raises(CommandError, match=r"演示数据未生成（数据库未改动）：.*已存在"):
        call_command("demo")
    assert not Union.objects.filter(code="demo-fed").exists()


def test_an_unmigrated_database_gets_a_chinese_message_not_a_traceback(tmp_path):
    url = {"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    result = run(["audit", "verify"], cwd=tmp_path, env_extra=url)
    assert result.returncode == 1
    assert "请先运行 gonghui migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_without_a_terminal_asks_for_noinput(tmp_path):
    backup = tmp_path / "gonghui.backup"
    backup.write_bytes(b"")
    url = {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    result = run(["restore", str(backup)], cwd=tmp_path, env_extra=url)  # stdin: not a tty
    assert result.returncode == 1
    assert "--noinput" in result.stderr and "Traceback" not in result.stderr
    assert (
        not (tmp_path / "site.sqlite3").exists() or (tmp_path / "site.sqlite3").stat().st_size == 0
    )


def test_the_models_need_no_migration_that_is_not_written(db):
    """A model changed without its migration would leave a real site's tables behind the
    code: ``makemigrations --check`` exits 1 and names it."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
