"""Democratic evaluation (民主评议): set-up, opening on the quorum, one secret ballot per
representative rating every manager, results hidden until the close, 满意率 arithmetic and
the highlight line."""

from __future__ import annotations

import threading
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.db import models as djm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.congress.ballots import EVALUATIONS
from gonghui.congress.models import (
    EvaluationBallot,
    EvaluationMark,
    EvaluationRating,
    EvaluationStatus,
)
from gonghui.congress.queries import evaluation as queries
from gonghui.congress.services import evaluation as services
from gonghui.core.models import AuditEntry

from .test_polls_fixtures import check_in, congress

MANAGERS = [("张明", "教务处主任"), ("李华", "总务处主任"), ("王强", "德育处副主任")]


def make(world, c, **kw):
    return services.evaluation_create(
        actor=world.chair,
        sitting=c.sitting,
        title="2026年度中层干部民主评议",
        subjects=kw.pop("subjects", MANAGERS),
        **kw,
    )


def opened(world, c, **kw):
    return services.evaluation_open(actor=world.chair, evaluation=make(world, c, **kw))


def ballot(ev, levels):
    subjects = list(ev.subjects.order_by("order"))
    return {s.pk: level for s, level in zip(subjects, levels, strict=True)}


def vote(c, ev, sheets):
    """The first ``len(sheets)`` representatives hand in a ballot each."""
    for rep, levels in zip(c.reps, sheets, strict=False):
        services.evaluation_cast(actor=c.user(rep), evaluation=ev, ratings=ballot(ev, levels))


# --- set-up and opening -----------------------------------------------------------------


def test_create_lists_the_managers_in_order_with_the_default_levels_and_line(world):
    c = congress(world, 3)
    ev = make(world, c)
    assert [(s.order, s.name, s.post) for s in ev.subjects.all()] == [
        (1, "张明", "教务处主任"),
        (2, "李华", "总务处主任"),
        (3, "王强", "德育处副主任"),
    ]
    assert ev.levels == ["满意", "基本满意", "不满意"] and ev.satisfied_levels == 2
    assert ev.threshold == Decimal("0.6000") and ev.status == EvaluationStatus.DRAFT
    entry = AuditEntry.objects.get(action="evaluation.create")
    assert "张明（教务处主任）" in entry.changes["subjects"][1]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"subjects": []}, "至少列出一名"),
        ({"levels": ["满意"]}, "2 至 6"),
        ({"levels": ["好", "好", "差"]}, "不能重复"),
        ({"satisfied_levels": 3}, "至少留 1 个"),
        ({"threshold": Decimal("1.5")}, "0 到 1"),
    ],
)
def test_bad_set_up_is_refused_and_nothing_is_written(world, kw, message):
    c = congress(world, 3)
    with pytest.raises(ValidationError, match=message):
        make(world, c, **kw)
    assert not c.sitting.evaluations.exists()


def test_the_outsider_and_a_plain_member_cannot_set_up_or_run_it(world):
    c = congress(world, 3)
    for user in (world.outsider, world.treasurer):
        with pytest.raises(PermissionDenied):
            services.evaluation_create(
                actor=user, sitting=c.sitting, title="评议", subjects=MANAGERS
            )
    ev = make(world, c)
    with pytest.raises(PermissionDenied):
        services.evaluation_open(actor=world.outsider, evaluation=ev)


def test_it_opens_only_with_two_thirds_present_and_fixes_the_figures(world):
    c = congress(world, 9, present=5)
    ev = make(world, c)
    with pytest.raises(ValidationError, match="应到 9 人，实到 5 人，不足三分之二（需 6 人）"):
        services.evaluation_open(actor=world.chair, evaluation=ev)
    check_in(c.sitting, [c.reps[5]])
    ev = services.evaluation_open(actor=world.chair, evaluation=ev)
    assert (ev.seated, ev.present, ev.status) == (9, 6, EvaluationStatus.OPEN)


# --- casting ----------------------------------------------------------------------------


def test_a_ballot_that_leaves_a_manager_unrated_is_refused_naming_him(world):
    c = congress(world, 3)
    ev = opened(world, c)
    first, second, _ = ev.subjects.order_by("order")
    with pytest.raises(ValidationError, match="尚未评价：王强"):
        services.evaluation_cast(
            actor=world.member, evaluation=ev, ratings={first.pk: 0, second.pk: 2}
        )
    assert not EvaluationMark.objects.exists() and EVALUATIONS.sealed_count(ev) == 0


def test_a_level_outside_the_list_is_refused(world):
    c = congress(world, 3)
    ev = opened(world, c)
    with pytest.raises(ValidationError, match="等次无效"):
        services.evaluation_cast(actor=world.member, evaluation=ev, ratings=ballot(ev, [0, 1, 3]))
    assert EVALUATIONS.sealed_count(ev) == 0


