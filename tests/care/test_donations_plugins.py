"""捐款 in the shared places: the metrics 捐款人次 and 捐款金额 (reversals taken off, a federation
adding up its unions), the year-end summary's sentence (nobody named), a plan item linking the
campaign, the 待办 and the reminders (past its last day and still running; ended with money not
handed over), the menu entries and the audit trail's Chinese names."""

import datetime
from decimal import Decimal

import pytest

from gonghui.care import services_donations as services
from gonghui.care.models_donations import PayMethod
from gonghui.core import audit, metrics, nav, summary, todo
from gonghui.core.reminders import collect
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan

YEAR = 2026
PERIOD = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
START, END = datetime.date(YEAR, 3, 1), datetime.date(YEAR, 3, 31)
DAY = datetime.date(YEAR, 3, 10)


def value(key, union, start=PERIOD[0], end=PERIOD[1]):
    return metrics.get(key).compute(union, start, end)


def campaign_of(world, union, actor, name="慈善一日捐", kind="one_day"):
    found = services.donation_campaign_create(
        actor=actor, union=union, name=name, kind=kind, purpose="资助困难职工家庭",
        starts_on=START, ends_on=END, recipient="区慈善总会",
    )  # fmt: skip
    return services.donation_campaign_open(actor=actor, campaign=found, today=START)


def pay(world, campaign, name, amount, actor=None, method=PayMethod.CASH):
    return services.donation_pay(
        actor=actor or world.chair, campaign=campaign, member=world.members[name], amount=amount,
        method=method, on=DAY, today=DAY,
    )  # fmt: skip


@pytest.fixture
def given(world):
    """The school: a 一日捐 (3 members, one of them twice, one reversed) and a 爱心捐款 (1);
    the hospital: one member."""
    one_day = campaign_of(world, world.school, world.chair)
    pay(world, one_day, "周会员", "100")
    pay(world, one_day, "周会员", "50")
    pay(world, one_day, "吴老师", "200", method=PayMethod.DIRECT)
    wrong = pay(world, one_day, "孙组长", "80")
    services.donation_reverse(actor=world.chair, entry=wrong, reason="误登记", today=DAY)
    love = campaign_of(world, world.school, world.chair, "抗洪救灾爱心捐款", "love")
    pay(world, love, "周会员", "30")
    hospital = campaign_of(world, world.hospital, world.outsider)
    pay(world, hospital, "郑护士", "500", actor=world.outsider)
    return one_day, love, hospital


def test_times_and_amount_in_the_period_add_up_in_the_federation(world, given):
    assert value("care.donation_times", world.school) == Decimal(3)  # 周会员 ×2 campaigns, 吴老师
    assert value("care.donation_amount", world.school) == Decimal("380.00")
    assert value("care.donation_times", world.fed) == Decimal(4)
    assert value("care.donation_amount", world.fed) == Decimal("880.00")
    before = (datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31))
    assert value("care.donation_amount", world.school, *before) == Decimal("0.00")
    assert metrics.match("全年开展一日捐活动，捐款金额5万元").key == "care.donation_amount"
    assert metrics.match("参与捐款人次达200人次").key == "care.donation_times"


def test_the_summary_sentence_counts_and_names_nobody(world, given):
    one_day, _, _ = given
    services.donation_campaign_close(actor=world.chair, campaign=one_day, today=END)
    services.donation_handover(actor=world.chair, campaign=one_day, on=END, amount="150",
                               receipt_no="CS-1", today=END)  # fmt: skip
    (para,) = [p for p in summary.paragraphs(world.school, *PERIOD) if p.key == "care.donations"]
    assert para.text == (
        "组织一日捐、爱心捐款等捐款活动2次，会员捐款3人次，共380.00元，向接收单位上交善款150.00元。"
    )
    for name in ("周会员", "吴老师", "孙组长"):
        assert name not in para.text
    assert "care.donations" not in {
        p.key for p in summary.paragraphs(world.school, datetime.date(2025, 1, 1),
                                          datetime.date(2025, 12, 31))
    }  # fmt: skip


