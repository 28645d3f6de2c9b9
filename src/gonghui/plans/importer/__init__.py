"""Plan importer: the text of a 年度工作计划 (pasted, .txt or .docx) → a ParsedPlan.

``read_document`` turns an upload into text, ``list_parts`` lists the plans of a document
holding several ("篇一", "篇二" …), ``parse_text`` parses one of them. Nothing is saved here;
``plans.services.plan_import`` saves a ParsedPlan.

The text goes through ``prepare``: tables written with bars (``tables``), page junk
(``junk``), sentences cut by line breaks joined (``text``), lines holding several units cut
apart (``segment``), what follows the plan on its page dropped; then ``parts`` finds the
plans and ``structure`` reads one; ``when``, ``recur`` and ``targets`` read each item.
"""

from __future__ import annotations

import re

from .junk import CUT, demojibake, drop_boiler_sentences, drop_nav, is_junk_line, strip_inline
from .model import ImportProblem, ParsedItem, ParsedPlan, ParsedSection, ParsedTarget
from .parts import is_part_heading, split_parts
from .reading import read_document
from .recur import rrule_for
from .segment import segment
from .structure import build
from .tables import pipe_tables
from .targets import find_targets, fits
from .text import join_broken, raw_lines, tidy
from .when import deadlines, months_and_due

__all__ = [
    "ImportProblem",
    "ParsedItem",
    "ParsedPlan",
    "ParsedSection",
    "ParsedTarget",
    "list_parts",
    "parse_text",
    "prepare",
    "read_document",
]

# A year's plan runs to a few thousand characters and a few hundred lines; a template page
# holding ten plans to some 21,000 characters and 300 lines. Longer text is not a plan, and
# reading it would keep the server busy (measured: about a second per 1,000 lines cut apart).
MAX_CHARS = 100_000
MAX_LINES = 3_000
EMPTY = "没有可导入的文字：请粘贴计划全文，或上传含有计划文字的 .docx / .txt 文件。"
NO_ITEMS = (
    "没有读出任何计划事项。请确认计划的每一项以“1、”“（一）”等编号开头，"
    "或月度安排的每个月份（如“三月份：”）单独起行。"
)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def _too_long(what: str) -> str:
    return f"文字过长（{what}）：一份年度工作计划通常只有几千字，请只粘贴或上传计划本身。"


def _unjunked(raw: list[str]) -> list[str]:
    lines: list[str] = []
    for raw_line in raw:
        fixed = "".join(demojibake(s) for s in _SENTENCE_END.split(raw_line))
        for piece in strip_inline(fixed).split("\n"):
            line = drop_boiler_sentences(drop_nav(tidy(piece)))
            if line and (CUT.search(line) or not is_junk_line(line, fragments=False)):
                lines.append(line)  # a CUT line stays, to drop what follows it
    return lines


def _without_trailing_junk(lines: list[str]) -> list[str]:
    """Lines up to what follows a plan on its page ("扫一扫", "相关文章" …), to the next part."""
    out: list[str] = []
    cutting = False
    for line in lines:
        if is_part_heading(line):
            cutting = False
        elif cutting:
            continue
        else:
            m = CUT.search(line)
            if m:
                cutting, line = True, line[: m.start()].strip()
        if line and not is_junk_line(line):
            out.append(line)
    return out


def prepare(text: str) -> list[str]:
    """The plan's lines, each one unit: a title, heading, item, month row or paragraph."""
    if not text or not text.strip():
        raise ImportProblem(EMPTY)
    if len(text) > MAX_CHARS:
        raise ImportProblem(_too_long(f"{len(text):,} 字"))
    lines = [line for line in raw_lines(text) if line.strip()]
    if len(lines) > MAX_LINES:
        raise ImportProblem(_too_long(f"{len(lines):,} 行"))
    lines = segment(join_broken(_unjunked(pipe_tables(lines))))
    if len(lines) > MAX_LINES:
        raise ImportProblem(_too_long(f"{len(lines):,} 段"))
    return _without_trailing_junk(lines)


def list_parts(text: str) -> list[tuple[int, str]]:
    """[(1, "基层工会年度工作计划篇一"), …]; [] when the text is one plain plan."""
    try:
        _preamble, parts = split_parts(prepare(text or ""))
    except ImportProblem:
        return []
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
    the first part when ``part`` is None, or the whole text when there are no parts.
    ImportProblem (in Chinese) when there is no text, too much, or no item in it."""
    preamble, parts = split_parts(prepare(text))
    if part is not None and not 1 <= part <= max(len(parts), 1):
        raise ImportProblem(f"文档中没有第{part}篇，共{max(len(parts), 1)}篇。")
    if parts:
        title, lines = parts[(part or 1) - 1]
    else:
        title, lines = "", preamble
    plan = build(lines)
    plan.title = title or plan.title
    if not plan.items:
        raise ImportProblem(NO_ITEMS)
    for item in plan.items:
        _enrich(item, year)
    return plan
