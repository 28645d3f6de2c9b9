"""再次确认身份 (sudo mode, as healthchecks' ``require_sudo_mode``): the few acts that hand
out power or personal numbers — granting roles and opening accounts, resetting another's
password, seeing a member's full ID or mobile, exporting the roster with full numbers — ask
for the user's password again unless they gave it in the last ``GONGHUI_SUDO_MINUTES``
(default 15). Logging in counts as giving it. A stolen session cookie alone is then not
enough for them.

How the original action resumes:

- a **GET** (the full-number export) answers with the confirmation page; once the password
  is right the browser is sent back to the same address, now allowed;
- a **POST** (a grant, a reset) answers with the confirmation page carrying the submitted
  fields as hidden inputs; the page posts them again to the same address together with the
  password, and the action runs at once — nothing is typed twice (file uploads are not
  carried; none of the guarded forms has one);
- an **htmx** request (显示完整号码) gets the confirmation as a small inline form in place
  of the answer; sending it returns the answer itself.

The password is checked through ``django.contrib.auth.authenticate``, so wrong passwords
count towards the same lockout as at the login page (django-axes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from .forms_accounts import ConfirmPasswordForm

SESSION_KEY = "gonghui_sudo_until"
PASSWORD_FIELD = "sudo_password"
RESUME_FIELD = "sudo_resume"
NOT_CARRIED = {PASSWORD_FIELD, RESUME_FIELD, "csrfmiddlewaretoken"}


def _seconds() -> int:
    return int(settings.GONGHUI_SUDO_MINUTES * 60)


def is_active(request: HttpRequest) -> bool:
    until = request.session.get(SESSION_KEY)
    return isinstance(until, int | float) and until > time.time()


def start(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = time.time() + _seconds()


def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        start(request)


def connect() -> None:
    """Logging in with the password starts the window (CoreConfig.ready)."""
    user_logged_in.connect(_on_login, dispatch_uid="gonghui-sudo-on-login")


def _password_is_right(request: HttpRequest, password: str) -> bool:
    user = authenticate(request, username=request.user.get_username(), password=password)
    return user is not None and user.pk == request.user.pk


def _carried(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    return [(k, v) for k, values in request.POST.lists() if k not in NOT_CARRIED for v in values]


def gate(request: HttpRequest) -> HttpResponse | None:
    """None when the request may go on (the window is open, or the password has just been
    confirmed: then a POST goes on with its original fields); otherwise the response to
    send — the confirmation page, or the redirect back to the original GET."""
    if is_active(request):
        return None
    confirming = request.method == "POST" and PASSWORD_FIELD in request.POST
    form = ConfirmPasswordForm(request.POST if confirming else None)
    if confirming and form.is_valid():
        if _password_is_right(request, form.cleaned_data[PASSWORD_FIELD]):
            start(request)
            if request.POST.get(RESUME_FIELD) == "GET":
                return redirect(request.get_full_path())
            original = QueryDict(mutable=True)
            for key, value in _carried(request):
                original.appendlist(key, value)
            request.POST = original
            return None
        form.add_error(PASSWORD_FIELD, "密码不正确，请重新输入。")
    resume = request.POST.get(RESUME_FIELD, "POST") if confirming else request.method
    context = {
        "form": form,
        "action": request.get_full_path(),
        "carried": _carried(request),
        "resume": resume,
        "minutes": f"{settings.GONGHUI_SUDO_MINUTES:g}",  # 15, not 15.0
    }
    if getattr(request, "htmx", False):
        return render(request, "core/_sudo.html", context)
    return render(request, "core/sudo.html", context)


def sudo_required(view: Callable | None = None, *, methods: tuple[str, ...] = ("GET", "POST")):
    """Decorate a view so that the given methods (default: all) need a recent password."""

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                response = gate(request)
                if response is not None:
                    return response
            return fn(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
