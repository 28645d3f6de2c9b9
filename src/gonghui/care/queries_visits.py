"""Reads of 走访慰问, scoped through ``core.scoping``: life events and their visits for
``care.view`` (the chair, the 经审, the welfare member of the committee) and, for their own
events, the member; campaigns and their targets for ``care.view``; the counts of the 待办,
the reminders and the metrics.

Privacy: these lists carry the member's name, group, the event's kind and its dates,
never a hardship file's tier or figures, nor the event's notes (shown on the event's own
page only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.queries import get_scoped
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, MemberStatus, Union

from .models import (
    Campaign,
    CampaignTarget,
    CareVisit,
    EventState,
    FileState,
    HardshipFile,
    LifeEvent,
    TargetSource,
)
from .queries import settings_for

EVENT_MISSING = "没有这条生活事件记录，或您无权查看。"
CAMPAIGN_MISSING = "没有这次慰问活动，或您无权查看。"
TARGET_MISSING = "没有这位慰问对象，或您无权查看。"

# The tabs of the visits page: (key, label)
SHOWS = (
    ("open", "待走访"),
    ("overdue", "已逾期"),
    ("visited", "已走访"),
    ("withdrawn", "已撤销"),
)


def visit_kinds(union: Union) -> list[str]:
    """The union's 五必访 list (its own, its federation's, or the example)."""
    return list(settings_for(union).visit_kinds)


def visit_days(union: Union) -> int:
    return int(settings_for(union).visit_days)


# --- getters --------------------------------------------------------------------------------


def _own_member(user, member: Member) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and member.user_id == user.pk


def get_event(user, pk: int, perm: str = "care.view") -> LifeEvent:
    """A life event the user may ``perm`` on; for ``care.view``, also the member's own.
    404 outside the user's reach, 403 within it without the right."""

    def own(event: LifeEvent) -> bool:
        return perm == "care.view" and _own_member(user, event.member)

    return get_scoped(
        LifeEvent.objects.select_related("union", "member", "member__group"),
        user,
        perm,
        union="union",
        allow=own,
        missing=EVENT_MISSING,
        pk=pk,
    )


def get_campaign(user, pk: int, perm: str = "care.view") -> Campaign:
    return get_scoped(
        Campaign.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=CAMPAIGN_MISSING,
        pk=pk,
    )


def get_target(user, pk: int, perm: str = "care.change") -> CampaignTarget:
    return get_scoped(
        CampaignTarget.objects.select_related(
            "campaign", "campaign__union", "member", "member__group", "visit"
        ),
        user,
        perm,
        union="campaign.union",
        missing=TARGET_MISSING,
        pk=pk,
    )


# --- life events ----------------------------------------------------------------------------


def _events(union: Union) -> QuerySet[LifeEvent]:
    return LifeEvent.objects.filter(union=union)


def event_list(union: Union, show: str, today: datetime.date) -> QuerySet[LifeEvent]:
    """The union's events for the committee's list (the caller checked ``care.view``):
    name, group, kind and dates only. ``open`` (the default) is every event still waiting
    for its visit, the most urgent first."""
    qs = _events(union).select_related("member", "member__group")
    if show == "overdue":
        return qs.filter(state=EventState.DUE, due_on__lt=today).order_by("due_on", "id")
    if show == "visited":
        return qs.filter(state=EventState.VISITED).order_by("-visited_on", "-id")
    if show == "withdrawn":
        return qs.filter(state=EventState.WITHDRAWN).order_by("-occurred_on", "-id")
    return qs.filter(state=EventState.DUE).order_by("due_on", "id")


def event_counts(union: Union, today: datetime.date) -> dict[str, int]:
    """The tabs' counts, in one query."""
    due = Q(state=EventState.DUE)
    return _events(union).aggregate(
        open=Count("id", filter=due),
        overdue=Count("id", filter=due & Q(due_on__lt=today)),
        visited=Count("id", filter=Q(state=EventState.VISITED)),
        withdrawn=Count("id", filter=Q(state=EventState.WITHDRAWN)),
    )


def event_visits(event: LifeEvent) -> list[CareVisit]:
    return list(event.visits.select_related("recorded_by").order_by("visited_on", "id"))


