"""The `gonghui` command works from any directory with just DATABASE_URL and SECRET_KEY."""

import datetime
import os
import random
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.core.models import AuditEntry, User
from gonghui.members.synthetic import Synth
from gonghui.orgs.demo import GRASSROOTS
from gonghui.orgs.models import Member, Union

GONGHUI = str(Path(sys.executable).parent / "gonghui")


def run(args, *, cwd, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DATABASE"))}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), **(env_extra or {}))
    return subprocess.run([GONGHUI, *args], cwd=cwd, env=env, capture_output=True, text=True)


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
def test_migrate_demo_and_verify_from_another_directory(tmp_path):
    url = {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    assert run(["migrate", "-v0"], cwd=tmp_path, env_extra=url).returncode == 0
    demo = run(["demo"], cwd=tmp_path, env_extra=url)
    assert demo.returncode == 0, demo.stderr
    assert "chair" in demo.stdout and "gonghui-demo-2026" in demo.stdout
    verify = run(["audit", "verify"], cwd=tmp_path, env_extra=url)
    assert verify.returncode == 0
    assert verify.stdout.startswith("OK")


def test_demo_builds_the_town_with_three_unions(empty_db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    codes = set(Union.objects.values_list("code", flat=True))
    assert codes == {"demo-fed", "demo-school", "demo-hospital", "demo-factory"}
    school = Union.objects.get(code="demo-school")
    assert school.groups.count() == 9
    assert Member.objects.current().filter(union=school).count() == 230
    assert school.terms.filter(closed_on=None).count() == 3
    # One login per role, each printed.
    for username in ("admin", "fed", "chair", "weiyuan", "caiwu", "jingshen", "zuzhang", "huiyuan"):
        assert User.objects.filter(username=username).exists()
        assert username in out
    assert User.objects.get(username="chair").check_password("gonghui-demo-2026")


def test_demo_is_deterministic_and_idempotent(empty_db, capsys):
    call_command("demo")
    first = list(Member.objects.order_by("id").values_list("name", "sex", "group__name"))
    entries = AuditEntry.objects.count()
    call_command("demo")
    assert "已存在" in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries
    # The people come from a seeded generator: a fresh database gets the same ones.
    synth = Synth(random.Random(20260101), today=datetime.date(2026, 1, 1))
    expected = [
        (p["name"], p["sex"], group)
        for _, _, kind, _, _, _, groups in GRASSROOTS
        for group, size, w in groups
        for p in (
            synth.member_fields(
                kind, department="" if group.startswith("退休") else group, women_share=w
            )
            for _ in range(size)
        )
    ]
    assert first == expected


def test_demo_if_empty_leaves_a_real_database_alone(world, capsys):
    call_command("demo", "--if-empty")
    assert "跳过" in capsys.readouterr().out
    assert not Union.objects.filter(code="demo-fed").exists()
