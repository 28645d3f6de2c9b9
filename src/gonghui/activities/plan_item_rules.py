"""A new activity from a plan item (计划事项): the kind guessed from the item's words and the
day its month suggests. Pure functions; the form shows the guess and the committee changes it.

The words are those of the sample plans (shared/samples): 乒乓球、羽毛球 leagues and 运动会 are
文体; 三八、五一、端午 events are 节日; 培训 and 讲座 are their own kinds; 春游、秋游、参观 are
参观/春秋游; 生日会 is 生日会. The first rule whose word occurs wins, so 生日 (a 生日会 in
March) is not taken for a 三八 event, and 培训 wins over 讲座 in "培训讲座"."""

from __future__ import annotations

import calendar
import datetime

from .models import Kind

# (words, kind), first match wins: the most specific kinds first.
KIND_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("生日",), Kind.BIRTHDAY),
    (("培训",), Kind.TRAINING),
    (("讲座",), Kind.LECTURE),
    (("春游", "秋游", "参观"), Kind.TRIP),
    (("三八", "五一", "端午", "中秋", "国庆", "元旦", "春节", "妇女节", "劳动节"), Kind.FESTIVAL),
    (("乒乓", "羽毛球", "运动会", "篮球", "拔河", "歌咏", "比赛", "健步走"), Kind.SPORTS),
    (("志愿",), Kind.VOLUNTEER),
)
TITLE_MAX = 40  # a title from a long item is cut at its first sentence, then here
DAY_OF_MONTH = 15
START_HOUR = 15
HOURS = 2


def guess_kind(text: str) -> str:
    """The activity kind the item's words suggest, or "" when none does (the form then asks)."""
    words = str(text or "")
    for keys, kind in KIND_WORDS:
        if any(k in words for k in keys):
            return str(kind)
    return ""


def title_of(text: str) -> str:
    """The item's first sentence, without its list number, at most ``TITLE_MAX`` characters."""
    words = " ".join(str(text or "").split())
    for stop in "。；;":
        words = words.split(stop)[0]
    return words.strip(" ，,、")[:TITLE_MAX]


def start_in(year: int, months: list[int], today: datetime.date) -> datetime.datetime:
    """A naive local start for the form: the 15th at 15:00 of the item's first month that
    has not passed (the last day of the month when the 15th has, in the current month), or
    a week from ``today`` when the item has no month or every month has passed."""
    for month in sorted(m for m in months if isinstance(m, int) and 1 <= m <= 12):
        day = datetime.date(year, month, DAY_OF_MONTH)
        if day > today:
            return datetime.datetime.combine(day, datetime.time(START_HOUR))
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if last > today:
            return datetime.datetime.combine(last, datetime.time(START_HOUR))
    return datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(START_HOUR))
