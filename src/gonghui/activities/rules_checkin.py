"""The rules of 活动签到, as pure functions with their sources: when a session's self
check-in opens and closes, who counts as late, who as a no-show.

Examples, not rules of any province (each union changes them in 签到设置; shown as 示例):

- **opens 60 minutes before the start, closes 30 minutes after it**: the attendance rule of
  a training app (dayaedu orchestra-app, ``src/views/attendance-rule/index.tsx``: sign-in
  from 60 minutes before a lesson; after 30 minutes past the start it is no longer a late
  arrival but an absence). An hour covers a trip's bus that leaves early; half an hour after
  the start, whoever still comes is let in by the organiser, who can mark them present.
- **late after the start plus 5 minutes**: the same rule counts anything after the start
  as late; five minutes of grace is this project's own choice, argued: a queue of thirty
  people at one poster at the door takes a few minutes to scan, and a phone's clock and the
  wall's differ by a minute. Set 0 for the strict reading.

A check-in counts the sign-up's persons (the member and their companions): 人次 are
persons, as places are (dpi/rng #171). 签到率 = persons checked in ÷ persons registered
(19wu PR #537 shows it on the organiser's page). A repeated scan changes nothing (pretix's
check-in: one entry per list and position, its ``nonce`` deduplicating re-uploads).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

EXAMPLE_OPEN_MINUTES = 60
EXAMPLE_CLOSE_MINUTES = 30
EXAMPLE_LATE_MINUTES = 5
MAX_OPEN_MINUTES = 24 * 60
MAX_CLOSE_MINUTES = 24 * 60
MAX_LATE_MINUTES = 24 * 60


def opens_at(starts_at: datetime.datetime, open_minutes: int) -> datetime.datetime:
    return starts_at - datetime.timedelta(minutes=open_minutes)


def closes_at(
    starts_at: datetime.datetime, ends_at: datetime.datetime, close_minutes: int
) -> datetime.datetime:
    """Self check-in closes ``close_minutes`` after the start, never after the end."""
    return min(starts_at + datetime.timedelta(minutes=close_minutes), ends_at)


def window(
    now: datetime.datetime,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    open_minutes: int,
    close_minutes: int,
) -> str:
    """ "early", "open" or "closed": where ``now`` lies against the self check-in window
    (the opening inclusive, the closing exclusive)."""
    if now < opens_at(starts_at, open_minutes):
        return "early"
    if now < closes_at(starts_at, ends_at, close_minutes):
        return "open"
    return "closed"


def is_late(at: datetime.datetime, starts_at: datetime.datetime, late_minutes: int) -> bool:
    """Late: checked in after the start plus the grace (the grace's last second is on
    time)."""
    return at > starts_at + datetime.timedelta(minutes=late_minutes)


def rate_label(checked: int, registered: int) -> str:
    """签到率 as the pages print it, one place: "83.3%"; "—" when nobody registered."""
    if not registered:
        return "—"
    return f"{Decimal(checked * 100) / Decimal(registered):.1f}%"
