"""``core.kept_figures``: the kept parts follow the audit trail; a new metric (the mark's parts
differ from the registered ones) recomputes every union; the daily ``gonghui figures`` (and
``gonghui remind``) picks up a write that bypassed the services and moves a year-to-date on to
today; two readers refreshing the same period at once on PostgreSQL both answer right."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gonghui.care import metrics as care_metrics
from gonghui.core import kept_figures, metrics
from gonghui.core.models import KeptFigure, KeptFigureMark
from gonghui.members import services as member_services
from gonghui.orgs.models import Member, MemberStatus, Sex
from tests.care.race_support import at_once

TODAY = timezone.localdate()
YTD = (TODAY.replace(month=1, day=1), TODAY)


def read(union, start, end, keys=("members.total", "care.visits")) -> dict:
    with metrics.request_memo():
        return {k: metrics.get(k).value(union, start, end) for k in keys}


def direct(union, start, end, keys=("members.total", "care.visits")) -> dict:
    return {k: metrics.get(k).compute(union, start, end) for k in keys}


def test_a_member_added_through_the_service_is_in_the_next_read(world):
    before = read(world.fed, *YTD)["members.total"]
    member_services.member_create(
        actor=None, union=world.hospital, name="新护士", sex=Sex.FEMALE, joined_on=TODAY
    )
    assert (
        read(world.fed, *YTD)["members.total"]
        == before + 1
        == direct(world.fed, *YTD)["members.total"]
    )


def test_a_new_metric_makes_a_full_refresh(world, monkeypatch):
    read(world.fed, *YTD)
    mark = KeptFigureMark.objects.get(start=YTD[0], end=YTD[1])
    assert mark.keys == sorted(metrics.kept_parts()) and mark.refreshed_at is not None
    again = metrics.Metric(
        key="test.visits_again",
        label="走访人次（又一）",
        unit="人次",
        area="测试",
        compute=care_metrics.visit_count,
        describe="测试用",
        kept=metrics.count(metrics.part("test.visits_again", care_metrics.visits_by_union, "n")),
    )
    monkeypatch.setitem(metrics.METRICS, again.key, again)
    # a write the audit trail never saw: only a full refresh counts it
    Member.objects.filter(union=world.school).update(status=MemberStatus.LEFT, status_on=YTD[0])
    figures = read(world.fed, *YTD, keys=("members.total", "test.visits_again"))
    assert figures == direct(world.fed, *YTD, keys=("members.total", "test.visits_again"))
    assert figures["members.total"] == Decimal(1)  # the hospital's nurse
    assert "test.visits_again" in KeptFigureMark.objects.get(start=YTD[0], end=YTD[1]).keys


def test_the_daily_run_counts_what_bypassed_the_audit_and_moves_the_year_on(world):
    yesterday = TODAY - datetime.timedelta(days=1)
    earlier = (YTD[0], yesterday) if yesterday >= YTD[0] else YTD
    read(world.fed, *earlier)
    read(world.fed, *YTD)
    Member.objects.filter(union=world.school).update(status=MemberStatus.LEFT, status_on=YTD[0])
    assert read(world.fed, *YTD) != direct(world.fed, *YTD)  # stale: no audit entry named it
    out = io.StringIO()
    call_command("figures", stdout=out)
    assert read(world.fed, *YTD) == direct(world.fed, *YTD)
    assert "已重算" in out.getvalue()
    if earlier != YTD:  # yesterday's year-to-date became today's, its parts gone
        assert not KeptFigureMark.objects.filter(start=earlier[0], end=earlier[1]).exists()
        assert not KeptFigure.objects.filter(start=earlier[0], end=earlier[1]).exists()


def test_the_reminder_run_refreshes_the_kept_figures_too(world):
    read(world.fed, *YTD)
    Member.objects.filter(union=world.school).update(status=MemberStatus.LEFT, status_on=YTD[0])
    call_command("remind", stdout=io.StringIO())
    assert read(world.fed, *YTD) == direct(world.fed, *YTD)


def test_many_unions_named_recompute_everything(world, monkeypatch):
    read(world.fed, *YTD)
    monkeypatch.setattr(kept_figures, "MAX_UNIONS", 0)
    member_services.member_create(
        actor=None, union=world.school, name="新老师", sex=Sex.MALE, joined_on=TODAY
    )
    assert kept_figures.refresh(*YTD) is None  # all of them
    assert read(world.fed, *YTD) == direct(world.fed, *YTD)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent readers")
def test_two_readers_refreshing_one_period_at_once_both_answer_right(world):
    read(world.fed, *YTD)
    member_services.member_create(
        actor=None, union=world.hospital, name="新护士", sex=Sex.FEMALE, joined_on=TODAY
    )
    week = (TODAY - datetime.timedelta(days=7), TODAY)  # no mark yet: both would create it
    expected = {"ytd": direct(world.fed, *YTD), "week": direct(world.fed, *week)}

    def reader() -> dict:
        return {"ytd": read(world.fed, *YTD), "week": read(world.fed, *week)}

    outcomes = at_once({"a": reader, "b": reader})
    assert outcomes == {"a": expected, "b": expected}
    assert KeptFigureMark.objects.filter(start=week[0], end=week[1]).count() == 1
