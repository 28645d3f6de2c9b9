"""QR codes printed or shown on screen (segno, already used for the congress check-in):
an SVG inline in the page, so it prints sharp and needs no image URL."""

from __future__ import annotations

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, scale: int = 5) -> SafeString:
    # segno writes the SVG itself from the data: nothing of the URL is pasted as markup.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale))


def absolute_url(request, path: str) -> str:
    """``path`` as an address to print: on GONGHUI_SITE_URL when set (the address people
    use, behind nginx), else on the host this request came to."""
    if settings.GONGHUI_SITE_URL:
        return settings.GONGHUI_SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)
