"""`gonghui members import|template|export`."""

import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Member

from .test_import import MAN_1979, MAN_1985, WOMAN_1990, bad_check_digit, dump, person, xlsx

GONGHUI = str(Path(sys.executable).parent / "gonghui")


def members(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("members", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def roster(tmp_path):
    def write(rows, name="花名册.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx(rows))
        return str(path)

    return write


def test_json_output_says_what_was_written(world, roster):
    path = roster([person("张伟", MAN_1985, 工会小组="新小组"), person("李雷", MAN_1979)])
    out = members("import", path, "--union", "school", "--json")
    assert json.loads(out) == {
        "written": True,
        "dry_run": False,
        "imported": {"created": 2, "updated": 0, "unchanged": 0, "groups_created": ["新小组"]},
        "would_import": None,
        "rejected": [],
    }
    assert out.count("\n") == 1 and "新小组" in out  # one line, not \u-escaped
    again = json.loads(members("import", path, "--union", "school", "--json"))["imported"]
    assert (again["created"], again["unchanged"]) == (0, 2)
    dry = json.loads(members("import", path, "--union", "school", "--json", "--dry-run"))
    assert dry["written"] is False and dry["imported"] is None
    assert dry["would_import"]["unchanged"] == 2


def test_a_rejected_row_exits_1_and_writes_nothing(world, roster):
    path = roster([person("张伟", MAN_1985), person("错号码", bad_check_digit(WOMAN_1990))])
    before = dump()
    out = io.StringIO()
    with pytest.raises(CommandError, match="有 1 行有误，未写入任何数据") as caught:
        call_command("members", "import", path, "--union", "school", "--json", stdout=out)
    assert caught.value.returncode == 1
    summary = json.loads(out.getvalue())
    # Nothing was written: the one good row is what WOULD have been created, never "created".
    assert summary == {
        "written": False,
        "dry_run": False,
        "imported": None,
        "would_import": {"created": 1, "updated": 0, "unchanged": 0, "groups_created": []},
        "rejected": [
            {
                "row": 3,
                "column": "身份证号码",
                "reason": summary["rejected"][0]["reason"],
            }
        ],
    }
    assert "校验位不符" in summary["rejected"][0]["reason"]
    assert dump() == before


def test_skip_invalid_imports_the_rest_and_exits_0(world, roster):
    path = roster([person("张伟", MAN_1985), person("错号码", bad_check_digit(WOMAN_1990))])
    out = members("import", path, "--union", "school", "--skip-invalid")
    assert "已导入。新增 1 人" in out
    assert "有误 1 行（已跳过）" in out and "第 3 行【身份证号码】" in out
    assert Member.objects.filter(id_number=MAN_1985, union=world.school).exists()
    assert AuditEntry.objects.order_by("pk").last().action == "member.import"


def test_readable_summary_of_a_dry_run(world, roster):
    path = roster([person("张伟", MAN_1985, 工会小组="新小组")])
    before = dump()
    out = members("import", path, "--union", "school", "--dry-run")
    assert "试运行，未写入。将新增 1 人" in out
    assert "表头在第 1 行" in out and "将新建工会小组：新小组" in out
    assert dump() == before


def test_unknown_union_and_unreadable_file_exit_1(world, roster, tmp_path):
    path = roster([person("张伟", MAN_1985)])
    with pytest.raises(CommandError, match="找不到代码为“nope”的工会") as caught:
        members("import", path, "--union", "nope", "--json")
    assert caught.value.returncode == 1
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match="无法读取该文件") as caught:
        members("import", str(junk), "--union", "school")
    assert caught.value.returncode == 1


def test_template_and_export_commands(world, tmp_path):
    template = tmp_path / "模板.xlsx"
    assert "已生成导入模板" in members("template", str(template))
    assert load_workbook(template).sheetnames[0] == "花名册"

    masked = tmp_path / "名单.xlsx"
    assert "已隐去部分数字" in members("export", "--union", "school", str(masked))
    ws = load_workbook(masked).active
    assert "导出人：系统" in ws["A1"].value
    numbers = {r[5] for r in ws.iter_rows(min_row=3, values_only=True) if r[5]}
    zhou = world.members["周会员"]
    assert zhou.id_number not in numbers
    assert f"{zhou.id_number[:6]}{'*' * 11}{zhou.id_number[-1]}" in numbers
    entry = AuditEntry.objects.order_by("pk").last()
    assert (entry.action, entry.actor_label, entry.changes["masked"]) == (
        "member.export",
        "系统",
        [None, True],
    )
    assert entry.changes["count"] == [None, Member.objects.filter(union=world.school).count()]

    full = tmp_path / "完整.xlsx"
    members("export", "--union", "school", "--full", str(full))
    ws = load_workbook(full).active
    assert zhou.id_number in {r[5] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert AuditEntry.objects.order_by("pk").last().changes["masked"] == [None, False]


def test_the_real_command_exits_1_with_a_chinese_message_and_clean_stdout(
    tmp_path, migrated_sqlite
):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DATABASE"))}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=f"sqlite:///{migrated_sqlite}")
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx([person("张伟", MAN_1985)]))
    result = subprocess.run(
        [GONGHUI, "members", "import", str(path), "--union", "nope", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "找不到代码为“nope”的工会" in result.stderr
