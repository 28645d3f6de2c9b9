"""Reads of 捐款, scoped through ``core.scoping``: campaigns, donors and entries for
``care.view`` (the chair, the welfare member, the 经审 read-only); a published campaign, its
thank-you list and one's own entries for the union's members; the figures per group and per
union; the reads the services, the 待办, the reminders and the metrics need.

Money is summed in whole fen (``finance.queries.common.fen_total``): exact on SQLite too."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from gonghui.core.queries import get_scoped
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.members.metrics import in_union, one_union, percent
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union, UnionGroup

from .models_donations import (
    CampaignState,
    DonationCampaign,
    DonationEntry,
    DonationHandover,
    Donor,
    EntryKind,
    PayMethod,
)

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class Outstanding(TypedDict):
        """What :func:`with_outstanding` annotates (fen)."""

        held_fen: int
        handed_fen: int


CAMPAIGN_MISSING = "没有这个捐款活动，或您无权查看。"
ENTRY_MISSING = "没有这条捐款记录，或您无权查看。"
HANDOVER_MISSING = "没有这条上交记录，或您无权查看。"
ZERO = Decimal("0.00")
PAYMENT = Q(kind=EntryKind.PAYMENT)
# what the union itself holds: everything paid except what went straight to the recipient
HELD = PAYMENT & ~Q(method=PayMethod.DIRECT)


def _member_of(user, union_id: int) -> bool:
    """Is ``user`` a current member of the union (the thank-you list is theirs to read)?"""
    return bool(getattr(user, "is_authenticated", False)) and (
        Member.objects.filter(
            user=user, union_id=union_id, status__in=CURRENT_MEMBER_STATUSES
        ).exists()
    )


# --- getters --------------------------------------------------------------------------------


def get_campaign(
    user, pk: int, perm: str = "care.view", *, members: bool = False
) -> DonationCampaign:
    """A campaign of a union where the user may ``perm``: 404 outside their reach. With
    ``members``, also a published campaign for a current member of its union (the member's
    page, the thank-you list)."""

    def member(campaign: DonationCampaign) -> bool:
        return (
            members
            and campaign.state != CampaignState.DRAFT
            and _member_of(user, campaign.union_id)
        )

    return get_scoped(
        DonationCampaign.objects.select_related("union"),
        user,
        perm,
        union="union",
        allow=member,
        missing=CAMPAIGN_MISSING,
        pk=pk,
    )


def get_entry(user, pk: int) -> DonationEntry:
    """An entry for ``care.change`` to reverse, or the member's own (a pledge they withdraw:
    the service decides what the member may reverse)."""

    def own(entry: DonationEntry) -> bool:
        return bool(getattr(user, "pk", None)) and entry.donor.member.user_id == user.pk

    return get_scoped(
        DonationEntry.objects.select_related("campaign__union", "donor__member"),
        user,
        "care.change",
        union="campaign.union",
        allow=own,
        missing=ENTRY_MISSING,
        pk=pk,
    )


def get_handover(user, pk: int) -> DonationHandover:
    return get_scoped(
        DonationHandover.objects.select_related("campaign__union"),
        user,
        "care.change",
        union="campaign.union",
        missing=HANDOVER_MISSING,
        pk=pk,
    )


# --- what the services read -----------------------------------------------------------------


def live_pledges(donors: list[Donor]) -> list[DonationEntry]:
    """The donors' pledges not yet reversed (each donor has at most one)."""
    return list(
        DonationEntry.objects.filter(
            donor__in=donors, kind=EntryKind.PLEDGE, reverses__isnull=True, reversal__isnull=True
        )
    )


def reversal_of(entry: DonationEntry) -> DonationEntry | None:
    return DonationEntry.objects.filter(reverses=entry).first()


def money_held(campaign: DonationCampaign) -> tuple[Decimal, Decimal]:
    """(collected by the union, handed over) of the campaign, in yuan: two sums in fen."""
    held = DonationEntry.objects.filter(HELD, campaign=campaign).aggregate(t=fen_total("amount"))
    handed = campaign.handovers.aggregate(t=fen_total("amount"))
    return fen_to_yuan(held["t"]), fen_to_yuan(handed["t"])


# --- the member -----------------------------------------------------------------------------


