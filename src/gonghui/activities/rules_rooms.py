"""活动室 (职工之家活动室, 健身房, 乒乓室, 阅览室…): the examples of the booking limits and
their reasons, opening hours read from the words a notice uses, and the arithmetic of time
ranges. Pure functions: no database.

**Opening hours** are written as a notice on the door writes them: "每日7:20-7:50",
"每周一、三、五中午12:00-13:30", "工作日18:00-21:00", "每周六下午". The days are read by the
plan importer's recurrence parser (``plans.importer.recur.rrule_for``, RFC 5545 RRULE text,
said back in words by ``plans.recurrence.describe``); this module reads only the times: two
clock times ("7:20-7:50", "7点20分至7点50分", "下午3:00-5:00" is 15:00-17:00), or, without
them, the named part of the day (上午, 中午, 下午, 晚上 — :data:`PARTS_OF_DAY`, examples).

**Ranges** are half-open [start, end): a booking that ends at 19:30 and one that starts at
19:30 touch and do not overlap.

**Shared use** (按人数共用: a 健身房, a 阅览室): bookings may overlap while the persons in the
room at any moment add up to at most its capacity. :func:`peak` is the most persons present
at once within a range (those who leave at 19:00 and those who come at 19:00 are not there
together) — the sum of every overlapping booking would refuse a slot that is free.

**Approval** (a room that needs it): a member's or a group's booking waits (待审批) until a
committee member approves or refuses it, holding its slot meanwhile (first come, first
served); one still waiting when its start has passed is refused as 已过期: nobody may then
come to a room nobody agreed to (Indico's room booking leaves such pre-bookings pending
for ever; a volunteer committee will miss some).

**The limits** (per person, union settings inherited from the federation; 示例 — no national
or provincial rule sets them, each union decides):

- :data:`EXAMPLE_MAX_HOURS` 2 hours per booking: the longest evening a 职工之家 opens (18:00
  to 20:00/21:00 in the sample plans' 健身房 hours) split so two parties get a turn;
- :data:`EXAMPLE_MAX_PER_WEEK` 3 bookings per member (and per 工会小组) a week: the limit
  MRBS users ask for (MRBS #2455, max bookings per user per period) with a value leaving a
  small room's working-week evenings to more than one or two regulars;
- :data:`EXAMPLE_DAYS_AHEAD` 14 days ahead: Indico's room booking has an advance-days limit
  per room; two weeks covers a group's fortnightly meeting without one member holding the
  room for the term.

The committee (``activities.change``) is not held to them: it books for the union's own
use and for groups' seasons (a 乒乓球队 every Tuesday for ten weeks).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gonghui.plans.importer.recur import rrule_for
from gonghui.plans.recurrence import describe

EXAMPLE_MAX_HOURS = 2
EXAMPLE_MAX_PER_WEEK = 3
EXAMPLE_DAYS_AHEAD = 14
MAX_HOURS = 24
MAX_PER_WEEK = 50
MAX_DAYS_AHEAD = 366
# A recurring booking makes at most this many occurrences (a school term is ~20 weeks).
MAX_OCCURRENCES = 30

# The part of the day a notice names without clock times (示例: a school's day).
PARTS_OF_DAY = {
    "上午": (datetime.time(8, 0), datetime.time(12, 0)),
    "中午": (datetime.time(12, 0), datetime.time(14, 0)),
    "下午": (datetime.time(14, 0), datetime.time(18, 0)),
    "晚上": (datetime.time(18, 0), datetime.time(21, 0)),
}
PARTS_OF_DAY |= {"午间": PARTS_OF_DAY["中午"], "傍晚": PARTS_OF_DAY["晚上"]}
PARTS_OF_DAY |= {"晚间": PARTS_OF_DAY["晚上"], "早上": (datetime.time(7, 0), datetime.time(8, 0))}
_AFTERNOON = ("下午", "晚上", "晚间", "傍晚")

_CLOCK = r"\d{1,2}(?:[:：]\d{2}|点(?:\d{1,2}分?|半)?)"
_RANGE = re.compile(rf"({_CLOCK})\s*(?:-|—|–|－|~|～|至|到)\s*({_CLOCK})")
# 工作日 is not a recurrence word of the plans' parser: said as the days it means.
_SAME_AS = (("工作日", "每周一至五"), ("周末", "每周六、日"), ("双休日", "每周六、日"))
_SAME_AS += (("每天", "每日"), ("星期", "周"), ("礼拜", "周"))


@dataclass(frozen=True)
class Hours:
    """One opening-hours rule: the days (RRULE text) and the times of those days."""

    words: str
    rrule: str
    starts: datetime.time
    ends: datetime.time

    def __str__(self) -> str:
        return f"{describe(self.rrule)} {self.starts:%H:%M}-{self.ends:%H:%M}"


def _clock(text: str, pm: bool) -> datetime.time:
    """ "7:20", "7点20分", "7点半", "7点" → a time; ``pm`` (下午/晚上 named): 3:00 is 15:00."""
    m = re.fullmatch(r"(\d{1,2})(?:[:：](\d{2})|点(?:(\d{1,2})分?|(半))?)", text)
    assert m is not None  # the range's pattern matched it
    h = int(m.group(1))
    minute = int(m.group(2) or m.group(3) or (30 if m.group(4) else 0))
    if pm and h < 12:
        h += 12
    if h == 24 and minute == 0:
        return datetime.time(23, 59)
    if not (0 <= h <= 23 and 0 <= minute <= 59):
        raise ValidationError(f"时间「{text}」不对，请写成 7:20 这样的 24 小时制。")
    return datetime.time(h, minute)


def _times(text: str) -> tuple[datetime.time, datetime.time]:
    found = _RANGE.search(text)
    if found:
        pm = any(word in text[: found.start()] for word in _AFTERNOON)
        return _clock(found.group(1), pm), _clock(found.group(2), pm)
    for word, (starts, ends) in PARTS_OF_DAY.items():
        if word in text:
            return starts, ends
    raise ValidationError(
        f"「{text}」没有写开放时间，请写成“每日7:20-7:50”或“每周一、三、五中午12:00-13:30”。"
    )


def parse_hours(words: str) -> Hours:
    """One rule from its words, or ValidationError in Chinese."""
    text = re.sub(r"\s+", "", words or "")
    if not text:
        raise ValidationError("请填写开放时间，如“每日7:20-7:50”。")
    said = text
    for word, same in _SAME_AS:
        said = said.replace(word, same)
    if said.startswith("每周") is False and re.match(r"周[一二三四五六日天]", said):
        said = "每" + said
    rule = rrule_for(said)
    if not rule or not rule.startswith(("FREQ=DAILY", "FREQ=WEEKLY")) or "INTERVAL" in rule:
        raise ValidationError(
            f"「{words}」没有写哪几天开放，请以“每日”“每周一、三、五”或“工作日”开头。"
        )
    if rule == "FREQ=WEEKLY":
        raise ValidationError(f"「{words}」请写明每周哪几天，如“每周二、四”。")
    starts, ends = _times(said)
    if ends <= starts:
        raise ValidationError(f"「{words}」的结束时间要晚于开始时间（不能跨过午夜）。")
    return Hours(words=words.strip(), rrule=rule, starts=starts, ends=ends)


def parse_lines(text: str) -> list[Hours]:
    """Several rules, one a line (or separated by ；/;); a wrong line names itself."""
    rules = []
    for line in re.split(r"[\n;；]+", text or ""):
        if line.strip():
            rules.append(parse_hours(line))
    return rules


_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def falls_on(rrule: str, day: datetime.date) -> bool:
    """Whether a daily or weekly rule (without interval) opens on ``day``."""
    if rrule.startswith("FREQ=DAILY"):
        return True
    m = re.search(r"BYDAY=([A-Z,]+)", rrule)
    return bool(m) and _DAY_CODES[day.weekday()] in m.group(1).split(",")


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Half-open ranges: touching ends do not overlap."""
    return a_start < b_end and b_start < a_end


