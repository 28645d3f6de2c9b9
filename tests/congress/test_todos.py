"""The congress's 待办 on the 工作台: a vote waits for exactly the representatives the voter
rule lets cast it (seated, voting, checked in before it opened, not yet voted), and the
secretariat sees proposals past their deadline."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.congress import todos
from gonghui.congress.models import (
    CheckIn,
    Election,
    Evaluation,
    Poll,
    ProposalStatus,
    RepKind,
    RepStatus,
)
from gonghui.congress.services import polls as services
from gonghui.core import todo

from .proposal_world import assigned, collecting
from .test_polls_fixtures import check_in, congress, open_poll


def waiting(user, union) -> list[tuple[str, int]]:
    return [(t.text, t.count) for t in todos.votes(user, union)]


def test_an_open_poll_waits_for_the_checked_in_representative_until_they_vote(world):
    c = congress(world, 3)
    poll = open_poll(world, c)
    [line] = todos.votes(world.member, world.school)
    assert (line.text, line.count, line.url) == ("待表决的事项", 1, poll.get_absolute_url())
    assert waiting(world.chair, world.school) == []  # not a representative
    assert waiting(world.member, world.hospital) == []
    services.vote_cast(actor=world.member, poll=poll, choice="yes")
    assert waiting(world.member, world.school) == []


def test_no_vote_waits_where_the_voter_rule_refuses(world):
    c = congress(world, 3, present=0)
    check_in(c.sitting, c.reps[1:])
    poll = open_poll(world, c)
    assert waiting(world.member, world.school) == []  # not checked in
    check_in(c.sitting, c.reps[:1])
    assert waiting(world.member, world.school) == []  # checked in after it opened
    later = open_poll(world, c, title="第二项")
    assert waiting(world.member, world.school) == [("待表决的事项", 1)]
    assert todos.votes(world.member, world.school)[0].url == later.get_absolute_url()
    Poll.objects.filter(pk=later.pk).update(on_paper=True)
    assert waiting(world.member, world.school) == []  # paper ballots are handed out
    Poll.objects.filter(pk=later.pk).update(on_paper=False, status="closed")
    assert waiting(world.member, world.school) == []
    Poll.objects.filter(pk__in=[poll.pk, later.pk]).update(status="open")
    rep = c.reps[0]
    rep.__class__.objects.filter(pk=rep.pk).update(kind=RepKind.OBSERVER)
    assert waiting(world.member, world.school) == []  # 列席代表 do not vote
    rep.__class__.objects.filter(pk=rep.pk).update(kind=RepKind.VOTING, status=RepStatus.RECALLED)
    assert waiting(world.member, world.school) == []


def test_evaluations_and_elections_wait_alike_one_line_per_kind(world):
    c = congress(world, 3)
    now = timezone.now()
    open_poll(world, c)
    for n in range(2):
        Evaluation.objects.create(
            sitting=c.sitting, title=f"评议{n}", threshold="0.6", status="open", opened_at=now
        )
    election = Election.objects.create(
        sitting=c.sitting, title="选举", seats=3, status="open", opened_at=now
    )
    assert waiting(world.member, world.school) == [
        ("待表决的事项", 1),
        ("待参加的民主评议", 2),
        ("待投票的选举", 1),
    ]
    CheckIn.objects.filter(representative=c.reps[0]).update(at=now + datetime.timedelta(minutes=5))
    assert waiting(world.member, world.school) == []
    Election.objects.filter(pk=election.pk).update(opened_at=now + datetime.timedelta(hours=1))
    assert waiting(world.member, world.school) == [("待投票的选举", 1)]


def test_overdue_proposals_wait_for_the_secretariat(world):
    sitting, reps = collecting(world)
    proposal = assigned(world, sitting, reps)
    assert todos.overdue_proposals(world.committee, world.school) == []
    type(proposal).objects.filter(pk=proposal.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    [line] = todos.overdue_proposals(world.committee, world.school)
    assert (line.text, line.count) == ("超期未答复的提案", 1)
    assert line.url.endswith("?status=overdue")
    assert todos.overdue_proposals(world.member, world.school) == []  # no congress.manage
    type(proposal).objects.filter(pk=proposal.pk).update(status=ProposalStatus.CLOSED)
    assert todos.overdue_proposals(world.committee, world.school) == []


def test_the_congress_sources_are_registered(world):
    assert todos.votes in todo.SOURCES
    assert todos.overdue_proposals in todo.SOURCES
