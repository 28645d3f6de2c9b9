"""Congress pages: votes on motions (表决). The list of a sitting's items (the secretariat
adds, opens and closes them and enters paper counts), one item's page (a representative
votes there with three big buttons; results only after close) and the printable result
sheet. Thin: check access, validate, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error

from ..forms.polls import PaperForm, PollForm, VoteForm
from ..models import PollStatus
from ..queries import polls as q
from ..queries.sittings import get_sitting
from ..services import polls as services

DONE = (PollStatus.CLOSED, PollStatus.VOID)


def _sitting_url(sitting) -> str | None:
    try:
        return reverse("congress:sitting_detail", args=[sitting.pk])
    except NoReverseMatch:
        return None


@login_required
def poll_list(request, pk):
    sitting = get_sitting(request.user, pk, seat=True)
    access = q.sitting_access(request.user, sitting)
    set_current_union(request, access.union)
    polls = list(q.polls_of(sitting))
    voted = q.voted_poll_ids(access.rep, sitting)
    for poll in polls:
        poll.voted = poll.pk in voted
    return render(
        request,
        "congress/poll_list.html",
        {
            "union": access.union,
            "sitting": sitting,
            "sitting_url": _sitting_url(sitting),
            "polls": polls,
            "can_manage": access.can_manage,
            "any_done": any(p.status in DONE for p in polls),
        },
    )


@login_required
def poll_new(request, pk):
    sitting = get_sitting(request.user, pk, "congress.manage")
    form = PollForm(request.POST or None, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_create(actor=request.user, sitting=sitting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "表决事项已添加。")
            return redirect("congress:poll_list", sitting.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"添加表决事项 · {sitting.name}",
            "union": sitting.term.union,
            "back_url": reverse("congress:poll_list", args=[sitting.pk]),
            "intro": "表决事项逐项表决。选举另行办理。",
        },
    )


def _detail_context(request, poll):
    access = q.sitting_access(request.user, poll.sitting)
    refusal = q.vote_refusal(access.rep, poll) if access.rep else ""
    done = poll.status in DONE
    return access, {
        "union": access.union,
        "poll": poll,
        "sitting": poll.sitting,
        "sitting_url": _sitting_url(poll.sitting),
        "rep": access.rep,
        "can_vote": access.rep is not None and not refusal,
        "voted": poll.status == PollStatus.OPEN and q.has_voted(access.rep, poll),
        "refusal": refusal,
        "cast": q.marks_count(poll),
        # Hidden from everyone, the secretariat included, until the poll is closed.
        "result": q.result(poll) if done else None,
        "can_manage": access.can_manage,
    }


@login_required
def poll_detail(request, pk):
    poll = q.get_poll(request.user, pk, seat=True)
    access, context = _detail_context(request, poll)
    set_current_union(request, access.union)
    if request.htmx:
        return render(request, "congress/_poll_status.html", context)
    return render(request, "congress/poll_detail.html", context)


@login_required
@require_POST
def poll_vote(request, pk):
    poll = q.get_poll(request.user, pk, seat=True)
    access = q.sitting_access(request.user, poll.sitting)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择赞成、反对或弃权。")
    elif access.rep is None:
        raise PermissionDenied("您不是本届在任的职工代表，不能参加表决。")
    else:
        try:
            services.vote_cast(actor=request.user, poll=poll, choice=form.cleaned_data["choice"])
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            # Deliberately says nothing about the choice.
            messages.success(request, "您已投票，谢谢。")
    return redirect("congress:poll_detail", poll.pk)


ACTIONS = {
    "open": (services.poll_open, "表决开始。"),
    "close": (services.poll_close, "表决结束，结果已公布。"),
}


@login_required
@require_POST
def poll_action(request, pk, action):
    poll = q.get_poll(request.user, pk, "congress.manage")
    if action not in ACTIONS:
        raise PermissionDenied("没有这项操作。")
    service, done = ACTIONS[action]
    try:
        service(actor=request.user, poll=poll, pin=request.POST.get("pin", ""))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = reverse("congress:poll_detail", args=[poll.pk])
    return redirect(nxt)


@login_required
@require_POST
def poll_revote(request, pk):
    """重新表决 of a void poll: a new item, then its page (to open it there)."""
    poll = q.get_poll(request.user, pk, "congress.manage")
    try:
        new = services.poll_revote(actor=request.user, poll=poll)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("congress:poll_detail", poll.pk)
    messages.success(request, f"已添加第{new.order}项（重新表决），请开始表决。")
    return redirect("congress:poll_detail", new.pk)


@login_required
def poll_paper(request, pk):
    poll = q.get_poll(request.user, pk, "congress.manage")
    form = PaperForm(request.POST or None, initial={"issued": poll.present})
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_paper(actor=request.user, poll=poll, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            poll.refresh_from_db()
            if poll.status == PollStatus.VOID:
                messages.warning(request, "收回票数多于发出票数，本次表决无效，请重新表决。")
            else:
                messages.success(request, "计票结果已录入，表决结束。")
            return redirect("congress:poll_detail", poll.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"录入纸质计票结果 · {poll.title}",
            "union": poll.sitting.term.union,
            "back_url": reverse("congress:poll_detail", args=[poll.pk]),
            "intro": "有效票 = 收回票数 − 无效票数，须等于赞成、反对、弃权之和；"
            "收回票数多于发出票数时本次表决无效。",
        },
    )


@login_required
def poll_sheet(request, pk):
    """决议表决结果: every finished item of the sitting, to print and post."""
    sitting = get_sitting(request.user, pk, seat=True)
    done = [p for p in q.polls_of(sitting) if p.status in DONE]
    return render(
        request,
        "congress/poll_sheet.html",
        {
            "union": sitting.term.union,
            "sitting": sitting,
            "rows": [(p, q.result(p)) for p in done],
        },
    )
