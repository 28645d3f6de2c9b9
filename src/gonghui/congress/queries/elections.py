"""Union committee elections (《工会基层组织选举工作条例》): who may vote, and the count.

The count, in :func:`result` only:

- 到会: votes need two thirds or more of those entitled to vote (the congress's quorum
  setting; fixed with ``seated``/``present`` when the election opens).
- 有效票: a ballot approving more people (candidates 赞成 plus write-ins) than there are
  seats is invalid and counts for nobody; an all-弃权 ballot is valid.
- 当选: a person needs 赞成 MORE than half of ALL entitled to vote (``seated``, not those
  present or voting): :func:`~.polls.majority_needed`, as for motions.
- Among those over half, the most 赞成 take the seats. A tie at the last seat leaves the
  tied people to a run-off (另行选举) for the seats not yet filled; fewer people over half
  than seats leaves empty seats, which may also go to a run-off.
- Paper: more ballots returned than issued makes the election void (重新选举).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gonghui.core import scoping
from gonghui.orgs.models import Member, MemberStatus, Union

from ..ballots import ELECTIONS
from ..models import (
    Election,
    ElectionBallot,
    ElectionStatus,
    ElectionVote,
    Sitting,
)
from .common_reps import get_in_term, seat_of
from .polls import _number, _percent, majority_needed, quorum_needed, ratio, ratio_label


def fewest_candidates(seats: int, surplus) -> int:
    """差额: the fewest candidates for ``seats`` — at least one more than the seats, and at
    least ``seats × surplus`` more (rounded up)."""
    extra = max(1, math.ceil(Fraction(str(surplus)) * seats))
    return seats + extra


# The voter rule and the marks are the secret-ballot core's (congress/ballots.py).
election_refusal = ELECTIONS.refusal
has_voted = ELECTIONS.has_voted
marks_count = ELECTIONS.marks_count


def get_election(user, pk: int, perm: str = "congress.view", *, seat: bool = False) -> Election:
    """An election; with ``seat``, a seated representative of the term passes without a
    role."""
    return get_in_term(
        Election.objects.select_related("sitting__term__union"),
        user,
        perm,
        term="sitting.term",
        seat=seat,
        missing="没有这场选举。",
        pk=pk,
    )


def elections_of(sitting: Sitting):
    """A sitting's elections, run-offs after their first round, with ballots marked."""
    return sitting.elections.annotate(
        n_candidates=Count("candidates", filter=Q(candidates__is_write_in=False), distinct=True),
        cast=Count("marks", distinct=True),
    ).order_by("id")


def good_standing(union_id: int):
    """Who may stand or be written in: the union's members in good standing (在会 or 退休)."""
    return Member.objects.filter(
        union_id=union_id, status__in=(MemberStatus.ACTIVE, MemberStatus.RETIRED)
    )


def write_in_choices(election: Election):
    """Whom a voter may write in: members in good standing who are not on the ballot, by
    name."""
    on_ballot = election.candidates.filter(is_write_in=False).values("member_id")
    return (
        good_standing(election.sitting.term.union_id)
        .exclude(pk__in=on_ballot)
        .order_by("name_pinyin", "id")
    )


def write_in_pool(user, union: Union, item: int) -> QuerySet[Member]:
    """The member picker's ``write_in`` search in the election ``item`` of ``union``: its
    write-in choices, for a representative who may cast a ballot in it now, or for the
    secretariat (a paper count's write-ins). Nobody else: a voter sees the names and groups
    of the whole union only to fill in a ballot. Another union's election is 404."""
    election = get_election(user, item, seat=True)
    if election.sitting.term.union_id != union.pk:
        raise Http404("没有这场选举。")
    rep = seat_of(user, election.sitting.term)
    voting = rep is not None and not election_refusal(rep, election)
    if not voting and not scoping.has_perm(user, "congress.manage", union=union):
        raise PermissionDenied("只有正在投票的代表和职代会工作人员可以查找另选的人。")
    return write_in_choices(election)


# --- the count --------------------------------------------------------------------------


@dataclass
class PersonTally:
    member_id: int
    name: str
    on_ballot: bool  # a listed candidate (False: written in)
    order: int
    yes: int = 0
    no: int = 0
    abstain: int = 0
    over_half: bool = False
    elected: bool = False
    tied: bool = False

    @property
    def outcome(self) -> str:
        if self.elected:
            return "当选"
        if self.tied:
            return "票数相等，另行选举"
        return "未过半数" if not self.over_half else "未当选"


@dataclass
class ElectionResult:
    election: Election
    seats: int
    seated: int
    present: int
    cast: int
    invalid: int
    valid: int
    needed: int
    quorum_met: bool
    void: bool
    rows: list[PersonTally]
    elected: list[PersonTally]
    tied: list[PersonTally]
    open_seats: int  # seats a run-off may still fill (tie or too few over half)
    arithmetic: list[str] = field(default_factory=list)

    def next_in_line(self, fewest: int) -> list[PersonTally]:
        """For a run-off of empty seats (另行选举): the unelected in order of 赞成, the first
        ``fewest`` of them and everyone tied with the last of those."""
        rest = [r for r in self.rows if not r.elected]
        rest.sort(key=lambda r: (-r.yes, not r.on_ballot, r.order))
        if len(rest) <= fewest:
            return rest
        cut = rest[fewest - 1].yes
        return [r for r in rest if r.yes >= cut]


