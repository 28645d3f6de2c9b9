"""Union committee elections (《工会基层组织选举工作条例》) held at a sitting: candidates
(差额), secret ballots with 赞成 / 不赞成 / 弃权 and write-ins (另选他人), paper counts, the
run-off (另行选举) and, in one step, the new committee term from the winners.

The ballot is the secret-ballot core's (``congress/ballots.py``, box ``ELECTIONS``): an
``ElectionBallot`` and its ``ElectionVote`` lines say what was chosen (random UUID keys, no
voter, no time), an ``ElectionMark`` says who has voted; both are written in one
transaction (the ballot sealed in the election's urn while it is open), the unique mark
stops a second ballot, and at the count the urn is opened and the ballots written in
random order.

The count itself is ``queries/elections.result``; this module never computes a result.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body, CommitteeTerm, Member, Post

from ..ballots import ELECTIONS, Figures, Sheet, count, open_sitting
from ..models import Candidate, Election, ElectionChoice, ElectionStatus, Sitting
from ..queries import elections as q
from ..queries.common import settings_for

MANAGE = "congress.manage"
MAX_SEATS = 99


def _record(actor, action: str, election: Election, **kw) -> None:
    audit.record(
        actor=person(actor),
        action=action,
        obj=election,
        union_id=election.sitting.term.union_id,
        **kw,
    )


def _members(union, members) -> list[Member]:
    """The candidates as members of the union in good standing, in the order given."""
    ids = [m.pk if isinstance(m, Member) else int(m) for m in members]
    if len(set(ids)) != len(ids):
        raise ValidationError({"candidates": "候选人名单有重复。"})
    found = {m.pk: m for m in q.good_standing(union.pk).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({"candidates": "候选人须为本工会的在会会员。"})
    return [found[i] for i in ids]


def _check_surplus(election: Election, n_candidates: int) -> None:
    """差额: a first round needs the union's surplus; a run-off at least one more."""
    if election.round == 1 and election.parent_id is None:
        surplus = settings_for(election.sitting.term.union).election_surplus
        fewest = q.fewest_candidates(election.seats, surplus)
        if n_candidates < fewest:
            raise ValidationError(
                {
                    "candidates": f"实行差额选举：应选 {election.seats} 名，候选人至少 {fewest} 名"
                    f"（差额率不低于 {surplus * 100:.0f}%），现有 {n_candidates} 名。"
                }
            )
    elif n_candidates <= election.seats:
        raise ValidationError({"candidates": "另行选举的候选人须多于应选名额。"})


def _create(
    *,
    sitting: Sitting,
    title: str,
    body: str,
    seats: int,
    members,
    on_paper: bool,
    parent: Election | None = None,
    round_: int = 1,
) -> Election:
    election = Election(
        sitting=sitting,
        parent=parent,
        round=round_,
        body=body,
        title=title,
        seats=seats,
        on_paper=on_paper,
    )
    _check_surplus(election, len(members))
    election.save()
    Candidate.objects.bulk_create(
        [Candidate(election=election, member=m, order=i) for i, m in enumerate(members, start=1)]
    )
    return election


@transaction.atomic
def election_create(
    *,
    actor,
    sitting: Sitting,
    title: str,
    seats: int,
    candidates: list,
    body: str = Body.COMMITTEE,
    on_paper: bool = False,
) -> Election:
    """An election of ``seats`` members of ``body`` among ``candidates`` (members, in ballot
    order; 差额 per the union's setting)."""
    require(actor, MANAGE, union=sitting.term.union)
    sitting = open_sitting(sitting, "安排选举")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写选举名称，如“选举第九届工会委员会委员”。"})
    if body not in Body.values:
        raise ValidationError({"body": "请选择选举的机构。"})
    if not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise ValidationError({"seats": f"应选名额须为 1 到 {MAX_SEATS} 之间的整数。"})
    members = _members(sitting.term.union, candidates)
    election = _create(
        sitting=sitting, title=title, body=body, seats=seats, members=members, on_paper=on_paper
    )
    _record(
        actor,
        "election.create",
        election,
        changes={"candidates": [None, [m.name for m in members]], "seats": [None, seats]},
    )
    return election


@transaction.atomic
def election_open(*, actor, election: Election, pin: str = "") -> Election:
    """Start the vote: needs two thirds of those entitled present (and the 差额 still
    kept); fixes the figures; electronic ballots are sealed until the count (with the
    总监票人's ``pin``, if given)."""
    require(actor, MANAGE, union=election.sitting.term.union)
    return ELECTIONS.open(
        actor=actor,
        item=election,
        check=lambda e: _check_surplus(e, e.candidates.filter(is_write_in=False).count()),
        pin=pin,
    )


