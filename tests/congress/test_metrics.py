"""The congress's metrics (召开次数, 提案数, 立案率, 按期办结率, 满意率) as plan targets
read them. The rates must agree with ``queries.proposals.figures``: counts are added over
the period's sittings, never percentages averaged."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.congress.models import Proposal, Rating, Sitting, SittingStatus
from gonghui.congress.queries import proposals as q
from gonghui.congress.services import proposals as services
from gonghui.congress.services import sittings as sitting_services
from gonghui.core import metrics

from .proposal_world import answered, assigned, collecting, submitted
from .support import seat

DAY = datetime.timedelta(days=1)


def value(key, union, start, end):
    return metrics.get(key).value(union, start, end)


# --- 召开次数 -------------------------------------------------------------------------


def test_sittings_counts_the_opened_ones_dated_in_the_period(world):
    today = timezone.localdate()
    term, reps = seat(world, 3)
    held = sitting_services.sitting_create(actor=world.chair, term=term, date=today)
    sitting_services.sitting_notice(
        actor=world.chair, sitting=held, noticed_on=today, late_reason="测试当天预告"
    )
    for rep in reps:
        sitting_services.rep_checkin(
            actor=world.chair, sitting=held, representative=rep, by_secretariat=True
        )
    sitting_services.sitting_open(actor=world.chair, sitting=held)
    sitting_services.sitting_create(actor=world.chair, term=term, date=today + 5 * DAY)  # planned
    closed = {"status": SittingStatus.CLOSED, "opened_at": timezone.now()}
    Sitting.objects.create(term=term, number=10, date=today - 10 * DAY, **closed)
    Sitting.objects.create(term=term, number=11, date=today - 11 * DAY, **closed)  # before
    Sitting.objects.create(term=term, number=12, date=today + 11 * DAY, **closed)  # after
    period = (today - 10 * DAY, today + 10 * DAY)
    assert value("congress.sittings", world.school, *period) == Decimal(2)
    assert value("congress.sittings", world.fed, *period) == Decimal(2)
    assert value("congress.sittings", world.hospital, *period) == Decimal(0)


# --- 提案数 --------------------------------------------------------------------------


def test_proposals_counts_the_submitted_in_the_period(world):
    sitting, reps = collecting(world)
    today = timezone.localdate()
    submitted(world, sitting, reps, "甲")
    rejected = submitted(world, sitting, reps, "乙")
    services.proposal_review(
        actor=world.committee, proposal=rejected, decision="reject", note="不属于职代会职权"
    )
    taken_back = submitted(world, sitting, reps, "丙")
    services.proposal_withdraw(actor=world.member, proposal=taken_back, reason="已解决")
    services.proposal_create(  # a draft: its co-signers have not confirmed
        actor=world.member,
        sitting=sitting,
        title="丁",
        reason="理由",
        measures="措施",
        cosigners=[reps[1], reps[2]],
    )
    early = submitted(world, sitting, reps, "戊")
    Proposal.objects.filter(pk=early.pk).update(submitted_at=timezone.now() - 3 * DAY)
    period = (today - 2 * DAY, today)
    # 甲 and 乙 (a rejected proposal was still submitted); not the withdrawn, the draft,
    # nor 戊 submitted the day before the period.
    assert value("congress.proposals", world.school, *period) == Decimal(2)
    assert value("congress.proposals", world.school, today - 3 * DAY, today) == Decimal(3)
    assert value("congress.proposals", world.fed, *period) == Decimal(2)
    assert value("congress.proposals", world.school, today + DAY, today + 9 * DAY) == Decimal(0)


# --- 立案率, 按期办结率, 满意率 ----------------------------------------------------------


@pytest.fixture
def two_sittings(world):
    """Sitting 4 (in 20 days): the five proposals of test_proposals_figures — 立案 2 + 合并 1
    of 5, 1 of 3 assigned closed on time, 1 of 2 ratings satisfied. Sitting 5 (in 25 days):
    one accepted proposal closed on time and rated 基本满意. Sitting 6 (in 40 days, after
    the period): one rejected proposal."""
    first, reps = collecting(world)
    today = timezone.localdate()
    a = answered(world, first, reps, "甲")
    services.proposal_rate(actor=world.member, proposal=a, rating=Rating.SATISFIED)
    b = submitted(world, first, reps, "乙")
    services.proposal_review(actor=world.committee, proposal=b, decision="suggest", note="建议")
    services.proposal_assign(
        actor=world.committee, proposal=b, lead_department="教务处", due_on=today
    )
    services.proposal_answer(actor=world.committee, proposal=b, department="教务处", text="答")
    services.proposal_rate(actor=world.member, proposal=b, rating=Rating.UNSATISFIED)
    c = assigned(world, first, reps, "丙")
    Proposal.objects.filter(pk=c.pk).update(due_on=today - 2 * DAY)
    d = submitted(world, first, reps, "丁")
    services.proposal_review(actor=world.committee, proposal=d, decision="merge", merge_into=c)
    e = submitted(world, first, reps, "戊")
    services.proposal_review(actor=world.committee, proposal=e, decision="reject", note="不属于")

    window = {"proposals_open": today - 3 * DAY, "proposals_close": today + 3 * DAY}
    second = Sitting.objects.create(term=first.term, number=5, date=today + 25 * DAY, **window)
    f = answered(world, second, reps, "己")
    services.proposal_rate(actor=world.member, proposal=f, rating=Rating.BASIC)
    third = Sitting.objects.create(term=first.term, number=6, date=today + 40 * DAY, **window)
    g = submitted(world, third, reps, "庚")
    services.proposal_review(actor=world.committee, proposal=g, decision="reject", note="不属于")
    return world, (today, today + 30 * DAY), (first, second, third)


def test_rates_combine_the_counts_of_the_period_s_sittings(two_sittings):
    world, period, _ = two_sittings
    # 立案: (2 + 1 merged) + 1 of 6 submitted — not the average of 60% and 100%.
    assert value("congress.accept_rate", world.school, *period) == Decimal("66.67")
    # 按期办结: 1 + 1 of 3 + 1 assigned.
    assert value("congress.ontime_rate", world.school, *period) == Decimal("50.00")
    # 满意: 满意 + 基本满意 of 3 rated.
    assert value("congress.satisfaction", world.school, *period) == Decimal("66.67")
    assert value("congress.accept_rate", world.fed, *period) == Decimal("66.67")


def test_one_sitting_agrees_with_its_figures(two_sittings):
    world, _, (first, _, third) = two_sittings
    today = timezone.localdate()
    f = q.figures(first, today)
    only_first = (first.date, first.date)
    assert value("congress.accept_rate", world.school, *only_first) == Decimal("60.00")
    assert f.accept_rate == Decimal("60.0")
    assert value("congress.ontime_rate", world.school, *only_first) == Decimal("33.33")
    assert f.on_time_rate == Decimal("33.3")
    assert value("congress.satisfaction", world.school, *only_first) == Decimal("50.00")
    # The sitting after the period: one proposal, rejected.
    only_third = (third.date, third.date)
    assert value("congress.accept_rate", world.school, *only_third) == Decimal("0.00")
    assert value("congress.ontime_rate", world.school, *only_third) is None
    assert value("congress.satisfaction", world.school, *only_third) is None


def test_rates_without_proposals_are_none(world):
    sitting, _ = collecting(world)
    period = (sitting.date, sitting.date)
    for key in ("congress.accept_rate", "congress.ontime_rate", "congress.satisfaction"):
        assert value(key, world.school, *period) is None
        assert value(key, world.hospital, *period) is None


def test_queries_grow_with_sittings_not_proposals(two_sittings, django_assert_num_queries):
    world, period, _ = two_sittings
    with django_assert_num_queries(3):  # the sittings, then one per sitting
        value("congress.accept_rate", world.school, *period)
    with django_assert_num_queries(1):
        value("congress.proposals", world.school, *period)
    with django_assert_num_queries(1):
        value("congress.sittings", world.school, *period)


# --- the registry --------------------------------------------------------------------


def test_registered_with_the_fixed_keys_and_units():
    got = {m.key: (m.label, m.unit, m.area, m.cumulative) for m in metrics.all_metrics()}
    assert got["congress.sittings"] == ("召开次数", "次", "职代会", True)
    assert got["congress.proposals"] == ("提案数", "件", "职代会", True)
    assert got["congress.accept_rate"] == ("立案率", "%", "职代会", False)
    assert got["congress.ontime_rate"] == ("按期办结率", "%", "职代会", False)
    assert got["congress.satisfaction"] == ("满意率", "%", "职代会", False)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("提案按期办结率100%", "congress.ontime_rate"),
        ("提案立案率达到80%", "congress.accept_rate"),
        ("提案满意率90%以上", "congress.satisfaction"),
        ("征集提案20件", "congress.proposals"),
        ("召开教职工代表大会2次", "congress.sittings"),
    ],
)
def test_plan_phrases_map_to_the_congress_metrics(text, key):
    assert metrics.match(text).key == key