def test_one_ballot_each_and_the_audit_keeps_no_rating(world):
    c = congress(world, 3)
    ev = opened(world, c)
    services.evaluation_cast(actor=world.member, evaluation=ev, ratings=ballot(ev, [0, 1, 2]))
    with pytest.raises(ValidationError, match="已参加过"):
        services.evaluation_cast(actor=world.member, evaluation=ev, ratings=ballot(ev, [2, 2, 2]))
    assert EVALUATIONS.sealed_count(ev) == 1
    entry = AuditEntry.objects.get(action="evaluation.vote")
    assert entry.changes == {"voted": [None, "周会员"]}
    services.evaluation_close(actor=world.chair, evaluation=ev)
    assert EvaluationBallot.objects.count() == 1 and EvaluationRating.objects.count() == 3


def test_who_may_not_vote(world):
    c = congress(world, 4, present=3)
    ev = make(world, c)
    with pytest.raises(ValidationError, match="不在进行中"):
        services.evaluation_cast(actor=world.member, evaluation=ev, ratings=ballot(ev, [0, 0, 0]))
    ev = services.evaluation_open(actor=world.chair, evaluation=ev)
    with pytest.raises(ValidationError, match="不是本届在任的职工代表"):
        services.evaluation_cast(
            actor=world.treasurer, evaluation=ev, ratings=ballot(ev, [0, 0, 0])
        )
    late = c.reps[3]
    with pytest.raises(ValidationError, match="尚未报到"):
        services.evaluation_cast(actor=c.user(late), evaluation=ev, ratings=ballot(ev, [0, 0, 0]))
    check_in(c.sitting, [late])
    with pytest.raises(ValidationError, match="评议开始后才报到"):
        services.evaluation_cast(actor=c.user(late), evaluation=ev, ratings=ballot(ev, [0, 0, 0]))
    assert EVALUATIONS.sealed_count(ev) == 0


