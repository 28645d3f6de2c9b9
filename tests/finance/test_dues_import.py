"""Payroll-deduction lists and payroll sheets, built here with openpyxl (and as .csv) the way
payroll offices send them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.models import DuesBase, DuesBatch, DuesCharge, DuesPayment
from gonghui.finance.services import dues as ds
from gonghui.orgs.models import Member

from ..conftest import id_number
from .test_dues_support import MONTH, charged_world, pay, xlsx

D = Decimal
ZHOU_ID = id_number("19850301", 123)  # 周会员, card HY0001
WU_ID = id_number("19920715", 246)  # 吴老师 (exempt)


@pytest.fixture
def school(world):
    charged_world(world)
    # Card numbers for the others, as a payroll list mostly carries them.
    for n, name in enumerate(("李主席", "王委员", "赵财务", "钱经审", "孙组长"), start=2):
        Member.objects.filter(pk=world.members[name].pk).update(card_number=f"HY{n:04d}")
    Member.objects.filter(pk=world.members["郑护士"].pk).update(
        card_number="WS0001", id_number=id_number("19900101", 248)
    )
    return world


def run(world, data, *, dry_run=False, filename="代扣.xlsx", **kwargs):
    return ds.dues_import(
        actor=world.treasurer,
        union=world.school,
        month=MONTH,
        file=data,
        filename=filename,
        dry_run=dry_run,
        **kwargs,
    )


GOOD = [
    ("周会员", ZHOU_ID, "", 15),
    ("李主席", "", "HY0002", 15.0),
    ("王委员", "", "HY0003", "15.05"),
    ("赵财务", "", "HY0004", 30),
]


def test_a_clean_list_is_recorded_as_one_batch(school):
    data = xlsx(GOOD, title="第一中学2026年10月工会会费代扣明细")  # a title row above the header
    result = run(school, data)
    assert result.rejected == [] and result.written
    assert (result.matched, result.total) == (4, D("75.05"))
    assert result.header_row == 2
    batch = result.batch
    assert (batch.count, batch.total, batch.method, batch.filename) == (
        4,
        D("75.05"),
        "payroll",
        "代扣.xlsx",
    )
    paid = dict(DuesCharge.objects.filter(paid__gt=0).values_list("member__name", "paid"))
    assert paid == {"周会员": D("15"), "李主席": D("15"), "王委员": D("15.05"), "赵财务": D("30")}
    assert DuesPayment.objects.filter(batch=batch).count() == 4
    entry = AuditEntry.objects.get(action="dues.import")
    assert entry.changes["count"] == [None, 4] and entry.changes["total"] == [None, "75.05"]
    assert result.summary()["batch"] == batch.pk


def test_the_same_file_twice_is_refused_and_says_when(school):
    data = xlsx(GOOD)
    run(school, data)
    with pytest.raises(ValidationError) as exc:
        run(school, data)
    text = "；".join(exc.value.messages)
    assert "已于" in text and "导入过" in text and "4 笔" in text and "75.05" in text
    with pytest.raises(ValidationError, match="导入过"):  # the preview says so too
        run(school, data, dry_run=True)
    assert DuesBatch.objects.count() == 1 and DuesPayment.objects.count() == 4


def test_an_unchanged_deduction_list_serves_the_next_month(school):
    data = xlsx(GOOD)
    run(school, data)
    ds.dues_run(actor=school.treasurer, union=school.school, month=MONTH.replace(month=11))
    result = ds.dues_import(
        actor=school.treasurer,
        union=school.school,
        month=MONTH.replace(month=11),
        file=data,
        filename="代扣.xlsx",
    )
    assert result.written and result.total == D("75.05")
    assert DuesBatch.objects.count() == 2


def test_every_kind_of_bad_row_names_its_excel_row_and_reason(school):
    rows = [
        ("周会员", ZHOU_ID, "", 15),  # row 2: fine
        ("张三", id_number("19800101", 111), "", 10),  # 3: nobody has this ID
        ("郑护士", "", "WS0001", 10),  # 4: the hospital's member
        ("吴老师", WU_ID, "", 10),  # 5: exempt: no charge this month
        ("钱经审", "", "HY0005", 20.01),  # 6: more than owed
        ("孙组长", "", "HY0006", "14.955"),  # 7: three decimals
        ("王委员", "", "HY0003", -15),  # 8: negative
        ("李主席", "", "HY0002", ""),  # 9: no amount
        ("李四", "", "HY0004", 30),  # 10: the card is 赵财务's
        ("周会员", "", "HY0001", 1),  # 11: second row for 周会员
        ("某人", "110101********1234", "", 5),  # 12: masked number
        ("某人", "", "", 5),  # 13: nothing to match by
        ("周会员", ZHOU_ID, "HY0002", 5),  # 14: ID and card name two people
    ]
    before = list(DuesCharge.objects.values_list("pk", "paid"))
    result = run(school, xlsx(rows))
    assert not result.written and result.batch is None
    reasons = {r["row"]: (r["column"], r["reason"]) for r in result.rejected}
    assert set(reasons) == set(range(3, 15))
    stranger = id_number("19800101", 111)
    assert reasons[3][0] == "身份证号" and "第一中学工会没有身份证号为" in reasons[3][1]
    assert (
        stranger not in reasons[3][1] and f"{stranger[:6]}{'*' * 11}{stranger[-1]}" in reasons[3][1]
    )  # shown masked
    assert "是「卫生院工会」的会员，不是第一中学工会的会员" in reasons[4][1]
    assert "没有应缴会费记录" in reasons[5][1]
    assert "超过「钱经审」2026年10月未缴的 20.00 元" in reasons[6][1]
    assert reasons[6][0] == "代扣金额"
    assert "超过两位小数" in reasons[7][1]
    assert "不能为负数" in reasons[8][1]
    assert "不能为空" in reasons[9][1]
    assert "与会员证号对应的会员「赵财务」不一致" in reasons[10][1] and reasons[10][0] == "姓名"
    assert "与第 2 行是同一会员「周会员」" in reasons[11][1]
    assert "打码" in reasons[12][1]
    assert "都为空" in reasons[13][1]
    assert "不是同一人" in reasons[14][1]
    # All or nothing: not even row 2 is written.
    assert list(DuesCharge.objects.values_list("pk", "paid")) == before
    assert not DuesBatch.objects.exists() and not AuditEntry.objects.filter(action="dues.import")


def test_skip_invalid_records_the_good_rows_only(school):
    rows = [("周会员", ZHOU_ID, "", 15), ("张三", id_number("19800101", 111), "", 10)]
    result = run(school, xlsx(rows), skip_invalid=True)
    assert result.written and result.matched == 1 and result.total == D("15.00")
    assert len(result.rejected) == 1 and result.rejected[0]["row"] == 3
    assert DuesPayment.objects.get().member.name == "周会员"


def test_a_dry_run_checks_everything_and_writes_nothing(school):
    result = run(school, xlsx(GOOD), dry_run=True)
    assert (result.matched, result.total, result.written) == (4, D("75.05"), False)
    assert [p["name"] for p in result.preview] == ["周会员", "李主席", "王委员", "赵财务"]
    assert not DuesBatch.objects.exists() and not DuesPayment.objects.exists()


def test_a_list_over_what_is_left_after_a_single_payment_is_refused(school):
    pay(school, "赵财务", "20")
    result = run(school, xlsx([("赵财务", "", "HY0004", 30)]))
    assert "未缴的 10.00 元" in result.rejected[0]["reason"]
    pay(school, "李主席", "15")
    result = run(school, xlsx([("李主席", "", "HY0002", 15)]))
    assert "已缴清" in result.rejected[0]["reason"]


def test_csv_files_in_utf8_and_gbk_and_total_rows(school):
    text = f"序号,姓名,身份证号,代扣金额\r\n1,周会员,{ZHOU_ID},15.00\r\n,合计,,15.00\r\n,,,\r\n"
    for encoding in ("utf-8-sig", "gbk"):
        DuesPayment.objects.all().delete()
        DuesBatch.objects.all().delete()
        DuesCharge.objects.update(paid=0)
        result = run(school, text.encode(encoding), filename="代扣.csv")
        assert result.rejected == [] and result.matched == 1, encoding
        assert result.ignored == 2  # the total row and the blank line
        assert DuesCharge.objects.get(member=school.members["周会员"]).paid == D("15")


def test_files_that_cannot_be_used_are_refused_as_a_whole(school):
    with pytest.raises(ValidationError, match="无法读取"):
        run(school, b"not a spreadsheet", filename="x.xlsx")
    with pytest.raises(ValidationError, match="金额"):
        run(school, xlsx([("周会员", ZHOU_ID, "")], header=("姓名", "身份证号", "备注")))
    with pytest.raises(ValidationError, match="身份证号"):
        run(school, xlsx([("周会员", 15)], header=("姓名", "代扣金额")))
    with pytest.raises(ValidationError, match="没有可以导入的行"):
        run(school, xlsx([("某人", "", "", 5)]), skip_invalid=True)
    with pytest.raises(ValidationError, match="还没到"):
        ds.dues_import(
            actor=None,
            union=school.school,
            month=datetime.date.today() + datetime.timedelta(days=62),
            file=xlsx(GOOD),
            filename="x.xlsx",
            dry_run=True,
        )


def test_an_id_number_stored_as_an_excel_number_is_explained(school):
    rows = [("周会员", float(ZHOU_ID[:15]), "", 15)]
    result = run(school, xlsx(rows))
    assert result.rejected and "身份证号" in result.rejected[0]["column"]


# --- bases from a payroll sheet ----------------------------------------------------------

BASE_HEADER = (
    "姓名",
    "身份证号",
    "会员证号",
    "基本工资",
    "岗位工资",
    "奖金",
    "免交会费",
    "免交原因",
)


def base_run(world, data, *, dry_run=False, **kwargs):
    return ds.dues_base_import(
        actor=world.treasurer,
        union=world.school,
        file=data,
        filename="工资表.xlsx",
        dry_run=dry_run,
        **kwargs,
    )


def test_bases_are_set_from_a_payroll_sheet(school):
    rows = [
        ("周会员", ZHOU_ID, "", 4000, 1200.5, 900, "否", ""),  # changed
        ("李主席", "", "HY0002", 3009.99, "", "", "", ""),  # unchanged
        ("吴老师", WU_ID, "", 4500, "", "", "是", "病休"),  # unchanged (exempt)
    ]
    result = base_run(school, xlsx(rows, header=BASE_HEADER))
    assert result.rejected == [] and result.written
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    zhou = DuesBase.objects.get(member=school.members["周会员"])
    assert (zhou.basic, zhou.post, zhou.bonus) == (D("4000"), D("1200.50"), D("900"))
    # A column the sheet lacks keeps its value: 周会员's performance item stays.
    assert zhou.performance == D("500.50")
    entry = AuditEntry.objects.get(action="dues.base", changes__updated=[None, 1])
    assert entry.changes["items"] == [None, ["basic", "post", "bonus"]]


def test_a_new_member_gets_a_base_and_is_charged_next_month(school):
    new = Member.objects.create(union=school.school, name="冯新人", sex="M", card_number="HY0100")
    rows = [("冯新人", "", "HY0100", 2600, 400, 0, "", "")]
    result = base_run(school, xlsx(rows, header=BASE_HEADER))
    assert result.created == 1
    run_ = ds.dues_run(actor=None, union=school.school, month="2026-11")
    assert DuesCharge.objects.get(member=new, run=run_).amount == D("15.00")


def test_bad_base_rows_are_reported_and_nothing_is_written(school):
    rows = [
        ("周会员", ZHOU_ID, "", "4000.001", "", "", "", ""),
        ("李主席", "", "HY0002", -1, "", "", "", ""),
        ("王委员", "", "HY0003", 3000, "", "", "是", ""),
        ("赵财务", "", "HY0004", 3000, "", "", "也许", ""),
        ("张三", "", "HY9999", 3000, "", "", "", ""),
    ]
    before = list(DuesBase.objects.order_by("pk").values_list("basic", "post", "exempt"))
    result = base_run(school, xlsx(rows, header=BASE_HEADER))
    reasons = {r["row"]: r["reason"] for r in result.rejected}
    assert "超过两位小数" in reasons[2]
    assert "不能为负数" in reasons[3]
    assert "须写明原因" in reasons[4]
    assert "看不懂" in reasons[5]
    assert "没有会员证号为 HY9999 的会员" in reasons[6]
    assert not result.written
    assert list(DuesBase.objects.order_by("pk").values_list("basic", "post", "exempt")) == before


def test_a_payroll_sheet_without_wage_columns_is_refused(school):
    with pytest.raises(ValidationError, match="工资项目"):
        base_run(school, xlsx([("周会员", ZHOU_ID)], header=("姓名", "身份证号")))
