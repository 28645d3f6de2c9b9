"""金秋助学 in the shared places: the metrics 助学人数 and 助学金额 (a federation adding up its
unions), the year-end summary's sentence (nobody named), a plan item linking the round, the
待办 for those who review, the reminder when the window has closed with applications
unreviewed. (The demo's round is checked in tests/demo/, which builds the demo once.)"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.care import services_bursary as services
from gonghui.care.rules_bursary import Level
from gonghui.core import metrics, summary, todo
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.reminders import collect
from gonghui.core.services_publicity import publicity_close
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan

from .conftest import png

TODAY = timezone.localdate()
YEAR = TODAY.year - 1
PERIOD = (datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31))


def value(key, union, start, end):
    return metrics.get(key).compute(union, start, end)


@pytest.fixture
def round_(world):
    return services.bursary_round_open(actor=world.chair, union=world.school, year=YEAR)


def apply(world, round_, name, child, level):
    return services.bursary_apply(
        actor=world.chair,
        round=round_,
        member=world.members[name],
        child_name=child,
        level=level,
        school="某学校",
        proof=png(),
        confirmed=True,
        today=round_.opens_on,
    )


@pytest.fixture
def paid(world, round_):
    """Three children paid today (two 本科/专科, one 高中); one refused."""
    for name, child, level in (
        ("周会员", "周小", Level.UNDERGRADUATE),
        ("吴老师", "吴小雨", Level.COLLEGE),
        ("吴老师", "吴小雷", Level.HIGH_SCHOOL),
    ):
        services.bursary_approve(
            actor=world.chair, application=apply(world, round_, name, child, level)
        )
    refused = apply(world, round_, "孙组长", "孙某", Level.UNDERGRADUATE)
    services.bursary_reject(actor=world.chair, application=refused, reason="定向生")
    services.bursary_publicize(
        actor=world.chair, round=round_, today=round_.closes_on + datetime.timedelta(1)
    )
    item = publicity_for(round_)
    publicity_close(actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(1))
    services.bursary_pay(actor=world.chair, round=round_, date=TODAY)
    return round_


def test_children_and_amount_paid_in_the_period_add_up_in_the_federation(world, paid):
    assert value("care.bursary_children", world.school, *PERIOD) == Decimal(3)
    assert value("care.bursary_amount", world.school, *PERIOD) == Decimal("10000.00")
    assert value("care.bursary_children", world.fed, *PERIOD) == Decimal(3)
    assert value("care.bursary_amount", world.hospital, *PERIOD) == Decimal("0.00")
    before = (PERIOD[0].replace(year=YEAR - 1), PERIOD[1].replace(year=YEAR))
    assert value("care.bursary_children", world.school, *before) == Decimal(0)


def test_nothing_paid_nothing_counted(world, round_):
    services.bursary_approve(
        actor=world.chair, application=apply(world, round_, "周会员", "周小", Level.COLLEGE)
    )
    assert value("care.bursary_children", world.school, *PERIOD) == Decimal(0)
    assert "care.bursary" not in {p.key for p in summary.paragraphs(world.school, *PERIOD)}


def test_the_summary_sentence_counts_and_names_nobody(world, paid):
    (para,) = [p for p in summary.paragraphs(world.school, *PERIOD) if p.key == "care.bursary"]
    assert para.text == (
        "开展金秋助学，资助会员子女3人（考入高等教育2人、考入高中1人），发放助学金10,000.00元。"
    )
    for name in ("周会员", "吴老师", "周小", "吴小雨", "孙组长"):
        assert name not in para.text
    (fed,) = [p for p in summary.paragraphs(world.fed, *PERIOD) if p.key == "care.bursary"]
    assert "3人" in fed.text


def test_a_plan_item_links_the_round(world, round_):
    plan = Plan.objects.create(union=world.school, year=YEAR, title="年度工作计划")
    item = plan.items.create(order=1, text="开展金秋助学活动", months=[8])
    kind = links.kind("care_bursary")
    assert kind.options(world.school, YEAR) == [(round_.pk, f"07-01 {YEAR}年金秋助学")]
    obj = kind.get(world.school, YEAR, round_.pk)
    link = plan_services.item_link(
        actor=world.chair, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == round_.get_absolute_url()
    with pytest.raises(Exception, match="金秋助学"):
        kind.get(world.hospital, YEAR, round_.pk)


def test_the_todo_counts_applications_waiting_for_review(world, round_, welfare):
    apply(world, round_, "周会员", "周小", Level.COLLEGE)
    apply(world, round_, "吴老师", "吴小雨", Level.COLLEGE)
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert texts["待审核的金秋助学申请"] == 2
    assert "待审核的金秋助学申请" in {t.text for t in todo.items(welfare, world.school)}
    for who in ("auditor", "member", "treasurer", "committee"):
        assert "待审核的金秋助学申请" not in {
            t.text for t in todo.items(world.users[who], world.school)
        }


def test_a_closed_window_with_applications_unreviewed_is_reminded(world, round_, welfare):
    waiting = apply(world, round_, "周会员", "周小", Level.COLLEGE)
    assert not [r for r in collect(round_.closes_on) if r.key.startswith("care.bursary.")]
    after = round_.closes_on + datetime.timedelta(days=1)
    (reminder,) = [r for r in collect(after) if r.key.startswith("care.bursary.")]
    assert reminder.key == f"care.bursary.{round_.pk}.closed"
    assert reminder.text == (
        f"{YEAR}年金秋助学已于 {round_.closes_on} 截止申请，还有 1 份申请待审核，"
        "审核后才能公示拟资助名单"
    )
    assert {u.username for u in reminder.recipients} == {"welfare", "chair"}
    assert "周会员" not in reminder.text
    services.bursary_approve(actor=welfare, application=waiting)
    assert not [r for r in collect(after) if r.key.startswith("care.bursary.")]