@pytest.mark.django_db(transaction=True)
def test_many_threads_casting_for_one_representative_make_one_ballot(world):
    c = congress(world, 3)
    ev = opened(world, c)
    sheet = ballot(ev, [0, 1, 2])
    threads = 30 if connection.vendor == "postgresql" else 8
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def go():
        try:
            barrier.wait()
            services.evaluation_cast(actor=world.member, evaluation=ev, ratings=sheet)
            outcome = "ok"
        except ValidationError as exc:
            outcome = exc.messages[0]
        except Exception as exc:  # a lock timeout must show in the assert
            outcome = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    workers = [threading.Thread(target=go) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert outcomes.count("ok") == 1, outcomes
    refused = {"您已参加过本次评议。"}
    if connection.vendor == "sqlite":
        refused.add("OperationalError('database table is locked')")
    assert set(outcomes) - {"ok"} <= refused
    assert EVALUATIONS.sealed_count(ev) == 1 and EvaluationMark.objects.count() == 1


# --- secrecy ----------------------------------------------------------------------------


def test_the_ballot_tables_keep_no_voter_and_no_time():
    ballot_fields = {f.name for f in EvaluationBallot._meta.get_fields()}
    rating_fields = {f.name for f in EvaluationRating._meta.get_fields()}
    mark_fields = {f.name for f in EvaluationMark._meta.get_fields()}
    assert ballot_fields == {"id", "evaluation", "ratings"}
    assert rating_fields == {"id", "ballot", "subject", "level"}
    assert mark_fields == {"id", "evaluation", "representative"}
    for model in (EvaluationBallot, EvaluationRating, EvaluationMark):
        for f in model._meta.get_fields():
            assert not isinstance(f, djm.DateField | djm.DateTimeField | djm.TimeField)
            assert not isinstance(f, djm.AutoField | djm.BigAutoField)  # no counting key


def test_closing_rewrites_ballots_so_no_order_follows_the_casting(world):
    c = congress(world, 20)
    ev = opened(world, c, subjects=[("张明", "教务处主任")])
    cast_order = [0] * 10 + [2] * 10
    vote(c, ev, [[level] for level in cast_order])
    assert not EvaluationBallot.objects.exists()  # sealed while open: no row to order
    services.evaluation_close(actor=world.chair, evaluation=ev)
    by_key = list(EvaluationRating.objects.order_by("ballot_id").values_list("level", flat=True))
    physical = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cur:
        cur.execute(f"SELECT level FROM congress_evaluationrating ORDER BY {physical}")
        by_row = [row[0] for row in cur.fetchall()]
    # Either matching the casting order has odds of 1 in C(20,10) = 184,756.
    assert sorted(by_key) == sorted(cast_order)
    assert by_key != cast_order and by_row != cast_order


# --- results ----------------------------------------------------------------------------


def test_results_are_hidden_until_close_then_table_and_highlight(world):
    c = congress(world, 6)
    ev = opened(world, c)
    # 张明 (4+1)/6 = 83.33%; 李华 (2+1)/6 = 50% (below 60%); 王强 (3+1)/6 = 66.67%.
    vote(c, ev, [[0, 0, 0], [0, 0, 0], [0, 1, 0], [0, 2, 1], [1, 2, 2], [2, 2, 2]])
    assert queries.visible_result(ev) is None
    ev = services.evaluation_close(actor=world.chair, evaluation=ev)
    r = queries.visible_result(ev)
    assert r.ballots == 6
    rows = {row.name: row for row in r.rows}
    assert rows["张明"].counts == [4, 1, 1] and rows["张明"].rate == Decimal("0.8333")
    assert rows["李华"].counts == [2, 1, 3] and rows["李华"].rate == Decimal("0.5000")
    assert rows["王强"].counts == [3, 1, 2] and rows["王强"].rate == Decimal("0.6667")
    assert [row.name for row in r.highlighted] == ["李华"]
    assert rows["李华"].rate_label == "50.00%"
    with pytest.raises(ValidationError, match="不在进行中"):
        services.evaluation_cast(actor=world.member, evaluation=ev, ratings=ballot(ev, [0, 0, 0]))


@pytest.mark.parametrize(
    ("satisfied", "valid", "threshold", "highlighted"),
    [
        (3, 5, "0.60", False),  # exactly at the line: not below it
        (59, 100, "0.60", True),
        (60, 100, "0.60", False),
        (2, 3, "0.6667", False),  # 0.6667 after rounding equals the line
        (0, 0, "0.60", False),  # no ballots: nothing to highlight
    ],
)
def test_the_highlight_line_is_strictly_below(satisfied, valid, threshold, highlighted):
    rate = queries.satisfaction(satisfied, valid)
    assert queries.below(rate, Decimal(threshold)) is highlighted


def test_custom_levels_count_the_first_n_as_satisfied(world):
    c = congress(world, 4)
    ev = opened(
        world,
        c,
        subjects=[("张明", "教务处主任")],
        levels=["优秀", "称职", "基本称职", "不称职"],
        satisfied_levels=3,
        threshold=Decimal("0.80"),
    )
    vote(c, ev, [[0], [1], [2], [3]])
    ev = services.evaluation_close(actor=world.chair, evaluation=ev)
    row = queries.result(ev).rows[0]
    assert row.counts == [1, 1, 1, 1] and row.rate == Decimal("0.7500") and row.highlighted


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sheets=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=6))
def test_any_ballots_give_the_rate_of_satisfied_over_valid(world, sheets):
    EvaluationRating.objects.all().delete()
    EvaluationBallot.objects.all().delete()
    EvaluationMark.objects.all().delete()
    c = congress(world, 6) if not hasattr(world, "_ev_c") else world._ev_c
    world._ev_c = c
    ev = opened(world, c, subjects=[("张明", "主任"), ("李华", "副主任")])
    vote(c, ev, [list(s) for s in sheets])
    ev = services.evaluation_close(actor=world.chair, evaluation=ev)
    r = queries.result(ev)
    for i, row in enumerate(r.rows):
        levels = [s[i] for s in sheets]
        good = sum(1 for level in levels if level < 2)
        assert row.valid == len(sheets) == r.ballots
        assert row.counts == [levels.count(0), levels.count(1), levels.count(2)]
        # Exact: Decimal division rounded once, compared with the fraction itself.
        assert abs(row.rate - Decimal(good) / Decimal(len(sheets))) <= Decimal("0.00005")
        assert row.highlighted is (Fraction(good, len(sheets)) < Fraction(3, 5))


def test_export_waits_for_the_close_and_refuses_the_outsider(world):
    c = congress(world, 3)
    ev = opened(world, c)
    vote(c, ev, [[0, 1, 2], [0, 0, 0], [2, 2, 2]])
    with pytest.raises(ValidationError, match="评议结束后"):
        services.evaluation_export(actor=world.chair, evaluation=ev)
    ev = services.evaluation_close(actor=world.chair, evaluation=ev)
    with pytest.raises(PermissionDenied):
        services.evaluation_export(actor=world.outsider, evaluation=ev)
    assert not AuditEntry.objects.filter(action="evaluation.export").exists()
    # A representative may take the published table too; the export is audited.
    assert services.evaluation_export(actor=world.member, evaluation=ev)[:2] == b"PK"
    assert AuditEntry.objects.get(action="evaluation.export").actor == world.member
