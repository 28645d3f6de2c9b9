"""Documents holding several plans, and the title of each.

A part starts at a heading in any of the styles template sites and offices use: "…计划篇一",
"…计划篇2", "篇 1", "第1篇", "【第一篇】", "…计划 【篇1】" — or, in a document with no such
heading, at each title line ("第二中学工会2026年工作计划") followed by numbered items.
A part named twice keeps its last text (the first was a teaser or a table of contents).

In a page whose line breaks were lost, ``find_part_marks`` finds the headings inside a line:
each title runs back from its mark to the end of the sentence before it; when most parts
share a title ("基层工会年度工作计划"), a longer one is cut back to it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .junk import without_signature
from .text import BOUNDARY, CN_NUM, cn_to_int, number_of, section_of

# "篇五一、围绕…": part 五, then section 一 — a numeral before 、 is not the part's.
_NUM = rf"(?:{CN_NUM}(?![、.．,，])|\d{{1,2}}(?!\d))"
_MARK = (
    rf"(?:[【\[]\s?)?(?:(?<!千)篇\s?({_NUM})|第\s?({_NUM})\s?篇)(?:\s?[】\]])?"
    rf"(?![百千万篇律]|{CN_NUM}(?![、.．,，]))"
)
PART_MARK = re.compile(_MARK)
PART_LINE = re.compile(rf"^(.{{0,40}}?)\s?{_MARK}\s?[:：]?$")
PART_LINE_AFTER = re.compile(rf"^{_MARK}\s?[:：]?\s?([^。，,；;！？!?]{{2,40}}(?:计划|要点|方案))$")
NOT_A_TITLE = re.compile(r"上一篇|下一篇|相关|推荐|更多|阅读|[（(]\S{0,6}$")
HEADLINE = re.compile(
    r"^[^。，,；;！？!?]{2,40}(?:计划|要点|安排|方案|规划)(?:[（(][^）)]{0,20}[）)])?$"
)
PLAN_TITLE = re.compile(r"(?:\d{2,4}|xx|XX|20xx)年|工会")
TITLE_MAX = 40


def mark_number(match: re.Match) -> int:
    return cn_to_int(match.group(1) or match.group(2)) or 0


def is_part_heading(line: str) -> bool:
    """ "基层工会工作计划篇一", "篇 1", "【第一篇】", "第2篇：机关工会工作计划"."""
    if PART_LINE_AFTER.match(line):
        return True
    m = PART_LINE.match(line)
    return (
        bool(m) and not any(ch in line for ch in "。，,；") and not NOT_A_TITLE.search(m.group(1))
    )


def is_headline(line: str) -> bool:
    return bool(HEADLINE.match(line)) and not (
        number_of(line) or section_of(line) or is_part_heading(line)
    )


def is_plan_title(line: str) -> bool:
    """A title line that starts a plan in a document holding several without 篇 headings."""
    return (
        is_headline(line)
        and len(line) >= 6
        and line.rstrip("）)").endswith(("计划", "要点"))
        and bool(PLAN_TITLE.search(line))
    )


@dataclass
class PartMark:
    start: int  # where the title starts
    end: int  # where the part's text starts
    number: int


def _title_start(line: str, mark_start: int) -> int:
    """Where the title before a mark at ``mark_start`` starts: after the last sentence end,
    bracket or space before it, at most TITLE_MAX characters back."""
    end = mark_start
    while end > 0 and line[end - 1] == " ":
        end -= 1
    floor = max(0, end - TITLE_MAX)
    for pos in range(end - 1, floor - 1, -1):
        if line[pos] in BOUNDARY:
            return pos + 1
    return floor


def find_part_marks(line: str) -> list[PartMark]:
    """The part headings inside one (long) line."""
    found: list[PartMark] = []
    for m in PART_MARK.finditer(line):
        start = _title_start(line, m.start())
        if NOT_A_TITLE.search(line[max(0, start - 8) : m.start()]):
            continue  # "上一篇：…计划篇二": a link to another page
        found.append(PartMark(start, m.end(), mark_number(m)))
    _share_stem(line, found)
    return found


def _share_stem(line: str, marks: list[PartMark]) -> None:
    """When most titles are the same words, cut a longer one back to them."""
    if len(marks) < 3:
        return
    titles = [line[m.start : _mark_start(line, m)] for m in marks]
    stem, count = Counter(titles).most_common(1)[0]
    if not stem or count * 2 <= len(titles):
        return
    for mark, title in zip(marks, titles, strict=True):
        if title != stem and title.endswith(stem):
            mark.start += len(title) - len(stem)


def _mark_start(line: str, mark: PartMark) -> int:
    m = PART_MARK.search(line, mark.start)
    end = m.start() if m else mark.end
    while end > mark.start and line[end - 1] == " ":
        end -= 1
    return end


def part_number(line: str) -> int:
    m = PART_MARK.search(line)
    return mark_number(m) if m else 0


def split_parts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(preamble, [(part title, lines)…]); no parts → (lines, [])."""
    heads = [i for i, line in enumerate(lines) if is_part_heading(line)]
    if not heads:
        heads = _title_lines(lines)
    if not heads:
        return without_signature(lines), []
    parts: list[tuple[str, list[str]]] = []
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        title, body = lines[start], lines[start + 1 : end]
        if body and PART_MARK.fullmatch(title.strip()) and is_headline(body[0]):
            title, body = title + body[0], body[1:]  # "【第二篇】" then its title line
        parts.append((title, without_signature(body)))
    return lines[: heads[0]], _latest(parts)


def _title_lines(lines: list[str]) -> list[int]:
    """Title lines each followed by numbered items, when there are at least two."""
    titles = [i for i, line in enumerate(lines) if is_plan_title(line)]
    kept = []
    for n, i in enumerate(titles):
        end = titles[n + 1] if n + 1 < len(titles) else len(lines)
        if any(number_of(line) or section_of(line) for line in lines[i + 1 : end]):
            kept.append(i)
    return kept if len(kept) >= 2 else []


def _latest(parts: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """A part named twice ("篇一" in a teaser, then the plan) keeps its last text."""
    numbers = [part_number(title) for title, _lines in parts]
    last = {number: i for i, number in enumerate(numbers)}
    return [part for i, part in enumerate(parts) if not numbers[i] or last[numbers[i]] == i]
