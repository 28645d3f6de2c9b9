"""Activities built through the services for the tests: times around a fixed moment, so a
test says when each step happens."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Audience, Kind

TZ = timezone.get_fixed_timezone(8 * 60)
# Far enough ahead that the real clock (the pages, the edit check) reads it as 报名中.
NOW = datetime.datetime(2099, 3, 1, 9, 0, tzinfo=TZ)
START = NOW + datetime.timedelta(days=10)


def make_activity(union, *, publish=True, **fields) -> Activity:
    base = {
        "kind": Kind.TRIP,
        "title": "春游",
        "organiser": "文体委员",
        "place": "梅花山",
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=8),
        "close_hours": 24,
        "audience": Audience.ALL,
        "members_only": True,
        "capacity": 4,
        "companions_allowed": True,
        "max_companions": 2,
        "lottery": False,
        "cost_per_head": Decimal("50"),
    }
    groups = fields.pop("groups", None)
    activity = services.activity_save(
        actor=None, union=union, fields={**base, **fields}, groups=groups
    )
    if publish:
        services.activity_publish(actor=None, activity=activity, now=NOW)
        activity.refresh_from_db()
    return activity


def signup(world, activity, name, companions=0, at=None, **kwargs):
    """``name``'s sign-up: by themselves when they have an account, else by the system."""
    member = world.members[name]
    user = member.user
    return services.registration_signup(
        actor=user,
        activity=activity,
        member=None if user else member,
        companions=companions,
        now=at or NOW,
        **kwargs,
    )
