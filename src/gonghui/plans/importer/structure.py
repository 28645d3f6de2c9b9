"""Sections and items of one plan (one part of a document).

- "一、" (or "四. ") headings are sections; when a part has none, "（一）" headings are.
  With "一、" headings present, "（一）" lines are items of the current section.
- Numbered lines (1、 1. 1． （1） ①) are items; several on one line are split.
- A heading with nothing numbered beneath it is itself an item (its text is the heading
  followed by the paragraphs under it), and creates no section.
- An unnumbered paragraph after an item carries the item on; under a heading before any item
  it describes the section and is dropped once items follow.
- Paragraphs before the first heading, item or schedule row are the guiding idea.
- Month-schedule rows (``schedule``) become items with ``schedule=True`` in the section that
  heads the schedule, else in an added section "月度工作安排". The schedule runs until the
  next heading; an unnumbered paragraph longer than 80 characters closes it and is dropped
  (closing remarks such as "我们将在党总支的统一部署下……").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import ParsedItem, ParsedPlan, ParsedSection
from .schedule import find_run, month_line, schedule_months, split_numbered
from .text import SECTION_RE, SUBSECTION_RE, TERMINAL, is_headline, number_of

SCHEDULE_TITLE = "月度工作安排"
CLOSING_LENGTH = 80  # schedule activities are short; a longer plain paragraph ends the table
SCHEDULE_WORDS = re.compile(r"安排|行事历|日程|月历|进度|工作表|活动表")


@dataclass
class _Heading:
    number: str
    title: str
    typed: str = ""
    body: list[str] = field(default_factory=list)
    section: int | None = None


@dataclass
class _Month:
    months: list[int]
    theme: str
    count: int = 0


class _Builder:
    def __init__(self, has_sections: bool):
        self.has_sections = has_sections
        self.plan = ParsedPlan()
        self.guiding: list[str] = []
        self.heading: _Heading | None = None
        self.last_item: ParsedItem | None = None
        self.started = False
        self.sched_section: int | None = None
        self.month: _Month | None = None
        self.sched_heading_line: str | None = None

    # sections -----------------------------------------------------------------
    def section_of(self, heading: _Heading) -> int:
        if heading.section is None:
            self.plan.sections.append(ParsedSection(heading.number, heading.title))
            heading.section = len(self.plan.sections) - 1
        return heading.section

    def close_heading(self) -> None:
        h, self.heading = self.heading, None
        if h is None or h.section is not None:
            return
        text = h.title
        if h.body:
            sep = "" if not text or text[-1] in TERMINAL else "："
            text = text + sep + "".join(h.body)
        if text:
            self.add_item(h.typed, text, section=None)

    def open_heading(self, number: str, title: str, typed: str) -> None:
        self.end_month()
        self.close_heading()
        self.started = True
        self.heading = _Heading(number, title.rstrip("：: "), typed)
        self.last_item = None
        self.sched_section = None

    # items ----------------------------------------------------------------------
    def add_item(self, number: str, text: str, *, section: int | None, schedule=False):
        item = ParsedItem(section=section, number=number, text=text, schedule=schedule)
        self.plan.items.append(item)
        self.last_item = item
        return item

    def numbered(self, line: str) -> None:
        self.started = True
        section = self.section_of(self.heading) if self.heading else None
        for number, text in split_numbered(line):
            self.add_item(number, text, section=section)

    def paragraph(self, line: str) -> None:
        if self.last_item is not None:
            self.last_item.text += line
        elif self.heading is not None:
            self.heading.body.append(line)
        else:
            self.guiding.append(line)

    # schedule -------------------------------------------------------------------
    def start_schedule(self) -> int:
        if self.sched_section is not None:
            return self.sched_section
        h = self.heading
        if h is not None and h.section is None and not h.body:
            self.sched_section = self.section_of(h)  # "五、月度安排" heads the schedule
        else:
            self.close_heading()
            title = self.sched_heading_line or SCHEDULE_TITLE
            self.plan.sections.append(ParsedSection("", title))
            self.sched_section = len(self.plan.sections) - 1
            self.heading = _Heading("", title, section=self.sched_section)
        return self.sched_section

    def activity(self, number: str, text: str) -> None:
        assert self.month is not None
        self.add_item(number, text, section=self.sched_section, schedule=True).months = list(
            self.month.months
        )
        self.month.count += 1

    def end_month(self) -> None:
        m, self.month = self.month, None
        if m is not None and m.count == 0 and m.theme:
            self.month = m
            self.activity("", m.theme)
            self.month = None

    def end_schedule(self) -> None:
        self.end_month()
        self.heading = None
        self.last_item = None

    def month_row(self, months: list[int], rest: str, next_numbered: bool) -> None:
        self.started = True
        self.start_schedule()
        self.end_month()
        theme, run = find_run(rest)
        self.month = _Month(months, theme.strip("：: "))
        for number, text in run:
            self.activity(number, text)
        if not run and theme and not next_numbered:
            self.activity("", self.month.theme)  # "一月份召开八届四次教代会。"


def build(lines: list[str]) -> ParsedPlan:
    rows = schedule_months(lines)
    has_sections = any(SECTION_RE.match(line) for line in lines)
    b = _Builder(has_sections)
    title = ""
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if i in rows:
            months, rest = month_line(line)
            b.month_row(months, rest, next_numbered=number_of(nxt) is not None)
            continue
        if is_headline(line) and not b.started:
            title = title or line
            continue
        sec = SECTION_RE.match(line) or (not has_sections and SUBSECTION_RE.match(line))
        if sec:
            b.open_heading(sec.group(1), line[sec.end() :].strip(), line[: sec.end()].strip())
            continue
        if (
            not number_of(line)
            and i + 1 in rows
            and b.month is None
            and len(line) <= 15
            and line[-1] not in "。；;，,"
            and SCHEDULE_WORDS.search(line)
        ):
            b.sched_heading_line = line.rstrip("：:")
            continue
        if b.month is not None and len(line) > CLOSING_LENGTH and not number_of(line):
            b.end_schedule()  # a closing paragraph after the schedule, not an activity
            continue
        if b.month is not None:
            runs = split_numbered(line) if number_of(line) or SUBSECTION_RE.match(line) else None
            if runs is None:
                b.activity("", line)
            else:
                for number, text in runs:
                    b.activity(number, text)
            continue
        if number_of(line) or SUBSECTION_RE.match(line):
            if SUBSECTION_RE.match(line) and not number_of(line):
                m = SUBSECTION_RE.match(line)
                if line[m.end() :].strip():
                    b.started = True
                    section = b.section_of(b.heading) if b.heading else None
                    b.add_item(line[: m.end()].strip(), line[m.end() :].strip(), section=section)
            else:
                b.numbered(line)
            continue
        b.paragraph(line)
    b.end_month()
    b.close_heading()
    b.plan.title = title
    b.plan.guiding_idea = "\n".join(b.guiding)
    return b.plan
