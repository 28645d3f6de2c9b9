"""Response headers for pages that carry personal data.

``Content-Security-Policy`` on every response Django answers (static files are answered by
WhiteNoise before this runs): scripts, styles, images, fonts and requests only from this
site (front-end assets are vendored into ``static/vendor``), no plugins, no framing, forms
post only here. No inline script runs: templates ask for behaviour with ``data-`` attributes
read by ``static/gonghui.js`` (confirmations, auto-submitting selects, printing) and keep
page scripts in ``static/`` files, so a name typed into a record can never become code.
Styles may still be inline (Bootstrap's and htmx's indicators, ECharts).

``Cache-Control: no-store`` (Django's ``add_never_cache_headers``) on every response to a
signed-in user and on every download: rosters, vouchers and ballots must not stay in a
shared computer's browser cache or a proxy's.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        user = getattr(request, "user", None)
        download = response.headers.get("Content-Disposition", "").startswith("attachment")
        if download or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
