"""The rules of 文体活动 sign-up, as pure functions with their sources: the examples the
settings start from, the phase an activity is in at a moment, and the lottery draw.

Sources (shared/DOMAIN-AREAS.md section (b)):

- YPPF (Yuanpei-Intelligence/YPPF, app/models.py): sign-up closes a fixed time before the
  start (``endbefore``: 1 hour, 1 day, 3 days, 1 week); ``bidding`` is a lottery.
- pretix (src/pretix/base/models/waitinglist.py, settings ``waiting_list_hours``): a place
  offered from the waiting list is held for a number of hours, then given to the next.
- amivapi #412: promoting after the sign-up deadline reaches people who can no longer come,
  so promotion stops at the deadline.
- dpi/rng #171: capacity counts persons (a member and their family), not registrations.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

# Examples, not rules of any province: each union changes them in its settings.
EXAMPLE_CLOSE_HOURS = 24  # YPPF offers 1 h / 1 d / 3 d / 1 wk; one day is its middle choice
EXAMPLE_CONFIRM_HOURS = 48  # pretix's default waiting_list_hours
MAX_CLOSE_HOURS = 24 * 30
MAX_CONFIRM_HOURS = 24 * 14
MAX_COMPANIONS = 10
MAX_CAPACITY = 100_000
TITLE_MAX = 100
TEXT_MAX = 100
REASON_MAX = 200
NAMES_MAX = 100


def closes_at(starts_at: datetime.datetime, close_hours: int) -> datetime.datetime:
    """Sign-up closes ``close_hours`` before the start."""
    return starts_at - datetime.timedelta(hours=close_hours)


def phase(
    state: str,
    now: datetime.datetime,
    signup_closes_at: datetime.datetime,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> str:
    """The phase shown: 草稿 and 已取消 are stored; a published activity is 报名中 until its
    sign-up closes, 报名截止 until it starts, 进行中 until it ends, then 已结束. Time moves
    it, so no job has to run for the page to be right."""
    if state != "open":
        return state
    if now < signup_closes_at:
        return "signup"
    if now < starts_at:
        return "closed"
    if now < ends_at:
        return "running"
    return "finished"


def draw(entries: Sequence[tuple[int, int]], capacity: int, seed: str) -> list[int]:
    """The lottery: ``entries`` are (registration id, persons); returns the ids drawn, in
    the order drawn. The entries are sorted by id, shuffled by ``random.Random(seed)``
    (Mersenne Twister, seeded by the string: the same seed and entries give the same result
    on every machine and Python version that keeps ``random``'s seeding of str, 3.2 on),
    then taken in that order while their persons fit; an entry too large for what is left
    is passed over for the next (the places go to as many as fit)."""
    order = sorted(entries)
    random.Random(seed).shuffle(order)
    won: list[int] = []
    left = capacity
    for pk, persons in order:
        if persons <= left:
            won.append(pk)
            left -= persons
    return won


def offer_until(
    now: datetime.datetime, confirm_hours: int, starts_at: datetime.datetime
) -> datetime.datetime:
    """How long a promoted person has to confirm: ``confirm_hours``, but never past the
    start."""
    return min(now + datetime.timedelta(hours=confirm_hours), starts_at)
