"""Congress pages: the congress home, terms and their representatives, the settings.
Thin: check access, validate the form, call one service, render or redirect."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error, form_page
from gonghui.core.queries import get_union

from ..forms.terms import CloseTermForm, ElectForm, LeaveForm, ReplaceForm, SettingsForm, TermForm
from ..models import CongressKind, RepStatus, SittingStatus
from ..queries import sittings as q
from ..queries.common import GRASSROOTS, settings_for
from ..queries.composition import composition
from ..services import settings as settings_services
from ..services import terms as services
from ..services.settings import FIELDS as SETTINGS_FIELDS
from ..services.settings import RATIOS, STEP


@login_required
def congress_home(request, code):
    union = get_union(request.user, code, "congress.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    terms = list(q.terms_of(union))
    today = timezone.localdate()
    upcoming = [
        s
        for t in terms
        for s in t.sittings.all()
        if s.status != SittingStatus.CLOSED and s.date >= today
    ]
    return render(
        request,
        "congress/home.html",
        {
            "union": union,
            "terms": terms,
            "next_sitting": min(upcoming, key=lambda s: s.date) if upcoming else None,
            "can_manage": scoping.has_perm(request.user, "congress.manage", union=union),
            "small_unit": union.staff_count < 100,
        },
    )


@login_required
def term_create(request, code):
    union = get_union(request.user, code, "congress.manage", grassroots=GRASSROOTS)
    kind = CongressKind.STAFF if union.kind == "school" else CongressKind.WORKERS
    form = TermForm(request.POST or None, initial={"kind": kind, "years": 5})
    return form_page(
        request,
        form,
        save=lambda d: services.term_create(actor=request.user, union=union, **d),
        success=lambda t: f"已登记{t}。",
        title="登记新一届职代会",
        union=union,
        back=reverse("congress:home", args=[code]),
        intro="同一类型的职代会同时只有一届在任；每届任期三至五年。",
    )


@login_required
def term_detail(request, pk):
    term = q.get_term(request.user, pk)
    set_current_union(request, term.union)
    can_manage = scoping.has_perm(request.user, "congress.manage", union=term.union)
    reps = list(q.representatives(term))
    seated = [r for r in reps if r.status == RepStatus.SEATED]
    today = timezone.localdate()
    return render(
        request,
        "congress/term_detail.html",
        {
            "union": term.union,
            "term": term,
            "reps": reps,
            "seated_voting": sum(1 for r in seated if r.kind == "voting"),
            "seated_observers": sum(1 for r in seated if r.kind == "observer"),
            "sittings": term.sittings.order_by("number"),
            "check": composition(term),
            "can_manage": can_manage and term.closed_on is None,
            "elect_form": ElectForm(union=term.union, initial={"elected_on": today}),
            "close_form": CloseTermForm(initial={"on": today}),
            "is_assembly": term.kind == CongressKind.ASSEMBLY,
        },
    )


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@login_required
def rep_elect(request, pk):
    term = q.get_term(request.user, pk, "congress.manage")
    if (refused := _post_only(request)) is not None:
        return refused
    form = ElectForm(request.POST, union=term.union)
    if form.is_valid():
        try:
            rep = services.rep_elect(actor=request.user, term=term, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, f"已登记{rep.member.name}为{rep.get_kind_display()}。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(term.get_absolute_url())


@login_required
def assembly_seat_all(request, pk):
    term = q.get_term(request.user, pk, "congress.manage")
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        n = services.assembly_seat_all(actor=request.user, term=term)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已将 {n} 名会员列为职工大会成员。")
    return redirect(term.get_absolute_url())


@login_required
def term_close(request, pk):
    term = q.get_term(request.user, pk, "congress.manage")
    if (refused := _post_only(request)) is not None:
        return refused
    form = CloseTermForm(request.POST)
    if form.is_valid():
        try:
            services.term_close(actor=request.user, term=term, on=form.cleaned_data["on"])
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, f"{term}已届满。")
    else:
        messages.error(request, "请填写届满日期。")
    return redirect(term.get_absolute_url())


@login_required
def rep_replace(request, pk):
    rep = q.get_representative(request.user, pk)
    today = timezone.localdate()
    form = ReplaceForm(request.POST or None, union=rep.term.union, initial={"elected_on": today})
    return form_page(
        request,
        form,
        save=lambda d: services.rep_replace(actor=request.user, rep=rep, **d).term,
        success=lambda t: "已登记补选。",
        title=f"补选代表（替换{rep.member.name}）",
        union=rep.term.union,
        back=rep.term.get_absolute_url(),
        intro="原代表记为“已替换”，补选产生的代表沿用原选区和类别。",
    )


def _leave_page(request, pk, *, service, title, intro, done):
    rep = q.get_representative(request.user, pk)
    form = LeaveForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda d: service(actor=request.user, rep=rep, **d).term,
        success=lambda t: f"{rep.member.name}{done}。",
        title=f"{title}：{rep.member.name}",
        union=rep.term.union,
        back=rep.term.get_absolute_url(),
        intro=intro,
    )


@login_required
def rep_recall(request, pk):
    return _leave_page(
        request,
        pk,
        service=services.rep_recall,
        title="罢免代表",
        intro="罢免须经原选区全体职工（会员）过半数通过；请在原因中写明表决情况。",
        done="已被罢免",
    )


@login_required
def rep_end(request, pk):
    return _leave_page(
        request,
        pk,
        service=services.rep_end,
        title="代表离任",
        intro="调离、退休、辞去代表职务等；可随后补选。",
        done="已离任",
    )


@login_required
def congress_settings(request, code):
    union = get_union(request.user, code, "congress.manage", grassroots=GRASSROOTS)
    current = settings_for(union)
    # Ratios shown as stored (4 places): the unsaved default 2/3 has 28 digits.
    initial = {
        f: Decimal(getattr(current, f)).quantize(STEP) if f in RATIOS else getattr(current, f)
        for f in SETTINGS_FIELDS
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.congress_settings_update(
                actor=request.user, union=union, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "职代会设置已保存。")
            return redirect("congress:settings", code)
    return render(
        request,
        "congress/settings.html",
        {"union": union, "form": form, "inherited": current.inherited_from},
    )
