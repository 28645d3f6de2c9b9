"""Sections and items of one plan (one part of a document).

- "一、" (or "四. ") headings are sections; when a part has none, "（一）" headings are.
  With "一、" headings present, "（一）" lines are items of the current section.
- Numbered lines (1、 1. 1, 1． （1） (1) 1） ①) are items; several on one line are split.
- A heading with nothing numbered beneath it is itself an item (its text is the heading
  followed by the paragraphs under it), and creates no section. A heading "指导思想" (or
  总体要求, 工作思路) holds the guiding idea.
- An item ending in a colon followed by a list restarting at 1 ("2、春秋游：" "（1）4月春游"
  "（2）10月秋游") is a label: its sub-items become the items, each prefixed with it.
- An unnumbered paragraph after an item carries the item on; under a heading before any item
  it describes the section and is dropped once items follow.
- Paragraphs before the first heading, item or schedule row are the guiding idea.
- Month-schedule rows (``schedule``) become items with ``schedule=True`` in the section that
  heads the schedule, else in an added section "月度工作安排". Under a month, a line numbered
  "一、" (or the next "二、") is an activity, not a new section; unnumbered lines are
  activities sentence by sentence, unless the month's activities are numbered, when they
  carry the last one on; lines naming who takes part or a note ("寒假", "全院职工") are not
  activities. The schedule runs until the next heading; an unnumbered sentence longer than
  80 characters closes it and is dropped (closing remarks such as "我们将在党总支的统一部署下…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import ParsedItem, ParsedPlan, ParsedSection
from .parts import is_headline, is_plan_title
from .schedule import find_run, month_line, schedule_months, split_numbered
from .tables import is_note, is_people
from .text import BULLETS, SUBSECTION_RE, TERMINAL, cn_to_int, number_of, section_of, sentences

SCHEDULE_TITLE = "月度工作安排"
CLOSING_LENGTH = 80  # schedule activities are short; a longer plain paragraph ends the table
SCHEDULE_WORDS = re.compile(r"安排|行事历|日程|月历|进度|工作表|活动表")
GUIDING = re.compile(r"^(?:指导思想|总体要求|总体思路|工作思路|指导原则)")
BARE_LABEL = re.compile(r"^[^。，,；;]{2,10}[:：]$")
LABEL_MAX = 20


@dataclass
class _Heading:
    number: str
    title: str
    typed: str = ""
    body: list[str] = field(default_factory=list)
    section: int | None = None
    guiding: bool = False
    raw: str = ""  # the heading as written, for the item it becomes
    parent: bool = False  # its sub-headings （一）（二） are the sections, it is nothing itself


@dataclass
class _Month:
    months: list[int]
    theme: str
    count: int = 0
    numbered: bool = False
    cn_last: int = 0


@dataclass
class _Label:
    text: str
    kind: str  # the kind of number the labelled item had, to know when its list goes on
    number: int


def _kind(number: str) -> tuple[str, int]:
    """("arabic"|"paren"|"circled"|"cn"|"cnparen", n) for an item or section number."""
    digits = re.search(r"\d{1,2}", number)
    if digits:
        return ("paren" if re.search(r"[（()）]", number) else "arabic"), int(digits.group())
    if number[:1] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "circled", ord(number[0]) - ord("①") + 1
    cn = re.search(r"[一二三四五六七八九十]{1,3}", number)
    value = cn_to_int(cn.group()) if cn else None
    return ("cnparen" if "（" in number or "(" in number else "cn"), value or 0


class _Builder:
    def __init__(self) -> None:
        self.plan = ParsedPlan()
        self.guiding: list[str] = []
        self.heading: _Heading | None = None
        self.last_item: ParsedItem | None = None
        self.started = False
        self.sched_section: int | None = None
        self.month: _Month | None = None
        self.sched_heading_line: str | None = None
        self.label: _Label | None = None
        self.more: dict[int, list[str]] = {}  # text carrying an item on, joined at the end

    def carry_on(self, item: ParsedItem, text: str) -> None:
        self.more.setdefault(id(item), []).append(text)

    def text_of(self, item: ParsedItem) -> str:
        return item.text + "".join(self.more.get(id(item), ()))

    def finish(self, title: str) -> ParsedPlan:
        self.end_month()
        self.close_heading()
        for item in self.plan.items:
            item.text = self.text_of(item)
        self.plan.title = title
        self.plan.guiding_idea = "\n".join(self.guiding)
        return self.plan

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
        if h.guiding:
            words = GUIDING.sub("", h.raw).lstrip("：:和及 ")
            self.guiding.extend([words, *h.body] if words else h.body)
            return
        if h.parent:
            return
        text = h.raw or h.title
        if h.body:
            sep = "" if not text or text[-1] in TERMINAL else "："
            text = text + sep + "".join(h.body)
        if text:
            self.add_item(h.typed, text, section=None)

    def open_subheading(self, number: str, title: str) -> None:
        """ "（一）加强民主管理" followed by numbered items, under "三、主要工作": a section."""
        if self.heading is not None and self.heading.section is None:
            self.heading.parent = not self.heading.guiding
        self.open_heading(number, title, number)

    def open_heading(self, number: str, title: str, typed: str) -> None:
        self.end_month()
        self.close_heading()
        self.started = True
        title = title.strip()
        head = re.match(r"[^。；;]*[。；;]", title)
        body = title[head.end() :].strip() if head else ""
        if head and body:
            title = head.group()  # "加强民主管理，开展创建活动。为进一步…": the body follows
        raw = title.rstrip("：: ")
        self.heading = _Heading(number, raw.rstrip("。；;"), typed, raw=raw)
        self.heading.guiding = bool(GUIDING.match(raw))
        if body:
            self.heading.body.append(body.lstrip("：: "))
        self.last_item = None
        self.label = None
        self.sched_section = None

    # items ----------------------------------------------------------------------
    def add_item(self, number: str, text: str, *, section: int | None, schedule=False):
        number = "" if number.strip() in BULLETS else number  # "● 组织登山": no number
        item = ParsedItem(section=section, number=number, text=text, schedule=schedule)
        self.plan.items.append(item)
        self.last_item = item
        return item

    def _labelled(self, pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Sub-items of an item that ends in a colon, prefixed with its words."""
        kind, n = _kind(pieces[0][0])
        if self.label is not None and kind == self.label.kind and n == self.label.number + 1:
            self.label = None  # the labelled item's own list goes on
        elif self.label is None:
            last = self.last_item
            if n != 1 or last is None or not last.number:
                return pieces
            words = self.text_of(last).rstrip()
            if not words.endswith((":", "：")) or len(words) > LABEL_MAX + 1:
                return pieces
            self.plan.items.remove(last)
            self.label = _Label(words.rstrip(":：").strip(), *_kind(last.number))
        if self.label is None:
            return pieces
        return [(number, f"{self.label.text}：{text}") for number, text in pieces]

    def numbered(self, line: str) -> None:
        self.started = True
        section = self.section_of(self.heading) if self.heading else None
        pieces = split_numbered(line)
        if pieces and pieces[0][0]:
            pieces = self._labelled(pieces)
        for number, text in pieces:
            self.add_item(number, text, section=section)

    def paragraph(self, line: str) -> None:
        if self.last_item is not None:
            self.carry_on(self.last_item, line)
        elif self.heading is not None:
            self.heading.body.append(line)
        elif not BARE_LABEL.match(line):
            self.guiding.append(line)

    # schedule -------------------------------------------------------------------
    def start_schedule(self) -> int:
        if self.sched_section is not None:
            return self.sched_section
        h = self.heading
        if h is not None and h.section is None and not h.body and not h.guiding:
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
        text = text.strip()
        if not text or is_note(text) or is_people(text):
            return
        item = self.add_item(number, text, section=self.sched_section, schedule=True)
        item.months = list(self.month.months)
        self.month.count += 1
        self.month.numbered = self.month.numbered or bool(number)

    def activities(self, text: str) -> bool:
        """Unnumbered activities, one a sentence; False when a long sentence ends the
        schedule (the rest is a closing paragraph, dropped)."""
        for sentence in sentences(text):
            if len(sentence) > CLOSING_LENGTH:
                self.end_schedule()
                return False
            self.activity("", sentence)
        return True

    def end_month(self) -> None:
        m, self.month = self.month, None
        if m is not None and m.count == 0 and m.theme:
            self.month = m
            self.activities(m.theme)
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
        if not run and self.month.theme and not next_numbered:
            theme, self.month.theme = self.month.theme, ""
            self.activities(theme)  # "一月份召开八届四次教代会。"

    def in_month(self, line: str) -> bool:
        """A line under a month heading; False when it ends the schedule instead."""
        assert self.month is not None
        sec = section_of(line) or SUBSECTION_RE.match(line)
        if sec and not number_of(line):
            n = cn_to_int(sec.group(1)) or 0
            if n not in (1, self.month.cn_last + 1):
                self.end_schedule()
                return False
            self.month.cn_last = n
            self.activity(line[: sec.end()].strip(), line[sec.end() :])
            self.month.numbered = True
            return True
        if number_of(line):
            for number, text in split_numbered(line):
                self.activity(number, text)
            return True
        if self.month.numbered and self.last_item is not None and self.last_item.schedule:
            if not (is_note(line) or is_people(line)):
                self.carry_on(self.last_item, line)  # a remark on the activity before it
            return True
        self.activities(line)  # or a closing paragraph, dropped
        return True


