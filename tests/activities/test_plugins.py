"""文体活动 plugged in: 活动场次 and 报名人次 (a federation sums its unions), the summary
paragraph, the plan-link kind, the 待办 lines, the reminders (sign-up closing, confirm your
place), the cron command, and the demo's activities."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.activities import plugins, services
from gonghui.activities.models import Activity, Kind, Registration, RegState
from gonghui.core import todo

from .support import NOW, START, make_activity, signup

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(START.year, 1, 1), datetime.date(START.year, 12, 31))


def _year_of_activities(world):
    trip = make_activity(world.school, capacity=5)
    signup(world, trip, "周会员", companions=2)
    signup(world, trip, "李主席")
    signup(world, trip, "王委员", companions=2)  # waits: not counted
    festival = make_activity(world.school, kind=Kind.FESTIVAL, title="三八节")
    signup(world, festival, "赵财务")
    make_activity(world.school, title="草稿", publish=False)
    gone = make_activity(world.school, title="取消的")
    services.activity_cancel(actor=None, activity=gone, reason="雨", now=NOW)
    make_activity(world.hospital, title="卫生院")


def test_the_metrics_count_held_activities_and_persons_with_places(world):
    _year_of_activities(world)
    assert plugins.activity_count(world.school, *YEAR) == Decimal(2)
    assert plugins.signup_persons(world.school, *YEAR) == Decimal(5)
    assert plugins.activity_count(world.fed, *YEAR) == Decimal(3)
    last_year = (datetime.date(START.year - 1, 1, 1), datetime.date(START.year - 1, 12, 31))
    assert plugins.activity_count(world.school, *last_year) == 0


def test_the_summary_paragraph_counts_by_kind(world):
    _year_of_activities(world)
    (para,) = plugins.paragraphs(world.school, *YEAR)
    assert "组织文体活动2场" in para.text.replace(" ", "")
    assert "参观/春秋游1场" in para.text.replace(" ", "")
    assert "5人次" in para.text.replace(" ", "")
    assert (
        plugins.paragraphs(world.hospital, datetime.date(2000, 1, 1), datetime.date(2000, 12, 31))
        == []
    )


def test_an_activity_is_a_plan_items_record(world):
    activity = make_activity(world.school)
    kind = plugins.link_kind()
    assert kind.get(world.school, START.year, activity.pk) == activity
    assert kind.day(activity) == START.date()


def test_the_todo_counts_offers_for_the_committee_and_the_member(world):
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "李主席")
    signup(world, activity, "周会员")
    services.registration_cancel(actor=world.chair, registration=first, now=NOW)
    chair = {
        t.text: t.count
        for t in todo.resolve(world.school, plugins.todos(world.chair, world.school))
    }
    assert chair["候补递补后尚未确认的活动报名"] == 1
    member = [
        t for t in todo.resolve(world.school, plugins.todos(world.member, world.school)) if t.count
    ]
    assert [(t.text, t.count) for t in member] == [("候补递补到您，请确认参加的活动", 1)]


def test_the_reminders_say_sign_up_closes_and_confirm_your_place(world, monkeypatch):
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "李主席")
    signup(world, activity, "周会员")
    services.registration_cancel(actor=world.chair, registration=first, now=NOW)
    day = (activity.signup_closes_at - datetime.timedelta(hours=12)).date()
    monkeypatch.setattr(
        plugins, "_moment", lambda today: activity.signup_closes_at - datetime.timedelta(hours=12)
    )
    closing = plugins.closing(day)
    assert [r.key for r in closing] == [f"activities.{activity.pk}.closing"]
    assert "截止报名" in closing[0].text
    monkeypatch.setattr(plugins, "_moment", lambda today: NOW + datetime.timedelta(hours=1))
    offers = plugins.offers(NOW.date())
    assert [r.recipients for r in offers] == [(world.member,)]


def test_the_cron_command_expires_late_offers(world):
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "李主席")
    signup(world, activity, "周会员")
    signup(world, activity, "王委员")
    services.registration_cancel(actor=world.chair, registration=first, now=NOW)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Registration.objects.filter(state=RegState.OFFERED).update(offered_until=an_hour_ago)
    call_command("activities_refresh", verbosity=0)
    states = dict(Registration.objects.filter(activity=activity).values_list("name", "state"))
    assert states["周会员"] == RegState.EXPIRED and states["王委员"] == RegState.OFFERED


def test_the_demo_has_a_full_trip_with_a_waiting_list(empty_db):
    from gonghui.core.demo import STEPS

    steps = dict(STEPS)
    steps["orgs"]()
    steps["activities"]()
    steps["activities"]()  # idempotent: a second run adds nothing
    assert Activity.objects.count() == 4
    trip = Activity.objects.get(title="春季踏青：梅花山徒步")
    assert trip.taken == trip.capacity
    waiting = trip.registrations.filter(state=RegState.WAITING)
    assert waiting.count() == 3
    huiyuan = trip.registrations.get(user__username="huiyuan")
    assert (huiyuan.state, huiyuan.persons) == (RegState.CONFIRMED, 2)
    film = Activity.objects.get(title="周末观影（抽签）")
    assert film.registrations.filter(state=RegState.ENTERED).count() == 5


def test_the_plan_item_page_shows_the_activity_as_its_record(world, client_for):
    from gonghui.plans.models import Item
    from tests.plans.support import make_plan

    plan = make_plan(world.school, year=START.year)
    item = Item.objects.filter(section__plan=plan).first()
    activity = make_activity(world.school, title="三八节插花沙龙")
    client = client_for(world.chair)
    client.post(f"/plans/items/{item.pk}/links/", {"kind": "activity", "record": str(activity.pk)})
    page = client.get(f"/plans/items/{item.pk}/").content.decode()
    assert "三八节插花沙龙" in page and activity.get_absolute_url() in page
