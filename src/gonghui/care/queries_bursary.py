"""Reads of 金秋助学, scoped through ``core.scoping``: the rounds and their applications for
``care.view`` (the chair, the 经审, the welfare member of the committee), a member's own
applications and admission proofs for that member; the settings; the counts of the 待办,
the reminder and the metrics.

Privacy: the committee's list shows whether a family has an 已建档 hardship file (it fixes
the amount), never its income, household or illness; the 公示 shows less still."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gonghui.core import union_settings
from gonghui.core.queries import get_scoped
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.members.metrics import by_union, one_union
from gonghui.orgs.models import Member, Union

from .models import FileState, HardshipFile
from .models_bursary import (
    ApplicationState,
    BursaryApplication,
    BursaryRound,
    BursarySettings,
    RoundStatus,
)
from .rules_bursary import HIGHER, in_window

ROUND_MISSING = "没有这一轮金秋助学，或您无权查看。"
APPLICATION_MISSING = "没有这份金秋助学申请，或您无权查看。"
# An application that still counts (for a child's second application, the 公示, the pay).
LIVE_STATES = (ApplicationState.SUBMITTED, ApplicationState.APPROVED, ApplicationState.PAID)


def settings_for(union: Union) -> BursarySettings:
    """The union's 金秋助学 settings: its own, its nearest ancestor's, or the examples."""
    return union_settings.inherited(BursarySettings, union)


# --- getters --------------------------------------------------------------------------------


def get_round(user, pk: int, perm: str = "care.view") -> BursaryRound:
    """A round of a union where the user may ``perm``: 404 outside their reach."""
    return get_scoped(
        BursaryRound.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=ROUND_MISSING,
        pk=pk,
    )


def _own(user, application: BursaryApplication) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and application.member.user_id == user.pk


def get_application(user, pk: int, perm: str = "care.change") -> BursaryApplication:
    """An application the user may ``perm`` on; for ``care.view``, also the member's own
    (their admission proof)."""

    def own(application: BursaryApplication) -> bool:
        return perm == "care.view" and _own(user, application)

    return get_scoped(
        BursaryApplication.objects.select_related("union", "round", "member", "member__group"),
        user,
        perm,
        union="union",
        allow=own,
        missing=APPLICATION_MISSING,
        pk=pk,
    )


# --- the member -----------------------------------------------------------------------------


def own_applications(member: Member) -> QuerySet[BursaryApplication]:
    return (
        BursaryApplication.objects.filter(member=member)
        .select_related("round")
        .order_by("-round__year", "-id")
    )


def round_of_year(union: Union, year: int) -> BursaryRound | None:
    return BursaryRound.objects.filter(union=union, year=year).first()


def open_round(union: Union, today: datetime.date) -> BursaryRound | None:
    """The round taking applications today (its window includes today), or None."""
    found = round_of_year(union, today.year)
    if found is None or found.status != RoundStatus.OPEN:
        return None
    return found if in_window(today, found.opens_on, found.closes_on) else None


def has_filed_file(member: Member) -> bool:
    """Does the member's family have an 已建档 hardship file (the 建档 amount)?"""
    return HardshipFile.objects.filter(member=member, state=FileState.FILED).exists()


def child_application(round: BursaryRound, member: Member, child_name: str):
    """The child's live application in the round (one that is not refused), or None."""
    return (
        BursaryApplication.objects.filter(
            round=round, member=member, child_name=child_name, state__in=LIVE_STATES
        )
        .order_by("id")
        .first()
    )


# --- the committee --------------------------------------------------------------------------


def rounds_of(union: Union) -> QuerySet[BursaryRound]:
    """The union's rounds, newest first, with their counts (one query)."""
    apps = "applications"
    return (
        BursaryRound.objects.filter(union=union)
        .annotate(
            n_all=Count(apps),
            n_waiting=Count(apps, filter=Q(applications__state=ApplicationState.SUBMITTED)),
            n_granted=Count(
                apps,
                filter=Q(
                    applications__state__in=(ApplicationState.APPROVED, ApplicationState.PAID)
                ),
            ),
        )
        .order_by("-year")
    )


