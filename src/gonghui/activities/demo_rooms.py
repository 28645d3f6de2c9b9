"""The demo's rooms (``core.demo``): at the demo school, the 职工之家活动室 (open weekday noons
and evenings and Saturdays) and the 健身房 (every morning 7:20-7:50, Monday, Wednesday and
Friday noons, every evening), with bookings made through the services at their moments: the
committee's 乒乓球队训练 every Tuesday evening for ten weeks, the first 工会小组's leader
(``zuzhang``) booking the room for the group's meeting, ``huiyuan`` booking the gym for
tomorrow evening, two of last week's bookings used — so the week view, 我的预约 and the use
statistics show something the day the demo is built."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Union

from . import services_rooms as services
from .models_rooms import BookBy, Room, RoomKind

HOME = "职工之家活动室"
GYM = "健身房"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _next(weekday: int, after: datetime.date) -> datetime.date:
    """The first ``weekday`` (0 Monday) after ``after``."""
    return after + datetime.timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def _rooms(chair, school) -> tuple[Room, Room]:
    home = services.room_save(
        actor=chair,
        union=school,
        fields={
            "name": HOME,
            "kind": RoomKind.HOME,
            "capacity": 30,
            "place": "行政楼三楼",
            "book_by": BookBy.MEMBERS,
            "note": "用后请关灯、关空调，桌椅复位。",
        },
    )
    services.room_hours_set(
        actor=chair, room=home, text="工作日中午12:00-13:30\n工作日18:00-21:00\n每周六9:00-17:00"
    )
    gym = services.room_save(
        actor=chair,
        union=school,
        fields={
            "name": GYM,
            "kind": RoomKind.GYM,
            "capacity": 12,
            "place": "体育馆一楼",
            "book_by": BookBy.MEMBERS,
            "note": "请穿运动鞋；器械使用前请看说明。",
        },
    )
    services.room_hours_set(
        actor=chair,
        room=gym,
        text="每日7:20-7:50\n每周一、三、五中午12:00-13:30\n每日18:00-21:00",
    )
    return home, gym


def build_rooms() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Room.objects.filter(union=school, name=HOME).exists():
        return
    chair = User.objects.get(username="chair")
    zuzhang = User.objects.get(username="zuzhang")
    huiyuan = User.objects.get(username="huiyuan")
    home, gym = _rooms(chair, school)
    today = timezone.localdate()
    last_week = today - datetime.timedelta(days=7)
    then = _at(last_week - datetime.timedelta(days=7), 9)
    tuesday = _next(1, last_week - datetime.timedelta(days=1))
    # the committee's season for the 乒乓球队, from last week's Tuesday on
    services.booking_series(
        actor=chair,
        room=home,
        starts_at=_at(tuesday, 18),
        ends_at=_at(tuesday, 19, 30),
        weeks=10,
        purpose="乒乓球队训练",
        persons=12,
        as_committee=True,
        now=then,
    )
    group = school.groups.order_by("id").first()
    thursday = _next(3, today)
    services.booking_make(
        actor=zuzhang,
        room=home,
        starts_at=_at(thursday, 12, 0),
        ends_at=_at(thursday, 13, 0),
        purpose="小组学习会",
        persons=15,
        group=group,
    )
    services.booking_make(
        actor=huiyuan,
        room=gym,
        starts_at=_at(last_week, 18, 30),
        ends_at=_at(last_week, 19, 30),
        purpose="健身",
        now=then,
    )
    tomorrow = today + datetime.timedelta(days=1)
    services.booking_make(
        actor=huiyuan,
        room=gym,
        starts_at=_at(tomorrow, 18, 0),
        ends_at=_at(tomorrow, 19, 0),
        purpose="健身",
    )
