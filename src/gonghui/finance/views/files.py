"""Handing out a file kept by ``finance.attachments``: a voucher's attachment, and what care
keeps the same way (the signed 授权委托书 of an 入户调查, a 金秋助学 admission proof, a 体检
委托书). The view fetches the object through its own scoped getter, with its permission,
before calling this."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.pages import download
from gonghui.finance import attachments as store


def stored_file(request, stored, content_type: str, *, inline: bool = False) -> HttpResponse:
    """``stored`` (``name``, ``size``, ``sha256``) under its name, checked against its
    checksum first: a missing or altered file is a page saying so (409). ``inline`` shows it
    in the browser (a photographed receipt) instead of saving it."""
    try:
        data = store.attachment_open(stored)
    except ValidationError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "文件无法打开", "message": "；".join(exc.messages)},
            status=409,
        )
    response = download(data, stored.name, content_type, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
