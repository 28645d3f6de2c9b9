"""The vote pages as a representative and the secretariat see them: the proposal a poll
puts to the vote is linked from the ballot page, the breadcrumbs link only pages the user
may open, and the 总监票人's PIN set at the opening is asked at the close."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.congress.models import Poll, PollStatus, Proposal, ProposalStatus
from gonghui.congress.services import elections as election_services
from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import polls as services

from .test_elections_services import new_election
from .test_evaluation_services import make as new_evaluation
from .test_polls_fixtures import congress


def _proposal(c, *, status=ProposalStatus.ACCEPTED, number=3) -> Proposal:
    return Proposal.objects.create(
        sitting=c.sitting,
        number=number,
        proposer=c.reps[1],
        title="关于修订《教职工绩效工资分配方案》的提案",
        reason="现行方案未体现班主任工作量。",
        measures="增设班主任津贴。",
        status=status,
    )


def _crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="breadcrumb">(.*?)</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(1))


def test_the_ballot_page_links_the_proposal_put_to_the_vote(world, client_for):
    c = congress(world, 3)
    proposal = _proposal(c)
    chair = client_for(world.chair)
    form = chair.get(reverse("congress:poll_new", args=[c.sitting.pk])).content.decode()
    assert f'value="{proposal.pk}"' in form and "第3号 关于修订" in form
    chair.post(
        reverse("congress:poll_new", args=[c.sitting.pk]),
        {"title": "关于《教职工绩效工资分配方案》的决议", "proposal": proposal.pk},
    )
    poll = Poll.objects.get(sitting=c.sitting)
    assert poll.proposal == proposal
    services.poll_open(actor=world.chair, poll=poll)
    member = client_for(world.member)
    page = member.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    link = reverse("congress:proposal_detail", args=[proposal.pk])
    assert re.search(rf'id="poll-document">表决的提案：<a href="{link}">第3号 关于修订', page)
    assert 'id="ballot"' in page
    assert member.get(link).status_code == 200  # the representative can read it


@pytest.mark.parametrize(
    "status", [ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED]
)
def test_only_a_submitted_proposal_of_the_term_is_put_to_the_vote(world, status):
    c = congress(world, 3)
    with pytest.raises(ValidationError, match="只能表决本届已提交的提案"):
        services.poll_create(
            actor=world.chair, sitting=c.sitting, title="决议", proposal=_proposal(c, status=status)
        )
    assert not Poll.objects.exists()


def test_a_revote_puts_the_same_proposal_to_the_vote(world):
    c = congress(world, 3)
    proposal = _proposal(c)
    poll = services.poll_create(actor=world.chair, sitting=c.sitting, title="决议", on_paper=True)
    Poll.objects.filter(pk=poll.pk).update(proposal=proposal)
    poll = services.poll_open(actor=world.chair, poll=Poll.objects.get(pk=poll.pk))
    services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=3,
        returned=4,
        invalid=0,
        yes=4,
        no=0,
        abstain=0,
        scrutineers="王委员",
    )
    again = services.poll_revote(actor=world.chair, poll=Poll.objects.get(pk=poll.pk))
    assert again.proposal == proposal


def test_breadcrumbs_link_only_pages_the_user_may_open(world, client_for):
    c = congress(world, 3)
    poll = services.poll_open(
        actor=world.chair,
        poll=services.poll_create(actor=world.chair, sitting=c.sitting, title="决议"),
    )
    ev = evaluation_services.evaluation_open(actor=world.chair, evaluation=new_evaluation(world, c))
    el = election_services.election_open(
        actor=world.chair, election=new_election(world, c, seats=1, n=2)
    )
    pages = [
        reverse("congress:poll_detail", args=[poll.pk]),
        reverse("congress:poll_list", args=[c.sitting.pk]),
        reverse("congress:evaluation_detail", args=[ev.pk]),
        reverse("congress:evaluation_list", args=[c.sitting.pk]),
        reverse("congress:election_detail", args=[el.pk]),
        reverse("congress:election_list", args=[c.sitting.pk]),
    ]
    sitting_page = reverse("congress:sitting_detail", args=[c.sitting.pk])
    union_page = world.school.get_absolute_url()
    # A representative with no role (周会员 is a plain member): the union's and the
    # sitting's pages would answer 403, so they are named, not linked.
    member = client_for(world.member)
    assert member.get(sitting_page).status_code == 403
    for page in pages:
        html = member.get(page).content.decode()
        crumbs = _crumbs(html)
        assert union_page not in crumbs and sitting_page not in crumbs
        assert world.school.name in html and c.sitting.name in html
        for url in crumbs:
            assert member.get(url).status_code == 200, (page, url)
        # No inline handler: confirmations are data-confirm (the Content-Security-Policy).
        assert not re.search(r" on(click|submit)=", html)
    # The secretariat may open them all, and gets the links.
    chair = client_for(world.chair)
    for page in pages:
        html = chair.get(page).content.decode()
        crumbs = _crumbs(html)
        assert crumbs[:2] == [union_page, sitting_page]
        assert not re.search(r" on(click|submit)=", html)
        assert all(chair.get(url).status_code == 200 for url in crumbs)


def test_the_pin_set_at_the_opening_is_asked_at_the_close(world, client_for):
    c = congress(world, 3)
    poll = services.poll_create(actor=world.chair, sitting=c.sitting, title="决议")
    chair = client_for(world.chair)
    page = chair.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert 'name="pin"' in page  # optional when opening
    chair.post(reverse("congress:poll_action", args=[poll.pk, "open"]), {"pin": "8642-1357"})
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
    client_for(world.member).post(reverse("congress:poll_vote", args=[poll.pk]), {"choice": "no"})
    chair = client_for(world.chair)  # one test client: signed in as the chair again
    page = chair.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert 'placeholder="总监票人输入监票口令"' in page
    close = reverse("congress:poll_action", args=[poll.pk, "close"])
    r = chair.post(close, {"pin": "1111-2222"}, follow=True)
    assert "监票口令不正确" in r.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
    chair.post(close, {"pin": "8642-1357"})
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    page = chair.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert "反对 1 票" in page
