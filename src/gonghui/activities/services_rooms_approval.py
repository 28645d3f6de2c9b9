"""活动室 approval: the committee (``activities.change``, who manages the rooms) approves or
refuses, with a reason, a member's or a group's booking of a room that needs approval. A
recurring booking is decided as a whole: every occurrence of its series still waiting. The
booker is told either way (``core.notices``). Under the lock of each room concerned (an
occurrence may have been moved to another room), after refusing as 已过期 those whose start
has come — those are not decided any more."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit, scoping

from . import queries_rooms as queries
from .models_rooms import Booking, BookingState
from .services_rooms import ONLY_THIS_ROW, _expire_due, _locked, _now, _span, _tell


def _waiting(booking: Booking, now: datetime.datetime) -> list[Booking]:
    """The booking's occurrences still waiting (all of its series), rooms locked first;
    empty when the last of them has just expired (that stays written: no refusal here)."""
    rooms = {b.room for b in queries.series_of(booking).select_related("room")}
    expired = []
    for room in sorted(rooms, key=lambda r: r.pk):
        expired += _expire_due(_locked(room), now)
    found = list(
        queries.series_of(booking)
        .filter(state=BookingState.PENDING)
        .select_for_update(of=ONLY_THIS_ROW)
        .select_related("room", "union", "user")
        .order_by("starts_at")
    )
    if not found and any(b.pk == booking.pk for b in expired):
        return []
    if not found:
        booking.refresh_from_db(fields=["state"])
        raise ValidationError(f"这条预约{booking.get_state_display()}，不是待审批的预约。")
    return found


def _decide(actor, found: list[Booking], state: str, reason: str, now) -> None:
    action = "activities.room_approve" if state == BookingState.BOOKED else "activities.room_refuse"
    for booking in found:
        before = audit.snapshot(booking)
        booking.state = state
        booking.decided_at = now
        booking.decided_by = scoping.person(actor)
        booking.refuse_reason = reason
        booking.save(update_fields=["state", "decided_at", "decided_by", "refuse_reason"])
        audit.record(actor=actor, action=action, obj=booking, before=before)


def _said(found: list[Booking]) -> str:
    first = found[0]
    times = f"（共{len(found)}次）" if len(found) > 1 else ""
    return f"您{_span(first)}{times} 在{first.room.name}的预约"


@transaction.atomic
def booking_approve(
    *, actor, booking: Booking, now: datetime.datetime | None = None
) -> list[Booking]:
    """Approve a waiting booking (a series: every waiting occurrence); returns them (none
    when its start has come: it has just expired, its booker told)."""
    scoping.require(actor, "activities.change", union=booking.union)
    now = _now(now)
    found = _waiting(booking, now)
    if not found:
        return found
    _decide(actor, found, BookingState.BOOKED, "", now)
    _tell(found[0], f"{_said(found)}已通过审批", "approved")
    return found


@transaction.atomic
def booking_refuse(
    *, actor, booking: Booking, reason: str, now: datetime.datetime | None = None
) -> list[Booking]:
    """Refuse a waiting booking (a series: every waiting occurrence) with a reason the
    booker is told; the slot is free again. None when its start has come (expired)."""
    scoping.require(actor, "activities.change", union=booking.union)
    reason = (reason or "").strip()[:100]
    if not reason:
        raise ValidationError({"reason": "请填写不通过的原因，预约人会收到。"})
    now = _now(now)
    found = _waiting(booking, now)
    if not found:
        return found
    _decide(actor, found, BookingState.REFUSED, reason, now)
    _tell(found[0], f"{_said(found)}未通过审批（{reason}）", "refused")
    return found
