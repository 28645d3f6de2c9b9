"""Reads of 劳动争议调解 that depend on who is asking.

**The seat is the right.** A case is read and written only by a current member of its union's
劳动争议调解委员会 (``Mediator`` with the user's own member record, ``since`` ≤ today ≤
``until``): no role gives it — the chair without a seat, the 经审 and a federation
administrator are refused (403 within their reach, 404 outside it, as ``get_scoped`` says).
The committee's roster and the figures (counts, never names) are ``rights.view``.
The applicant sees their own cases' state from 我的 (``own_cases``): number, kind, dates and
outcome — their own application, nothing of the committee's records.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from gonghui.core.queries import get_scoped, get_union
from gonghui.members.metrics import by_union, in_union, one_union, percent
from gonghui.orgs.models import Member, Union
from gonghui.orgs.queries import own_member

from .models_mediation import (
    CLOSED_CASE_STATES,
    OPEN_CASE_STATES,
    CaseState,
    MediationCase,
    Mediator,
)

CASE_MISSING = "没有这个调解案件，或您无权查看。"
MEDIATOR_MISSING = "没有这位调解委员会成员，或您无权查看。"
CONFIDENTIAL = "调解案件保密，只有本会劳动争议调解委员会的在任成员可以查看和办理。"
GRASSROOTS = "劳动争议调解委员会设在基层工会，请进入所属基层工会。"
# A deadline within this many days (today included): the committee is reminded.
DUE_SOON_DAYS = 3


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def current(union: Union, today: datetime.date | None = None) -> QuerySet[Mediator]:
    """The committee's seats on ``today``."""
    day = _today(today)
    return Mediator.objects.filter(union=union, since__lte=day).filter(
        Q(until__isnull=True) | Q(until__gte=day)
    )