@transaction.atomic
def election_cast(
    *, actor, election: Election, choices: dict[int, str], write_ins: list | None = None
) -> bool:
    """One secret ballot: ``choices`` maps every candidate's id to yes / no / abstain;
    ``write_ins`` are members written in (另选他人, each counts as 赞成). A ballot approving
    more people than there are seats is stored as invalid (the page warns first). Returns
    whether the ballot is valid — nothing that leads back to the row."""
    voter = ELECTIONS.voter(actor=actor, item=election)  # the representative in person
    election = voter.item
    candidates = list(election.candidates.filter(is_write_in=False).select_related("member"))
    if set(choices) - {c.pk for c in candidates}:
        raise ValidationError("选票上有不在候选人名单中的人。")
    missing = [c.member.name for c in candidates if c.pk not in choices]
    if missing:
        raise ValidationError(f"请对每一位候选人作出选择，尚未选择：{'、'.join(missing)}。")
    if any(v not in ElectionChoice.values for v in choices.values()):
        raise ValidationError("请选择赞成、不赞成或弃权。")
    ids = [int(getattr(m, "pk", m)) for m in (write_ins or []) if m not in ("", None)]
    if len(set(ids)) != len(ids):
        raise ValidationError("另选的人有重复。")
    if len(ids) > election.seats:  # the paper ballot has as many write-in lines as seats
        raise ValidationError(f"另选他人最多 {election.seats} 人（与应选名额相同）。")
    allowed = set(q.write_in_choices(election).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - allowed:
        raise ValidationError("另选他人须为本工会的在会会员，且不在候选人名单中。")
    approved = sum(1 for v in choices.values() if v == ElectionChoice.YES) + len(ids)
    valid = approved <= election.seats
    # An invalid ballot is kept (it was cast) but counts for nobody: no lines. The audit
    # entry says that the representative voted — never how, nor whether it was valid.
    lines = [{"candidate_id": c, "choice": v} for c, v in choices.items()] + [
        {"write_in_id": m, "choice": ElectionChoice.YES} for m in ids
    ]
    ELECTIONS.cast(voter, Sheet(fields={"valid": valid}, lines=lines if valid else []))
    return valid


@transaction.atomic
def election_close(*, actor, election: Election, pin: str = "") -> Election:
    """End an electronic vote and count it: no more ballots; the sealed ballots are opened
    (``pin``: the one set at the opening, if any); the result becomes visible."""
    require(actor, MANAGE, union=election.sitting.term.union)
    return ELECTIONS.close(actor=actor, item=election, pin=pin)


def _paper_counts(election: Election, counts, write_ins, valid: int) -> None:
    """Check and store the candidates' (赞成, 不赞成, 弃权) and the written-in people."""
    candidates = list(election.candidates.filter(is_write_in=False).select_related("member"))
    total_yes = 0
    for c in candidates:
        if c.pk not in counts:
            raise ValidationError(f"请填写{c.member.name}的得票。")
        yes, no, abstain = (count(v, f"{c.member.name}的票数") for v in counts[c.pk])
        if yes + no + abstain != valid:
            raise ValidationError(
                f"{c.member.name}：赞成 {yes}、不赞成 {no}、弃权 {abstain}，合计 "
                f"{yes + no + abstain} 张，应等于有效票 {valid} 张（未划的计弃权），请核对。"
            )
        c.paper_yes, c.paper_no, c.paper_abstain = yes, no, abstain
        total_yes += yes
    extra = []
    seen = {c.member_id for c in candidates}
    pool = q.write_in_choices(election)
    for member_id, yes in write_ins or []:
        if member_id in ("", None):
            continue
        member = pool.filter(pk=int(member_id)).first()
        if member is None or member.pk in seen:
            raise ValidationError("另选他人须为本工会的在会会员，不在候选人名单中，且不重复。")
        seen.add(member.pk)
        yes = count(yes, f"另选{member.name}的票数")
        if yes > valid:
            raise ValidationError(f"另选{member.name}得 {yes} 票，多于有效票 {valid} 张。")
        total_yes += yes
        extra.append(Candidate(election=election, member=member, is_write_in=True, paper_yes=yes))
    if total_yes > valid * election.seats:
        raise ValidationError(
            f"赞成票合计 {total_yes} 票，多于有效票 {valid} 张 × 应选 {election.seats} 名，"
            "每张有效票所选人数不能多于应选名额，请核对。"
        )
    Candidate.objects.bulk_update(candidates, ["paper_yes", "paper_no", "paper_abstain"])
    Candidate.objects.bulk_create(extra)


@transaction.atomic
def election_paper(
    *,
    actor,
    election: Election,
    issued: int,
    returned: int,
    invalid: int,
    counts: dict[int, tuple[int, int, int]],
    write_ins: list[tuple[int, int]] | None = None,
    scrutineers: str,
) -> Election:
    """The counters' figures of a paper election; ends it. ``counts`` maps each candidate's
    id to (赞成, 不赞成, 弃权) over the valid ballots; ``write_ins`` are (member id, 赞成)
    for people written in. More returned than issued makes it VOID (重新选举)."""
    require(actor, MANAGE, union=election.sitting.term.union)
    figures = Figures(issued, returned, invalid, scrutineers)
    return ELECTIONS.paper(
        actor=actor,
        item=election,
        figures=figures,
        enter=lambda e, valid: _paper_counts(e, counts, write_ins, valid),
    )


@transaction.atomic
def election_runoff(*, actor, election: Election) -> Election:
    """另行选举 for the seats a closed round left open: among the tied people for a tie,
    otherwise among the unelected in order of 赞成 (one more than the open seats, or the
    union's 差额 if that is more; everyone tied at the cut stands too)."""
    require(actor, MANAGE, union=election.sitting.term.union)
    union = election.sitting.term.union
    election = ELECTIONS.lock(election)
    if election.status != ElectionStatus.CLOSED:
        raise ValidationError("计票结束后才能另行选举。")
    if Election.objects.filter(parent=election).exists():
        raise ValidationError("本轮之后已安排过另行选举。")
    sitting = open_sitting(election.sitting, "另行选举")
    result = q.result(election)
    if not result.quorum_met or result.open_seats == 0:
        raise ValidationError("本轮已选满应选名额，无需另行选举。")
    if result.tied:
        people = result.tied
    else:
        fewest = q.fewest_candidates(result.open_seats, settings_for(union).election_surplus)
        people = result.next_in_line(fewest)
    if len(people) <= result.open_seats:
        raise ValidationError("可作为另行选举候选人的人数不足，请重新提名候选人后另行安排选举。")
    members = list(Member.objects.filter(pk__in=[p.member_id for p in people]))
    order = {p.member_id: i for i, p in enumerate(people)}
    members.sort(key=lambda m: order[m.pk])
    root = q.round_chain(election)[0]
    runoff = _create(
        sitting=sitting,
        title=f"{root.title}（另行选举）",
        body=election.body,
        seats=result.open_seats,
        members=members,
        on_paper=election.on_paper,
        parent=election,
        round_=election.round + 1,
    )
    _record(
        actor,
        "election.runoff",
        runoff,
        changes={"candidates": [None, [m.name for m in members]], "seats": [None, runoff.seats]},
    )
    return runoff


@transaction.atomic
def election_revote(*, actor, election: Election) -> Election:
    """重新选举 after a VOID paper count: the same candidates and seats, voted again."""
    require(actor, MANAGE, union=election.sitting.term.union)

    def again(election: Election, sitting: Sitting) -> tuple[Election, dict]:
        if Election.objects.filter(parent=election).exists():
            raise ValidationError("已安排过重新选举。")
        title = election.title
        new = _create(
            sitting=sitting,
            title=title if title.endswith("（重新选举）") else f"{title}（重新选举）",
            body=election.body,
            seats=election.seats,
            members=[
                c.member
                for c in election.candidates.filter(is_write_in=False).select_related("member")
            ],
            on_paper=election.on_paper,
            parent=election,
            round_=election.round,
        )
        return new, {"void": [None, election.pk]}

    return ELECTIONS.revote(actor=actor, item=election, again=again)


@transaction.atomic
def election_commit(*, actor, election: Election, term_years: int = 5) -> CommitteeTerm:
    """Make the winners of an election (all its rounds) the new committee term in one step:
    the body's current term is closed on the sitting's date, the next term is recorded
    as elected that day, and each winner is added as 委员 (the committee then elects its
    主席 and 副主席, entered on the term's page)."""
    require(actor, MANAGE, union=election.sitting.term.union)
    require(actor, "committee.change", union=election.sitting.term.union)
    union = election.sitting.term.union
    chain = q.round_chain(election)
    root = Election.objects.select_for_update().get(pk=chain[0].pk)
    if root.committee_term_id:
        raise ValidationError(f"本次选举结果已于此前组成{root.committee_term}。")
    pending = [e for e in chain if e.status in (ElectionStatus.DRAFT, ElectionStatus.OPEN)]
    if pending:
        raise ValidationError(f"「{pending[0].title}」尚未计票，请先完成全部轮次。")
    people = q.winners(root)
    if not people:
        raise ValidationError("本次选举没有当选人，不能组成新一届委员会。")
    day = election.sitting.date
    current = CommitteeTerm.objects.filter(union=union, body=root.body, closed_on=None).first()
    if current is not None:
        org_services.term_close(actor=actor, term=current, closed_on=day)
    last = CommitteeTerm.objects.filter(union=union, body=root.body).order_by("-number").first()
    term = org_services.term_create(
        actor=actor,
        union=union,
        body=root.body,
        number=(last.number + 1) if last else 1,
        elected_on=day,
        term_years=term_years,
    )
    members = {m.pk: m for m in Member.objects.filter(pk__in=[p.member_id for p in people])}
    for p in people:
        org_services.position_add(
            actor=actor, term=term, member=members[p.member_id], post=Post.MEMBER
        )
    root.committee_term = term
    root.save(update_fields=["committee_term"])
    _record(
        actor,
        "election.commit",
        root,
        changes={"committee_term": [None, str(term)], "members": [None, [p.name for p in people]]},
    )
    return term
