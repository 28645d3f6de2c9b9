"""The 互助保障 pages (phone-first): the member's own enrolments and claims; the committee's
plans, a plan with its enrolments, claims and premium, bulk enrolment, a claim with its
steps, the enrolment list for the insurer (.xlsx); 投保率 for a union and its tree.

``care.view`` reads plans, enrolments and claims (a claim's diagnosis only on the claim's own
page, every look audited), ``care.change`` runs them; the 投保率 page holds counts only and
needs ``org.view``, so a federation's administrators see their tree's figures."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import exports, scoping, sudo
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.masks import mask_id, mask_mobile
from gonghui.core.pages import XLSX, CappedPaginator, download, flash_error, form_page
from gonghui.core.queries import get_union

from .. import queries_insurance as queries
from .. import services_insurance as services
from ..forms_insurance import (
    ClaimForm,
    DenyForm,
    EnrolForm,
    PayForm,
    PlanForm,
    RenewForm,
    WithdrawForm,
)
from ..queries import own_member
from ..rules_insurance import SOURCE, ClaimState, renewal_due
from .bursary import _act  # one POST step: a refusal flashed, the page shown again

PER_PAGE = 50


def _today():
    return timezone.localdate()


# --- the member -----------------------------------------------------------------------------


@login_required
def insurance_mine(request):
    member = own_member(request.user)
    return render(
        request,
        "care/insurance_mine.html",
        {
            "member": member,
            "enrollments": queries.own_enrollments(member) if member else [],
            "claims": queries.own_claims(member) if member else [],
            "today": _today(),
        },
    )


# --- plans ----------------------------------------------------------------------------------


@login_required
def insurance_plans(request, code):
    union = get_union(request.user, code, "care.view", grassroots=services.GRASSROOTS)
    set_current_union(request, union)
    return render(
        request,
        "care/insurance_plans.html",
        {
            "union": union,
            "plans": queries.plans_of(union),
            "today": _today(),
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
            "source": SOURCE,
        },
    )


@login_required
def insurance_rates(request, code):
    union = get_union(request.user, code, "org.view")
    set_current_union(request, union)
    today = _today()
    total, rows = queries.tree_rates(union, today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/insurance_rates.html",
        {
            "union": union,
            "total": total,
            "page": page,
            "plans": [] if union.is_federation else queries.plan_rates(union, today),
            "today": today,
            "can_view_plans": not union.is_federation
            and scoping.has_perm(request.user, "care.view", union=union),
        },
    )


def _plan_initial(plan) -> dict:
    return {f: getattr(plan, f) for f in services.PLAN_FIELDS}


@login_required
def insurance_plan_new(request, code):
    union = get_union(request.user, code, "care.change", grassroots=services.GRASSROOTS)
    year = _today().year
    initial = {
        "starts_on": f"{year}-01-01",
        "ends_on": f"{year}-12-31",
        "provider_kind": "mutual",
        "eligibility": "all",
    }
    return form_page(
        request,
        PlanForm(request.POST or None, initial=initial),
        save=lambda data: services.insurance_plan_create(actor=request.user, union=union, **data),
        success=lambda plan: f"已创建“{plan}”，可以为会员办理参保。",
        title="新建互助保障计划",
        union=union,
        back=reverse("care:insurance", args=[union.code]),
        intro="每个计划对应一个保障期（最长一年），下一年度在计划页面办理续保。",
    )


@login_required
def insurance_plan_edit(request, pk):
    plan = queries.get_plan(request.user, pk, "care.change")
    return form_page(
        request,
        PlanForm(request.POST or None, initial=_plan_initial(plan)),
        save=lambda data: services.insurance_plan_update(actor=request.user, plan=plan, **data),
        success=lambda plan: f"已保存“{plan}”。",
        title=f"修改 {plan}",
        union=plan.union,
        back=plan.get_absolute_url(),
    )


@login_required
def insurance_plan(request, pk):
    plan = queries.get_plan(request.user, pk)
    union = plan.union
    show = request.GET.get("show", "")
    enrollments = CappedPaginator(queries.enrollments_of(plan, show), PER_PAGE).get_page(
        request.GET.get("page")
    )
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    today = _today()
    return render(
        request,
        "care/insurance_plan.html",
        {
            "union": union,
            "plan": plan,
            "figures": queries.plan_figures(plan),
            "enrollments": enrollments,
            "show": show,
            "pager_query": f"show={show}" if show in ("withdrawn", "all") else "",
            "claims": queries.claims_of(plan),
            "premiums": queries.premiums_of(plan),
            "renewal": getattr(plan, "renewal", None),
            "renewal_due": renewal_due(plan.ends_on, today),
            "today": today,
            "can_change": can_change,
            "can_reveal": scoping.has_perm(request.user, "member.reveal", union=union),
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "withdraw_form": WithdrawForm(),
            "renew_form": RenewForm(),
        },
    )


# --- enrolment ------------------------------------------------------------------------------


def _enrolled_message(result) -> str:
    text = f"新参保 {result.added} 人"
    if result.already:
        text += f"，{result.already} 人此前已参保（跳过）"
    if result.ineligible:
        text += f"，{result.ineligible} 人不符合参保对象（跳过）"
    return text + "。"


@login_required
def insurance_enrol(request, pk):
    plan = queries.get_plan(request.user, pk, "care.change")
    form = EnrolForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.insurance_enrol(actor=request.user, plan=plan, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _enrolled_message(result))
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "care/insurance_enrol.html",
        {"union": plan.union, "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def insurance_withdraw(request, pk):
    enrollment = queries.get_enrollment(request.user, pk)
    form = WithdrawForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"reason": ""}
    return _act(
        request,
        enrollment.plan.get_absolute_url(),
        lambda: services.insurance_withdraw(actor=request.user, enrollment=enrollment, **data),
        f"已为「{enrollment.member.name}」办理退保。",
    )


@login_required
@require_POST
def insurance_premium(request, pk):
    plan = queries.get_plan(request.user, pk, "care.change")
    return _act(
        request,
        plan.get_absolute_url() + "#premium",
        lambda: services.insurance_premium_draft(actor=request.user, plan=plan),
        "已生成保费支出凭证草稿（其他维权支出），由财务提交，审批后付给承办机构。",
    )


@login_required
@require_POST
def insurance_renew(request, pk):
    plan = queries.get_plan(request.user, pk, "care.change")
    form = RenewForm(request.POST)
    carry = form.cleaned_data["carry_over"] if form.is_valid() else False
    try:
        new = services.insurance_plan_renew(actor=request.user, plan=plan, carry_over=carry)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(plan.get_absolute_url())
    messages.success(request, f"已续保：“{new}”（{new.starts_on} 至 {new.ends_on}）。")
    return redirect(new.get_absolute_url())


# --- the insurer's list ---------------------------------------------------------------------

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "小组",
    "会员状态",
    "参保日期",
    "保费（元）",
]
TITLE = {"bold": True, "font_size": 13}
HEAD = {"bold": True, "border": 1, "bg_color": "#DDEBF7", "align": "center"}


def _who(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def enrollment_book(plan, rows, *, masked: bool, exported_by: str) -> tuple[bytes, int]:
    """The plan's live enrolments as .xlsx (the list the provider asks for): name, sex, ID
    and mobile numbers (masked unless the exporter may reveal them), group, status, day and
    premium. Never a claim or a diagnosis. Text goes through ``core.exports``."""
    out = io.BytesIO()
    sheet = exports.XlsxSheet(out, "参保名单", widths=[6, 10, 6, 22, 14, 14, 8, 12, 10])
    note = "，证件号码和手机号码已隐去部分数字" if masked else ""
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    sheet.merged(
        f"{plan.union.name}“{plan}”参保名单（{plan.starts_on} 至 {plan.ends_on}，承办：{plan.provider}；"
        f"导出人：{exported_by}，导出时间：{stamp}{note}）",
        len(HEADERS),
        TITLE,
    )
    sheet.append(HEADERS, HEAD)
    count = 0
    for count, e in enumerate(rows, start=1):
        m = e.member
        id_number = mask_id(m.id_number) if masked else m.id_number
        mobile = mask_mobile(m.mobile) if masked else m.mobile
        group = m.group.name if m.group_id else ""
        sheet.append(
            [
                count,
                m.name,
                m.get_sex_display(),
                id_number,
                mobile,
                group,
                m.get_status_display(),
                e.enrolled_on,
                plan.premium,
            ]
        )
    sheet.close()
    return out.getvalue(), count


@login_required
def insurance_export(request, pk):
    plan = queries.get_plan(request.user, pk)
    full = request.GET.get("full") == "1"
    if full and not scoping.has_perm(request.user, "member.reveal", union=plan.union):
        raise PermissionDenied("您没有权限导出完整证件号和手机号。")
    if full and (confirm := sudo.gate(request)) is not None:
        return confirm  # full numbers leave the platform: the password again
    content, count = enrollment_book(
        plan, queries.enrollments_of(plan), masked=not full, exported_by=_who(request.user)
    )
    services.insurance_export_record(actor=request.user, plan=plan, count=count, masked=not full)
    return download(content, f"{plan}参保名单.xlsx", XLSX)


# --- claims ---------------------------------------------------------------------------------


@login_required
def insurance_claim_new(request, pk):
    plan = queries.get_plan(request.user, pk, "care.change")
    return form_page(
        request,
        ClaimForm(request.POST or None, plan=plan, initial={"event_on": _today()}),
        save=lambda data: services.insurance_claim_record(actor=request.user, plan=plan, **data),
        success=lambda claim: "已登记理赔申报。",
        title=f"登记理赔 · {plan}",
        union=plan.union,
        back=plan.get_absolute_url(),
        intro="只有在出险日期已参加本计划的会员可以申报。病情诊断仅工会主席、分管生活福利的委员、"
        "经审委员和本人可见。",
    )


def _claim_page(request, claim, **forms):
    can_change = scoping.has_perm(request.user, "care.change", union=claim.union)
    context = {
        "union": claim.union,
        "claim": claim,
        "plan": claim.plan,
        "can_change": can_change and claim.is_open,
        "is_own": claim.member.user_id == request.user.pk,
        "pay_form": forms.get("pay_form") or PayForm(initial={"paid": claim.claimed}),
        "deny_form": forms.get("deny_form") or DenyForm(),
        "states": ClaimState,
    }
    return render(request, "care/insurance_claim.html", context, status=400 if forms else 200)


@login_required
def insurance_claim(request, pk):
    claim = queries.get_claim(request.user, pk)
    services.insurance_claim_view(actor=request.user, claim=claim)
    return _claim_page(request, claim)


@login_required
@require_POST
def insurance_claim_review(request, pk):
    claim = queries.get_claim(request.user, pk, "care.change")
    return _act(
        request,
        claim.get_absolute_url(),
        lambda: services.insurance_claim_review(actor=request.user, claim=claim),
        "已转为审核中（材料已报承办机构）。",
    )


def _claim_step(request, claim, key: str, form, call, success: str):
    """A claim step with a form: a refusal shows the claim page again with the message
    beside the field (nothing was written)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                flash_error(request, exc)
                return redirect(claim.get_absolute_url())
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(claim.get_absolute_url())
    return _claim_page(request, claim, **{key: form})


@login_required
@require_POST
def insurance_claim_pay(request, pk):
    claim = queries.get_claim(request.user, pk, "care.change")
    return _claim_step(
        request,
        claim,
        "pay_form",
        PayForm(request.POST),
        lambda data: services.insurance_claim_pay(actor=request.user, claim=claim, **data),
        "已登记赔付。",
    )


@login_required
@require_POST
def insurance_claim_deny(request, pk):
    claim = queries.get_claim(request.user, pk, "care.change")
    return _claim_step(
        request,
        claim,
        "deny_form",
        DenyForm(request.POST),
        lambda data: services.insurance_claim_deny(actor=request.user, claim=claim, **data),
        "已登记不予赔付。",
    )
