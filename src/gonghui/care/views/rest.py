"""The 疗休养 pages (phone-first): the rounds and a new round; a round with its proposal,
list, reserve and steps (propose, adjust with a reason, 公示, confirm, 参加/放弃, 结算); the
members' priority categories; the settings. ``care.view`` reads, ``care.change`` acts,
``care.rules`` changes the settings. Members see the list through its 公示."""

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
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.finance.queries.vouchers import share_vouchers

from .. import queries_rest as queries
from .. import rules_rest as rules
from .. import services_rest as services
from ..forms_rest import (
    AddForm,
    DeclineForm,
    PayForm,
    ReasonForm,
    RestSettingsForm,
    RoundForm,
    TagForm,
)
from ..models_rest import EntryState, RestRoundStatus
from ..queries import own_member
from .settings import SettingsPage

GRASSROOTS = services.GRASSROOTS


def _today():
    return timezone.localdate()


def _act(request, target, call, success):
    """One POST step: the service's refusal is flashed, the round page shown again."""
    try:
        result = call()
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(target)


# --- rounds ---------------------------------------------------------------------------------


@login_required
def rest_rounds(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    today = _today()
    form = RoundForm(request.POST or None, initial={"year": today.year, "days": 2})
    if request.method == "POST":
        scoping.require(request.user, "care.change", union=union)
        if form.is_valid():
            try:
                found = services.rest_round_create(
                    actor=request.user, union=union, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已创建{found}，请拟定推荐名单。")
                return redirect(found.get_absolute_url())
    return render(
        request,
        "care/rest_rounds.html",
        {
            "union": union,
            "rounds": list(queries.rounds_of(union)),
            "form": form,
            "settings": queries.settings_for(union),
            "can_change": can_change,
        },
        status=400 if form.errors else 200,
    )


def _with_vouchers(entries) -> None:
    vouchers = share_vouchers(e.voucher_share_id for e in entries if e.voucher_share_id)
    for e in entries:
        e.voucher = vouchers.get(e.voucher_share_id)


def _why(entries, categories) -> None:
    """Each entry's reasons as the page shows them: categories, years since the last trip."""
    for e in entries:
        e.names = rules.names_of(e.mask, categories)


@login_required
def rest_round(request, pk):
    round = queries.get_round(request.user, pk)
    union = round.union
    entries = queries.the_list(round)
    reserve = queries.candidates_page(round)
    _why([*entries, *reserve], round.categories)
    _with_vouchers(entries)
    publicity = publicity_for(round)
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    upheld = publicity is not None and publicity.status == "closed" and not cleared(publicity)
    adjustable = round.status == RestRoundStatus.DRAFT or (
        round.status == RestRoundStatus.PUBLICITY and upheld
    )
    return render(
        request,
        "care/rest_round.html",
        {
            "union": union,
            "round": round,
            "entries": entries,
            "reserve": reserve,
            "figures": queries.round_figures(round),
            "publicity": publicity,
            "publicity_cleared": cleared(publicity),
            "upheld": upheld,
            "can_change": can_change,
            "adjustable": can_change and adjustable,
            "attending": can_change and round.status == RestRoundStatus.CONFIRMED,
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "voucher": next((e.voucher for e in entries if e.voucher), None),
            "add_form": AddForm(union=union) if can_change and adjustable else None,
            "reason_form": ReasonForm(),
            "pay_form": PayForm(initial={"date": _today()}),
            "States": EntryState,
        },
    )


def _round_step(request, pk, step, success):
    """A POST step on a round (``care.change``): ``step(actor=, round=)``."""
    round = queries.get_round(request.user, pk, "care.change")
    return _act(
        request,
        round.get_absolute_url(),
        lambda: step(actor=request.user, round=round),
        success,
    )


def _entry_step(request, pk, step, success, form_class=None):
    """A POST step on an entry of the list (``care.change``): ``step(actor=, entry=)``, with
    the form's reason when it takes one."""
    entry = queries.get_entry(request.user, pk)
    extra = {}
    if form_class is not None:
        form = form_class(request.POST)
        extra["reason"] = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        entry.get_absolute_url(),
        lambda: step(actor=request.user, entry=entry, **extra),
        lambda result: success(entry, result),
    )


@login_required
@require_POST
def rest_propose(request, pk):
    return _round_step(
        request,
        pk,
        services.rest_propose,
        lambda r: (
            f"已拟定推荐名单：符合条件 {r.n_eligible} 人，"
            f"按顺序入选 {min(r.places, r.n_eligible)} 人。"
        ),
    )


@login_required
@require_POST
def rest_add(request, pk):
    round = queries.get_round(request.user, pk, "care.change")
    form = AddForm(request.POST, union=round.union)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        flash_error(request, ValidationError(errors))
        return redirect(round.get_absolute_url() + "#adjust")
    member = form.cleaned_data["member"]
    return _act(
        request,
        round.get_absolute_url() + "#adjust",
        lambda: services.rest_entry_add(
            actor=request.user, round=round, member=member, reason=form.cleaned_data["reason"]
        ),
        f"已将「{member.name}」增补进名单。",
    )


@login_required
@require_POST
def rest_remove(request, pk):
    return _entry_step(
        request,
        pk,
        services.rest_entry_remove,
        lambda entry, _: f"已将「{entry.member.name}」调出名单。",
        ReasonForm,
    )


@login_required
@require_POST
def rest_publicize(request, pk):
    return _round_step(
        request,
        pk,
        services.rest_publicize,
        "已发布名单公示（只公示姓名、小组和优先类别）。公示结束且无异议后确认名单。",
    )


@login_required
@require_POST
def rest_confirm(request, pk):
    return _round_step(
        request,
        pk,
        services.rest_confirm,
        "名单已确认。请逐人登记参加或放弃；放弃的名额由候补依次递补。",
    )


@login_required
@require_POST
def rest_take(request, pk):
    return _entry_step(
        request,
        pk,
        services.rest_entry_take,
        lambda entry, _: f"已登记「{entry.member.name}」参加。",
    )


def _declined(entry, moved) -> str:
    text = f"已登记「{entry.member.name}」放弃。"
    return text + (f"由「{moved.member.name}」递补。" if moved else "已无可递补的候补人员。")


@login_required
@require_POST
def rest_decline(request, pk):
    """放弃, by the committee on the list or by the member on 我的疗休养 (back there)."""
    entry = queries.get_entry(request.user, pk, own=True)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if entry.member.user_id != request.user.pk:
        return _entry_step(request, pk, services.rest_entry_decline, _declined, DeclineForm)
    return _act(
        request,
        reverse("care:rest_mine"),
        lambda: services.rest_entry_decline(actor=request.user, entry=entry, reason=reason),
        f"已放弃“{entry.round.name}”的名额，名额将按推荐名单顺序递补。",
    )


@login_required
def rest_mine(request):
    """我的疗休养: the member's places in public rounds, 放弃 while the list is confirmed."""
    member = own_member(request.user)
    entries = queries.own_entries(member) if member else []
    return render(
        request,
        "care/rest_mine.html",
        {"member": member, "entries": entries, "decline_form": DeclineForm()},
    )


@login_required
@require_POST
def rest_pay(request, pk):
    form = PayForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"insured": False, "date": None}
    return _round_step(
        request,
        pk,
        lambda **kw: services.rest_pay(insured=data["insured"], date=data["date"], **kw),
        "已生成“其他职工活动”支出凭证草稿（每名参加人员一条明细），由财务提交，"
        "按开支标准和预算审核、审批后记账。",
    )


