"""Handing out a file care keeps as finance keeps a voucher's attachments (the signed
授权委托书 of an 入户调查, a 金秋助学 admission proof, a 体检 委托书). The view fetches the
object through its own scoped getter, with its permission, before calling this."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.pages import download
from gonghui.finance import attachments as store


def stored_file(request, stored, content_type: str) -> HttpResponse:
    """``stored`` (``name``, ``size``, ``sha256``) as a download under its name, checked
    against its checksum first: a missing or altered file is a page saying so (409)."""
    try:
        data = store.attachment_open(stored)
    except ValidationError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "文件无法打开", "message": "；".join(exc.messages)},
            status=409,
        )
    response = download(data, stored.name, content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