def _is_schedule_heading(line: str, nxt_is_row: bool, b: _Builder) -> bool:
    return (
        not number_of(line)
        and nxt_is_row
        and b.month is None
        and len(line) <= 15
        and line[-1] not in "。；;，,"
        and bool(SCHEDULE_WORDS.search(line))
    )


def _heads_a_list(lines: list[str], i: int) -> bool:
    """Whether numbered items follow the sub-heading at ``i`` before the next heading."""
    for line in lines[i + 1 : i + 8]:
        if number_of(line):
            return True
        if section_of(line) or SUBSECTION_RE.match(line) or month_line(line):
            return False
    return False


def build(lines: list[str]) -> ParsedPlan:
    rows = schedule_months(lines)
    has_sections = any(section_of(line) for line in lines)
    b = _Builder()
    title = ""
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if i in rows:
            months, rest = month_line(line)
            if rest and (section_of(rest) or SUBSECTION_RE.match(rest)) and not number_of(rest):
                b.month_row(months, "", next_numbered=True)  # "5月一、举办…"
                b.in_month(rest)
            else:
                b.month_row(months, rest, next_numbered=number_of(nxt) is not None)
            continue
        if b.month is not None and b.in_month(line):
            continue
        if is_headline(line) and not b.started and not _is_schedule_heading(line, i + 1 in rows, b):
            if not title:
                title = line
                if is_plan_title(line):
                    b.guiding = []  # what stood above the plan's title was the page's
            continue
        sec = section_of(line) or (not has_sections and SUBSECTION_RE.match(line))
        if sec:
            b.open_heading(sec.group(1), line[sec.end() :], line[: sec.end()].strip())
        elif _is_schedule_heading(line, i + 1 in rows, b):
            b.sched_heading_line = line.rstrip("：:")
        elif SUBSECTION_RE.match(line) and not number_of(line) and _heads_a_list(lines, i):
            m = SUBSECTION_RE.match(line)
            b.open_subheading(line[: m.end()].strip(), line[m.end() :])
        elif SUBSECTION_RE.match(line) and not number_of(line):
            m = SUBSECTION_RE.match(line)
            if line[m.end() :].strip():
                b.started = True
                section = b.section_of(b.heading) if b.heading else None
                b.add_item(line[: m.end()].strip(), line[m.end() :].strip(), section=section)
        elif number_of(line):
            b.numbered(line)
        else:
            b.paragraph(line)
    return b.finish(title)