def test_a_plan_item_links_the_campaign(world, given):
    one_day, _, _ = given
    plan = Plan.objects.create(union=world.school, year=YEAR, title="年度工作计划")
    item = plan.items.create(order=1, text="组织开展慈善一日捐活动", months=[3])
    kind = links.kind("care_donation")
    assert (one_day.pk, "03-01 慈善一日捐") in kind.options(world.school, YEAR)
    obj = kind.get(world.school, YEAR, one_day.pk)
    link = plan_services.item_link(
        actor=world.chair, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == one_day.get_absolute_url()
    with pytest.raises(Exception, match="捐款活动"):
        kind.get(world.hospital, YEAR, one_day.pk)


def _todos(user, union):
    return {t.text: t.count for t in todo.items(user, union)}


def test_the_todo_and_reminders_of_a_campaign_past_its_end_and_not_handed_over(
    world, given, welfare
):
    one_day, love, hospital = given
    after = END + datetime.timedelta(days=1)
    late = {r.key: r for r in collect(after) if r.key.startswith("care.donation.")}
    assert set(late) == {f"care.donation.{c.pk}.ended" for c in given}
    assert {u.username for u in late[f"care.donation.{hospital.pk}.ended"].recipients} == {
        "outsider"
    }
    assert {u.username for u in late[f"care.donation.{love.pk}.ended"].recipients} == {
        "welfare",
        "chair",
    }
    services.donation_campaign_close(actor=world.chair, campaign=one_day, today=after)
    services.donation_campaign_close(actor=world.chair, campaign=love, today=after)
    services.donation_campaign_close(actor=world.outsider, campaign=hospital, today=after)
    services.donation_handover(actor=world.outsider, campaign=hospital, on=after, amount="500",
                               receipt_no="H-1", today=after)  # fmt: skip
    found = {r.key: r.text for r in collect(after) if r.key.startswith("care.donation.")}
    assert found == {
        f"care.donation.{one_day.pk}.handover": "捐款活动「慈善一日捐」已结束，"
        "工会收取的善款还有 150.00 元未上交接收单位",
        f"care.donation.{love.pk}.handover": "捐款活动「抗洪救灾爱心捐款」已结束，"
        "工会收取的善款还有 30.00 元未上交接收单位",
    }
    assert _todos(world.chair, world.school)["已结束未上交善款的捐款活动"] == 2
    assert _todos(welfare, world.school)["已结束未上交善款的捐款活动"] == 2
    for who in ("auditor", "member", "treasurer", "group_leader"):
        assert "已结束未上交善款的捐款活动" not in _todos(world.users[who], world.school)
    services.donation_handover(actor=world.chair, campaign=one_day, on=after, amount="150",
                               receipt_no="CS-9", today=after)  # fmt: skip
    assert _todos(world.chair, world.school)["已结束未上交善款的捐款活动"] == 1
    assert [r.key for r in collect(after) if r.key.startswith("care.donation.")] == [
        f"care.donation.{love.pk}.handover"
    ]


def test_a_campaign_running_past_its_end_is_a_todo(world, given):
    today = datetime.date.today()
    running = services.donation_campaign_create(
        actor=world.chair, union=world.school, name="逾期未结束", kind="other", purpose="x",
        starts_on=today - datetime.timedelta(days=9), ends_on=today - datetime.timedelta(days=1),
    )  # fmt: skip
    services.donation_campaign_open(
        actor=world.chair, campaign=running, today=today - datetime.timedelta(days=9)
    )
    # the fixture's two campaigns ended in March too; all three wait to be ended
    count = _todos(world.chair, world.school)["已过截止日期、尚未结束的捐款活动"]
    assert count == (3 if today > END else 1)


def test_menus_and_audit_names(world, given):
    entries = {(i.label, i.url_name, i.menu) for i in nav.NAV}
    assert ("捐款活动", "care:donation_campaigns", "care") in entries
    assert ("我的捐款", "care:donation_mine", "mine") in entries
    for action in ("care.donation_batch", "care.donation_reverse", "care.donation_handover"):
        assert audit.action_label(action) != action
