"""Voucher pages: the list, the form (lines added with htmx), the detail page with its
workflow buttons, attachments. Thin: check access, validate, call one service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union
from gonghui.core.text import clean_text

from ..forms.vouchers import (
    AttachmentForm,
    LineForm,
    LineFormSet,
    OverrideForm,
    ReasonForm,
    ReverseForm,
    VoucherFilterForm,
    VoucherForm,
    line_initial,
)
from ..models import Kind, VoucherStatus
from ..queries import vouchers as queries
from ..queries.common import GRASSROOTS
from ..services import attachments as attachment_services
from ..services import vouchers as services
from .files import stored_file


def _kind(value) -> str:
    return value if value in Kind.values else Kind.EXPENSE


# --- the list -----------------------------------------------------------------------


@login_required
def voucher_list(request, code):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    f = queries.VoucherFilter.from_query(request.GET)
    page = queries.voucher_page(queries.vouchers(request.user, union, f), request.GET.get("page"))
    set_current_union(request, union)
    context = {
        "union": union,
        "page": page,
        "filter": f,
        "pager_query": urlencode(f.as_params()),
        "form": VoucherFilterForm(request.GET or None, categories=queries.list_categories()),
        "can_change": scoping.has_perm(request.user, "finance.change", union=union),
    }
    if request.htmx:
        return render(request, "finance/_voucher_rows.html", context)
    return render(request, "finance/voucher_list.html", context)


# --- the form -----------------------------------------------------------------------


def _line_kwargs(request, union, kind):
    return {
        "union": union,
        "kind": kind,
        "categories": queries.leaf_categories(kind),
    }


def _form_page(request, union, *, voucher=None, kind):
    """The one voucher form for a new voucher and for a draft."""
    kwargs = _line_kwargs(request, union, kind)
    if voucher is None:
        head = VoucherForm(request.POST or None)
        initial = None if request.method == "POST" else [{}]
    else:
        head = VoucherForm(
            request.POST or None, initial={"date": voucher.date, "summary": voucher.summary}
        )
        initial = None if request.method == "POST" else line_initial(voucher)
    lines = LineFormSet(request.POST or None, prefix="lines", initial=initial, form_kwargs=kwargs)
    if request.method == "POST":
        head_ok = head.is_valid()
        lines_ok = lines.is_valid()
        if head_ok and lines_ok:
            d = head.cleaned_data
            try:
                if voucher is None:
                    saved = services.voucher_create(
                        actor=request.user,
                        union=union,
                        kind=kind,
                        date=d["date"],
                        summary=d["summary"],
                        lines=lines.lines(),
                        idempotency_key=d["token"],
                    )
                else:
                    saved = services.voucher_update(
                        actor=request.user,
                        voucher=voucher,
                        date=d["date"],
                        summary=d["summary"],
                        lines=lines.lines(),
                    )
            except ValidationError as exc:
                add_service_errors(head, exc)
            else:
                messages.success(request, "凭证草稿已保存。核对无误后请提交审批。")
                return redirect(saved.get_absolute_url())
    title = f"填制{Kind(kind).label}凭证" if voucher is None else f"修改凭证草稿：{voucher.summary}"
    return render(
        request,
        "finance/voucher_form.html",
        {
            "union": union,
            "voucher": voucher,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "head": head,
            "lines": lines,
            "title": title,
            "back_url": voucher.get_absolute_url()
            if voucher
            else reverse("finance:voucher_list", args=[union.code]),
        },
    )


@login_required
def voucher_create(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    return _form_page(request, union, kind=_kind(request.GET.get("kind")))


@login_required
def voucher_edit(request, pk):
    voucher = queries.get_voucher(request.user, pk, "finance.change")
    if voucher.status != VoucherStatus.DRAFT or voucher.is_reversal:
        messages.error(request, "只有草稿可以修改；冲销凭证的分录不能修改。")
        return redirect(voucher.get_absolute_url())
    return _form_page(request, voucher.union, voucher=voucher, kind=voucher.kind)


@login_required
def voucher_line(request, code):
    """One more line of the form (htmx), with the formset's count bumped out of band. The
    button sends the form's current count (``hx-include`` of ``lines-TOTAL_FORMS``): the new
    line's index."""
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    try:
        index = max(0, min(int(request.GET.get("lines-TOTAL_FORMS", "0")), 59))
    except ValueError:
        index = 0
    kind = _kind(request.GET.get("kind"))
    form = LineForm(prefix=f"lines-{index}", **_line_kwargs(request, union, kind))
    return render(
        request,
        "finance/_voucher_line.html",
        {"line": form, "index": index, "total": index + 1, "oob": True},
    )


