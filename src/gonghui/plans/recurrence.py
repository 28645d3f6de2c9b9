"""Recurring items: RFC 5545 RRULE strings (without DTSTART) checked and expanded with
python-dateutil, and said in Chinese ("每两周", "每周五", "每季度").

A rule is expanded inside the plan's year, starting on the first day of the item's first
month (or 1 January), so "FREQ=MONTHLY;INTERVAL=3" on an item for March gives March, June,
September and December.
"""

from __future__ import annotations

import datetime

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError

WEEKDAYS = {"MO": "一", "TU": "二", "WE": "三", "TH": "四", "FR": "五", "SA": "六", "SU": "日"}
CN_NUM = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六"}
# Expanding a daily rule over a year gives 365 dates; nothing a union plans recurs more often.
MAX_OCCURRENCES = 400


def parts(rule: str) -> dict[str, str]:
    out = {}
    for chunk in rule.upper().split(";"):
        if "=" in chunk:
            key, _, value = chunk.partition("=")
            out[key.strip()] = value.strip()
    return out


def clean(rule: str) -> str:
    """The rule in canonical upper case, or ValidationError in Chinese."""
    rule = (rule or "").strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    if "DTSTART" in rule or "\n" in rule:
        raise ValidationError("重复规则只写 RRULE 部分，如 FREQ=WEEKLY;INTERVAL=2。")
    try:
        rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1))
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            f"重复规则「{rule}」无法识别，应如 FREQ=MONTHLY;INTERVAL=3。"
        ) from exc
    if parts(rule).get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise ValidationError("重复规则的频率只能是每天、每周、每月或每年。")
    return rule


def occurrences(rule: str, *, year: int, months: list[int] | None = None) -> list[datetime.date]:
    """The dates in ``year`` on which the rule falls."""
    if not rule:
        return []
    first_month = min(months) if months else 1
    start = datetime.datetime(year, first_month, 1)
    end = datetime.datetime(year, 12, 31, 23, 59)
    found = []
    for moment in rrulestr(rule, dtstart=start):
        if moment > end or len(found) >= MAX_OCCURRENCES:
            break
        found.append(moment.date())
    return found


def names_a_day(rule: str) -> bool:
    """Whether the rule falls on particular days (每周五, 每天, 每月15日) rather than some
    time in its month or year (每月一次, 每季度, 每学期), which the calendar shows undated."""
    p = parts(rule)
    return p.get("FREQ") in ("DAILY", "WEEKLY") or any(
        key in p for key in ("BYDAY", "BYMONTHDAY", "BYSETPOS", "BYYEARDAY")
    )


def describe(rule: str) -> str:
    """The rule in Chinese: 每天 / 每周五 / 每两周 / 每月 / 每季度 / 每学期（3月、9月）/ 每年."""
    if not rule:
        return ""
    p = parts(rule)
    freq, interval = p.get("FREQ", ""), int(p.get("INTERVAL", "1") or 1)
    days = "、".join("周" + WEEKDAYS[d[-2:]] for d in p.get("BYDAY", "").split(",") if d)
    months = [int(m) for m in p.get("BYMONTH", "").split(",") if m.isdigit()]
    if freq == "DAILY":
        return "每天" if interval == 1 else f"每{interval}天"
    if freq == "WEEKLY":
        every = "每周" if interval == 1 else f"每{CN_NUM.get(interval, interval)}周"
        return every + (days.replace("周", "") if interval == 1 and days else (days or ""))
    if freq == "MONTHLY":
        if interval == 3:
            return "每季度"
        return "每月" if interval == 1 else f"每{CN_NUM.get(interval, interval)}个月"
    if freq == "YEARLY":
        if months == [3, 9]:
            return "每学期（3月、9月）"
        if months == [1, 7]:
            return "每学期末（1月、7月）"
        if months == [9]:
            return "每学年（9月）"
        if months:
            return "每年" + "、".join(f"{m}月" for m in months)
        return "每年"
    return rule
