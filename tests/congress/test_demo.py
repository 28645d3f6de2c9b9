"""The demo school's congress: representatives, a sitting under way, proposals in every
state, a finished paper vote and an open one the demo member can still vote in."""

from django.core.management import call_command

from gonghui.congress.models import (
    BallotMark,
    CongressTerm,
    Poll,
    PollStatus,
    Proposal,
    ProposalStatus,
    RepKind,
)
from gonghui.congress.queries.polls import result
from gonghui.core import audit
from gonghui.core.models import User


def test_the_demo_school_has_a_congress_under_way(db, client, capsys):
    call_command("demo")
    term = CongressTerm.objects.get(union__code="demo-school")
    assert str(term) == "第八届教职工代表大会"
    assert term.representatives.filter(kind=RepKind.VOTING).count() >= 30
    assert term.representatives.filter(kind=RepKind.OBSERVER).exists()
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {
        ProposalStatus.DRAFT,
        ProposalStatus.SUBMITTED,
        ProposalStatus.REJECTED,
        ProposalStatus.MERGED,
        ProposalStatus.ASSIGNED,
        ProposalStatus.REHANDLING,
        ProposalStatus.CLOSED,
    } <= statuses
    paper = Poll.objects.get(on_paper=True)
    assert paper.status == PollStatus.CLOSED and result(paper).passed
    live = Poll.objects.get(status=PollStatus.OPEN)
    # huiyuan (a seated, checked-in representative) has not voted yet and can, on the page.
    huiyuan = User.objects.get(username="huiyuan")
    client.force_login(huiyuan)
    assert "待表决的事项" in client.get("/").content.decode()
    client.post(f"/congress/polls/{live.pk}/vote/", {"choice": "yes"})
    assert BallotMark.objects.filter(poll=live, representative__member__user=huiyuan).exists()
    assert live.ballots.count() == 6
    assert audit.verify().ok
