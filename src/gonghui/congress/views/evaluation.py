"""Congress pages: democratic evaluation of managers (民主评议). The list of a sitting's
evaluations (the secretariat sets them up, opens and closes them), one evaluation's page
(a representative's phone-first ballot: one row per manager, the levels as radio buttons,
one submit; the result table after close, managers below the line highlighted), the
counters' page of a paper evaluation (one row per manager, one count per level) and the
.xlsx of the result. Thin: check access, validate, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import download, flash_error

from .. import evaluation_xlsx
from ..forms.evaluation import EvaluationForm, PaperEvaluationForm, ballot_ratings
from ..models import EvaluationStatus
from ..queries import evaluation as q
from ..queries.polls import sitting_access
from ..queries.sittings import get_sitting
from ..services import evaluation as services


@login_required
def evaluation_list(request, pk):
    sitting = get_sitting(request.user, pk, seat=True)
    access = sitting_access(request.user, sitting)
    set_current_union(request, access.union)
    evaluations = list(q.evaluations_of(sitting))
    voted = q.voted_ids(access.rep, sitting)
    for ev in evaluations:
        ev.voted = ev.pk in voted
    return render(
        request,
        "congress/evaluation_list.html",
        {
            "union": access.union,
            "sitting": sitting,
            "evaluations": evaluations,
            "can_manage": access.can_manage,
        },
    )


@login_required
def evaluation_new(request, pk):
    sitting = get_sitting(request.user, pk, "congress.manage")
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ev = services.evaluation_create(
                actor=request.user, sitting=sitting, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "民主评议已设置。")
            return redirect(ev.get_absolute_url())
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"设置民主评议 · {sitting.name}",
            "union": sitting.term.union,
            "back_url": reverse("congress:evaluation_list", args=[sitting.pk]),
            "intro": "无记名评议：代表对名单上每位干部选择一个等次；"
            "满意率 =（计入满意的等次票数）÷ 有效票。",
        },
    )


@login_required
def evaluation_detail(request, pk):
    ev = q.get_evaluation(request.user, pk, seat=True)
    access = sitting_access(request.user, ev.sitting)
    set_current_union(request, access.union)
    refusal = q.evaluation_refusal(access.rep, ev) if access.rep else ""
    subjects = list(ev.subjects.order_by("order", "id"))
    chosen = {}
    if request.method == "POST" and access.rep is not None:
        # Re-show what the representative ticked when a ballot is refused.
        chosen = ballot_ratings(request.POST, subjects)
    levels = list(enumerate(ev.levels))
    for s in subjects:
        s.chosen = chosen.get(s.pk)
    return render(
        request,
        "congress/evaluation_detail.html",
        {
            "union": access.union,
            "evaluation": ev,
            "sitting": ev.sitting,
            "subjects": subjects,
            "levels": levels,
            "rep": access.rep,
            "can_vote": access.rep is not None and not refusal,
            "voted": ev.status == EvaluationStatus.OPEN and q.has_voted(access.rep, ev),
            "refusal": refusal,
            "cast": q.marks_count(ev),
            # Hidden from everyone, the secretariat included, until the evaluation closes.
            "result": q.visible_result(ev),
            "can_manage": access.can_manage,
        },
    )


@login_required
@require_POST
def evaluation_vote(request, pk):
    ev = q.get_evaluation(request.user, pk, seat=True)
    access = sitting_access(request.user, ev.sitting)
    if access.rep is None:
        raise PermissionDenied("您不是本届在任的职工代表，不能参加评议。")
    ratings = ballot_ratings(request.POST, ev.subjects.all())
    try:
        services.evaluation_cast(actor=request.user, evaluation=ev, ratings=ratings)
    except ValidationError as exc:
        flash_error(request, exc)
        # Keep the ticks: render the page again with what was posted.
        return evaluation_detail(request, pk)
    messages.success(request, "您的评议票已投出，谢谢。")
    return redirect(ev.get_absolute_url())


ACTIONS = {
    "open": (services.evaluation_open, "评议开始。"),
    "close": (services.evaluation_close, "评议结束，结果已公布。"),
}


@login_required
@require_POST
def evaluation_action(request, pk, action):
    ev = q.get_evaluation(request.user, pk, "congress.manage")
    if action not in ACTIONS:
        raise Http404("没有这项操作。")
    service, done = ACTIONS[action]
    try:
        service(actor=request.user, evaluation=ev, pin=request.POST.get("pin", ""))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return redirect(ev.get_absolute_url())


@login_required
def evaluation_paper(request, pk):
    """纸质评议计票: the counters enter 发出, 收回, 无效 and, per manager, the valid ballots
    per level; a refusal keeps every figure on the page, nothing is written."""
    ev = q.get_evaluation(request.user, pk, "congress.manage")
    set_current_union(request, ev.sitting.term.union)
    if not ev.on_paper or ev.status != EvaluationStatus.OPEN:
        messages.error(request, "只有进行中的纸质评议才能录入计票结果。")
        return redirect(ev.get_absolute_url())
    subjects = ev.subjects.order_by("order", "id")
    form = PaperEvaluationForm(
        request.POST or None,
        subjects=subjects,
        levels=ev.levels,
        initial={"issued": ev.present},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_paper(actor=request.user, evaluation=ev, **form.service_args())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "计票结果已录入，评议结束，结果已公布。")
            return redirect(ev.get_absolute_url())
    satisfied = "＋".join(ev.levels[: ev.satisfied_levels])
    return render(
        request,
        "congress/evaluation_paper.html",
        {
            "union": ev.sitting.term.union,
            "evaluation": ev,
            "sitting": ev.sitting,
            "form": form,
            "levels": ev.levels,
            "satisfied": satisfied,
        },
        status=400 if form.errors else 200,
    )


@login_required
def evaluation_xlsx_view(request, pk):
    ev = q.get_evaluation(request.user, pk, seat=True)
    if q.visible_result(ev) is None:
        raise PermissionDenied("评议结束后才能导出结果。")
    content = services.evaluation_export(actor=request.user, evaluation=ev)
    return download(content, f"{ev.title}结果.xlsx", evaluation_xlsx.CONTENT_TYPE)
