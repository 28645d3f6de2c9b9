"""The 捐款 pages (phone-first): the member's page (pledge, record a transfer, withdraw a
pledge, stay anonymous); the committee's campaigns, a campaign with its figures per group,
the entries and the hand-overs; a group's list typed at once; the thank-you list as a page
and as Word; the list as Excel. ``care.view`` reads, ``care.change`` runs the campaigns; a
member sees the published campaigns of their union, their own entries and the thank-you
lists."""

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
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import DOCX, XLSX, download
from gonghui.core.queries import get_union

from .. import documents_donations as documents
from .. import queries_donations as queries
from .. import services_donations as services
from ..forms_donations import BatchForm, CampaignForm, HandoverForm, PayForm, PledgeForm, ReasonForm
from ..models_donations import CampaignState, EntryKind
from ..queries import own_member
from .bursary import _act

ENTRIES_SHOWN = 50


def _today():
    return timezone.localdate()


def _form_refused(request, form, target):
    """A POST whose form is wrong (no page of its own): each field's first problem flashed."""
    errors = [
        f"{form.fields[k].label}：{e[0]}" if k in form.fields else e[0]
        for k, e in form.errors.items()
    ]
    messages.error(request, "；".join(errors))
    return redirect(target)


# --- the member -----------------------------------------------------------------------------


@login_required
def donation_mine(request):
    member = own_member(request.user)
    campaigns = queries.member_campaigns(member) if member else []
    entries = queries.own_entries(member, campaigns) if member else {}
    today = _today()
    for c in campaigns:
        c.mine = entries.get(c.pk, [])
        c.pledged = sum((e.amount for e in c.mine if e.kind == EntryKind.PLEDGE), start=0)
        c.paid = sum((e.amount for e in c.mine if e.kind == EntryKind.PAYMENT), start=0)
        c.anonymous = next((e.donor.anonymous for e in c.mine), None)
        c.taking = c.state == CampaignState.OPEN and c.starts_on <= today <= c.ends_on
        c.pledge_form = PledgeForm(auto_id=f"pledge{c.pk}_%s")
        c.pay_form = PayForm(auto_id=f"pay{c.pk}_%s", initial={"on": today})
    return render(
        request,
        "care/donation_mine.html",
        {
            "member": member,
            "campaigns": campaigns,
            "today": today,
        },
    )


def _own_post(request, pk, form_class, call, success):
    """A member's POST on their own page: the form, one service call for themselves."""
    campaign = queries.get_campaign(request.user, pk, "care.view", members=True)
    member = own_member(request.user)
    if member is None or member.union_id != campaign.union_id:
        raise Http404(queries.CAMPAIGN_MISSING)
    form = form_class(request.POST)
    target = reverse("care:donation_mine") + f"#campaign-{campaign.pk}"
    if not form.is_valid():
        return _form_refused(request, form, target)
    return _act(request, target, lambda: call(campaign, member, form.cleaned_data), success)


@login_required
@require_POST
def donation_pledge(request, pk):
    def call(campaign, member, data):
        services.donation_pledge(
            actor=request.user,
            campaign=campaign,
            member=member,
            amount=data["amount"],
            anonymous=data["anonymous"] or None,  # unticked: keep the donor's choice
        )

    return _own_post(request, pk, PledgeForm, call, "认捐已登记，谢谢您的爱心！")


@login_required
@require_POST
def donation_pay(request, pk):
    def call(campaign, member, data):
        data["anonymous"] = data["anonymous"] or None  # unticked: keep the donor's choice
        services.donation_pay(actor=request.user, campaign=campaign, member=member, **data)

    return _own_post(
        request, pk, PayForm, call, "捐款已登记（本人登记），工会将核对到账情况。谢谢您的爱心！"
    )


