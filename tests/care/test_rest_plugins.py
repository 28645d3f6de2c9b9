"""疗休养 in the shared places: the metric 疗休养人次 (a federation adding up its unions; 放弃
not counted), the year-end summary's sentence (nobody named), a plan item linking the round,
the 待办 (a list to confirm after its 公示; people not yet registered a week before the start)
for those who act, the reminders, the audit actions' Chinese names, the menu entry."""

import datetime
from decimal import Decimal

import pytest

from gonghui.care import services_rest as services
from gonghui.care.models_rest import EntryState, RestEntry
from gonghui.core import audit, metrics, nav, summary, todo
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.reminders import collect
from gonghui.core.services_publicity import publicity_close
from gonghui.plans import links
from gonghui.plans import services as plan_services
from gonghui.plans.models import Plan

from .test_rest_flow import YEAR, proposed

PERIOD = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))


def value(key, union, start, end):
    return metrics.get(key).compute(union, start, end)


def published(world, **over):
    found = proposed(world, **over)
    services.rest_publicize(actor=world.chair, round=found, today=datetime.date(YEAR, 6, 1))
    item = publicity_for(found)
    publicity_close(actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(1))
    return found


@pytest.fixture
def went(world):
    """A round of 3 places: one declined (the next moved up), the three on the list went."""
    found = services.rest_confirm(actor=world.chair, round=published(world, places=3))
    first = RestEntry.objects.filter(round=found, state=EntryState.LISTED).first()
    services.rest_entry_decline(actor=world.chair, entry=first)
    for entry in RestEntry.objects.filter(round=found, state=EntryState.LISTED):
        services.rest_entry_take(actor=world.chair, entry=entry)
    services.rest_pay(actor=world.chair, round=found, insured=True, date=datetime.date(YEAR, 7, 3))
    return found


def test_people_taken_in_the_period_add_up_in_the_federation(world, went):
    assert value("care.rest_people", world.school, *PERIOD) == Decimal(3)
    assert value("care.rest_people", world.fed, *PERIOD) == Decimal(3)
    assert value("care.rest_people", world.hospital, *PERIOD) == Decimal(0)
    before = (datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31))
    assert value("care.rest_people", world.school, *before) == Decimal(0)
    assert metrics.get("care.rest_people").cumulative


def test_the_summary_sentence_counts_and_names_nobody(world, went):
    (para,) = [p for p in summary.paragraphs(world.school, *PERIOD) if p.key == "care.rest"]
    assert para.text.startswith("组织职工疗休养1批、3人次")
    assert para.text.endswith("费用3,000.00元。")
    for name in world.members:
        assert name not in para.text
    assert "care.rest" not in {p.key for p in summary.paragraphs(world.hospital, *PERIOD)}


def test_a_plan_item_links_the_round(world):
    found = proposed(world)
    plan = Plan.objects.create(union=world.school, year=YEAR, title="年度工作计划")
    item = plan.items.create(order=1, text="组织教职工暑期疗休养", months=[7])
    kind = links.kind("care_rest")
    assert kind.options(world.school, YEAR) == [(found.pk, "07-01 暑期疗休养")]
    obj = kind.get(world.school, YEAR, found.pk)
    link = plan_services.item_link(
        actor=world.chair, item=item, obj=obj, label=kind.name(obj), on=kind.day(obj)
    )
    assert links.url_of(link) == found.get_absolute_url()
    with pytest.raises(Exception, match="疗休养"):
        kind.get(world.hospital, YEAR, found.pk)


def test_the_todo_lines(world, welfare):
    found = published(world, places=2)
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert texts["公示已结束、待确认的疗休养名单"] == 1
    assert "公示已结束、待确认的疗休养名单" in {t.text for t in todo.items(welfare, world.school)}
    for who in ("auditor", "member", "treasurer", "committee"):
        assert "公示已结束、待确认的疗休养名单" not in {
            t.text for t in todo.items(world.users[who], world.school)
        }
    services.rest_confirm(actor=world.chair, round=found)
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert "公示已结束、待确认的疗休养名单" not in texts
    # people not yet registered, once the start is within a week (or past)
    soon = found.starts_on <= datetime.date.today() + datetime.timedelta(days=7)
    assert texts.get("待登记参加或放弃的疗休养人员", 0) == (2 if soon else 0)
    found.starts_on = datetime.date.today() + datetime.timedelta(days=8)
    found.save(update_fields=["starts_on"])
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert "待登记参加或放弃的疗休养人员" not in texts


def test_reminders_to_confirm_and_before_the_start(world, welfare):
    found = published(world, places=2)
    (reminder,) = [r for r in collect(datetime.date(YEAR, 6, 20)) if r.key.startswith("care.rest.")]
    assert reminder.key == f"care.rest.{found.pk}.confirm"
    assert {u.username for u in reminder.recipients} == {"welfare", "chair"}
    services.rest_confirm(actor=world.chair, round=found)
    assert not [r for r in collect(datetime.date(YEAR, 6, 20)) if r.key.startswith("care.rest.")]
    (soon,) = [r for r in collect(datetime.date(YEAR, 6, 25)) if r.key.startswith("care.rest.")]
    assert soon.key == f"care.rest.{found.pk}.soon" and "人身意外险" in soon.text
    assert not any(name in soon.text for name in world.members)


def test_audit_actions_menu_and_publicity_kind_are_registered():
    for action in ("care.rest_propose", "care.rest_add", "care.rest_remove", "care.rest_pay"):
        assert action in audit.ACTIONS
    assert audit.ACTIONS["care.rest_add"] == "疗休养名单增补"
    assert any(i.url_name == "care:rest_rounds" and i.menu == "care" for i in nav.NAV)
    from gonghui.core.publicity import KINDS

    assert KINDS["care.rest"].perm == "care.change"
