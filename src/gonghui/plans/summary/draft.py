"""The 年度工作总结 as a list of blocks (headings and paragraphs), built from the records:

1. the opening — the plan's items by their status (``plans.summary.contributor``);
2. the plan's sections in order, each with what was done and what was not and why
   (``prose``), followed by the paragraphs of ``core.summary`` whose topics the section's
   title names (the congress under "推进民主管理", the roster under "加强组织建设");
3. the areas that have records but no section of the plan, each under its own heading;
4. 存在的不足和明年打算, a draft from the facts: targets short, items overdue or not
   recorded, and the modules' shortfalls (proposals unanswered, members in arrears);
5. two tables: the main figures (``core.metrics``) and the targets.

Each paragraph has a stable ``key``; the chair's edit of it (``SummaryText``) is kept under
that key and replaces the draft when the page or the .docx shows it. A federation, which
keeps no plan, gets the opening and the areas, each adding up the unions beneath it.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from gonghui.core import metrics
from gonghui.core import summary as registry
from gonghui.core.summary import Paragraph, Writer

from .. import queries
from .. import targets as t
from ..documents import NO_DATA, blocks, format_figure, goal_text, section_heading
from ..models import Item, Plan, SummaryText
from ..status import of as status_of
from . import prose

OPENING = "plans.items"
SHORTFALLS = "shortfalls"
NEXT_YEAR = "next_year"
CLOSING_HEADING = "存在的不足和明年打算"
OTHER_HEADINGS = {
    "会员": "组织建设和会员工作",
    "经费": "经费管理和帮扶工作",
    "职代会": "民主管理工作",
}
NO_SHORTFALLS = "（请根据本年度工作情况填写存在的不足。）"
NEXT_TEXT = (
    "明年，工会将针对以上不足，把未完成的事项和未达到的目标列入明年的工作计划，"
    "逐项明确责任人和完成时间，按月跟踪落实。"
)


@dataclass
class Block:
    key: str  # "" for a heading
    text: str  # the draft, from the records
    heading: bool = False
    figures: tuple[str, ...] = ()
    edit: SummaryText | None = None

    @property
    def shown(self) -> str:
        """What the page and the .docx show: the chair's edit, else the draft."""
        return self.edit.text if self.edit is not None else self.text

    @property
    def edited(self) -> bool:
        return self.edit is not None

    @property
    def stale(self) -> bool:
        """Edited over a draft the records have since changed."""
        return self.edit is not None and self.edit.draft != self.text


@dataclass
class Draft:
    union: object
    year: int
    today: datetime.date
    start: datetime.date
    end: datetime.date
    plan: Plan | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    # the chair's edits whose paragraph the draft no longer has (a section renamed or the
    # plan's sections gone): shown on the page to copy or drop, never silently lost
    orphans: list[SummaryText] = field(default_factory=list)
    metric_rows: list[list[str]] = field(default_factory=list)
    target_rows: list[list[str]] = field(default_factory=list)

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if not b.heading]

    def block(self, key: str) -> Block | None:
        return next((b for b in self.blocks if b.key == key and not b.heading), None)

    def orphan(self, key: str) -> SummaryText | None:
        return next((e for e in self.orphans if e.key == key), None)


def status_day(end: datetime.date) -> datetime.date:
    """The day the statuses are read on: the period's last day, or, once the year has ended
    (its last day counted), the day after, so that the year counts as over."""
    last = datetime.date(end.year, 12, 31)
    return end + datetime.timedelta(days=1) if end == last else end


def _para(key: str, w: Writer, text: str) -> Block:
    return Block(key, text, figures=tuple(w.figures))


def _from(p: Paragraph) -> Block:
    return Block(p.key, p.text, figures=p.figures)


def _rows(items: list[Item], today: datetime.date) -> list[tuple[Item, object, list]]:
    out = []
    for item in items:
        progress = [
            t.evaluate(target, union=item.plan.union, year=item.plan.year, today=today)
            for target in item.targets.all()
        ]
        out.append((item, status_of(item, today, progress=progress), progress))
    return out


def _section_blocks(key: str, label: str, rows) -> list[Block]:
    w = Writer()
    out = [_para(f"{key}.done", w, prose.done_paragraph(w, rows, label))]
    w = Writer()
    rest = prose.open_paragraph(w, rows)
    if rest:
        out.append(_para(f"{key}.open", w, rest))
    return out


