"""Votes on motions (表决): who may see and cast, and the result sheet's arithmetic.

The arithmetic is exact: the union's ratios are stored as four-place decimals (0.6667 for
two thirds), and every rule in use is a simple fraction, so :func:`ratio` (the secret-ballot
core's, ``congress/ballots.py``, with :func:`quorum_needed` and :func:`majority_needed`)
recovers it and every comparison is between integers and Fractions, never floats.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q

from gonghui.core import scoping

from ..ballots import POLLS, majority_needed, quorum_needed, ratio, ratio_label
from ..models import (
    Ballot,
    BallotMark,
    Choice,
    CongressTerm,
    Poll,
    PollStatus,
    Proposal,
    ProposalStatus,
    Representative,
    Sitting,
)
from .common_reps import get_in_term, own_representative, seat_of


def _number(f: Fraction) -> str:
    if f.denominator == 1:
        return str(f.numerator)
    return str((Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.1")))


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    pct = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{pct}%"


# --- the representative check ----------------------------------------------------------


def seated_representative(user, term: CongressTerm) -> Representative | None:
    """The signed-in user's own SEATED seat in ``term`` (voting or 列席), or None."""
    return own_representative(user, term)


# The voter rule and the marks are the secret-ballot core's (congress/ballots.py).
vote_refusal = POLLS.refusal
has_voted = POLLS.has_voted
voted_poll_ids = POLLS.voted_ids
marks_count = POLLS.marks_count


# --- access --------------------------------------------------------------------------


@dataclass
class Access:
    union: object
    can_manage: bool
    rep: Representative | None


def sitting_access(user, sitting: Sitting) -> Access:
    """What a page of a sitting's votes offers the user: the congress's viewers (secretariat,
    chair, higher admins) and the term's own seated representatives see it, the secretariat
    manages it. Pages reach the sitting through a getter (``get_poll``, ``get_sitting(...,
    seat=True)``), which has answered anyone else with 404 or 403 already; services call
    this for its PermissionDenied."""
    union = sitting.term.union
    rep = seat_of(user, sitting.term)
    if rep is None and not scoping.has_perm(user, "congress.view", union=union):
        raise PermissionDenied("只有本届职工代表和职代会工作人员可以查看表决事项。")
    return Access(
        union=union,
        can_manage=scoping.has_perm(user, "congress.manage", union=union),
        rep=rep,
    )


def get_poll(user, pk: int, perm: str = "congress.view", *, seat: bool = False) -> Poll:
    """A motion put to the vote; with ``seat``, a seated representative of the term passes
    without a role."""
    return get_in_term(
        Poll.objects.select_related("sitting__term__union", "proposal"),
        user,
        perm,
        term="sitting.term",
        seat=seat,
        missing="没有这个表决事项。",
        pk=pk,
    )


# A proposal still collecting co-signers, withdrawn, merged into another or not accepted
# is not a text to vote on.
NOT_VOTABLE = (
    ProposalStatus.DRAFT,
    ProposalStatus.WITHDRAWN,
    ProposalStatus.MERGED,
    ProposalStatus.REJECTED,
)


def votable_proposals(sitting: Sitting):
    """The proposals of the sitting's term a poll may put to the vote (the secretariat picks
    one on the new poll's form): submitted, not withdrawn, merged or rejected; this
    sitting's first."""
    return (
        Proposal.objects.filter(sitting__term_id=sitting.term_id)
        .exclude(status__in=NOT_VOTABLE)
        .order_by("-sitting__number", "number", "id")
    )


def polls_of(sitting: Sitting):
    """A sitting's items in order, each with the number of ballots marked (the only figure
    shown while a poll is open)."""
    return sitting.polls.annotate(cast=Count("marks", distinct=True)).order_by("order", "id")


# --- the result -----------------------------------------------------------------------


@dataclass
class PollResult:
    yes: int
    no: int
    abstain: int
    valid: int
    seated: int
    present: int
    needed: int
    passed: bool
    void: bool = False
    quorum_met: bool = True
    arithmetic: list[str] = field(default_factory=list)


def _counts(poll: Poll) -> tuple[int, int, int]:
    if poll.on_paper:
        return poll.paper_yes or 0, poll.paper_no or 0, poll.paper_abstain or 0
    agg = Ballot.objects.filter(poll=poll).aggregate(
        yes=Count("pk", filter=Q(choice=Choice.YES)),
        no=Count("pk", filter=Q(choice=Choice.NO)),
        abstain=Count("pk", filter=Q(choice=Choice.ABSTAIN)),
    )
    return agg["yes"], agg["no"], agg["abstain"]


def result(poll: Poll) -> PollResult:
    """The result of a CLOSED (or VOID) poll with the arithmetic spelled out. Callers show
    it only after close (results of an open poll are hidden from everyone)."""
    seated, present = poll.seated or 0, poll.present or 0
    quorum, majority = ratio(poll.quorum or 0), ratio(poll.majority or 0)
    q_needed = quorum_needed(seated, quorum)
    needed = majority_needed(seated, majority)
    quorum_met = seated > 0 and present >= q_needed
    lines = [
        f"应到代表 {seated} 人，实到 {present} 人，出席率 {_percent(present, seated)}，"
        + (
            f"符合{ratio_label(quorum)}以上的要求"
            if quorum_met
            else f"不足{ratio_label(quorum)}（需 {q_needed} 人）"
        )
    ]
    if poll.status == PollStatus.VOID:
        lines.append(
            f"发出选票 {poll.issued} 张，收回 {poll.returned} 张，收回票数多于发出票数，"
            "本次表决无效，应重新表决"
        )
        return PollResult(0, 0, 0, 0, seated, present, needed, False, True, quorum_met, lines)
    yes, no, abstain = _counts(poll)
    valid = yes + no + abstain
    if poll.on_paper:
        lines.append(
            f"发出选票 {poll.issued} 张，收回 {poll.returned} 张，"
            f"有效 {valid} 张，无效 {poll.invalid} 张"
        )
    else:
        lines.append(f"电子表决，投票 {valid} 人")
    lines.append(f"赞成 {yes} 票，反对 {no} 票，弃权 {abstain} 票")
    half = Fraction(seated) * majority
    base = f"全体代表 {seated} 人的{ratio_label(majority)} {_number(half)} 人"
    passed = quorum_met and yes >= needed
    if yes >= needed:
        lines.append(f"赞成 {yes} 票 > {base}，" + ("通过" if quorum_met else "但出席不足，无效"))
    else:
        lines.append(f"赞成 {yes} 票，未超过{base}（需 {needed} 票），未通过")
    return PollResult(
        yes, no, abstain, valid, seated, present, needed, passed, False, quorum_met, lines
    )


def recount(poll: Poll) -> dict[str, int]:
    """The tally recomputed one stored ballot at a time (independent of the aggregate
    :func:`result` uses), with the number of marks beside it: the two must agree."""
    counter = collections.Counter(Ballot.objects.filter(poll=poll).values_list("choice", flat=True))
    return {
        "yes": counter[Choice.YES],
        "no": counter[Choice.NO],
        "abstain": counter[Choice.ABSTAIN],
        "ballots": sum(counter.values()),
        "marks": BallotMark.objects.filter(poll=poll).count(),
    }
