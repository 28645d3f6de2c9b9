"""Accounts (issue 14): 修改密码, 重置密码 with a one-time password and the forced change at
the next login, the lockout keyed on the account whatever identifier is typed, and the
password asked again (core.sudo) before granting roles, revealing or exporting full numbers."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.test import Client

from gonghui.core import sudo
from gonghui.core.models import AuditEntry, Role, RoleGrant, User
from gonghui.core.services import password_reset, role_grant
from tests.conftest import PASSWORD

NEW = "Lantern-river-7"
MOBILE = "13812345678"


def text(response) -> str:
    return response.content.decode()


def logged_in_as(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def without_sudo(client) -> Client:
    """The session as it is 15 minutes after the last password: the window has closed."""
    session = client.session
    session[sudo.SESSION_KEY] = time.time() - 1
    session.save()
    return client


# --- 修改密码 ----------------------------------------------------------------------------


def test_every_account_finds_password_change_on_its_own_page(world, client_for):
    for who in ("member", "fed_admin", "nobody"):
        page = text(client_for(world.users[who]).get("/me/"))
        assert 'href="/me/password/"' in page and "修改密码" in page


def test_the_password_form_is_in_chinese_with_django_validators(world, client_for):
    page = text(client_for(world.member).get("/me/password/"))
    for label in ("当前密码", "新密码", "再次输入新密码"):
        assert label in page
    assert "至少 8 个字符" in page  # MinimumLengthValidator's help text, translated


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("a1b2", "密码太短，至少需要 8 个字符"),
        ("password123", "这个密码太常见了"),
        ("73920584613", "密码只包含数字"),
        ("member12", "密码跟 用户名 太相似了"),  # UserAttributeSimilarityValidator
    ],
)
def test_a_weak_new_password_is_refused_in_chinese(world, client_for, new, message):
    client = client_for(world.member)
    response = client.post(
        "/me/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200 and message in text(response)
    assert User.objects.get(pk=world.member.pk).check_password(PASSWORD)


def test_a_wrong_current_password_or_a_mismatch_is_refused(world, client_for):
    client = client_for(world.member)
    wrong = client.post(
        "/me/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert "当前密码不正确" in text(wrong)
    mismatch = client.post(
        "/me/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
    )
    assert "两个密码不一致" in text(mismatch)
    assert User.objects.get(pk=world.member.pk).check_password(PASSWORD)


def test_changing_the_password_keeps_the_session_and_is_audited_without_it(world, client_for):
    client = client_for(world.member)
    response = client.post(
        "/me/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert client.get("/").status_code == 200  # still logged in
    entry = AuditEntry.objects.filter(action="user.set_password").latest("id")
    assert entry.actor == world.member and entry.object_id == str(world.member.pk)
    user = User.objects.get(pk=world.member.pk)
    assert user.password[:20] not in str(entry.changes) and NEW not in str(entry.changes)
    other = Client()
    assert other.post("/login/", {"username": "member", "password": PASSWORD}).status_code == 200
    assert other.post("/login/", {"username": "member", "password": NEW}).status_code == 302


# --- 重置密码 ----------------------------------------------------------------------------


def reset_url(world, user, code="school") -> str:
    return f"/unions/{code}/accounts/{user.pk}/password/"


def one_time_password(response) -> str:
    found = re.search(r'id="slip-password">([a-z0-9]+)<', text(response))
    assert found, text(response)[:2000]
    return found.group(1)


def test_the_chair_resets_a_members_password_and_it_must_be_changed(world, client_for):
    chair = client_for(world.chair)
    assert "重置密码" in text(chair.get("/unions/school/roles/"))
    confirm = chair.get(reset_url(world, world.member))
    assert confirm.status_code == 200 and "一次性密码" in text(confirm)
    slip = chair.post(reset_url(world, world.member))
    assert slip.status_code == 200
    page = text(slip)
    assert "登录通知单" in page and "member" in page and "/login/" in page and "<svg" in page
    assert "no-store" in slip["Cache-Control"]
    password = one_time_password(slip)
    # The audit trail says who reset whose password, never the password.
    entry = AuditEntry.objects.filter(action="user.password_reset").latest("id")
    assert (entry.actor, entry.union) == (world.chair, world.school)
    assert password not in str(entry.changes)
    assert entry.changes["must_change_password"] == [False, True]
    # The old password is gone; the one-time one logs in and leads to 修改密码 everywhere.
    member = Client()
    assert member.post("/login/", {"username": "member", "password": PASSWORD}).status_code == 200
    assert member.post("/login/", {"username": "member", "password": password}).status_code == 302
    for path in ("/", "/me/", "/unions/school/members/"):
        response = member.get(path)
        assert response.status_code == 302 and response["Location"] == "/me/password/", path
    htmx = member.get("/me/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/me/password/"
    forced = text(member.get("/me/password/"))
    assert "一次性密码" in forced
    changed = member.post(
        "/me/password/", {"old_password": password, "new_password1": NEW, "new_password2": NEW}
    )
    assert changed.status_code == 302
    assert member.get("/").status_code == 200
    assert not User.objects.get(pk=world.member.pk).must_change_password


def test_a_reset_lifts_the_lockout(world, client_for):
    for _ in range(5):
        Client().post("/login/", {"username": "member", "password": "wrong"})
    password = one_time_password(client_for(world.chair).post(reset_url(world, world.member)))
    assert Client().post("/login/", {"username": "member", "password": password}).status_code == 302


def test_an_account_of_another_union_is_not_found(world, client_for):
    chair = client_for(world.chair)
    assert chair.get(reset_url(world, world.outsider)).status_code == 404
    assert chair.post(reset_url(world, world.fed_admin)).status_code == 404
    assert chair.post(reset_url(world, world.outsider, "hospital")).status_code == 404
    assert client_for(world.committee).get(reset_url(world, world.member)).status_code == 403


def test_an_account_with_a_role_elsewhere_is_reset_only_by_who_reaches_all_of_it(world, client_for):
    role_grant(actor=None, user=world.member, role=Role.COMMITTEE, union=world.hospital)
    refused = client_for(world.chair).post(reset_url(world, world.member))
    assert refused.status_code == 403
    assert User.objects.get(pk=world.member.pk).check_password(PASSWORD)
    slip = client_for(world.fed_admin).post(reset_url(world, world.member))
    assert one_time_password(slip)


def test_nobody_resets_their_own_password_this_way(world, client_for):
    response = client_for(world.chair).post(reset_url(world, world.chair), follow=True)
    assert "不能重置自己的密码" in text(response)
    assert User.objects.get(pk=world.chair.pk).check_password(PASSWORD)


def test_a_platform_administrators_password_is_for_platform_administrators(world):
    role_grant(actor=None, user=world.member, role=Role.PLATFORM_ADMIN)
    with pytest.raises(PermissionDenied):
        password_reset(actor=world.fed_admin, user=world.member)
    assert password_reset(actor=world.platform_admin, user=world.member)


# --- the lockout, keyed on the account -----------------------------------------------------


@pytest.fixture
def with_mobile(world):
    User.objects.filter(pk=world.member.pk).update(mobile=MOBILE)
    return world


def fail(client, login: str, times: int) -> list[int]:
    return [
        client.post("/login/", {"username": login, "password": "wrong-password"}).status_code
        for _ in range(times)
    ]


@pytest.mark.parametrize(
    ("failed_with", "then"), [("member", MOBILE), (MOBILE, "member")], ids=["name", "mobile"]
)
def test_five_failures_lock_the_account_whichever_identifier(
    with_mobile, client, failed_with, then
):
    assert fail(client, failed_with, 5)[-1] == 429
    response = client.post("/login/", {"username": then, "password": PASSWORD})
    assert response.status_code == 429 and logged_in_as(client) is None
    # The refused right password cleared nothing: the first identifier is still locked.
    assert (
        client.post("/login/", {"username": failed_with, "password": PASSWORD}).status_code == 429
    )


def test_failures_by_either_identifier_add_up(with_mobile, client):
    assert fail(client, "member", 3) == [200, 200, 200]
    assert fail(client, MOBILE, 2) == [200, 429]
    assert client.post("/login/", {"username": "member", "password": PASSWORD}).status_code == 429


def test_a_success_by_mobile_resets_the_accounts_count(with_mobile, client):
    fail(client, "member", 4)
    assert client.post("/login/", {"username": MOBILE, "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    assert fail(client, "member", 4) == [200] * 4  # counting starts again


def test_unknown_identifiers_are_throttled_too(world, client):
    assert fail(client, "no-such-user", 5)[-1] == 429
    # …each under its own name: a real account is not locked by someone else's guesses.
    assert client.post("/login/", {"username": "member", "password": PASSWORD}).status_code == 302


# --- 再次确认身份 (core.sudo) --------------------------------------------------------------


GRANT = {"form": "grant", "login": "nobody", "role": Role.COMMITTEE}


def test_granting_a_role_asks_for_the_password_and_reposts_the_form(world, client_for):
    client = without_sudo(client_for(world.chair))
    asked = client.post("/unions/school/roles/", GRANT)
    page = text(asked)
    assert asked.status_code == 200 and "请再次输入密码" in page
    assert 'name="login" value="nobody"' in page and 'name="role" value="committee"' in page
    assert not RoleGrant.objects.filter(user=world.nobody).exists()
    wrong = client.post("/unions/school/roles/", GRANT | {"sudo_password": "nope"})
    assert "密码不正确" in text(wrong)
    assert not RoleGrant.objects.filter(user=world.nobody).exists()
    done = client.post(
        "/unions/school/roles/", GRANT | {"sudo_password": PASSWORD, "sudo_resume": "POST"}
    )
    assert done.status_code == 302
    assert RoleGrant.objects.active().filter(user=world.nobody, role=Role.COMMITTEE).exists()
    # Within the window the next grant goes straight through.
    again = client.post("/unions/school/roles/", GRANT | {"role": Role.TREASURER})
    assert again.status_code == 302


def test_viewing_the_roles_page_needs_no_password(world, client_for):
    page = text(without_sudo(client_for(world.chair)).get("/unions/school/roles/"))
    assert "账号与角色" in page


def test_revealing_a_number_asks_for_the_password_inline(world, client_for):
    member = world.members["周会员"]
    url = f"/members/{member.pk}/reveal/mobile/"
    client = without_sudo(client_for(world.chair))
    asked = client.post(url, HTTP_HX_REQUEST="true")
    assert 'name="sudo_password"' in text(asked) and "<html" not in text(asked)
    assert member.mobile not in text(asked)
    assert not AuditEntry.objects.filter(action="member.reveal").exists()
    shown = client.post(url, {"sudo_password": PASSWORD}, HTTP_HX_REQUEST="true")
    assert text(shown).strip() == member.mobile
    assert AuditEntry.objects.filter(action="member.reveal").count() == 1


def test_exporting_full_numbers_asks_for_the_password_then_returns(world, client_for):
    url = "/unions/school/members/export/?full=1"
    client = without_sudo(client_for(world.chair))
    asked = client.get(url)
    assert asked.status_code == 200 and "请再次输入密码" in text(asked)
    back = client.post(url, {"sudo_password": PASSWORD, "sudo_resume": "GET"})
    assert back.status_code == 302 and back["Location"] == url
    export = client.get(url)
    assert export["Content-Disposition"].startswith("attachment")
    # The masked export never asks.
    masked = without_sudo(client).get("/unions/school/members/export/")
    assert masked["Content-Disposition"].startswith("attachment")


def test_logging_in_opens_the_window(world, client):
    client.post("/login/", {"username": "chair", "password": PASSWORD})
    assert client.post("/unions/school/roles/", GRANT).status_code == 302


def test_wrong_confirmations_count_towards_the_lockout(world, client_for):
    client = without_sudo(client_for(world.chair))
    for _ in range(4):
        client.post("/unions/school/roles/", GRANT | {"sudo_password": "nope"})
    locked = client.post("/unions/school/roles/", GRANT | {"sudo_password": "nope"})
    assert locked.status_code == 429
    assert Client().post("/login/", {"username": "chair", "password": PASSWORD}).status_code == 429


# --- 忘记密码 by e-mail (only when the site can send mail) ----------------------------------


@pytest.fixture
def smtp(settings):
    settings.EMAIL_HOST = "smtp.example.cn"
    settings.GONGHUI_SITE_URL = "https://gh.example.cn"
    from django.core.cache import cache

    cache.clear()  # the per-address count of reset mails
    yield settings
    cache.clear()


def test_without_smtp_there_is_no_mail_reset(world, client):
    assert client.get("/password/forgot/").status_code == 404
    page = text(client.get("/login/"))
    assert "请联系本工会主席重置" in page and "/password/forgot/" not in page


def test_a_password_is_reset_through_the_mailed_link(world, client, smtp, mailoutbox):
    User.objects.filter(pk=world.member.pk).update(
        email="zhou@example.cn", must_change_password=True
    )
    assert "/password/forgot/" in text(client.get("/login/"))
    sent = client.post("/password/forgot/", {"email": "zhou@example.cn"})
    assert sent.status_code == 302 and sent["Location"] == "/password/forgot/sent/"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["zhou@example.cn"] and "重设密码" in mail.subject
    link = re.search(r"https://gh\.example\.cn(/password/reset/\S+/)", mail.body).group(1)
    form = client.get(link, follow=True)
    assert "设置新密码" in text(form)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/password/reset/done/"
    user = User.objects.get(pk=world.member.pk)
    assert user.check_password(NEW) and not user.must_change_password
    entry = AuditEntry.objects.filter(action="user.set_password").latest("id")
    assert entry.actor == world.member
    assert "链接已失效" in text(client.get(link, follow=True))  # used once


def test_a_weak_password_is_refused_on_the_mailed_link_too(world, client, smtp, mailoutbox):
    User.objects.filter(pk=world.member.pk).update(email="zhou@example.cn")
    client.post("/password/forgot/", {"email": "zhou@example.cn"})
    link = re.search(r"https://gh\.example\.cn(/password/reset/\S+/)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    refused = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "12345"}
    )
    assert "密码太短" in text(refused)
    assert User.objects.get(pk=world.member.pk).check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world, client, smtp, mailoutbox):
    sent = client.post("/password/forgot/", {"email": "nobody@example.cn"})
    assert sent["Location"] == "/password/forgot/sent/" and mailoutbox == []


def test_reset_mails_are_limited_per_address(world, client, smtp, mailoutbox):
    User.objects.filter(pk=world.member.pk).update(email="zhou@example.cn")
    for _ in range(5):
        client.post("/password/forgot/", {"email": "zhou@example.cn"})
    refused = client.post("/password/forgot/", {"email": "zhou@example.cn"})
    assert "发送次数过多" in text(refused) and len(mailoutbox) == 5
