"""The demo's 乒乓球 tournament (``core.demo``): at the demo school, a 教职工乒乓球赛 of ten
players in two groups (spread by 工会小组), the top two of each into the semi-finals; every
group match has its result and one semi-final is played, so the standings, the bracket
half-way and the timetable all show something. Dates follow today."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services, services_tournament
from .models import Audience, Kind
from .models_tournament import Stage, Tournament

TITLE = "教职工乒乓球赛"
# scores by the order drawn: the earlier-drawn player of a pair wins, a few in five games
SCORES = (
    [[11, 7], [11, 9], [11, 6]],
    [[11, 9], [8, 11], [11, 13], [11, 5], [11, 8]],
    [[11, 4], [9, 11], [11, 8], [11, 9]],
)


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def build_tournament() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Tournament.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    people = list(
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE, group__isnull=False)
        .select_related("group")
        .order_by("id")[:10]
    )
    if len(people) < 8:
        return
    fields = {
        "kind": Kind.SPORTS,
        "title": "教职工乒乓球赛",
        "organiser": "校工会文体委员",
        "place": "体育馆乒乓球室",
        "starts_at": _at(2, 8),
        "ends_at": _at(2, 17),
        "close_hours": 24,
        "audience": Audience.ALL,
        "members_only": True,
        "capacity": 40,
        "companions_allowed": False,
        "max_companions": 0,
        "lottery": False,
        "cost_per_head": 0,
        "description": "小组单循环，每组前两名进入半决赛；五局三胜，每局 11 分。",
    }
    activity = services.activity_save(actor=chair, union=school, fields=fields)
    services.activity_publish(actor=chair, activity=activity)
    for member in people:
        services.registration_signup(actor=chair, activity=activity, member=member)
    t = services_tournament.tournament_save(
        actor=chair,
        activity=activity,
        fields={"title": TITLE, "group_count": 2, "advance": 2, "courts": 3, "slot_minutes": 25},
    )
    services_tournament.entries_from_signups(actor=chair, tournament=t)
    first = t.entries.order_by("id").first()
    if first is not None:
        first.seed_rank = 1
        first.save(update_fields=["seed_rank"])
    services_tournament.tournament_draw(actor=chair, tournament=t, seed="demo-2026")
    _play(chair, t)


def _play(chair, t: Tournament) -> None:
    for i, m in enumerate(
        t.matches.filter(stage=Stage.GROUPS).select_related("a", "b").order_by("slot", "court")
    ):
        games = SCORES[i % len(SCORES)]
        if m.a.position > m.b.position:
            games = [[b, a] for a, b in games]
        services_tournament.match_result(actor=chair, match=m, games=games)
    semi = t.matches.filter(stage=Stage.KNOCKOUT, round=1).order_by("index").first()
    if semi is not None:
        services_tournament.match_result(actor=chair, match=semi, games=SCORES[1])


__all__ = ["build_tournament"]
