"""职工互助保障 (安康保险): the plan kinds, who may join a plan, the example premiums with
their source, and the pure rules the services apply — the period, who is eligible, the
premium due, the participation rate.

Sources (shared/DOMAIN-AREAS.md section (a)):
- Taizhou (台州, a weak source: a repost on ddtbk.com; no national figure found): 住院医疗互助
  60 元/人/年 for 机关、事业单位、国有企业, 40 元 for 民营企业; 重大疾病互助 15 元; 女职工特殊疾病
  互助 15 元; at most 50,000 元 paid to one member who holds all three. EXAMPLES only: each
  plan states its own premium and maximum, as the local 互助保障会 or insurer sets them.
- Where the premium is booked: 《基层工会经费收支管理办法》（总工办发〔2017〕32号）第十条,
  维权支出 — its 其他维权支出 covers the union's help towards members' 重大疾病、意外伤害、
  住院医疗 and similar cover (wording as commonly reproduced; check the province's own
  implementing rules). The platform's category is 50299 其他维权.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models

SOURCE = "台州市职工互助保障示例（转载来源 ddtbk.com，来源较弱，仅作示例）"
# 维权支出—其他维权 (《工会会计制度》; 总工办发〔2017〕32号 第十条): the premium's voucher line.
PREMIUM_CATEGORY = "50299"
NAME_MAX = 60
PROVIDER_MAX = 60
NOTES_MAX = 300
DIAGNOSIS_MAX = 500
REASON_MAX = 300
# Premiums are per person per year: a plan's period is at most a year (a leap year's 366
# days, both ends included); the next year is a renewal (续保), a plan of its own.
MAX_PERIOD_DAYS = 366
# A plan ending within this many days is reminded for renewal (续保).
RENEWAL_DAYS = 30


class PlanKind(models.TextChoices):
    HOSPITAL = "hospital", "住院医疗互助"
    CRITICAL = "critical", "重大疾病互助"
    WOMEN = "women", "女职工特殊疾病互助"
    ACCIDENT = "accident", "意外伤害"
    OTHER = "other", "其他"


class ProviderKind(models.TextChoices):
    MUTUAL = "mutual", "职工互助保障会"
    INSURER = "insurer", "保险公司"


class Eligibility(models.TextChoices):
    ALL = "all", "全体在册会员"
    WOMEN = "women", "仅女会员"


# EXAMPLES (Taizhou, weak source), yuan per person per year, and the note shown with them.
EXAMPLE_PREMIUMS = {
    PlanKind.HOSPITAL: (Decimal("60.00"), "机关、事业单位、国有企业 60 元，民营企业 40 元"),
    PlanKind.CRITICAL: (Decimal("15.00"), "15 元"),
    PlanKind.WOMEN: (Decimal("15.00"), "15 元"),
}
EXAMPLE_MAX_BENEFIT = Decimal("50000.00")  # all three held (Taizhou, weak source)


def example_text() -> str:
    """One line for the plan form: the examples and their weak source."""
    parts = [f"{PlanKind(k).label} {note}" for k, (_, note) in EXAMPLE_PREMIUMS.items()]
    return (
        "示例（台州，来源较弱）："
        + "；".join(parts)
        + f"；三项都参加的最高赔付 {EXAMPLE_MAX_BENEFIT:,.0f} 元。请以本地职工互助保障会或保险公司的通知为准。"
    )


def period_problem(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """Why a period cannot be a plan's, or "" when it can."""
    if ends_on < starts_on:
        return "保障期限的结束日期不能早于开始日期。"
    if (ends_on - starts_on).days + 1 > MAX_PERIOD_DAYS:
        return "保费按每人每年计，保障期限最长一年；下一年度请办理续保。"
    return ""


def next_period(starts_on: datetime.date, ends_on: datetime.date):
    """The renewal's period: the day after the end, for as many days as this one."""
    first = ends_on + datetime.timedelta(days=1)
    return first, first + (ends_on - starts_on)


def is_current(starts_on: datetime.date, ends_on: datetime.date, day: datetime.date) -> bool:
    return starts_on <= day <= ends_on


def renewal_due(ends_on: datetime.date, today: datetime.date) -> bool:
    """The plan ends within ``RENEWAL_DAYS`` days from today (today included), not before."""
    return today <= ends_on <= today + datetime.timedelta(days=RENEWAL_DAYS)


def premium_total(enrolled: int, premium: Decimal) -> Decimal:
    """参保人数 × 每人每年保费, to the fen."""
    return (Decimal(enrolled) * premium).quantize(Decimal("0.01"))


class ClaimKind(models.TextChoices):
    HOSPITAL = "hospital", "住院医疗"
    CRITICAL = "critical", "重大疾病"
    WOMEN = "women", "女职工特殊疾病"
    ACCIDENT = "accident", "意外伤害"
    OTHER = "other", "其他"


# The claim a plan of each kind usually pays (the form's default).
CLAIM_OF_PLAN = {
    PlanKind.HOSPITAL: ClaimKind.HOSPITAL,
    PlanKind.CRITICAL: ClaimKind.CRITICAL,
    PlanKind.WOMEN: ClaimKind.WOMEN,
    PlanKind.ACCIDENT: ClaimKind.ACCIDENT,
    PlanKind.OTHER: ClaimKind.OTHER,
}


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", "已申报"
    REVIEW = "review", "审核中"
    PAID = "paid", "已赔付"
    DENIED = "denied", "不予赔付"


OPEN_CLAIM_STATES = (ClaimState.SUBMITTED, ClaimState.REVIEW)
