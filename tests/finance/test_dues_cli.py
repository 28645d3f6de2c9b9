"""``gonghui dues …`` from the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gonghui.finance.models import DuesBase, DuesCharge, DuesPayment, DuesRun
from gonghui.finance.services import dues as ds

from ..conftest import id_number
from .test_dues_support import MONTH, charged_world, set_bases, xlsx

ZHOU_ID = id_number("19850301", 123)


def dues(*args) -> str:
    out = StringIO()
    call_command("dues", *args, stdout=out)
    return out.getvalue()


def test_run_twice_writes_once(world):
    set_bases(world)
    first = dues("run", "--union", "school", "--month", "2026-10")
    assert "2026年10月会费已计算：新增应缴 6 笔，合计 110.00 元" in first
    second = dues("run", "--union", "school", "--month", "2026年10月")
    assert "没有需要新增的应缴记录（已有 6 笔）" in second
    assert DuesCharge.objects.count() == 6 and DuesRun.objects.count() == 2


def test_refusals_exit_with_code_1(world):
    with pytest.raises(CommandError) as exc:
        dues("run", "--union", "nowhere", "--month", "2026-10")
    assert exc.value.returncode == 1 and "找不到代码为“nowhere”的工会" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        dues("run", "--union", "school", "--month", "2026-13")
    assert exc.value.returncode == 1 and "格式不对" in str(exc.value)
    with pytest.raises(CommandError, match="基层工会"):
        dues("run", "--union", "fed", "--month", "2026-10")


def test_import_dry_run_then_apply_then_refuse_the_same_file(world, tmp_path):
    charged_world(world)
    path = tmp_path / "代扣.xlsx"
    path.write_bytes(xlsx([("周会员", ZHOU_ID, "", 15)]))
    args = [str(path), "--union", "school", "--month", "2026-10"]
    dry = dues("import", *args, "--dry-run")
    assert "试运行，未写入。将登记 1 笔，合计 15.00 元" in dry
    assert not DuesPayment.objects.exists()
    done = json.loads(dues("import", *args, "--json"))
    assert done["written"] and done["would_import"] is None and done["rejected"] == []
    imported = done["imported"]
    assert imported["matched"] == 1 and imported["total"] == "15.00"
    assert imported["month"] == "2026-10"
    with pytest.raises(CommandError) as exc:
        dues("import", *args)
    assert exc.value.returncode == 1 and "导入过" in str(exc.value)
    assert DuesPayment.objects.count() == 1


def test_import_with_bad_rows_lists_them_and_exits_1(world, tmp_path):
    charged_world(world)
    path = tmp_path / "代扣.xlsx"
    path.write_bytes(xlsx([("周会员", ZHOU_ID, "", 15), ("吴老师", "", "", 15.001)]))
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "dues", "import", str(path), "--union", "school", "--month", "2026-10", stdout=out
        )
    assert exc.value.returncode == 1 and "--skip-invalid" in str(exc.value)
    assert "第 3 行【代扣金额】" in out.getvalue() and "超过两位小数" in out.getvalue()
    assert not DuesPayment.objects.exists()
    skipped = dues("import", str(path), "--union", "school", "--month", "2026-10", "--skip-invalid")
    assert "已导入。登记 1 笔" in skipped and "（已跳过）" in skipped
    with pytest.raises(CommandError, match="找不到文件"):
        dues("import", str(tmp_path / "nope.xlsx"), "--union", "school", "--month", "2026-10")


def test_bases_from_a_payroll_sheet(world, tmp_path):
    set_bases(world)
    path = tmp_path / "工资表.xlsx"
    path.write_bytes(xlsx([("周会员", ZHOU_ID, 4200)], header=("姓名", "身份证号", "基本工资")))
    dry = dues("bases", str(path), "--union", "school", "--dry-run")
    assert (
        "将更新 1 人" in dry and DuesBase.objects.get(member=world.members["周会员"]).basic == 2500
    )
    done = dues("bases", str(path), "--union", "school")
    assert "已导入。新增 0 人，更新 1 人，无变化 0 人" in done
    assert DuesBase.objects.get(member=world.members["周会员"]).basic == Decimal("4200")


def test_arrears_as_text_and_json(world):
    set_bases(world)
    for m in range(5, 11):
        ds.dues_run(actor=None, union=world.school, month=f"2026-{m:02d}")
    ds.dues_pay(
        actor=None,
        union=world.school,
        member=world.members["李主席"],
        month=MONTH,
        amount="15",
        paid_on=MONTH,
        method="cash",
    )
    text = dues("arrears", "--union", "school")
    assert "第一中学工会欠缴会费：6 人，合计 645.00 元" in text
    assert "周会员（语文组）欠 6 个月，90.00 元  连续6个月未缴会费" in text
    rows = json.loads(dues("arrears", "--union", "school", "--json", "--flagged"))
    assert {r["member"] for r in rows} == {"王委员", "赵财务", "钱经审", "孙组长", "周会员"}
    zhou = next(r for r in rows if r["member"] == "周会员")
    assert zhou["owed"] == "90.00" and zhou["streak"] == 6 and zhou["card_number"] == "HY0001"
