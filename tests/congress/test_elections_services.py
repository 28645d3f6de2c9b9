"""Union committee elections: 差额, quorum, ballots over the seats, more than half of those
entitled, ties and empty seats to a run-off, paper counts, secrecy, the new committee."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from gonghui.congress.ballots import ELECTIONS
from gonghui.congress.models import (
    ElectionBallot,
    ElectionMark,
    ElectionStatus,
    ElectionVote,
    RepKind,
)
from gonghui.congress.queries import elections as queries
from gonghui.congress.services import elections as services
from gonghui.congress.services import settings as settings_services
from gonghui.core.models import AuditEntry
from gonghui.orgs import services as org_services
from gonghui.orgs.models import CommitteeTerm, Post

from .support import seat
from .test_polls_fixtures import check_in, congress

TITLE = "选举第九届工会委员会委员"


def new_election(world, c, seats=2, n=3, on_paper=False, start=0):
    members = [r.member for r in c.reps[start : start + n]]
    return services.election_create(
        actor=world.chair,
        sitting=c.sitting,
        title=TITLE,
        seats=seats,
        candidates=members,
        on_paper=on_paper,
    )


def opened(world, c, **kw):
    return services.election_open(actor=world.chair, election=new_election(world, c, **kw))


def ballot(c, e, rep, *marks, write_ins=()):
    """``rep`` votes: ``marks`` are the choices for the candidates in ballot order."""
    cands = list(e.candidates.filter(is_write_in=False).order_by("order"))
    return services.election_cast(
        actor=c.user(rep),
        election=e,
        choices={cand.pk: m for cand, m in zip(cands, marks, strict=True)},
        write_ins=list(write_ins),
    )


def paper(world, e, issued, returned, invalid, counts, write_ins=()):
    cands = list(e.candidates.filter(is_write_in=False).order_by("order"))
    return services.election_paper(
        actor=world.chair,
        election=e,
        issued=issued,
        returned=returned,
        invalid=invalid,
        counts={cand.pk: cnt for cand, cnt in zip(cands, counts, strict=True)},
        write_ins=list(write_ins),
        scrutineers="监票人 孙组长；计票人 李会计",
    )


# --- 差额 and quorum ----------------------------------------------------------------------


def test_as_many_candidates_as_seats_is_refused_with_the_surplus(world):
    c = congress(world, 10)
    with pytest.raises(ValidationError) as exc:
        new_election(world, c, seats=5, n=5)
    assert exc.value.messages == [
        "实行差额选举：应选 5 名，候选人至少 6 名（差额率不低于 5%），现有 5 名。"
    ]
    assert new_election(world, c, seats=5, n=6).candidates.count() == 6


def test_the_union_surplus_setting_raises_the_number_of_candidates(world):
    c = congress(world, 20)
    settings_services.congress_settings_update(
        actor=world.chair, union=world.school, election_surplus=Decimal("0.1")
    )
    with pytest.raises(ValidationError, match="候选人至少 13 名"):
        new_election(world, c, seats=11, n=12)
    assert new_election(world, c, seats=11, n=13).seats == 11


def test_candidates_must_be_members_of_the_union_in_good_standing(world):
    c = congress(world, 5)
    with pytest.raises(ValidationError, match="在会会员"):
        services.election_create(
            actor=world.chair,
            sitting=c.sitting,
            title=TITLE,
            seats=1,
            candidates=[c.reps[0].member, world.members["郑护士"]],
        )


def test_59_of_90_cannot_hold_the_election_60_can(world):
    c = congress(world, 90, present=59)
    e = new_election(world, c)
    with pytest.raises(ValidationError) as exc:
        services.election_open(actor=world.chair, election=e)
    assert exc.value.messages == [
        "应到有选举权 90 人，实到 59 人，不足三分之二（需 60 人），不能进行选举。"
    ]
    check_in(c.sitting, c.reps[59:60])
    e = services.election_open(actor=world.chair, election=e)
    assert (e.status, e.seated, e.present) == (ElectionStatus.OPEN, 90, 60)


def test_only_the_secretariat_runs_an_election(world):
    c = congress(world, 5)
    with pytest.raises(PermissionDenied):
        services.election_create(
            actor=world.member, sitting=c.sitting, title=TITLE, seats=1, candidates=[]
        )


# --- ballots -------------------------------------------------------------------------------


def test_a_ballot_approving_more_people_than_seats_is_invalid_and_counts_for_nobody(world):
    c = congress(world, 6)
    e = opened(world, c, seats=2, n=3)
    assert ballot(c, e, c.reps[0], "yes", "yes", "yes") is False
    assert ballot(c, e, c.reps[1], "yes", "no", "abstain") is True
    assert ballot(c, e, c.reps[2], "abstain", "abstain", "abstain") is True  # blank is valid
    writer = c.reps[3]
    assert ballot(c, e, writer, "yes", "no", "no", write_ins=[c.reps[5].member]) is True
    assert (
        ballot(
            c,
            e,
            c.reps[4],
            "yes",
            "no",
            "no",
            write_ins=[c.reps[5].member.pk, world.members["李主席"]],
        )
        is False
    )
    services.election_close(actor=world.chair, election=e)
    r = queries.result(e)
    assert (r.cast, r.invalid, r.valid) == (5, 2, 3)
    first = next(row for row in r.rows if row.member_id == c.reps[0].member_id)
    assert (first.yes, first.no, first.abstain) == (2, 0, 1)
    written = next(row for row in r.rows if row.member_id == c.reps[5].member_id)
    assert (written.on_ballot, written.yes) == (False, 1)
    assert "有效票 3 张，无效票 2 张（所选人数多于应选名额 2 名的为无效票）" in r.arithmetic


def test_a_ballot_must_answer_every_candidate_and_write_in_only_others(world):
    c = congress(world, 5)
    e = opened(world, c, seats=1, n=2)
    cands = list(e.candidates.order_by("order"))
    with pytest.raises(ValidationError, match="尚未选择"):
        services.election_cast(actor=c.user(c.reps[0]), election=e, choices={cands[0].pk: "yes"})
    with pytest.raises(ValidationError, match="不在候选人名单中"):
        ballot(c, e, c.reps[0], "no", "no", write_ins=[cands[0].member])
    assert not ElectionMark.objects.exists() and ELECTIONS.sealed_count(e) == 0


def test_one_ballot_each_only_checked_in_voting_representatives(world):
    c = congress(world, 6, present=5)
    _, observers = seat(world, 1, kind=RepKind.OBSERVER, term=c.term)
    check_in(c.sitting, observers)
    e = opened(world, c, seats=1, n=2)
    ballot(c, e, c.reps[0], "yes", "no")
    with pytest.raises(ValidationError, match="您已投过票"):
        ballot(c, e, c.reps[0], "yes", "no")
    with pytest.raises(ValidationError, match="尚未报到"):
        ballot(c, e, c.reps[5], "yes", "no")
    with pytest.raises(ValidationError, match="列席代表没有选举权"):
        ballot(c, e, observers[0], "yes", "no")
    assert ELECTIONS.sealed_count(e) == ElectionMark.objects.count() == 1
    entry = AuditEntry.objects.get(action="election.vote")
    assert "yes" not in str(entry.changes) and "赞成" not in str(entry.changes)


def test_results_are_hidden_until_the_count_and_no_ballot_after_it(world):
    c = congress(world, 4)
    e = opened(world, c, seats=1, n=2)
    ballot(c, e, c.reps[0], "yes", "no")
    assert queries.visible_result(e) is None
    e = services.election_close(actor=world.chair, election=e)
    with pytest.raises(ValidationError, match="不在投票中"):
        ballot(c, e, c.reps[1], "yes", "no")
    assert queries.visible_result(e).cast == 1


# --- more than half of those entitled; ties; empty seats ---------------------------------


@pytest.mark.parametrize(("yes", "elected"), [(45, False), (46, True)])
def test_more_than_half_of_all_entitled_whatever_the_number_present(world, yes, elected):
    c = congress(world, 90, present=70)
    e = opened(world, c, seats=1, n=2, on_paper=True)
    paper(world, e, 70, 70, 0, [(yes, 70 - yes, 0), (20, 50, 0)])
    r = queries.result(e)
    assert r.needed == 46
    assert [row.name for row in r.elected] == ([c.reps[0].member.name] if elected else [])
    assert "当选须获得超过应到有选举权人数 90 人半数（45 人）的赞成票，即至少 46 票" in r.arithmetic
    assert r.open_seats == (0 if elected else 1)


def test_the_most_votes_take_the_seats_among_those_over_half(world):
    c = congress(world, 10)
    e = opened(world, c, seats=2, n=4, on_paper=True)
    paper(world, e, 10, 10, 0, [(9, 1, 0), (6, 4, 0), (4, 6, 0), (1, 9, 0)])
    r = queries.result(e)
    assert [row.yes for row in r.elected] == [9, 6]
    assert not r.tied and r.open_seats == 0
    with pytest.raises(ValidationError, match="无需另行选举"):
        services.election_runoff(actor=world.chair, election=e)


def test_a_tie_at_the_last_seat_goes_to_a_runoff_among_the_tied(world):
    c = congress(world, 10)
    e = opened(world, c, seats=2, n=4, on_paper=True)
    paper(world, e, 10, 10, 0, [(8, 2, 0), (6, 4, 0), (6, 4, 0), (0, 10, 0)])
    r = queries.result(e)
    assert [row.yes for row in r.elected] == [8]
    assert sorted(row.name for row in r.tied) == sorted(m.member.name for m in c.reps[1:3])
    assert "须就其中 1 个名额另行选举" in r.arithmetic[-1]
    runoff = services.election_runoff(actor=world.chair, election=e)
    assert (runoff.round, runoff.seats, runoff.parent_id) == (2, 1, e.pk)
    assert {x.member_id for x in runoff.candidates.all()} == {r.member_id for r in c.reps[1:3]}
    runoff = services.election_open(actor=world.chair, election=runoff)
    paper(world, runoff, 10, 10, 0, [(6, 4, 0), (4, 6, 0)])
    assert [p.name for p in queries.winners(e)] == [c.reps[0].member.name, c.reps[1].member.name]


def test_empty_seats_go_to_a_runoff_of_the_next_in_line(world):
    c = congress(world, 10)
    e = opened(world, c, seats=3, n=5, on_paper=True)
    # Only one over half (6 of 10 needed); seats left: 2; next in line: 2 + 1 = 3 people.
    paper(world, e, 10, 10, 0, [(8, 2, 0), (5, 5, 0), (4, 6, 0), (3, 7, 0), (1, 9, 0)])
    r = queries.result(e)
    assert len(r.elected) == 1 and r.open_seats == 2
    assert "当选人数不足应选名额，缺额 2 名，可另行选举" in r.arithmetic[-1]
    runoff = services.election_runoff(actor=world.chair, election=e)
    assert runoff.seats == 2
    names = [x.member.name for x in runoff.candidates.order_by("order")]
    assert names == [r.member.name for r in c.reps[1:4]]


# --- paper ---------------------------------------------------------------------------------


def test_paper_counts_that_do_not_add_up_are_refused_and_nothing_is_kept(world):
    c = congress(world, 10)
    e = opened(world, c, seats=1, n=2, on_paper=True)
    with pytest.raises(ValidationError) as exc:
        paper(world, e, 10, 10, 1, [(5, 4, 1), (3, 3, 2)])
    assert "应等于有效票 9 张" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="每张有效票所选人数不能多于应选名额"):
        paper(world, e, 10, 10, 0, [(8, 2, 0), (7, 3, 0)])
    e.refresh_from_db()
    assert (
        e.status == ElectionStatus.OPEN
        and e.candidates.filter(paper_yes__isnull=False).count() == 0
    )


def test_paper_write_ins_are_counted_and_can_be_elected(world):
    c = congress(world, 10)
    e = opened(world, c, seats=1, n=2, on_paper=True)
    paper(world, e, 10, 10, 0, [(2, 8, 0), (1, 9, 0)], write_ins=[(c.reps[9].member_id, 7)])
    r = queries.result(e)
    assert [(p.name, p.on_ballot, p.yes) for p in r.elected] == [(c.reps[9].member.name, False, 7)]


def test_more_returned_than_issued_voids_the_election_and_it_is_held_again(world):
    c = congress(world, 10)
    e = opened(world, c, seats=1, n=2, on_paper=True)
    paper(world, e, 10, 11, 0, [(8, 3, 0), (3, 8, 0)])
    e.refresh_from_db()
    r = queries.result(e)
    assert e.status == ElectionStatus.VOID and r.void and not r.elected
    assert "本次选举无效，应重新选举" in r.arithmetic[-1]
    again = services.election_revote(actor=world.chair, election=e)
    assert again.status == ElectionStatus.DRAFT and again.candidates.count() == 2
    assert again.title.endswith("（重新选举）")


# --- secrecy -------------------------------------------------------------------------------


def test_the_election_ballot_tables_keep_no_voter_and_no_time():
    from django.db import models as djm

    for model, expected in (
        (ElectionBallot, {"id", "election", "valid", "votes"}),
        (ElectionVote, {"id", "ballot", "candidate", "write_in", "choice"}),
        (ElectionMark, {"id", "election", "representative"}),
    ):
        names = {f.name for f in model._meta.get_fields()}
        assert names == expected
        for f in model._meta.get_fields():
            assert not isinstance(f, djm.DateField | djm.DateTimeField | djm.TimeField)
            assert not isinstance(f, djm.AutoField | djm.BigAutoField)


def test_ballots_after_the_count_do_not_follow_the_casting_order(world):
    c = congress(world, 24)
    e = opened(world, c, seats=1, n=2)
    order = [("yes", "no")] * 12 + [("no", "yes")] * 12
    for rep, marks in zip(c.reps, order, strict=True):
        ballot(c, e, rep, *marks)
    first = e.candidates.get(order=1)
    services.election_close(actor=world.chair, election=e)
    by_key = list(
        ElectionVote.objects.filter(candidate=first)
        .order_by("ballot_id")
        .values_list("choice", flat=True)
    )
    physical = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT choice FROM congress_electionvote WHERE candidate_id = %s ORDER BY {physical}",
            [first.pk],
        )
        by_row = [row[0] for row in cur.fetchall()]
    casting = [m[0] for m in order]
    assert sorted(by_key) == sorted(casting)
    assert by_key != casting and by_row != casting
    r = queries.result(e)
    assert (r.rows[0].yes, r.rows[1].yes) == (12, 12)


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_voting_for_one_representative_make_one_ballot(world):
    c = congress(world, 3)
    e = opened(world, c, seats=1, n=2)
    threads = 50 if connection.vendor == "postgresql" else 8
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()
    user = c.user(c.reps[0])
    cands = list(e.candidates.order_by("order"))

    def vote():
        try:
            barrier.wait()
            services.election_cast(
                actor=user, election=e, choices={cands[0].pk: "yes", cands[1].pk: "no"}
            )
            outcome = "ok"
        except ValidationError as exc:
            outcome = exc.messages[0]
        except Exception as exc:
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
        refused.add("OperationalError('database table is locked')")
    assert set(outcomes) - {"ok"} <= refused
    assert ELECTIONS.sealed_count(e) == ElectionMark.objects.count() == 1


# --- the new committee ---------------------------------------------------------------------


def test_the_winners_become_the_new_committee_term_in_one_step(world):
    c = congress(world, 10)
    old = org_services.term_create(
        actor=world.chair,
        union=world.school,
        body="committee",
        number=8,
        elected_on=c.sitting.date.replace(year=2021),
        term_years=5,
    )
    e = opened(world, c, seats=2, n=3, on_paper=True)
    paper(world, e, 10, 10, 0, [(9, 1, 0), (8, 2, 0), (2, 8, 0)])
    with pytest.raises(PermissionDenied):
        services.election_commit(actor=world.member, election=e)
    term = services.election_commit(actor=world.chair, election=e)
    old.refresh_from_db()
    assert old.closed_on == c.sitting.date
    assert (term.number, term.elected_on, term.closed_on) == (9, c.sitting.date, None)
    posts = list(term.positions.values_list("member__name", "post"))
    assert sorted(posts) == sorted((r.member.name, Post.MEMBER) for r in c.reps[:2])
    with pytest.raises(ValidationError, match="已于此前组成"):
        services.election_commit(actor=world.chair, election=e)
    assert CommitteeTerm.objects.filter(union=world.school, closed_on=None).count() == 1


def test_a_runoff_still_to_count_holds_back_the_new_committee(world):
    c = congress(world, 10)
    e = opened(world, c, seats=2, n=4, on_paper=True)
    paper(world, e, 10, 10, 0, [(8, 2, 0), (6, 4, 0), (6, 4, 0), (0, 10, 0)])
    services.election_runoff(actor=world.chair, election=e)
    with pytest.raises(ValidationError, match="尚未计票"):
        services.election_commit(actor=world.chair, election=e)
