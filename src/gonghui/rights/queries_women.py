"""The women workers' page (女职工): what the platform already holds about women workers, read
from the apps that keep it, and the 爱心妈咪小屋 this part registers.

- **The 女职工委员会** (``orgs``): 《工会女职工委员会工作条例》 — a union with 10 or more women
  members sets up a 女职工委员会 (its current term and positions); with fewer, the committee
  has a 女职工委员 (a position in the current 工会委员会 whose 分工 is 女工). Shared/DOMAIN-AREAS
  (f); the Beijing education union uses 25 (a local variant, not applied).
- **Shares.** Women among the seated voting representatives of the current congress term
  (``Representative.is_woman``) against women among the union's current members. The roster
  is the workforce proxy the platform holds: it has no staff list by sex, so the page says
  "会员中女性占比" and not "职工中".
- **The special contract**: ``queries_contract_figures.special_contract_status`` (the
  contract-figures part).
- **妇科/两癌筛查** from care's health checks (``care.queries_health.period_figures``), only
  when the year has a campaign with women due for screening.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from gonghui.core.queries import get_scoped
from gonghui.orgs.models import Body, CommitteeTerm, Duty, Member, Position, Sex, Union
from gonghui.orgs.queries import POST_ORDER, percent

from .models_women import MotherRoom, MotherRoomState

# 《工会女职工委员会工作条例》: 10 or more women members → a 女职工委员会, fewer → a 女职工委员.
WOMEN_COMMITTEE_MIN = 10
ROOM_MISSING = "没有这间爱心妈咪小屋，或您无权查看。"


def get_room(user, pk: int, perm: str = "rights.change") -> MotherRoom:
    return get_scoped(
        MotherRoom.objects.select_related("union", "keeper"),
        user,
        perm,
        union="union",
        missing=ROOM_MISSING,
        pk=pk,
    )


def rooms(union: Union) -> QuerySet[MotherRoom]:
    """The union's rooms, those in use first."""
    return (
        MotherRoom.objects.filter(union=union)
        .select_related("keeper")
        .order_by("state", "opened_on", "id")
    )


@dataclass
class Committee:
    """What the page shows of the 女职工委员会 (or the 女职工委员)."""

    women: int  # current women members
    needs_committee: bool  # 10 or more: a 女职工委员会 is due
    term: CommitteeTerm | None = None
    positions: list[Position] = field(default_factory=list)
    officers: list[Position] = field(default_factory=list)  # 女职工委员 of the 工会委员会

    @property
    def warning(self) -> str:
        if self.needs_committee and self.term is None:
            return (
                f"本会有女会员 {self.women} 人（10 人及以上），应当建立女职工委员会"
                "（《工会女职工委员会工作条例》），可在“组织建设”中录入届次。"
            )
        if not self.needs_committee and self.term is None and not self.officers:
            return "女会员不足 10 人的，应在工会委员会中设女职工委员（分工“女工”）。"
        return ""


def committee(union: Union, women: int) -> Committee:
    """The current 女职工委员会 with its sitting positions; else the 女职工委员 (two queries)."""
    found = Committee(women=women, needs_committee=women >= WOMEN_COMMITTEE_MIN)
    sitting = Position.objects.filter(ended_on=None).select_related("member")
    found.term = CommitteeTerm.objects.filter(union=union, body=Body.WOMEN, closed_on=None).first()
    if found.term is not None:
        found.positions = list(sitting.filter(term=found.term).order_by(POST_ORDER, "id"))
    else:
        found.officers = list(
            sitting.filter(
                term__union=union,
                term__body=Body.COMMITTEE,
                term__closed_on=None,
                duty=Duty.WOMEN,
            ).order_by(POST_ORDER, "id")
        )
    return found


@dataclass
class Shares:
    members: int
    women: int
    reps: int | None  # None: no current congress term
    women_reps: int

    @property
    def members_share(self) -> Decimal | None:
        return percent(self.women, self.members)

    @property
    def reps_share(self) -> Decimal | None:
        return percent(self.women_reps, self.reps) if self.reps else None


def shares(union: Union) -> Shares:
    """Current members and women among them; the current congress term's seated voting
    representatives and women among them (two queries)."""
    from gonghui.congress.models import CongressTerm, RepKind, RepStatus

    people = (
        Member.objects.current()
        .filter(union=union)
        .aggregate(n=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)))
    )
    term = (
        CongressTerm.objects.filter(union=union, closed_on=None)
        .annotate(
            reps=Count(
                "representatives",
                filter=Q(
                    representatives__status=RepStatus.SEATED,
                    representatives__kind=RepKind.VOTING,
                ),
            ),
            women_reps=Count(
                "representatives",
                filter=Q(
                    representatives__status=RepStatus.SEATED,
                    representatives__kind=RepKind.VOTING,
                    representatives__is_woman=True,
                ),
            ),
        )
        .values("reps", "women_reps")
        .first()
    )
    return Shares(
        members=people["n"],
        women=people["women"],
        reps=None if term is None else term["reps"],
        women_reps=0 if term is None else term["women_reps"],
    )


def special_contract(union: Union, today: datetime.date) -> dict | None:
    """The 女职工特殊权益专项集体合同's status, as the contract-figures part reads it
    (``queries_contract_figures.special_contract_status``). NOTE: until that module is in
    the tree, the newest such contract's own stage is shown (one query); remove the
    fallback once it has landed."""
    try:
        from .queries_contract_figures import special_contract_status
    except ImportError:
        return _newest_special(union)
    return special_contract_status(union, today)


def _newest_special(union: Union) -> dict | None:
    from .models_contracts import CollectiveContract, ContractKind

    contract = (
        CollectiveContract.objects.filter(union=union, kind=ContractKind.WOMEN)
        .order_by("-offered_on", "-id")
        .first()
    )
    if contract is None:
        return None
    return {
        "contract": contract,
        "title": contract.title,
        "stage": contract.get_stage_display(),
        "effective_on": contract.effective_on,
        "expires_on": contract.expires_on,
    }


def screening(union: Union, year: int) -> dict | None:
    """妇科/两癌筛查 of the year's health-check campaigns (care): 应检, 已完成 and the rate; None
    when no woman was due for screening (one or two queries)."""
    from gonghui.care.queries_health import period_figures

    found = period_figures(union, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if not found["screening_due"]:
        return None
    return {
        "due": found["screening_due"],
        "done": found["screening_done"],
        "rate": percent(found["screening_done"], found["screening_due"]),
    }


def open_rooms(union: Union) -> int:
    return MotherRoom.objects.filter(union=union, state=MotherRoomState.OPEN).count()
