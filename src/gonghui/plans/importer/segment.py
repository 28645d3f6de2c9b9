"""Lines holding several units of a plan, cut apart: a page whose line breaks were lost, a
heading run into its first item, two items on one line.

A line is cut before:
- a part heading ("…计划篇二", "【第一篇】") and after it;
- a section or item number ("一、", "（二）", "3.", "(1)", "②") that follows the end of a
  sentence, a bracket or a space and continues the numbering so far ("三、" after "二、", or
  after "一、" when 二 is missing), or that starts a list ("1") right after a heading or item
  that has not ended its sentence ("三、关注职工身心健康1、对在职人员…");
- the first number after a title ("工会工作计划一、指导思想") and a label such as "指导思想：";
- a table's header words ("活动主题具体内容") and after them;
- each month heading of a run of at least three months in order, close together
  ("3月争创活动4月体验与运动5月收获与畅想1、…"), never a month after 今年/在/于/、, after an
  item number, or before 日/号/前.
Festival dates written like numbers ("3.8", "三.八", "5.12", "3、8妇女节") are not numbers.
Each pass over a line is linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .junk import HEADER_RUN
from .parts import HEADLINE, find_part_marks, is_part_heading, is_plan_title
from .schedule import DEADLINE_AFTER, month_group
from .text import BOUNDARY, CN_DIGITS, cn_to_int, number_of, section_of

ITEM_MARK = re.compile(
    r"(?<![\d.．])(\d{1,2})\s?(?:、|[.．](?!\d)|[,，](?![\d,，]))"
    r"|[（(]\s?(\d{1,2})\s?[）)]|(?<![\d（(])(\d{1,2})[）)]|([①-⑳])"
)
SECTION_MARK = re.compile(
    rf"(?<![{CN_DIGITS}])([{CN_DIGITS}]{{1,3}})\s?[、.．,，]|[（(]\s?([{CN_DIGITS}]{{1,3}})\s?[）)]"
)
SECTION_AT = re.compile(
    rf"([{CN_DIGITS}]{{1,3}})\s?[、.．,，]|[（(]\s?([{CN_DIGITS}]{{1,3}})\s?[）)]"
)
BULLET = re.compile("[●○◆◇■□▲△►▶▪☆❖➢➤](?![●○◆◇■□▲△►▶▪☆❖➢➤])")
LABEL = re.compile(
    r"(?:指导思想|总体要求|总体思路|工作思路|工作目标|目标任务|具体工作|工作重点|主要工作|重点工作"
    r"|工作措施|保障措施|具体安排|活动安排|工作安排)[:：]"
)
MONTH_HEAD = re.compile(
    rf"(?<![{CN_DIGITS}\d])(?=[^月]{{0,12}}月)"
    rf"(?:[{CN_DIGITS}]{{1,3}}|\d{{1,2}}|元)\s?(?:月|[、,，和及至到~～\-—－])"
)
NOT_BEFORE_MONTH = set("年今明去于在到至从每第个的了(（、和及与") | set("0123456789")
STOPS = set("。；;！!？?")
AFTER_HEAD = 40  # a list that starts within this many characters of a heading starts there
CLUSTER_GAP = 300
CLUSTER_MIN = 3
SCHEDULED = ("安排", "行事历", "日程", "活动表", "工作表", "月历", "具体如下", "如下：", "如下:")


@dataclass
class Numbering:
    """The numbering so far, per kind of number, nested: [outer, inner, …] last numbers."""

    levels: dict[str, list[int]] = field(default_factory=dict)

    def accepts(self, family: str, n: int) -> bool:
        return n == 1 or any(last < n <= last + 2 for last in self.levels.get(family, []))

    def take(self, family: str, n: int) -> None:
        levels = self.levels.setdefault(family, [])
        for k in range(len(levels) - 1, -1, -1):
            if levels[k] < n <= levels[k] + 2:
                del levels[k + 1 :]
                levels[k] = n
                return
        if n == 1 and len(levels) >= 3:
            levels[-1] = 1
        else:
            levels.append(n)

    def reset(self) -> None:
        self.levels.clear()


@dataclass
class _Mark:
    pos: int
    end: int
    family: str
    number: int


def _before(line: str, pos: int) -> str:
    """The character before ``pos``, spaces skipped ("" at the start)."""
    while pos > 0 and line[pos - 1] == " ":
        pos -= 1
    return line[pos - 1] if pos else ""


def _section_mark(line: str, m: re.Match) -> _Mark | None:
    if not (section_of(line[m.start() : m.start() + 8]) or m.group(2)):
        return None
    family = "cn" if m.group(1) else "cnparen"
    return _Mark(m.start(), m.end(), family, cn_to_int(m.group(1) or m.group(2)) or 0)


def _number_marks(line: str, parts: list[int]) -> list[_Mark]:
    """Section and item numbers in the line; ``parts`` are where parts start ("篇二一、":
    a numeral right after a part heading starts a section)."""
    marks: list[_Mark] = []
    seen: set[int] = set()
    after_parts = (SECTION_AT.match(line, pos) for pos in parts)
    for m in [*SECTION_MARK.finditer(line), *(m for m in after_parts if m)]:
        mark = _section_mark(line, m)
        if mark and mark.pos not in seen:
            seen.add(mark.pos)
            marks.append(mark)
    for m in ITEM_MARK.finditer(line):
        if number_of(line[m.start() : m.start() + 8]) is None:
            continue  # "3、8妇女节"
        if m.group(4):
            marks.append(_Mark(m.start(), m.end(), "circled", ord(m.group(4)) - ord("①") + 1))
        else:
            family = "arabic" if m.group(1) else "paren"
            number = int(m.group(1) or m.group(2) or m.group(3))
            marks.append(_Mark(m.start(), m.end(), family, number))
    return sorted(marks, key=lambda mark: mark.pos)


def _month_marks(line: str) -> list[tuple[int, int, list[int]]]:
    """(start, end, months) of every month heading candidate in the line."""
    found: list[tuple[int, int, list[int]]] = []
    reach = -1
    for m in MONTH_HEAD.finditer(line):
        if m.start() < reach:
            continue
        group = month_group(line, m.start())
        if group is None:
            continue
        months, end = group
        reach = end
        if DEADLINE_AFTER.match(line, end) or _before(line, m.start()) in NOT_BEFORE_MONTH:
            continue
        found.append((m.start(), end, months))
    return found


def _month_cuts(line: str, fixed: set[int], numbered_ends: set[int]) -> tuple[set[int], set[int]]:
    """(cuts before, ends of) the month headings of runs of at least three months in order."""
    cuts: set[int] = set()
    ends: set[int] = set()
    run: list[tuple[int, int, list[int]]] = []

    def close() -> None:
        if not run:
            return
        # the run starts a sentence ("。3月争创活动4月…") or follows a schedule's heading
        # ("月度安排三月：…四月：…"), or each heading after the first starts a sentence
        first = run[0][0]
        scheduled = line[max(0, first - 4) : first].endswith(SCHEDULED)
        if len(run) < (2 if scheduled else CLUSTER_MIN):
            return
        if (
            scheduled
            or _at_boundary(line, first, fixed)
            or all(_at_boundary(line, start, fixed) for start, _end, _months in run[1:])
        ):
            cuts.update(start for start, _end, _months in run)
            ends.update(end for _start, end, _months in run)

    for mark in _month_marks(line):
        if mark[0] in numbered_ends:
            continue  # "1、一月份举办元旦活动": an item that names its month
        if run and (mark[2][0] > run[-1][2][-1] and mark[0] - run[-1][1] <= CLUSTER_GAP):
            run.append(mark)
            continue
        close()
        run = [mark]
    close()
    cuts.discard(0)
    return cuts, ends


def _at_boundary(line: str, pos: int, cuts: set[int], soft: frozenset[int] = frozenset()) -> bool:
    """Whether ``pos`` follows a sentence end, bracket, quote or space, a cut, or a ``soft``
    boundary (the end of a month heading)."""
    if pos in cuts or pos in soft or pos == 0 or line[pos - 1] in BOUNDARY:
        return True
    end = pos
    while end > 0 and line[end - 1] == " ":
        end -= 1
    return end in cuts or end in soft or line[end - 1] in BOUNDARY


TITLE_ENDS = ("计划", "要点", "安排", "方案", "规划")
TITLE_RUN = re.compile(r"[^。，,；;！？!?：:]{2,36}?(?:计划|要点)(?:要点|安排)?")


def _headline_start(line: str, pos: int) -> int | None:
    """Where a title that runs into ``pos`` starts ("工会工作计划一、"), if one does."""
    end = pos
    while end > 0 and line[end - 1] == " ":
        end -= 1
    if not (line[max(0, end - 2) : end] in TITLE_ENDS or line[end - 1 : end] in ")）"):
        return None
    start = pos
    while start > 0 and line[start - 1] not in BOUNDARY and pos - start < 42:
        start -= 1
    if start > 0 and line[start - 1] not in BOUNDARY:
        return None
    return start if HEADLINE.match(line[start:pos].strip()) else None


def _title_end(line: str, start: int) -> int | None:
    """The end of a plan's title that runs into its text at ``start`` ("…2026年工作计划以…")."""
    m = TITLE_RUN.match(line, start)
    if not m or m.end() + 10 > len(line) or line[m.end()] in BOUNDARY or line[m.end()] in "，,":
        return None
    return m.end() if is_plan_title(m.group()) else None


