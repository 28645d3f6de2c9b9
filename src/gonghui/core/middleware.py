"""修改密码 first: an account whose password someone else chose (a reset by the chair, the
login opened when an application was approved) is led to the password page from every
other page until its owner has chosen their own (``User.must_change_password``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages that stay open meanwhile: the password page itself, logging out, and the navbar's
# notice badge (an htmx request on every page, the password page included).
ALLOWED = ("core:password_change", "core:logout", "core:notice_badge")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            response = self._redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _redirect(request) -> HttpResponse | None:
        allowed = {reverse(name) for name in ALLOWED}
        if request.path in allowed or request.path.startswith("/static/"):
            return None
        target = reverse("core:password_change")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)  # the page itself says why (password_change.html)