def _tallies(election: Election) -> tuple[dict[int, PersonTally], int, int]:
    """Per person (member id) counts, and (ballots cast, invalid ballots)."""
    people: dict[int, PersonTally] = {}
    for c in election.candidates.select_related("member").order_by("is_write_in", "order", "id"):
        people[c.member_id] = PersonTally(
            c.member_id,
            c.member.name,
            not c.is_write_in,
            c.order,
            c.paper_yes or 0,
            c.paper_no or 0,
            c.paper_abstain or 0,
        )
    if election.on_paper:
        return people, election.returned or 0, election.invalid or 0
    lines = (
        ElectionVote.objects.filter(ballot__election=election, ballot__valid=True)
        .values("candidate__member_id", "write_in_id", "choice")
        .annotate(n=Count("pk"))
    )
    write_ins = []
    for line in lines:
        member_id = line["candidate__member_id"] or line["write_in_id"]
        if member_id not in people:
            write_ins.append(member_id)
            people[member_id] = PersonTally(member_id, "", False, 0)
        row = people[member_id]
        setattr(row, line["choice"], line["n"])  # yes / no / abstain
    if write_ins:
        names = dict(Member.objects.filter(pk__in=write_ins).values_list("pk", "name"))
        for member_id in write_ins:
            people[member_id].name = names.get(member_id, "")
    agg = ElectionBallot.objects.filter(election=election).aggregate(
        cast=Count("pk"), invalid=Count("pk", filter=Q(valid=False))
    )
    return people, agg["cast"], agg["invalid"]


def result(election: Election) -> ElectionResult:
    """The count of a CLOSED (or VOID) election with its arithmetic. Callers show it only
    after the count: results of an open election are hidden from everyone."""
    seated, present, seats = election.seated or 0, election.present or 0, election.seats
    quorum, majority = ratio(election.quorum or 0), ratio(election.majority or 0)
    q_needed = quorum_needed(seated, quorum)
    needed = majority_needed(seated, majority)
    quorum_met = seated > 0 and present >= q_needed
    lines = [
        f"应到有选举权人数 {seated} 人，实到 {present} 人，到会率 {_percent(present, seated)}，"
        + (
            f"符合{ratio_label(quorum)}以上的要求"
            if quorum_met
            else f"不足{ratio_label(quorum)}（需 {q_needed} 人）"
        )
    ]
    people, cast, invalid = _tallies(election)
    rows = list(people.values())
    if election.status == ElectionStatus.VOID:
        lines.append(
            f"发出选票 {election.issued} 张，收回 {election.returned} 张，收回票数多于发出票数，"
            "本次选举无效，应重新选举"
        )
        return ElectionResult(
            election,
            seats,
            seated,
            present,
            cast,
            invalid,
            0,
            needed,
            quorum_met,
            True,
            rows,
            [],
            [],
            seats,
            lines,
        )
    valid = cast - invalid
    if election.on_paper:
        lines.append(
            f"发出选票 {election.issued} 张，收回 {cast} 张，收回票数不多于发出票数，选举有效"
        )
    else:
        lines.append(f"电子投票，收回选票 {cast} 张")
    lines.append(
        f"有效票 {valid} 张，无效票 {invalid} 张（所选人数多于应选名额 {seats} 名的为无效票）"
    )
    half = Fraction(seated) * majority
    lines.append(
        f"当选须获得超过应到有选举权人数 {seated} 人{ratio_label(majority)}（{_number(half)} 人）"
        f"的赞成票，即至少 {needed} 票"
    )
    for r in rows:
        r.over_half = quorum_met and r.yes >= needed
    over = sorted((r for r in rows if r.over_half), key=lambda r: -r.yes)
    tied: list[PersonTally] = []
    if len(over) > seats and over[seats].yes == over[seats - 1].yes:
        cut = over[seats - 1].yes
        elected = [r for r in over if r.yes > cut]
        tied = [r for r in over if r.yes == cut]
    else:
        elected = over[:seats]
    for r in elected:
        r.elected = True
    for r in tied:
        r.tied = True
    rows.sort(key=lambda r: (not r.elected, not r.tied, -r.yes, not r.on_ballot, r.order))
    open_seats = seats - len(elected)
    if not quorum_met:
        lines.append("到会人数不足，选举无效")
    else:
        lines.append(
            f"应选 {seats} 名，赞成票过半数 {len(over)} 人，当选 {len(elected)} 人"
            + (f"：{'、'.join(r.name for r in elected)}" if elected else "")
        )
        if tied:
            lines.append(
                f"{'、'.join(r.name for r in tied)} 得票相等（各 {tied[0].yes} 票），"
                f"须就其中 {open_seats} 个名额另行选举"
            )
        elif open_seats:
            lines.append(f"当选人数不足应选名额，缺额 {open_seats} 名，可另行选举")
    return ElectionResult(
        election,
        seats,
        seated,
        present,
        cast,
        invalid,
        valid,
        needed,
        quorum_met,
        False,
        rows,
        elected,
        tied,
        open_seats,
        lines,
    )


def visible_result(election: Election) -> ElectionResult | None:
    """The count once closed (or void); None while it is open or not begun."""
    if election.status in (ElectionStatus.CLOSED, ElectionStatus.VOID):
        return result(election)
    return None


def round_chain(election: Election) -> list[Election]:
    """The first round and its run-offs, in order (each run-off has its predecessor as
    ``parent``)."""
    first = Election.objects.get(pk=election.pk)  # as stored, not as the caller last saw it
    while first.parent_id:
        first = Election.objects.get(pk=first.parent_id)
    chain = [first]
    while True:
        nxt = Election.objects.filter(parent=chain[-1]).order_by("id").first()
        if nxt is None:
            return chain
        chain.append(nxt)


def winners(election: Election) -> list[PersonTally]:
    """Everyone elected across the first round and its closed run-offs."""
    out: list[PersonTally] = []
    for e in round_chain(election):
        if e.status == ElectionStatus.CLOSED:
            out.extend(result(e).elected)
    return out