def member_campaigns(member: Member) -> list[DonationCampaign]:
    """The published campaigns of the member's union, running ones first, newest first."""
    return list(
        DonationCampaign.objects.filter(union_id=member.union_id)
        .exclude(state=CampaignState.DRAFT)
        .order_by("-state", "-starts_on", "-id")  # "open" sorts after "closed": reversed
    )


def own_entries(member: Member, campaigns) -> dict[int, list[DonationEntry]]:
    """The member's entries in each campaign, by campaign id (one query)."""
    found: dict[int, list[DonationEntry]] = {}
    rows = (
        DonationEntry.objects.filter(donor__member=member, campaign__in=list(campaigns))
        .select_related("donor", "reversal")
        .order_by("id")
    )
    for entry in rows:
        found.setdefault(entry.campaign_id, []).append(entry)
    return found


# --- the committee --------------------------------------------------------------------------


def campaigns_of(union: Union) -> list[DonationCampaign]:
    """The union's campaigns, newest first, each with ``donors`` (who gave more than zero)
    and ``paid`` (yuan): two queries whatever the number of campaigns."""
    campaigns = list(DonationCampaign.objects.filter(union=union).order_by("-starts_on", "-id"))
    sums = (
        DonationEntry.objects.filter(PAYMENT, campaign__union=union)
        .values("campaign_id", "donor_id")
        .annotate(fen=fen_total("amount"))
        .order_by()
    )
    donors: dict[int, int] = {}
    fen: dict[int, int] = {}
    for row in sums:
        fen[row["campaign_id"]] = fen.get(row["campaign_id"], 0) + (row["fen"] or 0)
        if (row["fen"] or 0) > 0:
            donors[row["campaign_id"]] = donors.get(row["campaign_id"], 0) + 1
    for c in campaigns:
        shown = cast(Any, c)  # n_donors and paid are for the pages; not fields
        shown.n_donors = donors.get(c.pk, 0)
        shown.paid = fen_to_yuan(fen.get(c.pk, 0))
    return campaigns


def donor_rows(campaign: DonationCampaign) -> list[Donor]:
    """Every donor of the campaign with their member and group, and ``pledged``, ``paid``,
    ``held`` (yuan, net of 撤销) and ``self_paid`` (entries they recorded themselves): one
    query, by group (the union's order) and name."""
    entries = "entries__"
    donors = (
        Donor.objects.filter(campaign=campaign)
        .select_related("member", "member__group")
        .annotate(
            pledged_fen=fen_total(f"{entries}amount", where=Q(entries__kind=EntryKind.PLEDGE)),
            paid_fen=fen_total(f"{entries}amount", where=Q(entries__kind=EntryKind.PAYMENT)),
            held_fen=fen_total(
                f"{entries}amount",
                where=Q(entries__kind=EntryKind.PAYMENT) & ~Q(entries__method=PayMethod.DIRECT),
            ),
            self_paid=Count(
                "entries",
                filter=Q(entries__kind=EntryKind.PAYMENT, entries__self_recorded=True),
            ),
        )
        .order_by(F("member__group_id").asc(nulls_last=True), "member__name", "id")
    )
    out: list[Donor] = list(donors)
    for d in out:
        row = cast(Any, d)  # pledged, paid and held are for the pages; not fields
        row.pledged = fen_to_yuan(row.pledged_fen)
        row.paid = fen_to_yuan(row.paid_fen)
        row.held = fen_to_yuan(row.held_fen)
    return out


@dataclass
class GroupRow:
    name: str
    members: int = 0  # current members in the group now
    donors: int = 0  # of them, those who gave more than zero
    pledged: Decimal = ZERO
    paid: Decimal = ZERO
    group_id: int | None = None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.donors, self.members)


@dataclass
class Figures:
    groups: list[GroupRow] = field(default_factory=list)
    total: GroupRow = field(default_factory=lambda: GroupRow("合计"))
    donors: int = 0  # everyone who gave more than zero, members who left since included
    held: Decimal = ZERO  # collected by the union (not given straight to the recipient)
    handed: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.held - self.handed


LEFT = "已离会会员"
NO_GROUP = "未分组"


