"""参与人次 and 签到率 plugged in: the metrics on a known set (a federation sums its unions),
an activity that never opened check-in left out, the summary's sentence, the metrics'
registry."""

import datetime
from decimal import Decimal

import pytest

from gonghui.activities import plugins_checkin, services_checkin
from gonghui.core import metrics, summary

from .support import START, make_activity, signup

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(START.year, 1, 1), datetime.date(START.year, 12, 31))
AT = START - datetime.timedelta(minutes=5)


def _known_set(world):
    """School: a trip with 3 + 2 + 1 persons placed, 3 + 1 checked in, and a walk-in; a
    festival that never opened check-in. Hospital: 1 placed, 1 checked in."""
    trip = make_activity(world.school, capacity=10)
    signup(world, trip, "周会员", companions=2)
    signup(world, trip, "王委员", companions=1)
    signup(world, trip, "李主席")
    token = services_checkin.checkin_session_open(actor=None, activity=trip, walk_ins=True).token
    for user in (world.member, world.chair, world.auditor):  # 钱经审 walks in
        services_checkin.checkin_scan(actor=user, activity=trip, token=token, now=AT)
    festival = make_activity(world.school, title="三八节")
    signup(world, festival, "赵财务")
    ward = make_activity(world.hospital, title="卫生院健步走")
    signup(world, ward, "郑护士")
    token = services_checkin.checkin_session_open(actor=None, activity=ward).token
    services_checkin.checkin_scan(actor=world.outsider, activity=ward, token=token, now=AT)


def test_participants_and_the_checkin_rate_on_a_known_set(world):
    _known_set(world)
    assert plugins_checkin.participants(world.school, *YEAR) == Decimal(5)  # 3 + 1 + walk-in
    assert plugins_checkin.checkin_rate(world.school, *YEAR) == Decimal("66.67")  # 4 of 6
    assert plugins_checkin.participants(world.fed, *YEAR) == Decimal(6)
    assert plugins_checkin.checkin_rate(world.fed, *YEAR) == Decimal("71.43")  # 5 of 7
    last_year = (datetime.date(START.year - 1, 1, 1), datetime.date(START.year - 1, 12, 31))
    assert plugins_checkin.participants(world.school, *last_year) == 0
    assert plugins_checkin.checkin_rate(world.school, *last_year) is None


def test_the_metrics_are_registered_for_plan_targets():
    assert metrics.get("activities.participants").unit == "人次"
    assert metrics.get("activities.checkin_rate").unit == "%"
    assert metrics.match("全年参与人次1000人次").key == "activities.participants"


def test_the_summary_sentence(world):
    _known_set(world)
    (para,) = plugins_checkin.paragraphs(world.school, *YEAR)
    text = para.text.replace(" ", "")
    assert "开放扫码签到的活动1场" in text and "签到参与5人次" in text
    assert "签到率66.7%" in text
    assert "activities.checkin" in summary.CONTRIBUTORS
    assert (
        plugins_checkin.paragraphs(
            world.school, datetime.date(2000, 1, 1), datetime.date(2000, 12, 31)
        )
        == []
    )


def test_the_demo_has_last_months_games_checked_in(empty_db):
    from gonghui.activities import queries_checkin
    from gonghui.activities.models import Activity
    from gonghui.core.demo import STEPS

    steps = dict(STEPS)
    steps["orgs"]()
    steps["activities"]()
    steps["activities.checkin"]()
    steps["activities.checkin"]()  # idempotent
    games = Activity.objects.get(title="教职工趣味运动会")
    roll = queries_checkin.roll(games)
    assert (roll.registered, roll.checked, roll.walk_in_persons) == (6, 5, 1)
    assert (roll.late, roll.no_shows, roll.ended) == (1, 1, True)
    assert Activity.objects.filter(title="春季踏青：梅花山徒步").exists()  # the first slice's too
