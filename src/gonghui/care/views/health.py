"""The 体检 pages (phone-first): the member's own appointments (choose, change, confirm or
cancel a slot); the committee's campaigns, a new campaign with the employer's 委托, a
campaign with its figures, who is due, the slots and the list (mark 已完成 / 未参加), the
provider's .xlsx and the 委托书; the settings. ``care.view`` reads the campaigns,
``care.change`` runs them, ``care.rules`` changes the settings; a member sees their own
appointments only."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping, sudo
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import XLSX, CappedPaginator, download, flash_error
from gonghui.core.queries import get_union
from gonghui.finance.views.files import stored_file

from .. import queries_health as queries
from .. import services_health as services
from ..forms_health import (
    AbsentForm,
    CampaignForm,
    DoneForm,
    HealthSettingsForm,
    SlotForm,
    TargetsForm,
)
from ..models_health import AbsentReason, TargetState
from ..queries import own_member
from ..rules_health import SOURCE, SOURCE_TEXT, rate
from .settings import SettingsPage

GRASSROOTS = services.GRASSROOTS
PER_PAGE = 50
PREVIEW = 30


def _today():
    return timezone.localdate()


def _act(request, target_url, call, success):
    """One POST step: the service's refusal is flashed, the page shown again."""
    try:
        call()
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, success)
    return redirect(target_url)


# --- the member -----------------------------------------------------------------------------


@login_required
def health_mine(request):
    member = own_member(request.user)
    today = _today()
    targets = queries.own_targets(member) if member else []
    tomorrow = today + datetime.timedelta(days=1)
    for t in targets:
        t.open = t.state in queries.OPEN_STATES and t.campaign.ends_on >= tomorrow
        t.slots = queries.bookable_slots(t.campaign, tomorrow) if t.open else []
    return render(
        request,
        "care/health_mine.html",
        {"member": member, "targets": targets, "today": today},
    )


def _back(request, target) -> str:
    """Where a booking step returns: the member's page, or the campaign's for the committee."""
    if target.member.user_id == request.user.pk:
        return reverse("care:health_mine")
    return target.get_absolute_url()


@login_required
@require_POST
def health_book(request, pk):
    target = queries.get_target(request.user, pk, own=True)
    slot = queries.slot_of(target.campaign, request.POST.get("slot"))
    if slot is None:
        messages.error(request, "请选择预约时段。")
        return redirect(_back(request, target))
    return _act(
        request,
        _back(request, target),
        lambda: services.health_book(actor=request.user, target=target, slot=slot),
        f"已预约 {slot.label}（{target.campaign.provider}）。",
    )


@login_required
@require_POST
def health_confirm(request, pk):
    target = queries.get_target(request.user, pk, own=True)
    return _act(
        request,
        _back(request, target),
        lambda: services.health_confirm(actor=request.user, target=target),
        "已确认体检预约。",
    )


@login_required
@require_POST
def health_cancel(request, pk):
    target = queries.get_target(request.user, pk, own=True)
    return _act(
        request,
        _back(request, target),
        lambda: services.health_cancel(actor=request.user, target=target),
        "已取消预约，名额已释放；请在截止前重新预约。",
    )


# --- the committee --------------------------------------------------------------------------


def _with_rates(campaigns) -> list:
    found = list(campaigns)
    for c in found:
        c.rate = rate(c.n_done, c.n_due)
    return found


