"""Pages of 公示 (``core.publicity``): a member's list of what their union has on show
(phone first), one 公示 with its table, the period and 提出异议, and for those who manage it
the objections with their answers, 结束公示 and the printable notice."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import publicity as registry
from . import queries_publicity as q
from . import services_publicity as services
from .current import current_union
from .forms import StyledForm, add_service_errors
from .pages import DOCX, download, flash_error
from .queries import get_union


class ObjectionForm(StyledForm, forms.Form):
    text = forms.CharField(
        label="异议内容",
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="请写明对哪一项有异议及理由。异议实名提出，只有工会委员会能看到，不会向其他会员公开。",
    )


class AnswerForm(StyledForm, forms.Form):
    upheld = forms.TypedChoiceField(
        label="核实结论",
        choices=[("", "请选择"), ("0", "异议不成立"), ("1", "异议成立")],
        coerce=lambda value: value == "1",
    )
    answer = forms.CharField(
        label="答复", max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


def labelled(items) -> list:
    items = list(items)
    for item in items:
        item.kind_label = registry.kind_label(item.kind)
    return items


@login_required
def publicity_mine(request):
    """正在公示: the open 公示 of the member's union; a manager also finds the union's list."""
    union = current_union(request)
    return render(
        request,
        "core/publicity_mine.html",
        {
            "items": labelled(q.open_for_member(request.user).order_by("ends_on", "id")),
            "member": q.own_member(request.user),
            "manage_union": union if union and q.managed_kinds(request.user, union) else None,
        },
    )


@login_required
def publicity_list(request, code):
    """All 公示 of the union that the user manages, newest first, open ones on top."""
    union = get_union(request.user, code, None)
    if not q.managed_kinds(request.user, union):
        raise PermissionDenied("您没有管理公示的权限。")
    items = labelled(q.for_managers(request.user, union).order_by("-status", "-starts_on", "-id"))
    return render(
        request,
        "core/publicity_list.html",
        {"union": union, "items": items, "today": timezone.localdate()},
    )


@login_required
def publicity_detail(request, pk):
    """One 公示. A member sees the table while it is open and may object; their own
    objections and answers only. A manager sees every objection and answers it."""
    item = q.get_publicity(request.user, pk)
    manages = q.manages(request.user, item)
    member = q.own_member(request.user, item.union)
    today = timezone.localdate()
    # Those who answer the objections do not raise them on the same page.
    may_object = (
        member is not None
        and not manages
        and item.is_open
        and item.starts_on <= today <= item.ends_on
    )
    form = ObjectionForm(request.POST or None) if may_object else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("现在不能对这条公示提出异议。")
        if form.is_valid():
            try:
                services.objection_raise(
                    actor=request.user, publicity=item, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "您的异议已提交，工会委员会核实后会答复您。")
                return redirect(item.get_absolute_url())
    objections = list(q.objections_for(request.user, item))
    for objection in objections:
        if manages and objection.answered_at is None:
            objection.form = AnswerForm(prefix=f"o{objection.pk}")
    return render(
        request,
        "core/publicity_detail.html",
        {
            "item": item,
            "kind_label": registry.kind_label(item.kind),
            "manages": manages,
            "show_rows": manages or item.is_open,
            "objections": objections,
            "form": form,
            "may_close": manages and item.is_open and today > item.ends_on,
            "today": today,
        },
    )


@login_required
@require_POST
def objection_answer(request, pk):
    objection = q.get_objection(request.user, pk)
    form = AnswerForm(request.POST, prefix=f"o{objection.pk}")
    if not form.is_valid():
        messages.error(request, "请选择核实结论并填写答复。")
        return redirect(objection.publicity.get_absolute_url())
    try:
        services.objection_answer(
            actor=request.user,
            objection=objection,
            answer=form.cleaned_data["answer"],
            upheld=form.cleaned_data["upheld"],
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已答复{objection.member.name}的异议。")
    return redirect(objection.publicity.get_absolute_url())


@login_required
@require_POST
def publicity_close(request, pk):
    item = q.get_publicity(request.user, pk)
    try:
        item = services.publicity_close(actor=request.user, publicity=item)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"公示已结束，结果：{item.get_outcome_display()}。")
    return redirect(item.get_absolute_url())


@login_required
def publicity_notice(request, pk):
    item = q.get_publicity(request.user, pk)
    if not q.manages(request.user, item):
        raise PermissionDenied("只有管理公示的工会委员会成员可以下载公示通知。")
    content = services.publicity_notice(actor=request.user, publicity=item)
    return download(content, f"{item.title}.docx", DOCX)
