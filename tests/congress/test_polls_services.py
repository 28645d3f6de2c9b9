"""Votes on motions: quorum and majority boundaries, secrecy, one ballot each, paper counts."""

from __future__ import annotations

import threading
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.congress import todos
from gonghui.congress.ballots import POLLS
from gonghui.congress.models import (
    Ballot,
    BallotMark,
    CheckIn,
    PollStatus,
    RepKind,
)
from gonghui.congress.queries import polls as queries
from gonghui.congress.services import polls as services
from gonghui.core.models import AuditEntry

from .support import seat
from .test_polls_fixtures import cast, check_in, congress, open_poll

MOTION = "关于《教职工绩效工资分配方案》的决议"


# --- quorum and majority boundaries ---------------------------------------------------


def test_59_of_90_cannot_open_votes_and_the_message_shows_the_arithmetic(world):
    c = congress(world, 90, present=59)
    poll = services.poll_create(actor=world.chair, sitting=c.sitting, title=MOTION)
    with pytest.raises(ValidationError) as exc:
        services.poll_open(actor=world.chair, poll=poll)
    assert exc.value.messages == [
        "应到 90 人，实到 59 人，不足三分之二（需 60 人），不能开始表决。"
    ]
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT and poll.present is None


def test_60_of_90_opens_and_fixes_the_figures(world):
    c = congress(world, 90, present=60)
    poll = open_poll(world, c)
    assert poll.status == PollStatus.OPEN
    assert (poll.seated, poll.present) == (90, 60)
    assert queries.ratio(poll.quorum) == Fraction(2, 3)
    assert queries.ratio(poll.majority) == Fraction(1, 2)


def test_observers_and_ended_seats_are_not_counted(world):
    c = congress(world, 3)
    _, observers = seat(world, 2, kind=RepKind.OBSERVER, term=c.term)
    check_in(c.sitting, observers)
    poll = open_poll(world, c)
    assert (poll.seated, poll.present) == (3, 3)


