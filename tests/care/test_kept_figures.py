"""A federation's 帮扶 figures read from kept per-union parts (``core.kept_figures``) equal the
figures counted directly, for every kept metric and period, on the test world (示范镇总工会
over the school and the hospital) and after each kind of write through a service: a 帮扶
recorded, a donation paid, an enrolment withdrawn, a health check done, a member transferred
between the two unions, a record filed under the federation itself."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from gonghui.care import services, services_health, services_insurance
from gonghui.care.models import Campaign, CampaignKind, CareVisit, FileState
from gonghui.care.models_donations import PayMethod
from gonghui.core import audit, metrics
from gonghui.core.models import KeptFigure, KeptFigureMark
from gonghui.members import services as member_services

from .conftest import run_to
from .health_support import make_campaign, target
from .test_donations_plugins import campaign_of, pay
from .test_insurance import new_plan

TODAY = timezone.localdate()
PERIODS = [
    (TODAY.replace(month=1, day=1), TODAY),  # the running year, as plans.targets.period
    (TODAY.replace(month=1, day=1), TODAY.replace(month=12, day=31)),
    (TODAY - datetime.timedelta(days=40), TODAY - datetime.timedelta(days=5)),
]


def kept_metrics() -> list[metrics.Metric]:
    return [m for m in metrics.all_metrics() if m.kept]


def read(union, start, end) -> dict:
    """Every kept metric through ``Metric.value`` in one request memo, as a page reads them."""
    with metrics.request_memo():
        return {m.key: m.value(union, start, end) for m in kept_metrics()}


def direct(union, start, end) -> dict:
    return {m.key: m.compute(union, start, end) for m in kept_metrics()}


def same(world) -> None:
    for start, end in PERIODS:
        assert read(world.fed, start, end) == direct(world.fed, start, end), (start, end)


@pytest.fixture
def cared(world):
    """A year of care in both unions: a filed household with aid, donations, a plan with
    enrolments, a health campaign with a check done."""
    file = run_to(
        services.hardship_apply(actor=world.member, member=world.members["周会员"], **_figures()),
        FileState.FILED,
        world.chair,
    )
    services.aid_record(actor=world.chair, file=file, kind="money", given_on=TODAY, amount="800.10")
    one_day = campaign_of(world, world.school, world.chair)
    pay(world, one_day, "周会员", "100")
    hospital = campaign_of(world, world.hospital, world.outsider)
    pay(world, hospital, "郑护士", "500", actor=world.outsider)
    plan = new_plan(world, starts_on=TODAY - datetime.timedelta(days=100))
    services_insurance.insurance_enrol(
        actor=world.chair, plan=plan, group=world.chinese, on=TODAY - datetime.timedelta(days=100)
    )
    campaign = make_campaign(world, start=-30, end=20, capacity=3)
    services_health.health_targets_add(actor=world.chair, campaign=campaign)
    services_health.health_done(actor=world.chair, target=target(world, campaign, "周会员"))
    return {"file": file, "one_day": one_day, "plan": plan, "campaign": campaign}


def _figures():
    from .conftest import figures

    return figures()


def test_every_care_figure_but_timeliness_is_kept():
    care = {m.key for m in metrics.all_metrics() if m.area == "帮扶"}
    kept = {m.key for m in kept_metrics()}
    assert care - kept == {"care.visit_timely"}  # depends on today's date
    assert len(care & kept) == 14
    assert "members.total" in kept  # 投保率's denominator


def test_kept_equals_direct_for_every_metric_and_period(world, cared):
    for start, end in PERIODS:
        figures = read(world.fed, start, end)
        assert figures == direct(world.fed, start, end)
    year = read(world.fed, *PERIODS[1])
    assert year["care.aid_amount"] == Decimal("800.10")
    assert year["care.donation_times"] == Decimal(2)
    assert year["care.insurance_enrolled"] == Decimal(4)
    assert KeptFigureMark.objects.count() == len(PERIODS)
    # a grassroots union computes directly: no part is read for it
    assert read(world.school, *PERIODS[1]) == direct(world.school, *PERIODS[1])


def test_fifteen_figures_in_few_queries_once_kept(world, cared, django_assert_max_num_queries):
    read(world.fed, *PERIODS[0])
    with django_assert_max_num_queries(3):  # the mark, the newest audit id, the sums
        read(world.fed, *PERIODS[0])


def test_each_write_through_a_service_is_in_the_next_read(world, cared):
    same(world)
    services.aid_record(
        actor=world.chair, file=cared["file"], kind="goods", given_on=TODAY, amount="99.99"
    )
    same(world)
    pay(world, cared["one_day"], "吴老师", "20", method=PayMethod.DIRECT)
    same(world)
    enrolment = cared["plan"].enrollments.filter(withdrawn_on=None).first()
    services_insurance.insurance_withdraw(
        actor=world.chair,
        enrollment=enrolment,
        on=TODAY - datetime.timedelta(days=10),
        reason="离职",
    )
    same(world)
    services_health.health_done(
        actor=world.chair, target=target(world, cared["campaign"], "吴老师")
    )
    same(world)


def test_a_member_transferred_counts_where_they_went(world, cared):
    before = read(world.fed, *PERIODS[0])
    member_services.member_transfer(
        actor=None, member=world.members["周会员"], to_union=world.hospital, on=TODAY
    )
    # the entry is filed under the school; the hospital's roll changed too
    after = read(world.fed, *PERIODS[0])
    assert after == direct(world.fed, *PERIODS[0])
    assert after["members.total"] == before["members.total"]
    hospital = KeptFigure.objects.get(
        metric="members.total", union=world.hospital, start=PERIODS[0][0], end=PERIODS[0][1]
    )
    assert hospital.value == 2


def test_a_record_of_the_federation_itself_is_counted(world, cared):
    same(world)
    with transaction.atomic():  # as a service would: the rows and the entry together
        campaign = Campaign.objects.create(
            union=world.fed,
            name="劳模慰问",
            kind=CampaignKind.values[0],
            starts_on=TODAY,
            ends_on=TODAY,
        )
        visit = CareVisit.objects.create(
            union=world.fed,
            campaign=campaign,
            member=world.members["郑护士"],
            visited_on=TODAY,
            visitors="总工会领导",
        )
        audit.record(
            actor=None, action="care.visit_record", obj=visit, changes={"visited_on": [None, TODAY]}
        )
    assert (
        read(world.fed, *PERIODS[0])["care.visits"] == direct(world.fed, *PERIODS[0])["care.visits"]
    )
    assert KeptFigure.objects.filter(metric="care.visits", union=world.fed).exists()
