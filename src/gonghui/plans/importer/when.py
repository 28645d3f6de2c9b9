"""Months and due dates in an item's text: festivals, month mentions and deadlines.

Deadline convention (these plans write "5月前完成起草" meaning "by May"):
- "N月前", "N月底前", "N月末前", "N月份前", "N月底完成", "N月内完成", "N月完成", "N月份完成"
  → the last day of month N;
- "N月中旬前" → N-20, "N月上旬前" → N-10, "N月D日前", "N月D日完成" → that day;
- "年底前", "年内", "年末", "年终" → 12-31;
- "上半年" → 06-30, "下半年" → 12-31, "第一季度"/"一季度" → 03-31 … "第四季度" → 12-31,
  but only where they say when something is done ("上半年完成", "下半年组织疗休养", "第一季度前",
  "上半年，…"), not where they name a thing ("上半年退休人员座谈会", "第一季度旅游").
With several deadlines the latest is the due date, and every "N月…前" month is listed.

Festivals name months: 元旦 1, 三八/妇女节/植树节 3, 五一/五四/护士节 5, 六一 6, 七一 7,
八一 8, 教师节 9, 国庆/"十一" 10; 春节, 元宵, 端午, 中秋, 重阳 follow the lunar calendar
of the plan's year (lunar-python).
"""

from __future__ import annotations

import calendar
import datetime
import re

from .text import CN_DIGITS, CN_NUM, cn_to_int

_NOT_NUM_BEFORE = r"(?<![一二三四五六七八九十\d])"
_NOT_NUM_AFTER = r"(?![一二三四五六七八九十\d百千万])"

SOLAR_FESTIVALS: tuple[tuple[str, int], ...] = (
    (r"元旦", 1),
    (rf"{_NOT_NUM_BEFORE}三[·•.、]?八{_NOT_NUM_AFTER}|3[·•.、,，]8(?!\d)|妇女节", 3),
    (r"植树节", 3),
    (rf"{_NOT_NUM_BEFORE}五[·•.、]?一二|5[·•.、,，]12(?!\d)|护士节", 5),
    (rf"{_NOT_NUM_BEFORE}五[·•.、]?一{_NOT_NUM_AFTER}|(?<!\d)5[·•.、]1(?!\d)|劳动节", 5),
    (rf"{_NOT_NUM_BEFORE}五[·•.、]?四{_NOT_NUM_AFTER}|(?<!\d)5[·•.、]4(?!\d)|青年节", 5),
    (rf"{_NOT_NUM_BEFORE}六[·•.、]?一{_NOT_NUM_AFTER}|(?<!\d)6[·•.、]1(?!\d)|儿童节", 6),
    (rf"{_NOT_NUM_BEFORE}七[·•.、]?一{_NOT_NUM_AFTER}|建党", 7),
    (rf"{_NOT_NUM_BEFORE}八[·•.、]?一{_NOT_NUM_AFTER}|建军节", 8),
    (r"教师节", 9),
    (r"国庆|[“\"]十一[”\"]|十一(?=前后|期间|长假|黄金周|节)", 10),
    (r"清明", 4),
)
LUNAR_FESTIVALS: tuple[tuple[str, int, int], ...] = (
    (r"春节", 1, 1),
    (r"元宵", 1, 15),
    (r"端午", 5, 5),
    (r"中秋", 8, 15),
    (r"重阳", 9, 9),
)

MONTH = rf"(\d{{1,2}}|{CN_NUM})"
DEADLINE_RE = re.compile(
    rf"(?<![\d{CN_DIGITS}]){MONTH}月(?:份)?(?:(\d{{1,2}})[日号]|(底|末|中旬|上旬|下旬|初))?"
    r"(?:(?:以|之)?前|(?<=[底末月份日号])(?:完成|截止|结束)|(?:内|以内|之内)完成)"
)
YEAR_END = re.compile(r"年底|年末|年内|年终")
PERIODS = {"上半年": (6, 30), "下半年": (12, 31), "一": (3, 31), "二": (6, 30), "三": (9, 30)}
PERIODS |= {"四": (12, 31), "1": (3, 31), "2": (6, 30), "3": (9, 30), "4": (12, 31)}
PERIOD_RE = re.compile(r"(上半年|下半年)|(?<!每)第?([一二三四1-4])季度")
# What follows a period when it says by when something is done.
DEADLINE_USE = re.compile(
    r"(?:之?前|以前|之?内|以内|末|底|期间|完成|结束|召开|举办|举行|开展|组织|进行|做好|实现|达到"
    r"|落实|启动|建成|开始|[，,。；;：:）)]|$)"
)
MONTH_MENTION = re.compile(rf"(?<![\d第个单])({CN_NUM}|\d{{1,2}}|元)月(?!\d)")


def _lunar_month(year: int, month: int, day: int) -> int | None:
    try:
        from lunar_python import Lunar

        return Lunar.fromYmd(year, month, day).getSolar().getMonth()
    except Exception:  # an impossible year for the lunar tables
        return None


def festival_months(text: str, year: int) -> list[int]:
    months = set()
    for pattern, month in SOLAR_FESTIVALS:
        if re.search(pattern, text):
            months.add(month)
    for pattern, lm, ld in LUNAR_FESTIVALS:
        if re.search(pattern, text):
            month = _lunar_month(year, lm, ld)
            if month:
                months.add(month)
    return sorted(months)


def _month(token: str) -> int | None:
    value = cn_to_int(token)
    return value if value and 1 <= value <= 12 else None


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def deadlines(text: str, year: int) -> tuple[datetime.date | None, list[int]]:
    """(due date, months of the "N月前" deadlines)."""
    dates: list[datetime.date] = []
    months: list[int] = []
    for m in DEADLINE_RE.finditer(text):
        month = _month(m.group(1))
        if month is None:
            continue
        day, part = m.group(2), m.group(3)
        if day:
            try:
                dates.append(datetime.date(year, month, int(day)))
            except ValueError:
                continue
        elif part == "中旬":
            dates.append(datetime.date(year, month, 20))
        elif part in ("上旬", "初"):
            dates.append(datetime.date(year, month, 10))
        else:
            dates.append(_last_day(year, month))
        months.append(month)
    if YEAR_END.search(text):
        dates.append(datetime.date(year, 12, 31))
    for m in PERIOD_RE.finditer(text):
        if DEADLINE_USE.match(text, m.end()):
            month, day = PERIODS[m.group(1) or m.group(2)]
            dates.append(datetime.date(year, month, day))
    return (max(dates) if dates else None), sorted(set(months))


def mentioned_months(text: str) -> list[int]:
    """Months named outright ("3月中期推选…", "十一月份"), not "3个月" or "第3月"."""
    found = set()
    for m in MONTH_MENTION.finditer(text):
        month = 1 if m.group(1) == "元" else _month(m.group(1))
        if month:
            found.add(month)
    return sorted(found)


def months_and_due(text: str, year: int) -> tuple[list[int], datetime.date | None]:
    due, deadline_months = deadlines(text, year)
    months = set(deadline_months) | set(festival_months(text, year)) | set(mentioned_months(text))
    return sorted(months), due
