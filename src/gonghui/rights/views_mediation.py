"""The 劳动争议调解 pages. The committee page (its seats and the figures — counts, never a
name) is ``rights.view``; its seats are kept by ``rights.change``. The cases — list, form,
page, each step, the 调解协议书 — are a current committee member's only (the seat, checked by
``queries_mediation``: the chair without a seat is refused). 我的调解申请 shows a member
their own applications' state."""

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
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import DOCX, download, flash_error, form_page, year_asked
from gonghui.core.queries import get_union

from . import documents_mediation as documents
from . import forms_mediation as forms
from . import queries_mediation as queries
from . import services_mediation as services
from .models_mediation import CaseState
from .queries import settings_for

LAW = (
    "《劳动争议调解仲裁法》第十四条：经调解达成协议的，应当制作调解协议书，由双方当事人签名或者盖章，"
    "经调解员签名并加盖调解组织印章后生效；自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，"
    "当事人可以依法申请仲裁。"
)


@login_required
def committee(request, code):
    union = get_union(request.user, code, "rights.view")
    today = timezone.localdate()
    year = year_asked(request)
    start, end = (
        today.replace(year=year, month=1, day=1),
        today.replace(year=year, month=12, day=31),
    )
    return render(
        request,
        "rights/mediation_committee.html",
        {
            "union": union,
            "year": year,
            "roster": [] if union.is_federation else list(queries.roster(union)),
            "today": today,
            "figures": queries.period_figures(union, start, end),
            "now": queries.open_figures(union, today),
            "can_change": scoping.has_perm(request.user, "rights.change", union=union),
            "seated": not union.is_federation and queries.has_seat(request.user, union),
            "days": settings_for(union).mediation_days,
            "end_form": forms.MediatorEndForm(initial={"until": today}),
            "law": LAW,
        },
    )


@login_required
def mediator_new(request, code):
    union = get_union(request.user, code, "rights.change", grassroots=queries.GRASSROOTS)
    form = forms.MediatorForm(request.POST or None, union=union)
    return form_page(
        request,
        form,
        save=lambda data: services.mediator_add(actor=request.user, union=union, **data),
        success=lambda seat: f"已登记调解委员会成员：{seat.name}。",
        title="登记调解委员会成员",
        union=union,
        back=reverse("rights:mediation_committee", args=[union.code]),
        intro="《劳动争议调解仲裁法》第十条：企业劳动争议调解委员会由职工代表和企业代表组成。职工代表由"
        "工会成员担任或者由全体职工推举产生，企业代表由企业负责人指定。调解委员会主任由工会成员或者"
        "双方推举的人员担任。只有登记为在任成员、且有本人账号的会员才能查看和办理调解案件。",
    )


@require_POST
@login_required
def mediator_end(request, pk):
    seat = queries.get_mediator(request.user, pk, "rights.change")
    form = forms.MediatorEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写卸任日期。")
    else:
        try:
            services.mediator_end(actor=request.user, mediator=seat, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, f"{seat.name}已卸任。")
    return redirect("rights:mediation_committee", seat.union.code)


# --- cases: the committee's only ----------------------------------------------------------------


@login_required
def cases(request, code):
    union = queries.cases_union(request.user, code)
    state = request.GET.get("state", "")
    state = state if state in CaseState.values else ""
    today = timezone.localdate()
    rows = list(queries.cases(union, state)[:200])
    return render(
        request,
        "rights/mediation_cases.html",
        {
            "union": union,
            "cases": rows,
            "state": state,
            "states": CaseState.choices,
            "today": today,
            "law": LAW,
        },
    )


@login_required
def case_new(request, code):
    union = queries.cases_union(request.user, code)
    form = forms.CaseForm(request.POST or None, union=union)
    return form_page(
        request,
        form,
        save=lambda data: services.case_create(actor=request.user, union=union, **data),
        success=lambda case: f"已登记调解申请{case}，调解期限至 {case.deadline:%Y年%m月%d日}。",
        title="登记调解申请",
        union=union,
        back=reverse("rights:mediation_cases", args=[union.code]),
        intro=f"收到申请后登记；调解期限为收到申请之日起 {settings_for(union).mediation_days} 天"
        "（《劳动争议调解仲裁法》第十四条）。案件内容保密，只有本会调解委员会的在任成员可以查看。",
    )


# step: (form, service, the form's keyword arguments → the service's, success message)
STEPS = {
    "accept": (forms.AcceptForm, services.case_accept, "已受理。"),
    "refuse": (forms.RefuseForm, services.case_refuse, "已登记不予受理。"),
    "mediators": (forms.MediatorsForm, services.case_mediators, "已调整调解员。"),
    "session": (forms.SessionForm, services.session_add, "已登记调解记录。"),
    "agree": (forms.AgreeForm, services.case_agree, "已登记达成调解协议，可下载调解协议书。"),
    "fail": (forms.FailForm, services.case_fail, "已登记未达成协议，并告知当事人可申请仲裁。"),
    "withdraw": (forms.WithdrawForm, services.case_withdraw, "已登记撤回。"),
}
# which steps a case in each state offers
OFFERED = {
    CaseState.APPLIED: ("accept", "refuse", "withdraw"),
    CaseState.ACCEPTED: ("session", "mediators", "agree", "fail", "withdraw"),
}


def _case_page(request, case, bound=None, status=200):
    today = timezone.localdate()
    initial = {"accepted_on": today, "on": today, "held_on": today}
    step_forms = {}
    for step in OFFERED.get(case.state, ()):
        if bound is not None and bound[0] == step:
            step_forms[step] = bound[1]
            continue
        form_class = STEPS[step][0]
        extra = {"mediators": list(case.mediators.all())} if step == "mediators" else {}
        step_forms[step] = form_class(initial={**initial, **extra}, case=case)
    return render(
        request,
        "rights/mediation_case.html",
        {
            "union": case.union,
            "case": case,
            "mediators": list(case.mediators.all()),
            "sessions": list(queries.sessions(case)),
            "forms": step_forms,
            "today": today,
            "overdue": case.overdue(today),
            "days_left": (case.deadline - today).days,
            "law": LAW,
            "days": settings_for(case.union).mediation_days,
        },
        status=status,
    )


@login_required
def case(request, pk):
    return _case_page(request, queries.get_case(request.user, pk))


@require_POST
@login_required
def case_step(request, pk, step):
    case = queries.get_case(request.user, pk)
    if step not in STEPS:
        raise Http404("没有这一步。")
    form_class, service, done = STEPS[step]
    form = form_class(request.POST, case=case)
    if step not in OFFERED.get(case.state, ()):
        messages.error(
            request, services.DONE if not case.is_open else "本案当前状态不能办理这一步。"
        )
        return redirect(case)
    if form.is_valid():
        try:
            service(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(case)
    messages.error(request, "未能保存，请按提示修改。")
    return _case_page(request, case, bound=(step, form))


@login_required
def agreement(request, pk):
    case = queries.get_case(request.user, pk)
    if case.state != CaseState.AGREED:
        raise Http404("本案没有调解协议。")
    names = [m.name for m in case.mediators.all()]
    return download(documents.agreement_docx(case, names), documents.filename(case), DOCX)


# --- the applicant --------------------------------------------------------------------------------


@login_required
def mine(request):
    """One's own applications: number, kind, dates and state (what the applicant knows)."""
    return render(
        request,
        "rights/mediation_mine.html",
        {
            "cases": list(queries.own_cases(request.user)),
            "seats": list(queries.own_seats(request.user)),
            "today": timezone.localdate(),
        },
    )
