"""互助保障 in the shared places: the metrics 投保率 (a rate at the period's end, not
cumulative), 参保人数 and 理赔金额 (a federation adding up its unions), the year-end summary's
sentence (nobody named), a plan item linking a plan, the 待办 for those who handle claims,
the renewal reminder 30 days before a plan ends, the menus, the audit names; the federation's
投保率 in three queries however many unions it has. (The demo's plan is checked in
tests/demo/, which builds the demo once; see also test_the_demo_school_* there.)"""

import datetime
from decimal import Decimal

import pytest

from gonghui.care import queries_insurance as queries
from gonghui.care import services_insurance as services
from gonghui.core import audit, metrics, nav, summary, todo
from gonghui.core.reminders import collect
from gonghui.members import services as member_services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Sex, Union, UnionKind
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan

from .test_insurance import END, START, TODAY, new_plan


def value(key, union, start=START, end=TODAY):
    return metrics.get(key).compute(union, start, end)


@pytest.fixture
def plan(world):
    found = new_plan(world)
    services.insurance_enrol(actor=world.chair, plan=found, group=world.chinese, on=START)
    return found


def paid_claim(world, plan, name="周会员", amount="2400"):
    found = services.insurance_claim_record(
        actor=world.chair,
        plan=plan,
        member=world.members[name],
        event_on=TODAY - datetime.timedelta(days=10),
        claimed="3200",
        diagnosis="急性阑尾炎",
    )
    return services.insurance_claim_pay(actor=world.chair, claim=found, paid=amount, paid_on=TODAY)


def test_the_rate_and_the_count_at_the_periods_end(world, plan):
    assert value("care.insurance_enrolled", world.school) == Decimal(4)
    assert value("care.insurance_rate", world.school) == Decimal("57.14")  # 4 of 7
    assert value("care.insurance_rate", world.fed) == Decimal("50.00")  # 4 of 8
    assert value("care.insurance_rate", world.hospital) == Decimal("0.00")
    # before the plan's period nobody was covered: a rate, not a running count
    before = START - datetime.timedelta(days=1)
    assert value("care.insurance_enrolled", world.school, before, before) == Decimal(0)
    assert metrics.get("care.insurance_rate").cumulative is False
    assert metrics.get("care.insurance_paid").cumulative is True


def test_a_withdrawal_and_a_member_gone_leave_the_rate(world, plan):
    from gonghui.members import services as member_services

    services.insurance_withdraw(
        actor=world.chair,
        enrollment=plan.enrollments.get(member__name="周会员"),
        reason="调离",
        on=TODAY,
    )
    assert value("care.insurance_enrolled", world.school) == Decimal(3)
    yesterday = TODAY - datetime.timedelta(days=1)
    assert value("care.insurance_enrolled", world.school, START, yesterday) == Decimal(4)
    member_services.member_leave(
        actor=None, member=world.members["王委员"], on=TODAY, reason="辞职"
    )
    assert value("care.insurance_enrolled", world.school) == Decimal(2)
    assert value("care.insurance_rate", world.school) == Decimal("33.33")  # 2 of 6


def test_claims_paid_in_the_period(world, plan):
    paid_claim(world, plan)
    paid_claim(world, plan, "李主席", "0.10")
    assert value("care.insurance_paid", world.school) == Decimal("2400.10")
    assert value("care.insurance_paid", world.fed) == Decimal("2400.10")
    earlier = (START, TODAY - datetime.timedelta(days=1))
    assert value("care.insurance_paid", world.school, *earlier) == Decimal("0.00")


def test_the_summary_sentence_counts_and_names_nobody(world, plan):
    paid_claim(world, plan)
    (para,) = [
        p for p in summary.paragraphs(world.school, START, TODAY) if p.key == "care.insurance"
    ]
    assert para.text == (
        "组织会员参加职工互助保障（1个保障计划），期末参保4人，投保率57.1%；"
        "办理理赔1件，赔付金额2,400.00元。"
    )
    assert "周会员" not in para.text and "阑尾炎" not in para.text
    (fed,) = [p for p in summary.paragraphs(world.fed, START, TODAY) if p.key == "care.insurance"]
    assert "期末参保4人，投保率50.0%" in fed.text
    assert not [p for p in summary.paragraphs(world.hospital, START, TODAY) if "互助" in p.text]


