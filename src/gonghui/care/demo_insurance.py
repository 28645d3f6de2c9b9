"""The demo's 职工互助保障 (``core.demo``): at the demo school, this year's 住院医疗互助 with the
city's 职工互助保障会 at the Taizhou example premium (60 元/人/年, at most 50,000 元 — a weak
source, labelled 示例 on the plan) — every member 在会 enrolled from the first day (the
retirees are not: most members), the premium on one draft voucher for the treasurer, and two
claims: ``huiyuan``'s hospital stay paid, another member's still with the provider. Dates
count from the year's first day and never pass today (a service refuses a future date)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services_insurance as services
from .models_insurance import InsurancePlan
from .rules_insurance import EXAMPLE_MAX_BENEFIT, EXAMPLE_PREMIUMS, Eligibility, PlanKind


def _day(start: datetime.date, days: int, today: datetime.date) -> datetime.date:
    return min(start + datetime.timedelta(days=days), today)


def build_insurance() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or InsurancePlan.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    plan = services.insurance_plan_create(
        actor=chair,
        union=school,
        name=f"{today.year}年度职工住院医疗互助保障",
        kind=PlanKind.HOSPITAL,
        provider_kind="mutual",
        provider="示范市职工互助保障会",
        premium=EXAMPLE_PREMIUMS[PlanKind.HOSPITAL][0],
        max_benefit=EXAMPLE_MAX_BENEFIT,
        starts_on=start,
        ends_on=datetime.date(today.year, 12, 31),
        eligibility=Eligibility.ALL,
        notes="示例：保费和最高保障金额取自台州的示例（来源较弱），请按本地互助保障会的通知修改。",
    )
    services.insurance_enrol(actor=chair, plan=plan, status=MemberStatus.ACTIVE, on=start)
    services.insurance_premium_draft(actor=chair, plan=plan, date=_day(start, 14, today))
    huiyuan = Member.objects.get(user__username="huiyuan")
    mine = services.insurance_claim_record(
        actor=chair,
        plan=plan,
        member=huiyuan,
        event_on=_day(start, 120, today),
        claimed="3200.00",
        diagnosis="急性阑尾炎，住院 7 天，行腹腔镜阑尾切除术。",
    )
    services.insurance_claim_review(actor=chair, claim=mine)
    services.insurance_claim_pay(
        actor=chair, claim=mine, paid="2400.00", paid_on=_day(mine.event_on, 30, today)
    )
    other = (
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE)
        .exclude(pk=huiyuan.pk)
        .order_by("id")[10]
    )
    waiting = services.insurance_claim_record(
        actor=chair,
        plan=plan,
        member=other,
        event_on=max(start, today - datetime.timedelta(days=5)),
        claimed="1800.00",
        diagnosis="社区获得性肺炎，住院 5 天。",
    )
    services.insurance_claim_review(actor=chair, claim=waiting)
