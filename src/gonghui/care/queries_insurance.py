"""Reads of 职工互助保障, scoped through ``core.scoping``: plans, enrolments and claims for
``care.view`` (the chair, the welfare member of the committee, the 经审 read-only); a
member's own enrolments and claims for that member; 投保率 per union and per plan, and rolled
up a federation's tree in a fixed number of grouped queries (however many unions it has);
the counts of the 待办, the reminder and the metrics.

投保率 = enrolled current members ÷ current members (在会、退休); for a women-only plan
(女职工特殊疾病互助) the whole is the union's current women members. A member counts as
enrolled in a plan whose period includes the day, enrolled and not withdrawn.

Privacy: no list here carries a claim's diagnosis; only ``get_claim`` returns it, to the
holders of ``care.view`` and the member."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from gonghui.core.queries import get_scoped
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.members.metrics import by_union, in_union, on_roll, one_union, percent
from gonghui.orgs.models import (
    CURRENT_MEMBER_STATUSES,
    FEDERATION_KINDS,
    Member,
    Sex,
    Union,
    UnionGroup,
)

from .models_insurance import InsuranceClaim, InsuranceEnrollment, InsurancePlan, InsurancePremium
from .rules_insurance import OPEN_CLAIM_STATES, ClaimState, Eligibility, PlanKind, premium_total

PLAN_MISSING = "没有这个互助保障计划，或您无权查看。"
ENROLLMENT_MISSING = "没有这条参保记录，或您无权查看。"
CLAIM_MISSING = "没有这条理赔记录，或您无权查看。"
LIVE = Q(withdrawn_on__isnull=True)


# --- getters --------------------------------------------------------------------------------


def get_plan(user, pk: int, perm: str = "care.view") -> InsurancePlan:
    """A plan of a union where the user may ``perm``: 404 outside their reach."""
    return get_scoped(
        InsurancePlan.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing=PLAN_MISSING,
        pk=pk,
    )


def get_enrollment(user, pk: int, perm: str = "care.change") -> InsuranceEnrollment:
    return get_scoped(
        InsuranceEnrollment.objects.select_related("union", "plan", "member"),
        user,
        perm,
        union="union",
        missing=ENROLLMENT_MISSING,
        pk=pk,
    )


def get_claim(user, pk: int, perm: str = "care.view") -> InsuranceClaim:
    """A claim the user may ``perm`` on; for ``care.view``, also the member's own."""

    def own(claim: InsuranceClaim) -> bool:
        return (
            perm == "care.view"
            and bool(getattr(user, "is_authenticated", False))
            and claim.member.user_id == user.pk
        )

    return get_scoped(
        InsuranceClaim.objects.select_related("union", "plan", "member", "member__group"),
        user,
        perm,
        union="union",
        allow=own,
        missing=CLAIM_MISSING,
        pk=pk,
    )


# --- one union's plans ----------------------------------------------------------------------


def eligible_counts(union: Union) -> dict[str, int]:
    """The union's current members, and its current women members (one query)."""
    return Member.objects.filter(union=union, status__in=CURRENT_MEMBER_STATUSES).aggregate(
        all=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE))
    )


_ENROLLED = Q(
    enrollments__withdrawn_on__isnull=True,
    enrollments__member__status__in=CURRENT_MEMBER_STATUSES,
)


def plans_of(union: Union) -> list[InsurancePlan]:
    """The union's plans, newest period first, each with ``n_enrolled`` (current members
    enrolled), ``n_open`` (claims being handled), ``eligible`` and ``rate`` (two queries)."""
    counts = eligible_counts(union)
    plans: list[InsurancePlan] = list(
        InsurancePlan.objects.filter(union=union)
        .annotate(
            n_enrolled=Count("enrollments", filter=_ENROLLED, distinct=True),
            n_open=Count("claims", filter=Q(claims__state__in=OPEN_CLAIM_STATES), distinct=True),
        )
        .order_by("-starts_on", "kind", "id")
    )
    for plan in plans:
        row = cast(Any, plan)  # eligible and rate are for the pages; not fields
        row.eligible = counts["women" if plan.women_only else "all"]
        row.rate = percent(row.n_enrolled, row.eligible)
    return plans


@dataclass
class PlanFigures:
    enrolled: int  # current members enrolled (投保率's part)
    live: int  # enrolments not withdrawn, whoever the member is now (the premium's count)
    withdrawn: int
    gone: int  # live enrolments of members no longer on the roll (to withdraw)
    eligible: int
    rate: Decimal | None
    premium_due: Decimal  # live × premium
    premium_drafted: Decimal  # on vouchers still there
    members_drafted: int
    claims: dict[str, int] = field(default_factory=dict)
    claimed: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")

    @property
    def members_to_draft(self) -> int:
        return max(self.live - self.members_drafted, 0)


