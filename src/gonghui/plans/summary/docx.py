"""The 年度工作总结 as a .docx in the GB/T 9704 layout of ``core.documents``: the title, the
blocks of the draft with the chair's edits in place of the drafts they replace, the two
tables of figures and targets, and the union's signature."""

from __future__ import annotations

import datetime

from gonghui.core import documents as d

from ..documents import heading, lines
from ..models import Plan
from .draft import Draft, build


def left_columns(table, *columns: int) -> None:
    """Long text (an item) reads better flush left than centred."""
    for row in table.rows[1:]:
        for col in columns:
            for p in row.cells[col].paragraphs:
                p.alignment = d.ALIGN["left"]


def render(draft: Draft) -> bytes:
    doc = d.new_document()
    d.title(doc, draft.title)
    for block in draft.blocks:
        if block.heading:
            heading(doc, block.text)
        elif not lines(doc, block.shown):
            d.para(doc)
    heading(doc, "附：主要数据")
    d.para(doc, f"统计期间：{d.cn_date(draft.start)}至{d.cn_date(draft.end)}。")
    if draft.metric_rows:
        d.table(doc, ["类别", "指标", "数值"], draft.metric_rows)
    if draft.target_rows:
        heading(doc, "附：目标完成情况")
        left_columns(d.table(doc, ["事项", "目标", "实际", "结果"], draft.target_rows), 0)
    d.signature(doc, draft.union.name, draft.today)
    return d.to_bytes(doc)


def summary_docx(plan: Plan, *, today: datetime.date) -> bytes:
    """The union's summary of the plan's year, with the chair's edits."""
    return render(build(plan.union, plan.year, today, plan))
