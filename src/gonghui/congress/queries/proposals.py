"""Reads of proposals: who may see a sitting's proposals or one proposal, the lists, a
representative's own proposals and co-sign requests, a sitting's figures, and the overdue
ones for the 工作台 and ``gonghui remind``.

Figures (documented in docs/congress-proposals.md):
- 立案率 = proposals the committee accepted (立案), merged ones counted with their target
  (they were accepted as part of it), over all submitted proposals (withdrawn ones are
  not submitted). A 转意见建议 is a
  不立案 that still gets an answer, so it is not 立案.
- 按期办结率 = closed proposals whose last answer came on or before the deadline, over all
  assigned (交办) proposals.
- 满意率 = (满意 + 基本满意) over rated proposals (the latest rating counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.http import Http404

from gonghui.core import scoping
from gonghui.orgs.models import Member, Union

from ..models import (
    Answer,
    CoSign,
    Proposal,
    ProposalStatus,
    Rating,
    Representative,
    RepStatus,
    Sitting,
)
from .common_reps import get_in_term, own_representative, seat_of
from .sittings import get_sitting

S = ProposalStatus
# Submitted = reached the committee: not a draft, and not withdrawn (a proposal taken back
# before review is kept on record but never counted, nor printed in the 提案汇编).
SUBMITTED = [s for s in S.values if s not in (S.DRAFT, S.WITHDRAWN)]
ASSIGNED = [S.ASSIGNED, S.ANSWERED, S.REHANDLING, S.CLOSED]
OVERDUE_STATUSES = [S.ASSIGNED, S.REHANDLING]
FILTERS = [("", "全部"), *S.choices, ("overdue", "已超期")]


def can_manage(user, sitting: Sitting) -> bool:
    return scoping.has_perm(user, "congress.manage", union=sitting.term.union)


def get_proposal(
    user, pk: int, perm: str = "congress.view"
) -> tuple[Proposal, Representative | None]:
    """The proposal and the user's own seat in its term. Seen by those who hold
    congress.view and by every seated representative of the term (representatives read
    each other's proposals to co-sign and discuss them); handled by the secretariat
    (``congress.manage``). 404 outside the user's reach, 403 within it."""
    proposal = get_in_term(
        Proposal.objects.select_related(
            "sitting__term__union", "proposer__member", "merged_into", "reviewed_by"
        ),
        user,
        perm,
        term="sitting.term",
        seat=True,
        missing="没有这件提案。",
        pk=pk,
    )
    return proposal, seat_of(user, proposal.sitting.term)


def own_seat(actor, sitting: Sitting) -> Representative:
    """The actor's own SEATED representative seat in the sitting's term: the one right
    behind proposing, co-signing and rating. PermissionDenied for anyone else (a role
    such as chair does not make a person a representative)."""
    rep = own_representative(actor, sitting.term)
    if rep is None:
        raise PermissionDenied("只有本届在任的职工代表本人才能办理此事项。")
    return rep


def check_window(sitting: Sitting, today) -> None:
    """Proposals are collected before the sitting within the window the secretariat sets
    (inclusive on both ends)."""
    if sitting.proposals_open is None or sitting.proposals_close is None:
        raise ValidationError("本次会议尚未设置提案征集时间，请联系职代会秘书处设置征集起止日期。")
    if today < sitting.proposals_open:
        raise ValidationError(f"提案征集将于{sitting.proposals_open:%Y-%m-%d}开始，尚未开始征集。")
    if today > sitting.proposals_close:
        raise ValidationError(f"提案征集已于{sitting.proposals_close:%Y-%m-%d}截止。")


def proposal_list(sitting: Sitting, status: str = "", today=None) -> QuerySet[Proposal]:
    qs = (
        Proposal.objects.filter(sitting=sitting)
        .select_related("proposer__member")
        .annotate(
            confirmed=Count("cosigns", filter=~Q(cosigns__confirmed_at=None)),
            answers_n=Count("answers"),
        )
        .order_by(F("number").asc(nulls_first=True), "id")
    )
    if status == "overdue":
        return qs.filter(status__in=OVERDUE_STATUSES, due_on__lt=today)
    if status in S.values:
        return qs.filter(status=status)
    return qs


def proposal_detail_rows(proposal: Proposal) -> dict:
    cosigns = list(
        CoSign.objects.filter(proposal=proposal)
        .select_related("representative__member")
        .order_by("id")
    )
    return {
        "cosigns": cosigns,
        "answers": list(proposal.answers.all()),
        "merged": list(proposal.merged.all()),
    }


def merge_targets(proposal: Proposal) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        sitting_id=proposal.sitting_id, status__in=[S.ACCEPTED, S.ASSIGNED]
    ).exclude(pk=proposal.pk)


def cosigner_choices(sitting: Sitting, proposer: Representative) -> QuerySet[Representative]:
    """Seated representatives of the term a proposer may ask to co-sign (not themself)."""
    return (
        Representative.objects.filter(term_id=sitting.term_id, status=RepStatus.SEATED)
        .exclude(pk=proposer.pk)
        .select_related("member", "constituency")
        .order_by("constituency__name", "member__name")
    )


def ask_choices(proposal: Proposal) -> QuerySet[Representative]:
    """Seated representatives the proposer has not asked yet."""
    return cosigner_choices(proposal.sitting, proposal.proposer).exclude(cosigns__proposal=proposal)


def members_of(representatives: QuerySet[Representative]) -> QuerySet[Member]:
    """The members holding ``representatives``' seats: what the member picker chooses."""
    return Member.objects.filter(pk__in=representatives.values("member_id"))