def _group_rows(union: Union) -> dict[int | None, GroupRow]:
    """A row per live group of the union (and 未分组), with its current members: two
    queries."""
    counts = dict(
        Member.objects.filter(union=union, status__in=CURRENT_MEMBER_STATUSES)
        .values_list("group_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows: dict[int | None, GroupRow] = {
        g.pk: GroupRow(g.name, counts.get(g.pk, 0), group_id=g.pk)
        for g in UnionGroup.objects.filter(union=union, archived_at__isnull=True).order_by("id")
    }
    for group_id, n in counts.items():
        if group_id not in rows:
            rows[group_id] = GroupRow(NO_GROUP if group_id is None else "其他小组", n)
    return rows


def figures(campaign: DonationCampaign, donors: list[Donor]) -> Figures:
    """Totals per group (by each member's group today) and for the union: 人数, 参与率 of the
    current members, 认捐 and 实缴 金额; what the union holds and has handed over. ``donors``
    are :func:`donor_rows`; three more queries."""
    rows = _group_rows(campaign.union)
    left = GroupRow(LEFT)
    out = Figures()
    for d in donors:
        current = d.member.status in CURRENT_MEMBER_STATUSES
        row = rows.get(d.member.group_id, left) if current else left
        amounts = cast(Any, d)  # pledged, paid and held: set by donor_rows
        row.pledged += amounts.pledged
        row.paid += amounts.paid
        out.held += amounts.held
        if amounts.paid > 0:
            out.donors += 1
            row.donors += 1 if current else 0
    out.groups = [r for r in rows.values() if r.members or r.paid or r.pledged]
    if left.paid or left.pledged:
        out.groups.append(left)
    total = out.total
    for r in out.groups:
        total.members += r.members
        total.donors += r.donors
        total.pledged += r.pledged
        total.paid += r.paid
    out.handed = fen_to_yuan(campaign.handovers.aggregate(t=fen_total("amount"))["t"])
    return out


def entries_of(campaign: DonationCampaign, *, group: str = "", limit: int | None = None):
    """The campaign's entries, newest first, with who and what they reverse."""
    qs = (
        DonationEntry.objects.filter(campaign=campaign)
        .select_related("donor__member__group", "recorded_by", "reversal", "reverses")
        .order_by("-id")
    )
    if group == "none":
        qs = qs.filter(donor__member__group__isnull=True)
    elif group.isdigit():
        qs = qs.filter(donor__member__group_id=int(group))
    return list(qs[:limit] if limit else qs)


def handovers_of(campaign: DonationCampaign) -> list[DonationHandover]:
    return list(
        DonationHandover.objects.filter(campaign=campaign)
        .select_related("recorded_by", "reversal")
        .order_by("on", "id")
    )


def groups_of(union: Union) -> list[UnionGroup]:
    return list(UnionGroup.objects.filter(union=union, archived_at__isnull=True).order_by("id"))


def batch_members(union: Union, group: str) -> tuple[UnionGroup | None, list[Member]]:
    """The group of a batch page (``group``: its id, or "none" for members without one) and
    its current members by name; (None, []) for a group not of this union."""
    members = Member.objects.filter(union=union, status__in=CURRENT_MEMBER_STATUSES)
    if group == "none":
        return None, list(members.filter(group__isnull=True).order_by("name", "id"))
    found = (
        UnionGroup.objects.filter(union=union, pk=int(group)).first() if group.isdigit() else None
    )
    if found is None:
        return None, []
    return found, list(members.filter(group=found).order_by("name", "id"))


def thanks(campaign: DonationCampaign, donors: list[Donor]) -> dict:
    """The thank-you list: named donors by group (name, amount), then the anonymous ones as
    爱心人士 — only those who gave more than zero."""
    named: dict[str, list[Donor]] = {}
    anonymous = []
    rows = cast(list[Any], donors)  # each with paid, set by donor_rows
    for d in rows:
        if d.paid <= 0:
            continue
        if d.anonymous:
            anonymous.append(d)
        else:
            group = d.member.group.name if d.member.group else NO_GROUP
            named.setdefault(group, []).append(d)
    given = [d for d in rows if d.paid > 0]
    return {
        "groups": list(named.items()),
        "anonymous": anonymous,
        "count": len(given),
        "total": sum((d.paid for d in given), start=ZERO),
    }


# --- 待办, reminders, metrics ---------------------------------------------------------------


def _sum_of(queryset: QuerySet) -> Coalesce:
    """A campaign's fen total of ``queryset`` (rows of one campaign) as a scalar subquery."""
    return Coalesce(
        Subquery(
            queryset.filter(campaign=OuterRef("pk"))
            .values("campaign")
            .annotate(t=fen_total("amount"))
            .values("t")[:1]
        ),
        Value(0),
    )


def with_outstanding(
    queryset: QuerySet[DonationCampaign],
) -> QuerySet[WithAnnotations[DonationCampaign, Outstanding]]:
    """``held_fen`` and ``handed_fen`` on each campaign (two scalar subqueries)."""
    return queryset.annotate(
        held_fen=_sum_of(DonationEntry.objects.filter(HELD)),
        handed_fen=_sum_of(DonationHandover.objects.all()),
    )


def not_handed_over(union: Union | None = None) -> QuerySet[DonationCampaign]:
    """Ended campaigns whose money the union still holds (in part): the 待办 and reminder."""
    qs = DonationCampaign.objects.filter(state=CampaignState.CLOSED)
    if union is not None:
        qs = qs.filter(union=union)
    return with_outstanding(qs).filter(held_fen__gt=F("handed_fen"))


def past_end(today: datetime.date, union: Union | None = None) -> QuerySet[DonationCampaign]:
    """Campaigns still 进行中 after their last day: the committee should end them."""
    qs = DonationCampaign.objects.filter(state=CampaignState.OPEN, ends_on__lt=today)
    return qs.filter(union=union) if union is not None else qs


def waiting_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    return {
        "donation_handover": not_handed_over(union),
        "donation_past_end": past_end(today, union),
    }


def _per_donor(start: datetime.date, end: datetime.date) -> QuerySet:
    """Each donor's payments of the period summed in fen (``fen``), of any union, with the
    campaign's union as ``u``."""
    return (
        DonationEntry.objects.filter(PAYMENT, on__range=(start, end))
        .annotate(u=F("campaign__union_id"))
        .values("u", "donor_id")
        .annotate(fen=fen_total("amount"))
        .order_by()
    )


def given_in(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """Payments in the period (union and subtree): ``times`` 人次 (a member in a campaign
    whose payments of the period come to more than zero), ``amount`` in yuan. One query: the
    donors' sums, then counted and added up over them (each row converted to fen once)."""
    found = one_union(
        _per_donor(start, end),
        union,
        "campaign__",
        times=Count("fen", filter=Q(fen__gt=0)),
        total=Sum("fen"),
    )
    return {"times": found["times"], "amount": fen_to_yuan(found["total"])}


def given_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    """捐款人次 and 捐款金额 (fen) per union, from the same donors' sums as :func:`given_in`:
    the kept parts a federation adds up. A donor belongs to one campaign, so to one union:
    the parts add up exactly. The ORM cannot group an aggregate of aggregates, so the
    donors' query is wrapped in portable SQL."""
    rows = _per_donor(start, end)
    if ids is not None:
        if not ids:
            return {}
        rows = rows.filter(campaign__union__in=list(ids))
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.u, SUM(CASE WHEN d.fen > 0 THEN 1 ELSE 0 END), COALESCE(SUM(d.fen), 0)"
            f" FROM ({sql}) d GROUP BY d.u",
            params,
        )
        return {u: {"times": int(t), "fen": int(f)} for u, t, f in cursor.fetchall()}


def summary_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """For the year-end paragraph: campaigns with money given in the period and their kinds,
    the 人次 and amount, and what was handed over in the period."""
    found = given_in(union, start, end)
    kinds = (
        DonationCampaign.objects.filter(
            in_union(union),
            entries__kind=EntryKind.PAYMENT,
            entries__on__range=(start, end),
        )
        .values_list("id", "kind")
        .distinct()
    )
    found["campaigns"] = dict(kinds)
    handed = DonationHandover.objects.filter(
        in_union(union, "campaign__"), on__range=(start, end)
    ).aggregate(t=fen_total("amount"))["t"]
    found["handed"] = fen_to_yuan(handed)
    return found
