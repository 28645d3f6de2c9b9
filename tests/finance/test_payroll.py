"""工资总额 and the 2% the employer owes: recorded month by month, set against what came in."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.models import PayrollMonth
from gonghui.finance.queries import statements as q
from gonghui.finance.services.payroll import payroll_record

from .test_budget_support import ledger_voucher

D = Decimal
YEAR = 2026


def record(world, amounts, actor=None):
    return payroll_record(
        actor=actor or world.treasurer, union=world.school, year=YEAR, amounts=amounts
    )


def remittance(world):
    st = q.statements_for(world.chair, "school", YEAR)
    return st.remittance


def test_the_statement_sets_two_percent_of_payroll_against_what_came_in(world):
    record(world, {1: "500000", 2: "500000.50", 3: ""})
    ledger_voucher(world, [("402", "15000")], date=datetime.date(YEAR, 3, 15))
    rem = remittance(world)
    assert rem.payroll_months == 2 and rem.payroll == D("1000000.50")
    assert rem.expected == D("20000.01")  # 2% of 1,000,000.50, to the fen
    assert rem.received == D("15000.00") and rem.short == D("5000.01")


def test_a_correction_and_a_removal_are_audited_and_nothing_else_changes(world):
    record(world, {1: "500000", 2: "480000"})
    assert record(world, {1: "500000", 2: "490000", 3: ""}) == 1
    assert record(world, {2: ""}) == 1
    assert list(PayrollMonth.objects.values_list("month__month", "amount")) == [(1, D("500000"))]
    changes = [e.changes["amount"] for e in AuditEntry.objects.filter(action="payroll.record")]
    assert ["480000.00", "490000.00"] in changes and ["490000.00", None] in changes
    assert len(changes) == 4  # two months set, one corrected, one removed


def test_one_bad_month_writes_nothing(world):
    with pytest.raises(ValidationError) as exc:
        record(world, {1: "500000", 2: "12.345", 3: "-1"})
    text = "；".join(exc.value.messages)
    assert "2月工资总额" in text and "两位小数" in text and "3月工资总额" in text
    assert not PayrollMonth.objects.exists()


def test_only_the_finance_side_records_payroll(world):
    with pytest.raises(PermissionDenied):
        record(world, {1: "500000"}, actor=world.auditor)
    with pytest.raises(PermissionDenied):
        record(world, {1: "500000"}, actor=world.outsider)


def test_the_page_saves_the_year_and_the_statement_shows_the_shortfall(world, client_for):
    client = client_for(world.treasurer)
    url = f"/unions/school/finance/payroll/{YEAR}/"
    page = client.get(url).content.decode()
    assert "1月" in page and "12月" in page
    done = client.post(url, {"m1": "600,000.00", "m2": "600000"}, follow=True)
    html = done.content.decode()
    assert "已保存2026年工资总额（2 个月有变动）" in html
    assert "已登记 2 个月" in html and "24,000.00" in html and "单位尚欠拨缴" in html
    bad = client.post(url, {"m1": "abc"}).content.decode()
    assert "不是有效的金额" in bad
    assert client_for(world.auditor).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.outsider).post(url, {"m1": "1"}).status_code == 404
    assert PayrollMonth.objects.count() == 2


def test_the_spreadsheet_carries_the_employers_shortfall(world):
    import io

    import openpyxl

    from gonghui.finance import spreadsheets

    record(world, {1: "500000"})
    st = q.statements_for(world.chair, "school", YEAR)
    content = spreadsheets.statements_xlsx(
        actor=world.chair, statements=st, kinds=tuple(spreadsheets.KINDS)[:1]
    )
    ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = {r[1]: r[2] for r in ws.iter_rows(values_only=True) if r and len(r) > 2}
    assert rows["单位尚欠拨缴（负数为多拨）"] == 10000


def test_a_quarter_paid_ahead_reads_as_paid_more_not_as_a_negative_debt(world, client_for):
    record(world, {1: "100000"})
    ledger_voucher(world, [("402", "3000")], date=datetime.date(YEAR, 1, 15))
    html = client_for(world.chair).get(f"/unions/school/finance/statements/{YEAR}/")
    text = html.content.decode()
    assert '多拨 <span class="font-monospace">1,000.00</span> 元' in text
    assert "-1,000.00" not in text