def cosigner_pool(user, union: Union, item: int) -> QuerySet[Member]:
    """The member picker's ``cosigner`` search in the sitting ``item`` of ``union``: the
    members whose seats its proposer may ask, for a seated representative of its term (the
    one who proposes) only. Another union's sitting is 404."""
    sitting = get_sitting(user, item, seat=True)
    if sitting.term.union_id != union.pk:
        raise Http404("没有这次会议。")
    return members_of(cosigner_choices(sitting, own_seat(user, sitting)))


def own_seats(user) -> list[Representative]:
    """Every SEATED seat of the signed-in user (one per term they sit in)."""
    from gonghui.orgs.queries import own_member

    member = own_member(user)
    if member is None:
        return []
    return list(
        Representative.objects.filter(member=member, status=RepStatus.SEATED).select_related(
            "term__union"
        )
    )


@dataclass
class Mine:
    seats: list[Representative]
    proposals: list[Proposal] = field(default_factory=list)
    requests: list[CoSign] = field(default_factory=list)  # waiting for my answer
    answered: list[CoSign] = field(default_factory=list)  # confirmed or declined
    open_sittings: list[Sitting] = field(default_factory=list)  # collecting now


def mine(user, today) -> Mine:
    seats = own_seats(user)
    result = Mine(seats=seats)
    if not seats:
        return result
    ids = [s.pk for s in seats]
    result.proposals = list(
        Proposal.objects.filter(proposer_id__in=ids)
        .select_related("sitting__term")
        .annotate(confirmed=Count("cosigns", filter=~Q(cosigns__confirmed_at=None)))
        .order_by("-created_at", "-id")
    )
    cosigns = (
        CoSign.objects.filter(representative_id__in=ids)
        .select_related("proposal__sitting__term", "proposal__proposer__member")
        .order_by("-proposal__created_at", "-id")
    )
    for c in cosigns:
        waiting = c.confirmed_at is None and c.declined_at is None
        if waiting and c.proposal.status == S.WITHDRAWN:
            continue  # taken back before this co-signer answered: nothing left to do
        if waiting and c.proposal.status == S.DRAFT:
            result.requests.append(c)
        else:
            result.answered.append(c)
    result.open_sittings = list(
        Sitting.objects.filter(
            term_id__in=[s.term_id for s in seats],
            proposals_open__lte=today,
            proposals_close__gte=today,
        ).select_related("term")
    )
    return result


# --- figures ------------------------------------------------------------------------


def _rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one place, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def decision_label(proposal: Proposal) -> str:
    """The committee's decision on one proposal in words ("" before the review)."""
    if not proposal.reviewed_at:
        return ""
    decided = proposal.review_decision or proposal.status
    words: dict[str, str] = {
        S.ACCEPTED: "立案",
        S.REJECTED: "不立案",
        S.SUGGESTION: "不立案，转意见建议",
    }
    return words.get(decided, "与其他提案合并" if decided == S.MERGED else "")


@dataclass
class Figures:
    submitted: int
    accepted: int
    suggestions: int
    rejected: int
    merged: int
    assigned: int
    closed_on_time: int
    rated: int
    satisfied: int
    overdue: list[Proposal]

    @property
    def accept_rate(self):
        return _rate(self.accepted + self.merged, self.submitted)

    @property
    def on_time_rate(self):
        return _rate(self.closed_on_time, self.assigned)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.rated)


def figures(sitting: Sitting, today) -> Figures:
    rows = list(
        Proposal.objects.filter(sitting=sitting, status__in=SUBMITTED)
        .annotate(last_answer=Max("answers__answered_at"))
        .select_related("proposer__member")
        .order_by("number")
    )
    f = Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, [])
    for p in rows:
        f.submitted += 1
        decided = p.review_decision or p.status
        if decided == S.ACCEPTED:
            f.accepted += 1
        elif decided == S.SUGGESTION:
            f.suggestions += 1
        elif decided == S.REJECTED:
            f.rejected += 1
        elif decided == S.MERGED:
            f.merged += 1
        if p.status in ASSIGNED:
            f.assigned += 1
            if p.status == S.CLOSED and p.last_answer and p.due_on:
                answered_on = p.last_answer.astimezone(today_tz()).date()
                f.closed_on_time += answered_on <= p.due_on
            if p.status in OVERDUE_STATUSES and p.due_on and p.due_on < today:
                f.overdue.append(p)
        if p.rating:
            f.rated += 1
            f.satisfied += p.rating in (Rating.SATISFIED, Rating.BASIC)
    return f


def today_tz():
    from django.utils import timezone

    return timezone.get_current_timezone()


def overdue(today, union=None) -> QuerySet[Proposal]:
    """Assigned (or sent back) proposals past their deadline and not answered."""
    qs = Proposal.objects.filter(status__in=OVERDUE_STATUSES, due_on__lt=today)
    if union is not None:
        qs = qs.filter(sitting__term__union=union)
    return qs.select_related("sitting__term__union").order_by("due_on", "id")


def book_rows(sitting: Sitting) -> list[Proposal]:
    """Every submitted proposal of a sitting with what the 提案汇编 prints."""
    return list(
        Proposal.objects.filter(sitting=sitting, status__in=SUBMITTED)
        .select_related("proposer__member", "merged_into")
        .prefetch_related(
            Prefetch(
                "cosigns",
                queryset=CoSign.objects.exclude(confirmed_at=None)
                .select_related("representative__member")
                .order_by("id"),
                to_attr="confirmed_cosigns",
            ),
            Prefetch("answers", queryset=Answer.objects.order_by("answered_at", "id")),
        )
        .order_by("number")
    )
