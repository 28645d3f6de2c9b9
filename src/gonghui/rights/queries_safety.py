"""Reads of 劳动保护, scoped through ``core.scoping``: inspections, hazards and their photos,
the hazard-post register, accidents and 安康杯 entries for ``rights.view`` holders (the chair,
the committee, the 经审 read-only, the committee members in charge of 维权/劳动保护/女工); the
待办's rows, the reminders' (every union) and the figures (counts only: nobody is named).

Privacy: an accident names the injured; only ``rights.view`` holders read accidents at all."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Prefetch, Q, QuerySet

from gonghui.core.notices import chair_users
from gonghui.core.queries import get_scoped
from gonghui.members.metrics import by_union, in_union, one_union
from gonghui.orgs.models import (
    CURRENT_MEMBER_STATUSES,
    Body,
    Duty,
    Member,
    Position,
    Union,
    UnionGroup,
)

from . import rules_safety as rules
from .models_safety import (
    Accident,
    AnkangEntry,
    Hazard,
    HazardPhoto,
    HazardPost,
    HazardState,
    SafetyInspection,
)

VIEW = "rights.view"
CHANGE = "rights.change"
INSPECTION_MISSING = "没有这次劳动保护监督检查，或您无权查看。"
HAZARD_MISSING = "没有这条隐患，或您无权查看。"
PHOTO_MISSING = "没有这张照片，或您无权查看。"
POST_MISSING = "台账中没有这个岗位，或您无权查看。"
ACCIDENT_MISSING = "没有这起事故的记录，或您无权查看。"


# --- getters --------------------------------------------------------------------------------


def get_inspection(user, pk: int, perm: str = VIEW) -> SafetyInspection:
    return get_scoped(
        SafetyInspection.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=INSPECTION_MISSING,
        pk=pk,
    )


def get_hazard(user, pk: int, perm: str = VIEW) -> Hazard:
    return get_scoped(
        Hazard.objects.select_related("union", "inspection"),
        user,
        perm,
        union="union",
        missing=HAZARD_MISSING,
        pk=pk,
    )


def get_photo(user, pk: int, perm: str = VIEW) -> HazardPhoto:
    return get_scoped(
        HazardPhoto.objects.select_related("hazard__union"),
        user,
        perm,
        union="hazard.union",
        missing=PHOTO_MISSING,
        pk=pk,
    )


def get_post(user, pk: int, perm: str = VIEW) -> HazardPost:
    return get_scoped(
        HazardPost.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=POST_MISSING,
        pk=pk,
    )


def get_accident(user, pk: int, perm: str = VIEW) -> Accident:
    return get_scoped(
        Accident.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=ACCIDENT_MISSING,
        pk=pk,
    )


# --- lists ----------------------------------------------------------------------------------


def inspections_of(union: Union, year: int | None = None) -> QuerySet[SafetyInspection]:
    """The union's inspections, newest first, with their hazard counts (one query)."""
    rows = SafetyInspection.objects.filter(union=union)
    if year is not None:
        rows = rows.filter(held_on__year=year)
    return rows.annotate(
        n_hazards=Count("hazards"),
        n_closed=Count("hazards", filter=Q(hazards__state=HazardState.CLOSED)),
    ).order_by("-held_on", "-id")


def hazards_of(inspection: SafetyInspection) -> QuerySet[Hazard]:
    return inspection.hazards.prefetch_related("photos").order_by("found_on", "id")


def open_hazards(union: Union) -> QuerySet[Hazard]:
    """Hazards not yet closed, the earliest deadline first (overdue ones lead)."""
    return (
        Hazard.objects.filter(union=union)
        .exclude(state=HazardState.CLOSED)
        .select_related("inspection")
        .order_by("deadline", "id")
    )


def inspectors_of(inspection: SafetyInspection) -> list[Member]:
    return list(inspection.inspectors.order_by("name_pinyin", "id"))


def rechecks_of(hazard: Hazard):
    return hazard.rechecks.order_by("checked_on", "id")


def posts_of(union: Union) -> QuerySet[HazardPost]:
    return HazardPost.objects.filter(union=union, retired_on__isnull=True).order_by(
        "workshop", "name", "id"
    )


def accidents_of(union: Union) -> QuerySet[Accident]:
    return (
        Accident.objects.filter(union=union)
        .prefetch_related(Prefetch("injured", queryset=Member.objects.order_by("name")))
        .order_by("-occurred_on", "-id")
    )