@login_required
def health_campaigns(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    form = CampaignForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        scoping.require(request.user, "care.change", union=union)
        if form.is_valid():
            try:
                found = services.health_campaign_create(
                    actor=request.user, union=union, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已创建“{found}”，请列入应检职工。")
                return redirect(found.get_absolute_url())
    return render(
        request,
        "care/health_campaigns.html",
        {
            "union": union,
            "campaigns": _with_rates(queries.campaigns_of(union)),
            "form": form,
            "settings": queries.settings_for(union),
            "can_change": can_change,
            "source_text": SOURCE_TEXT,
            "today": _today(),
        },
        status=400 if form.errors else 200,
    )


def _preview(campaign, can_change: bool) -> dict:
    """Who is due and not yet listed (the first few, with their reasons)."""
    if not can_change or campaign.ends_on < _today():
        return {"count": 0, "rows": []}
    due = queries.due_not_listed(campaign)
    named = queries.members_named(d.member_id for d in due[:PREVIEW])
    return {"count": len(due), "rows": [(named[d.member_id], d) for d in due[:PREVIEW]]}


@login_required
def health_campaign(request, pk):
    campaign = queries.get_campaign(request.user, pk)
    union = campaign.union
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    state, group = request.GET.get("state", ""), request.GET.get("group", "")
    page = CappedPaginator(queries.targets_of(campaign, state, group), PER_PAGE).get_page(
        request.GET.get("page")
    )
    today = _today()
    query = "&".join(f"{k}={v}" for k, v in (("state", state), ("group", group)) if v)
    return render(
        request,
        "care/health_campaign.html",
        {
            "union": union,
            "campaign": campaign,
            "figures": queries.campaign_figures(campaign),
            "groups": queries.group_figures(campaign),
            "slots": queries.slots_of(campaign),
            "bookable": queries.bookable_slots(campaign, today) if can_change else [],
            "page": page,
            "pager_query": query,
            "state": state,
            "group": group,
            "states": TargetState.choices,
            "reasons": AbsentReason.choices,
            "preview": _preview(campaign, can_change),
            "today": today,
            "can_change": can_change,
            "can_reveal": scoping.has_perm(request.user, "member.reveal", union=union),
            "can_see_rules": scoping.has_perm(request.user, "finance.view", union=union),
            "targets_form": TargetsForm(union=union) if can_change else None,
            "source_text": SOURCE_TEXT,
        },
    )


@login_required
@require_POST
def health_targets(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    form = TargetsForm(request.POST, union=campaign.union)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect(campaign.get_absolute_url())
    members = form.cleaned_data.get("members") or None
    try:
        added = services.health_targets_add(actor=request.user, campaign=campaign, members=members)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if added:
            messages.success(request, f"已列入体检对象 {added} 人。")
        else:
            messages.info(request, "没有新增：应检职工都已在名单中。")
    return redirect(campaign.get_absolute_url())


@login_required
@require_POST
def health_slot(request, pk):
    slot = queries.get_slot(request.user, pk)
    form = SlotForm(request.POST)
    back = slot.campaign.get_absolute_url() + "#slots"
    if not form.is_valid():
        messages.error(request, "名额请填写 0 到 2000 之间的整数。")
        return redirect(back)
    return _act(
        request,
        back,
        lambda: services.health_slot_capacity(
            actor=request.user, slot=slot, capacity=form.cleaned_data["capacity"]
        ),
        f"已将 {slot.label}的名额改为 {form.cleaned_data['capacity']} 人。",
    )


@login_required
@require_POST
def health_done(request, pk):
    target = queries.get_target(request.user, pk)
    form = DoneForm(request.POST)
    data = form.service_data() if form.is_valid() else {}
    return _act(
        request,
        target.get_absolute_url(),
        lambda: services.health_done(actor=request.user, target=target, **data),
        f"已登记「{target.member.name}」完成体检。",
    )


@login_required
@require_POST
def health_absent(request, pk):
    target = queries.get_target(request.user, pk)
    form = AbsentForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        target.get_absolute_url(),
        lambda: services.health_absent(actor=request.user, target=target, reason=reason),
        f"已登记「{target.member.name}」未参加体检。",
    )


@login_required
@require_POST
def health_undo(request, pk):
    target = queries.get_target(request.user, pk)
    return _act(
        request,
        target.get_absolute_url(),
        lambda: services.health_undo(actor=request.user, target=target),
        f"已撤销「{target.member.name}」的登记。",
    )


@login_required
def health_export(request, pk):
    campaign = queries.get_campaign(request.user, pk)
    full = request.GET.get("full") == "1"
    if full and not scoping.has_perm(request.user, "member.reveal", union=campaign.union):
        raise PermissionDenied("您没有权限导出证件号码和手机号码。")
    if full and (confirm := sudo.gate(request)) is not None:
        return confirm  # full numbers leave the platform: the password again
    content = services.health_export(actor=request.user, campaign=campaign, full=full)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return download(content, f"{campaign.name}预约名单-{stamp}.xlsx", XLSX)


@login_required
def health_entrust(request, pk):
    campaign = queries.get_campaign(request.user, pk)
    if not campaign.entrust_sha256:
        return render(
            request,
            "core/error.html",
            {"title": "没有委托书文件", "message": "本次体检只登记了委托依据，未上传委托书。"},
            status=404,
        )
    return stored_file(request, campaign.entrust_file(), campaign.entrust_type)


# --- settings -------------------------------------------------------------------------------


SETTINGS = SettingsPage(
    form=HealthSettingsForm,
    current=queries.settings_for,
    initial=lambda current: {f: getattr(current, f) for f in services.SETTINGS_FIELDS},
    save=services.health_settings_save,
    template="care/health_settings.html",
    url_name="care:health_settings",
    saved="体检设置已保存。",
    refused="您没有权限查看体检设置。",
    extra=lambda union: {
        "source": SOURCE,
        "source_text": SOURCE_TEXT,
        "campaigns_url": ""
        if union.is_federation
        else reverse("care:health_campaigns", args=[union.code]),
    },
)
