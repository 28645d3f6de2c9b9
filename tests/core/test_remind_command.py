"""``gonghui remind``: delivers by default, ``--dry-run`` only lists, ``--json`` reports
what was delivered and mailed. (The congress tests cover the overdue-proposal lines.)"""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command

from gonghui.core import reminders, services
from gonghui.core.models import Notice
from gonghui.core.reminders import Reminder


@pytest.fixture
def source(world, monkeypatch):
    """Only this test's reminders: one for the school's chairs, one for the member."""
    seen = []

    def due(today):
        seen.append(today)
        return [
            Reminder(world.school, "事项甲将于 5月8日到期", "/a/", key="t.a"),
            Reminder(world.school, "事项乙已超期", "/b/", key="t.b", recipients=(world.member,)),
        ]

    monkeypatch.setattr(reminders, "SOURCES", [due])
    return seen


def remind(*args):
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_dry_run_only_lists(world, source):
    text = remind("--dry-run", "--date", "2026-05-01")
    assert "【第一中学工会】2 项" in text and "事项甲将于 5月8日到期" in text
    assert "（接收人 1 人）" in text and "未发送" in text
    assert Notice.objects.count() == 0
    payload = json.loads(remind("--dry-run", "--json"))
    assert payload["dry_run"] and payload["delivered"] == 0
    assert [r["delivered"] for r in payload["unions"][0]["reminders"]] == [0, 0]
    assert Notice.objects.count() == 0


def test_delivers_by_default_and_says_what_was_new(world, source, settings):
    settings.EMAIL_HOST = ""
    text = remind("--date", "2026-05-01")
    assert text.count("（新提醒 1 人）") == 2
    assert "新发送站内提醒 2 条（未配置 SMTP，不发邮件）" in text
    assert source == [datetime.date(2026, 5, 1)]
    assert set(Notice.objects.values_list("user__username", "key")) == {
        ("chair", "t.a"),
        ("member", "t.b"),
    }
    text = remind("--date", "2026-05-01")
    assert text.count("（已提醒过）") == 2 and "新发送站内提醒 0 条" in text
    assert Notice.objects.count() == 2


def test_json_counts_delivered_and_emailed(world, source, settings):
    settings.EMAIL_HOST = "smtp.example.cn"
    services.account_email_set(actor=world.chair, user=world.chair, email="chair@example.cn")
    payload = json.loads(remind("--json"))
    assert payload["count"] == 2 and payload["delivered"] == 2
    assert payload["emailed"] == 1 and payload["email_failed"] == 0
    rows = payload["unions"][0]["reminders"]
    assert [(r["key"], r["delivered"], r["recipients"]) for r in rows] == [
        ("t.a", 1, 1),
        ("t.b", 1, 1),
    ]
    assert [m.to for m in mail.outbox] == [["chair@example.cn"]]
    payload = json.loads(remind("--json"))
    assert payload["delivered"] == 0 and payload["emailed"] == 0


def test_a_union_without_chair_account_is_named(world, monkeypatch):
    monkeypatch.setattr(
        reminders, "SOURCES", [lambda today: [Reminder(world.fed, "上级提醒", "/x/", key="t.f")]]
    )
    assert "（无接收人：请为该工会授予工会主席账号）" in remind()
    assert Notice.objects.count() == 0
