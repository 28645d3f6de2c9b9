"""The printable 登录通知单 handed to a person with their login: after a password reset
(``core.views.password_reset``) and after an application is approved
(``members.views.application_detail``)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .backends import last_login_day
from .qr import absolute_url, qr_svg


def login_slip(request, *, union, user, password: str | None, member=None):
    """Name, username, the one-time password (None: an existing account keeps its own) and
    the last day it logs in, the login address and its QR code. The answer to the POST that
    made the password: shown this once, kept nowhere, and never cached."""
    from gonghui.orgs.models import Member

    login_url = absolute_url(request, reverse("core:login"))
    # A reset from the member page (or the roles page) leads back to the member's record too.
    record = member or Member.objects.filter(user=user, union=union).first()
    response = render(
        request,
        "core/login_slip.html",
        {
            "union": union,
            "account": user,
            "member": member,
            "record": record,
            "password": password,
            # The password was issued by this very request.
            "expires": last_login_day(timezone.now()) if password else None,
            "login_url": login_url,
            "qr": qr_svg(login_url),
        },
    )
    patch_cache_control(response, no_store=True)
    return response
