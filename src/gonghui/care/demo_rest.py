"""The demo's 疗休养 (``core.demo``): at the demo school, four members' priority categories
(劳动模范, 高技能人才, 因工负伤, 先进人员), last year's summer round (everyone on it went,
settled), and the 2026 summer round: proposed (last year's travellers move to the back), one
member added and one taken off with their reasons, the list published and closed without
objection, confirmed; one member declined and the first of the reserve moved up; the others
went; the cost settled on one draft voucher for the treasurer."""

from __future__ import annotations

import datetime

from gonghui.core.models import User
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services_rest as services
from .models_rest import EntryState, RestEntry, RestRound

YEAR = 2026  # the demo's plan year ("7月8月份：组织教职工暑期疗休养", plans/demo.py)
BASE = "市总工会职工疗休养基地（天目湖）"
# (place in the school's active roster, category, year, reason)
TAGS = [
    (3, "劳动模范", 2019, "2019年市劳动模范"),
    (11, "高技能人才", 2023, "高级技师"),
    (17, "因工负伤", 2025, "2025年认定工伤"),
    (25, "先进人员", 2025, "2025年度优秀教职工"),
]


def _round(chair, school, year: int, starts_on: datetime.date, places: int) -> RestRound:
    return services.rest_round_create(
        actor=chair,
        union=school,
        year=year,
        name=f"{year}年暑期疗休养",
        base=BASE,
        base_listed=True,
        procurement_ref=f"校工会委员会会议纪要〔{year}〕3号（三家基地比选）",
        starts_on=starts_on,
        days=3,
        places=places,
        cost_per_day="500.00",
        dues_until=datetime.date(year, 5, 31),
    )


def _published(chair, round: RestRound, day: datetime.date) -> RestRound:
    """公示 from ``day``, closed the day after its period without objection, confirmed."""
    services.rest_publicize(actor=None, round=round, today=day)
    item = publicity_for(round)
    publicity_close(actor=chair, publicity=item, today=item.ends_on + datetime.timedelta(days=1))
    return services.rest_confirm(actor=chair, round=round)


def _all_go(chair, round: RestRound) -> None:
    for entry in RestEntry.objects.filter(round=round, state=EntryState.LISTED).order_by("rank"):
        services.rest_entry_take(actor=chair, entry=entry)
    services.rest_pay(actor=chair, round=round, insured=True, date=round.ends_on)


def build_rest() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or RestRound.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    members = list(Member.objects.filter(union=school, status=MemberStatus.ACTIVE).order_by("id"))
    for place, category, year, reason in TAGS:
        services.rest_tag_add(
            actor=chair,
            union=school,
            member=members[place],
            category=category,
            year=year,
            reason=reason,
        )
    last = _round(chair, school, YEAR - 1, datetime.date(YEAR - 1, 7, 14), 10)
    services.rest_propose(actor=chair, round=last)
    _all_go(chair, _published(chair, last, datetime.date(YEAR - 1, 6, 16)))

    this = _round(chair, school, YEAR, datetime.date(YEAR, 7, 20), 12)
    services.rest_propose(actor=chair, round=this)
    listed = list(RestEntry.objects.filter(round=this, state=EntryState.LISTED).order_by("rank"))
    services.rest_entry_remove(
        actor=chair, entry=listed[-1], reason="本人申请暑期带高三毕业班，调出，下批优先安排"
    )
    spare = RestEntry.objects.filter(round=this, state=EntryState.CANDIDATE).order_by("rank")[2]
    services.rest_entry_add(
        actor=chair,
        round=this,
        member=spare.member,
        reason="连续三年担任班主任且满工作量，经工会委员会研究增补",
    )
    this = _published(chair, this, datetime.date(YEAR, 6, 15))
    first = RestEntry.objects.filter(round=this, state=EntryState.LISTED).order_by("rank").first()
    services.rest_entry_decline(actor=chair, entry=first, reason="家中有事，本人放弃")
    _all_go(chair, this)
