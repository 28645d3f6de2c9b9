"""The year-end summary page: the draft from the records, paragraph by paragraph, each one
editable by who may write the summary; the edits kept per union and year (audited), a
paragraph edited over an older draft flagged, 重新生成 per paragraph after a confirmation,
and the .docx with the edits. A federation's summary adds up its unions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.pages import DOCX, download, flash_error
from gonghui.core.queries import get_union
from gonghui.core.text import clean_text

from .. import queries, services
from ..summary import build
from ..summary.docx import render as render_docx


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("年度应在 2000 至 2100 之间。")
    return year


def _page(union, year: int) -> str:
    return reverse("plans:summary", args=[union.code, year])


@login_required
def summary_home(request, code):
    union = get_union(request.user, code, "plan.view")
    return redirect("plans:summary", code=union.code, year=timezone.localdate().year)


@login_required
def summary_page(request, code, year):
    union = get_union(request.user, code, "plan.view")
    set_current_union(request, union)
    today = timezone.localdate()
    draft = build(union, _year(year), today)
    can_edit = scoping.has_perm(request.user, queries.summary_perm(union), union=union)
    return render(
        request,
        "plans/summary.html",
        {
            "union": union,
            "year": year,
            "draft": draft,
            "can_edit": can_edit,
            "years": queries.summary_years(union, today),
            "edited": sum(1 for b in draft.paragraphs() if b.edited),
            "stale": sum(1 for b in draft.paragraphs() if b.stale),
            "orphans": draft.orphans,
        },
    )


def _block(union, year: int, key: str):
    block = build(union, year, timezone.localdate()).block(key)
    if block is None:
        raise Http404("总结中没有这一段。")
    return block


@login_required
@require_POST
def summary_edit(request, code, year):
    union = get_union(request.user, code, "plan.view")
    key = request.POST.get("key", "")
    block = _block(union, _year(year), key)
    try:
        row = services.summary_edit(
            actor=request.user,
            union=union,
            year=year,
            key=key,
            text=clean_text(request.POST.get("text", ""), multiline=True),
            draft=block.text,
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request, "已保存这一段的修改。" if row else "与系统生成的内容相同，未保留修改。"
        )
    return redirect(f"{_page(union, year)}#p-{key}")


@login_required
@require_POST
def summary_regenerate(request, code, year):
    union = get_union(request.user, code, "plan.view")
    key = request.POST.get("key", "")
    draft = build(union, _year(year), timezone.localdate())
    if draft.block(key) is None and draft.orphan(key) is None:
        raise Http404("总结中没有这一段。")
    orphan = draft.block(key) is None
    if services.summary_regenerate(actor=request.user, union=union, year=year, key=key):
        messages.success(
            request,
            "已删除这段不再使用的修改（审计日志中留有原文）。"
            if orphan
            else "已按最新记录重新生成这一段，之前的修改已丢弃（审计日志中留有原文）。",
        )
    return redirect(_page(union, year) if orphan else f"{_page(union, year)}#p-{key}")


@login_required
def summary_docx(request, code, year):
    union = get_union(request.user, code, "plan.view")
    draft = build(union, _year(year), timezone.localdate())
    data = render_docx(draft)
    services.summary_export(actor=request.user, union=union, year=year)
    return download(data, f"{draft.title}.docx", DOCX)
