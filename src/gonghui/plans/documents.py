"""The plan's two Word documents, in the GB/T 9704 layout of ``core/documents.py``:

- :func:`plan_docx`, the 年度工作计划 as typed: title, guiding idea, sections and items with
  their numbering, each item followed by its deadline, recurrence, owner and targets in a
  smaller run, the month schedule as a table, and the union's signature;
- :func:`summary_docx` (in ``summary.py``), the 年度工作总结 written from the records.

The small wording helpers here (:func:`format_figure`, :func:`recurrence.describe`,
:func:`goal_text`, :func:`blocks`) are shared by both documents and are
meant for the plan pages too, so a figure or a rule reads the same everywhere.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from docx.shared import Pt, RGBColor

from gonghui.core import documents as d
from gonghui.core import metrics
from gonghui.core.exports import docx_text

from . import queries, recurrence
from .models import Item, Op, Plan, Section
from .owners import owner_label

NOTE_SIZE = Pt(12)
NOTE_COLOR = RGBColor(0x59, 0x59, 0x59)
NO_DATA = "—（无数据）"
SCHEDULE_HEADING = "月度工作安排"
OP_SIGNS = dict(Op.choices)

# --- figures -------------------------------------------------------------------------


def plain_number(value: Decimal) -> str:
    """300.00 → "300", 6.50 → "6.5" (no exponent, no trailing zeros)."""
    text = f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_figure(value: Decimal | None, unit: str) -> str:
    """A metric's figure as the documents and pages print it: 95.5 % → "95.50%",
    1234.5 元 → "1,234.50元", 300 人 → "300人"; None → "—（无数据）"."""
    if value is None:
        return NO_DATA
    value = Decimal(value)
    if unit == "%":
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):f}%"
    if unit == "元":
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,}元"
    return f"{plain_number(value)}{unit}"


def goal_text(target) -> str:
    """ "新入会人数 ≥ 300人" for a mapped target; the words of the plan (or "≥ 95%") for an
    unmapped one."""
    metric = metrics.get(target.metric) if target.metric else None
    sign = OP_SIGNS.get(target.op, target.op)
    unit = target.unit or (metric.unit if metric else "")
    goal = f"{sign} {plain_number(target.value)}{unit}"
    if metric is not None:
        return f"{metric.label} {goal}"
    return target.text or goal


# --- order of the plan ---------------------------------------------------------------


def plan_items(plan: Plan) -> list[Item]:
    return list(queries.items(plan))


def blocks(plan: Plan, items: list[Item]) -> list[tuple[Section | None, list[Item]]]:
    """The plan as it reads: each section (in section order) with its items (in item
    order); an item without a section stands where its ``order`` puts it, before the first
    section whose items come after it."""
    loose = [i for i in items if i.section_id is None]
    by_section: dict[int, list[Item]] = {}
    for item in items:
        if item.section_id is not None:
            by_section.setdefault(item.section_id, []).append(item)
    result: list[tuple[Section | None, list[Item]]] = []
    for section in plan.sections.order_by("order", "id"):
        own = by_section.get(section.pk, [])
        if own:
            ahead = [i for i in loose if i.order < own[0].order]
            loose = loose[len(ahead) :]
            if ahead:
                result.append((None, ahead))
        result.append((section, own))
    if loose:
        result.append((None, loose))
    return result


# A number a line starts with: 1、 1. 1． （1） (1) ① 一、 一． — not "3.8妇女节" or "3、8妇女节"
# (a festival written like a number: a digit follows). LEADING_NUMBER, which strips any
# number, neither takes "七、八月份" (two months); OWN_NUMBER, which strips only the item's
# own number, does ("2、十一月份培训" under number 2).
_NUMERAL = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"


def _number_pattern(guard: str) -> re.Pattern:
    return re.compile(
        rf"\s*(?:[（(]\s*(?P<p>{_NUMERAL})\s*[）)]|(?P<c>[①-⑳])"
        rf"|(?P<n>{_NUMERAL})\s*[、.．,，](?![0-9]{guard}))\s*"
    )


LEADING_NUMBER = _number_pattern("|[一二三四五六七八九十]{1,3}月")
OWN_NUMBER = _number_pattern("")
CN_DIGITS = "一二三四五六七八九"


def number_value(token: str) -> int | None:
    """1 for "1", "1、", "一", "（一）", "①"; 12 for "十二"; None for anything else."""
    m = OWN_NUMBER.match(token.strip() + "、")
    if m is None:
        return None
    if m["c"]:
        return ord(m["c"]) - ord("①") + 1
    word = m["p"] or m["n"]
    if word.isdigit():
        return int(word)
    tens, ten, ones = word.rpartition("十")
    try:
        if not ten:
            return CN_DIGITS.index(ones) + 1 if len(ones) == 1 else None
        high = CN_DIGITS.index(tens) + 1 if tens else 1
        return high * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    except ValueError:  # "十十", "一二"
        return None


def without_number(text: str, number: str = "") -> str:
    """``text`` without the number it starts with — only that ``number`` when one is given
    (an item typed or imported as "1、做好…" under its own number 1 is printed once)."""
    m = (OWN_NUMBER if number else LEADING_NUMBER).match(text)
    if m is None or (number and number_value(m.group()) != number_value(number)):
        return text
    return text[m.end() :]


def _numbered(number: str, text: str) -> str:
    number, text = number.strip(), text.strip()
    if not number:
        return text
    joiner = "" if number[-1] in "、.．）)" else "、"
    return f"{number}{joiner}{without_number(text, number)}"


def section_heading(section: Section) -> str:
    return _numbered(section.number, section.title)


def item_text(item: Item) -> str:
    return _numbered(item.number, item.text)


def heading(doc, text: str):
    return d.para(doc, text, font=d.HEADING_FONT)


def lines(doc, text: str, *, indent: bool = True) -> list:
    cleaned = docx_text(text)  # before splitting: splitlines() breaks at \x0b, \x1c…
    return [d.para(doc, line, indent=indent) for line in cleaned.splitlines() if line.strip()]


# --- 年度工作计划 ----------------------------------------------------------------------


def item_month_list(item: Item) -> list[int]:
    """The item's own months (1–12, sorted), else its deadline's month, else []."""
    months = []
    for m in item.months or []:
        try:
            months.append(int(m))
        except (TypeError, ValueError):
            continue
    months = sorted({m for m in months if 1 <= m <= 12})
    if not months and item.due:
        months = [item.due.month]
    return months


def item_notes(item: Item) -> list[str]:
    notes = []
    if item.due:
        notes.append(f"完成期限：{d.cn_date(item.due)}")
    if item.rrule:
        notes.append(recurrence.describe(item.rrule))
    owner = owner_label(item)
    if owner != "—":
        notes.append(f"责任人：{owner}")
    for target in item.targets.all():
        notes.append(f"目标：{goal_text(target)}")
    return notes


def _item(doc, item: Item) -> None:
    paragraphs = lines(doc, item_text(item)) or [d.para(doc, item_text(item))]
    notes = item_notes(item)
    if notes:
        run = d.run(paragraphs[-1], f"（{'；'.join(notes)}）", d.BODY_FONT, NOTE_SIZE)
        run.font.color.rgb = NOTE_COLOR


def _cell_lines(cell, texts: list[str]) -> None:
    d.cell_text(cell, texts[0] if texts else "", align="left")
    for text in texts[1:]:
        p = cell.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        d.run(p, text, d.BODY_FONT, d.TABLE_SIZE)


def schedule_rows(items: list[Item]) -> list[tuple[str, list[str]]]:
    """(月份, activities) for each month 1–12 that has one, then 全年 for activities with
    no month; an activity of two months ("7月8月份") is in both rows."""
    months: dict[int, list[str]] = {}
    for item in items:
        for m in item_month_list(item) or [0]:
            months.setdefault(m, []).append(without_number(item.text.strip()))
    rows = [(f"{m}月" if m else "全年", months[m]) for m in sorted(months, key=lambda m: m or 13)]
    return [(label, [f"{i}、{t}" for i, t in enumerate(acts, 1)]) for label, acts in rows]


def schedule_table(doc, items: list[Item]) -> None:
    t = d.table(doc, ["月份", "工作安排"], [])
    for label, acts in schedule_rows(items):
        cells = t.add_row().cells
        d.cell_text(cells[0], label)
        _cell_lines(cells[1], acts)


def plan_date(plan: Plan) -> datetime.date:
    return timezone.localtime(plan.created_at).date() if plan.created_at else timezone.localdate()


def plan_docx(plan: Plan) -> bytes:
    union = plan.union
    items = plan_items(plan)
    parts = blocks(plan, items)
    schedule = [i for i in items if i.in_schedule]
    doc = d.new_document()
    d.title(doc, plan.title or f"{union.name}{plan.year}年工作计划")
    sections = [s for s, _ in parts if s is not None]
    # The guiding idea goes under the plan's own "指导思想" section when its first section
    # is that, else under an added heading.
    idea_section = sections[0] if sections and "指导思想" in sections[0].title else None
    if plan.guiding_idea.strip() and idea_section is None:
        # A plan whose own sections are numbered from 一 keeps its numbers; the added
        # heading then goes unnumbered rather than give two "一、".
        taken = any(s.number.strip().rstrip("、.．") in ("一", "（一）") for s in sections)
        heading(doc, "指导思想" if taken else "一、指导思想")
        lines(doc, plan.guiding_idea)
    placed = False
    for section, own in parts:
        if section is not None:
            heading(doc, section_heading(section))
        if section is not None and section is idea_section:
            lines(doc, plan.guiding_idea)
        for item in own:
            if not item.in_schedule:
                _item(doc, item)
        if schedule and not placed and any(i.in_schedule for i in own):
            if section is None:
                heading(doc, SCHEDULE_HEADING)
            schedule_table(doc, schedule)
            placed = True
    if schedule and not placed:
        heading(doc, SCHEDULE_HEADING)
        schedule_table(doc, schedule)
    d.signature(doc, union.name, plan_date(plan))
    return d.to_bytes(doc)


def summary_docx(plan: Plan, *, today: datetime.date) -> bytes:
    from .summary import summary_docx as build

    return build(plan, today=today)
