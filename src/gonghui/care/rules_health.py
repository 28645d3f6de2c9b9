"""体检 (health checks) rules with their sources: who pays, the examples of how often a member
is due, and the pure rule that decides who is due in a campaign's year.

Sources (shared/DOMAIN-AREAS.md section (a) and (f)):
- Who pays: "职工体检经费应由单位行政负担，不得列入基层工会经费"; the union may organise the
  checks only when the employer (单位行政) entrusts it in writing (书面委托), with the
  employer's money — 皖工发〔2025〕18号 第17页 (encoded in the Anhui rules engine's
  ``validateExamPlan``: a plan paid by the union is blocked, an entrusted one needs its
  委托 reference). Finance carries the same rule as the spending rule 职工体检 (category
  50114, ``forbid_union_funds``): no union voucher may pay a check. This module therefore
  records appointments and attendance only; it makes no voucher.
- How often: no national interval was found. Every N years for everyone (N = 1) is an
  EXAMPLE with no legal claim (UNCONFIRMED), a setting of the union or its federation.
- 妇科/两癌 (cervical and breast cancer) screening for women: DOMAIN-AREAS (f) says no rule
  was found. Yearly (N = 1) and from any age (0) are EXAMPLES (UNCONFIRMED), settings.
- Retired members: welfare for 离退休人员 follows the employer's own rules, not the union's
  (皖工发〔2025〕18号 第10页, as the same engine reads it), so they are left out unless the
  union's setting takes them in (the employer's 委托 covering them).

No medical result is ever stored: a target is done or not done, with the kinds it did.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from gonghui.core.dates import age_on

SOURCE = "皖工发〔2025〕18号 第17页"
SOURCE_TEXT = (
    "职工体检经费应由单位行政负担，不得列入基层工会经费；工会受单位行政书面委托承办的，"
    "经费由行政拨付（皖工发〔2025〕18号 第17页）。"
)

# EXAMPLES (UNCONFIRMED: no source fixes them), each a setting.
EXAMPLE_GENERAL_YEARS = 1
EXAMPLE_SCREENING_YEARS = 1
EXAMPLE_SCREENING_MIN_AGE = 0
MAX_YEARS = 5
MAX_AGE = 70


class CheckKind(models.TextChoices):
    GENERAL = "general", "常规体检"
    SCREENING = "screening", "妇科/两癌筛查"


def day_text(day: datetime.date) -> str:
    """2026-05-12 → 5月12日（周二）."""
    return f"{day.month}月{day.day}日（周{'一二三四五六日'[day.weekday()]}）"


def kinds_text(general: bool, screening: bool) -> str:
    """常规体检、妇科/两癌筛查 — the kinds a campaign includes or a target is due for."""
    kinds = [str(CheckKind.GENERAL.label)] if general else []
    if screening:
        kinds.append(str(CheckKind.SCREENING.label))
    return "、".join(kinds)


@dataclass(frozen=True)
class Due:
    """One member due in a campaign: which kinds, and why (the reasons the page lists)."""

    member_id: int
    general: bool
    screening: bool
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def due_kind(label: str, last_year: int | None, year: int, every: int) -> str | None:
    """Why a kind is due in ``year`` (a reason), or None when it is not: never done, or last
    done ``every`` or more years before. Every 2 years: done in 2024 → due in 2026, not in
    2025."""
    if last_year is None:
        return f"无{label}记录"
    if year - last_year >= every:
        return f"上次{label} {last_year} 年（每 {every} 年一次）"
    return None


def screening_age_ok(birth: datetime.date | None, day: datetime.date, min_age: int) -> bool:
    """From ``min_age`` on (0: every woman). A woman whose birth date is not on the roll is
    taken in (better offered than left out; the committee sees why)."""
    if not min_age or birth is None:
        return True
    return age_on(birth, day) >= min_age


def _screening_reason(member, *, year, on, last, settings) -> str | None:
    """Why a woman is due for the screening, or None (a man; too young; checked lately)."""
    if member.sex != "F" or not screening_age_ok(member.birth_date, on, settings.screening_min_age):
        return None
    why = due_kind("妇科/两癌筛查", last.get(CheckKind.SCREENING), year, settings.screening_years)
    if why and member.birth_date is None and settings.screening_min_age:
        why += "（出生日期未登记）"
    return why


def member_due(
    member,
    *,
    year: int,
    on: datetime.date,
    general: bool,
    screening: bool,
    last: dict[str, int],
    settings,
) -> Due | None:
    """Whether ``member`` is due in a campaign of ``year`` (starting ``on``) that includes
    the kinds ``general``/``screening``, given the years they last did each kind (``last``,
    kind → year) and the union's settings. Screening: women only (性别 女)."""
    general_why = (
        due_kind("常规体检", last.get(CheckKind.GENERAL), year, settings.general_years)
        if general
        else None
    )
    screening_why = (
        _screening_reason(member, year=year, on=on, last=last, settings=settings)
        if screening
        else None
    )
    if not (general_why or screening_why):
        return None
    reasons = tuple(r for r in (general_why, screening_why) if r)
    return Due(member.pk, bool(general_why), bool(screening_why), reasons)


def rate(done: int, due: int) -> Decimal | None:
    """体检率 in percent with one decimal, or None when nobody is due (never 0)."""
    if not due:
        return None
    return (Decimal(done) * 100 / Decimal(due)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