# --- one voucher ----------------------------------------------------------------------


@login_required
def voucher_detail(request, pk):
    voucher = queries.get_voucher(request.user, pk)
    set_current_union(request, voucher.union)
    can = queries.abilities(request.user, voucher)
    return render(
        request,
        "finance/voucher_detail.html",
        {
            "voucher": voucher,
            "union": voucher.union,
            "lines": queries.voucher_lines(voucher),
            "attachments": queries.voucher_attachments(voucher),
            "history": queries.voucher_history(request.user, voucher),
            "violations": queries.violations(voucher),
            "reversed_by": queries.reversed_by(voucher),
            "can": can,
            "return_form": ReasonForm(),
            "override_form": OverrideForm(),
            "reverse_form": ReverseForm(),
            "attachment_form": AttachmentForm(),
            "warnings": request.session.pop(f"voucher-warnings-{voucher.pk}", []),
        },
    )


# action: (permission the view checks; the service checks the rest, success message)
ACTIONS = {
    "submit": ("finance.change", "已提交审批。"),
    "return": ("finance.view", "已退回为草稿。"),
    "approve": ("finance.approve", "已审批。"),
    "post": ("finance.view", "已记账，凭证号 {number}。"),
    "override": ("finance.override", "已批准超标准开支，理由已记录。"),
    "reverse": ("finance.change", "已生成冲销凭证草稿，请核对后提交审批。"),
    "delete": ("finance.change", "凭证草稿已删除。"),
}


@login_required
@require_POST
def voucher_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    perm, success = ACTIONS[action]
    voucher = queries.get_voucher(request.user, pk, perm)
    actor = request.user
    try:
        if action == "submit":
            result = services.voucher_submit(actor=actor, voucher=voucher)
            if result.warnings:
                request.session[f"voucher-warnings-{voucher.pk}"] = result.warnings
        elif action == "return":
            result = services.voucher_return(
                actor=actor, voucher=voucher, reason=clean_text(request.POST.get("reason", ""))
            )
        elif action == "approve":
            result = services.voucher_approve(actor=actor, voucher=voucher)
            if result.warnings:
                request.session[f"voucher-warnings-{voucher.pk}"] = result.warnings
        elif action == "post":
            result = services.voucher_post(actor=actor, voucher=voucher)
        elif action == "override":
            result = services.voucher_override(
                actor=actor, voucher=voucher, reason=clean_text(request.POST.get("reason", ""))
            )
        elif action == "reverse":
            form = ReverseForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            result = services.voucher_reverse(
                actor=actor,
                voucher=voucher,
                reason=form.cleaned_data["reason"],
                date=form.cleaned_data["date"],
            )
        else:
            services.voucher_delete(actor=actor, voucher=voucher)
            messages.success(request, success)
            return redirect("finance:voucher_list", voucher.union.code)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(voucher.get_absolute_url())
    messages.success(request, success.format(number=result.number))
    return redirect(result.get_absolute_url())


# --- attachments ------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, pk):
    voucher = queries.get_voucher(request.user, pk, "finance.change")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect(voucher.get_absolute_url())
    try:
        attachment = attachment_services.attachment_add(
            actor=request.user, voucher=voucher, upload=form.cleaned_data["upload"]
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已上传附件「{attachment.name}」。")
    return redirect(voucher.get_absolute_url())


@login_required
def attachment_download(request, pk):
    attachment = queries.get_attachment(request.user, pk)
    inline = request.GET.get("inline") == "1"
    return stored_file(request, attachment, attachment.content_type, inline=inline)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = queries.get_attachment(request.user, pk, "finance.change")
    voucher = attachment.voucher
    try:
        attachment_services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已删除附件「{attachment.name}」。")
    return redirect(voucher.get_absolute_url())
