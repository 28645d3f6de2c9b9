"""Accounts before go-live (issue 14): a one-time password (a chair's 重置密码, the login
opened at 入会 approval, a chair's initial password) logs in for
``GONGHUI_ONE_TIME_PASSWORD_DAYS`` and no longer, the slip says until when; and an account's
mobile enters the audit trail masked, as a member's does."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import AuditEntry, User
from gonghui.core.services import user_create
from gonghui.members import services as member_services
from tests.conftest import PASSWORD, id_number

NEW = "Lantern-river-7"
EXPIRED = "已经过期"


def text(response) -> str:
    return response.content.decode()


def reset(world, user) -> tuple[str, str]:
    """The chair's 重置密码 through the page: (the one-time password, the slip's text)."""
    chair = Client()
    chair.force_login(world.chair)  # logging in opens the password-again window (core.sudo)
    slip = text(chair.post(f"/unions/school/accounts/{user.pk}/password/"))
    return re.search(r'id="slip-password">([a-z0-9]+)<', slip).group(1), slip


def issued_days_ago(user, days: int) -> None:
    User.objects.filter(pk=user.pk).update(
        one_time_password_at=timezone.now() - datetime.timedelta(days=days)
    )


def log_in(login: str, password: str):
    return Client().post("/login/", {"username": login, "password": password})


def cn_day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- a reset's one-time password --------------------------------------------------------


@override_settings(GONGHUI_ONE_TIME_PASSWORD_DAYS=7)
def test_a_reset_password_works_on_day_6_and_the_last_day_and_is_refused_after(world):
    password, _ = reset(world, world.member)
    issued_days_ago(world.member, 6)
    assert log_in("member", password).status_code == 302
    issued_days_ago(world.member, 7)  # the slip's 有效期至 is this day, to its end
    assert log_in("member", password).status_code == 302
    issued_days_ago(world.member, 8)
    refused = log_in("member", password)
    page = text(refused)
    assert refused.status_code == 200 and EXPIRED in page and "主席" in page
    # The day it ran out, as the slip put it.
    assert cn_day(timezone.localdate() - datetime.timedelta(days=1)) in page


def test_a_new_reset_works_again(world):
    old, _ = reset(world, world.member)
    issued_days_ago(world.member, 30)
    assert EXPIRED in text(log_in("member", old))
    new, _ = reset(world, world.member)
    assert log_in("member", new).status_code == 302


def test_a_wrong_password_on_an_expired_account_says_only_that_it_is_wrong(world):
    """Whoever does not know the one-time password learns nothing about it."""
    reset(world, world.member)
    issued_days_ago(world.member, 30)
    page = text(log_in("member", "not-the-password"))
    assert "密码不正确" in page and EXPIRED not in page


@override_settings(GONGHUI_ONE_TIME_PASSWORD_DAYS=3)
def test_the_slip_states_the_last_day_from_the_setting(world):
    password, slip = reset(world, world.member)
    last = cn_day(timezone.localdate() + datetime.timedelta(days=3))
    assert re.search(rf'id="slip-expires">{last}<', slip), slip
    assert f"须在 {last}（含当天）之前首次登录" in slip
    issued_days_ago(world.member, 4)
    assert EXPIRED in text(log_in("member", password))


def test_ones_own_password_never_expires(world):
    password, _ = reset(world, world.member)
    member = Client()
    member.post("/login/", {"username": "member", "password": password})
    member.post(
        "/me/password/", {"old_password": password, "new_password1": NEW, "new_password2": NEW}
    )
    account = User.objects.get(pk=world.member.pk)
    assert not account.must_change_password and account.one_time_password_at is None
    issued_days_ago(world.member, 365)
    assert log_in("member", NEW).status_code == 302
    # Accounts whose password was never anyone else's choice are untouched.
    assert log_in("treasurer", PASSWORD).status_code == 302


# --- other one-time passwords ----------------------------------------------------------


def test_the_login_opened_at_approval_expires_and_its_slip_says_when(world, client_for):
    application = member_services.member_apply(
        union=world.school,
        name="冯晓",
        id_number=id_number("19950505", 124),
        mobile="13700001234",
    )
    chair = client_for(world.chair)
    slip = text(
        chair.post(
            f"/applications/{application.pk}/",
            {"decision": "approve", "joined_on": timezone.localdate().isoformat()},
        )
    )
    password = re.search(r'id="slip-password">([a-z0-9]+)<', slip).group(1)
    assert 'id="slip-expires">' in slip
    user = User.objects.get(mobile="13700001234")
    assert user.one_time_password_at is not None
    issued_days_ago(user, 6)
    assert log_in("13700001234", password).status_code == 302
    issued_days_ago(user, 30)
    assert EXPIRED in text(log_in(user.username, password))


def test_a_chairs_initial_password_expires_like_a_reset(world, client_for):
    chair = client_for(world.chair)
    form = text(chair.get("/unions/school/roles/"))
    assert "天内登录并修改" in form
    chair.post(
        "/unions/school/roles/",
        {"form": "account", "username": "xinren", "full_name": "新人", "password": NEW},
    )
    user = User.objects.get(username="xinren")
    assert user.must_change_password and user.one_time_password_at is not None
    issued_days_ago(user, 30)
    assert EXPIRED in text(log_in("xinren", NEW))


# --- the mobile in the audit trail -------------------------------------------------------


def stored_changes(entry: AuditEntry) -> str:
    """The entry's changes as a copy of the database holds them."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT changes FROM {table} WHERE id = %s", [entry.pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def test_an_accounts_mobile_enters_the_audit_trail_masked(world, client_for):
    client_for(world.chair).post(
        "/unions/school/roles/",
        {
            "form": "account",
            "username": "xinren",
            "full_name": "新人",
            "mobile": "13911112222",
            "password": NEW,
        },
    )
    user = User.objects.get(username="xinren")
    created = AuditEntry.objects.get(action="user.create", object_id=str(user.pk))
    stored = stored_changes(created)
    assert "13911112222" not in stored and "139****2222" in stored
    # A later change of the number, whatever the action that records it.
    before = audit.snapshot(user)
    User.objects.filter(pk=user.pk).update(mobile="13933334444")
    user.refresh_from_db()
    changed = audit.record(actor=world.chair, action="user.create", obj=user, before=before)
    stored = stored_changes(changed)
    assert "13911112222" not in stored and "13933334444" not in stored
    assert json.loads(stored)["mobile"] == ["139****2222", "139****4444"]
    assert audit.verify().ok


def test_the_mobile_of_a_login_opened_at_approval_is_masked_too(world):
    application = member_services.member_apply(
        union=world.school,
        name="冯晓",
        id_number=id_number("19950505", 124),
        mobile="13700001234",
    )
    approval = member_services.application_approve(
        actor=world.chair, application=application, joined_on=timezone.localdate()
    )
    entry = AuditEntry.objects.get(action="user.create", object_id=str(approval.user.pk))
    assert "13700001234" not in stored_changes(entry)
    # user_create, the service every other account goes through, does the same.
    other = user_create(actor=None, username="x2", mobile="13700005678", password=NEW)
    entry = AuditEntry.objects.get(action="user.create", object_id=str(other.pk))
    assert "13700005678" not in stored_changes(entry)


pytestmark = pytest.mark.django_db