# --- priority categories --------------------------------------------------------------------


@login_required
def rest_tags(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    settings = queries.settings_for(union)
    names = [c["name"] for c in settings.categories]
    can_change = scoping.has_perm(request.user, "care.change", union=union)
    form = TagForm(
        request.POST or None, union=union, categories=names, initial={"year": _today().year}
    )
    if request.method == "POST":
        scoping.require(request.user, "care.change", union=union)
        if form.is_valid():
            try:
                tag = services.rest_tag_add(actor=request.user, union=union, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已登记「{tag.member.name}」为“{tag.category}”。")
                return redirect("care:rest_tags", union.code)
    category = request.GET.get("category", "")
    return render(
        request,
        "care/rest_tags.html",
        {
            "union": union,
            "tags": list(queries.tags_of(union, category if category in names else "")),
            "counts": queries.tag_counts(union),
            "roster": queries.roster_counts(union, settings, _today()),
            "settings": settings,
            "names": names,
            "category": category,
            "form": form,
            "can_change": can_change,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rest_tag_remove(request, pk):
    tag = queries.get_tag(request.user, pk)
    return _act(
        request,
        reverse("care:rest_tags", args=[tag.union.code]),
        lambda: services.rest_tag_remove(actor=request.user, tag=tag),
        f"已取消「{tag.member.name}」的“{tag.category}”。",
    )


# --- settings -------------------------------------------------------------------------------


def _initial(current) -> dict:
    fields = [f for f in services.SETTINGS_FIELDS if f != "categories"]
    return {
        "categories": rules.categories_text(current.categories),
        **{f: getattr(current, f) for f in fields},
    }


SETTINGS = SettingsPage(
    form=RestSettingsForm,
    current=queries.settings_for,
    initial=_initial,
    save=services.rest_settings_save,
    template="care/rest_settings.html",
    url_name="care:rest_settings",
    saved="疗休养设置已保存。",
    refused="您没有权限查看疗休养设置。",
    extra=lambda union: {
        "source": rules.SOURCE,
        "anhui": rules.ANHUI_NOTE,
        "retire_source": rules.RETIRE_SOURCE,
        "rounds_url": reverse("care:rest_rounds", args=[union.code])
        if not union.is_federation
        else "",
    },
)
