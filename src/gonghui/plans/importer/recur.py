"""Recurrences written in plans → RFC 5545 RRULE strings (without DTSTART).

每天/每日 DAILY; 每周 WEEKLY (每周五 adds BYDAY=FR, 每周一、三 BYDAY=MO,WE); 每两周/每隔一周/
每双周 WEEKLY;INTERVAL=2; 每月/每月一次 MONTHLY (每月15日 adds BYMONTHDAY=15); 每两月/
每两个月 MONTHLY;INTERVAL=2; 每季度 MONTHLY;INTERVAL=3; 每半年 MONTHLY;INTERVAL=6;
每学期 YEARLY;BYMONTH=3,9 (terms start in March and September); 每学期末 YEARLY;BYMONTH=1,7;
每学年 YEARLY;BYMONTH=9; 每年 YEARLY. The first recurrence named in the text wins. Every rule
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

RULES: tuple[tuple[str, str], ...] = (
    (r"每(?:周|星期)([一二三四五六日天](?:[、和及至][一二三四五六日天])*)(?![次个遍回])", "WEEKLY"),
    (r"每(?:两|二|隔一)(?:个)?(?:周|星期)|每双周", "FREQ=WEEKLY;INTERVAL=2"),
    (r"每(?:个)?(?:周|星期)", "FREQ=WEEKLY"),
    (r"每(?:两|二|隔一)个?月", "FREQ=MONTHLY;INTERVAL=2"),
    (r"每(?:个)?季度?", "FREQ=MONTHLY;INTERVAL=3"),
    (r"每半年", "FREQ=MONTHLY;INTERVAL=6"),
    (r"每学期(?:末|结束)", "FREQ=YEARLY;BYMONTH=1,7"),
    (r"每(?:个)?学期", "FREQ=YEARLY;BYMONTH=3,9"),
    (r"每(?:个)?学年", "FREQ=YEARLY;BYMONTH=9"),
    (r"每(?:个)?月(\d{1,2})[日号]", "MONTHDAY"),
    (r"每(?:个)?月", "FREQ=MONTHLY"),
    (r"每年", "FREQ=YEARLY"),
    (r"每(?:天|日)", "FREQ=DAILY"),
)
_COMBINED = re.compile("|".join(f"(?:{p})" for p, _ in RULES))


def _valid(rule: str) -> bool:
    try:
        rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1))
    except (ValueError, TypeError):
        return False
    return True


def _rule_for(fragment: str) -> str | None:
    for pattern, rule in RULES:
        m = re.match(pattern, fragment)
        if not m:
            continue
        if rule == "WEEKLY":
            days = [WEEKDAYS[ch] for ch in m.group(1) if ch in WEEKDAYS]
            days = list(dict.fromkeys(days))
            return "FREQ=WEEKLY;BYDAY=" + ",".join(days)
        if rule == "MONTHDAY":
            day = int(m.group(1))
            if not 1 <= day <= 31:
                return "FREQ=MONTHLY"
            return f"FREQ=MONTHLY;BYMONTHDAY={day}"
        return rule
    return None


def rrule_for(text: str) -> str | None:
    """The RRULE of the first recurrence in ``text``, or None."""
    for m in _COMBINED.finditer(text):
        rule = _rule_for(text[m.start() :])
        if rule and _valid(rule):
            return rule
    return None
