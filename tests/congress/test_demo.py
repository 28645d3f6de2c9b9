"""The demo school's congress: representatives, a sitting under way, proposals in every
state, a finished paper vote and an open one the demo member can still vote in."""

from django.core.management import call_command

from gonghui.congress.models import (
    BallotMark,
    CongressTerm,
    Election,
    ElectionStatus,
    Evaluation,
    EvaluationStatus,
    Poll,
    PollStatus,
    Proposal,
    ProposalStatus,
    RepKind,
)
from gonghui.congress.queries.elections import result as election_result
from gonghui.congress.queries.evaluation import result as evaluation_result
from gonghui.congress.queries.polls import result
from gonghui.core import audit
from gonghui.core.models import User


def test_the_demo_school_has_a_congress_under_way(empty_db, client, capsys):
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
        ProposalStatus.ACCEPTED,
        ProposalStatus.SUGGESTION,
        ProposalStatus.ANSWERED,
        ProposalStatus.WITHDRAWN,
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


def test_the_demo_sitting_has_an_evaluation_and_an_election_counted(empty_db):
    call_command("demo")
    evaluation = Evaluation.objects.get(sitting__term__union__code="demo-school")
    table = evaluation_result(evaluation)
    assert evaluation.status == EvaluationStatus.CLOSED and evaluation.on_paper
    assert len(table.rows) == 5 and len(table.highlighted) == 1
    assert all(row.valid == evaluation.returned - evaluation.invalid for row in table.rows)
    election = Election.objects.get(sitting__term__union__code="demo-school")
    count = election_result(election)
    assert election.status == ElectionStatus.CLOSED
    assert (len(count.elected), count.open_seats) == (7, 0)
    assert count.rows[-1].outcome == "未过半数"
