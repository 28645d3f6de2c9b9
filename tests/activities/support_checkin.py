"""An activity whose check-in window is open by the real clock (the pages read the clock):
it starts in ten minutes, sign-up closes at the start."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity

from .support import make_activity


def live_activity(union, **fields) -> Activity:
    start = timezone.now() + datetime.timedelta(minutes=10)
    base = {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), "close_hours": 0}
    activity = make_activity(union, publish=False, **{**base, **fields})
    services.activity_publish(actor=None, activity=activity)
    activity.refresh_from_db()
    return activity


def sign_up(activity, user, companions=0):
    return services.registration_signup(actor=user, activity=activity, companions=companions)
