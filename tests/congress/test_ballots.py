"""The secret-ballot core (congress/ballots.py) on its own: the model contract a kind of vote
must keep, the voter rule in its order, the mark and the ballot in one transaction, the
shuffle keeping each ballot whole, paper counts (figures, void, the kind's own counts) and
re-votes. The kinds' own behaviour is tested in test_polls_*, test_evaluation_*,
test_elections_*."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction

from gonghui.congress import ballots
from gonghui.congress.ballots import ELECTIONS, EVALUATIONS, POLLS, BallotBox, Figures, Sheet
from gonghui.congress.models import (
    Ballot,
    BallotMark,
    CheckIn,
    EvaluationBallot,
    EvaluationMark,
    EvaluationRating,
    Poll,
    PollStatus,
    RepKind,
)
from gonghui.congress.queries import elections as election_queries
from gonghui.congress.queries import polls as poll_queries
from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import polls as poll_services
from gonghui.core.models import AuditEntry

from .support import seat
from .test_polls_fixtures import check_in, congress, open_poll


def _evaluation(world, c, names, *, on_paper=False, open=True):
    ev = evaluation_services.evaluation_create(
        actor=world.chair,
        sitting=c.sitting,
        title="评议",
        subjects=[(n, "") for n in names],
        on_paper=on_paper,
    )
    return evaluation_services.evaluation_open(actor=world.chair, evaluation=ev) if open else ev


# --- the contract a kind of vote keeps --------------------------------------------------------


def test_the_three_kinds_keep_the_contract_and_name_their_audit_actions():
    assert [b.name for b in (POLLS, EVALUATIONS, ELECTIONS)] == ["poll", "evaluation", "election"]
    # A paper count can void a motion or an election; an evaluation has no VOID state.
    assert (POLLS.voids, EVALUATIONS.voids, ELECTIONS.voids) == (True, False, True)


@pytest.mark.parametrize(
    ("kw", "wrong"),
    [
        # A check-in keeps a serial key, a time and the representative: no ballot.
        ({"ballot": CheckIn}, "congress.CheckIn needs a random UUID key"),
        ({"ballot": CheckIn}, "congress.CheckIn.at keeps a time"),
        ({"ballot": CheckIn}, "congress.CheckIn.representative names a voter"),
        # A mark that is not unique per voter would let a second ballot in.
        ({"mark": Ballot}, "congress.Ballot needs unique (poll, representative)"),
        ({"lines": CheckIn}, "congress.CheckIn needs a foreign key 'ballot'"),
        ({"mark": EvaluationMark}, "congress.EvaluationMark needs a foreign key 'poll'"),
        # Lines of unknown number could not be padded to one size while sealed.
        ({"lines": EvaluationRating}, "poll ballots have lines: most_lines is needed"),
    ],
)
def test_a_box_whose_models_could_break_the_secret_is_refused(kw, wrong):
    models = {"item": Poll, "ballot": Ballot, "mark": BallotMark, **kw}
    with pytest.raises(ImproperlyConfigured) as exc:
        BallotBox(words=POLLS.words, **models)
    assert wrong in str(exc.value)


def test_the_arithmetic_is_the_cores_and_the_queries_use_it():
    assert poll_queries.ratio is ballots.ratio is election_queries.ratio
    assert ballots.ratio("0.6667") == Fraction(2, 3)
    assert ballots.quorum_needed(90, Fraction(2, 3)) == 60
    assert ballots.majority_needed(90, Fraction(1, 2)) == 46
    assert ballots.ratio_label(Fraction(2, 3)) == "三分之二"


@pytest.mark.parametrize("value", [-1, "-1", 1.5, "1.5", None, "", True, "五"])
def test_a_paper_figure_is_a_whole_number_from_zero(value):
    with pytest.raises(ValidationError, match="收回票数须为不小于 0 的整数"):
        ballots.count(value, "收回票数")


def test_a_paper_figure_from_a_form_may_be_text():
    assert ballots.count("12", "发出票数") == 12
    assert ballots.count(0, "无效票数") == 0


def test_the_core_refuses_to_run_outside_the_services_transaction():
    # No database here, so no transaction: the guard answers before any query.
    with pytest.raises(RuntimeError, match="calling service's transaction"):
        POLLS.lock(Poll(pk=1))


# --- the voter rule -----------------------------------------------------------------------


def test_the_voter_rule_in_its_order(world):
    c = congress(world, 4, present=3)
    poll = poll_services.poll_create(actor=world.chair, sitting=c.sitting, title="议题")
    rep, absent = c.reps[0], c.reps[3]
    _, (observer,) = seat(world, 1, kind=RepKind.OBSERVER, term=c.term)
    check_in(c.sitting, [observer])
    assert POLLS.refusal(None, poll) == "您不是本届在任的职工代表，不能参加表决。"
    assert POLLS.refusal(observer, poll) == "列席代表不参加表决。"
    assert POLLS.refusal(rep, poll) == "本事项不在表决中。"
    poll = poll_services.poll_open(actor=world.chair, poll=poll)
    assert POLLS.refusal(absent, poll) == "您尚未报到，报到后才能参加表决。"
    check_in(c.sitting, [absent])  # after the opening: not counted present, may not vote
    assert POLLS.refusal(absent, poll) == "您在表决开始后才报到，不参加本次表决。"
    assert POLLS.refusal(rep, poll) == ""
    assert not POLLS.has_voted(rep, poll) and POLLS.marks_count(poll) == 0
    poll_services.vote_cast(actor=c.user(rep), poll=poll, choice="yes")
    assert POLLS.refusal(rep, poll) == "您已投过票。"
    assert POLLS.has_voted(rep, poll) and POLLS.marks_count(poll) == 1
    assert POLLS.voted_ids(rep, c.sitting) == {poll.pk}
    assert POLLS.voted_ids(None, c.sitting) == set()


def test_an_observer_on_a_paper_evaluation_is_told_they_do_not_rate(world):
    # One order for every kind: the seat first, then the kind of ballot.
    c = congress(world, 3)
    _, (observer,) = seat(world, 1, kind=RepKind.OBSERVER, term=c.term)
    ev = _evaluation(world, c, ["张明"], on_paper=True, open=False)
    assert EVALUATIONS.refusal(observer, ev) == "列席代表不参加评议。"
    assert EVALUATIONS.refusal(c.reps[0], ev).startswith("本次评议使用纸质评议票")


# --- the mark and the ballot ----------------------------------------------------------------


def test_only_a_person_casts_and_the_voter_is_cleared_under_the_lock(world):
    c = congress(world, 3)
    poll = open_poll(world, c)
    with transaction.atomic(), pytest.raises(PermissionDenied, match="代表本人"):
        POLLS.voter(actor=None, item=poll)
    with transaction.atomic(), pytest.raises(ValidationError, match="不是本届在任"):
        POLLS.voter(actor=world.chair, item=poll)
    with transaction.atomic():
        voter = POLLS.voter(actor=c.user(c.reps[0]), item=poll)
    assert voter.rep == c.reps[0] and voter.item.pk == poll.pk
    with transaction.atomic(), pytest.raises(TypeError):
        EVALUATIONS.cast(voter, Sheet())  # a voter of a poll is no voter of an evaluation


def test_the_mark_and_the_ballot_are_written_together_or_not_at_all(world):
    c = congress(world, 3)
    poll = open_poll(world, c)
    with pytest.raises(TypeError), transaction.atomic():
        voter = POLLS.voter(actor=c.user(c.reps[0]), item=poll)
        POLLS.cast(voter, Sheet(fields={"colour": "red"}))  # the ballot row cannot be written
    assert BallotMark.objects.count() == 0 and POLLS.sealed_count(poll) == 0
    with transaction.atomic():
        voter = POLLS.voter(actor=c.user(c.reps[0]), item=poll)
        POLLS.cast(voter, Sheet(fields={"choice": "no"}))
    # The same cleared voter again (as two requests racing past the rule would be): the
    # unique mark refuses the second ballot, and the transaction stays usable.
    with transaction.atomic():
        with pytest.raises(ValidationError, match="您已投过票"):
            POLLS.cast(voter, Sheet(fields={"choice": "yes"}))
        assert POLLS.sealed_count(poll) == 1
    entry = AuditEntry.objects.get(action="poll.vote")
    assert entry.changes == {"voted": [None, c.reps[0].member.name]}
    # Sealed while open; a plain row once the vote is closed.
    assert not Ballot.objects.exists()
    poll_services.poll_close(actor=world.chair, poll=poll)
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["no"]


def test_closing_opens_the_urn_into_whole_ballots(world):
    c = congress(world, 12)
    ev = _evaluation(world, c, ["张明", "李华", "王强"])
    subjects = list(ev.subjects.order_by("order"))
    sheets = [(i % 3, (i + 1) % 3, i // 4) for i in range(12)]  # each ballot its own pattern
    for rep, sheet in zip(c.reps, sheets, strict=True):
        ratings = {s.pk: level for s, level in zip(subjects, sheet, strict=True)}
        evaluation_services.evaluation_cast(actor=c.user(rep), evaluation=ev, ratings=ratings)
    # While open the ballots are sealed in the urn: no ballot or line row exists.
    assert EVALUATIONS.sealed_count(ev) == 12 and not EvaluationRating.objects.exists()
    evaluation_services.evaluation_close(actor=world.chair, evaluation=ev)
    assert EVALUATIONS.sealed_count(ev) == 0 and EvaluationBallot.objects.count() == 12
    order = {s.pk: i for i, s in enumerate(subjects)}
    after: dict = {}
    for ballot_id, subject_id, level in EvaluationRating.objects.values_list(
        "ballot_id", "subject_id", "level"
    ):
        after.setdefault(ballot_id, [0, 0, 0])[order[subject_id]] = level
    # Every ballot is still whole: the same sheets, each on one ballot.
    assert Counter(tuple(x) for x in after.values()) == Counter(sheets)
    assert EvaluationMark.objects.count() == 12


# --- paper counts, void and re-vote --------------------------------------------------------


def _paper(world, c, refuse=False, **kw):
    poll = open_poll(world, c, on_paper=True)
    seen = []

    def enter(item, valid):
        seen.append(valid)
        if refuse:
            raise ValidationError("计票结果不符。")
        item.paper_yes, item.paper_no, item.paper_abstain = valid, 0, 0
        return {"void_reason": [None, "（测试）"]}

    figures = {"issued": 3, "returned": 3, "invalid": 1, "scrutineers": "王委员"} | kw
    with transaction.atomic():
        poll = POLLS.paper(actor=world.chair, item=poll, figures=Figures(**figures), enter=enter)
    return poll, seen


def test_paper_figures_then_the_kinds_counts_on_the_valid_ballots(world):
    c = congress(world, 3)
    poll, seen = _paper(world, c)
    assert seen == [2] and poll.status == PollStatus.CLOSED and poll.paper_yes == 2
    entry = AuditEntry.objects.get(action="poll.paper")
    assert entry.changes["status"] == ["open", "closed"] and "void_reason" in entry.changes


def test_a_refused_count_leaves_the_vote_open(world):
    c = congress(world, 3)
    with pytest.raises(ValidationError, match="计票结果不符"):
        _paper(world, c, refuse=True)
    poll = Poll.objects.get()
    assert poll.status == PollStatus.OPEN and poll.issued is None
    assert not AuditEntry.objects.filter(action="poll.paper").exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"invalid": 4}, "无效票 4 张多于收回的 3 张"),
        ({"issued": 4, "returned": 4}, "发出选票 4 张多于开始表决时实到的 3 名代表"),
        ({"scrutineers": " "}, "请填写监票人、计票人"),
        ({"issued": -1}, "发出票数须为不小于 0 的整数"),
    ],
)
def test_the_figures_are_checked_before_the_kinds_counts(world, kw, message):
    c = congress(world, 3)
    with pytest.raises(ValidationError, match=message):
        _paper(world, c, **kw)


def test_more_returned_than_issued_voids_without_asking_the_kind(world):
    c = congress(world, 3)
    poll, seen = _paper(world, c, returned=4)
    assert poll.status == PollStatus.VOID and seen == []
    entry = AuditEntry.objects.get(action="poll.paper")
    assert entry.changes["void_reason"] == [None, "收回 4 张多于发出 3 张，表决无效"]


def test_a_kind_without_void_refuses_more_returned_than_issued(world):
    c = congress(world, 3)
    ev = _evaluation(world, c, ["张明"], on_paper=True)
    with transaction.atomic(), pytest.raises(ValidationError, match="（发出 3 张，收回 4 张）"):
        EVALUATIONS.paper(
            actor=world.chair,
            item=ev,
            figures=Figures(issued=3, returned=4, invalid=0, scrutineers="王委员"),
            enter=lambda item, valid: pytest.fail("the kind is not asked"),
        )


def test_a_revote_needs_a_void_item_and_an_open_sitting(world):
    c = congress(world, 3)
    poll, _ = _paper(world, c)
    made = []

    def again(item, sitting):
        made.append(sitting.pk)
        new = Poll.objects.create(sitting=sitting, order=item.order + 1, title=item.title)
        return new, {"revote_of": [None, item.title]}

    with transaction.atomic(), pytest.raises(ValidationError, match="当前状态：已结束"):
        POLLS.revote(actor=world.chair, item=poll, again=again)
    void, _ = _paper(world, c, returned=4)
    with transaction.atomic():
        new = POLLS.revote(actor=world.chair, item=void, again=again)
    assert made == [c.sitting.pk] and new.status == PollStatus.DRAFT
    entry = AuditEntry.objects.get(action="poll.revote")
    assert entry.object_id == str(new.pk) and entry.changes == {"revote_of": [None, void.title]}
    c.sitting.status = "closed"
    c.sitting.save()
    with (
        transaction.atomic(),
        pytest.raises(ValidationError, match="本次会议已闭会，不能再重新表决"),
    ):
        POLLS.revote(actor=world.chair, item=void, again=again)


def test_opening_asks_the_kinds_own_check_before_the_quorum(world):
    c = congress(world, 3, present=1)
    poll = poll_services.poll_create(actor=world.chair, sitting=c.sitting, title="议题")

    def check(item):
        raise ValidationError("本事项的自身条件不满足。")

    with transaction.atomic(), pytest.raises(ValidationError, match="自身条件"):
        POLLS.open(actor=world.chair, item=poll, check=check)
    with transaction.atomic(), pytest.raises(ValidationError, match="需 2 人"):
        POLLS.open(actor=world.chair, item=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT and poll.present is None
