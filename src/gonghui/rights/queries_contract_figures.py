"""Reads behind the collective contracts' figures and papers: which contracts are in force on
a day, the coverage of a union or a federation (集体合同签订, 签订率, 覆盖职工数, 覆盖率), the
year's procedure counts for the summary, the plan link's candidates, the status of the
女职工特殊权益专项集体合同 for the women workers' page, and the getters of the contract and
the negotiation session whose papers are downloaded.

**In force on a day ``d``**: the one rule of ``queries_contracts.in_force`` (submitted,
``effective_on <= d <= expires_on``; or ended, in force until its ``ended_on``). A procedure
given up, or one whose effective date an 审查意见书 cleared, is never in force. The figures count only 综合集体合同 (``ContractKind.GENERAL``): the special
agreements (工资、女职工、劳动安全卫生) cover the same workers and have their own status.

**Covered**: a live grassroots union is covered on ``d`` when its own 单独签订 综合集体合同
is in force, or when it is named (``ContractEmployer.union``) by a 区域性 or 行业性 one in
force — whichever union holds that contract. A union covered both ways counts once, with
its own contract's workers (else the workers its employer row gives).
"""

from __future__ import annotations

import datetime
from typing import Any, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from gonghui.members.metrics import in_union
from gonghui.orgs.models import FEDERATION_KINDS, Union

from . import contract_clock
from .models_contracts import (
    CollectiveContract,
    ContractEmployer,
    ContractKind,
    ContractScope,
    ContractStage,
)
from .queries import settings_for
from .queries_contracts import in_force

# --- in force on a day ----------------------------------------------------------------------


def _general(rows: QuerySet[CollectiveContract], day: datetime.date):
    """The 综合集体合同 of ``rows`` in force on ``day`` (``queries_contracts.in_force``)."""
    return rows.filter(in_force(day), kind=ContractKind.GENERAL)


class Coverage(TypedDict):
    grassroots: int  # live grassroots unions in the subtree (the union itself if grassroots)
    covered: int  # of them, covered by a 综合集体合同 in force
    workers: int  # workers of the covered unions (each union once)
    staff: int  # Σ 职工人数 of the grassroots unions
    outside: int  # workers of covered employers with no union in the platform


def coverage(union: Union, day: datetime.date) -> Coverage:
    """The coverage of ``union`` (a federation: its subtree) on ``day``, in two queries:
    one over its grassroots unions (each covered or not, with its workers), one over the
    employers of its 区域性/行业性 contracts that have no union in the tree."""
    own = _general(CollectiveContract.objects.filter(scope=ContractScope.SINGLE), day).filter(
        union=OuterRef("pk")
    )
    shared = _general(CollectiveContract.objects.exclude(scope=ContractScope.SINGLE), day)
    named = ContractEmployer.objects.filter(contract__in=shared.values("pk"), union=OuterRef("pk"))
    rows = Union.objects.filter(archived_at=None).exclude(kind__in=FEDERATION_KINDS)
    if union.is_federation:
        rows = rows.filter(path__startswith=union.path)
    else:
        rows = rows.filter(pk=union.pk)
    rows = rows.annotate(
        own=Exists(own),
        named=Exists(named),
        covered_workers=Coalesce(
            Subquery(own.order_by("-effective_on", "-id").values("covered_workers")[:1]),
            Subquery(named.order_by("-contract__effective_on", "-id").values("workers")[:1]),
            Value(0),
        ),
    )
    found = rows.aggregate(
        grassroots=Count("id"),
        covered=Count("id", filter=Q(own=True) | Q(named=True)),
        workers=Sum("covered_workers", filter=Q(own=True) | Q(named=True)),
        staff=Sum("staff_count"),
    )
    outside = ContractEmployer.objects.filter(
        in_union(union, "contract__"), contract__in=shared.values("pk"), union=None
    ).aggregate(n=Sum("workers"))["n"]
    return Coverage(
        grassroots=found["grassroots"],
        covered=found["covered"],
        workers=found["workers"] or 0,
        staff=found["staff"] or 0,
        outside=outside or 0,
    )


# --- the year's procedure, for the summary --------------------------------------------------


def year_figures(union: Union, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """What the union (a federation: its subtree) did in the period, in one query: 要约
    sent, contracts signed (by kind), submitted, 审查意见书 received, renewals signed (a
    contract with a predecessor), and the contracts of any kind in force at the end."""
    rows = CollectiveContract.objects.filter(in_union(union))
    counts = {"offered": Q(offered_on__range=(start, end))}
    counts["signed"] = Q(signed_on__range=(start, end))
    counts["submitted"] = Q(submitted_on__range=(start, end))
    counts["renewed"] = Q(signed_on__range=(start, end), predecessor__isnull=False)
    counts["in_force"] = in_force(end)
    counts["regional"] = Q(signed_on__range=(start, end)) & ~Q(scope=ContractScope.SINGLE)
    for kind in ContractKind:
        counts[f"signed_{kind.value}"] = Q(signed_on__range=(start, end), kind=kind)
    found = rows.aggregate(
        **{name: Count("id", filter=q) for name, q in counts.items()},
        reviews=Count("reviews", filter=Q(reviews__received_on__range=(start, end))),
    )
    return found


# --- plan links -----------------------------------------------------------------------------


def signed_in(union: Union, year: int) -> QuerySet[CollectiveContract]:
    """The union's contracts signed in ``year`` (a plan item's 落实记录), by signing day."""
    return CollectiveContract.objects.filter(union=union, signed_on__year=year).order_by(
        "signed_on", "id"
    )


# --- the women workers' special contract ----------------------------------------------------


def special_contract_status(union: Union, today: datetime.date) -> dict | None:
    """The 女职工特殊权益专项集体合同 of ``union`` as the women workers' page shows it: the
    one in force today, else the newest procedure (not given up); None when there is none.

    ``stage`` is a label (已生效, 续订期内 (the renewal window of 第三十八条 is open), 已期满,
    or the procedure's stage), with ``effective_on``, ``expires_on``, ``renewal_opens``
    (three months before expiry, the union's setting) and ``renewal_open``."""
    rows = CollectiveContract.objects.filter(union=union, kind=ContractKind.WOMEN).exclude(
        stage=ContractStage.ABANDONED
    )
    contract = rows.filter(in_force(today)).order_by("-effective_on", "-id").first()
    if contract is None:
        contract = rows.order_by("-offered_on", "-id").first()
    if contract is None:
        return None
    opens = (
        contract_clock.renewal_opens(contract.expires_on, settings_for(union))
        if contract.expires_on
        else None
    )
    live = rows.filter(in_force(today), pk=contract.pk).exists()
    window = live and opens is not None and opens <= today
    if window:
        stage = "续订期内"
    elif live:
        stage = "已生效"
    elif contract.expires_on and contract.expires_on < today:
        stage = "已期满"
    else:
        stage = contract.get_stage_display()
    return {
        "contract": contract,
        "title": contract.title,
        "stage": stage,
        "in_force": live,
        "effective_on": contract.effective_on,
        "expires_on": contract.expires_on,
        "renewal_opens": opens,
        "renewal_open": window,
    }
