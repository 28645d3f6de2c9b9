"""The 文体活动 pages. The member's (phone-first): the union's open activities and their own
sign-ups, an activity with its sign-up form, cancel, confirm a promotion. The committee's:
the list, create and edit, the sign-up list with the waiting list, publish, cancel, draw,
the settings. ``activities.view`` reads, ``activities.change`` runs them; a member sees the
published activities of their union without a role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union

from . import queries, queries_checkin, services
from .forms import ActivityForm, CancelForm, DrawForm, RegisterForm, SettingsForm, SignupForm
from .models import LIVE, RegState, State

GRASSROOTS = services.GRASSROOTS


def _act(request, target_url, call, success):
    """One POST step: the service's refusal is flashed, the page shown again."""
    try:
        call()
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, success)
    return redirect(target_url)


def _refresh(activity) -> None:
    """The waiting list's time-driven step (a late offer expires, the next is offered),
    done by the system when a page of the activity is opened and something is due."""
    if queries.stale_offers(activity, timezone.now()):
        services.waitlist_refresh(actor=None, activity=activity)
        activity.refresh_from_db()


# --- the member -----------------------------------------------------------------------------


@login_required
def mine(request):
    member = queries.own_member(request.user)
    now = timezone.now()
    activities = list(queries.open_for(member.union, now)) if member else []
    regs = list(queries.own_registrations(request.user)[:50])
    by_activity = {r.activity_id: r for r in regs if r.state in LIVE}
    for a in activities:
        a.mine = by_activity.get(a.pk)
    year = timezone.localdate().year
    attended = queries_checkin.own_year(member, year) if member else None
    return render(
        request,
        "activities/mine.html",
        {
            "member": member,
            "activities": activities,
            "registrations": regs,
            "now": now,
            "year": year,
            "attended": attended,
        },
    )


@login_required
def detail(request, pk):
    activity = queries.get_activity(request.user, pk, public=True)
    _refresh(activity)
    reg = queries.live_registration(activity, request.user)
    position = queries.waiting_position(reg) if reg and reg.state == RegState.WAITING else None
    can_manage = scoping.has_perm(request.user, "activities.view", union=activity.union)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "union": activity.union,
            "reg": reg,
            "position": position,
            "form": SignupForm(),
            "audience": queries.audience_label(activity),
            "figures": queries.figures(activity),
            "can_manage": can_manage,
            "phase": activity.phase(),
            "checkin": queries_checkin.mine(activity, request.user),
        },
    )


