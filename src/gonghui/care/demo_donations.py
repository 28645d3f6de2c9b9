"""The demo's 捐款 (``core.demo``): at the demo school, this year's 慈善一日捐 — most members
gave, typed in by the chair a group at a time (cash collected by the group leaders), a few
by transfer recorded on their own phone, some anonymous, one duplicate entry reversed —
ended and handed over in full to the 示范镇慈善总会 against its receipt; and an 爱心捐款 for
a flood-hit area running now, with pledges and a few payments, for ``huiyuan`` to try on a
phone. Deterministic: a seeded generator, dates counted from today."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from . import queries_donations as queries
from . import services_donations as services
from .models_donations import DonationCampaign, EntryKind, PayMethod

RECIPIENT = "示范镇慈善总会"
# what a day's pay comes to in a school, roughly: the suggestion, never a rule
DAY_PAY = [Decimal(x) for x in ("100", "150", "200", "200", "250", "300", "300", "500")]
SHARE = 0.88  # of each group's members who gave


def _one_day(chair, school: Union, today: datetime.date, rng: random.Random) -> None:
    start = today - datetime.timedelta(days=40)
    end = start + datetime.timedelta(days=20)
    campaign = services.donation_campaign_create(
        actor=chair,
        union=school,
        name=f"{end.year}年慈善一日捐",
        kind="one_day",
        purpose="响应示范镇总工会倡议，善款用于资助全镇困难职工家庭和困难学生。",
        recipient=RECIPIENT,
        starts_on=start,
        ends_on=end,
    )
    services.donation_campaign_open(actor=chair, campaign=campaign, today=start)
    members = Member.objects.filter(union=school, status__in=CURRENT_MEMBER_STATUSES)
    huiyuan = Member.objects.get(user__username="huiyuan")
    day = start + datetime.timedelta(days=3)
    first: list[Member] = []
    services.donation_pay(actor=huiyuan.user, campaign=campaign, member=huiyuan, amount="300",
                          method=PayMethod.TRANSFER, on=day, note="微信转账", today=day)  # fmt: skip
    for n, group in enumerate(school.groups.filter(archived_at__isnull=True).order_by("id")):
        in_group = [m for m in members.filter(group=group).order_by("id") if m.pk != huiyuan.pk]
        giving = [m for m in in_group if rng.random() < SHARE]
        rows = [
            {"member": m, "amount": rng.choice(DAY_PAY), "anonymous": rng.random() < 0.05}
            for m in giving
        ]
        if not rows:
            continue
        first = first or giving[:1]
        day = start + datetime.timedelta(days=5 + n)
        services.donation_batch(actor=chair, campaign=campaign, kind=EntryKind.PAYMENT,
                                method=PayMethod.CASH, on=day, rows=rows, group=group, today=day)  # fmt: skip
    # a group's list typed twice for one member: the second entry reversed
    twice = services.donation_pay(actor=chair, campaign=campaign, member=first[0], amount="200",
                                  method=PayMethod.CASH, on=end, today=end)  # fmt: skip
    services.donation_reverse(actor=chair, entry=twice, reason="重复登记", today=end)
    closed = end + datetime.timedelta(days=2)
    services.donation_campaign_close(actor=chair, campaign=campaign, today=closed)
    held, handed = queries.money_held(campaign)
    handed_on = closed + datetime.timedelta(days=3)
    services.donation_handover(actor=chair, campaign=campaign, on=handed_on, amount=held - handed,
                               receipt_no=f"CS{end.year}-0318", recipient=RECIPIENT,
                               note="工会财务与慈善总会当面清点", today=handed_on)  # fmt: skip


def _love(chair, school: Union, today: datetime.date, rng: random.Random) -> None:
    start = today - datetime.timedelta(days=3)
    campaign = services.donation_campaign_create(
        actor=chair,
        union=school,
        name="支援灾区抗洪救灾爱心捐款",
        kind="love",
        purpose="支援受灾地区群众生产生活和灾后重建，善款由示范镇总工会统一转交。",
        recipient="示范镇总工会",
        starts_on=start,
        ends_on=today + datetime.timedelta(days=11),
        suggestion="奉献爱心，量力而行",
        show_amounts=True,
    )
    services.donation_campaign_open(actor=chair, campaign=campaign, today=start)
    group = school.groups.order_by("id").first()
    members = list(
        Member.objects.filter(group=group, status__in=CURRENT_MEMBER_STATUSES).order_by("id")[:12]
    )
    services.donation_batch(actor=chair, campaign=campaign, kind=EntryKind.PLEDGE, today=today,
                            rows=[{"member": m, "amount": rng.choice(DAY_PAY)} for m in members],
                            group=group)  # fmt: skip
    services.donation_batch(actor=chair, campaign=campaign, kind=EntryKind.PAYMENT,
                            method=PayMethod.CASH, on=today, today=today, group=group,
                            rows=[{"member": m, "amount": "100"} for m in members[:5]])  # fmt: skip


def build_donations() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or DonationCampaign.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    today = timezone.localdate()
    rng = random.Random(20260318)
    _one_day(chair, school, today, rng)
    _love(chair, school, today, rng)
