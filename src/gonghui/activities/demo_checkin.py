"""The demo's check-ins (``core.demo``): at the demo school, last month's 趣味运动会, held and
checked in — ``huiyuan`` scanned the code with a companion, the committee marked others
present (one late), one never came (a no-show) and the chair, who had not signed up,
walked in — so the roll, 参与人次 and 签到率 have something to show the day the demo is built. The
services take the moment as ``now``, so the past activity goes through the same rules."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services, services_checkin
from .models import Activity, Audience, Kind

TITLE = "教职工趣味运动会"


def _moment(days_ago: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def build_checkins() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Activity.objects.filter(union=school, title=TITLE).exists():
        return
    chair = User.objects.get(username="chair")
    huiyuan = Member.objects.select_related("user").get(user__username="huiyuan")
    others = list(
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE, user__isnull=True)
        .exclude(pk=huiyuan.pk)
        .order_by("-id")[:4]
    )
    start = _moment(30, 14, 30)
    games = services.activity_save(
        actor=chair,
        union=school,
        fields={
            "kind": Kind.SPORTS,
            "title": TITLE,
            "organiser": "校工会文体委员",
            "place": "学校操场",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "close_hours": 24,
            "audience": Audience.ALL,
            "members_only": True,
            "capacity": 40,
            "companions_allowed": True,
            "max_companions": 1,
            "lottery": False,
            "cost_per_head": 0,
        },
    )
    signed = start - datetime.timedelta(days=7)
    games = services.activity_publish(actor=chair, activity=games, now=signed)
    mine = services.registration_signup(
        actor=huiyuan.user, activity=games, companions=1, companion_names="家属", now=signed
    )
    regs = [
        services.registration_signup(actor=chair, activity=games, member=m, now=signed)
        for m in others[:4]
    ]
    session = services_checkin.checkin_session_open(actor=chair, activity=games, walk_ins=True)
    services_checkin.checkin_scan(
        actor=huiyuan.user, activity=games, token=session.token, now=start - _minutes(15)
    )
    for reg, late in zip(regs[:3], (0, 0, 20), strict=True):  # the fourth never came
        services_checkin.checkin_mark(actor=chair, registration=reg, now=start + _minutes(late))
    # the chair had not signed up: walk-ins were allowed, so their scan counts them
    services_checkin.checkin_scan(
        actor=chair, activity=games, token=session.token, now=start - _minutes(5)
    )
    assert mine.persons == 2


def _minutes(n: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)