def own_events(member: Member) -> QuerySet[LifeEvent]:
    """The member's own events, newest first (their page shows nothing of anyone else)."""
    return LifeEvent.objects.filter(member=member).order_by("-occurred_on", "-id")


def open_event_exists(member: Member, kind: str, occurred_on: datetime.date) -> bool:
    """The same event already recorded and not withdrawn (a double submission)."""
    return (
        LifeEvent.objects.filter(member=member, kind=kind, occurred_on=occurred_on)
        .exclude(state=EventState.WITHDRAWN)
        .exists()
    )


# --- campaigns ------------------------------------------------------------------------------


def campaign_list(union: Union) -> QuerySet[Campaign]:
    """The union's campaigns with their targets counted, visited and not (one query)."""
    return (
        Campaign.objects.filter(union=union)
        .annotate(
            total=Count("targets"),
            visited=Count("targets", filter=Q(targets__visit__isnull=False)),
        )
        .order_by("-starts_on", "-id")
    )


@dataclass
class CampaignFigures:
    total: int
    visited: int
    amount: object  # Decimal | None

    @property
    def waiting(self) -> int:
        return self.total - self.visited


def campaign_figures(campaign: Campaign) -> CampaignFigures:
    found = campaign.targets.aggregate(
        total=Count("id"),
        visited=Count("id", filter=Q(visit__isnull=False)),
        amount=Sum("visit__amount"),
    )
    return CampaignFigures(found["total"], found["visited"], found["amount"])


def campaign_targets(campaign: Campaign, show: str = "") -> QuerySet[CampaignTarget]:
    """The campaign's targets (name, group, visited or not): not yet visited first."""
    qs = campaign.targets.select_related("member", "member__group", "visit")
    if show == "waiting":
        qs = qs.filter(visit__isnull=True)
    elif show == "visited":
        qs = qs.filter(visit__isnull=False)
    return qs.order_by("visit__visited_on", "member__group__name", "member__name_pinyin", "id")


def target_candidates(
    campaign: Campaign, source: str, picked: list[Member] | None = None
) -> QuerySet[Member]:
    """The union's members a source names, for ``campaign_targets_add``: filed hardship
    households (已建档), retirees, front-line staff in post, or those picked (members and
    whole groups, through the picker)."""
    members = Member.objects.filter(union=campaign.union)
    if source == TargetSource.HARDSHIP:
        filed = HardshipFile.objects.filter(union=campaign.union, state=FileState.FILED)
        return members.filter(pk__in=filed.values("member_id"), status__in=CURRENT_MEMBER_STATUSES)
    if source == TargetSource.RETIRED:
        return members.filter(status=MemberStatus.RETIRED)
    if source == TargetSource.FRONTLINE:
        return members.filter(status=MemberStatus.ACTIVE, is_frontline=True)
    if source == TargetSource.PICKED:
        ids = [m.pk for m in picked or ()]
        return members.filter(pk__in=ids, status__in=CURRENT_MEMBER_STATUSES)
    return members.none()


def target_member_ids(campaign: Campaign) -> set[int]:
    return set(campaign.targets.values_list("member_id", flat=True))


# --- 待办, reminders --------------------------------------------------------------------------


def waiting_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    """The 待办's rows for ``core.todo`` to count: events waiting for a visit (due, and
    past due) and the targets not yet visited of the campaigns running today."""
    due = LifeEvent.objects.filter(union=union, state=EventState.DUE)
    return {
        "visit_due": due.filter(due_on__gte=today),
        "visit_late": due.filter(due_on__lt=today),
        "campaign_waiting": CampaignTarget.objects.filter(
            campaign__union=union,
            campaign__starts_on__lte=today,
            campaign__ends_on__gte=today,
            visit__isnull=True,
        ),
    }


def events_waiting() -> QuerySet[LifeEvent]:
    """Every union's events still waiting for their visit (for the daily reminders)."""
    return (
        LifeEvent.objects.filter(state=EventState.DUE)
        .select_related("union", "member")
        .order_by("union_id", "due_on", "id")
    )
