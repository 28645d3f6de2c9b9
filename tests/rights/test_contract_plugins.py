"""The contracts plugged in: the 待办 on the 工作台 and the daily reminders of the legal
deadlines to who runs the union's contracts; the menu entry."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gonghui.core import nav, todo
from gonghui.rights import plugins_contracts as plugins
from gonghui.rights.models_contracts import CollectiveContract

from .support_contracts import SIGNED, SUBMIT_DUE, offered, signed, submitted

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_the_todo_lists_a_signed_contract_past_its_submission_deadline(world):
    signed(world)  # signed 1 June 2026, due 11 June: long past today
    lines = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert lines.get("已签字的集体合同待报送审查") == 1
    assert "已签字的集体合同待报送审查" not in {
        t.text for t in todo.items(world.auditor, world.school)
    }


def test_reminders_name_each_deadline_once_to_the_committee(world):
    c = signed(world)
    found = [r for r in plugins.reminders(SUBMIT_DUE - DAY) if r.url == c.get_absolute_url()]
    assert [r.text for r in found] == [f"《{c.title}》报送审查期限（2026-06-11）将到期"]
    assert {u.username for u in found[0].recipients} == {"chair", "committee"}
    late = plugins.reminders(SUBMIT_DUE + DAY)
    assert any("已逾期" in r.text for r in late)
    assert plugins.reminders(SIGNED - datetime.timedelta(days=30)) == []


def test_the_renewal_reminder_from_the_day_the_window_opens(world):
    c = submitted(world)
    opens = datetime.date(2029, 3, 26)
    assert not [r for r in plugins.reminders(opens - DAY) if "续订期" in r.text]
    renew = [r for r in plugins.reminders(opens) if "续订期" in r.text]
    assert renew and renew[0].key == f"rights.contract.{c.pk}.renewal.20290326"


def test_an_unanswered_offer_is_reminded(world):
    today = timezone.localdate()
    offered(
        world,
        offered_on=today - datetime.timedelta(days=30),
        delivered_on=today - datetime.timedelta(days=30),
        today=today,
    )
    assert any("要约书面答复期限" in r.text for r in plugins.reminders(today))
    assert CollectiveContract.objects.count() == 1


def test_the_menu_entry():
    assert any(i.url_name == "rights:contracts" and i.menu == "rights" for i in nav.NAV)
