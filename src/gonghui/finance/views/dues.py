"""Dues pages (会费): the month, arrears, one payment, the payroll list import, the bases,
a member's dues and reversing a payment. Thin: check access, validate, call one service.

Reading needs ``finance.view``; every write needs ``finance.change`` (checked here through
``get_union`` and again by the service).
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping, uploads
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union
from gonghui.members.queries import get_member

from ..forms.dues import (
    BASES_UPLOAD,
    PAYMENTS_UPLOAD,
    BaseForm,
    BaseImportForm,
    PaymentForm,
    PaymentImportForm,
    ReverseForm,
    RunForm,
)
from ..models import PaymentMethod, WageItem
from ..money import month_label, parse_month, yuan
from ..queries import dues as q
from ..queries.common import GRASSROOTS
from ..services import dues as services


def _month(value) -> datetime.date:
    today = timezone.localdate().replace(day=1)
    try:
        month = parse_month(value) if value else today
    except ValidationError:
        return today
    return min(month, today)


def _home(union, month: datetime.date) -> str:
    return f"{reverse('finance:dues_home', args=[union.code])}?month={month:%Y-%m}"


def _shift(month: datetime.date, months: int) -> datetime.date:
    n = month.year * 12 + month.month - 1 + months
    return datetime.date(n // 12, n % 12 + 1, 1)


# --- the month ----------------------------------------------------------------------


@login_required
def dues_home(request, code):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    month = _month(request.GET.get("month"))
    user = request.user
    today = timezone.localdate().replace(day=1)
    fs = q.dues_settings(union)
    return render(
        request,
        "finance/dues_month.html",
        {
            "union": union,
            "month": month,
            "month_label": month_label(month),
            "previous": _shift(month, -1),
            "next": _shift(month, 1) if month < today else None,
            "o": q.month_overview(user, union, month),
            "year": q.year_by_month(user, union, month.year),
            "settings": fs,
            "rate_percent": f"{(fs.dues_rate * 100).normalize():f}",
            "counted": [WageItem(i).label for i in q.counted_items(union, q.dues_settings(union))],
            "can_change": scoping.has_perm(user, "finance.change", union=union),
        },
    )


@login_required
@require_POST
def dues_run(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("finance:dues_home", code=union.code)
    month = form.cleaned_data["month"]
    try:
        run = services.dues_run(actor=request.user, union=union, month=month)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(_home(union, min(month, timezone.localdate().replace(day=1))))
    if run.created:
        text = (
            f"已计算{month_label(month)}会费：新增应缴 {run.created} 笔，合计 {yuan(run.total)} 元"
        )
        text += f"；已有的 {run.skipped} 笔未变。" if run.skipped else "。"
    else:
        text = (
            f"{month_label(month)}会费已计算过，没有需要新增的应缴记录（已有 {run.skipped} 笔）。"
        )
    messages.success(request, text)
    return redirect(_home(union, month))


@login_required
@require_POST
def dues_book(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    month = _month(request.POST.get("month"))
    try:
        voucher = services.dues_book(actor=request.user, union=union, month=month)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            f"已生成{month_label(month)}会费收入凭证草稿，金额 {yuan(voucher.total)} 元；"
            "请到“凭证”中提交审批。",
        )
    return redirect(_home(union, month))


# --- arrears ------------------------------------------------------------------------


@login_required
def dues_arrears(request, code):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    flagged = request.GET.get("flagged") == "1"
    text = " ".join(request.GET.get("q", "").split())[:40]
    qs = q.arrears(request.user, union, flagged_only=flagged, q=text)
    page = q.arrears_page(qs, request.GET.get("page"))
    context = {
        "union": union,
        "page": page,
        "rows": q.arrears_rows(page.object_list, union),
        "flagged": flagged,
        "q": text,
        "months": q.dues_settings(union).arrears_months,
        "pager_query": urlencode(
            {k: v for k, v in (("flagged", "1" if flagged else ""), ("q", text)) if v}
        ),
    }
    if request.htmx:
        return render(request, "finance/_dues_arrears_rows.html", context)
    return render(request, "finance/dues_arrears.html", context)


# --- one payment --------------------------------------------------------------------


def _finder(request, union):
    return lambda text: q.find_members(request.user, union, text)


@login_required
def dues_pay(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    initial = {"month": _month(request.GET.get("month"))}
    if request.GET.get("member"):
        member = get_member(request.user, int(request.GET["member"]), "finance.change", union=union)
        initial["member"] = (
            f"{member.name}（{member.card_number}）" if member.card_number else member.name
        )
    form = PaymentForm(request.POST or None, initial=initial, find_members=_finder(request, union))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = data["member"]
        try:
            batch = services.dues_pay(
                actor=request.user,
                union=union,
                member=member,
                month=data["month"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                method=data["method"],
                note=data["note"],
                idempotency_key=data["key"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"已登记「{member.name}」{month_label(batch.month)}会费 {yuan(batch.total)} 元。",
            )
            return redirect(
                f"{reverse('finance:dues_pay', args=[union.code])}?month={batch.month:%Y-%m}"
            )
    return render(
        request,
        "finance/dues_form.html",
        {
            "union": union,
            "form": form,
            "title": "登记会费缴纳",
            "intro": "每次一人一月；工资代扣的整批名单请用“导入代扣名单”。",
            "back_url": _home(union, initial["month"]),
            "member_search": True,
        },
    )


@login_required
def dues_member_options(request, code):
    """htmx: the suggestions under the payment form's member box."""
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    text = request.GET.get("member", "")
    if "（" in text:
        text = text.partition("（")[0]
    members = q.find_members(request.user, union, text) if len(text.strip()) >= 1 else []
    return render(request, "finance/_dues_member_options.html", {"members": members})


