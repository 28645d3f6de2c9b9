"""重置密码 on the member page (issue 14): shown for a member who has a login, to a user who
may reset it (``role.change`` on the union, as on the roles page, never one's own); it posts
to the same reset — the password again (core.sudo), the same service, the same slip."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from gonghui.core import sudo
from gonghui.core.models import AuditEntry, User
from tests.conftest import PASSWORD

BUTTON = 'id="password-reset"'


def text(response) -> str:
    return response.content.decode()


def page_of(user, member) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/members/{member.pk}/")
    assert response.status_code == 200
    return text(response)


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("chair", True),
        ("fed_admin", True),
        ("platform_admin", True),
        ("committee", False),  # may change the record, not grant roles
        ("treasurer", False),
        ("auditor", False),
        ("group_leader", False),
    ],
)
def test_the_button_shows_to_who_may_reset(world, who, shown):
    page = page_of(world.users[who], world.members["周会员"])
    assert (BUTTON in page) is shown
    if shown:
        action = f'action="/unions/school/accounts/{world.member.pk}/password/"'
        assert action in page


def test_no_button_without_a_login_or_on_ones_own_record(world):
    assert BUTTON not in page_of(world.chair, world.members["吴老师"])  # has no login
    assert BUTTON not in page_of(world.chair, world.members["李主席"])  # the chair's own
    assert BUTTON not in page_of(world.member, world.members["周会员"])


def test_the_button_resets_after_the_password_again_and_prints_the_slip(world):
    chair = Client()
    chair.force_login(world.chair)
    session = chair.session
    session[sudo.SESSION_KEY] = time.time() - 1  # the password-again window has closed
    session.save()
    page = page_of(world.chair, world.members["周会员"])
    url = re.search(r'<form method="post" action="(/unions/school/accounts/\d+/password/)"', page)
    assert url, page
    url = url.group(1)
    asked = chair.post(url)
    assert 'name="sudo_password"' in text(asked)
    assert User.objects.get(pk=world.member.pk).check_password(PASSWORD)
    slip = chair.post(url, {"sudo_password": PASSWORD, "sudo_resume": "POST"})
    page = text(slip)
    password = re.search(r'id="slip-password">([a-z0-9]+)<', page).group(1)
    assert "登录通知单" in page and 'id="slip-expires"' in page
    # Back to the record the reset started from.
    assert f'href="/members/{world.members["周会员"].pk}/"' in page
    account = User.objects.get(pk=world.member.pk)
    assert account.check_password(password) and account.must_change_password
    assert AuditEntry.objects.filter(action="user.password_reset", actor=world.chair).exists()
