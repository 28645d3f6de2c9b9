"""金秋助学 (bursaries for members' children starting higher education or high school): the
example amounts, exclusions and window with their sources, and the pure rules the services
apply — which amount a child gets, and whether a day falls in the application window.

Sources (shared/DOMAIN-AREAS.md section (a)):
- Tianmen 2024 (天门市总工会金秋助学, hb.news.163.com/24/0819/…): children of 建档困难职工
  starting 高等教育 5,000 元, 高中 3,000 元; of other members 4,000 元 and 2,000 元; not aided:
  军校, 免费师范生, 定向生, and a child already aided this year; applications until 8 月 27 日;
  paid after the 公示 ends without objection. Guizhou pays 5,000 元 once
  (hddamihua.com/article-61-1.html).
- These are EXAMPLES of one city's year, not national figures: every union (or its
  federation) sets its own (``BursarySettings``).
- The opening day (7 月 1 日, when 高考 results and admission letters are out) is
  UNCONFIRMED: no source seen fixes it; a setting with no legal claim.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

SOURCE = "天门市总工会 2024 年金秋助学（hb.news.163.com/24/0819）"


class Level(models.TextChoices):
    """The school the child starts. 本科 and 专科 are both 高等教育 and get its amount."""

    UNDERGRADUATE = "undergraduate", "本科"
    COLLEGE = "college", "专科（高职）"
    HIGH_SCHOOL = "high_school", "高中"


HIGHER = (Level.UNDERGRADUATE, Level.COLLEGE)

# EXAMPLES (Tianmen 2024), yuan: (建档困难职工家庭, 其他会员家庭) per level group.
EXAMPLE_AMOUNTS = {
    "filed_higher": Decimal("5000.00"),
    "filed_high": Decimal("3000.00"),
    "other_higher": Decimal("4000.00"),
    "other_high": Decimal("2000.00"),
}
AMOUNT_FIELDS = tuple(EXAMPLE_AMOUNTS)

# EXAMPLES (Tianmen 2024): cases the committee checks and the applicant confirms are not
# theirs; a union edits the list in its settings.
EXAMPLE_EXCLUSIONS = (
    "考入军事院校（军校）的。",
    "录取为公费（免费）师范生的。",
    "录取为定向生（定向培养、定向就业）的。",
    "本年度已获得其他金秋助学或同类助学资助的。",
)

# The window, month and day, the same every year until changed. The closing day is
# Tianmen 2024's (8 月 27 日); the opening day is UNCONFIRMED (see the module's docstring).
EXAMPLE_OPENS = "07-01"
EXAMPLE_CLOSES = "08-27"

MAX_EXCLUSIONS = 20
EXCLUSION_MAX_LENGTH = 200
CHILD_NAME_MAX = 50
SCHOOL_MAX = 100


def example_exclusions() -> list[str]:
    """The model field's default (a fresh list each time)."""
    return list(EXAMPLE_EXCLUSIONS)


def amount_field(level: str, filed: bool) -> str:
    """Which setting pays a child at ``level``, of a 建档困难职工 family or not."""
    group = "higher" if level in HIGHER else "high"
    return f"{'filed' if filed else 'other'}_{group}"


def amount_for(settings, level: str, filed: bool) -> Decimal:
    """The grant for a child at ``level``: 本科 and 专科 are 高等教育, 高中 is 高中; a family with
    an 已建档 hardship file gets the 建档 amount (Tianmen 2024: 5,000 / 3,000 against
    4,000 / 2,000)."""
    if level not in Level.values:
        raise ValidationError("请选择子女就读的学校类别（本科、专科或高中）。")
    return getattr(settings, amount_field(level, filed))


def parse_month_day(value, label: str) -> str:
    """ "MM-DD" (or "M-D", "M月D日") checked as a day that exists every year."""
    text = str(value or "").strip().replace("月", "-").replace("日", "").replace("/", "-")
    try:
        month, day = (int(x) for x in text.split("-"))
        datetime.date(2001, month, day)  # a year without 29 February
    except (TypeError, ValueError):
        raise ValidationError(
            f"{label}请填写月-日，如 08-27（每年都有的日子，不能是 2 月 29 日）。"
        ) from None
    return f"{month:02d}-{day:02d}"


def window(year: int, opens: str, closes: str) -> tuple[datetime.date, datetime.date]:
    """The window of ``year`` from the settings' month-days (both days included)."""
    first = datetime.date(year, *(int(x) for x in opens.split("-")))
    last = datetime.date(year, *(int(x) for x in closes.split("-")))
    return first, last


def in_window(day: datetime.date, opens_on: datetime.date, closes_on: datetime.date) -> bool:
    """Applications are taken from the opening day to the closing day, both included; the
    day after the closing day is too late."""
    return opens_on <= day <= closes_on
