"""Congress pages: union committee elections (选举). A sitting's elections (the secretariat
sets one up with its candidates), one election's page (a representative marks the ballot
there: 赞成 / 不赞成 / 弃权 per candidate and 另选他人; the count only after it closes, with
the run-off and "组成新一届委员会" buttons), and the paper count. Thin: check access,
validate, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error

from ..forms.elections import ElectionForm, ElectionPaperForm, WriteInForm
from ..models import Election, ElectionChoice, ElectionStatus
from ..queries import elections as q
from ..queries.polls import sitting_access
from ..queries.sittings import get_sitting
from ..services import elections as services


@login_required
def election_list(request, pk):
    sitting = get_sitting(request.user, pk, seat=True)
    access = sitting_access(request.user, sitting)
    set_current_union(request, access.union)
    elections = list(q.elections_of(sitting))
    for e in elections:
        e.voted = q.has_voted(access.rep, e)
    return render(
        request,
        "congress/election_list.html",
        {
            "union": access.union,
            "sitting": sitting,
            "elections": elections,
            "can_manage": access.can_manage,
        },
    )


@login_required
def election_new(request, pk):
    sitting = get_sitting(request.user, pk, "congress.manage")
    form = ElectionForm(request.POST or None, union=sitting.term.union)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_create(
                actor=request.user, sitting=sitting, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已安排{election.title}。")
            return redirect("congress:election_detail", election.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"安排选举 · {sitting.name}",
            "union": sitting.term.union,
            "back_url": reverse("congress:election_list", args=[sitting.pk]),
            "intro": "按《工会基层组织选举工作条例》实行差额选举、无记名投票。到会有选举权的代表"
            "达到三分之二方可选举；候选人获得的赞成票超过应到有选举权人数的半数始得当选。",
        },
    )


def _context(request, election: Election) -> dict:
    access = sitting_access(request.user, election.sitting)
    refusal = q.election_refusal(access.rep, election) if access.rep else ""
    result = q.visible_result(election)
    chain = q.round_chain(election)
    root = chain[0]
    has_next = any(e.parent_id == election.pk for e in chain)
    done = all(e.status in (ElectionStatus.CLOSED, ElectionStatus.VOID) for e in chain)
    return {
        "union": access.union,
        "election": election,
        "sitting": election.sitting,
        "candidates": list(election.candidates.filter(is_write_in=False).select_related("member")),
        # A search box, never a list of the union's members (megabytes in a big union).
        "write_in_form": WriteInForm(election=election) if access.rep and not refusal else None,
        "rep": access.rep,
        "can_vote": access.rep is not None and not refusal,
        "voted": election.status == ElectionStatus.OPEN and q.has_voted(access.rep, election),
        "refusal": refusal,
        "cast": q.marks_count(election),
        "result": result,  # hidden from everyone until the count
        "can_manage": access.can_manage,
        "chain": chain,
        "root": root,
        "can_runoff": result is not None
        and not result.void
        and result.quorum_met
        and result.open_seats > 0
        and not has_next,
        "can_revote": election.status == ElectionStatus.VOID and not has_next,
        "can_commit": done
        and root.committee_term_id is None
        and bool(q.winners(root))
        and scoping.has_perm(request.user, "committee.change", union=access.union),
        "choices": ElectionChoice.choices,
    }


@login_required
def election_detail(request, pk):
    election = q.get_election(request.user, pk, seat=True)
    context = _context(request, election)
    set_current_union(request, context["union"])
    if request.htmx:
        return render(request, "congress/_election_status.html", context)
    return render(request, "congress/election_detail.html", context)


@login_required
@require_POST
def election_vote(request, pk):
    election = q.get_election(request.user, pk, seat=True)
    access = sitting_access(request.user, election.sitting)
    if access.rep is None:
        raise PermissionDenied("您不是本届在任的代表，不能参加选举。")
    choices = {}
    for c in election.candidates.filter(is_write_in=False):
        value = request.POST.get(f"c{c.pk}", "")
        if value:
            choices[c.pk] = value
    form = WriteInForm(request.POST, election=election)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["write_in"]))
        services.election_cast(
            actor=request.user,
            election=election,
            choices=choices,
            write_ins=form.cleaned_data["write_in"],
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        # Says nothing about the ballot, not even whether it was valid.
        messages.success(request, "您已投票，谢谢。")
    return redirect("congress:election_detail", election.pk)


ACTIONS = {
    "open": (services.election_open, "选举开始，请代表投票。"),
    "close": (services.election_close, "投票结束，计票结果已公布。"),
}


@login_required
@require_POST
def election_action(request, pk, action):
    election = q.get_election(request.user, pk, "congress.manage")
    if action not in ACTIONS:
        raise PermissionDenied("没有这项操作。")
    service, done = ACTIONS[action]
    try:
        service(actor=request.user, election=election, pin=request.POST.get("pin", ""))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("congress:election_detail", election.pk)


@login_required
@require_POST
def election_next(request, pk, kind):
    """另行选举 (``runoff``) or 重新选举 (``revote``): a new round, then its page."""
    election = q.get_election(request.user, pk, "congress.manage")
    service = {"runoff": services.election_runoff, "revote": services.election_revote}.get(kind)
    if service is None:
        raise PermissionDenied("没有这项操作。")
    try:
        new = service(actor=request.user, election=election)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("congress:election_detail", election.pk)
    messages.success(request, f"已安排{new.title}（应选 {new.seats} 名），请开始投票。")
    return redirect("congress:election_detail", new.pk)


@login_required
@require_POST
def election_commit(request, pk):
    election = q.get_election(request.user, pk, seat=True)
    try:
        term = services.election_commit(actor=request.user, election=election)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("congress:election_detail", election.pk)
    messages.success(request, f"已组成{term}，请在届次页面录入主席、副主席。")
    return redirect(term.get_absolute_url())


@login_required
def election_paper(request, pk):
    election = q.get_election(request.user, pk, "congress.manage")
    candidates = list(election.candidates.filter(is_write_in=False).select_related("member"))
    form = ElectionPaperForm(
        request.POST or None,
        election=election,
        candidates=candidates,
        initial={"issued": election.present},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.election_paper(actor=request.user, election=election, **form.figures())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            election.refresh_from_db()
            if election.status == ElectionStatus.VOID:
                messages.warning(request, "收回票数多于发出票数，本次选举无效，请重新选举。")
            else:
                messages.success(request, "计票结果已录入。")
            return redirect("congress:election_detail", election.pk)
    return render(
        request,
        "congress/election_paper.html",
        {"union": election.sitting.term.union, "election": election, "form": form},
    )