@login_required
@require_POST
def donation_anonymity(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.view", members=True)
    member = own_member(request.user)
    if member is None or member.union_id != campaign.union_id:
        raise Http404(queries.CAMPAIGN_MISSING)
    anonymous = request.POST.get("anonymous") == "1"
    return _act(
        request,
        reverse("care:donation_mine") + f"#campaign-{campaign.pk}",
        lambda: services.donation_anonymity(
            actor=request.user, campaign=campaign, member=member, anonymous=anonymous
        ),
        "感谢名单中将显示为“爱心人士”。" if anonymous else "感谢名单中将显示您的姓名。",
    )


# --- the committee --------------------------------------------------------------------------


@login_required
def donation_campaigns(request, code):
    union = get_union(
        request.user, code, "care.view", grassroots="捐款活动由基层工会组织，请进入所属基层工会。"
    )
    set_current_union(request, union)
    return render(
        request,
        "care/donation_campaigns.html",
        {
            "union": union,
            "campaigns": queries.campaigns_of(union),
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
        },
    )


def _campaign_form(request, *, union, campaign, save, title):
    initial = {"starts_on": _today()}
    if campaign is not None:
        initial = {f: getattr(campaign, f) for f in CampaignForm.base_fields}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            found = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存“{found}”。")
            return redirect(found.get_absolute_url())
    return render(
        request,
        "care/donation_form.html",
        {"union": union, "campaign": campaign, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
def donation_campaign_new(request, code):
    union = get_union(request.user, code, "care.change", grassroots=services.GRASSROOTS)
    return _campaign_form(
        request,
        union=union,
        campaign=None,
        title="新建捐款活动",
        save=lambda data: services.donation_campaign_create(
            actor=request.user, union=union, **data
        ),
    )


@login_required
def donation_campaign_edit(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    return _campaign_form(
        request,
        union=campaign.union,
        campaign=campaign,
        title="修改捐款活动",
        save=lambda data: services.donation_campaign_update(
            actor=request.user, campaign=campaign, **data
        ),
    )


@login_required
def donation_campaign(request, pk):
    campaign = queries.get_campaign(request.user, pk)
    union = campaign.union
    donors = queries.donor_rows(campaign)
    group = request.GET.get("group", "")
    show_all = request.GET.get("all") == "1"
    entries = queries.entries_of(
        campaign, group=group, limit=None if show_all or group else ENTRIES_SHOWN + 1
    )
    return render(
        request,
        "care/donation_campaign.html",
        {
            "union": union,
            "campaign": campaign,
            "figures": queries.figures(campaign, donors),
            "donors": donors,
            "entries": entries[:ENTRIES_SHOWN] if not (show_all or group) else entries,
            "more_entries": not (show_all or group) and len(entries) > ENTRIES_SHOWN,
            "group": group,
            "groups": queries.groups_of(union),
            "handovers": queries.handovers_of(campaign),
            "handover_form": HandoverForm(
                initial={"on": _today(), "recipient": campaign.recipient}
            ),
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
            "today": _today(),
        },
    )


@login_required
@require_POST
def donation_open(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    return _act(
        request,
        campaign.get_absolute_url(),
        lambda: services.donation_campaign_open(actor=request.user, campaign=campaign),
        "捐款活动已发布，会员可在手机上“我的捐款”中认捐和登记。",
    )


@login_required
@require_POST
def donation_close(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    return _act(
        request,
        campaign.get_absolute_url(),
        lambda: services.donation_campaign_close(actor=request.user, campaign=campaign),
        "捐款活动已结束。请将工会收取的善款上交接收单位，并登记收据编号。",
    )


@login_required
def donation_batch(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    union = campaign.union
    group_key = request.GET.get("group", "")
    group, members = queries.batch_members(union, group_key) if group_key else (None, [])
    donors = {d.member_id: d for d in queries.donor_rows(campaign)}
    form = BatchForm(request.POST or None, members=members, donors=donors,
                     initial={"on": _today()})  # fmt: skip
    if request.method == "POST" and members and form.is_valid():
        data = form.cleaned_data
        try:
            entries = services.donation_batch(
                actor=request.user,
                campaign=campaign,
                kind=data["kind"],
                method=data["method"] if data["kind"] == EntryKind.PAYMENT else "",
                on=data["on"],
                group=group,
                rows=form.rows(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            if any(k.startswith("amount_") for k in getattr(exc, "error_dict", {})):
                form.add_error(None, "以下各行有误，本次一笔也没有登记；请改正后再提交。")
        else:
            what = "实缴" if data["kind"] == EntryKind.PAYMENT else "认捐"
            name = group.name if group else "未分组会员"
            messages.success(request, f"已登记{name} {len(entries)} 人的{what}。")
            return redirect(campaign.get_absolute_url() + "#groups")
    return render(
        request,
        "care/donation_batch.html",
        {
            "union": union,
            "campaign": campaign,
            "groups": queries.groups_of(union),
            "group": group,
            "group_key": group_key,
            "form": form,
            "lines": form.lines(donors),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def donation_reverse(request, pk):
    entry = queries.get_entry(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    mine = entry.donor.member.user_id == request.user.pk and not scoping.has_perm(
        request.user, "care.change", union=entry.campaign.union
    )
    target = (
        reverse("care:donation_mine") + f"#campaign-{entry.campaign_id}"
        if mine
        else entry.campaign.get_absolute_url() + "#entries"
    )
    return _act(
        request,
        target,
        lambda: services.donation_reverse(actor=request.user, entry=entry, reason=reason),
        "已撤销该记录（原记录保留，撤销记录为负数）。",
    )


@login_required
@require_POST
def donation_handover(request, pk):
    campaign = queries.get_campaign(request.user, pk, "care.change")
    form = HandoverForm(request.POST)
    target = campaign.get_absolute_url() + "#handovers"
    if not form.is_valid():
        return _form_refused(request, form, target)
    return _act(
        request,
        target,
        lambda: services.donation_handover(
            actor=request.user, campaign=campaign, **form.cleaned_data
        ),
        "已登记善款上交。",
    )


@login_required
@require_POST
def donation_handover_reverse(request, pk):
    handover = queries.get_handover(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        handover.campaign.get_absolute_url() + "#handovers",
        lambda: services.donation_handover_reverse(
            actor=request.user, handover=handover, reason=reason
        ),
        "已撤销该上交记录。",
    )


# --- the thank-you list and the files -------------------------------------------------------


def _thanks_campaign(request, pk):
    """The chair, the welfare member and the 经审, or a member of the union once published."""
    return queries.get_campaign(request.user, pk, "care.view", members=True)


@login_required
def donation_thanks(request, pk):
    campaign = _thanks_campaign(request, pk)
    found = queries.thanks(campaign, queries.donor_rows(campaign))
    return render(
        request,
        "care/donation_thanks.html",
        {
            "union": campaign.union,
            "campaign": campaign,
            "found": found,
            "intro": documents.thanks_intro(campaign, found),
            "can_view": scoping.has_perm(request.user, "care.view", union=campaign.union),
        },
    )


@login_required
def donation_thanks_docx(request, pk):
    campaign = _thanks_campaign(request, pk)
    found = queries.thanks(campaign, queries.donor_rows(campaign))
    content = documents.thanks_docx(campaign, found, campaign.closed_on or _today())
    return download(content, f"{documents.thanks_title(campaign)}.docx", DOCX)


@login_required
def donation_export(request, pk):
    campaign = queries.get_campaign(request.user, pk)
    donors = queries.donor_rows(campaign)
    content = documents.export_xlsx(
        campaign, donors, queries.figures(campaign, donors), actor=request.user
    )
    return download(content, f"{campaign.union.name}{campaign.name}捐款名单.xlsx", XLSX)
