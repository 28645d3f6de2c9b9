"""Plan importer: the text of a 年度工作计划 (pasted, .txt or .docx) → a ParsedPlan.

``read_document`` turns an upload into text, ``list_parts`` lists the plans of a document
holding several ("篇一", "篇二" …), ``parse_text`` parses one of them. Nothing is saved here;
``plans.services.plan_import`` saves a ParsedPlan.
"""

from __future__ import annotations

from .model import ImportProblem, ParsedItem, ParsedPlan, ParsedSection, ParsedTarget
from .reading import read_document
from .recur import rrule_for
from .structure import build
from .targets import find_targets, fits
from .text import clean_lines, split_parts
from .when import deadlines, months_and_due

__all__ = [
    "ImportProblem",
    "ParsedItem",
    "ParsedPlan",
    "ParsedSection",
    "ParsedTarget",
    "list_parts",
    "parse_text",
    "read_document",
]


def list_parts(text: str) -> list[tuple[int, str]]:
    """[(1, "基层工会年度工作计划篇一"), …]; [] when the text is one plain plan."""
    _preamble, parts = split_parts(clean_lines(text or ""))
    return [(n, title) for n, (title, _lines) in enumerate(parts, start=1)]


def _metric_for(clause: str, unit: str) -> str | None:
    from gonghui.core import metrics

    metric = metrics.match(clause)
    if metric is None or not fits(metric.unit, unit):
        return None
    return metric.key


def _enrich(item: ParsedItem, year: int) -> None:
    if item.schedule:
        item.due, _months = deadlines(item.text, year)
    else:
        item.months, item.due = months_and_due(item.text, year)
    item.rrule = rrule_for(item.text)
    item.targets = [
        ParsedTarget(
            text=found.text,
            metric=_metric_for(found.clause, found.unit),
            op=found.op,
            value=found.value,
            unit=found.unit,
        )
        for found in find_targets(item.text)
    ]


def parse_text(text: str, *, year: int, part: int | None = None) -> ParsedPlan:
    """Parse one plan out of ``text``: part ``part`` (1-based) of a document holding several,
    the first part when ``part`` is None, or the whole text when there are no parts."""
    preamble, parts = split_parts(clean_lines(text or ""))
    if part is not None and not 1 <= part <= max(len(parts), 1):
        raise ImportProblem(f"文档中没有第{part}篇，共{max(len(parts), 1)}篇。")
    if parts:
        title, lines = parts[(part or 1) - 1]
    else:
        title, lines = "", preamble
    plan = build(lines)
    plan.title = title or plan.title
    for item in plan.items:
        _enrich(item, year)
    return plan
