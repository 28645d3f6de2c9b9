"""Recurrences written in plans → RFC 5545 RRULE strings (without DTSTART).

每天/每日 DAILY; 每周 WEEKLY (每周五 adds BYDAY=FR, 每周一、三 BYDAY=MO,WE); 每两周/每隔一周/
每双周 WEEKLY;INTERVAL=2; 每月/每月一次 MONTHLY (每月15日 adds BYMONTHDAY=15, 每月第二个周一
BYDAY=2MO, 每月最后一个周五 BYDAY=-1FR); 每两月/每两个月 MONTHLY;INTERVAL=2; 每季度
MONTHLY;INTERVAL=3; 每半年 MONTHLY;INTERVAL=6; 每学期 YEARLY;BYMONTH=3,9 (terms start in
March and September); 每学期末 YEARLY;BYMONTH=1,7; 每学年 YEARLY;BYMONTH=9; 每年 YEARLY.
The first recurrence named in the text wins. A weekly or monthly rule without a day takes
the weekday the item names anywhere else ("每两周组织一次学习，时间定在周五下午" →
FREQ=WEEKLY;INTERVAL=2;BYDAY=FR; "每月召开一次，安排在第一个周一" → BYDAY=1MO). Every rule
returned has been parsed by dateutil.
"""

from __future__ import annotations

import datetime
import re

from dateutil.rrule import rrulestr

WEEKDAYS = {
    "一": "MO",
    "二": "TU",
    "三": "WE",
    "四": "TH",
    "五": "FR",
    "六": "SA",
    "日": "SU",
    "天": "SU",
}
ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_DAY = "[一二三四五六日天]"
_WEEK = "(?:周|星期|礼拜)"
_NTH = "(?:第([一二三四1-4])个?|(最后)一?个?)"

RULES: tuple[tuple[str, str], ...] = (
    (rf"每(?:个)?月的?{_NTH}{_WEEK}({_DAY})", "NTH"),
    (rf"每{_WEEK}({_DAY}(?:[、和及至到]{_WEEK}?{_DAY}){{0,6}})(?![次个遍回])", "WEEKLY"),
    (r"每(?:两|二|隔一)(?:个)?(?:周|星期)|每双周", "FREQ=WEEKLY;INTERVAL=2"),
    (r"每(?:个)?(?:周|星期)", "FREQ=WEEKLY"),
    (r"每(?:两|二|隔一)个?月", "FREQ=MONTHLY;INTERVAL=2"),
    (r"每(?:个)?季度?", "FREQ=MONTHLY;INTERVAL=3"),
    (r"每半年", "FREQ=MONTHLY;INTERVAL=6"),
    (r"每学期(?:末|结束)", "FREQ=YEARLY;BYMONTH=1,7"),
    (r"每(?:个)?学期", "FREQ=YEARLY;BYMONTH=3,9"),
    (r"每(?:个)?学年", "FREQ=YEARLY;BYMONTH=9"),
    (r"每(?:个)?月的?(\d{1,2})[日号]", "MONTHDAY"),
    (r"每(?:个)?月", "FREQ=MONTHLY"),
    (r"每年", "FREQ=YEARLY"),
    (r"每(?:天|日)", "FREQ=DAILY"),
)
_COMPILED = [(re.compile(p), rule) for p, rule in RULES]
_COMBINED = re.compile("|".join(f"(?:{p})" for p, _ in RULES))
# A weekday named elsewhere in the item: not 一周/两周/每周/上周/本周, 周年, 周边 ….
_MENTION = re.compile(rf"(?<![一二两三四五六七八九十\d每隔双个上下本这])({_NTH})?{_WEEK}({_DAY})")
_MORE = re.compile(rf"\s?([、和及]|至|到)\s?{_WEEK}?({_DAY})")


def _valid(rule: str) -> bool:
    try:
        rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1))
    except (ValueError, TypeError):
        return False
    return True


def _days(chars: str) -> list[str]:
    """ "一、三" → [MO, WE]; "一至五" → MO…FR."""
    days: list[str] = []
    pending_range = False
    for ch in chars:
        if ch in "至到":
            pending_range = True
        elif ch in WEEKDAYS:
            day = WEEKDAYS[ch]
            if pending_range and days:
                a, b = ORDER.index(days[-1]), ORDER.index(day)
                days.extend(ORDER[a + 1 : b + 1] if a < b else [day])
            else:
                days.append(day)
            pending_range = False
    return list(dict.fromkeys(days))


def _nth(number: str | None, last: str | None) -> int:
    if last:
        return -1
    return "一二三四".index(number) + 1 if number in "一二三四" else int(number)


def _rule_at(text: str, pos: int) -> str | None:
    for pattern, rule in _COMPILED:
        m = pattern.match(text, pos)
        if not m:
            continue
        if rule == "NTH":
            return f"FREQ=MONTHLY;BYDAY={_nth(m.group(1), m.group(2))}{WEEKDAYS[m.group(3)]}"
        if rule == "WEEKLY":
            return "FREQ=WEEKLY;BYDAY=" + ",".join(_days(m.group(1)))
        if rule == "MONTHDAY":
            day = int(m.group(1))
            return f"FREQ=MONTHLY;BYMONTHDAY={day}" if 1 <= day <= 31 else "FREQ=MONTHLY"
        return rule
    return None


def _named_day(text: str, monthly: bool) -> str | None:
    """The BYDAY of the first weekday the text names: "周五", "星期二、四", "第一个周一"."""
    for m in _MENTION.finditer(text):
        number, last, day = m.group(2), m.group(3), m.group(4)
        if monthly != bool(number or last):
            continue
        if monthly:
            return f"{_nth(number, last)}{WEEKDAYS[day]}"
        chars, end = day, m.end()
        for _ in range(6):
            more = _MORE.match(text, end)
            if not more:
                break
            chars, end = chars + more.group(1)[:1] + more.group(2), more.end()
        return ",".join(_days(chars))
    return None


def _with_day(rule: str, text: str) -> str:
    """A weekly rule takes the weekday named elsewhere in the item, 每月 an ordinal one."""
    if rule.startswith("FREQ=WEEKLY") and "BYDAY" not in rule:
        day = _named_day(text, monthly=False)
    elif rule == "FREQ=MONTHLY":
        day = _named_day(text, monthly=True)
    else:
        return rule
    return f"{rule};BYDAY={day}" if day else rule


def rrule_for(text: str) -> str | None:
    """The RRULE of the first recurrence in ``text``, or None."""
    for m in _COMBINED.finditer(text):
        rule = _rule_at(text, m.start())
        if rule:
            rule = _with_day(rule, text)
            if _valid(rule):
                return rule
    return None