@login_required
@require_POST
def signup(request, pk):
    activity = queries.get_activity(request.user, pk, public=True)
    form = SignupForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查家属人数和姓名。")
        return redirect(activity.get_absolute_url())
    data = form.cleaned_data
    try:
        reg = services.registration_signup(
            actor=request.user,
            activity=activity,
            companions=data.get("companions") or 0,
            companion_names=data.get("companion_names") or "",
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        done = {
            RegState.CONFIRMED: f"报名成功（{reg.persons} 人）。",
            RegState.WAITING: "名额已满，已为您登记候补；有人取消时按顺序递补，届时请确认。",
            RegState.ENTERED: "已登记参加抽签，报名截止后抽签，结果会在这里显示。",
        }
        messages.success(request, done.get(reg.state, "已报名。"))
    return redirect(activity.get_absolute_url())


def _back(request, reg) -> str:
    if reg.user_id == request.user.pk:
        return reg.activity.get_absolute_url()
    return reverse("activities:manage", args=[reg.activity_id])


@login_required
@require_POST
def registration_cancel(request, pk):
    reg = queries.get_registration(request.user, pk)
    return _act(
        request,
        _back(request, reg),
        lambda: services.registration_cancel(actor=request.user, registration=reg),
        "已取消报名。",
    )


@login_required
@require_POST
def registration_confirm(request, pk):
    reg = queries.get_registration(request.user, pk)
    return _act(
        request,
        _back(request, reg),
        lambda: services.registration_confirm(actor=request.user, registration=reg),
        "已确认参加，名额保留给您。",
    )


# --- the committee --------------------------------------------------------------------------


@login_required
def activity_list(request, code):
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    found = list(queries.activities_of(union))
    now = timezone.now()
    checkins = queries_checkin.by_activity(union)
    for a in found:
        a.label = a.phase_label(now)
        a.checkin = checkins.get(a.pk)
    return render(
        request,
        "activities/list.html",
        {
            "union": union,
            "activities": found,
            "can_change": scoping.has_perm(request.user, "activities.change", union=union),
        },
    )


def _form_page(request, union, form, save, title, back):
    if request.method == "POST" and form.is_valid():
        try:
            activity = save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存“{activity.title}”。")
            return redirect("activities:manage", activity.pk)
    return render(
        request,
        "activities/form.html",
        {"union": union, "form": form, "title": title, "back_url": back},
    )


@login_required
def create(request, code):
    union = get_union(request.user, code, "activities.change", grassroots=GRASSROOTS)
    form = ActivityForm(request.POST or None, union=union, initial={"members_only": True})

    def save(f):
        return services.activity_save(
            actor=request.user,
            union=union,
            fields=f.service_fields(),
            groups=f.cleaned_data.get("groups"),
        )

    back = reverse("activities:list", args=[union.code])
    return _form_page(request, union, form, save, "新建活动", back)


@login_required
def edit(request, pk):
    activity = queries.get_activity(request.user, pk, "activities.change")
    form = ActivityForm(
        request.POST or None, union=activity.union, initial=ActivityForm.initial_of(activity)
    )

    def save(f):
        return services.activity_save(
            actor=request.user,
            activity=activity,
            fields=f.service_fields(),
            groups=f.cleaned_data.get("groups"),
        )

    back = reverse("activities:manage", args=[activity.pk])
    return _form_page(request, activity.union, form, save, f"修改活动：{activity}", back)


@login_required
def manage(request, pk):
    activity = queries.get_activity(request.user, pk)
    if activity.state == State.OPEN:
        _refresh(activity)
    regs = queries.registrations_of(activity)
    figures = queries.figures(activity)
    return render(
        request,
        "activities/manage.html",
        {
            "activity": activity,
            "union": activity.union,
            "registrations": regs,
            "waiting": [r for r in regs if r.state == RegState.WAITING],
            "figures": figures,
            "checkin": queries_checkin.activity_figures(activity, figures["confirmed"]),
            "audience": queries.audience_label(activity),
            "phase": activity.phase(),
            "can_change": scoping.has_perm(request.user, "activities.change", union=activity.union),
            "cancel_form": CancelForm(),
            "register_form": RegisterForm(union=activity.union),
            "draw_form": DrawForm(),
        },
    )


def _step(request, pk, call, success):
    """A committee's POST on an activity: ``call(activity)``, back to its sign-up list."""
    activity = queries.get_activity(request.user, pk, "activities.change")
    back = reverse("activities:manage", args=[pk])
    return _act(request, back, lambda: call(activity), success)


@login_required
@require_POST
def publish(request, pk):
    def call(activity):
        return services.activity_publish(actor=request.user, activity=activity)

    return _step(request, pk, call, "已发布，会员可以在手机上报名。")


@login_required
@require_POST
def cancel(request, pk):
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def call(activity):
        return services.activity_cancel(actor=request.user, activity=activity, reason=reason)

    return _step(request, pk, call, "活动已取消，已通知所有报名的人。")


@login_required
@require_POST
def draw(request, pk):
    form = DrawForm(request.POST)
    seed = form.cleaned_data["seed"] if form.is_valid() else ""

    def call(activity):
        return services.lottery_draw(actor=request.user, activity=activity, seed=seed)

    return _step(request, pk, call, "抽签完成，种子和结果已记录。")


@login_required
@require_POST
def register(request, pk):
    activity = queries.get_activity(request.user, pk, "activities.change")
    form = RegisterForm(request.POST, union=activity.union)
    back = reverse("activities:manage", args=[pk])
    if not form.is_valid():
        messages.error(request, "请从本工会的在册会员中选择，并检查家属人数。")
        return redirect(back)
    data = form.cleaned_data

    def call():
        return services.registration_signup(
            actor=request.user,
            activity=activity,
            member=data["member"],
            companions=data.get("companions") or 0,
            companion_names=data.get("companion_names") or "",
        )

    return _act(request, back, call, f"已为{data['member'].name}报名。")


@login_required
def settings_page(request, code):
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    can_change = scoping.has_perm(request.user, "activities.change", union=union)
    current = queries.settings_for(union)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        scoping.require(request.user, "activities.change", union=union)
        if form.is_valid():
            try:
                services.activity_settings_save(
                    actor=request.user, union=union, fields=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已保存文体活动设置。")
                return redirect("activities:settings", union.code)
    return render(
        request,
        "activities/settings.html",
        {"union": union, "form": form, "settings": current, "can_change": can_change},
    )
