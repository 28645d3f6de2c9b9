"""The page of a file written in the background (``core.prepared``): 正在生成 (the page asks
again every few seconds), then 下载; only its owner can open either."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .pages import download
from .prepared import prepared_data, prepared_find


def _find(request, token):
    row = prepared_find(owner=request.user, token=token)
    if row is None:
        raise Http404("文件不存在或已过期，请重新导出。")
    return row


@login_required
def prepared_page(request, token):
    row = _find(request, token)
    template = "core/_prepared.html" if request.htmx else "core/prepared.html"
    return render(request, template, {"file": row, "union": row.union})


@login_required
def prepared_download(request, token):
    row = _find(request, token)
    if row.status != row.READY:
        raise Http404("文件还没有生成好。")
    return download(prepared_data(row), row.name, row.content_type)
