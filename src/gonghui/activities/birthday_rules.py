"""生日会 rules as pure functions: quarters, a member's birthday in a given year, how a
birthday is shown, the party's defaults.

**29 February.** A member born on 29 February has their birthday on 28 February in a year
without one (``core.dates.add_years``, the rule the platform already uses for ages and
anniversaries; 《民法典》 sets no rule for it, and 28 February keeps the birthday in February
and in the first quarter, so the member is never moved into another quarter's party). The
page says so beside the date ("2月29日（今年按2月28日）").

**Privacy** (``core.masks``): the roster shows a viewer without ``member.reveal`` a birth date
as its year only, because the year with the month and day is most of an ID number. So this
list never shows the year; and the day is shown only to a viewer who cannot see the year
elsewhere (no ``member.view``) or may see the whole date anyway (``member.reveal``). Anyone
else (the 经审, who reads the roster) sees the month only: month + day + the roster's year
would rebuild the birth date the roster's mask hides."""

from __future__ import annotations

import calendar
import datetime

from gonghui.core.dates import add_years

QUARTERS = (1, 2, 3, 4)
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
# The party's defaults (the committee changes them on the activity form): late afternoon on
# the 25th of the quarter's last month, two hours (the demo school's cake vouchers are dated
# the 25th), or a week ahead when that day has passed.
PARTY_DAY = 25
PARTY_HOUR = 15
PARTY_HOURS = 2


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def months_of(quarter: int) -> tuple[int, int, int]:
    first = 3 * quarter - 2
    return (first, first + 1, first + 2)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first, _, last = months_of(quarter)
    end = calendar.monthrange(year, last)[1]
    return datetime.date(year, first, 1), datetime.date(year, last, end)


def birthday_in(birth: datetime.date, year: int) -> datetime.date:
    """The day the member's birthday falls on in ``year``: 29 February → 28 February in a
    year without it."""
    return add_years(birth, year - birth.year)


def moved(birth: datetime.date, year: int) -> bool:
    """A 29 February birthday in a year without one."""
    return birthday_in(birth, year).day != birth.day


def label(birth: datetime.date, year: int, *, day: bool) -> str:
    """The birthday as "3月14日" (``day``) or "3月"; never the year."""
    if not day:
        return f"{birth.month}月"
    text = f"{birth.month}月{birth.day}日"
    if moved(birth, year):
        shifted = birthday_in(birth, year)
        text += f"（{year}年按{shifted.month}月{shifted.day}日）"
    return text


def sort_key(birth: datetime.date) -> tuple[int, int]:
    return (birth.month, birth.day)


def party_title(year: int, quarter: int) -> str:
    return f"{year}年{QUARTER_NAMES[quarter]}集体生日会"


def party_start(year: int, quarter: int, today: datetime.date) -> datetime.datetime:
    """A naive local moment for the form: the 25th of the quarter's last month at 15:00, or
    a week after ``today`` at the same hour when that day is not ahead."""
    day = datetime.date(year, months_of(quarter)[2], PARTY_DAY)
    if day <= today:
        day = today + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(PARTY_HOUR))


def parse_period(year, quarter, today: datetime.date) -> tuple[int, int]:
    """The year and quarter asked for in a URL's query, else today's."""
    try:
        y = int(year)
    except (TypeError, ValueError):
        y = today.year
    try:
        q = int(quarter)
    except (TypeError, ValueError):
        q = quarter_of(today)
    if not 2000 <= y <= 2100:
        y = today.year
    return y, q if q in QUARTERS else quarter_of(today)
