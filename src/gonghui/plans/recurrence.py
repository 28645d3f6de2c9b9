"""Recurring items: RFC 5545 RRULE strings (without DTSTART) checked and expanded with
python-dateutil, and said in Chinese ("每两周", "每周五", "每季度").

A rule is expanded inside the plan's year, starting on the first day of the item's first
month (or 1 January), so "FREQ=MONTHLY;INTERVAL=3" on an item for March gives March, June,
September and December.
"""

from __future__ import annotations

import datetime
import re

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError

CN_NUMBERS = "零一二三四五六七八九十"
WEEKDAYS = {"MO": "周一", "TU": "周二", "WE": "周三", "TH": "周四", "FR": "周五", "SA": "周六"}
WEEKDAYS |= {"SU": "周日"}
# Month sets the importer gives the school year's words (每学期, 每学期末, 每学年).
SCHOOL_MONTHS = {(3, 9): "每学期", (1, 7): "每学期末", (9,): "每学年"}
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


def _cn(n: int) -> str:
    if n == 2:
        return "两"
    return CN_NUMBERS[n] if 0 <= n <= 10 else str(n)


def _day(code: str) -> str:
    """ "FR" → 周五, "1MO" → 第一个周一, "-1FR" → 最后一个周五."""
    m = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", code)
    if not m:
        return ""
    if not m.group(1):
        return WEEKDAYS[m.group(2)]
    n = int(m.group(1))
    which = "最后一个" if n == -1 else (f"第{_cn(n)}个" if 0 < n <= 5 else "")
    return which + WEEKDAYS[m.group(2)] if which else ""


def describe(rule: str) -> str:
    """An RFC 5545 rule in the words a plan uses: FREQ=WEEKLY;INTERVAL=2 → 每两周一次,
    FREQ=WEEKLY;BYDAY=FR → 每周五, FREQ=MONTHLY;INTERVAL=3 → 每季度一次,
    FREQ=YEARLY;BYMONTH=3,9 → 每学期（3月、9月）. A rule it cannot read comes back as
    "重复：<rule>"; "" for no rule."""
    rule = (rule or "").strip()
    if not rule:
        return ""
    parts: dict[str, str] = {}
    for piece in rule.upper().removeprefix("RRULE:").split(";"):
        key, _, value = piece.partition("=")
        parts[key.strip()] = value.strip()
    freq = parts.get("FREQ", "")
    interval = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else 1
    try:
        months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
    except ValueError:
        months = [0]
    days = [_day(c) for c in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    monthdays = parts.get("BYMONTHDAY", "")
    if (
        freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
        or interval < 1
        or not all(days)
        or not all(1 <= m <= 12 for m in months)
        or (monthdays and not re.fullmatch(r"\d{1,2}(,\d{1,2})*", monthdays))
    ):
        return f"重复：{rule}"
    every = "每" if interval == 1 else f"每{_cn(interval)}"
    if freq == "DAILY":
        words = "每天" if interval == 1 else f"{every}天一次"
    elif freq == "WEEKLY":
        if not days:
            words = f"{every}周一次"
        elif interval == 1:  # 每周一、三
            words = "每周" + "、".join(x.removeprefix("周") for x in days)
        else:  # 每两周周五
            words = f"{every}周{'、'.join(days)}"
    elif freq == "MONTHLY":
        unit = {3: "每季度", 6: "每半年"}.get(interval, f"{every}个月" if interval > 1 else "每月")
        if days:
            words = f"{unit}{'、'.join(days)}"
        elif monthdays:
            words = f"{unit}{'日、'.join(monthdays.split(','))}日"
        else:
            words = f"{unit}一次"
    else:
        listed = "、".join(f"{m}月" for m in months)
        school = SCHOOL_MONTHS.get(tuple(months)) if interval == 1 else None
        if school:
            words = f"{school}（{listed}）"
        elif months:
            words = f"{every}年{listed}"
        else:
            words = f"{every}年一次"
    if parts.get("COUNT", "").isdigit():
        words += f"，共{int(parts['COUNT'])}次"
    if re.fullmatch(r"\d{8}(T\d{6}Z?)?", parts.get("UNTIL", "")):
        u = parts["UNTIL"]
        words += f"，至{int(u[:4])}年{int(u[4:6])}月{int(u[6:8])}日"
    return words
