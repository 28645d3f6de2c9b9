"""Month headings of a schedule and runs of numbered activities on one line.

Month headings come in every form: "三月份：", "3月份", "3月", "元月", "七、八月份", "七月、八月",
"7,8月", "7-8月", "1~2月", "7月8月份", "4月左右", "3月上旬/中旬/下旬". A month followed
by 前 ("5月前完成…", "5月底前") is a deadline, not a heading; a month followed by a day
("3月6日") is a date. Lines that start with a month count as a schedule only when at least
two different months start lines in the part; "5月份各基层工会组织…" inside a paragraph
never does. The month tokenizer reads at most six tokens from where it starts, so finding
months is linear in the text.
"""

from __future__ import annotations

import re

from .text import CIRCLED, CN_NUM, cn_to_int, number_of

_TOKEN = re.compile(rf"({CN_NUM}|\d{{1,2}}|元)\s?(月份?)?")
_SEP = re.compile(r"\s?([、,，和及与/]|至|到|~|～|-|—|－|–)\s?")
RANGE_SEPS = {"至", "到", "~", "～", "-", "—", "－", "–"}
QUALIFIER = re.compile(r"(?:上旬|中旬|下旬|初|中|底|末|左右|前后|期间)?")
DEADLINE_AFTER = re.compile(r"(?:上旬|中旬|下旬|底|末|初|中期)?(?:以)?前|\s?\d{1,2}\s?[日号]|日|号")
MAX_TOKENS = 6


def _months_of(items: list[tuple[int, bool]]) -> list[int] | None:
    months: set[int] = set()
    for k, (value, ranged) in enumerate(items):
        if ranged and k:
            first = items[k - 1][0]
            span = (
                range(first, value + 1)
                if first <= value
                else [*range(first, 13), *range(1, value + 1)]
            )
            months.update(span)
        months.add(value)
    return sorted(months)


def month_group(text: str, pos: int = 0) -> tuple[list[int], int] | None:
    """(months, end) for the months written at ``pos``; None when none are."""
    items: list[tuple[int, bool]] = []
    good: tuple[int, int] | None = None  # (items read, end) after the last 月
    i, ranged, had_month, arabic = pos, False, False, None
    while len(items) < MAX_TOKENS:
        m = _TOKEN.match(text, i)
        if not m or (m.group(1) == "元" and not m.group(2)):
            break
        if arabic is not None and m.group(1).isdigit() != arabic:
            break  # "1、一月份": a list number, then a month
        arabic = m.group(1).isdigit()
        if had_month and not ranged and i == m.start() and not m.group(2) and items:
            break
        value = 1 if m.group(1) == "元" else cn_to_int(m.group(1))
        if not value or not 1 <= value <= 12:
            break
        items.append((value, ranged))
        i, had_month = m.end(), bool(m.group(2))
        if had_month:
            good = (len(items), i)
        s = _SEP.match(text, i)
        if s:
            ranged, i = s.group(1) in RANGE_SEPS, s.end()
        elif had_month:
            ranged = False  # "7月8月份": a second month may follow directly
        else:
            break
    if good is None:
        return None
    n, end = good
    months = _months_of(items[:n])
    return (months, end) if months else None


def month_line(line: str) -> tuple[list[int], str] | None:
    """(months, rest) when the line starts with month(s), else None ("1、2月份…" is an
    item that names its month)."""
    if number_of(line):
        return None
    found = month_group(line, 0)
    if found is None:
        return None
    months, end = found
    rest = line[end:]
    if DEADLINE_AFTER.match(rest):
        return None  # "5月前完成…" is a deadline, "3月6日" a date
    rest = rest[QUALIFIER.match(rest).end() :]
    if rest.startswith(("以前", "前")):
        return None
    return months, rest.lstrip("：: ")


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
    m = re.match(r"(\d{1,2})\s*[）)]", first)
    if m:
        return "rparen", int(m.group(1))
    m = re.match(r"(\d{1,2})", first)
    if m:
        return "plain", int(m.group(1))
    if first and first[0] in CIRCLED:
        return "circled", CIRCLED.index(first[0]) + 1
    return None


_MARKERS = {
    "plain": r"(?<![\d.．]){n}\s*(?:、|[.．](?!\d)|[,，](?![\d,，]))",
    "paren": r"[（(]\s*{n}\s*[）)]",
    "rparen": r"(?<![\d（(]){n}\s*[）)]",
}


def _next_marker(text: str, kind: str, n: int, start: int) -> re.Match | None:
    """The next number of the same kind after ``start``: n, or n+1 after a gap."""
    if kind == "circled":
        pattern = "|".join(re.escape(CIRCLED[k - 1]) for k in (n, n + 1) if k <= len(CIRCLED))
    else:
        pattern = "|".join(_MARKERS[kind].format(n=k) for k in (n, n + 1))
    if not pattern:
        return None
    compiled = re.compile(pattern)
    for m in compiled.finditer(text, start):
        if number_of(text[m.start() : m.start() + 8]) is not None:
            return m
    return None


def split_numbered(line: str) -> list[tuple[str, str]]:
    """ "1、开展唱红歌活动2. 畅想职业乐趣" → [("1、", "开展唱红歌活动"), ("2.", "畅想职业乐趣")].
    Only the next number of the same kind (or the one after, for a gap) splits, so "培训6-8期"
    or "5、12护士节" stay whole."""
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
        end = nxt.start() if nxt else len(line)
        pieces.append((number, line[pos:end].strip().rstrip(";；,，、 ").strip()))
        if not nxt:
            break
        number, pos = nxt.group(0).strip(), nxt.end()
        n = _number_patterns(number)[1] if _number_patterns(number) else n + 1
    return [(num, text) for num, text in pieces if text]


def find_run(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(theme, activities) for the rest of a month row: "铸师魂 1、…2、…" → ("铸师魂", […])."""
    if number_of(text):
        return "", split_numbered(text)  # "4月 2. 趣味性比赛": the list goes on
    m = re.search(
        r"(?<![\d.])(?:1\s*(?:、|[.．](?!\d)|[,，](?![\d,，]))|[（(]\s*1\s*[）)]|①)", text
    )
    if not m:
        return text, []
    return text[: m.start()].strip(), split_numbered(text[m.start() :])
