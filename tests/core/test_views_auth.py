"""Logging in and out, the lockout after repeated failures, CSRF, and the security settings."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from gonghui import settings as s
from gonghui.core import services as core_services
from gonghui.core.models import User
from gonghui.orgs.models import UnionGroup
from tests.conftest import PASSWORD

MOBILE = "13812345678"


def logged_in_as(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_login_page_is_chinese(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "用户名或手机号" in text
    assert "密码" in text


def test_login_by_username(world, client):
    response = client.post("/login/", {"username": "chair", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == world.chair.pk
    assert client.get("/").status_code == 200


def test_login_by_mobile(world, client):
    User.objects.filter(pk=world.chair.pk).update(mobile=MOBILE)
    response = client.post("/login/", {"username": MOBILE, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_as(client) == world.chair.pk


def test_login_by_username_with_surrounding_spaces(world, client):
    response = client.post("/login/", {"username": " chair ", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_as(client) == world.chair.pk


def test_login_follows_next(world, client):
    response = client.post(
        "/login/", {"username": "chair", "password": PASSWORD, "next": "/unions/school/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/unions/school/"


def test_login_refuses_offsite_next(world, client):
    response = client.post(
        "/login/", {"username": "chair", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_shows_chinese_error(world, client):
    response = client.post("/login/", {"username": "chair", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名/手机号或密码不正确" in response.content.decode()
    assert logged_in_as(client) is None


def test_unknown_mobile_shows_same_error(world, client):
    response = client.post("/login/", {"username": "13900000000", "password": PASSWORD})
    assert response.status_code == 200
    assert "用户名/手机号或密码不正确" in response.content.decode()


def test_inactive_account_cannot_log_in(world, client):
    User.objects.filter(pk=world.chair.pk).update(is_active=False)
    response = client.post("/login/", {"username": "chair", "password": PASSWORD})
    assert response.status_code == 200
    assert logged_in_as(client) is None


def test_five_failures_lock_the_account(world, client):
    for _ in range(4):
        response = client.post("/login/", {"username": "chair", "password": "wrong-password"})
        assert response.status_code == 200
        assert "用户名/手机号或密码不正确" in response.content.decode()
    # The fifth failure reaches AXES_FAILURE_LIMIT and already answers with the lockout page.
    response = client.post("/login/", {"username": "chair", "password": "wrong-password"})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # Now even the right password is refused.
    response = client.post("/login/", {"username": "chair", "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "锁定" in text
    assert "30 分钟" in text
    assert logged_in_as(client) is None


def test_lockout_is_per_username(world, client):
    for _ in range(5):
        client.post("/login/", {"username": "chair", "password": "wrong-password"})
    response = client.post("/login/", {"username": "treasurer", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_as(client) == world.treasurer.pk


def test_success_resets_the_failure_count(world, client):
    for _ in range(4):
        client.post("/login/", {"username": "chair", "password": "wrong-password"})
    assert client.post("/login/", {"username": "chair", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        response = client.post("/login/", {"username": "chair", "password": "wrong-password"})
        assert response.status_code == 200
    assert client.post("/login/", {"username": "chair", "password": PASSWORD}).status_code == 302


def test_logout_by_post(world, client_for):
    client = client_for(world.chair)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert logged_in_as(client) is None
    assert client.get("/").status_code == 302


def test_logout_by_get_is_not_allowed(world, client_for):
    client = client_for(world.chair)
    assert client.get("/logout/").status_code == 405
    assert logged_in_as(client) == world.chair.pk


def test_logged_in_user_skips_login_page(world, client_for):
    response = client_for(world.chair).get("/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- CSRF ---------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_post_without_csrf_token_is_refused(world, csrf_client):
    csrf_client.force_login(world.chair)
    response = csrf_client.post("/unions/school/groups/new/", {"name": "英语组"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "页面已过期" in text
    assert "刷新后重新提交" in text
    assert not UnionGroup.objects.filter(name="英语组").exists()


def test_post_with_csrf_token_is_accepted(world, csrf_client):
    # The control for the test above: the same request with the page's token goes through.
    csrf_client.force_login(world.chair)
    csrf_client.get("/unions/school/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        "/unions/school/groups/new/", {"name": "英语组", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert UnionGroup.objects.filter(name="英语组").exists()


def test_login_without_csrf_token_is_refused(world, csrf_client):
    response = csrf_client.post("/login/", {"username": "chair", "password": PASSWORD})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert logged_in_as(csrf_client) is None


def test_htmx_post_carries_token_in_header(world, csrf_client):
    # base.html sends the token as X-CSRFToken on every htmx request.
    csrf_client.force_login(world.chair)
    page = csrf_client.get("/unions/school/").content.decode()
    assert "X-CSRFToken" in page
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        "/unions/school/groups/new/",
        {"name": "英语组"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert UnionGroup.objects.filter(name="英语组").exists()


# --- settings -----------------------------------------------------------------------------


def test_production_hasher_is_argon2():
    # The autouse fixture swaps in a fast hasher for tests; the module keeps Argon2 first.
    assert s.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hashes_new_passwords(db, settings):
    settings.PASSWORD_HASHERS = s.PASSWORD_HASHERS
    user = core_services.user_create(actor=None, username="argon", password=PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_lockout_settings():
    assert s.AXES_FAILURE_LIMIT == 5
    assert s.AXES_COOLOFF_TIME == 0.5
    assert s.AXES_LOCKOUT_TEMPLATE == "core/locked_out.html"
    assert s.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert s.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_security_settings():
    assert s.CSRF_FAILURE_VIEW == "gonghui.core.views.csrf_failure"
    assert s.SESSION_COOKIE_HTTPONLY is True
    assert s.X_FRAME_OPTIONS == "DENY"
    assert s.LANGUAGE_CODE == "zh-hans"
    assert s.TIME_ZONE == "Asia/Shanghai"
