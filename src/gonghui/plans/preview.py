"""The import preview: what the importer read, laid out as editable rows, and read back from
the submitted page. The rows travel in the page, so fixing a row loses nothing; the document
itself waits in the database (``core.uploads``, by the token in the page) until 保存 or 放弃,
and nothing of the plan is written before 保存.

Field names: ``sec-N-number``, ``sec-N-title``; ``it-N-keep``, ``it-N-section`` (a section
index or ""), ``it-N-number``, ``it-N-text``, ``it-N-months`` ("3、5"), ``it-N-due``,
``it-N-rrule``, ``it-N-schedule``, ``it-N-targets`` (JSON of the importer's targets) and
``it-N-t-K`` (a checkbox per target, kept when ticked).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from gonghui.core import metrics

from . import recurrence
from .importer import ParsedItem, ParsedPlan, ParsedSection, ParsedTarget

MAX_ROWS = 500


@dataclass
class Row:
    index: int
    keep: bool
    section: int | None
    number: str
    text: str
    months: str
    due: str
    rrule: str
    schedule: bool
    targets: list[dict]
    kept: list[bool]
    errors: list[str] = field(default_factory=list)

    @property
    def rrule_words(self) -> str:
        try:
            return recurrence.describe(recurrence.clean(self.rrule))
        except ValidationError:
            return ""

    @property
    def targets_json(self) -> str:
        return json.dumps(self.targets, ensure_ascii=False)

    @property
    def target_rows(self) -> list[tuple[int, dict, bool, str]]:
        return [
            (
                k,
                t,
                self.kept[k],
                (
                    metrics.get(t["metric"]).label
                    if t.get("metric") and metrics.get(t["metric"])
                    else ""
                ),
            )
            for k, t in enumerate(self.targets)
        ]


def _target_dict(t: ParsedTarget) -> dict:
    return {"text": t.text, "metric": t.metric, "op": t.op, "value": str(t.value), "unit": t.unit}


def to_rows(parsed: ParsedPlan) -> list[Row]:
    return [
        Row(
            index=i,
            keep=True,
            section=item.section,
            number=item.number,
            text=item.text,
            months="、".join(str(m) for m in item.months),
            due=item.due.isoformat() if item.due else "",
            rrule=item.rrule or "",
            schedule=item.schedule,
            targets=[_target_dict(t) for t in item.targets],
            kept=[True] * len(item.targets),
        )
        for i, item in enumerate(parsed.items)
    ]


def _count(post, name: str) -> int:
    try:
        return max(0, min(MAX_ROWS, int(post.get(name, "0"))))
    except ValueError:
        return 0


def _months(text: str) -> list[int]:
    values = [int(v) for v in re.findall(r"\d+", text or "")]
    if any(not 1 <= v <= 12 for v in values):
        raise ValueError
    return sorted(set(values))


def read_back(post) -> tuple[list[ParsedSection], list[Row]]:
    """The sections and rows as submitted, each row with its own Chinese errors."""
    sections = [
        ParsedSection(
            number=post.get(f"sec-{i}-number", "").strip(),
            title=post.get(f"sec-{i}-title", "").strip(),
        )
        for i in range(_count(post, "sections"))
    ]
    rows = []
    for i in range(_count(post, "items")):
        p = f"it-{i}-"
        try:
            targets = json.loads(post.get(p + "targets", "[]"))
            if not isinstance(targets, list):
                targets = []
        except ValueError:
            targets = []
        section = post.get(p + "section", "")
        row = Row(
            index=i,
            keep=bool(post.get(p + "keep")),
            section=int(section) if section.isdigit() and int(section) < len(sections) else None,
            number=post.get(p + "number", "").strip(),
            text=post.get(p + "text", "").strip(),
            months=post.get(p + "months", "").strip(),
            due=post.get(p + "due", "").strip(),
            rrule=post.get(p + "rrule", "").strip(),
            schedule=bool(post.get(p + "schedule")),
            targets=targets,
            kept=[bool(post.get(f"{p}t-{k}")) for k in range(len(targets))],
        )
        rows.append(row)
    return sections, rows


def to_parsed(*, title: str, guiding_idea: str, sections, rows: list[Row], year: int) -> ParsedPlan:
    """The plan to save from the submitted rows; raises ValidationError listing every row's
    problem (row numbers as the user sees them) when any row is wrong."""
    items, problems = [], []
    for row in rows:
        if not row.keep:
            continue
        where = f"第 {row.index + 1} 项"
        try:
            months = _months(row.months)
        except ValueError:
            row.errors.append("月份应为 1 至 12 的数字，如“3、9”。")
            months = []
        due = None
        if row.due:
            try:
                due = datetime.date.fromisoformat(row.due)
                if due.year != year:
                    row.errors.append(f"完成期限须在 {year} 年内。")
            except ValueError:
                row.errors.append("完成期限应为日期，如 2026-08-31。")
        try:
            rule = recurrence.clean(row.rrule)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            rule = ""
        if not row.text:
            row.errors.append("内容不能为空；不要的事项请取消勾选“保留”。")
        if row.schedule and not months:
            row.errors.append("月度安排中的事项须有月份。")
        targets = []
        for k, t in enumerate(row.targets):
            if not row.kept[k]:
                continue
            try:
                value = Decimal(str(t.get("value")))
            except (InvalidOperation, ValueError):
                continue
            targets.append(
                ParsedTarget(
                    text=str(t.get("text", ""))[:200],
                    metric=t.get("metric") if metrics.get(t.get("metric") or "") else None,
                    op=t.get("op", ">="),
                    value=value,
                    unit=str(t.get("unit", ""))[:8],
                )
            )
        problems.extend(f"{where}：{e}" for e in row.errors)
        items.append(
            ParsedItem(
                section=row.section,
                number=row.number,
                text=row.text,
                months=months,
                due=due,
                rrule=rule or None,
                targets=targets,
                schedule=row.schedule,
            )
        )
    if problems:
        raise ValidationError(problems)
    if not items:
        raise ValidationError("没有保留任何事项。")
    return ParsedPlan(title=title, guiding_idea=guiding_idea, sections=list(sections), items=items)
