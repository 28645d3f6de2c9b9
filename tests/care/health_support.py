"""体检 test helpers: a campaign around today (every day bookable, so the counts do not hang
on weekends), its slots by day, a member's target, and a past year's checks on record."""

import datetime

from django.utils import timezone

from gonghui.care import services_health as services
from gonghui.care.models_health import HealthCampaign, HealthSlot, HealthTarget, TargetState

TODAY = timezone.localdate()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def make_campaign(world, *, union=None, name="年度体检", start=-5, end=20, capacity=2, **over):
    starts_on = day(start)
    data = {
        "actor": world.chair,
        "union": union or world.school,
        "year": starts_on.year,
        "name": name,
        "provider": "县人民医院体检中心",
        "address": "人民路 1 号",
        "starts_on": starts_on,
        "ends_on": day(end),
        "capacity": capacity,
        "entrust_ref": "关于委托校工会组织教职工体检的函（校办〔2026〕12号）",
        "workdays_only": False,
    }
    data.update(over)
    return services.health_campaign_create(**data)


def slot(campaign, offset: int, period: str = "am") -> HealthSlot:
    return HealthSlot.objects.get(campaign=campaign, day=day(offset), period=period)


def target(world, campaign, name) -> HealthTarget:
    return HealthTarget.objects.select_related("member", "slot", "union", "campaign").get(
        campaign=campaign, member=world.members[name]
    )


def checked_in(world, year: int, done: dict[str, tuple[bool, bool]], union=None):
    """A campaign of ``year`` on record (made directly: the services refuse a past window)
    where each named member did (general, screening)."""
    union = union or world.school
    campaign = HealthCampaign.objects.create(
        union=union,
        year=year,
        name=f"{year}年体检",
        provider="县人民医院",
        starts_on=datetime.date(year, 5, 1),
        ends_on=datetime.date(year, 5, 31),
        capacity=10,
        entrust_ref="委托函",
    )
    for name, (general, screening) in done.items():
        HealthTarget.objects.create(
            campaign=campaign,
            union=union,
            member=world.members[name],
            general=True,
            screening=screening,
            state=TargetState.DONE,
            done_on=datetime.date(year, 5, 10),
            general_done=general,
            screening_done=screening,
        )
    return campaign
