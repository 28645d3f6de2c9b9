"""走访慰问 in the shared places: the metrics 走访人次 and 五必访及时率 (a federation adding up
its unions), the year-end summary's sentence, a plan item linking a campaign, the 待办 and
the reminders to the welfare member and the chair."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.care import services_visits
from gonghui.care.models import CampaignKind, TargetSource
from gonghui.core import metrics, summary, todo
from gonghui.core.reminders import collect
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def value(key, union, start, end):
    return metrics.get(key).compute(union, start, end)


def event(world, name, ago, *, kind="生病住院"):
    return services_visits.life_event_record(
        actor=world.chair, member=world.members[name], kind=kind, occurred_on=days_ago(ago)
    )


def visit(world, ev, ago, amount="300.00"):
    # a 住院's stay and illness (its 慰问金 goes on a voucher); other kinds ignore them
    return services_visits.care_visit_record(
        actor=world.chair,
        event=ev,
        visited_on=days_ago(ago),
        visitors="李主席",
        amount=amount,
        days=5,
        illness="肺炎",
    )


def campaign(world, name="春节送温暖", ago=5):
    return services_visits.campaign_create(
        actor=world.chair,
        union=world.school,
        name=name,
        kind=CampaignKind.SPRING,
        starts_on=days_ago(ago),
        ends_on=TODAY + datetime.timedelta(days=5),
    )


@pytest.fixture
def year_of_visits(world):
    """Within the last 30 days at the school (the deadline is 7 days):
    - 周会员: event 30 days ago, visited on day 2 (on time), visited again 10 days ago;
    - 吴老师: event 20 days ago, visited on day 7 (on time, the last day);
    - 王委员: event 20 days ago, visited on day 8 (late);
    - 孙组长: event 12 days ago, never visited (late: counted, not on time);
    - 赵财务: event 3 days ago, not yet visited (still within its days: not counted);
    - 钱经审: event 15 days ago, withdrawn (never counted);
    - a campaign visit of 李主席, 1 000.50 yuan."""
    visit(world, event(world, "周会员", 30), 28, amount="200.00")
    visit(world, world.members["周会员"].life_events.get(), 10, amount="0")
    visit(world, event(world, "吴老师", 20, kind="生育"), 13, amount="500.00")
    visit(world, event(world, "王委员", 20, kind="结婚"), 12, amount="500.00")
    event(world, "孙组长", 12)
    event(world, "赵财务", 3)
    services_visits.life_event_withdraw(
        actor=world.chair, event=event(world, "钱经审", 15), reason="重复"
    )
    found = campaign(world)
    services_visits.campaign_targets_add(
        actor=world.chair,
        campaign=found,
        source=TargetSource.PICKED,
        members=[world.members["李主席"], world.members["周会员"]],
    )
    services_visits.campaign_target_visit(
        actor=world.chair,
        target=found.targets.get(member=world.members["李主席"]),
        visited_on=TODAY,
        visitors="王委员",
        amount="1000.50",
    )
    return found


PERIOD = (days_ago(60), TODAY)


def test_visits_are_counted_in_person_times_and_add_up_in_the_federation(world, year_of_visits):
    assert value("care.visits", world.school, *PERIOD) == 5
    assert value("care.visits", world.fed, *PERIOD) == 5
    assert value("care.visits", world.hospital, *PERIOD) == 0
    # only the period's visits: from 11 days ago, the second visit and the campaign's
    assert value("care.visits", world.school, days_ago(11), TODAY) == 2


def test_the_rate_is_visits_on_time_over_events_due(world, year_of_visits):
    # due in the period and decided: 周会员, 吴老师 (on time), 王委员 (late), 孙组长 (late)
    assert value("care.visit_timely", world.school, *PERIOD) == Decimal("50.00")
    assert value("care.visit_timely", world.fed, *PERIOD) == Decimal("50.00")
    # no event due in the hospital: no figure rather than 0
    assert value("care.visit_timely", world.hospital, *PERIOD) is None
    # 赵财务's event, due in 4 days and not yet visited, is not counted before it is
    year = (days_ago(60), TODAY + datetime.timedelta(days=30))
    assert value("care.visit_timely", world.school, *year) == Decimal("50.00")
    visit(world, world.members["赵财务"].life_events.get(), 0)
    assert value("care.visit_timely", world.school, *year) == Decimal("60.00")


def test_the_rate_on_the_deadline_day_and_the_day_after(world):
    period = (days_ago(30), TODAY)
    visit(world, event(world, "周会员", 7), 0)  # visited on day 7
    assert value("care.visit_timely", world.school, *period) == Decimal("100.00")
    visit(world, event(world, "吴老师", 8), 0)  # visited on day 8
    assert value("care.visit_timely", world.school, *period) == Decimal("50.00")


def test_the_summary_sentence_counts_and_names_nobody(world, year_of_visits):
    paragraphs = {p.key: p for p in summary.paragraphs(world.school, *PERIOD)}
    assert paragraphs["care.visits"].text == (
        "走访慰问职工5人次（五必访4人次、慰问活动1人次），发放慰问金2,200.50元；"
        "五必访应走访4人次，按期走访2人次，及时率50.0%；开展慰问活动1次（春节送温暖）。"
    )
    late = paragraphs["care.visits_late"]
    assert late.shortfall and late.text == "五必访有2人次未在规定天数内走访，走访及时性有待提高。"
    for p in paragraphs.values():
        for name in world.members:
            assert name not in p.text
        assert "生病住院" not in p.text
    # the federation adds up; it names no campaign of its unions
    (fed,) = [p for p in summary.paragraphs(world.fed, *PERIOD) if p.key == "care.visits"]
    assert fed.text.endswith("开展慰问活动1次。")


def test_no_visits_no_paragraph(world):
    keys = {p.key for p in summary.paragraphs(world.school, *PERIOD)}
    assert not keys & {"care.visits", "care.visits_late"}


def test_a_plan_item_links_a_campaign_and_a_visit_without_naming_the_member(world):
    found = campaign(world, name="夏送清凉")
    ev = event(world, "周会员", 2)
    made = visit(world, ev, 1)
    plan = Plan.objects.create(union=world.school, year=TODAY.year, title="年度工作计划")
    item = plan.items.create(order=1, text="开展夏送清凉慰问活动", months=[TODAY.month])
    kind = links.kind("care_campaign")
    assert kind.options(world.school, TODAY.year) == [
        (found.pk, f"{found.starts_on:%m-%d} 夏送清凉")
    ]
    obj = kind.get(world.school, TODAY.year, found.pk)
    link = plan_services.item_link(
        actor=world.chair, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == found.get_absolute_url()
    visit_kind = links.kind("care_visit")
    label = visit_kind.name(visit_kind.get(world.school, TODAY.year, made.pk))
    assert label == f"走访慰问第{made.pk}号·五必访（李主席）"
    assert "周会员" not in label and "生病住院" not in label
    # another union's campaign cannot be linked
    with pytest.raises(ValidationError, match="慰问活动"):
        kind.get(world.hospital, TODAY.year, found.pk)


def test_the_todo_counts_late_and_due_visits_and_campaign_targets(world, year_of_visits, welfare):
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert texts["逾期未走访的生活事件（五必访）"] == 1  # 孙组长
    assert texts["待走访的生活事件（五必访）"] == 1  # 赵财务
    assert texts["慰问活动中未走访的职工"] == 1  # 周会员
    assert "逾期未走访的生活事件（五必访）" in {t.text for t in todo.items(welfare, world.school)}
    for who in ("auditor", "member", "treasurer"):
        assert not [t for t in todo.items(world.users[who], world.school) if "走访" in t.text]


def test_reminders_go_to_the_welfare_member_and_the_chair(world, welfare):
    ev = event(world, "周会员", 7)
    (due,) = [r for r in collect(TODAY) if r.key.startswith("care.visit.")]
    assert due.key == f"care.visit.{ev.pk}.due"
    assert {u.username for u in due.recipients} == {"welfare", "chair"}
    assert due.text.startswith("「周会员」") and f"请于 {TODAY} 前走访慰问" in due.text
    tomorrow = TODAY + datetime.timedelta(days=1)
    (late,) = [r for r in collect(tomorrow) if r.key.startswith("care.visit.")]
    assert late.key == f"care.visit.{ev.pk}.late" and "已逾期" in late.text
    visit(world, ev, 0)
    assert not [r for r in collect(tomorrow) if r.key.startswith("care.visit.")]
