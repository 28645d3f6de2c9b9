"""Logging in: by username or mobile number, and the lockout keyed on the account.

django-axes counts failures under the key :func:`lockout_key` gives (settings
``AXES_USERNAME_CALLABLE``), together with the client address. The key is the *account*
the typed identifier resolves to, so five wrong passwords lock ``zuzhang`` whether they were
typed against the username or the mobile number, and a later success by either identifier
neither slips past the lock (the lock is checked under the same key before the password is)
nor clears another identifier's failures. An identifier that names no account is counted
under itself, so guessing unknown usernames is throttled too.

A one-time password (a reset, the login opened at 入会 approval) logs in until the end of the
``GONGHUI_ONE_TIME_PASSWORD_DAYS``-th day after the day it was issued; after that the login
form refuses it (``core.forms.LoginForm``) and the chair issues a new one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone


def resolve_login(login: str | None):
    """The account a typed identifier names: a username first, else a mobile number (a
    username may be all digits, and then it wins, as it always has for the backend)."""
    login = (login or "").strip()
    if not login:
        return None
    users = get_user_model().objects
    return users.filter(username=login).first() or users.filter(mobile=login).first()


def lockout_key(request, credentials: dict | None) -> str:
    """What axes counts failures under: the resolved account's username, else the typed
    identifier itself (stripped). Axes also calls this with ``{"username": user.username}``
    after a success (AXES_RESET_ON_SUCCESS), which resolves to the same key."""
    if credentials is not None:
        typed = credentials.get("username")
    else:
        typed = request.POST.get("username") if request is not None else None
    typed = (typed or "").strip()
    user = resolve_login(typed)
    return user.get_username() if user is not None else typed


class UsernameOrMobileBackend(ModelBackend):
    """Log in with either the username or the mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = resolve_login(username)
        if user is None:
            # Spend the same time as a real check, so timing does not reveal which logins exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def one_time_password_expires(user) -> datetime.date | None:
    """The last day (Asia/Shanghai) the account's one-time password logs in, or None when
    the password is its owner's own."""
    issued = getattr(user, "one_time_password_at", None)
    if not getattr(user, "must_change_password", False) or issued is None:
        return None
    return last_login_day(issued)


def last_login_day(issued: datetime.datetime) -> datetime.date:
    """The last day a one-time password issued at ``issued`` logs in: the
    ``GONGHUI_ONE_TIME_PASSWORD_DAYS``-th day after the day it was issued, to its end."""
    days = settings.GONGHUI_ONE_TIME_PASSWORD_DAYS
    return timezone.localdate(issued) + datetime.timedelta(days=days)
