"""体检 in the shared places: the metrics 体检率 and 体检人次 (a federation adding up its unions;
no campaign, no rate), the year-end summary's sentence (nobody named), a plan item linking
the campaign, the 待办 for those who mark, the reminders (the member's appointment tomorrow,
to them alone; a window closing with people not done, to the welfare member and the
chairs), the menu entries and the audit labels."""

import datetime
from decimal import Decimal

import pytest

from gonghui.care import services_health as services
from gonghui.care.models_health import AbsentReason
from gonghui.core import audit, metrics, nav, summary, todo
from gonghui.core.reminders import collect
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan

from .health_support import TODAY, day, make_campaign, slot, target

PERIOD = (datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31))


def value(key, union, start, end):
    return metrics.get(key).compute(union, start, end)


@pytest.fixture
def marked(world):
    """This year's campaign (from the first of the year, so the period holds it): seven due,
    three done (one woman did her general check only), one not, three open."""
    campaign = make_campaign(world, start=0, end=20, capacity=3)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    for name in ("周会员", "王委员"):
        services.health_done(actor=world.chair, target=target(world, campaign, name))
    services.health_done(
        actor=world.chair, target=target(world, campaign, "吴老师"), screening=False
    )
    services.health_absent(
        actor=world.chair, target=target(world, campaign, "钱经审"), reason=AbsentReason.SICK
    )
    return campaign


def test_the_rate_and_the_count_add_up_in_the_federation(world, marked):
    assert value("care.health_rate", world.school, *PERIOD) == Decimal("42.9")
    assert value("care.health_done", world.school, *PERIOD) == Decimal(3)
    assert value("care.health_rate", world.fed, *PERIOD) == Decimal("42.9")
    assert value("care.health_rate", world.hospital, *PERIOD) is None  # no campaign: no rate
    assert value("care.health_done", world.hospital, *PERIOD) == Decimal(0)
    elsewhere = make_campaign(world, union=world.hospital, actor=world.outsider, start=0)
    services.health_targets_add(actor=world.outsider, campaign=elsewhere)
    services.health_done(actor=world.outsider, target=elsewhere.targets.get())
    assert value("care.health_rate", world.fed, *PERIOD) == Decimal("50.0")  # 4 of 8
    assert value("care.health_done", world.fed, *PERIOD) == Decimal(4)


def test_the_summary_sentence_counts_and_names_nobody(world, marked):
    (para,) = [p for p in summary.paragraphs(world.school, *PERIOD) if p.key == "care.health"]
    assert para.text == (
        "受单位行政委托组织职工健康体检1次，应检7人，已完成3人，体检率42.9%；"
        "其中女职工妇科/两癌筛查应检4人，已完成0人。"
    )
    for name in ("周会员", "吴老师", "县人民医院"):
        assert name not in para.text


def test_no_campaign_no_paragraph(world):
    assert "care.health" not in {p.key for p in summary.paragraphs(world.school, *PERIOD)}


def test_a_plan_item_links_the_campaign(world):
    campaign = make_campaign(world)
    plan = Plan.objects.create(union=world.school, year=campaign.year, title="年度工作计划")
    item = plan.items.create(order=1, text="做好教职工体检工作", months=[6])
    kind = links.kind("care_health")
    assert kind.options(world.school, campaign.year) == [
        (campaign.pk, f"{campaign.starts_on:%m-%d} 年度体检")
    ]
    obj = kind.get(world.school, campaign.year, campaign.pk)
    link = plan_services.item_link(
        actor=world.chair, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == campaign.get_absolute_url()
    with pytest.raises(Exception, match="体检活动"):
        kind.get(world.hospital, campaign.year, campaign.pk)


def test_the_todo_counts_appointments_passed_without_a_mark(world, welfare):
    campaign = make_campaign(world)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    services.health_book(
        actor=world.chair,
        target=target(world, campaign, "周会员"),
        slot=slot(campaign, -2),
        today=day(-3),
    )
    services.health_book(
        actor=world.chair, target=target(world, campaign, "王委员"), slot=slot(campaign, 2)
    )
    line = "体检待登记是否参加（预约日已过）"
    assert {t.text: t.count for t in todo.items(world.chair, world.school)}[line] == 1
    assert line in {t.text for t in todo.items(welfare, world.school)}
    for who in ("auditor", "member", "treasurer", "committee", "group_leader"):
        assert line not in {t.text for t in todo.items(world.users[who], world.school)}
    services.health_done(actor=world.chair, target=target(world, campaign, "周会员"))
    assert line not in {t.text for t in todo.items(world.chair, world.school)}


def test_the_member_is_reminded_the_day_before_and_nobody_else(world):
    campaign = make_campaign(world, notice="空腹")
    services.health_targets_add(actor=world.chair, campaign=campaign)
    mine = target(world, campaign, "周会员")
    services.health_book(actor=world.member, target=mine, slot=slot(campaign, 3))
    assert not [r for r in collect(day(1)) if r.key.endswith(".tomorrow")]
    (reminder,) = [r for r in collect(day(2)) if r.key.endswith(".tomorrow")]
    assert reminder.recipients == (world.member,)
    assert reminder.key == f"care.health.{mine.pk}.{day(3)}.tomorrow"
    assert reminder.text.startswith(
        f"您已预约明天 {slot(campaign, 3).label}在县人民医院体检中心体检"
    )
    assert "地点：人民路 1 号" in reminder.text


def test_a_closing_window_with_people_not_done_reminds_the_welfare_member(world, welfare):
    campaign = make_campaign(world, end=5)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    assert not [r for r in collect(day(1)) if r.key.endswith(".closing")]
    (reminder,) = [r for r in collect(day(2)) if r.key.endswith(".closing")]
    assert reminder.key == f"care.health.{campaign.pk}.closing"
    assert reminder.text == (
        f"年度体检将于 {day(5)} 截止，还有 7 人未完成体检（待预约或已预约），请提醒职工按时参加"
    )
    assert {u.username for u in reminder.recipients} == {"welfare", "chair"}
    for t in campaign.targets.all():
        services.health_done(actor=world.chair, target=t)
    assert not [r for r in collect(day(2)) if r.key.endswith(".closing")]


def test_menus_and_audit_labels():
    entries = {(i.label, i.url_name, i.menu) for i in nav.NAV}
    assert ("职工体检", "care:health_campaigns", "care") in entries
    assert ("我的体检", "care:health_mine", "mine") in entries
    assert audit.ACTIONS["care.health_book"] == "体检预约"
    assert audit.ACTIONS["care.health_done"] == "登记体检已完成"
