"""The congress's member pickers: a ballot's 另选他人 (purpose ``write_in``) and a proposal's
附议人 (purpose ``cosigner``). Who may search (a seat, not a role), whom each offers, that
the forms and services refuse anyone else whatever is posted, and that a write-in leaves
no more trace of the voter than a ballot without one."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.congress.ballots import ELECTIONS
from gonghui.congress.models import CheckIn, ElectionMark, Proposal
from gonghui.congress.queries import elections as queries
from gonghui.congress.services import elections as services
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Member, MemberStatus

from .proposal_world import collecting
from .test_elections_services import opened
from .test_polls_fixtures import check_in, congress

PICK = "/unions/school/members/pick/"


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return re.findall(
        r'data-pick-label="[^"]*">([^<]+?)(?: <span|</button>)', response.content.decode()
    )


# --- 另选他人 ------------------------------------------------------------------------------


@pytest.fixture
def ballot_day(world):
    """An open electronic election, 2 seats, candidates 代表002-代表004, at a sitting of six
    checked-in voting representatives, 周会员 (world.member) the first."""
    c = congress(world, 6)
    return c, opened(world, c, seats=2, n=3, start=1)


@pytest.fixture
def election(ballot_day):
    return ballot_day[1]


def write_ins(client, e, q: str = ""):
    return client.post(f"{PICK}?for=write_in&item={e.pk}", {"q": q})


def test_a_voter_finds_members_not_on_the_ballot_by_name_and_group_only(
    world, election, client_for
):
    e = election
    voter = client_for(world.member)
    assert _titles(write_ins(voter, e, "wu")) == ["吴老师"]
    assert _titles(write_ins(voter, e, "数学")) == ["代表006", "钱经审", "吴老师", "赵财务"]
    # Candidates (代表002-代表004) are on the ballot already; another union's members are
    # never offered.
    assert _titles(write_ins(voter, e, "代表")) == ["代表005", "代表006"]
    assert _titles(write_ins(voter, e, "zheng")) == []
    # No number is tested or shown: 吴老师's mobile ends in 4321, 周会员's card is HY0001.
    assert _titles(write_ins(voter, e, "4321")) == []
    assert _titles(write_ins(voter, e, "HY0001")) == []
    page = write_ins(voter, e, "zhou").content.decode()
    assert "周会员" in page and "HY0001" not in page and "5678" not in page
    assert "语文组" in page  # name and group


def test_the_search_of_a_write_in_never_travels_in_a_url(world, election, client_for):
    e = election
    voter = client_for(world.member)
    ballot = voter.get(e.get_absolute_url()).content.decode()
    assert f'hx-post="/unions/school/members/pick/?for=write_in&amp;item={e.pk}"' in ballot
    assert 'hx-params="q"' in ballot  # the body holds q alone, not the ballot's marks
    refused = voter.get(PICK, {"for": "write_in", "item": e.pk, "q": "wu"})
    assert refused.status_code == 405


def test_only_a_representative_who_may_vote_now_or_the_secretariat_searches(
    world, election, client_for
):
    e = election
    assert write_ins(client_for(world.chair), e).status_code == 200  # the paper count's
    assert write_ins(client_for(world.treasurer), e).status_code == 403  # no seat, no role
    assert write_ins(client_for(world.outsider), e).status_code == 404  # the hospital's
    member = client_for(world.member)
    for item in ("abc", "²", "9" * 30):
        assert member.post(f"{PICK}?for=write_in&item={item}", {"q": ""}).status_code == 404
    assert member.post(f"{PICK}?for=write_in", {"q": ""}).status_code == 404
    # The school's election asked under the hospital's code: not there.
    url = f"/unions/hospital/members/pick/?for=write_in&item={e.pk}"
    assert client_for(world.outsider).post(url, {"q": ""}).status_code == 404
    # Once the ballot is cast, the representative searches no more.
    cands = list(e.candidates.order_by("order"))
    services.election_cast(actor=world.member, election=e, choices={x.pk: "abstain" for x in cands})
    assert write_ins(client_for(world.member), e).status_code == 403


def test_a_representative_who_came_after_the_opening_may_not_search(world, client_for):
    c = congress(world, 4, present=3, named=("周会员", "孙组长"))
    e = opened(world, c, seats=1, n=2, start=2)
    assert write_ins(client_for(world.group_leader), e).status_code == 200
    CheckIn.objects.filter(representative=c.reps[1]).delete()
    assert write_ins(client_for(world.group_leader), e).status_code == 403  # not checked in
    check_in(c.sitting, [c.reps[1]])  # now, after the opening: not among those present
    assert write_ins(client_for(world.group_leader), e).status_code == 403


def _vote(client, e, write_in):
    cands = list(e.candidates.filter(is_write_in=False).order_by("order"))
    data = {f"c{x.pk}": "no" for x in cands} | {"write_in": write_in}
    return client.post(reverse("congress:election_vote", args=[e.pk]), data, follow=True)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (lambda w, e: [e.candidates.first().member_id], "另选他人须是不在选票上的本工会在册会员。"),
        (lambda w, e: [w.members["郑护士"].pk], "另选他人须是不在选票上的本工会在册会员。"),
        (lambda w, e: ["abc"], "另选他人须是不在选票上的本工会在册会员。"),
        (lambda w, e: ["-1"], "另选他人须是不在选票上的本工会在册会员。"),
        (lambda w, e: ["9" * 30], "另选他人须是不在选票上的本工会在册会员。"),  # no int64
        (lambda w, e: ["²"], "另选他人须是不在选票上的本工会在册会员。"),  # a digit to Python
        (
            lambda w, e: [w.members[n].pk for n in ("吴老师", "钱经审", "李主席")],
            "另选他人最多 2 人（与应选名额相同），现选了 3 人。",
        ),
    ],
)
def test_the_ballot_refuses_a_write_in_outside_the_choices(
    world, election, client_for, posted, message
):
    e = election
    page = _vote(client_for(world.member), e, posted(world, e)).content.decode()
    assert message in page and 'id="ballot"' in page
    assert not ElectionMark.objects.exists() and ELECTIONS.sealed_count(e) == 0


def test_a_member_who_left_is_no_write_in(world, election, client_for):
    e = election
    wu = world.members["吴老师"]
    Member.objects.filter(pk=wu.pk).update(status=MemberStatus.LEFT)
    page = _vote(client_for(world.member), e, [wu.pk]).content.decode()
    assert "另选他人须是不在选票上的本工会在册会员。" in page
    assert not ElectionMark.objects.exists()


def test_the_service_refuses_more_write_ins_than_seats(world, election):
    e = election
    cands = list(e.candidates.order_by("order"))
    with pytest.raises(ValidationError) as exc:
        services.election_cast(
            actor=world.member,
            election=e,
            choices={x.pk: "no" for x in cands},
            write_ins=[world.members[n] for n in ("吴老师", "钱经审", "李主席")],
        )
    assert exc.value.messages == ["另选他人最多 2 人（与应选名额相同）。"]
    assert not ElectionMark.objects.exists()


def test_a_write_in_leaves_no_more_trace_of_the_voter_than_a_ballot_without(
    world, ballot_day, client_for
):
    c, e = ballot_day
    before = AuditEntry.objects.count()
    voter = client_for(world.member)
    assert _titles(write_ins(voter, e, "wu")) == ["吴老师"]  # searching writes nothing
    assert AuditEntry.objects.count() == before
    wu = world.members["吴老师"]
    assert "您已投票，谢谢。" in _vote(voter, e, [wu.pk]).content.decode()
    plain = client_for(c.user(c.reps[4]))
    assert "您已投票，谢谢。" in _vote(plain, e, []).content.decode()
    # The same entry with or without a write-in: that each voted.
    entries = AuditEntry.objects.filter(action="election.vote").order_by("id")
    assert [x.changes for x in entries] == [
        {"voted": [None, "周会员"]},
        {"voted": [None, "代表005"]},
    ]
    services.election_close(actor=world.chair, election=e)
    row = next(r for r in queries.result(e).rows if r.member_id == wu.pk)
    assert (row.on_ballot, row.yes) == (False, 1)


# --- 附议人 --------------------------------------------------------------------------------


@pytest.fixture
def sitting_reps(world):
    return collecting(world)


def cosigners(client, sitting, q: str = ""):
    return client.get(PICK, {"for": "cosigner", "item": sitting.pk, "q": q})


def test_a_proposer_finds_the_other_seated_representatives_only(world, sitting_reps, client_for):
    sitting, _ = sitting_reps
    proposer = client_for(world.member)  # 周会员
    assert _titles(cosigners(proposer, sitting)) == ["代表004", "代表005", "孙组长", "赵财务"]
    assert _titles(cosigners(proposer, sitting, "zhou")) == []  # not themself
    assert _titles(cosigners(proposer, sitting, "wu")) == []  # a member, not a representative
    assert _titles(cosigners(proposer, sitting, "语文")) == ["代表005", "孙组长"]
    assert _titles(cosigners(proposer, sitting, "5678")) == []  # no numbers
    # The secretariat is no representative; a treasurer neither; the hospital is elsewhere.
    assert cosigners(client_for(world.committee), sitting).status_code == 403
    assert cosigners(client_for(world.outsider), sitting).status_code == 404
    url = f"/unions/hospital/members/pick/?for=cosigner&item={sitting.pk}"
    assert client_for(world.outsider).get(url).status_code == 404


PROPOSAL = {"title": "关于食堂的提案", "reason": "理由", "measures": "措施"}


@pytest.mark.parametrize(
    "posted",
    [
        lambda w, reps: [reps[0].member_id, reps[1].member_id],  # the proposer
        lambda w, reps: [w.members["吴老师"].pk, reps[1].member_id],  # no representative
        lambda w, reps: [w.members["郑护士"].pk, reps[1].member_id],  # another union's
        lambda w, reps: ["abc", reps[1].member_id],
        lambda w, reps: [reps[1].pk + 100000, reps[1].member_id],
        lambda w, reps: ["9" * 30, reps[1].member_id],
    ],
)
def test_the_proposal_form_refuses_a_cosigner_outside_the_term(
    world, sitting_reps, client_for, posted
):
    sitting, reps = sitting_reps
    url = reverse("congress:proposal_new", args=[sitting.pk])
    response = client_for(world.member).post(url, {**PROPOSAL, "cosigners": posted(world, reps)})
    assert response.status_code == 200
    assert "附议人须是本届在任的其他职工代表。" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_proposal_form_shown_again_keeps_its_cosigners_as_chips(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    url = reverse("congress:proposal_new", args=[sitting.pk])
    page = client_for(world.member).post(
        url, {**PROPOSAL, "title": "", "cosigners": [reps[1].member_id]}
    )
    html = page.content.decode()
    assert f'value="{reps[1].member_id}">孙组长（语文组）' in html
    assert "这个字段是必填项。" in html  # the 案由 was missing; the co-signer stays chosen
