"""A quarter's 生日会 for the tests (a draft: the gift needs no published party)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.activities.models import Activity, Audience, Kind

from .support import TZ, make_activity

YEAR = 2099


def birthday_party(world, quarter=1, **fields) -> Activity:
    start = datetime.datetime(YEAR, quarter * 3, 25, 15, tzinfo=TZ)
    base = {
        "kind": Kind.BIRTHDAY,
        "title": f"第{quarter}季度生日会",
        "audience": Audience.BIRTHDAY,
        "quarter": quarter,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "companions_allowed": False,
        "max_companions": 0,
        "cost_per_head": Decimal("0"),
        "capacity": 20,
    }
    return make_activity(world.school, publish=False, **(base | fields))