def within_hours(rules, start: datetime.datetime, end: datetime.datetime) -> bool:
    """Whether [start, end) lies inside one opening window of one day (local times)."""
    if start.date() != end.date() and end.time() != datetime.time(0, 0):
        return False
    day = start.date()
    end_t = end.time() if end.date() == day else datetime.time(23, 59, 59)
    return any(
        falls_on(r.rrule, day) and r.starts <= start.time() and end_t <= r.ends for r in rules
    )


def windows(rules, day: datetime.date) -> list[tuple[datetime.time, datetime.time]]:
    """The day's opening windows, merged where they touch, in order."""
    spans = sorted((r.starts, r.ends) for r in rules if falls_on(r.rrule, day))
    merged: list[tuple[datetime.time, datetime.time]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and the next Monday of ``day``'s week."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=7)


def hours_between(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / 3600


def peak(
    spans, start: datetime.datetime, end: datetime.datetime
) -> tuple[int, datetime.datetime | None]:
    """The most persons present at once within [start, end), and the moment it begins, from
    ``spans`` of (starts, ends, persons). Half-open: a booking ending at 19:00 and one
    starting then are never counted together. (0, None) when nothing overlaps."""
    events: list[tuple[datetime.datetime, int]] = []
    for s, e, persons in spans:
        if overlaps(s, e, start, end):
            events.append((max(s, start), persons))
            events.append((min(e, end), -persons))
    # at one moment, those leaving go before those coming
    events.sort(key=lambda ev: (ev[0], ev[1]))
    most, at, now = 0, None, 0
    for moment, change in events:
        now += change
        if now > most:
            most, at = now, moment
    return most, at
