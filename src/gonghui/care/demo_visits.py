"""The demo's 走访慰问 (``core.demo``): a year of 五必访 at the demo school — events every
month or so, visited within the 7 days except one visited late, one still waiting and one
overdue (the chair's 待办 and reminders) — ``huiyuan`` reporting an event of their own, and
a 春节送温暖 campaign to the filed hardship households and the retirees, running now and
partly visited. Dates count back from today (a service refuses a future date). The 慰问金
goes to draft vouchers as it does on the pages (one per event, one for the campaign)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services_visits as services
from .models import CampaignKind, LifeEvent, TargetSource

VISITORS = "工会主席、生活福利委员"
# (member's place in the school's active roster, kind, days ago, visited after N days or
# None for still waiting, goods, amount)
EVENTS = [
    (5, "生病住院", 350, 2, "水果、营养品", "300.00"),
    (12, "结婚", 320, 5, "贺卡、床上用品", "500.00"),
    (18, "生育", 290, 6, "婴儿用品", "500.00"),
    (25, "直系亲属去世", 250, 1, "花篮", "500.00"),
    (33, "生病住院", 210, 3, "水果", "300.00"),
    (40, "退休", 180, 7, "纪念品", "0"),
    (47, "发生意外", 150, 10, "营养品", "300.00"),  # visited three days late
    (55, "生病住院", 120, 4, "水果、鲜花", "300.00"),
    (62, "结婚", 90, 2, "贺卡", "500.00"),
    (68, "家庭困难", 60, 5, "米、油", "800.00"),
    (75, "生病住院", 30, 3, "水果", "300.00"),
    (85, "生病住院", 12, None, "", ""),  # overdue: nobody has been yet
    (90, "生育", 2, None, "", ""),  # still within its 7 days
]
CAMPAIGN_VISITED = 10
# the 住院 visits' stay (days) and illness, which their 慰问金's voucher line carries
STAYS = {5: (6, "肺炎"), 33: (5, "腰椎间盘突出"), 55: (8, "胆囊炎"), 75: (4, "骨折")}


def _events(chair, members: list[Member], today: datetime.date) -> None:
    for place, kind, ago, after, goods, amount in EVENTS:
        event = services.life_event_record(
            actor=chair,
            member=members[place],
            kind=kind,
            occurred_on=today - datetime.timedelta(days=ago),
        )
        days, illness = STAYS.get(place, (None, ""))
        if after is not None:
            services.care_visit_record(
                actor=chair,
                event=event,
                visited_on=event.occurred_on + datetime.timedelta(days=after),
                visitors=VISITORS,
                goods=goods,
                amount=amount,
                notes="转达工会的关心和问候。",
                days=days,
                illness=illness,
            )


def _own_event(today: datetime.date) -> None:
    huiyuan = Member.objects.select_related("user").get(user__username="huiyuan")
    event = services.life_event_record(
        actor=huiyuan.user,
        member=huiyuan,
        kind="生病住院",
        occurred_on=today - datetime.timedelta(days=20),
        notes="市人民医院住院部",
    )
    services.care_visit_record(
        actor=User.objects.get(username="chair"),
        event=event,
        visited_on=event.occurred_on + datetime.timedelta(days=2),
        visitors=VISITORS,
        goods="水果、营养品",
        amount="300.00",
        days=5,
        illness="急性胃肠炎",
    )


def _campaign(chair, school: Union, today: datetime.date) -> None:
    campaign = services.campaign_create(
        actor=chair,
        union=school,
        name=f"{today.year}年春节送温暖",
        kind=CampaignKind.SPRING,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=10),
        notes="慰问建档困难职工和退休教职工。",
    )
    services.campaign_targets_add(actor=chair, campaign=campaign, source=TargetSource.HARDSHIP)
    services.campaign_targets_add(actor=chair, campaign=campaign, source=TargetSource.RETIRED)
    for i, target in enumerate(campaign.targets.order_by("id")[:CAMPAIGN_VISITED]):
        hardship = target.source == TargetSource.HARDSHIP
        services.campaign_target_visit(
            actor=chair,
            target=target,
            visited_on=campaign.starts_on + datetime.timedelta(days=1 + i),
            visitors=VISITORS,
            goods="米、油、慰问信",
            amount="1000.00" if hardship else "500.00",
        )


def build_visits() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or LifeEvent.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    members = list(Member.objects.filter(union=school, status=MemberStatus.ACTIVE).order_by("id"))
    today = timezone.localdate()
    _events(chair, members, today)
    _own_event(today)
    _campaign(chair, school, today)