@pytest.mark.parametrize("present", [60, 90])
@pytest.mark.parametrize(("yes", "passed"), [(45, False), (46, True)])
def test_majority_is_of_all_seated_whatever_the_number_present(world, present, yes, passed):
    c = congress(world, 90, present=present)
    poll = open_poll(world, c)
    others = present - yes
    cast(c, poll, ["yes"] * yes + ["no"] * (others // 2) + ["abstain"] * (others - others // 2))
    services.poll_close(actor=world.chair, poll=poll)
    r = queries.result(poll)
    assert (r.yes, r.needed, r.passed) == (yes, 46, passed)
    assert r.valid == present
    pct = "66.7%" if present == 60 else "100.0%"
    assert (
        r.arithmetic[0]
        == f"应到代表 90 人，实到 {present} 人，出席率 {pct}，符合三分之二以上的要求"
    )
    if passed:
        assert r.arithmetic[-1] == "赞成 46 票 > 全体代表 90 人的半数 45 人，通过"
    else:
        assert (
            r.arithmetic[-1] == "赞成 45 票，未超过全体代表 90 人的半数 45 人（需 46 票），未通过"
        )


@given(seated=st.integers(1, 500), num=st.integers(1, 9), den=st.integers(2, 10))
@settings(max_examples=300, deadline=None)
def test_needed_figures_are_exact_at_every_size(seated, num, den):
    r = Fraction(num, den)
    if r >= 1:
        return
    need = queries.quorum_needed(seated, r)
    assert need >= r * seated > need - 1  # fewest present that reach the share
    m = queries.majority_needed(seated, r)
    assert m > r * seated >= m - 1  # fewest yes strictly above the share
    # The four-place stored ratio gives back the same fraction.
    assert queries.ratio(round(r.numerator / r.denominator, 4)) == r


# --- who may vote -----------------------------------------------------------------------


def test_a_checked_in_representative_votes_once_and_the_audit_keeps_no_choice(world):
    c = congress(world, 3)
    poll = open_poll(world, c)
    services.vote_cast(actor=world.member, poll=poll, choice="no")
    with pytest.raises(ValidationError, match="您已投过票"):
        services.vote_cast(actor=world.member, poll=poll, choice="yes")
    assert POLLS.sealed_count(poll) == 1
    assert BallotMark.objects.filter(poll=poll).count() == 1
    services.poll_close(actor=world.chair, poll=poll)
    assert list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == ["no"]
    entry = AuditEntry.objects.get(action="poll.vote")
    assert entry.changes == {"voted": [None, "周会员"]}
    text = str(entry.changes) + entry.object_repr + entry.object_id
    assert "no" not in text.replace("None", "") and "反对" not in text


def test_a_member_who_is_no_representative_cannot_vote(world):
    c = congress(world, 3, named=())
    poll = open_poll(world, c)
    with pytest.raises(ValidationError, match="不是本届在任的职工代表"):
        services.vote_cast(actor=world.member, poll=poll, choice="yes")
    assert not Ballot.objects.exists()


def test_an_observer_cannot_vote(world):
    c = congress(world, 3, named=())
    seat(world, 0, named=("周会员",), kind=RepKind.OBSERVER, term=c.term)
    check_in(c.sitting, c.term.representatives.filter(kind=RepKind.OBSERVER))
    poll = open_poll(world, c)
    with pytest.raises(ValidationError, match="列席代表不参加表决"):
        services.vote_cast(actor=world.member, poll=poll, choice="yes")
    assert not Ballot.objects.exists()


def test_a_representative_not_checked_in_cannot_vote(world):
    c = congress(world, 3, present=0)
    check_in(c.sitting, c.reps[1:])
    poll = open_poll(world, c)
    with pytest.raises(ValidationError, match="尚未报到"):
        services.vote_cast(actor=world.member, poll=poll, choice="yes")
    assert not BallotMark.objects.exists()


def test_the_outsider_cannot_run_the_votes(world):
    c = congress(world, 3)
    with pytest.raises(PermissionDenied):
        services.poll_create(actor=world.outsider, sitting=c.sitting, title=MOTION)
    poll = services.poll_create(actor=world.committee, sitting=c.sitting, title=MOTION)
    with pytest.raises(PermissionDenied):
        services.poll_open(actor=world.outsider, poll=poll)
    with pytest.raises(PermissionDenied):
        services.poll_open(actor=world.member, poll=poll)


def test_votes_open_only_while_the_sitting_is_open(world):
    c = congress(world, 3)
    c.sitting.status = "noticed"
    c.sitting.save()
    poll = services.poll_create(actor=world.chair, sitting=c.sitting, title=MOTION)
    with pytest.raises(ValidationError, match="尚未宣布开会"):
        services.poll_open(actor=world.chair, poll=poll)


def test_items_are_numbered_in_order(world):
    c = congress(world, 3)
    orders = [
        services.poll_create(actor=world.chair, sitting=c.sitting, title=t).order
        for t in ("工作报告", "财务报告", "提案工作报告")
    ]
    assert orders == [1, 2, 3]


# --- closing, hiding, recounting --------------------------------------------------------


def test_a_closed_poll_takes_no_more_ballots_and_recount_matches(world):
    c = congress(world, 10)
    poll = open_poll(world, c)
    cast(c, poll, ["yes"] * 5 + ["no"] * 2 + ["abstain"] * 2)
    services.poll_close(actor=world.chair, poll=poll)
    with pytest.raises(ValidationError, match="不在表决中"):
        services.vote_cast(actor=c.user(c.reps[9]), poll=poll, choice="yes")
    r = queries.result(poll)
    again = queries.recount(poll)
    assert (again["yes"], again["no"], again["abstain"]) == (r.yes, r.no, r.abstain) == (5, 2, 2)
    assert again["ballots"] == again["marks"] == 9
    assert r.passed is False  # 5 of 10 seated is not more than half


def test_ballots_in_key_order_or_row_order_do_not_follow_the_casting(world):
    c = congress(world, 24)
    poll = open_poll(world, c)
    cast_order = ["yes"] * 12 + ["no"] * 12
    cast(c, poll, cast_order)
    services.poll_close(actor=world.chair, poll=poll)
    by_key = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("choice", flat=True))
    physical = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT choice FROM congress_ballot WHERE poll_id = %s ORDER BY {physical}", [poll.pk]
        )
        by_row = [row[0] for row in cur.fetchall()]
    # Either listing matching the casting order has odds of 1 in C(24,12) = 2,704,156.
    assert sorted(by_key) == sorted(cast_order)
    assert by_key != cast_order and by_row != cast_order
    marks = set(BallotMark.objects.filter(poll=poll).values_list("pk", flat=True))
    assert not marks & set(Ballot.objects.values_list("pk", flat=True))


def test_the_ballot_tables_keep_no_voter_and_no_time():
    from django.db import models as djm

    ballot = {f.name for f in Ballot._meta.get_fields()}
    mark = {f.name for f in BallotMark._meta.get_fields()}
    assert ballot == {"id", "poll", "choice"}
    assert mark == {"id", "poll", "representative"}
    for model in (Ballot, BallotMark):
        for f in model._meta.get_fields():
            assert not isinstance(f, djm.DateField | djm.DateTimeField | djm.TimeField)
            assert not isinstance(f, djm.AutoField | djm.BigAutoField)  # no counting key
    for banned in ("user", "representative", "member", "voter", "time", "date", "created"):
        assert not any(banned in name for name in ballot)
    for name in ballot | mark:
        assert not name.endswith("_at") and name != "at"
    assert not any(word in name for name in mark for word in ("choice", "time", "date"))


# --- paper ballots ----------------------------------------------------------------------


