"""The demo's 体检 (``core.demo``): at the demo school, this year's 教职工健康体检 entrusted by
the school in writing (its 委托 letter attached), at the town health centre, running from a
month ago to three days from now (the welfare member's "closing" reminder). Everyone in
post is due (nobody has a check on record yet); most went and are marked 已完成 (a few women
did the general check but not the screening), four did not (病假, 外出, 孕期, 本人放弃),
two appointments have passed without a mark (the chair's 待办), a few are booked for the
coming days — ``huiyuan`` booked their own — and five have not booked yet. Dates count
back from today; services refuse a booking in the past, so each past one is made as of
its own day."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.dates import is_workday
from gonghui.core.models import User
from gonghui.orgs.models import Member, Union

from . import services_health as services
from .models_health import AbsentReason, HealthCampaign, HealthSlot, HealthTarget

# The smallest valid PNG header: the demo's stand-in for the scanned 委托 letter.
LETTER = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CAPACITY = 12
ABSENT = [AbsentReason.SICK, AbsentReason.AWAY, AbsentReason.MATERNITY, AbsentReason.DECLINED]
UNMARKED = 2  # past appointments with no mark yet
UPCOMING = 6  # booked by the committee for the coming days
UNBOOKED = 5  # not booked yet
SCREENING_SKIPPED = 3  # women who did the general check only


def _closing_day(today: datetime.date) -> datetime.date:
    """Three days from now — later if those are all holidays (春节): a day to book is left."""
    end = today + datetime.timedelta(days=3)
    while not any(
        is_workday(today + datetime.timedelta(days=n)) for n in range(1, (end - today).days + 1)
    ):
        end += datetime.timedelta(days=1)
    return end


def _campaign(chair, school: Union, today: datetime.date) -> HealthCampaign:
    starts_on = today - datetime.timedelta(days=30)
    return services.health_campaign_create(
        actor=chair,
        union=school,
        year=starts_on.year,
        name=f"{starts_on.year}年教职工健康体检",
        provider="示范镇中心卫生院体检中心",
        address="示范镇卫生路 8 号门诊楼三楼",
        starts_on=starts_on,
        ends_on=_closing_day(today),
        capacity=CAPACITY,
        notice="体检前一天晚上 8 点后禁食禁水，当天早上 7:30 到达，带身份证。",
        entrust_ref=f"示范镇第一中学关于委托校工会组织{starts_on.year}年教职工健康体检的函"
        f"（校办〔{starts_on.year}〕8号）",
        entrust_file=SimpleUploadedFile("体检委托函.png", LETTER, content_type="image/png"),
    )


def _past_slots(campaign, today) -> list[HealthSlot]:
    """Each past morning's places, one entry per place, filled to all but two."""
    places = []
    for slot in campaign.slots.filter(day__lt=today).order_by("day"):
        places += [slot] * (slot.capacity - 2)
    return places


def _book(chair, target, slot) -> HealthTarget:
    # as of the day before (the chair's own target is booked as a member books: a day ahead)
    before = slot.day - datetime.timedelta(days=1)
    return services.health_book(actor=chair, target=target, slot=slot, today=before)


def build_health() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or HealthCampaign.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    huiyuan = Member.objects.select_related("user").get(user__username="huiyuan")
    today = timezone.localdate()
    campaign = _campaign(chair, school, today)
    services.health_targets_add(actor=chair, campaign=campaign)
    targets = list(campaign.targets.select_related("member", "union").order_by("id"))
    mine = next(t for t in targets if t.member_id == huiyuan.pk)
    others = [t for t in targets if t is not mine]
    upcoming = list(campaign.slots.filter(day__gt=today).order_by("day"))
    services.health_book(actor=huiyuan.user, target=mine, slot=upcoming[0], today=today)
    others = others[: len(others) - UNBOOKED]  # the last few have not booked
    for i, target in enumerate(others[-UPCOMING:]):
        _book(chair, target, upcoming[i % len(upcoming)])
    others = others[:-UPCOMING]
    places = _past_slots(campaign, today)
    skipped = 0
    for i, target in enumerate(others):
        # past mornings while they have room; after that a walk-in (no appointment)
        slot = places[i] if i < len(places) else None
        day = slot.day if slot else today - datetime.timedelta(days=1 + i % 20)
        if slot is not None:
            target = _book(chair, target, slot)
        if i < len(ABSENT):
            services.health_absent(actor=chair, target=target, reason=ABSENT[i])
        elif i < len(ABSENT) + UNMARKED:
            continue  # the day has passed, nobody has marked it yet
        else:
            partial = target.screening and skipped < SCREENING_SKIPPED
            skipped += partial
            services.health_done(
                actor=chair,
                target=target,
                done_on=day,
                screening=False if partial else None,
                today=today,
            )
