"""年度工作总结: the year-end summary written from the records only.

Every figure in it is read from the database when the document is made: the item counts
by status (one aggregate query), each item's status, completion date and linked records,
every metric of ``core.metrics`` for the plan year, and each target's evaluation by
``plans.targets.evaluate``. Nothing is phrased that the records do not say; the closing
part is left blank for the chair to write.
"""

from __future__ import annotations

import datetime

from gonghui.core import documents as d
from gonghui.core import metrics

from . import queries
from . import targets as t
from .documents import (
    NO_DATA,
    blocks,
    format_figure,
    goal_text,
    heading,
    item_month_list,
    item_text,
    lines,
    plan_items,
    section_heading,
)
from .models import Item, ItemStatus, Plan

BLANK_LINES = 8


def opening(plan: Plan) -> str:
    from django.db.models import Count, Q

    c = queries.Counts(
        **plan.items.aggregate(
            total=Count("id"),
            done=Count("id", filter=Q(status=ItemStatus.DONE)),
            doing=Count("id", filter=Q(status=ItemStatus.DOING)),
            planned=Count("id", filter=Q(status=ItemStatus.PLANNED)),
            dropped=Count("id", filter=Q(status=ItemStatus.DROPPED)),
        )
    )
    return (
        f"本年度工作计划共列出 {c.total} 个事项，已完成 {c.done} 项，进行中 {c.doing} 项，"
        f"未开始 {c.planned} 项，取消 {c.dropped} 项。"
    )


def status_text(item: Item) -> str:
    """What the records say of an item: 已完成（date）, 已取消（notes）, or 未完成."""
    if item.status == ItemStatus.DONE:
        return f"已完成（{d.cn_date(item.done_on)}）" if item.done_on else "已完成"
    if item.status == ItemStatus.DROPPED:
        note = " ".join(item.notes.split())
        return f"已取消（{note}）" if note else "已取消"
    if item.status == ItemStatus.DOING:
        return "进行中，未完成"
    return "未开始，未完成"


def link_texts(item: Item) -> list[str]:
    return [f"{d.cn_date(link.linked_on)}　{link.label}" for link in item.links.all()]


def _item(doc, item: Item) -> None:
    text = item_text(item)
    if item.in_schedule:  # a month-schedule activity: "3月：庆祝三八节"
        text = f"{'、'.join(f'{m}月' for m in item_month_list(item)) or '全年'}：{text}"
    if not lines(doc, text):
        d.para(doc, text)
    d.para(doc, f"完成情况：{status_text(item)}")
    links = link_texts(item)
    if links:
        d.para(doc, "落实记录：")
        for text in links:
            d.para(doc, text)


def metric_rows(union, start: datetime.date, end: datetime.date) -> list[list[str]]:
    return [
        [m.area, m.label, format_figure(m.value(union, start, end), m.unit), m.describe]
        for m in metrics.all_metrics()
    ]


def actual_text(progress: t.Progress) -> str:
    if progress.metric is None:
        return "—"
    if progress.actual is None:
        return NO_DATA
    return format_figure(progress.actual, progress.metric.unit)


def target_rows(plan: Plan, items: list[Item], today: datetime.date) -> list[list[str]]:
    rows = []
    for item in items:
        for target in item.targets.all():
            progress = t.evaluate(target, union=plan.union, year=plan.year, today=today)
            rows.append([str(item), goal_text(target), actual_text(progress), progress.label])
    return rows


def left_columns(table, *columns: int) -> None:
    """Long text (a sentence, an item) reads better flush left than centred."""
    for row in table.rows[1:]:
        for col in columns:
            for p in row.cells[col].paragraphs:
                p.alignment = d.ALIGN["left"]


def summary_docx(plan: Plan, *, today: datetime.date) -> bytes:
    union = plan.union
    items = plan_items(plan)
    parts = blocks(plan, items)
    start, end, _over = t.period(plan.year, today)
    doc = d.new_document()
    d.title(doc, f"{union.name}{plan.year}年工作总结")
    d.para(doc, opening(plan))

    for section, own in parts:
        if section is not None:
            heading(doc, section_heading(section))
        for item in own:
            _item(doc, item)

    heading(doc, "主要数据")
    d.para(doc, f"统计期间：{d.cn_date(start)}至{d.cn_date(end)}。")
    rows = metric_rows(union, start, end)
    if rows:
        left_columns(d.table(doc, ["类别", "指标", "数值", "说明"], rows), 3)
    else:
        d.para(doc, "尚无登记的统计指标。")

    heading(doc, "目标完成情况")
    ordered = [item for _, own in parts for item in own]
    rows = target_rows(plan, ordered, today)
    if rows:
        left_columns(d.table(doc, ["事项", "目标", "实际", "结果"], rows), 0)
    else:
        d.para(doc, "本年度工作计划未设置量化目标。")

    heading(doc, "存在的不足和明年打算")
    for _ in range(BLANK_LINES):
        d.para(doc)

    d.signature(doc, union.name, today)
    return d.to_bytes(doc)
