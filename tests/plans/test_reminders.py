"""Plan items due within a week or overdue become notices for their owners (``gonghui
remind``), once each; owners resolve through the committee term in office."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core import reminders
from gonghui.core.models import Notice
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body, Duty, Post
from gonghui.plans import reminders as plan_reminders
from gonghui.plans.models import Item, ItemStatus, OwnerRole, Plan, Section
from gonghui.plans.owners import owner_label, owner_members, owner_users

D = datetime.date
DUE = D(2026, 8, 31)  # a Monday, a working day


@pytest.fixture(autouse=True)
def _registered():
    # PlansConfig.ready() registers it; registering twice is a no-op.
    reminders.register(plan_reminders.due_items)


def make_plan(union, year=2026):
    plan = Plan.objects.create(union=union, year=year, title=f"{year}年工作计划")
    section = Section.objects.create(plan=plan, order=1, number="一", title="文体活动")
    return plan, section


def make_item(plan, section, text="组织教职工秋季运动会", due=DUE, order=1, **fields):
    return Item.objects.create(
        plan=plan, section=section, order=order, text=text, due=due, **fields
    )


@pytest.fixture
def committee(world):
    """The school's committee term in office: 李主席 chair, 王委员 文体 (culture),
    吴老师 (no account) 宣传 (publicity)."""
    term = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=D(2024, 1, 10),
        term_years=5,
    )
    m = world.members
    org_services.position_add(actor=None, term=term, member=m["李主席"], post=Post.CHAIR)
    org_services.position_add(
        actor=None, term=term, member=m["王委员"], post=Post.MEMBER, duty=Duty.CULTURE
    )
    org_services.position_add(
        actor=None, term=term, member=m["吴老师"], post=Post.MEMBER, duty=Duty.PUBLICITY
    )
    return term


def remind(day, *args):
    out = io.StringIO()
    call_command("remind", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_week_before_due_is_delivered_once(world, committee):
    plan, section = make_plan(world.school)
    item = make_item(plan, section, owner_role=OwnerRole.CULTURE)
    assert remind(DUE - datetime.timedelta(days=8)).startswith("2026-08-23：没有需要提醒")
    text = remind(DUE - datetime.timedelta(days=7))
    assert "《2026年工作计划》事项「组织教职工秋季运动会」将于 8月31日（星期一）到期" in text
    assert "（新提醒 1 人）" in text and "节假日" not in text
    notice = Notice.objects.get()
    assert (notice.user, notice.key, notice.union) == (
        world.committee,
        f"plan.item.{item.pk}.week",
        world.school,
    )
    assert notice.url == item.get_absolute_url()
    # The same day again, and the next day: listed, but nobody is notified twice.
    assert "（已提醒过）" in remind(DUE - datetime.timedelta(days=7))
    assert "（已提醒过）" in remind(DUE - datetime.timedelta(days=6))
    assert Notice.objects.count() == 1


def test_overdue_once_and_not_when_done(world, committee):
    plan, section = make_plan(world.school)
    item = make_item(plan, section, owner=world.members["王委员"])
    done = make_item(plan, section, text="已办完的事", order=2, status=ItemStatus.DONE, done_on=DUE)
    make_item(plan, section, text="已取消的事", order=3, status=ItemStatus.DROPPED)
    text = remind(DUE + datetime.timedelta(days=3))
    assert "已超过完成期限 3 天（期限 8月31日（星期一））" in text
    assert done.text not in text and "已取消的事" not in text
    remind(DUE + datetime.timedelta(days=4))
    keys = list(Notice.objects.values_list("key", flat=True))
    assert keys == [f"plan.item.{item.pk}.overdue"]


def test_holiday_deadline_is_flagged(world, committee):
    plan, section = make_plan(world.school)
    make_item(plan, section, text="国庆慰问", due=D(2026, 10, 1), owner_role=OwnerRole.CHAIR)
    text = remind(D(2026, 9, 28))
    assert "将于 10月1日（星期四）到期（期限当天为节假日，请提前办理）" in text
    assert Notice.objects.get().user == world.chair


def test_owner_resolution(world, committee):
    plan, section = make_plan(world.school)
    named = make_item(plan, section, owner=world.members["周会员"], owner_role=OwnerRole.CULTURE)
    by_duty = make_item(plan, section, order=2, owner_role=OwnerRole.CULTURE)
    by_post = make_item(plan, section, order=3, owner_role=OwnerRole.CHAIR)
    no_account = make_item(plan, section, order=4, owner_role=OwnerRole.PUBLICITY)
    nobody = make_item(plan, section, order=5)
    day = D(2026, 8, 25)
    assert owner_members(named, day) == [world.members["周会员"]]
    assert owner_users(named, day) == [world.member]
    assert owner_members(by_duty, day) == [world.members["王委员"]]
    assert owner_users(by_duty, day) == [world.committee]
    assert owner_users(by_post, day) == [world.chair]
    # 吴老师 owns publicity but has no account: the chair is told instead.
    assert owner_members(no_account, day) == [world.members["吴老师"]]
    assert owner_users(no_account, day) == [world.chair]
    assert owner_members(nobody, day) == [] and owner_users(nobody, day) == [world.chair]
    # Before the term was elected nobody held the duty.
    assert owner_members(by_duty, D(2023, 12, 1)) == []
    assert owner_label(named) == "文体委员 周会员"
    assert owner_label(by_post) == "工会主席"
    assert owner_label(nobody) == "—"


def test_position_ended_passes_to_nobody_then_chair(world, committee):
    plan, section = make_plan(world.school)
    item = make_item(plan, section, owner_role=OwnerRole.CULTURE)
    position = committee.positions.get(duty=Duty.CULTURE)
    org_services.position_end(actor=None, position=position, ended_on=D(2026, 6, 30))
    assert owner_users(item, D(2026, 6, 1)) == [world.committee]
    assert owner_users(item, D(2026, 8, 25)) == [world.chair]


def test_reminders_for_many_items_cost_few_queries(world, committee):
    plan, section = make_plan(world.school)
    other, other_section = make_plan(world.hospital)
    for n in range(6):
        make_item(plan, section, order=n, text=f"事项{n}", owner_role=OwnerRole.CULTURE)
        make_item(other, other_section, order=n, text=f"医院事项{n}")
    with CaptureQueriesContext(connection) as ctx:
        found = plan_reminders.due_items(D(2026, 8, 28))
    assert len(found) == 12
    assert len(ctx) == 4  # items (with their links' dates), their targets, positions, chair grants
    by_union = {r.union.code: set(r.recipients) for r in found}
    assert by_union == {"school": {world.committee}, "hospital": {world.outsider}}


def test_json_reports_delivery(world, committee):
    plan, section = make_plan(world.school)
    item = make_item(plan, section, owner_role=OwnerRole.CHAIR)
    payload = json.loads(remind(D(2026, 8, 30), "--json"))
    entry = payload["unions"][0]["reminders"][0]
    assert entry["key"] == f"plan.item.{item.pk}.week" and entry["delivered"] == 1
    assert payload["delivered"] == 1 and payload["emailed"] == 0
    payload = json.loads(remind(D(2026, 8, 30), "--json"))
    assert payload["unions"][0]["reminders"][0]["delivered"] == 0


def test_inactive_owner_account_falls_back_to_the_chair(world, committee):
    plan, section = make_plan(world.school)
    make_item(plan, section, owner_role=OwnerRole.CULTURE)
    world.committee.is_active = False
    world.committee.save(update_fields=["is_active"])
    found = plan_reminders.due_items(D(2026, 8, 28))
    assert [list(r.recipients) for r in found] == [[world.chair]]
