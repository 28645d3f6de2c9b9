"""Rooms built through the services for the tests, at a fixed moment far ahead (a Monday),
so a test says when each booking is made."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.activities import services_rooms
from gonghui.activities.models_rooms import BookBy, Room, RoomKind

TZ = timezone.get_fixed_timezone(8 * 60)
NOW = datetime.datetime(2099, 3, 2, 9, 0, tzinfo=TZ)  # a Monday
HOURS = "每日7:20-7:50\n每周一、三、五中午12:00-13:30\n工作日18:00-21:00"


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """``days`` after NOW's day, at the local time."""
    day = NOW.date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def make_room(
    union,
    *,
    name="健身房",
    hours=HOURS,
    book_by=BookBy.MEMBERS,
    capacity=12,
    shared=False,
    needs_approval=False,
) -> Room:
    room = services_rooms.room_save(
        actor=None,
        union=union,
        fields={
            "name": name,
            "kind": RoomKind.GYM,
            "capacity": capacity,
            "place": "体育馆一楼",
            "book_by": book_by,
            "note": "",
            "shared": shared,
            "needs_approval": needs_approval,
        },
    )
    services_rooms.room_hours_set(actor=None, room=room, text=hours)
    return room


def book(user, room, start, end, *, now=NOW, purpose="健身", **kwargs):
    return services_rooms.booking_make(
        actor=user, room=room, starts_at=start, ends_at=end, purpose=purpose, now=now, **kwargs
    )
