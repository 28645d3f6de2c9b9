"""The 走访慰问 pages (phone-first): the committee's list of visits due and late, recording
a life event and its visit, the member's own events, campaigns with their targets visited
and not yet. Who sees them follows ``care.view``; a member sees their own events only."""

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
from gonghui.core.pages import flash_error, form_page
from gonghui.core.queries import get_union
from gonghui.finance.queries.vouchers import share_vouchers

from .. import queries_visits as queries
from .. import rules_visits
from .. import services_visits as services
from ..forms_visits import (
    CampaignForm,
    EventForm,
    ReportEventForm,
    TargetsForm,
    VisitForm,
    WithdrawForm,
    visit_form,
)
from ..models import CareVisit, EventState
from ..queries import own_member, settings_for

GRASSROOTS = "走访慰问由基层工会开展，请进入所属基层工会办理。"
SHOW_KEYS = {key for key, _ in queries.SHOWS}


def _today():
    return timezone.localdate()


# --- the committee's list -------------------------------------------------------------------


@login_required
def visit_list(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    today = _today()
    show = request.GET.get("show", "open")
    show = show if show in SHOW_KEYS else "open"
    counts = queries.event_counts(union, today)
    return render(
        request,
        "care/visits.html",
        {
            "union": union,
            "events": queries.event_list(union, show, today),
            "tabs": [(key, label, counts[key]) for key, label in queries.SHOWS],
            "show": show,
            "today": today,
            "settings": settings_for(union),
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
        },
    )


@login_required
def event_new(request, code):
    union = get_union(request.user, code, "care.change", grassroots=GRASSROOTS)
    settings = settings_for(union)
    form = EventForm(
        request.POST or None,
        union=union,
        kinds=list(settings.visit_kinds),
        initial={"occurred_on": _today()},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.life_event_record(actor=request.user, **data),
        success=lambda e: f"已记录「{e.member.name}」的{e.kind}，请于 {e.due_on:%Y-%m-%d} 前走访。",
        title="记录生活事件",
        union=union,
        back=reverse("care:visits", args=[union.code]),
        intro=f"记录后，应在事件发生后 {settings.visit_days} 天内走访慰问；到期前后会提醒分管生活福利的委员和工会主席。",
    )


# --- one event ------------------------------------------------------------------------------


def _with_vouchers(visits) -> None:
    """Each visit paid in money carries the voucher its share is on (one query for all),
    for the page to show its number and state (``care.payments``)."""
    vouchers = share_vouchers(v.voucher_share_id for v in visits)
    for visit in visits:
        visit.voucher = vouchers.get(visit.voucher_share_id)


def _event_page(request, event, **bound):
    union = event.union
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    forms = {
        "visit_form": visit_form(event.kind, initial={"visited_on": _today()}),
        "withdraw_form": WithdrawForm(),
    }
    forms.update(bound)
    visits = queries.event_visits(event)
    _with_vouchers(visits)
    return render(
        request,
        "care/event.html",
        {
            "union": union,
            "event": event,
            "visits": visits,
            "overdue": event.is_overdue(_today()),
            "can_change": can_change,
            "can_view": scoping.has_perm(request.user, "care.view", union=union),
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "hospital": rules_visits.is_hospital(event.kind),
            "category_name": rules_visits.category_name(rules_visits.visit_category(event.kind)),
            **forms,
        },
        status=400 if bound else 200,
    )


@login_required
def event_detail(request, pk):
    return _event_page(request, queries.get_event(request.user, pk))


def _event_step(request, pk, key, make_form, call, success):
    """A step posted from the event page: the form (``make_form(event, data)``) valid, one
    service call, ``success(result)`` flashed; a refusal about a field shows the page again
    with the message beside it, any other is flashed."""
    event = queries.get_event(request.user, pk, "care.change")
    form = make_form(event, request.POST)
    if not form.is_valid():
        return _event_page(request, event, **{key: form})
    try:
        done = call(actor=request.user, event=event, **form.cleaned_data)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            flash_error(request, exc)
            return redirect(event.get_absolute_url())
        add_service_errors(form, exc)
        return _event_page(request, event, **{key: form})
    messages.success(request, success(done))
    return redirect(event.get_absolute_url())


def _visited(visit: CareVisit) -> str:
    if visit.voucher_share_id is None:
        return "已登记走访慰问。"
    return "已登记走访慰问，慰问金已生成支出凭证草稿，由财务按开支标准审核后发放。"


@login_required
@require_POST
def event_visit(request, pk):
    return _event_step(
        request,
        pk,
        "visit_form",
        lambda event, data: visit_form(event.kind, data),
        services.care_visit_record,
        _visited,
    )


@login_required
@require_POST
def event_withdraw(request, pk):
    return _event_step(
        request,
        pk,
        "withdraw_form",
        lambda event, data: WithdrawForm(data),
        services.life_event_withdraw,
        lambda event: "已撤销该事件。",
    )


# --- the member's own -----------------------------------------------------------------------


@login_required
def my_events(request):
    member = own_member(request.user)
    kinds = list(settings_for(member.union).visit_kinds) if member else []
    form = ReportEventForm(request.POST or None, kinds=kinds, initial={"occurred_on": _today()})
    if request.method == "POST" and member is not None and form.is_valid():
        try:
            services.life_event_record(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已报告，工会将安排走访慰问。")
            return redirect("care:my_events")
    return render(
        request,
        "care/event_mine.html",
        {
            "member": member,
            "form": form,
            "events": list(queries.own_events(member)) if member else [],
            "due": EventState.DUE,
        },
    )


# --- campaigns ------------------------------------------------------------------------------


@login_required
def campaign_list(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    return render(
        request,
        "care/campaigns.html",
        {
            "union": union,
            "campaigns": queries.campaign_list(union),
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
        },
    )


@login_required
def campaign_new(request, code):
    union = get_union(request.user, code, "care.change", grassroots=GRASSROOTS)
    return form_page(
        request,
        CampaignForm(request.POST or None),
        save=lambda data: services.campaign_create(actor=request.user, union=union, **data),
        success=lambda c: f"已创建慰问活动“{c.name}”，请添加慰问对象。",
        title="新建慰问活动",
        union=union,
        back=reverse("care:campaigns", args=[union.code]),
    )


@login_required
def campaign_detail(request, pk):
    campaign = queries.get_campaign(request.user, pk)
    union = campaign.union
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    show = request.GET.get("show", "")
    targets = list(queries.campaign_targets(campaign, show))
    vouchers = _campaign_vouchers(campaign)
    for target in targets:
        if target.visit is not None:
            target.visit.voucher = vouchers.get(target.visit.voucher_share_id)
    return render(
        request,
        "care/campaign.html",
        {
            "union": union,
            "campaign": campaign,
            "figures": queries.campaign_figures(campaign),
            "targets": targets,
            "vouchers": sorted({v.pk: v for v in vouchers.values()}.values(), key=lambda v: v.pk),
            "show": show,
            "can_change": can_change,
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "targets_form": TargetsForm(union=union) if can_change else None,
        },
    )


def _campaign_category(campaign) -> str:
    return rules_visits.category_name(rules_visits.CAMPAIGN_CATEGORIES[campaign.kind])


def _campaign_vouchers(campaign) -> dict:
    """The vouchers the campaign's 慰问金 went to, by share id (two queries, whatever the
    number of visits): for each row's voucher and the list at the top of the page."""
    shares = CareVisit.objects.filter(campaign=campaign, voucher_share__isnull=False)
    return share_vouchers(shares.values_list("voucher_share_id", flat=True))


@login_required
@require_POST
def campaign_targets(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    form = TargetsForm(request.POST, union=campaign.union)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect(campaign.get_absolute_url())
    try:
        added = services.campaign_targets_add(
            actor=request.user, campaign=campaign, **form.cleaned_data
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if added:
            messages.success(request, f"已添加慰问对象 {added} 人。")
        else:
            messages.info(request, "没有新增慰问对象：符合条件的职工都已在名单中。")
    return redirect(campaign.get_absolute_url())


@login_required
def target_visit(request, pk):
    target = queries.get_target(request.user, pk)
    campaign = target.campaign
    form = VisitForm(request.POST or None, initial={"visited_on": _today()})
    return form_page(
        request,
        form,
        save=lambda data: services.campaign_target_visit(actor=request.user, target=target, **data),
        success=lambda v: (
            f"已登记走访「{target.member.name}」"
            + ("，慰问金已记入本活动的支出凭证草稿。" if v.voucher_share_id else "。")
        ),
        title=f"登记走访：{target.member.name}",
        union=campaign.union,
        back=campaign.get_absolute_url(),
        intro=f"{campaign.name}（{campaign.starts_on:%Y-%m-%d} 至 {campaign.ends_on:%Y-%m-%d}）。"
        f"慰问金记入本活动的“{_campaign_category(campaign)}”支出凭证草稿。",
    )


@login_required
@require_POST
def target_remove(request, pk):
    target = queries.get_target(request.user, pk)
    try:
        services.campaign_target_remove(actor=request.user, target=target)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已将「{target.member.name}」移出名单。")
    return redirect(target.campaign.get_absolute_url())