def plan_figures(plan: InsurancePlan) -> PlanFigures:
    """The plan's counts, premiums and claims (four queries)."""
    current = Q(member__status__in=CURRENT_MEMBER_STATUSES)
    e = InsuranceEnrollment.objects.filter(plan=plan).aggregate(
        enrolled=Count("id", filter=LIVE & current),
        live=Count("id", filter=LIVE),
        withdrawn=Count("id", filter=~LIVE),
    )
    counts = eligible_counts(plan.union)
    p = InsurancePremium.objects.filter(plan=plan, voucher__isnull=False).aggregate(
        fen=fen_total("amount"), members=Sum("members")
    )
    c = InsuranceClaim.objects.filter(plan=plan).aggregate(
        **{f"n_{s}": Count("id", filter=Q(state=s)) for s in ClaimState.values},
        claimed_fen=fen_total("claimed"),
        paid_fen=fen_total("paid", where=Q(state=ClaimState.PAID)),
    )
    eligible = counts["women" if plan.women_only else "all"]
    return PlanFigures(
        enrolled=e["enrolled"],
        live=e["live"],
        withdrawn=e["withdrawn"],
        gone=e["live"] - e["enrolled"],
        eligible=eligible,
        rate=percent(e["enrolled"], eligible),
        premium_due=premium_total(e["live"], plan.premium),
        premium_drafted=fen_to_yuan(p["fen"]),
        members_drafted=int(p["members"] or 0),
        claims={s: c[f"n_{s}"] for s in ClaimState.values},
        claimed=fen_to_yuan(c["claimed_fen"]),
        paid=fen_to_yuan(c["paid_fen"]),
    )


def enrollments_of(plan: InsurancePlan, show: str = "") -> QuerySet[InsuranceEnrollment]:
    """The plan's enrolments with member and group: live ones (default), ``withdrawn``, or
    ``all``; by group and pinyin."""
    qs = InsuranceEnrollment.objects.filter(plan=plan).select_related(
        "member", "member__group", "enrolled_by"
    )
    if show == "withdrawn":
        qs = qs.filter(withdrawn_on__isnull=False)
    elif show != "all":
        qs = qs.filter(LIVE)
    return qs.order_by("member__group__name", "member__name_pinyin", "id")


def claims_of(plan: InsurancePlan) -> list[InsuranceClaim]:
    """The plan's claims for the committee's list: member, group, kind, dates, amounts,
    state — the diagnosis is deferred (never read for a list)."""
    return list(
        InsuranceClaim.objects.filter(plan=plan)
        .select_related("member", "member__group")
        .defer("diagnosis")
        .order_by("-event_on", "-id")
    )


def premiums_of(plan: InsurancePlan) -> list[InsurancePremium]:
    return list(plan.premiums.select_related("voucher", "created_by").order_by("id"))


def premiums_drafted(plan: InsurancePlan) -> int:
    """How many members the premiums on vouchers still there cover (for the service)."""
    found = InsurancePremium.objects.filter(plan=plan, voucher__isnull=False).aggregate(
        n=Sum("members")
    )
    return int(found["n"] or 0)


def live_count(plan: InsurancePlan) -> int:
    return InsuranceEnrollment.objects.filter(plan=plan).filter(LIVE).count()


def groups_of(union: Union) -> QuerySet[UnionGroup]:
    return UnionGroup.objects.filter(union=union, archived_at=None).order_by("name")


def candidates(
    plan: InsurancePlan,
    *,
    members: list[Member] | None = None,
    group: UnionGroup | None = None,
    sex: str = "",
    status: str = "",
) -> QuerySet[Member]:
    """The union's current members a bulk enrolment names: those picked (members or whole
    groups, through the picker), or a roster filter — a group, a sex, a status (在会 or 退休;
    both when empty)."""
    qs = Member.objects.filter(union=plan.union, status__in=CURRENT_MEMBER_STATUSES)
    if members is not None:
        qs = qs.filter(pk__in=[m.pk for m in members])
    if group is not None:
        qs = qs.filter(group=group)
    if sex:
        qs = qs.filter(sex=sex)
    if status:
        qs = qs.filter(status=status)
    return qs


def enrolled_member_ids(plan: InsurancePlan) -> set[int]:
    return set(
        InsuranceEnrollment.objects.filter(plan=plan)
        .filter(LIVE)
        .values_list("member_id", flat=True)
    )


def enrollment_covering(
    plan: InsurancePlan, member: Member, day: datetime.date
) -> InsuranceEnrollment | None:
    """The member's enrolment in the plan that covers ``day``: from the later of the plan's
    start and the enrolment day, to the day before a withdrawal (or the plan's end)."""
    if not plan.starts_on <= day <= plan.ends_on:
        return None
    found = (
        InsuranceEnrollment.objects.filter(plan=plan, member=member, enrolled_on__lte=day)
        .filter(LIVE | Q(withdrawn_on__gt=day))
        .order_by("-id")
        .first()
    )
    return found


