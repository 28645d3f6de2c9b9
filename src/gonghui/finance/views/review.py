"""The audit committee's pages (经费审查): findings with their answers, and every voucher
let past a spending rule. Thin: check access, validate the form, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.queries import get_union

from ..forms.review import CloseForm, FindingForm, RespondForm
from ..models import FindingStatus, Voucher
from ..queries import review as queries
from ..queries.common import GRASSROOTS
from ..services import review as services


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def review_home(request, code):
    status = request.GET.get("status", "")
    status = status if status in FindingStatus.values else ""
    union = get_union(request.user, code, "finance.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    page = queries.review_page(union, status=status, year=_year(request))
    page["can_review"] = scoping.has_perm(request.user, "finance.review", union=union)
    page["statuses"] = FindingStatus.choices
    return render(request, "finance/review.html", page)


@login_required
def finding_create(request, code):
    union = get_union(request.user, code, "finance.review", grassroots=GRASSROOTS)
    initial = {}
    number = request.GET.get("voucher", "")
    if number and Voucher.objects.filter(union=union, number=number).exists():
        initial = {"voucher_number": number, "title": f"凭证 {number}"}
    form = FindingForm(request.POST or None, union=union, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            finding = services.finding_create(
                actor=request.user,
                union=union,
                title=d["title"],
                text=d["text"],
                voucher=d["voucher"],
                period_start=d.get("period_start"),
                period_end=d.get("period_end"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "审查意见已提出，等待财务答复。")
            return redirect(finding.get_absolute_url())
    return render(request, "finance/finding_form.html", {"union": union, "form": form})


@login_required
def finding_detail(request, pk):
    finding = queries.get_finding(request.user, pk)
    union = finding.union
    set_current_union(request, union)
    user = request.user
    can_respond = (
        scoping.has_perm(user, "finance.change", union=union)
        and finding.status != FindingStatus.CLOSED
    )
    can_close = (
        scoping.has_perm(user, "finance.review", union=union)
        and finding.status != FindingStatus.CLOSED
    )
    return render(
        request,
        "finance/finding_detail.html",
        {
            "finding": finding,
            "union": union,
            "respond_form": RespondForm(initial={"response": finding.response})
            if can_respond
            else None,
            "close_form": CloseForm() if can_close else None,
        },
    )


def _act(request, pk, perm, form_class, act, success, template_key):
    finding = queries.get_finding(request.user, pk, perm)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(finding, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(finding.get_absolute_url())
    context = {"finding": finding, "union": finding.union, template_key: form}
    return render(request, "finance/finding_detail.html", context, status=400)


@login_required
@require_POST
def finding_respond(request, pk):
    return _act(
        request,
        pk,
        "finance.change",
        RespondForm,
        lambda f, d: services.finding_respond(
            actor=request.user, finding=f, response=d["response"]
        ),
        "答复已提交，等待经审委员会审阅。",
        "respond_form",
    )


@login_required
@require_POST
def finding_close(request, pk):
    return _act(
        request,
        pk,
        "finance.review",
        CloseForm,
        lambda f, d: services.finding_close(actor=request.user, finding=f, note=d["note"]),
        "审查意见已关闭。",
        "close_form",
    )