def test_a_plan_item_links_the_plan(world, plan):
    year = START.year
    item = Plan.objects.create(union=world.school, year=year, title="年度工作计划").items.create(
        order=1, text="组织会员参加职工互助保障", months=[3]
    )
    kind = links.kind("care_insurance")
    assert (plan.pk, f"{START:%m-%d} 职工住院医疗互助保障") in kind.options(world.school, year)
    obj = kind.get(world.school, year, plan.pk)
    link = plan_services.item_link(
        actor=world.chair, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == plan.get_absolute_url()
    with pytest.raises(Exception, match="互助保障计划"):
        kind.get(world.hospital, year, plan.pk)


def test_the_todo_counts_claims_being_handled(world, plan, welfare):
    found = services.insurance_claim_record(
        actor=world.chair,
        plan=plan,
        member=world.members["周会员"],
        event_on=TODAY,
        claimed="100",
    )
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert texts["待办理的互助保障理赔"] == 1
    assert "待办理的互助保障理赔" in {t.text for t in todo.items(welfare, world.school)}
    for who in ("auditor", "member", "treasurer", "committee"):
        assert "待办理的互助保障理赔" not in {
            t.text for t in todo.items(world.users[who], world.school)
        }
    services.insurance_claim_deny(actor=world.chair, claim=found, reason="材料不全")
    assert "待办理的互助保障理赔" not in {t.text for t in todo.items(world.chair, world.school)}


def test_a_plan_ending_within_30_days_is_reminded_until_renewed(world, plan, welfare):
    def mine(day):
        return [r for r in collect(day) if r.key.startswith("care.insurance.")]

    assert not mine(END - datetime.timedelta(days=31))
    (reminder,) = mine(END - datetime.timedelta(days=30))
    assert reminder.key == f"care.insurance.{plan.pk}.renew"
    assert (
        reminder.text
        == f"互助保障计划“职工住院医疗互助保障”的保障期将于 {END} 结束，请及时办理续保"
    )
    assert {u.username for u in reminder.recipients} == {"welfare", "chair"}
    assert mine(END) and not mine(END + datetime.timedelta(days=1))
    services.insurance_plan_renew(actor=world.chair, plan=plan)
    assert not [r for r in mine(END - datetime.timedelta(days=30)) if str(plan.pk) in r.key]


def test_the_federations_rates_take_three_queries_however_many_unions(
    world, plan, django_assert_num_queries
):
    with django_assert_num_queries(3):
        total, rows = queries.tree_rates(world.fed, TODAY)
    assert (total.members, total.enrolled) == (8, 4)
    assert [(r.name, r.enrolled, r.members) for r in rows] == [
        ("卫生院工会", 0, 1),
        ("第一中学工会", 4, 7),
    ]
    town = org_services.union_create(
        actor=None, name="东街道总工会", code="east", kind=UnionKind.TOWN, parent=world.fed
    )
    for n in range(12):
        org_services.union_create(
            actor=None, name=f"东街企业{n}工会", code=f"east{n}", kind="enterprise", parent=town
        )
    member_services.member_create(
        actor=None, union=Union.objects.get(code="east3"), name="钟职工", sex=Sex.MALE
    )
    with django_assert_num_queries(3):
        total, rows = queries.tree_rates(world.fed, TODAY)
    # the town's row holds its whole subtree (a member of one of its enterprises)
    assert [(r.name, r.members) for r in rows] == [
        ("东街道总工会", 1),
        ("卫生院工会", 1),
        ("第一中学工会", 7),
    ]
    school_total, none = queries.tree_rates(world.school, TODAY)
    assert (school_total.enrolled, none) == (4, [])
    assert dict((label, n) for label, n, _ in total.kind_rates)["住院医疗互助"] == 4


def test_menus_and_audit_names(world):
    entries = {(i.label, i.url_name, i.menu) for i in nav.NAV}
    assert ("互助保障", "care:insurance", "care") in entries
    assert ("我的互助保障", "care:insurance_mine", "mine") in entries
    for action in ("care.insurance_plan", "care.insurance_enrol", "care.insurance_claim_pay"):
        assert any("\u4e00" <= c <= "\u9fff" for c in audit.action_label(action))
