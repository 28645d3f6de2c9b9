"""The evaluation result table as .xlsx, in the house layout of ``finance/spreadsheets.py``:
a merged bold title, 单位 / 会议 / 评议时间, a boxed header, one row per manager with the
count per level, valid ballots and 满意率 (a number in "0.00%"), the managers below the
line filled amber, a note on the formula, and the signatures row. The figures are the
result query's, so the file and the page agree."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gonghui.core.exports import put
from gonghui.finance.spreadsheets import BOLD, BOX, HEAD_FILL

from .queries.evaluation import EvaluationResult

RATE_FORMAT = "0.00%"
LOW_FILL = PatternFill("solid", fgColor="FFE699")
SIGNATURES = "监票人：　　　　　　计票人：　　　　　　职代会秘书处（盖章）　　　　　　日期："
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(result: EvaluationResult) -> str:
    return f"{result.evaluation.title}结果.xlsx"


def workbook(result: EvaluationResult, *, exported_by: str = "") -> bytes:
    ev = result.evaluation
    sitting = ev.sitting
    columns = ["序号", "姓名", "职务", *result.levels, "有效票", "满意率"]
    width = len(columns)
    wb = Workbook()
    ws = wb.active
    ws.title = "民主评议结果"
    for i, w in enumerate([6, 10, 18, *[9] * len(result.levels), 8, 10], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    row = 1

    def merged(text: str, *, font=None, align="left", height=None) -> None:
        nonlocal row
        cell = put(ws.cell(row, 1), text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if font is not None:
            cell.font = font
        if height:
            ws.row_dimensions[row].height = height
        row += 1

    merged(f"{ev.title}结果统计表", font=Font(bold=True, size=16), align="center", height=30)
    when = timezone.localtime(ev.closed_at) if ev.closed_at else None
    period = f"评议时间：{when.year}年{when.month}月{when.day}日" if when else ""
    merged(f"单位：{sitting.term.union.name}　　会议：{sitting.name}　　{period}")
    merged(
        f"应到代表 {ev.seated or 0} 人，实到 {ev.present or 0} 人，收回有效票 {result.ballots} 张；"
        f"满意率警示线 {result.threshold_label}"
    )
    for i, label in enumerate(columns, start=1):
        cell = put(ws.cell(row, i), label)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row += 1
    for r in result.rows:
        values = [r.order, r.name, r.post, *r.counts, r.valid, r.rate]
        for i, value in enumerate(values, start=1):
            cell = put(ws.cell(row, i), "" if value is None else value)
            cell.border = BOX
            if r.highlighted:
                cell.fill = LOW_FILL
        rate = ws.cell(row, width)
        rate.number_format = RATE_FORMAT
        if r.rate is not None:
            rate.value = float(r.rate)  # Excel stores numbers as doubles; 4 places survive.
        row += 1
    satisfied = "＋".join(result.levels[: ev.satisfied_levels])
    merged(
        f"注：满意率 =（{satisfied}）÷ 有效票；低于 {result.threshold_label} 的以底色标出。",
        height=20,
    )
    row += 1
    merged(SIGNATURES, height=24)
    stamp = timezone.localtime()
    merged(f"导出人：{exported_by}　导出时间：{stamp:%Y-%m-%d %H:%M}", font=Font(size=9))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