def last_claim_day(enrollment: InsuranceEnrollment) -> datetime.date | None:
    """The latest event day of the enrolment's claims that were not denied."""
    return (
        InsuranceClaim.objects.filter(enrollment=enrollment)
        .exclude(state=ClaimState.DENIED)
        .aggregate(last=Max("event_on"))["last"]
    )


def paid_to(plan: InsurancePlan, member: Member, exclude: int | None = None) -> Decimal:
    """What the plan has paid the member so far (for its maximum)."""
    qs = InsuranceClaim.objects.filter(plan=plan, member=member, state=ClaimState.PAID)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return fen_to_yuan(qs.aggregate(t=fen_total("paid"))["t"])


def event_range(plan: InsurancePlan) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last event day of the plan's claims (a period must keep them)."""
    found = InsuranceClaim.objects.filter(plan=plan).aggregate(a=Min("event_on"), b=Max("event_on"))
    return found["a"], found["b"]


def men_enrolled(plan: InsurancePlan) -> int:
    return InsuranceEnrollment.objects.filter(plan=plan, member__sex=Sex.MALE).filter(LIVE).count()


# --- the member -----------------------------------------------------------------------------


def own_enrollments(member: Member) -> list[InsuranceEnrollment]:
    return list(
        InsuranceEnrollment.objects.filter(member=member)
        .select_related("plan")
        .order_by("-plan__starts_on", "-id")
    )


def own_claims(member: Member) -> list[InsuranceClaim]:
    return list(
        InsuranceClaim.objects.filter(member=member)
        .select_related("plan")
        .order_by("-event_on", "-id")
    )


# --- 投保率 for a union and its tree ---------------------------------------------------------

KINDS = tuple(PlanKind.values)


@dataclass
class Rates:
    """One row of the 投保率 table: a union (a federation's child: its whole subtree)."""

    union_id: int
    name: str = ""
    code: str = ""
    is_federation: bool = False
    members: int = 0
    women: int = 0
    enrolled: int = 0  # in any current plan
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: Rates) -> None:
        self.members += other.members
        self.women += other.women
        self.enrolled += other.enrolled
        for k, n in other.by_kind.items():
            self.by_kind[k] = self.by_kind.get(k, 0) + n

    @property
    def rate(self) -> Decimal | None:
        return percent(self.enrolled, self.members)

    def kind_rate(self, kind: str) -> Decimal | None:
        whole = self.women if kind == PlanKind.WOMEN else self.members
        return percent(self.by_kind.get(kind, 0), whole)

    @property
    def kind_rates(self) -> list[tuple[str, int, Decimal | None]]:
        """(label, enrolled, rate) per plan kind."""
        return [(PlanKind(k).label, self.by_kind.get(k, 0), self.kind_rate(k)) for k in KINDS]


def _per_union(union: Union, day: datetime.date) -> dict[int, Rates]:
    """Each grassroots union of the subtree with members and enrolments on ``day``: one
    grouped query of members, one of enrolments, whatever the number of unions."""
    rows: dict[int, Rates] = {}
    members = (
        Member.objects.filter(in_union(union), status__in=CURRENT_MEMBER_STATUSES)
        .values("union_id")
        .annotate(n=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)))
        .order_by()
    )
    for r in members:
        rows[r["union_id"]] = Rates(r["union_id"], members=r["n"], women=r["women"])
    women_rule = Q(plan__eligibility=Eligibility.WOMEN) & ~Q(member__sex=Sex.FEMALE)
    enrolled = (
        InsuranceEnrollment.objects.filter(
            in_union(union),
            LIVE,
            plan__starts_on__lte=day,
            plan__ends_on__gte=day,
            enrolled_on__lte=day,
            member__status__in=CURRENT_MEMBER_STATUSES,
        )
        .exclude(women_rule)
        .values("union_id")
        .annotate(
            any=Count("member_id", distinct=True),
            **{f"k_{k}": Count("member_id", filter=Q(plan__kind=k), distinct=True) for k in KINDS},
        )
        .order_by()
    )
    for found in enrolled:
        counts = cast(Mapping[str, Any], found)  # its k_<kind> keys are built at run time
        row = rows.setdefault(counts["union_id"], Rates(counts["union_id"]))
        row.enrolled = counts["any"]
        row.by_kind = {k: counts[f"k_{k}"] for k in KINDS}
    return rows