def has_seat(user, union: Union, today: datetime.date | None = None) -> bool:
    """Is ``user`` a current member of ``union``'s mediation committee? The system
    (``None``) is; anyone else by their own member record only. Asked once per user, union
    and day (one query)."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    seats = user.__dict__.setdefault("_mediation_seats", {})
    key = (union.pk, _today(today))
    if key not in seats:
        seats[key] = current(union, today).filter(member__user=user).exists()
    return seats[key]


def require_seat(user, union: Union) -> None:
    """PermissionDenied unless ``user`` holds a seat (a page's check after the getter)."""
    if not has_seat(user, union):
        raise PermissionDenied(CONFIDENTIAL)


def cases_union(user, code: str) -> Union:
    """The union of a case list's ``code``: 404 outside the user's reach, 403 within it
    without a seat on its committee."""
    union = get_union(user, code, None, grassroots=GRASSROOTS)
    require_seat(user, union)
    return union


def get_case(user, pk: int) -> MediationCase:
    """A case, for a current member of its union's committee only (the seat, checked
    first, is the right; anyone else: 404 outside their reach, 403 within it)."""
    case = get_scoped(
        MediationCase.objects.select_related("union", "applicant"),
        user,
        None,
        union="union",
        allow=lambda c: has_seat(user, c.union),
        missing=CASE_MISSING,
        pk=pk,
    )
    require_seat(user, case.union)
    return case


def get_mediator(user, pk: int, perm: str = "rights.change") -> Mediator:
    return get_scoped(
        Mediator.objects.select_related("union", "member"),
        user,
        perm,
        union="union",
        missing=MEDIATOR_MISSING,
        pk=pk,
    )


def roster(union: Union) -> QuerySet[Mediator]:
    """Every seat, current ones first (by post), then past ones."""
    return (
        Mediator.objects.filter(union=union)
        .select_related("member")
        .order_by("until", "post", "id")
    )


def mediator_pool(union: Union, today: datetime.date | None = None) -> QuerySet[Mediator]:
    """The seats a case's mediators are chosen from."""
    return current(union, today).order_by("post", "id")


def applicant_pool(user, union: Union, item: int) -> QuerySet[Member]:
    """The member picker's ``within`` for a case's applicant: a committee member of
    ``union`` (``item`` is the union's id) chooses among its current members."""
    if item != union.pk:
        raise PermissionDenied(CONFIDENTIAL)
    require_seat(user, union)
    return applicant_candidates(union)


def applicant_candidates(union: Union) -> QuerySet[Member]:
    return Member.objects.current().filter(union=union)


def cases(union: Union, state: str = "") -> QuerySet[MediationCase]:
    qs = MediationCase.objects.filter(union=union).order_by("-year", "-number")
    return qs.filter(state=state) if state else qs


def next_number(union: Union, year: int) -> int:
    """The next case number of the year (the caller holds the union's row lock)."""
    top = MediationCase.objects.filter(union=union, year=year).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def sessions(case: MediationCase):
    return case.sessions.select_related("created_by").order_by("held_on", "id")


def own_cases(user) -> QuerySet[MediationCase]:
    """The signed-in member's own applications (what 我的 shows them: state and dates)."""
    member = own_member(user)
    if member is None:
        return MediationCase.objects.none()
    return (
        MediationCase.objects.filter(applicant=member)
        .select_related("union")
        .order_by("-applied_on", "-id")
    )


def own_seats(user) -> QuerySet[Mediator]:
    """The signed-in user's current seats (their way to the cases from 我的)."""
    if not getattr(user, "is_authenticated", False):
        return Mediator.objects.none()
    today = timezone.localdate()
    return (
        Mediator.objects.filter(member__user=user, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("union")
    )


# --- 待办, reminders --------------------------------------------------------------------------


def open_cases() -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(state__in=OPEN_CASE_STATES)


def todo_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    """What waits for the committee: applications not yet decided, open cases past their
    deadline."""
    mine = open_cases().filter(union=union)
    return {
        "waiting": mine.filter(state=CaseState.APPLIED),
        "overdue": mine.filter(deadline__lt=today),
    }


def due_for_reminder(today: datetime.date) -> QuerySet[MediationCase]:
    """Open cases whose deadline is within ``DUE_SOON_DAYS`` or has passed."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS - 1)
    return open_cases().filter(deadline__lte=horizon).select_related("union")


def seat_users(union_ids) -> dict[int, list]:
    """The accounts of the current committee members of each union (reminders go to them
    alone, never to the chairs)."""
    today = timezone.localdate()
    rows = (
        Mediator.objects.filter(
            union__in=list(union_ids), since__lte=today, member__user__isnull=False
        )
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("member__user")
    )
    out: dict[int, list] = {}
    for seat in rows:
        if seat.member is not None:
            out.setdefault(seat.union_id, []).append(seat.member.user)
    return out


# --- figures: counts only ---------------------------------------------------------------------


def _accepted(start: datetime.date, end: datetime.date) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(accepted_on__range=(start, end))


def _closed(start: datetime.date, end: datetime.date) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(state__in=CLOSED_CASE_STATES, closed_on__range=(start, end))


CLOSED_AGGREGATES = {
    "closed": Count("id"),
    "agreed": Count("id", filter=Q(state=CaseState.AGREED)),
}


def accepted_count(union: Union, start: datetime.date, end: datetime.date) -> int:
    return _accepted(start, end).filter(in_union(union)).count()


def accepted_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    return by_union(_accepted(start, end), ids, n=Count("id"))


def closed_parts(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """Cases closed in the period (agreement, no agreement, withdrawn) and the agreements
    among them, with 调解成功率 = agreements ÷ closed (one query)."""
    found = one_union(_closed(start, end), union, "", **CLOSED_AGGREGATES)
    found["rate"] = percent(found["agreed"], found["closed"])
    return found


def closed_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    return by_union(_closed(start, end), ids, "", **CLOSED_AGGREGATES)


def period_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """The summary's and the committee page's counts (three queries): applications received,
    accepted and refused in the period; closed, agreed, failed, withdrawn; open now."""
    received = one_union(
        MediationCase.objects.filter(applied_on__range=(start, end)),
        union,
        received=Count("id"),
        refused=Count("id", filter=Q(state=CaseState.REFUSED)),
    )
    closed = one_union(
        _closed(start, end),
        union,
        closed=Count("id"),
        agreed=Count("id", filter=Q(state=CaseState.AGREED)),
        failed=Count("id", filter=Q(state=CaseState.FAILED)),
        withdrawn=Count("id", filter=Q(state=CaseState.WITHDRAWN)),
    )
    return {
        **received,
        **closed,
        "accepted": accepted_count(union, start, end),
        "rate": percent(closed["agreed"], closed["closed"]),
    }


def open_figures(union: Union, today: datetime.date) -> dict:
    """Open cases now and those past their deadline (one query), counts only."""
    return one_union(
        open_cases(),
        union,
        open=Count("id"),
        overdue=Count("id", filter=Q(deadline__lt=today)),
    )