def applications_of(round: BursaryRound, state: str = "") -> QuerySet[BursaryApplication]:
    """The round's applications with their member and group, for the committee's list."""
    qs = (
        BursaryApplication.objects.filter(round=round)
        .select_related("member", "member__group", "applied_by", "reviewed_by")
        .order_by("member__group__name", "member__name", "id")
    )
    if state in ApplicationState.values:
        qs = qs.filter(state=state)
    return qs


def round_figures(round: BursaryRound) -> dict:
    """Counts per state, and the amounts granted (approved or paid) per level group: one
    query, money summed in fen."""
    granted = Q(state__in=(ApplicationState.APPROVED, ApplicationState.PAID))
    found = BursaryApplication.objects.filter(round=round).aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(state=ApplicationState.SUBMITTED)),
        approved=Count("id", filter=Q(state=ApplicationState.APPROVED)),
        rejected=Count("id", filter=Q(state=ApplicationState.REJECTED)),
        paid=Count("id", filter=Q(state=ApplicationState.PAID)),
        higher=Count("id", filter=granted & Q(level__in=HIGHER)),
        high=Count("id", filter=granted & ~Q(level__in=HIGHER)),
        fen=fen_total("amount", where=granted),
    )
    found["amount"] = fen_to_yuan(found.pop("fen"))
    found["granted"] = found["approved"] + found["paid"]
    return found


def granted_of(round: BursaryRound) -> list[BursaryApplication]:
    """The approved applications (the 公示's list and the payees), by group and name."""
    return list(
        BursaryApplication.objects.filter(round=round, state=ApplicationState.APPROVED)
        .select_related("member", "member__group")
        .order_by("member__group__name", "member__name", "id")
    )


# --- 待办, reminders, metrics ---------------------------------------------------------------


def waiting_querysets(union: Union) -> dict[str, QuerySet[BursaryApplication]]:
    """Applications waiting for the committee's review: the 待办's rows."""
    return {
        "bursary": BursaryApplication.objects.filter(union=union, state=ApplicationState.SUBMITTED)
    }


def closed_with_waiting(today: datetime.date) -> QuerySet[BursaryRound]:
    """Rounds, every union, whose window has closed with applications still unreviewed."""
    waiting = BursaryApplication.objects.filter(
        round=OuterRef("pk"), state=ApplicationState.SUBMITTED
    )
    return (
        BursaryRound.objects.filter(closes_on__lt=today, status=RoundStatus.OPEN)
        .filter(Exists(waiting))
        .annotate(
            n_waiting=Count(
                "applications", filter=Q(applications__state=ApplicationState.SUBMITTED)
            )
        )
        .select_related("union")
        .order_by("union_id", "year")
    )


def _paid_rows(start: datetime.date, end: datetime.date) -> QuerySet[BursaryApplication]:
    """The applications paid (put on the round's voucher) in the period, of any union."""
    return BursaryApplication.objects.filter(
        state=ApplicationState.PAID, round__paid_on__range=(start, end)
    )


def paid_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    """助学人数 and 助学金额 (fen) per union: the kept parts a federation adds up (an
    application belongs to one union, so they add up exactly)."""
    return by_union(_paid_rows(start, end), ids, children=Count("id"), fen=fen_total("amount"))


def paid_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """Children paid in the period (all, 高等教育, 高中) and the amount, in one query."""
    found = one_union(
        _paid_rows(start, end),
        union,
        children=Count("id"),
        higher=Count("id", filter=Q(level__in=HIGHER)),
        fen=fen_total("amount"),
    )
    found["high"] = found["children"] - found["higher"]
    found["amount"] = fen_to_yuan(found.pop("fen"))
    return found
