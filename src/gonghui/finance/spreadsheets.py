"""The year-end statements as .xlsx, laid out the way a union accountant files them: a
merged bold title, 编制单位 / 期间 / 单位：元, a header, category rows with sub-items
indented, totals, and the signatures row; amounts as numbers in "#,##0.00", landscape,
fitted to the page width.

The figures are the statements query's (``queries.statements``), so the file and the
screen show the same sums.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gonghui.core.documents import cn_date
from gonghui.core.exports import put
from gonghui.core.text import clean_text

from .money import month_label
from .queries.budget import Execution, ExecutionRow
from .queries.statements import DuesCollection, IncomeExpense, Remittance, Statements
from .services.exports import finance_export

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0%"
SIGNATURES = (
    "单位负责人：　　　　财务负责人：　　　　经审委员会主任：　　　　制表人：　　　　制表日期："
)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
KINDS = {
    "income-expense": "收支决算表",
    "dues": "会费收缴表",
    "budget": "预算执行表",
}


def period_text(year: int) -> str:
    return f"期间：{year}年1月1日至{year}年12月31日"


class Sheet:
    """One statement sheet: writes rows top to bottom and remembers the width."""

    def __init__(self, ws: Worksheet, columns: list[tuple[str, float]]):
        self.ws = ws
        self.columns = columns
        self.width = len(columns)
        self.row = 1
        for i, (_, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def merged(self, text: str, *, font=None, align="left", height=None) -> None:
        ws = self.ws
        cell = put(ws.cell(self.row, 1), text)
        ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if font is not None:
            cell.font = font
        if height:
            ws.row_dimensions[self.row].height = height
        self.row += 1

    def heading(self, title: str, unit_name: str, year: int) -> None:
        self.merged(title, font=Font(bold=True, size=16), align="center", height=30)
        ws = self.ws
        half = max(1, self.width // 2)
        put(ws.cell(self.row, 1), f"编制单位：{unit_name}")
        ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=half)
        ws.cell(self.row, half + 1, period_text(year))
        if self.width - 1 > half + 1:
            ws.merge_cells(
                start_row=self.row,
                start_column=half + 1,
                end_row=self.row,
                end_column=self.width - 1,
            )
        unit = ws.cell(self.row, self.width, "单位：元")
        unit.alignment = Alignment(horizontal="right")
        self.row += 1
        for i, (label, _) in enumerate(self.columns, start=1):
            cell = put(ws.cell(self.row, i), label)
            cell.font = BOLD
            cell.fill = HEAD_FILL
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.header_row = self.row
        self.row += 1

    def line(self, values: list, *, bold=False, indent=0, formats: dict[int, str] | None = None):
        """One table row; Decimal values become numbers in the money format."""
        formats = formats or {}
        for i, value in enumerate(values, start=1):
            if value is None:
                value = ""
            cell = put(self.ws.cell(self.row, i), value)
            cell.border = BOX
            if bold:
                cell.font = BOLD
            if i in formats:
                cell.number_format = formats[i]
            elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                cell.number_format = MONEY_FORMAT
        if indent:
            self.ws.cell(self.row, 2).alignment = Alignment(indent=indent)
        self.row += 1

    def finish(self, union_name: str) -> None:
        self.row += 1
        today = timezone.localdate()
        self.merged(f"{SIGNATURES}{today.year}年{today.month}月{today.day}日", height=24)
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        ws.freeze_panes = ws.cell(self.header_row + 1, 1)
        # "&" starts a code in a page footer (&P: the page number); "&&" prints one.
        name = clean_text(union_name, multiline=False).replace("&", "&&")
        ws.oddFooter.center.text = f"{name} 第 &P 页 共 &N 页"


def _rate(pct: Decimal | None):
    return None if pct is None else pct / 100


def income_expense_sheet(ws: Worksheet, union_name: str, ie: IncomeExpense, rem: Remittance):
    ws.title = KINDS["income-expense"]
    s = Sheet(ws, [("科目编码", 11), ("项目", 30), ("本年决算数", 18), ("备注", 30)])
    s.heading(f"{union_name}{ie.year}年度收支决算表", union_name, ie.year)
    s.line(["", "一、收入", None, ""], bold=True)
    for r in ie.income:
        s.line([r.category.code, r.category.name, r.amount, ""], indent=2 if r.level else 1)
    s.line(["", "收入合计", ie.income_total, ""], bold=True)
    s.line(["", "二、支出", None, ""], bold=True)
    for r in ie.expense:
        s.line([r.category.code, r.category.name, r.amount, ""], indent=2 if r.level else 1)
    s.line(["", "支出合计", ie.expense_total, ""], bold=True)
    s.line(["", "三、本年收支结余", ie.balance, "收入合计－支出合计"], bold=True)
    s.row += 1
    s.merged(f"附：拨缴经费（基层留成比例 {rem.local_pct}%）", font=BOLD)
    if rem.payroll_months:
        s.line(["", f"单位工资总额（已登记 {rem.payroll_months} 个月）", rem.payroll, ""])
        s.line(["", f"按 {rem.funds_pct}% 应拨缴", rem.expected, "《工会法》第四十三条"])
        s.line(["", "单位尚欠拨缴（负数为多拨）", rem.short, "应拨缴 － 本年拨缴经费收入"])
    s.line(["", "本年拨缴经费收入", rem.received, ""])
    s.line(["", "应上缴上级", rem.due_upward, "拨缴经费收入 ×（1－留成比例）"])
    s.line(["", "已上缴上级", rem.paid_upward, "上缴上级支出科目"])
    s.line(["", "尚需上缴（负数为多缴）", rem.outstanding, ""], bold=True)
    s.finish(union_name)


def dues_sheet(ws: Worksheet, union_name: str, dues: DuesCollection):
    ws.title = KINDS["dues"]
    s = Sheet(
        ws,
        [
            ("月份", 12),
            ("工会小组", 16),
            ("应缴人数", 10),
            ("应缴金额", 15),
            ("足额缴纳人数", 13),
            ("实缴金额", 15),
            ("欠缴金额", 15),
            ("收缴率", 10),
        ],
    )
    s.heading(f"{union_name}{dues.year}年度会费收缴表", union_name, dues.year)
    counts = {3: "0", 5: "0", 8: RATE_FORMAT}

    def cells(label, group, c):
        return [
            label,
            group,
            c.people,
            c.charged,
            c.paid_people,
            c.paid,
            c.outstanding,
            _rate(c.rate),
        ]

    for m in dues.months:
        s.line(cells(month_label(m.month), "本月合计", m.total), bold=True, formats=counts)
        for name, cell in m.groups:
            s.line(cells("", name, cell), indent=1, formats=counts)
    s.line(cells("全年合计", "", dues.total), bold=True, formats=counts)
    if dues.by_group:
        s.row += 1
        s.merged("按小组汇总（全年）", font=BOLD)
        for name, cell in dues.by_group:
            s.line(cells("全年", name, cell), formats=counts)
    s.finish(union_name)


def _execution_cells(r: ExecutionRow) -> list:
    return [
        r.category.code,
        r.category.name if r.budgeted else f"{r.category.name}（预算未列）",
        r.budget,
        r.adjustments,
        r.effective,
        r.spent,
        r.in_progress,
        r.remaining if r.budgeted else None,
        _rate(r.pct),
    ]


def budget_sheet(ws: Worksheet, union_name: str, ex: Execution):
    ws.title = KINDS["budget"]
    s = Sheet(
        ws,
        [
            ("科目编码", 11),
            ("项目", 26),
            ("年初预算", 15),
            ("调整数", 13),
            ("调整后预算", 15),
            ("已记账", 15),
            ("在途", 13),
            ("剩余可用", 15),
            ("执行率", 9),
        ],
    )
    s.heading(f"{union_name}{ex.year}年度预算执行表", union_name, ex.year)
    rate = {9: RATE_FORMAT}
    if ex.budget is None:
        s.merged(f"{ex.year}年度尚未编制预算。")
    else:
        adopted = (
            f"{cn_date(ex.budget.adopted_on)}经{ex.budget.get_adopted_by_display()}审议通过"
            if ex.budget.adopted
            else "预算草稿（尚未审议通过）"
        )
        s.merged(adopted)
        for title, rows, total in (
            ("一、收入预算", ex.income, ex.income_total),
            ("二、支出预算", ex.expense, ex.expense_total),
        ):
            if not rows:
                continue
            s.line(["", title, *([None] * 7)], bold=True)
            for r in rows:
                s.line(_execution_cells(r), indent=2 if r.is_sub else 1, formats=rate)
            s.line(
                [
                    "",
                    "合计（已列预算）",
                    total["budget"],
                    total["adjustments"],
                    total["effective"],
                    total["spent"],
                    total["in_progress"],
                    total["remaining"],
                    _rate(total["pct"]),
                ],
                bold=True,
                formats=rate,
            )
    s.finish(union_name)


def statements_xlsx(*, actor, statements: Statements, kinds=tuple(KINDS)) -> bytes:
    """The chosen statements as one workbook (a sheet each). Taking the books out of the
    platform is an audit entry (``finance.export``)."""
    wb = Workbook()
    first = True
    name = statements.union.name
    for kind in kinds:
        ws = wb.active if first else wb.create_sheet()
        first = False
        if kind == "income-expense":
            income_expense_sheet(ws, name, statements.income_expense, statements.remittance)
        elif kind == "dues":
            dues_sheet(ws, name, statements.dues)
        elif kind == "budget":
            budget_sheet(ws, name, statements.execution)
        else:
            raise ValueError(f"unknown statement {kind!r}")
    buffer = io.BytesIO()
    wb.save(buffer)
    # Built before the audit entry's transaction: on SQLite it holds the one write lock.
    finance_export(
        actor=actor,
        union=statements.union,
        year=statements.year,
        statements=[KINDS[k] for k in kinds],
    )
    return buffer.getvalue()