def _matches(p: Paragraph, title: str) -> bool:
    return any(word in title for word in p.topics)


def section_key(title: str, taken: set[str]) -> str:
    """A key that survives importing the plan again: the section's title (its digest, for a
    key fit for a page anchor), numbered when two sections share a title."""
    key = "section." + hashlib.sha1(title.strip().encode()).hexdigest()[:12]
    n, found = 1, key
    while found in taken:
        n += 1
        found = f"{key}.{n}"
    taken.add(found)
    return found


def _plan_blocks(draft: Draft, plan: Plan, found: list[Paragraph], rows_out: list) -> None:
    items = list(queries.items(plan))
    rows = _rows(items, status_day(draft.end))
    rows_out.extend(rows)
    row_of = {r[0].pk: r for r in rows}
    taken: set[str] = set()
    for section, own in blocks(plan, items):
        own_rows = [row_of[i.pk] for i in own]
        if section is not None:
            draft.blocks.append(Block("", section_heading(section), heading=True))
        if own:
            label = "本部分"
            if section is None:
                label = "月度工作安排" if all(i.in_schedule for i in own) else "其他事项"
            key = section_key(section.title if section is not None else label, taken)
            draft.blocks.extend(_section_blocks(key, label, own_rows))
        title = section.title if section is not None else ""
        for p in [p for p in found if title and not p.shortfall and _matches(p, title)]:
            draft.blocks.append(_from(p))
            found.remove(p)


def _shortfalls(rows, found: list[Paragraph]) -> Block:
    w = Writer()
    facts = prose.shortfall_items(w, rows)
    for p in found:
        if p.shortfall:
            w.figures.extend(p.figures)
            facts.append(p.text.rstrip("。"))
    text = prose.numbered(facts) if facts else NO_SHORTFALLS
    return _para(SHORTFALLS, w, text)


def _metric_rows(union, start, end) -> list[list[str]]:
    return [
        [m.area, m.label, format_figure(m.value(union, start, end), m.unit)]
        for m in metrics.all_metrics()
    ]


def _target_rows(draft: Draft, rows) -> list[list[str]]:
    out = []
    for item, _s, progress in rows:
        for p in progress:
            actual = (
                "—"
                if p.metric is None
                else (NO_DATA if p.actual is None else format_figure(p.actual, p.metric.unit))
            )
            out.append([str(item), goal_text(p.target), actual, p.label])
    return out


def build(union, year: int, today: datetime.date, plan: Plan | None = None) -> Draft:
    """The draft of ``union``'s summary of ``year`` as the records stand on ``today``, with
    the chair's edits attached (not yet applied: ``Block.shown``)."""
    start, end, _over = t.period(year, today)
    if plan is None and not union.is_federation:
        plan = queries.plan_for(union, year)
    draft = Draft(union, year, today, start, end, plan, f"{union.name}{year}年工作总结")
    with metrics.request_memo():
        found = registry.paragraphs(union, start, end)
        opening = [p for p in found if p.key == OPENING]
        found = [p for p in found if p.key != OPENING]
        draft.blocks.extend(_from(p) for p in opening)
        rows: list = []
        if plan is not None:
            _plan_blocks(draft, plan, found, rows)
        for p in [p for p in found if not p.shortfall]:
            heading = OTHER_HEADINGS.get(p.area, f"{p.area}工作")
            if not any(b.heading and b.text == heading for b in draft.blocks):
                draft.blocks.append(Block("", heading, heading=True))
            draft.blocks.append(_from(p))
        draft.blocks.append(Block("", CLOSING_HEADING, heading=True))
        draft.blocks.append(_shortfalls(rows, found))
        draft.blocks.append(Block(NEXT_YEAR, NEXT_TEXT))
        draft.metric_rows = _metric_rows(union, start, end)
        draft.target_rows = _target_rows(draft, rows)
    _attach_edits(draft)
    return draft


def _attach_edits(draft: Draft) -> None:
    edits = {
        e.key: e
        for e in SummaryText.objects.filter(union=draft.union, year=draft.year).select_related(
            "edited_by"
        )
    }
    for b in draft.blocks:
        if not b.heading:
            b.edit = edits.pop(b.key, None)
    draft.orphans = sorted(edits.values(), key=lambda e: e.edited_at)
