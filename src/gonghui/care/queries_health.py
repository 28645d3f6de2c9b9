"""Reads of 体检, scoped through ``core.scoping``: the campaigns, their slots and targets for
``care.view`` (the chair, the 经审 read-only, the welfare member of the committee), a
member's own appointments for that member; who is due (from the roster and each member's
last check of each kind); the figures, the 待办's rows, the reminders' and the metrics'.

Privacy: which kinds a member is due for (妇科/两癌筛查 says she is a woman of screening
age) and their appointment are read by ``care.view`` holders and the member only; a group
leader, the treasurer or the committee role read none of it. Nothing here holds a result:
there is none to hold."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db.models import Count, F, Max, Q, QuerySet

from gonghui.core import union_settings
from gonghui.core.queries import get_scoped
from gonghui.members.metrics import by_union, in_union, one_union
from gonghui.orgs.models import Member, MemberStatus, Union

from . import rules_health as rules
from .models_health import HealthCampaign, HealthSettings, HealthSlot, HealthTarget, TargetState

CAMPAIGN_MISSING = "没有这次体检活动，或您无权查看。"
TARGET_MISSING = "没有这条体检预约，或您无权查看。"
SLOT_MISSING = "没有这个体检时段，或您无权查看。"
# Targets still to be seen: not yet 已完成 or 未参加.
OPEN_STATES = (TargetState.PENDING, TargetState.BOOKED)
UNGROUPED = "未分组"


def settings_for(union: Union) -> HealthSettings:
    """The union's 体检 settings: its own, its nearest ancestor's, or the examples."""
    return union_settings.inherited(HealthSettings, union)


# --- getters --------------------------------------------------------------------------------


def get_campaign(user, pk: int, perm: str = "care.view") -> HealthCampaign:
    """A campaign of a union where the user may ``perm``: 404 outside their reach."""
    return get_scoped(
        HealthCampaign.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=CAMPAIGN_MISSING,
        pk=pk,
    )


def get_target(user, pk: int, perm: str = "care.change", *, own: bool = False) -> HealthTarget:
    """A target the user may ``perm`` on; with ``own``, also the member's own (booking,
    confirming or cancelling their appointment)."""

    def mine(target: HealthTarget) -> bool:
        authenticated = bool(getattr(user, "is_authenticated", False))
        return own and authenticated and target.member.user_id == user.pk

    return get_scoped(
        HealthTarget.objects.select_related(
            "union", "campaign", "campaign__union", "member", "member__group", "slot"
        ),
        user,
        perm,
        union="union",
        allow=mine,
        missing=TARGET_MISSING,
        pk=pk,
    )


def get_slot(user, pk: int, perm: str = "care.change") -> HealthSlot:
    return get_scoped(
        HealthSlot.objects.select_related("campaign", "campaign__union"),
        user,
        perm,
        union="campaign.union",
        missing=SLOT_MISSING,
        pk=pk,
    )


def slot_of(campaign: HealthCampaign, pk) -> HealthSlot | None:
    """A slot of the campaign by its id (from a form), or None (another campaign's, or none)."""
    try:
        return HealthSlot.objects.filter(campaign=campaign, pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


# --- who is due -----------------------------------------------------------------------------


def roster_of(union: Union, settings: HealthSettings) -> QuerySet[Member]:
    """The members a campaign draws on: 在会, and 退休 when the settings take them in."""
    statuses = [MemberStatus.ACTIVE]
    if settings.include_retired:
        statuses.append(MemberStatus.RETIRED)
    return Member.objects.filter(union=union, status__in=statuses)


def last_done_years(union: Union, exclude: HealthCampaign | None = None) -> dict[int, dict]:
    """Each member's last campaign year in which they did each kind (one grouped query):
    member id → {kind: year}."""
    done = HealthTarget.objects.filter(member__union=union, state=TargetState.DONE)
    if exclude is not None:
        done = done.exclude(campaign=exclude)
    rows = done.values("member_id").annotate(
        general=Max("campaign__year", filter=Q(general_done=True)),
        screening=Max("campaign__year", filter=Q(screening_done=True)),
    )
    out: dict[int, dict] = {}
    for row in rows:
        years = cast(Mapping[str, Any], row)  # read by kind, a string known at run time
        found = {k: years[k] for k in rules.CheckKind.values if years[k] is not None}
        out[row["member_id"]] = found
    return out


def due_list(campaign: HealthCampaign) -> list[rules.Due]:
    """Who is due in the campaign, with the reasons, by the union's settings: the roster
    against each member's last check of each kind (two queries, whatever the roster)."""
    settings = settings_for(campaign.union)
    last = last_done_years(campaign.union, exclude=campaign)
    members = roster_of(campaign.union, settings).only("id", "sex", "birth_date").order_by("id")
    out = []
    for member in members.iterator(chunk_size=2000):
        found = rules.member_due(
            member,
            year=campaign.year,
            on=campaign.starts_on,
            general=campaign.general,
            screening=campaign.screening,
            last=last.get(member.pk, {}),
            settings=settings,
        )
        if found is not None:
            out.append(found)
    return out


def target_member_ids(campaign: HealthCampaign) -> set[int]:
    return set(HealthTarget.objects.filter(campaign=campaign).values_list("member_id", flat=True))


def due_not_listed(campaign: HealthCampaign) -> list[rules.Due]:
    """The members due who are not yet on the campaign's list (what 列入 would add)."""
    have = target_member_ids(campaign)
    return [d for d in due_list(campaign) if d.member_id not in have]


def members_named(ids: Iterable[int]) -> dict[int, Member]:
    """Members with their groups by id, for a preview list (one query)."""
    return {m.pk: m for m in Member.objects.filter(pk__in=list(ids)).select_related("group")}


# --- the committee --------------------------------------------------------------------------


def campaigns_of(union: Union) -> QuerySet[HealthCampaign]:
    """The union's campaigns, newest first, with their counts (one query)."""
    t = "targets"
    return (
        HealthCampaign.objects.filter(union=union)
        .annotate(
            n_due=Count(t),
            n_done=Count(t, filter=Q(targets__state=TargetState.DONE)),
            n_booked=Count(t, filter=Q(targets__state=TargetState.BOOKED)),
        )
        .order_by("-starts_on", "-id")
    )


def targets_of(campaign: HealthCampaign, state: str = "", group: str = "") -> QuerySet:
    """The campaign's targets with member, group and slot, by group and name."""
    qs = (
        HealthTarget.objects.filter(campaign=campaign)
        .select_related("member", "member__group", "slot")
        .order_by("member__group__name", "member__name", "id")
    )
    if state in TargetState.values:
        qs = qs.filter(state=state)
    if group == "none":
        qs = qs.filter(member__group__isnull=True)
    elif group.isdigit():
        qs = qs.filter(member__group_id=int(group))
    return qs


def _figures(qs) -> dict:
    found = qs.aggregate(
        due=Count("id"),
        pending=Count("id", filter=Q(state=TargetState.PENDING)),
        booked=Count("id", filter=Q(state=TargetState.BOOKED)),
        done=Count("id", filter=Q(state=TargetState.DONE)),
        absent=Count("id", filter=Q(state=TargetState.ABSENT)),
        screening_due=Count("id", filter=Q(screening=True)),
        screening_done=Count("id", filter=Q(screening_done=True, state=TargetState.DONE)),
    )
    found["rate"] = rules.rate(found["done"], found["due"])
    found["screening_rate"] = rules.rate(found["screening_done"], found["screening_due"])
    return found


def campaign_figures(campaign: HealthCampaign) -> dict:
    """应检, 已完成, 已预约, 待预约, 未参加 and 体检率 = 已完成 ÷ 应检 (one query)."""
    return _figures(HealthTarget.objects.filter(campaign=campaign))


def group_figures(campaign: HealthCampaign) -> list[dict]:
    """体检率 per group (one grouped query), by group name; members without one last."""
    rows = (
        HealthTarget.objects.filter(campaign=campaign)
        .values("member__group_id", "member__group__name")
        .annotate(due=Count("id"), done=Count("id", filter=Q(state=TargetState.DONE)))
        .order_by("member__group__name")
    )
    out = [
        {
            "id": r["member__group_id"] or "none",
            "name": r["member__group__name"] or UNGROUPED,
            "due": r["due"],
            "done": r["done"],
            "rate": rules.rate(r["done"], r["due"]),
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: r["id"] == "none")


def slots_of(campaign: HealthCampaign) -> list[HealthSlot]:
    return list(HealthSlot.objects.filter(campaign=campaign).order_by("day", "period"))


def bookable_slots(campaign: HealthCampaign, first_day: datetime.date) -> list[HealthSlot]:
    """The campaign's slots from ``first_day`` on (free or full: a full one is shown as
    such), by day and period."""
    return list(
        HealthSlot.objects.filter(campaign=campaign, day__gte=first_day).order_by("day", "period")
    )


def appointments(campaign: HealthCampaign) -> QuerySet[HealthTarget]:
    """The provider's list: everyone not marked 未参加, by day, period, group and name (those
    without an appointment last)."""
    return (
        HealthTarget.objects.filter(campaign=campaign)
        .exclude(state=TargetState.ABSENT)
        .select_related("member", "member__group", "slot")
        .order_by(
            F("slot__day").asc(nulls_last=True),
            "slot__period",
            "member__group__name",
            "member__name",
            "id",
        )
    )


# --- the member -----------------------------------------------------------------------------


def own_targets(member: Member) -> list[HealthTarget]:
    """The member's own targets, the newest campaign first."""
    return list(
        HealthTarget.objects.filter(member=member)
        .select_related("campaign", "slot")
        .order_by("-campaign__starts_on", "-id")
    )


# --- 待办, reminders, metrics, summary ------------------------------------------------------


def to_mark(union: Union, today: datetime.date) -> QuerySet[HealthTarget]:
    """Targets the committee should mark 已完成 or 未参加: their appointment day has passed,
    or the campaign has ended with them still open."""
    return HealthTarget.objects.filter(union=union, state__in=OPEN_STATES).filter(
        Q(state=TargetState.BOOKED, slot__day__lt=today) | Q(campaign__ends_on__lt=today)
    )


def waiting_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    return {"health_mark": to_mark(union, today)}


def booked_on(day: datetime.date) -> QuerySet[HealthTarget]:
    """Every union's targets booked for ``day`` whose member has an active account."""
    return (
        HealthTarget.objects.filter(
            state=TargetState.BOOKED, slot__day=day, member__user__is_active=True
        )
        .select_related("union", "campaign", "slot", "member__user")
        .order_by("union_id", "id")
    )


def closing(today: datetime.date, days: int) -> QuerySet[HealthCampaign]:
    """Campaigns, every union, whose window closes within ``days`` (today included) with
    members not yet done, with that count."""
    return (
        HealthCampaign.objects.filter(
            ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days)
        )
        .annotate(n_open=Count("targets", filter=Q(targets__state__in=OPEN_STATES)))
        .filter(n_open__gt=0)
        .select_related("union")
        .order_by("union_id", "ends_on")
    )


# Each figure's rows come from one function, read for one union and its subtree
# (``members.metrics.one_union``) or grouped by union for the kept parts a federation adds up
# (``by_union``, ``core.kept_figures``); a target and a campaign belong to one union, so the
# parts add up exactly.


def _done_rows(start: datetime.date, end: datetime.date) -> QuerySet[HealthTarget]:
    return HealthTarget.objects.filter(state=TargetState.DONE, done_on__range=(start, end))


def done_count(union: Union, start: datetime.date, end: datetime.date) -> int:
    """体检人次: targets done with their day in the period, union and subtree."""
    return one_union(_done_rows(start, end), union, n=Count("id"))["n"]


def done_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    return by_union(_done_rows(start, end), ids, n=Count("id"))


def _targets_of(campaigns: QuerySet[HealthCampaign]) -> QuerySet[HealthTarget]:
    """The targets of ``campaigns`` (read through (campaign, state) alone)."""
    return HealthTarget.objects.filter(campaign__in=campaigns)


def _started(start: datetime.date, end: datetime.date) -> QuerySet[HealthCampaign]:
    return HealthCampaign.objects.filter(starts_on__range=(start, end))


def rate_parts(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """体检率's two parts for the campaigns starting in the period (union and subtree):
    ``due`` 应检 and ``done`` 已完成, one query read through (campaign, state) alone; the
    summary's paragraph takes every figure from :func:`period_figures`."""
    found = _targets_of(_started(start, end).filter(in_union(union))).aggregate(
        due=Count("id"), done=Count("id", filter=Q(state=TargetState.DONE))
    )
    found["rate"] = rules.rate(found["done"], found["due"])
    return found


def rate_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    """:func:`rate_parts`' ``due`` and ``done`` per union of the campaign."""
    campaigns = _started(start, end)
    if ids is not None:
        campaigns = campaigns.filter(union__in=list(ids))
    return by_union(
        _targets_of(campaigns),
        None,
        "campaign__",
        due=Count("id"),
        done=Count("id", filter=Q(state=TargetState.DONE)),
    )


def period_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """The campaigns starting in the period (union and subtree): how many, and their
    应检/已完成/两癌 figures with 体检率 (two queries)."""
    campaigns = HealthCampaign.objects.filter(in_union(union), starts_on__range=(start, end))
    found = _figures(HealthTarget.objects.filter(campaign__in=campaigns))
    found["campaigns"] = campaigns.count()
    return found
