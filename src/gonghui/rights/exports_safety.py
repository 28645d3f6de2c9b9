"""隐患整改台账 as a spreadsheet: every hazard of the union (of a year, by the day found) with
its inspection, level, 整改责任人, deadline, 整改, 复查 and state — the ledger inspectors ask
for (档案互查). Every text goes through ``core.exports.XlsxSheet``: a location typed as
``=HYPERLINK(…)`` stays text, a control character pasted from Word is taken out. One query
whatever the number of rows."""

from __future__ import annotations

import datetime
import io

from gonghui.core.exports import XlsxSheet
from gonghui.orgs.models import Union

from .models_safety import Hazard, HazardState

HEADER = (
    "序号",
    "检查日期",
    "检查类型",
    "岗位/部位",
    "隐患描述",
    "等级",
    "发现日期",
    "整改责任人",
    "责任部门",
    "整改期限",
    "整改完成日期",
    "整改措施",
    "销号日期",
    "状态",
    "报告情况",
)
HEADER_STYLE = {"bold": True, "border": 1, "bg_color": "#F2F2F2"}


def hazard_ledger(union: Union, year: int, today: datetime.date) -> bytes:
    rows = (
        Hazard.objects.filter(union=union, found_on__year=year)
        .select_related("inspection")
        .order_by("found_on", "id")
    )
    out = io.BytesIO()
    sheet = XlsxSheet(
        out,
        "隐患整改台账",
        widths=(6, 12, 10, 18, 30, 6, 12, 14, 12, 12, 12, 30, 12, 14, 20),
        freeze=(2, 0),
    )
    sheet.merged(f"{union.name} {year}年隐患整改台账", len(HEADER), {"bold": True})
    sheet.append(HEADER, HEADER_STYLE)
    for number, h in enumerate(rows, 1):
        state = h.get_state_display()
        if h.state != HazardState.CLOSED and h.deadline < today:
            state += "（逾期）"
        reported = f"{h.escalated_on:%Y-%m-%d} 报告{h.escalated_to}" if h.escalated_on else ""
        sheet.append(
            [
                number,
                h.inspection.held_on,
                h.inspection.get_kind_display(),
                h.location,
                h.description,
                h.get_level_display(),
                h.found_on,
                h.owner,
                h.owner_dept,
                h.deadline,
                h.rectified_on,
                h.measure,
                h.closed_on,
                state,
                reported,
            ]
        )
    sheet.close()
    return out.getvalue()
