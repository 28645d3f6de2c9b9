"""The sign-up rules of 文体活动: places counted in persons, the waiting list promoted in
order with a confirm-by deadline, the lottery reproducible from its seed, the cancellation's
notices, and bad input refused in Chinese with nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.activities import rules, services
from gonghui.activities.models import Activity, Audience, Registration, RegState
from gonghui.core.models import AuditEntry, Notice, Role
from gonghui.orgs.models import Duty
from tests.conftest import make_user

from .support import NOW, make_activity, signup

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def taken(activity) -> int:
    return Activity.objects.get(pk=activity.pk).taken


def states(activity) -> dict[str, str]:
    return dict(Registration.objects.filter(activity=activity).values_list("name", "state"))


# --- capacity in persons --------------------------------------------------------------------


def test_a_member_and_two_companions_fill_three_places_exactly(world):
    activity = make_activity(world.school, capacity=3)
    reg = signup(world, activity, "周会员", companions=2)
    assert (reg.state, reg.persons) == (RegState.CONFIRMED, 3)
    assert taken(activity) == 3
    late = signup(world, activity, "李主席")
    assert late.state == RegState.WAITING
    assert taken(activity) == 3


def test_one_person_over_the_capacity_waits_and_takes_no_place(world):
    activity = make_activity(world.school, capacity=3)
    signup(world, activity, "周会员")
    reg = signup(world, activity, "李主席", companions=2)  # 1 + 3 = capacity + 1
    assert reg.state == RegState.WAITING
    assert taken(activity) == 1


def test_the_database_refuses_more_persons_than_places(world):
    activity = make_activity(world.school, capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(taken=3)


def test_a_stale_copy_of_the_activity_does_not_overbook(world):
    activity = make_activity(world.school, capacity=1)
    stale = Activity.objects.get(pk=activity.pk)
    signup(world, activity, "周会员")
    second = signup(world, stale, "李主席")  # the page read 1 free place before
    assert second.state == RegState.WAITING
    assert taken(activity) == 1


# --- the waiting list -----------------------------------------------------------------------


def test_a_freed_place_goes_to_the_first_waiting_and_is_held_for_them(world):
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "周会员")
    signup(world, activity, "李主席", at=NOW + HOUR)
    signup(world, activity, "王委员", at=NOW + 2 * HOUR)
    services.registration_cancel(actor=world.member, registration=first, now=NOW + 3 * HOUR)
    assert states(activity) == {
        "周会员": RegState.CANCELLED,
        "李主席": RegState.OFFERED,
        "王委员": RegState.WAITING,
    }
    assert taken(activity) == 1  # held for 李主席 while they decide


def test_strict_order_a_party_at_the_head_is_not_jumped(world):
    activity = make_activity(world.school, capacity=2)
    a = signup(world, activity, "周会员")
    signup(world, activity, "赵财务")
    signup(world, activity, "李主席", companions=1, at=NOW + HOUR)  # 2 persons
    signup(world, activity, "王委员", at=NOW + 2 * HOUR)  # 1 person
    services.registration_cancel(actor=world.member, registration=a, now=NOW + 3 * HOUR)
    # one place free: the head (2 persons) does not fit, and nobody jumps them
    assert states(activity)["李主席"] == RegState.WAITING
    assert states(activity)["王委员"] == RegState.WAITING
    b = Registration.objects.get(activity=activity, name="赵财务")
    services.registration_cancel(actor=world.treasurer, registration=b, now=NOW + 4 * HOUR)
    assert states(activity)["李主席"] == RegState.OFFERED
    assert states(activity)["王委员"] == RegState.WAITING


def test_a_newcomer_queues_behind_those_waiting_even_when_a_place_is_free(world):
    activity = make_activity(world.school, capacity=2)
    a = signup(world, activity, "周会员")
    signup(world, activity, "赵财务")
    signup(world, activity, "李主席", companions=1, at=NOW + HOUR)
    services.registration_cancel(actor=world.member, registration=a, now=NOW + 2 * HOUR)
    late = signup(world, activity, "王委员", at=NOW + 3 * HOUR)
    assert late.state == RegState.WAITING


def _promoted(world):
    """周会员 holds the one place, 李主席 and 王委员 wait; 周会员 cancels on day 0 at 10:00,
    so 李主席 is offered it until day 2 at 10:00 (confirm_hours 48)."""
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "周会员")
    signup(world, activity, "李主席", at=NOW + HOUR / 2)
    signup(world, activity, "王委员", at=NOW + HOUR * 3 / 4)
    services.registration_cancel(actor=world.member, registration=first, now=NOW + HOUR)
    offered = Registration.objects.get(activity=activity, name="李主席")
    assert offered.offered_until == NOW + HOUR + rules.EXAMPLE_CONFIRM_HOURS * HOUR
    return activity, offered


def test_confirming_on_the_last_day_keeps_the_place(world):
    activity, offered = _promoted(world)
    deadline = offered.offered_until
    done = services.registration_confirm(actor=world.chair, registration=offered, now=deadline)
    assert done.state == RegState.CONFIRMED
    assert states(activity)["王委员"] == RegState.WAITING
    assert taken(activity) == 1


def test_a_day_late_the_offer_is_expired_and_the_next_promoted(world):
    activity, offered = _promoted(world)
    late = offered.offered_until + DAY
    with pytest.raises(ValidationError, match="确认时间已过"):
        services.registration_confirm(actor=world.chair, registration=offered, now=late)
    assert states(activity)["李主席"] == RegState.EXPIRED
    nxt = Registration.objects.get(activity=activity, name="王委员")
    assert nxt.state == RegState.OFFERED
    assert nxt.offered_until == late + rules.EXAMPLE_CONFIRM_HOURS * HOUR
    assert taken(activity) == 1


def test_the_refresh_hook_expires_and_promotes_without_anyone_acting(world):
    activity, offered = _promoted(world)
    services.waitlist_refresh(actor=None, activity=activity, now=offered.offered_until + DAY)
    assert states(activity)["李主席"] == RegState.EXPIRED
    assert states(activity)["王委员"] == RegState.OFFERED
    entry = AuditEntry.objects.filter(action="activities.offer_expire").latest("id")
    assert entry.actor is None


def test_no_promotion_after_the_sign_up_deadline(world):
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "周会员")
    signup(world, activity, "李主席")
    with pytest.raises(ValidationError, match="报名已截止"):
        services.registration_cancel(
            actor=world.member, registration=first, now=activity.signup_closes_at
        )
    services.registration_cancel(actor=world.chair, registration=first, now=NOW + HOUR)
    assert states(activity)["李主席"] == RegState.OFFERED


def test_a_larger_capacity_lets_the_waiting_list_in(world):
    activity = make_activity(world.school, capacity=1)
    signup(world, activity, "周会员")
    signup(world, activity, "李主席")
    services.activity_save(actor=world.chair, activity=activity, fields={"capacity": 2})
    assert states(activity)["李主席"] == RegState.OFFERED
    with pytest.raises(ValidationError) as exc:
        services.activity_save(actor=world.chair, activity=activity, fields={"capacity": 1})
    assert "名额不能少于" in exc.value.message_dict["capacity"][0]


# --- the lottery ----------------------------------------------------------------------------


def test_the_draw_is_the_same_for_the_same_seed_and_entries():
    entries = [(pk, 1 + pk % 2) for pk in range(1, 21)]
    first = rules.draw(entries, 10, "2026-春游")
    assert first == rules.draw(list(reversed(entries)), 10, "2026-春游")
    assert sum(p for pk, p in entries if pk in first) <= 10
    assert first != rules.draw(entries, 10, "another seed")


def test_a_lottery_collects_entries_then_draws_by_the_recorded_seed(world):
    activity = make_activity(world.school, capacity=3, lottery=True)
    names = ["周会员", "李主席", "王委员", "赵财务", "钱经审"]
    regs = [signup(world, activity, n, at=NOW + i * HOUR) for i, n in enumerate(names)]
    assert {r.state for r in regs} == {RegState.ENTERED}
    assert taken(activity) == 0
    with pytest.raises(ValidationError, match="报名截止后"):
        services.lottery_draw(actor=world.chair, activity=activity, seed="s", now=NOW)
    after = activity.signup_closes_at
    won = services.lottery_draw(actor=world.chair, activity=activity, seed="春游-1", now=after)
    expected = rules.draw([(r.pk, 1) for r in regs], 3, "春游-1")
    assert sorted(r.pk for r in won) == sorted(expected)
    assert Registration.objects.filter(activity=activity, state=RegState.LOST).count() == 2
    activity.refresh_from_db()
    assert (activity.lottery_seed, activity.taken) == ("春游-1", 3)
    entry = AuditEntry.objects.filter(action="activities.draw").latest("id")
    assert entry.changes["lottery_seed"][1] == "春游-1"
    assert entry.changes["winners"][1] == 3
    with pytest.raises(ValidationError, match="已于"):
        services.lottery_draw(actor=world.chair, activity=activity, now=after)


# --- cancelling an activity -----------------------------------------------------------------


def test_cancelling_notifies_everyone_still_signed_up(world):
    activity = make_activity(world.school, capacity=1)
    gone = signup(world, activity, "赵财务")
    services.registration_cancel(actor=world.treasurer, registration=gone, now=NOW)
    signup(world, activity, "周会员")
    signup(world, activity, "李主席")  # waiting
    services.activity_cancel(actor=world.chair, activity=activity, reason="暴雨预警", now=NOW)
    notices = Notice.objects.filter(key=f"activities.{activity.pk}.cancelled")
    assert {n.user_id for n in notices} == {world.member.pk, world.chair.pk}
    assert "暴雨预警" in notices.first().text
    assert set(states(activity).values()) == {RegState.CANCELLED}
    assert taken(activity) == 0
    with pytest.raises(ValidationError, match="活动已取消"):
        signup(world, activity, "王委员")


def test_a_cancellation_needs_a_reason(world):
    activity = make_activity(world.school)
    with pytest.raises(ValidationError) as exc:
        services.activity_cancel(actor=world.chair, activity=activity, reason="  ", now=NOW)
    assert "取消原因" in exc.value.message_dict["reason"][0]


# --- bad input: Chinese, nothing written ----------------------------------------------------


def _nothing_written(call, message):
    rows, entries = Registration.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        call()
    assert message in "；".join(exc.value.messages)
    assert (Registration.objects.count(), AuditEntry.objects.count()) == (rows, entries)


@pytest.mark.parametrize(
    ("companions", "message"),
    [(3, "最多带 2 位家属"), (-1, "不能为负数"), ("两个", "须为整数")],
)
def test_bad_companions_are_refused(world, companions, message):
    activity = make_activity(world.school)
    _nothing_written(lambda: signup(world, activity, "周会员", companions=companions), message)


def test_companions_on_an_activity_for_members_alone(world):
    activity = make_activity(world.school, companions_allowed=False)
    _nothing_written(lambda: signup(world, activity, "周会员", companions=1), "不能带家属")


def test_signing_up_twice_is_refused(world):
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    _nothing_written(lambda: signup(world, activity, "周会员"), "不能重复报名")


def test_after_the_deadline_and_before_publishing_is_refused(world):
    activity = make_activity(world.school)
    late = activity.signup_closes_at
    _nothing_written(lambda: signup(world, activity, "周会员", at=late), "报名截止")
    draft = make_activity(world.school, publish=False)
    _nothing_written(lambda: signup(world, draft, "周会员"), "草稿")


def test_a_non_member_on_a_members_only_activity(world):
    activity = make_activity(world.school)
    staff = make_user("staff", Role.MEMBER, union=world.school)  # an account, no member record
    call = lambda: services.registration_signup(actor=staff, activity=activity, now=NOW)  # noqa: E731
    _nothing_written(call, "仅限本工会会员")
    open_to_all = make_activity(world.school, members_only=False)
    reg = services.registration_signup(actor=staff, activity=open_to_all, now=NOW)
    assert reg.member is None and reg.state == RegState.CONFIRMED


def test_an_outsider_cannot_sign_up_at_all(world):
    activity = make_activity(world.school)
    with pytest.raises(PermissionDenied):
        services.registration_signup(actor=world.outsider, activity=activity, now=NOW)


def test_the_audience_is_enforced(world):
    women = make_activity(world.school, audience=Audience.WOMEN)
    _nothing_written(lambda: signup(world, women, "周会员"), "女会员")
    assert signup(world, women, "李主席").state == RegState.CONFIRMED
    groups = make_activity(world.school, audience=Audience.GROUPS, groups=[world.maths])
    _nothing_written(lambda: signup(world, groups, "周会员"), "数学组")
    assert signup(world, groups, "赵财务").state == RegState.CONFIRMED


def test_bad_activity_fields_come_back_by_field(world):
    with pytest.raises(ValidationError) as exc:
        make_activity(
            world.school,
            publish=False,
            title=" ",
            capacity=0,
            ends_at=NOW,
            cost_per_head="-1",
            audience=Audience.BIRTHDAY,
        )
    problems = exc.value.message_dict
    assert set(problems) >= {"title", "capacity", "ends_at", "cost_per_head", "quarter"}


def test_the_culture_committee_member_runs_activities_by_their_post(world):
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Body, Post

    term = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=1,
        elected_on=datetime.date(2024, 5, 1),
        term_years=5,
    )
    org_services.position_add(
        actor=None, term=term, member=world.members["孙组长"], post=Post.MEMBER, duty=Duty.CULTURE
    )
    world.group_leader.__dict__.pop("_gonghui_grants", None)
    found = make_activity(world.school, publish=False)
    services.activity_publish(actor=world.group_leader, activity=found, now=NOW)
    with pytest.raises(PermissionDenied):
        services.activity_publish(actor=world.member, activity=found, now=NOW)


def test_the_way_places_are_given_cannot_change_once_people_signed_up(world):
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    with pytest.raises(ValidationError) as exc:
        services.activity_save(actor=world.chair, activity=activity, fields={"lottery": True})
    assert "已有人报名" in exc.value.message_dict["lottery"][0]


def test_the_pages_ask_for_a_refresh_only_when_it_would_change_something(world):
    from gonghui.activities.queries import stale_offers

    activity = make_activity(world.school, capacity=2)
    a = signup(world, activity, "周会员")
    signup(world, activity, "赵财务")
    signup(world, activity, "李主席", companions=1, at=NOW + HOUR)  # a party of two waits
    services.registration_cancel(actor=world.member, registration=a, now=NOW + 2 * HOUR)
    activity.refresh_from_db()
    assert not stale_offers(activity, NOW + 3 * HOUR)  # one place free: the head does not fit
    Activity.objects.filter(pk=activity.pk).update(taken=0)
    activity.refresh_from_db()
    assert stale_offers(activity, NOW + 3 * HOUR)