def _fixed_cuts(line: str) -> tuple[set[int], list[int]]:
    """Cuts that do not depend on the numbering: parts, labels, header words, a title,
    bullets ("●植树●春游")."""
    cuts: set[int] = {m.start() for m in BULLET.finditer(line)}
    parts: list[int] = []
    for mark in find_part_marks(line):
        cuts.update((mark.start, mark.end))
        parts.append(mark.end)
    for start in [0, *parts]:
        end = _title_end(line, start)
        if end is not None:
            cuts.add(end)
    for pattern in (LABEL, HEADER_RUN):
        for m in pattern.finditer(line):
            head = _headline_start(line, m.start())
            if head is not None or _at_boundary(line, m.start(), cuts):
                cuts.update(x for x in (head, m.start()) if x is not None)
                if pattern is HEADER_RUN:
                    cuts.add(m.end())
    return cuts, parts


def _numbered_cuts(
    line: str,
    marks: list[_Mark],
    cuts: set[int],
    parts: list[int],
    numbering: Numbering,
    soft: frozenset[int] = frozenset(),
) -> set[int]:
    """Adds the cuts before accepted numbers; returns where those numbers end."""
    ends: set[int] = set()
    last: _Mark | None = None
    next_part = 0
    for mark in marks:
        if next_part < len(parts) and mark.pos >= parts[next_part]:
            while next_part < len(parts) and mark.pos >= parts[next_part]:
                next_part += 1
            numbering.reset()
            last = None
        accept = mark.pos == 0 or _before(line, mark.pos) in STOPS
        if not accept and _at_boundary(line, mark.pos, cuts, soft):
            accept = numbering.accepts(mark.family, mark.number)
        if (
            not accept
            and mark.number == 1
            and last is not None
            and last.family != mark.family
            and mark.pos - last.end <= AFTER_HEAD
        ):
            accept = not any(ch in STOPS for ch in line[last.end : mark.pos])
        if not accept and mark.number == 1:
            head = _headline_start(line, mark.pos)
            if head is not None:
                cuts.add(head)
                accept = True
        if accept:
            cuts.add(mark.pos)
            numbering.take(mark.family, mark.number)
            last = mark
            end = mark.end
            while end < len(line) and line[end] == " ":
                end += 1
            ends.add(end)
    return ends


def cut_line(line: str, numbering: Numbering) -> list[str]:
    """The pieces of one line."""
    cuts, parts = _fixed_cuts(line)
    marks = _number_marks(line, parts)
    trial = Numbering({family: list(levels) for family, levels in numbering.levels.items()})
    numbered_ends = _numbered_cuts(line, marks, set(cuts), parts, trial)
    month_cuts, month_ends = _month_cuts(line, cuts, numbered_ends)
    cuts |= month_cuts
    _numbered_cuts(line, marks, cuts, parts, numbering, frozenset(month_ends))
    bounds = sorted(c for c in cuts if 0 < c < len(line))
    pieces, start = [], 0
    for c in bounds:
        pieces.append(line[start:c])
        start = c
    pieces.append(line[start:])
    return [p for p in (piece.strip().rstrip("-•·*").strip() for piece in pieces) if p]


def segment(lines: list[str]) -> list[str]:
    numbering = Numbering()
    out: list[str] = []
    for line in lines:
        if is_part_heading(line):
            numbering.reset()
        out.extend(cut_line(line, numbering))
    return out
