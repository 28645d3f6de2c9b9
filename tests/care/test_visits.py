"""走访慰问: a life event makes a visit due within N days (on day N on time, on day N+1
late), the visit records goods and money, refusals write nothing, the settings (五必访 list
and the days) are inherited, and a campaign's targets are added once per member."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.care import services, services_visits
from gonghui.care.models import (
    CampaignKind,
    CampaignTarget,
    CareVisit,
    EventState,
    FileState,
    LifeEvent,
    TargetSource,
)
from gonghui.care.queries import settings_for
from gonghui.care.queries_visits import event_list
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Member, MemberStatus

from .conftest import figures, run_to

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def record(world, *, actor=None, member="周会员", kind="生病住院", on=None, notes=""):
    return services_visits.life_event_record(
        actor=actor or world.chair,
        member=world.members[member],
        kind=kind,
        occurred_on=on or TODAY,
        notes=notes,
    )


def visit(actor, event, *, on=None, amount="300.00", goods="水果"):
    # a 住院's stay and illness (its 慰问金 goes on a voucher); other kinds ignore them
    return services_visits.care_visit_record(
        actor=actor,
        event=event,
        visited_on=on or TODAY,
        visitors="李主席、吴老师",
        goods=goods,
        amount=amount,
        days=5,
        illness="肺炎",
    )


# --- the deadline ---------------------------------------------------------------------------


def test_the_visit_is_due_on_day_n_and_late_on_day_n_plus_1(world):
    n = settings_for(world.school).visit_days
    assert n == 7  # the example default
    on_day_n = record(world, on=days_ago(n))
    on_day_n1 = record(world, member="吴老师", on=days_ago(n + 1))
    assert on_day_n.due_on == TODAY and on_day_n1.due_on == TODAY - datetime.timedelta(days=1)
    assert not on_day_n.is_overdue(TODAY) and on_day_n1.is_overdue(TODAY)
    assert list(event_list(world.school, "overdue", TODAY)) == [on_day_n1]
    assert set(event_list(world.school, "open", TODAY)) == {on_day_n, on_day_n1}
    # both visited today: the first on time (its N-th day), the second a day late
    visit(world.chair, on_day_n)
    visit(world.chair, on_day_n1)
    on_day_n.refresh_from_db()
    on_day_n1.refresh_from_db()
    assert on_day_n.state == on_day_n1.state == EventState.VISITED
    assert on_day_n.on_time is True and on_day_n1.on_time is False


def test_the_deadline_follows_the_unions_setting_and_a_change_moves_no_deadline(world):
    services.care_settings_save(actor=world.chair, union=world.school, fields={"visit_days": 3})
    event = record(world, on=days_ago(1))
    assert event.due_on == days_ago(1) + datetime.timedelta(days=3)
    services.care_settings_save(actor=world.chair, union=world.school, fields={"visit_days": 10})
    event.refresh_from_db()
    assert event.due_on == days_ago(1) + datetime.timedelta(days=3)


def test_a_second_visit_is_recorded_and_the_first_decides_on_time(world):
    event = record(world, on=days_ago(10))
    visit(world.chair, event, on=days_ago(9))
    visit(world.chair, event, on=TODAY)
    event.refresh_from_db()
    assert event.visited_on == days_ago(9) and event.on_time
    assert CareVisit.objects.filter(event=event).count() == 2


def test_the_visit_keeps_goods_and_money_in_yuan_to_the_fen(world):
    event = record(world)
    made = visit(world.chair, event, amount="1,280.50", goods="水果一篮")
    made.refresh_from_db()
    assert made.amount == Decimal("1280.50") and made.goods == "水果一篮"
    # paid through a draft voucher (tests/care/test_visits_money.py)
    assert made.voucher_share.amount == Decimal("1280.50")
    assert visit(world.chair, record(world, member="吴老师"), amount="").amount == Decimal("0.00")


# --- refusals -------------------------------------------------------------------------------


def _nothing_written(before_audit, before_events=0, before_visits=0):
    assert AuditEntry.objects.count() == before_audit
    assert LifeEvent.objects.count() == before_events
    assert CareVisit.objects.count() == before_visits


def test_an_event_for_someone_not_on_the_roll_is_refused(world):
    Member.objects.filter(pk=world.members["吴老师"].pk).update(status=MemberStatus.LEFT)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="不是本会在册会员"):
        record(world, member="吴老师")
    _nothing_written(before)


def test_a_member_who_died_may_still_have_the_event_recorded_by_the_committee(world):
    member = world.members["吴老师"]
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.DECEASED)
    event = record(world, member="吴老师", kind="会员去世")
    assert event.kind == "会员去世" and event.state == EventState.DUE


def test_refused_events_say_why_by_field_and_write_nothing(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        record(world, kind="升职加薪", on=TODAY + datetime.timedelta(days=1))
    assert caught.value.message_dict == {
        "kind": ["请从本会的五必访事件中选择事件类型。"],
        "occurred_on": ["请填写事件日期（不能晚于今天）。"],
    }
    record(world, on=days_ago(2))
    with pytest.raises(ValidationError, match="已经记录过了"):
        record(world, on=days_ago(2))
    assert LifeEvent.objects.count() == 1
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "慰问金不能为负数"),
        ("300.125", "超过两位小数"),
        ("三百", "不是有效的金额"),
    ],
)
def test_a_bad_amount_is_refused_with_its_message(world, amount, message):
    event = record(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        visit(world.chair, event, amount=amount)
    assert message in caught.value.message_dict["amount"][0]
    _nothing_written(before, before_events=1)
    event.refresh_from_db()
    assert event.state == EventState.DUE


def test_a_visit_before_its_event_or_in_the_future_is_refused(world):
    event = record(world, on=days_ago(3))
    with pytest.raises(ValidationError) as caught:
        visit(world.chair, event, on=days_ago(4))
    expected = f"走访日期不能早于事件日期（{days_ago(3):%Y-%m-%d}）。"
    assert caught.value.message_dict["visited_on"] == [expected]
    with pytest.raises(ValidationError, match="不能晚于今天"):
        visit(world.chair, event, on=TODAY + datetime.timedelta(days=1))
    assert not CareVisit.objects.exists()


@pytest.mark.parametrize("who", ["treasurer", "committee", "group_leader", "auditor", "outsider"])
def test_someone_without_care_change_records_nothing(world, who):
    actor = world.users[who]
    with pytest.raises(PermissionDenied):
        record(world, actor=actor)
    event = record(world)
    with pytest.raises(PermissionDenied):
        visit(actor, event)
    with pytest.raises(PermissionDenied):
        services_visits.life_event_withdraw(actor=actor, event=event, reason="重复")
    assert not CareVisit.objects.exists()


def test_the_welfare_member_records_events_and_visits(world, welfare):
    event = record(world, actor=welfare)
    assert visit(welfare, event).recorded_by == welfare


def test_a_member_reports_their_own_event_but_no_one_elses(world):
    mine = record(world, actor=world.member, member="周会员", notes="市人民医院")
    assert mine.self_reported and mine.recorded_by == world.member
    with pytest.raises(PermissionDenied):
        record(world, actor=world.member, member="吴老师")
    with pytest.raises(PermissionDenied):
        visit(world.member, mine)  # the visit is the committee's


def test_a_withdrawn_event_leaves_the_list_and_takes_no_visit(world):
    event = record(world, on=days_ago(9))
    with pytest.raises(ValidationError):
        services_visits.life_event_withdraw(actor=world.chair, event=event, reason="")
    services_visits.life_event_withdraw(actor=world.chair, event=event, reason="重复记录")
    assert not event_list(world.school, "open", TODAY).exists()
    with pytest.raises(ValidationError, match="已撤销"):
        visit(world.chair, event)
    # the same event may be recorded again once the mistaken one is withdrawn
    assert record(world, on=days_ago(9)).state == EventState.DUE


# --- settings -------------------------------------------------------------------------------


def test_the_five_visits_list_is_inherited_from_the_federation(world):
    assert "生病住院" in settings_for(world.school).visit_kinds  # the example
    services.care_settings_save(
        actor=world.fed_admin,
        union=world.fed,
        fields={"visit_kinds": "生病住院\n结婚\n体检休养\n结婚", "visit_days": "5"},
    )
    found = settings_for(world.school)
    assert found.visit_kinds == ["生病住院", "结婚", "体检休养"] and found.visit_days == 5
    assert found.inherited_from == world.fed
    with pytest.raises(ValidationError, match="五必访事件"):
        record(world, kind="生育")
    assert record(world, kind="体检休养").due_on == TODAY + datetime.timedelta(days=5)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"visit_kinds": "  \n "}, "至少填写一种"),
        ({"visit_days": "0"}, "1 到 90 天"),
        ({"visit_days": "91"}, "1 到 90 天"),
        ({"visit_days": "七"}, "整数"),
        ({"visit_kinds": "生病住院并且需要家属长期陪护的严重情况说明"}, "太长"),
    ],
)
def test_bad_visit_settings_are_refused(world, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.care_settings_save(actor=world.chair, union=world.school, fields=fields)


# --- campaigns ------------------------------------------------------------------------------


@pytest.fixture
def campaign(world):
    return services_visits.campaign_create(
        actor=world.chair,
        union=world.school,
        name="春节送温暖",
        kind=CampaignKind.SPRING,
        starts_on=days_ago(5),
        ends_on=TODAY + datetime.timedelta(days=10),
    )


def test_targets_are_added_once_per_campaign_whatever_the_source(world, campaign, applied):
    run_to(applied, FileState.FILED, world.chair)
    retiree = world.members["孙组长"]
    Member.objects.filter(pk=retiree.pk).update(status=MemberStatus.RETIRED)
    add = services_visits.campaign_targets_add
    assert add(actor=world.chair, campaign=campaign, source=TargetSource.HARDSHIP) == 1
    assert add(actor=world.chair, campaign=campaign, source=TargetSource.HARDSHIP) == 0
    assert add(actor=world.chair, campaign=campaign, source=TargetSource.RETIRED) == 1
    # a whole group picked: 周会员 and 孙组长 are on the list already
    chinese = list(Member.objects.filter(group=world.chinese).current())
    added = add(actor=world.chair, campaign=campaign, source=TargetSource.PICKED, members=chinese)
    assert added == len(chinese) - 2
    assert (
        add(actor=world.chair, campaign=campaign, source=TargetSource.PICKED, members=chinese) == 0
    )
    members = list(
        CampaignTarget.objects.filter(campaign=campaign).values_list("member", flat=True)
    )
    assert len(members) == len(set(members)) == len(chinese)
    entries = AuditEntry.objects.filter(action="care.campaign_targets")
    assert [e.changes["targets"] for e in entries.order_by("id")] == [
        [0, 1],
        [1, 2],
        [2, len(chinese)],
    ]


def test_frontline_staff_in_post_are_a_source(world, campaign):
    Member.objects.filter(pk=world.members["吴老师"].pk).update(is_frontline=True)
    Member.objects.filter(pk=world.members["王委员"].pk).update(
        is_frontline=True, status=MemberStatus.LEFT
    )
    add = services_visits.campaign_targets_add
    assert add(actor=world.chair, campaign=campaign, source=TargetSource.FRONTLINE) == 1
    assert campaign.targets.get().member == world.members["吴老师"]


def test_adding_targets_is_one_transaction(world, campaign, monkeypatch):
    """A failure while adding leaves nobody added (and no audit entry)."""
    from gonghui.core import audit

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(audit, "record", broken)
    chinese = list(Member.objects.filter(group=world.chinese).current())
    with pytest.raises(RuntimeError):
        services_visits.campaign_targets_add(
            actor=world.chair, campaign=campaign, source=TargetSource.PICKED, members=chinese
        )
    assert not CampaignTarget.objects.exists()


def test_a_target_is_visited_once_and_a_visited_one_stays_on_the_list(world, campaign):
    services_visits.campaign_targets_add(
        actor=world.chair,
        campaign=campaign,
        source=TargetSource.PICKED,
        members=[world.members["周会员"], world.members["吴老师"]],
    )
    first, second = campaign.targets.order_by("id")
    with pytest.raises(ValidationError, match="不能早于活动开始日期"):
        services_visits.campaign_target_visit(
            actor=world.chair, target=first, visited_on=days_ago(6), visitors="李主席"
        )
    made = services_visits.campaign_target_visit(
        actor=world.chair, target=first, visited_on=TODAY, visitors="李主席", amount="500"
    )
    assert made.campaign == campaign and made.member == world.members["周会员"]
    with pytest.raises(ValidationError, match="已走访"):
        services_visits.campaign_target_visit(
            actor=world.chair, target=first, visited_on=TODAY, visitors="李主席"
        )
    with pytest.raises(ValidationError, match="已走访的对象不能移出"):
        services_visits.campaign_target_remove(actor=world.chair, target=first)
    services_visits.campaign_target_remove(actor=world.chair, target=second)
    assert list(campaign.targets.all()) == [first]


def test_a_campaign_is_refused_for_a_federation_or_with_dates_reversed(world):
    with pytest.raises(ValidationError, match="基层工会"):
        services_visits.campaign_create(
            actor=None,
            union=world.fed,
            name="重阳",
            kind=CampaignKind.CHONGYANG,
            starts_on=TODAY,
            ends_on=TODAY,
        )
    with pytest.raises(ValidationError) as caught:
        services_visits.campaign_create(
            actor=world.chair,
            union=world.school,
            name="",
            kind="party",
            starts_on=TODAY,
            ends_on=days_ago(1),
        )
    assert set(caught.value.message_dict) == {"name", "kind", "ends_on"}
    with pytest.raises(PermissionDenied):
        services_visits.campaign_create(
            actor=world.treasurer,
            union=world.school,
            name="夏送清凉",
            kind=CampaignKind.SUMMER,
            starts_on=TODAY,
            ends_on=TODAY,
        )


def test_audit_entries_name_no_member_and_no_event_kind(world):
    event = record(world, kind="生病住院", notes="肺部手术")
    visit(world.chair, event)
    for entry in AuditEntry.objects.filter(action__in=["care.event", "care.visit_record"]):
        text = f"{entry.object_repr} {entry.changes}"
        assert "周会员" not in text and "生病住院" not in text and "肺部" not in text


def test_a_hardship_review_still_works_beside_the_visits(world, applied):
    """The settings row now carries the 五必访 fields: the 低保 line is read as before."""
    file = run_to(applied, FileState.FILED, world.chair)
    services.hardship_review(actor=world.chair, file=file, **figures())