def ankang_of(union: Union, year: int) -> list[AnkangEntry]:
    """The year's entries ranked: by score (highest first; none last), then group name."""
    rows = list(AnkangEntry.objects.filter(union=union, year=year).select_related("group"))
    rows.sort(key=lambda e: (e.score is None, -(e.score or Decimal(0)), e.group.name))
    rank, last = 0, None
    for i, entry in enumerate(rows, 1):
        if entry.score is None:
            cast(Any, entry).rank = None  # for the page; not a field
            continue
        if entry.score != last:
            rank, last = i, entry.score
        cast(Any, entry).rank = rank  # equal scores share a place (1, 2, 2, 4)
    return rows


def groups_of(union: Union) -> QuerySet[UnionGroup]:
    return UnionGroup.objects.filter(union=union, archived_at__isnull=True).order_by("name")


def group_of(union: Union, pk) -> UnionGroup | None:
    try:
        return groups_of(union).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


# --- the 待办 and reminders -------------------------------------------------------------------


def todo_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    """Hazards past their deadline and not closed; hazards rectified and waiting for 复查."""
    mine = Hazard.objects.filter(union=union)
    return {
        "overdue": mine.exclude(state=HazardState.CLOSED).filter(deadline__lt=today),
        "recheck": mine.filter(state=HazardState.RECTIFIED),
    }


def overdue_everywhere(today: datetime.date) -> QuerySet[Hazard]:
    """Every union's hazards whose deadline has passed (the day after it) and not closed."""
    return (
        Hazard.objects.exclude(state=HazardState.CLOSED)
        .filter(deadline__lt=today)
        .select_related("union")
        .order_by("union_id", "deadline", "id")
    )


def change_users(union_ids) -> dict[int, list]:
    """Each union's ``rights.change`` holders with an active account: the chairs, the
    committee role, the committee members whose 分工 is 维权 or 劳动保护 (two queries)."""
    from gonghui.core.models import Role, RoleGrant

    ids = set(union_ids)
    found = chair_users(ids)
    grants = (
        RoleGrant.objects.active()
        .filter(role=Role.COMMITTEE, union_id__in=ids, user__is_active=True)
        .select_related("user")
    )
    posts = Position.objects.filter(
        term__union_id__in=ids,
        term__body=Body.COMMITTEE,
        term__closed_on__isnull=True,
        ended_on__isnull=True,
        duty__in=(Duty.SAFETY, Duty.RIGHTS),
        member__status__in=CURRENT_MEMBER_STATUSES,
        member__user__is_active=True,
    ).select_related("term", "member__user")
    pairs = [(g.union_id, g.user) for g in grants] + [
        (p.term.union_id, p.member.user) for p in posts
    ]
    for union_id, user in pairs:
        users = found.setdefault(union_id, [])
        if user not in users:
            users.append(user)
    return found


# --- figures ----------------------------------------------------------------------------------
# 隐患整改率 (rules_safety): the hazards found in the period, and those of them closed by its
# end. Read for one union and its subtree, or grouped by union for the kept parts a
# federation adds up (a hazard is one union's: the parts add up exactly).


def _found(start: datetime.date, end: datetime.date) -> QuerySet[Hazard]:
    return Hazard.objects.filter(found_on__range=(start, end))


def _hazard_counts(end: datetime.date) -> dict:
    return {
        "found": Count("id"),
        "closed": Count("id", filter=Q(state=HazardState.CLOSED, closed_on__lte=end)),
    }


def hazard_parts(union: Union, start: datetime.date, end: datetime.date) -> dict:
    found = one_union(_found(start, end), union, **_hazard_counts(end))
    found["rate"] = rules.rectification_rate(found["closed"], found["found"])
    return found


def hazards_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    return by_union(_found(start, end), ids, **_hazard_counts(end))


def _held(start: datetime.date, end: datetime.date) -> QuerySet[SafetyInspection]:
    return SafetyInspection.objects.filter(held_on__range=(start, end))


def inspection_count(union: Union, start: datetime.date, end: datetime.date) -> int:
    return one_union(_held(start, end), union, n=Count("id"))["n"]


def inspections_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    return by_union(_held(start, end), ids, n=Count("id"))


def period_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """The summary's figures (three queries): inspections held, hazards found and closed by
    the period's end with the rate, 重大 ones among them, accidents by severity."""
    found = hazard_parts(union, start, end)
    found["major"] = _found(start, end).filter(in_union(union), level="major").count()
    found["inspections"] = inspection_count(union, start, end)
    accidents = Accident.objects.filter(in_union(union), occurred_on__range=(start, end))
    found.update(
        accidents.aggregate(
            accidents=Count("id"),
            serious=Count("id", filter=Q(severity__in=("serious", "fatal"))),
        )
    )
    return found


def inspections_for_plan(union: Union, year: int) -> QuerySet[SafetyInspection]:
    return SafetyInspection.objects.filter(union=union, held_on__year=year).order_by(
        "held_on", "id"
    )