def test_paper_counts_close_the_poll(world):
    c = congress(world, 90, present=80)
    poll = open_poll(world, c, on_paper=True)
    with pytest.raises(ValidationError, match="纸质选票"):
        services.vote_cast(actor=world.member, poll=poll, choice="yes")
    services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=80,
        returned=79,
        invalid=1,
        yes=60,
        no=10,
        abstain=8,
        scrutineers="王委员、孙组长",
    )
    poll.refresh_from_db()
    r = queries.result(poll)
    assert poll.status == PollStatus.CLOSED and r.passed and r.valid == 78
    assert "发出选票 80 张，收回 79 张，有效 78 张，无效 1 张" in r.arithmetic


def test_paper_counts_that_do_not_add_up_are_refused(world):
    c = congress(world, 90, present=80)
    poll = open_poll(world, c, on_paper=True)
    with pytest.raises(ValidationError) as exc:
        services.poll_paper(
            actor=world.chair,
            poll=poll,
            issued=80,
            returned=79,
            invalid=1,
            yes=60,
            no=10,
            abstain=9,
            scrutineers="王委员",
        )
    assert "有效票 78 张" in exc.value.messages[0] and "合计 79 张" in exc.value.messages[0]
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and poll.paper_yes is None


def test_more_returned_than_issued_voids_the_poll_with_its_reason(world):
    c = congress(world, 90, present=80)
    poll = open_poll(world, c, on_paper=True)
    services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=80,
        returned=81,
        invalid=0,
        yes=70,
        no=11,
        abstain=0,
        scrutineers="王委员",
    )
    poll.refresh_from_db()
    r = queries.result(poll)
    assert poll.status == PollStatus.VOID and r.void and not r.passed
    assert "本次表决无效" in r.arithmetic[-1]
    entry = AuditEntry.objects.filter(action="poll.paper").get()
    assert "收回 81 张多于发出 80 张" in entry.changes["void_reason"][1]


# --- 50 at once -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_casting_for_one_representative_make_one_ballot(world):
    c = congress(world, 3)
    poll = open_poll(world, c)
    threads = 50 if connection.vendor == "postgresql" else 8  # SQLite serialises writers
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def vote():
        try:
            barrier.wait()
            services.vote_cast(actor=world.member, poll=poll, choice="yes")
            outcome = "ok"
        except ValidationError as exc:
            outcome = exc.messages[0]
        except Exception as exc:  # a lock timeout must show in the assert
            outcome = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    workers = [threading.Thread(target=vote) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert outcomes.count("ok") == 1, outcomes
    refused = {"您已投过票。"}
    if connection.vendor == "sqlite":
        # The in-memory test database of SQLite refuses a concurrent writer outright
        # ("table is locked") instead of queueing it: still no second ballot.
        refused.add("OperationalError('database table is locked')")
    assert set(outcomes) - {"ok"} <= refused
    assert len(outcomes) == threads
    assert POLLS.sealed_count(poll) == 1
    assert BallotMark.objects.filter(poll=poll).count() == 1
    assert CheckIn.objects.count() == 3


def test_a_representative_checking_in_after_the_opening_does_not_vote_in_that_item(world):
    c = congress(world, 4, present=0)
    check_in(c.sitting, c.reps[1:])
    poll = open_poll(world, c)
    check_in(c.sitting, c.reps[:1])
    with pytest.raises(ValidationError, match="表决开始后才报到"):
        services.vote_cast(actor=world.member, poll=poll, choice="yes")
    # The next item counts them present and lets them vote.
    later = open_poll(world, c, title="第二项")
    assert later.present == 4
    services.vote_cast(actor=world.member, poll=later, choice="yes")
    assert POLLS.sealed_count(later) == 1 and POLLS.sealed_count(poll) == 0


def test_the_workbench_lists_votes_waiting_for_the_representative(world):
    c = congress(world, 3)
    poll = open_poll(world, c)
    waiting = todos.votes(world.member, world.school)
    assert [(t.text, t.count) for t in waiting] == [("待表决的事项", 1)]
    assert todos.votes(world.chair, world.school) == []
    services.vote_cast(actor=world.member, poll=poll, choice="yes")
    assert todos.votes(world.member, world.school) == []


@given(choices=st.lists(st.sampled_from(["yes", "no", "abstain"]), max_size=12))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_sequence_of_ballots_recounts_to_the_result(world, choices):
    # One congress for all examples (the database is not rolled back between them).
    c = getattr(world, "_polls_congress", None) or congress(world, 12)
    world.__dict__["_polls_congress"] = c
    poll = open_poll(world, c, title=f"第{len(c.sitting.polls.all()) + 1}项")
    cast(c, poll, choices)
    services.poll_close(actor=world.chair, poll=poll)
    r = queries.result(poll)
    again = queries.recount(poll)
    expected = [choices.count(x) for x in ("yes", "no", "abstain")]
    assert [r.yes, r.no, r.abstain] == [again["yes"], again["no"], again["abstain"]] == expected
    assert again["ballots"] == again["marks"] == len(choices) == r.valid
    assert r.passed == (expected[0] >= 7)  # more than half of 12 seated
