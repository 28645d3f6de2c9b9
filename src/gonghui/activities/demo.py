"""The demo's 文体活动 (``core.demo``): at the demo school, three activities around today —
a 春游 for members and their families that is full with three on the waiting list (``huiyuan``
has a place with one companion), a 三八节 activity for women members with places left, and a
lottery for 观影 tickets still taking entries — and a 讲座 still a draft. Dates follow today
so the sign-up stays open whenever the demo is built."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Sex, Union

from . import services
from .models import Activity, Audience, Kind


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _activity(chair, school, **fields) -> Activity:
    base = {
        "organiser": "校工会文体委员",
        "members_only": True,
        "companions_allowed": False,
        "max_companions": 0,
        "lottery": False,
        "cost_per_head": Decimal("0"),
        "close_hours": 24,
        "audience": Audience.ALL,
    }
    return services.activity_save(actor=chair, union=school, fields={**base, **fields})


def build_activities() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Activity.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    huiyuan = Member.objects.select_related("user").get(user__username="huiyuan")
    others = list(
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE)
        .exclude(pk=huiyuan.pk)
        .order_by("id")[:12]
    )
    trip = _activity(
        chair,
        school,
        kind=Kind.TRIP,
        title="春季踏青：梅花山徒步",
        place="梅花山景区东门",
        starts_at=_at(10, 8),
        ends_at=_at(10, 17),
        capacity=8,
        companions_allowed=True,
        max_companions=2,
        cost_per_head=Decimal("60.00"),
        description="含往返大巴和午餐；家属费用自理。",
    )
    services.activity_publish(actor=chair, activity=trip)
    services.registration_signup(
        actor=huiyuan.user, activity=trip, companions=1, companion_names="家属"
    )
    for member, companions in zip(others[:6], (2, 1, 0, 0, 1, 0), strict=True):
        services.registration_signup(
            actor=chair, activity=trip, member=member, companions=companions
        )
    women = _activity(
        chair,
        school,
        kind=Kind.FESTIVAL,
        title="三八节插花沙龙",
        place="职工之家活动室",
        starts_at=_at(14, 15),
        ends_at=_at(14, 17),
        capacity=30,
        audience=Audience.WOMEN,
    )
    services.activity_publish(actor=chair, activity=women)
    for member in [m for m in others if m.sex == Sex.FEMALE][:3]:
        services.registration_signup(actor=chair, activity=women, member=member)
    film = _activity(
        chair,
        school,
        kind=Kind.SPORTS,
        title="周末观影（抽签）",
        place="县影剧院",
        starts_at=_at(7, 19),
        ends_at=_at(7, 21),
        capacity=4,
        lottery=True,
    )
    services.activity_publish(actor=chair, activity=film)
    for member in others[6:11]:
        services.registration_signup(actor=chair, activity=film, member=member)
    _activity(
        chair,
        school,
        kind=Kind.LECTURE,
        title="教职工心理健康讲座",
        place="学术报告厅",
        starts_at=_at(21, 14),
        ends_at=_at(21, 16),
        capacity=120,
    )