def tree_rates(union: Union, day: datetime.date) -> tuple[Rates, list[Rates]]:
    """投保率 of ``union`` (its whole subtree) and, for a federation, of each union directly
    beneath it (each with its own subtree), lowest rate first; for a grassroots union, no
    rows. Three queries: members and enrolments grouped by union, and the tree's unions."""
    per_union = _per_union(union, day)
    total = Rates(union.pk, union.name, union.code, union.is_federation)
    for r in per_union.values():
        total.add(r)
    if not union.is_federation:
        return total, []
    depth = len(union.path.strip("/").split("/"))
    children: dict[int, Rates] = {}
    units = Union.objects.filter(path__startswith=union.path, archived_at=None).values_list(
        "id", "path", "name", "code", "kind"
    )
    paths: dict[int, int] = {}
    for pk, path, name, code, kind in units:
        ids = path.strip("/").split("/")
        if len(ids) <= depth:
            continue  # the federation itself
        child = int(ids[depth])
        paths[pk] = child
        if pk == child:
            children[pk] = Rates(pk, name, code, kind in FEDERATION_KINDS)
    for pk, r in per_union.items():
        child_id = paths.get(pk)
        if child_id is not None and child_id in children:
            children[child_id].add(r)
    rows = sorted(
        children.values(),
        key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0, r.name),
    )
    return total, rows


def plan_rates(union: Union, day: datetime.date) -> list[InsurancePlan]:
    """The grassroots union's plans current on ``day``, each with its 投保率."""
    return [p for p in plans_of(union) if p.starts_on <= day <= p.ends_on]


# --- 待办, reminders, metrics ---------------------------------------------------------------


def waiting_querysets(union: Union) -> dict[str, QuerySet[InsuranceClaim]]:
    """Claims the committee is still handling (已申报, 审核中): the 待办's rows."""
    return {"insurance": InsuranceClaim.objects.filter(union=union, state__in=OPEN_CLAIM_STATES)}


def ending_soon(today: datetime.date, days: int) -> QuerySet[InsurancePlan]:
    """Plans, every union, ending within ``days`` days from today and not yet renewed."""
    return (
        InsurancePlan.objects.filter(
            ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days)
        )
        .filter(renewal__isnull=True)
        .select_related("union")
        .order_by("union_id", "ends_on", "id")
    )


def _covering(end: datetime.date) -> QuerySet[InsurancePlan]:
    return InsurancePlan.objects.filter(starts_on__lte=end, ends_on__gte=end)


def _enrolled_rows(end: datetime.date, plans: QuerySet[InsurancePlan]):
    """Enrolments in ``plans`` live on ``end`` of members on the roll that day."""
    # from the plans covering the day, through (plan, enrolled_on, withdrawn_on, member):
    # filtered by the enrolment's own union, SQLite walked every enrolment of the subtree in
    # member order with a plan lookup each (bench/README, care_federation)
    return InsuranceEnrollment.objects.filter(
        on_roll(end, "member__"), plan__in=plans, enrolled_on__lte=end
    ).filter(LIVE | Q(withdrawn_on__gt=end))


def enrolled_at(union: Union, end: datetime.date) -> int:
    """Members of the union (its subtree for a federation) on the roll at ``end`` and
    enrolled in a plan covering that day."""
    return (
        _enrolled_rows(end, _covering(end).filter(in_union(union)))
        .values("member_id")
        .distinct()
        .count()
    )


def enrolled_by_union(start, end: datetime.date, ids) -> dict[int, dict]:
    """参保人数 per union of the plan (the enrolment keeps its plan's union): the kept parts a
    federation adds up. A member counts once in each union whose plan they are in, so the
    parts add up to the subtree's distinct count as long as nobody is enrolled in live plans
    of two unions at once: plans are grassroots unions' and enrol their own members
    (``services_insurance.insurance_enrol``); only a member transferred while enrolled, and
    enrolled again where they went, is counted under both until the old plan ends."""
    plans = _covering(end)
    if ids is not None:
        plans = plans.filter(union__in=list(ids))
    return by_union(_enrolled_rows(end, plans), None, n=Count("member", distinct=True))


def _claim_rows(start: datetime.date, end: datetime.date) -> QuerySet[InsuranceClaim]:
    return InsuranceClaim.objects.filter(state=ClaimState.PAID, paid_on__range=(start, end))


def claims_paid(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """Claims paid in the period (by their 赔付日期): how many and how much, in one query."""
    found = one_union(_claim_rows(start, end), union, n=Count("id"), fen=fen_total("paid"))
    return {"count": found["n"], "amount": fen_to_yuan(found["fen"])}


def claims_by_union(start: datetime.date, end: datetime.date, ids) -> dict[int, dict]:
    return by_union(_claim_rows(start, end), ids, fen=fen_total("paid"))


def plans_in(union: Union, start: datetime.date, end: datetime.date) -> QuerySet[InsurancePlan]:
    """Plans of the union (its subtree) whose period overlaps the period."""
    return InsurancePlan.objects.filter(in_union(union), starts_on__lte=end, ends_on__gte=start)
