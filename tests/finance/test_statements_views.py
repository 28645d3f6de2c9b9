"""The statements page, its .xlsx files, the audit report and the command line."""

import datetime
import io
import json
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from gonghui.core.models import AuditEntry
from gonghui.finance.models import DuesCharge, Voucher
from gonghui.finance.services.budget import budget_adjust, budget_adopt, budget_create
from gonghui.finance.services.review import finding_create, finding_respond

from .test_budget_support import ledger_voucher, reverse_voucher

D = Decimal
JAN = datetime.date(2026, 1, 1)


def url(name, *args):
    return reverse(f"finance:{name}", args=["school", *args])


@pytest.fixture
def books(world):
    """A year of the school's books: income, spending, a reversal, dues, a budget."""
    ledger_voucher(world, [("401", "1234.56"), ("402", "50000")], date=JAN)
    ledger_voucher(world, [("50111", "3000"), ("50302", "456.78")], date=datetime.date(2026, 4, 1))
    wrong = ledger_voucher(world, [("50111", "100")], date=datetime.date(2026, 5, 1))
    reverse_voucher(world, wrong, date=datetime.date(2026, 5, 2))
    ledger_voucher(world, [("507", "15000")], date=datetime.date(2026, 6, 1))
    for name, group, amount, paid in [
        ("周会员", world.chinese, "20.00", "20.00"),
        ("吴老师", world.maths, "30.00", "0"),
    ]:
        DuesCharge.objects.create(
            union=world.school,
            member=world.members[name],
            month=JAN,
            base=D(amount) * 200,
            rate=D("0.005"),
            amount=D(amount),
            paid=D(paid),
            group_id_at=group.pk,
        )
    b = budget_create(
        actor=world.treasurer, union=world.school, year=2026, lines={"501": "3200", "503": "1000"}
    )
    budget_adopt(
        actor=world.chair, budget=b, adopted_on=datetime.date(2026, 1, 5), adopted_by="congress"
    )
    budget_adjust(
        actor=world.chair,
        budget=b,
        category="501",
        delta="800",
        reason="增加运动会",
        decided_on=JAN,
    )
    return b


