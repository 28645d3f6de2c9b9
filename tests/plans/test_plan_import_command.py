"""gonghui plan import: dry run, --json, --list-parts, saving, and refusals in Chinese."""

import io
import json

import docx
import pytest
from django.core.management import CommandError, call_command

from gonghui.plans.models import Item, Plan

PLAN_TXT = """第一中学工会2026年工作计划
团结教职工，建设教工之家。
一、组织建设
1、年内发展新会员12人。
2、5月前完成工会委员补选。
二、文体活动
1、每周五下午开放活动室。
三月份：庆祝“三八”节。
四月份：教工羽毛球赛。
组织春季健步走。
"""

PARTS_TXT = "学校工会计划篇一\n1、读书。\n学校工会计划篇二\n1、登山。\n2、书法。\n"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TXT, encoding="utf-8")
    return path


def test_dry_run_prints_summary_and_saves_nothing(world, plan_file):
    out, _ = run("import", str(plan_file), "--union", "school", "--year", "2026", "--dry-run")
    assert "部分 3 个，事项 6 项（其中月度安排 3 项）" in out
    assert "3月 1 项，4月 2 项" in out
    assert "年内发展新会员12人：≥ 12人" in out
    assert "（试运行，未保存）" in out
    assert not Plan.objects.exists()


def test_json_is_one_object_on_stdout(world, plan_file):
    out, err = run(
        "import", str(plan_file), "--union", "school", "--year", "2026", "--dry-run", "--json"
    )
    data = json.loads(out)
    assert set(data) == {"sections", "items"}
    assert [s["title"] for s in data["sections"]] == ["组织建设", "文体活动", "月度工作安排"]
    assert data["items"][1]["due"] == "2026-05-31"
    assert data["items"][2]["rrule"] == "FREQ=WEEKLY;BYDAY=FR"
    assert [i["months"] for i in data["items"][3:]] == [[3], [4], [4]]
    assert data["items"][0]["targets"][0]["value"] == 12
    assert "试运行" in err


def test_import_saves_through_the_service(world, plan_file):
    out, _ = run("import", str(plan_file), "--union", "school", "--year", "2026")
    plan = Plan.objects.get(union=world.school, year=2026)
    assert plan.title == "第一中学工会2026年工作计划"
    assert plan.source == "plan.txt"
    assert f"已保存为 《{plan.title}》" in out
    assert plan.items.count() == 6
    assert Item.objects.filter(plan=plan, in_schedule=True).count() == 3
    with pytest.raises(CommandError, match="已有 2026 年度的工作计划"):
        run("import", str(plan_file), "--union", "school", "--year", "2026")
    run("import", str(plan_file), "--union", "school", "--year", "2026", "--replace", "--json")
    assert Plan.objects.filter(union=world.school, year=2026).count() == 1


def test_docx_with_month_table(world, tmp_path):
    document = docx.Document()
    document.add_paragraph("一、民主管理")
    document.add_paragraph("1、8月底前召开职代会，提案办结率100%。")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "9月", "教师节表彰"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "12月", "迎新年联欢"
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "计划.docx"
    path.write_bytes(buffer.getvalue())
    out, _ = run("import", str(path), "--union", "school", "--year", "2026", "--json")
    data = json.loads(out)
    assert [(i["text"], i["months"]) for i in data["items"][1:]] == [
        ("教师节表彰", [9]),
        ("迎新年联欢", [12]),
    ]
    plan = Plan.objects.get(union=world.school, year=2026)
    item = plan.items.get(order=1)
    assert str(item.due) == "2026-08-31"


def test_list_parts_and_choose_part(world, tmp_path):
    path = tmp_path / "parts.txt"
    path.write_text(PARTS_TXT, encoding="utf-8")
    out, _ = run("import", str(path), "--union", "school", "--year", "2026", "--list-parts")
    assert out.splitlines() == ["1\t学校工会计划篇一", "2\t学校工会计划篇二"]
    out, _ = run(
        "import", str(path), "--union", "school", "--year", "2026", "--list-parts", "--json"
    )
    assert json.loads(out) == [
        {"part": 1, "title": "学校工会计划篇一"},
        {"part": 2, "title": "学校工会计划篇二"},
    ]
    out, _ = run(
        "import",
        str(path),
        "--union",
        "school",
        "--year",
        "2026",
        "--part",
        "2",
        "--json",
        "--dry-run",
    )
    assert [i["text"] for i in json.loads(out)["items"]] == ["登山。", "书法。"]
    with pytest.raises(CommandError, match="文档中没有第3篇，共2篇。"):
        run("import", str(path), "--union", "school", "--year", "2026", "--part", "3")
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--union", "nope", "--year", "2026"], "找不到代码为“nope”的工会"),
        (["--union", "school", "--year", "1999"], "年度应在 2000 至 2100 之间"),
        (["--union", "fed", "--year", "2026"], "基层工会"),
    ],
)
def test_refusals(world, plan_file, args, message):
    with pytest.raises(CommandError, match=message):
        run("import", str(plan_file), *args)
    assert not Plan.objects.exists()


def test_unreadable_files(world, tmp_path):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match=r"只能导入 \.docx 或 \.txt 文件"):
        run("import", str(pdf), "--union", "school", "--year", "2026")
    with pytest.raises(CommandError, match="找不到文件"):
        run("import", str(tmp_path / "missing.txt"), "--union", "school", "--year", "2026")
    empty = tmp_path / "empty.txt"
    empty.write_text("以下是小编整理的范文，仅供参考。", encoding="utf-8")
    with pytest.raises(CommandError, match="没有读出任何计划事项"):
        run("import", str(empty), "--union", "school", "--year", "2026")