# --- payroll-deduction list: upload → preview → 确认导入 (core.uploads) ---------------------


def _matching(request, union) -> dict:
    """Whether rows are matched on whole ID numbers, for the page's instructions (the
    service decides the same way: services.dues._full_ids)."""
    return {"full_ids": scoping.has_perm(request.user, "member.reveal", union=union)}


@login_required
def dues_import(request, code):
    """Payroll-deduction list: upload → preview (every rejected row with its reason) →
    确认导入."""
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    form = PaymentImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"month": _month(request.GET.get("month")), "method": PaymentMethod.PAYROLL},
    )
    context = {"union": union, "form": form, "kind": "payments", **_matching(request, union)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]

        def dry_run(content: bytes):
            return services.dues_import(actor=request.user, union=union, month=data["month"],
                                        file=content, filename=upload.name,
                                        method=data["method"], dry_run=True)  # fmt: skip

        try:
            shown = uploads.preview(
                request,
                union=union,
                kind=PAYMENTS_UPLOAD,
                upload=upload,
                dry_run=dry_run,
                params={"month": data["month"].isoformat(), "method": data["method"]},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            result = shown.result
            context |= {"result": result, "summary": result.summary(), "filename": upload.name,
                        "token": shown.token, "month_label": month_label(data["month"])}  # fmt: skip
    return render(request, "finance/dues_import.html", context)


@login_required
@require_POST
def dues_import_apply(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)

    def run(pending, skip_invalid: bool):
        return services.dues_import(
            actor=request.user,
            union=union,
            month=datetime.date.fromisoformat(pending.params["month"]),
            file=pending.data,
            filename=pending.name,
            method=pending.params["method"],
            skip_invalid=skip_invalid,
        )

    def done(result):
        skipped = f"，跳过有误的 {result.rejected_rows} 行" if result.rejected else ""
        messages.success(
            request,
            f"已导入{month_label(result.month)}代扣会费 {result.matched} 笔，"
            f"合计 {yuan(result.total)} 元{skipped}。",
        )
        return redirect(_home(union, result.month))

    return uploads.apply(
        request,
        union=union,
        kind=PAYMENTS_UPLOAD,
        run=run,
        again=reverse("finance:dues_import", args=[union.code]),
        done=done,
    )


# --- bases --------------------------------------------------------------------------


@login_required
def dues_bases(request, code):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    text = " ".join(request.GET.get("q", "").split())[:40]
    page = q.bases_page(q.bases(request.user, union, text), request.GET.get("page"))
    counted = q.counted_items(union, q.dues_settings(union))
    rows = []
    for m in page.object_list:
        base = getattr(m, "dues_base", None)
        total = sum((getattr(base, i) for i in counted), 0) if base else None
        rows.append((m, base, total))
    return render(
        request,
        "finance/dues_bases.html",
        {
            "union": union,
            "page": page,
            "rows": rows,
            "q": text,
            "pager_query": urlencode({"q": text}) if text else "",
            "counted": [WageItem(i).label for i in counted],
            "settings": q.dues_settings(union),
            "can_change": scoping.has_perm(request.user, "finance.change", union=union),
        },
    )


@login_required
def dues_base_edit(request, code, pk):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    member = get_member(request.user, pk, "finance.change", union=union)
    base = q.base_of(member)
    initial = {}
    if base is not None:
        initial = {i: getattr(base, i) for i in WageItem.values}
        initial |= {"exempt": base.exempt, "exempt_reason": base.exempt_reason}
    form = BaseForm(
        request.POST or None,
        initial=initial,
        counted=q.counted_items(union, q.dues_settings(union)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dues_base_set(
                actor=request.user,
                member=member,
                items={k: v for k, v in form.items().items() if v is not None},
                exempt=data["exempt"],
                exempt_reason=data["exempt_reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存「{member.name}」的会费基数。")
            return redirect("finance:dues_bases", code=union.code)
    return render(
        request,
        "finance/dues_form.html",
        {
            "union": union,
            "form": form,
            "title": f"会费基数：{member.name}",
            "intro": "空着的项目按 0 计。工资有变化时修改这里；已计算的月份不受影响。",
            "back_url": reverse("finance:dues_bases", args=[union.code]),
        },
    )


@login_required
def dues_base_import(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    form = BaseImportForm(request.POST or None, request.FILES or None)
    context = {"union": union, "form": form, "kind": "bases", **_matching(request, union)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def dry_run(content: bytes):
            return services.dues_base_import(actor=request.user, union=union, file=content,
                                             filename=upload.name, dry_run=True)  # fmt: skip

        try:
            shown = uploads.preview(
                request, union=union, kind=BASES_UPLOAD, upload=upload, dry_run=dry_run
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            result = shown.result
            context |= {"result": result, "summary": result.summary(), "filename": upload.name,
                        "token": shown.token}  # fmt: skip
    return render(request, "finance/dues_import.html", context)


@login_required
@require_POST
def dues_base_import_apply(request, code):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)

    def run(pending, skip_invalid: bool):
        return services.dues_base_import(actor=request.user, union=union, file=pending.data,
                                         filename=pending.name, skip_invalid=skip_invalid)  # fmt: skip

    def done(result):
        messages.success(
            request,
            f"会费基数已导入：新增 {result.created} 人，更新 {result.updated} 人，"
            f"无变化 {result.unchanged} 人。",
        )
        return redirect("finance:dues_bases", code=union.code)

    return uploads.apply(
        request,
        union=union,
        kind=BASES_UPLOAD,
        run=run,
        again=reverse("finance:dues_base_import", args=[union.code]),
        done=done,
    )


# --- one member and reversals --------------------------------------------------------


@login_required
def dues_member(request, code, pk):
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    member = get_member(request.user, pk, "finance.view", union=union)
    return render(
        request,
        "finance/dues_member.html",
        {
            "union": union,
            "member": member,
            "charges": q.member_history(request.user, member),
            "base": q.base_of(member),
            "can_change": scoping.has_perm(request.user, "finance.change", union=union),
        },
    )


@login_required
def dues_reverse(request, code, pk):
    union = get_union(request.user, code, "finance.change", grassroots=GRASSROOTS)
    set_current_union(request, union)
    payment = q.get_payment(request.user, union, pk)
    form = ReverseForm(request.POST or None)
    back = reverse("finance:dues_member", args=[union.code, payment.member_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.dues_payment_reverse(
                actor=request.user, payment=payment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"已冲销「{payment.member.name}」的 {yuan(payment.amount)} 元。"
            )
            return redirect(back)
    return render(
        request,
        "finance/dues_form.html",
        {
            "union": union,
            "form": form,
            "title": "冲销会费缴纳",
            "intro": (
                f"冲销「{payment.member.name}」{month_label(payment.charge.month)}缴纳的 "
                f"{yuan(payment.amount)} 元（{payment.paid_on:%Y-%m-%d}，"
                f"{payment.batch.get_method_display()}）。原记录保留，另记一笔负数冲销。"
            ),
            "back_url": back,
        },
    )


@login_required
def my_dues(request):
    """我的会费: a member's own charges and what they paid, on their phone."""
    member, charges = q.own_dues(request.user)
    owed = sum((c.outstanding for c in charges), start=q.ZERO)
    return render(
        request, "finance/dues_mine.html", {"member": member, "charges": charges, "owed": owed}
    )
