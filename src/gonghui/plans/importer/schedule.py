"""Month schedules and runs of numbered activities on one line.

Forms the plans use: "三月份：…", "一月份召开…" followed by unnumbered lines of the same
month, "3月份1、…2、…", "7月8月份：…" (both months), "7-8月：…" (a range), a table row
"9月 铸师魂…" whose activities follow on the next line(s) as "1、…2、…", and a month row with
only a theme ("3月争创活动"), which is then itself the month's one activity. Lines that start
with a month count as a schedule only when at least two different months start lines in the
part; "5月份各基层工会组织…" inside a paragraph never does.
"""

from __future__ import annotations

import re

from .text import CIRCLED, CN_NUM, cn_to_int, number_of

MONTH_TOKEN = rf"(?:\d{{1,2}}|{CN_NUM})\s*月(?:份)?"
MONTH_PREFIX = re.compile(
    rf"^((?:(?:{MONTH_TOKEN}\s*(?:[、，,和与及至到~～\-—－]\s*)?)|(?:(?:\d{{1,2}}|{CN_NUM})\s*[至到~～\-—－]\s*))*"
    rf"{MONTH_TOKEN})(?![\d日号])\s*[：:]?\s*"
)
_RANGE = re.compile(
    rf"(\d{{1,2}}|{CN_NUM})\s*月?(?:份)?\s*[至到~～\-—－]\s*(\d{{1,2}}|{CN_NUM})\s*月"
)
_ONE = re.compile(rf"(\d{{1,2}}|{CN_NUM})\s*月")


def month_line(line: str) -> tuple[list[int], str] | None:
    """(months, rest) when the line starts with month(s), else None."""
    m = MONTH_PREFIX.match(line)
    if not m:
        return None
    prefix = m.group(1)
    months: set[int] = set()
    for r in _RANGE.finditer(prefix):
        a, b = cn_to_int(r.group(1)), cn_to_int(r.group(2))
        if a and b and 1 <= a <= b <= 12:
            months.update(range(a, b + 1))
    for one in _ONE.finditer(prefix):
        value = cn_to_int(one.group(1))
        if not value or not 1 <= value <= 12:
            return None
        months.add(value)
    rest = line[m.end() :]
    if not months or re.match(r"(?:中旬|上旬|下旬|底|末|初|中期)?(?:以)?前", rest):
        return None  # "5月前完成…" is a deadline, not a schedule row
    return sorted(months), rest


def schedule_months(lines: list[str]) -> set[int]:
    """Indices of the lines that are month rows of a schedule."""
    rows = {i: month_line(line) for i, line in enumerate(lines)}
    rows = {i: row for i, row in rows.items() if row}
    distinct = {tuple(row[0]) for row in rows.values()}
    return set(rows) if len(distinct) >= 2 else set()


def _number_patterns(first: str) -> tuple[str, int] | None:
    m = re.match(r"[（(]\s*(\d{1,2})", first)
    if m:
        return "paren", int(m.group(1))
    m = re.match(r"(\d{1,2})", first)
    if m:
        return "plain", int(m.group(1))
    if first and first[0] in CIRCLED:
        return "circled", CIRCLED.index(first[0]) + 1
    return None


def _next_marker(text: str, kind: str, n: int, start: int) -> re.Match | None:
    if kind == "plain":
        pattern = rf"(?<![\d.]){n}\s*(?:、|[.．](?!\d))"
    elif kind == "paren":
        pattern = rf"[（(]\s*{n}\s*[）)]"
    else:
        if n > len(CIRCLED):
            return None
        pattern = re.escape(CIRCLED[n - 1])
    return re.compile(pattern).search(text, start)


def split_numbered(line: str) -> list[tuple[str, str]]:
    """ "1、开展唱红歌活动2. 畅想职业乐趣" → [("1、", "开展唱红歌活动"), ("2.", "畅想职业乐趣")].
    Only the next number of the same kind splits, so "培训6-8期" or "5、12护士节" stay whole."""
    head = number_of(line)
    if head is None:
        return [("", line)]
    kind_n = _number_patterns(head[0])
    if kind_n is None:
        return [head]
    kind, n = kind_n
    pieces: list[tuple[str, str]] = []
    number, pos = head[0], len(line) - len(head[1])
    while True:
        nxt = _next_marker(line, kind, n + 1, pos)
        if nxt and number_of(line[nxt.start() :]) is None:
            nxt = None  # "5、12": a festival date
        end = nxt.start() if nxt else len(line)
        pieces.append((number, line[pos:end].strip().rstrip(";；,，、 ").strip()))
        if not nxt:
            break
        number, pos, n = nxt.group(0).strip(), nxt.end(), n + 1
    return [(num, text) for num, text in pieces if text]


def find_run(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(theme, activities) for the rest of a month row: "铸师魂 1、…2、…" → ("铸师魂", […])."""
    m = re.search(r"(?<![\d.])(?:1\s*(?:、|[.．](?!\d))|[（(]\s*1\s*[）)]|①)", text)
    if not m:
        return text, []
    return text[: m.start()].strip(), split_numbered(text[m.start() :])
