"""Reads of the 帮扶 files, scoped through ``core.scoping``: the full file for ``care.view``
(the chair, the 经审, the welfare member of the committee) and for the member it belongs
to; lists that carry no income, household or illness; counts for the 待办 and metrics."""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet, Sum

from gonghui.core import union_settings
from gonghui.core.queries import get_scoped
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from .models import (
    Aid,
    Assessment,
    CareSettings,
    FileState,
    HardshipFile,
    StateChange,
    Visit,
)

MISSING = "没有这份困难职工档案，或您无权查看。"


def settings_for(union: Union) -> CareSettings:
    """The union's care settings: its own, its nearest ancestor's, or the examples."""
    found = union_settings.inherited(CareSettings, union)
    if not found.exclusions and found.inherited_from == "defaults":
        from .rules import EXAMPLE_EXCLUSIONS

        found.exclusions = list(EXAMPLE_EXCLUSIONS)
    return found


def _own(user, file: HardshipFile) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and file.member.user_id == user.pk


def get_file(user, pk: int, perm: str = "care.view") -> HardshipFile:
    """A file the user may ``perm`` on; for ``care.view``, also the member's own file.
    404 outside the user's reach (another union's file), 403 within it without the right."""

    def own(file: HardshipFile) -> bool:
        return perm == "care.view" and _own(user, file)

    return get_scoped(
        HardshipFile.objects.select_related("union", "member", "member__group"),
        user,
        perm,
        union="union",
        allow=own,
        missing=MISSING,
        pk=pk,
    )


def get_visit(user, pk: int) -> Visit:
    """A 入户调查 record (for its signed consent form): ``care.view`` on its union only."""
    return get_scoped(
        Visit.objects.select_related("file__union"),
        user,
        "care.view",
        union="file.union",
        missing="没有这条入户调查记录，或您无权查看。",
        pk=pk,
    )


def own_member(user) -> Member | None:
    """The user's current membership, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.filter(user=user, status__in=CURRENT_MEMBER_STATUSES)
        .select_related("union")
        .first()
    )


def own_file(member: Member) -> HardshipFile | None:
    return HardshipFile.objects.filter(member=member).select_related("union").first()


def file_list(union: Union, state: str = "") -> QuerySet[HardshipFile]:
    """The union's files for the committee's list: name, group, state, tier and dates only
    (the caller has checked ``care.view``; the template shows nothing else)."""
    qs = (
        HardshipFile.objects.filter(union=union)
        .select_related("member", "member__group")
        .only(
            "id",
            "state",
            "tier",
            "round",
            "filed_on",
            "review_due",
            "created_at",
            "member__name",
            "member__group__name",
        )
        .order_by("review_due", "-created_at")
    )
    if state in FileState.values:
        qs = qs.filter(state=state)
    return qs


def state_counts(union: Union) -> dict[str, int]:
    rows = HardshipFile.objects.filter(union=union).values("state").annotate(n=Count("id"))
    return {r["state"]: r["n"] for r in rows}


def latest_assessment(file: HardshipFile) -> Assessment | None:
    return file.assessments.prefetch_related("household").select_related("created_by").first()


def file_detail(file: HardshipFile) -> dict:
    """What the full file page shows (the caller checked ``care.view`` or ownership)."""
    return {
        "assessments": list(
            file.assessments.prefetch_related("household").select_related("created_by")
        ),
        "visits": list(file.visits.select_related("recorded_by")),
        "aids": list(file.aids.select_related("recorded_by")),
        "history": list(file.history.select_related("by")),
        "aid_total": file.aids.aggregate(total=Sum("amount"))["total"],
    }


# --- 待办, reminders, metrics ---------------------------------------------------------------


def waiting_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet[HardshipFile]]:
    """Applications waiting for 初审, and filed households whose 复核 is due within 30
    days (or past): the 待办's rows, for ``core.todo`` to count."""
    soon = today + datetime.timedelta(days=30)
    files = HardshipFile.objects.filter(union=union)
    return {
        "applied": files.filter(state=FileState.APPLIED),
        "review": files.filter(state=FileState.FILED, review_due__lte=soon),
    }


def reviews_due(today: datetime.date, days: int = 30) -> QuerySet[HardshipFile]:
    """Filed households whose yearly 复核 falls within ``days`` (or is late), every union."""
    return (
        HardshipFile.objects.filter(
            state=FileState.FILED, review_due__lte=today + datetime.timedelta(days=days)
        )
        .select_related("union")
        .order_by("union_id", "review_due")
    )


def aids_in(union: Union, start: datetime.date, end: datetime.date) -> QuerySet[Aid]:
    """The 帮扶 given in the union and its subtree in the period."""
    return Aid.objects.filter(
        file__union__path__startswith=union.path, given_on__range=(start, end)
    )


def history_of(file: HardshipFile) -> QuerySet[StateChange]:
    return file.history.select_related("by")