def test_page_shows_the_three_statements_and_chart_data(world, client_for, books):
    r = client_for(world.chair).get(url("statements", 2026))
    assert r.status_code == 200
    html = r.content.decode()
    for section in ('id="income-expense"', 'id="dues"', 'id="budget"'):
        assert section in html
    assert "51,234.56" in html  # income
    assert "18,456.78" in html  # expense: 3,000 + 456.78 + 100 − 100 + 15,000
    assert "32,777.78" in html  # balance
    assert "应上缴上级" in html and "20,000.00" in html  # 40% of 50,000
    assert "40.0%" in html  # dues: 20 of 50 paid
    assert "vendor/echarts/echarts.min.js" in html and "finance/charts.js" in html
    data = json.loads(
        html.split('id="chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert ["会费收入", "1234.56"] in data["incomeExpense"]["income"]
    assert data["dues"]["paid"] == ["20.00"]
    assert data["budget"]["effective"][0] == "4000.00"


def test_statements_page_query_count(world, client_for, books, django_assert_num_queries):
    for i in range(10):
        ledger_voucher(world, [("50111", "1"), ("50201", "1")], date=datetime.date(2026, 7, 1 + i))
    c = client_for(world.auditor)
    c.get(url("statements", 2026))  # the session's first write
    # 6 for the session, the user, the union, the grants, the menu and the session
    # write; 10 for the statements, whatever the number of vouchers.
    with django_assert_num_queries(16):
        assert c.get(url("statements", 2026)).status_code == 200


def test_index_goes_to_this_year(world, client_for):
    r = client_for(world.chair).get(url("statements_index"))
    assert r.status_code == 302 and r.url == url("statements", datetime.date.today().year)


def sheet_rows(ws):
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def find(rows, label):
    return next(r for r in rows if label in r)


def test_xlsx_has_title_unit_period_signatures_and_the_same_totals(world, client_for, books):
    r = client_for(world.treasurer).get(url("statement_download", 2026))
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["收支决算表", "会费收缴表", "预算执行表"]
    ws = wb["收支决算表"]
    rows = sheet_rows(ws)
    assert rows[0][0] == "第一中学工会2026年度收支决算表"
    assert ws["A1"].font.bold and "A1:D1" in {str(m) for m in ws.merged_cells.ranges}
    assert rows[1][0] == "编制单位：第一中学工会"
    assert rows[1][2] == "期间：2026年1月1日至2026年12月31日" and rows[1][3] == "单位：元"
    assert rows[2] == ["科目编码", "项目", "本年决算数", "备注"]
    assert float(find(rows, "收入合计")[2]) == 51234.56
    assert float(find(rows, "支出合计")[2]) == 18456.78
    assert float(find(rows, "三、本年收支结余")[2]) == 32777.78
    assert float(find(rows, "尚需上缴（负数为多缴）")[2]) == 5000.0
    signature = next(r[0] for r in rows if r[0] and str(r[0]).startswith("单位负责人"))
    for label in ("单位负责人：", "财务负责人：", "经审委员会主任：", "制表人：", "制表日期："):
        assert label in signature
    money_cell = next(c for c in ws["C"] if c.value is not None and not isinstance(c.value, str))
    assert money_cell.number_format == "#,##0.00"
    sub = next(row for row in ws.iter_rows() if row[0].value == "50111")
    assert sub[1].alignment.indent == 2
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["B"].width == 30

    dues = sheet_rows(wb["会费收缴表"])
    assert dues[0][0] == "第一中学工会2026年度会费收缴表"
    total = find(dues, "全年合计")
    assert float(total[3]) == 50.0 and float(total[5]) == 20.0 and abs(total[7] - 0.4) < 1e-9

    budget = sheet_rows(wb["预算执行表"])
    line = next(r for r in budget if r[0] == "501")
    assert [float(x) for x in line[2:6]] == [3200.0, 800.0, 4000.0, 3000.0]
    assert AuditEntry.objects.filter(action="finance.export", union_id=world.school.pk).count() == 1


def test_single_statement_download(world, client_for, books):
    r = client_for(world.chair).get(url("statement_download", 2026) + "?kind=dues")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["会费收缴表"]
    assert (
        client_for(world.chair).get(url("statement_download", 2026) + "?kind=x").status_code == 404
    )


def test_audit_report_docx(world, client_for, books):
    v = Voucher.objects.filter(union=world.school, lines__category__code="50302").first()
    Voucher.objects.filter(pk=v.pk).update(
        override_reason="会议场地费超标，经委员会研究同意",
        override_by=world.chair,
        override_violations=[{"message": "【会议】超过标准 56.78 元"}],
    )
    f = finding_create(
        actor=world.auditor,
        union=world.school,
        title="会议费",
        text="请说明场地费标准。",
        voucher=v,
    )
    finding_respond(actor=world.treasurer, finding=f, response="已附委员会纪要。")
    r = client_for(world.auditor).get(url("audit_report", 2026))
    assert r.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    tables = "\n".join(
        c.text
        for t in docx.Document(io.BytesIO(r.content)).tables
        for row in t.rows
        for c in row.cells
    )
    assert "第一中学工会2026年度经费审查工作报告" in text
    assert "收入合计51,234.56元，支出合计18,456.78元" in text
    assert "会议场地费超标，经委员会研究同意" in text and "超过标准 56.78 元" in text
    assert "请说明场地费标准。" in text and "已附委员会纪要。" in text
    assert "增加运动会" in tables and "800.00" in tables
    assert "本年应缴会费50.00元，实缴20.00元" in text
    assert AuditEntry.objects.filter(action="finance.export").exists()


@pytest.mark.parametrize("name", ["statements", "statement_download", "audit_report"])
def test_outsider_member_and_nobody_are_refused(world, client_for, books, name):
    for user, status in (
        (world.outsider, 404),
        (world.member, 403),
        (world.group_leader, 403),
        (world.nobody, 404),
    ):
        assert client_for(user).get(url(name, 2026)).status_code == status
    assert not AuditEntry.objects.filter(action="finance.export").exists()


def test_federation_has_no_statements_of_its_own(world, client_for):
    r = client_for(world.fed_admin).get(reverse("finance:statements", args=["fed", 2026]))
    assert r.status_code == 403
    assert client_for(world.fed_admin).get(url("statements", 2026)).status_code == 200


def test_cli_statements_and_report(world, books, tmp_path, capsys):
    out = tmp_path / "报表.xlsx"
    call_command("finance", "statements", "--union", "school", "--year", "2026", "--out", str(out))
    assert "收入合计 51234.56" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb["收支决算表"]["A1"].value == "第一中学工会2026年度收支决算表"
    report = tmp_path / "报告.docx"
    call_command(
        "finance", "audit-report", "--union", "school", "--year", "2026", "--out", str(report)
    )
    assert "经费审查工作报告" in docx.Document(report).paragraphs[0].text


def test_cli_refuses_unknown_union_and_federation(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到代码为“nope”的工会"):
        call_command(
            "finance",
            "statements",
            "--union",
            "nope",
            "--year",
            "2026",
            "--out",
            str(tmp_path / "x.xlsx"),
        )
    with pytest.raises(CommandError, match="上级工会不在本平台记账"):
        call_command(
            "finance",
            "statements",
            "--union",
            "fed",
            "--year",
            "2026",
            "--out",
            str(tmp_path / "x.xlsx"),
        )
