"""Every write of 走访慰问: a life event recorded (五必访: by the committee, or reported by the
member for themselves), its visit, a withdrawn event; campaigns (慰问活动), their targets
added in bulk (once per member, in one transaction) and each target's visit.

Each checks its actor first and writes one audit entry in the same transaction. Audit
entries carry dates, counts and amounts — never the event's kind or notes, nor a name: the
trail is read by more people (``audit.view``) than these records are (``care.view``).

Money: a visit records its goods and amount (Decimal, two places, ≥ 0). An amount above
zero (慰问金) is paid through the books in the same transaction (``care.payments``): one
share for the member on a draft expense voucher in the category of the event's or the
campaign's kind (``rules_visits``), kept in ``CareVisit.voucher_share``; the spending rules
check it when the treasurer submits the draft. A 住院慰问 carries the stay's days (住院超过
N 天) and is keyed by the illness (同一病种每年一次); another event's share by the event
(``care.event:<id>``); a campaign's visits gather on one draft per campaign, keyed by the
campaign. Goods only: no voucher."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.finance.models import Kind, Voucher, VoucherStatus
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, MemberStatus, Union

from . import queries_visits as queries
from . import rules_visits
from .models import (
    Campaign,
    CampaignKind,
    CampaignTarget,
    CareVisit,
    EventState,
    LifeEvent,
    TargetSource,
)
from .payments import Payee, payment_draft
from .services import ONLY_THIS_ROW, _money

NOTE_MAX = 300
# Who may have an event recorded: members on the roll, and one who has died (会员去世: the
# visit goes to the family).
EVENT_STATUSES = (*CURRENT_MEMBER_STATUSES, MemberStatus.DECEASED)


def _today() -> datetime.date:
    return timezone.localdate()


def _own(actor, member: Member) -> bool:
    return bool(getattr(actor, "pk", None)) and member.user_id == actor.pk


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


# --- life events ----------------------------------------------------------------------------


def _event_problems(member: Member, kind: str, occurred_on, *, own: bool) -> dict:
    problems: dict[str, list[str]] = {}
    if kind not in queries.visit_kinds(member.union):
        problems["kind"] = ["请从本会的五必访事件中选择事件类型。"]
    if occurred_on is None or occurred_on > _today():
        problems["occurred_on"] = ["请填写事件日期（不能晚于今天）。"]
    elif queries.open_event_exists(member, kind, occurred_on):
        who = "您" if own else f"「{member.name}」"
        problems["occurred_on"] = [f"{who}{occurred_on:%Y-%m-%d}的“{kind}”已经记录过了。"]
    return problems


@transaction.atomic
def life_event_record(
    *, actor, member: Member, kind: str, occurred_on: datetime.date, notes: str = ""
) -> LifeEvent:
    """A life event (住院, 结婚, 生育 …; the union's 五必访 list): by the member for their own
    record (no role needed), or by the committee (``care.change``). The visit is due within
    the union's ``visit_days`` of the event's date."""
    own = _own(actor, member)
    if not own:
        scoping.require(actor, "care.change", union=member.union)
    member = (
        Member.objects.select_for_update(of=ONLY_THIS_ROW).select_related("union").get(pk=member.pk)
    )
    allowed = CURRENT_MEMBER_STATUSES if own else EVENT_STATUSES
    if member.status not in allowed:
        raise ValidationError(f"「{member.name}」不是本会在册会员，不能记录生活事件。")
    kind = _text(kind, rules_visits.KIND_MAX_LENGTH)
    problems = _event_problems(member, kind, occurred_on, own=own)
    if problems:
        raise ValidationError(problems)
    due = rules_visits.due_on(occurred_on, queries.visit_days(member.union))
    event = LifeEvent.objects.create(
        union=member.union,
        member=member,
        kind=kind,
        occurred_on=occurred_on,
        notes=_text(notes, NOTE_MAX),
        due_on=due,
        self_reported=own,
        recorded_by=scoping.person(actor),
    )
    audit.record(
        actor=actor,
        action="care.event",
        obj=event,
        changes={"occurred_on": [None, occurred_on], "due_on": [None, due]},
    )
    return event


def _locked_event(event: LifeEvent) -> LifeEvent:
    return (
        LifeEvent.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union", "member")
        .get(pk=event.pk)
    )


@transaction.atomic
def life_event_withdraw(*, actor, event: LifeEvent, reason: str) -> LifeEvent:
    """撤销: an event recorded by mistake (or twice) leaves the list; it stays on record."""
    scoping.require(actor, "care.change", union=event.union)
    reason = _text(reason, NOTE_MAX)
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因。"})
    event = _locked_event(event)
    if event.state != EventState.DUE:
        raise ValidationError(f"该事件当前为“{event.get_state_display()}”，不能撤销。")
    event.state, event.withdrawn_reason = EventState.WITHDRAWN, reason
    event.save()
    audit.record(
        actor=actor,
        action="care.event_withdraw",
        obj=event,
        changes={"state": [EventState.DUE, event.state]},
    )
    return event


def _visit_fields(
    visited_on, visitors, notes, goods, amount, *, earliest, label
) -> tuple[dict, dict[str, list[str]]]:
    """A visit's input checked all at once: the fields, and every problem by field."""
    problems: dict[str, list[str]] = {}
    if visited_on is None or visited_on > _today():
        problems["visited_on"] = ["请填写走访日期（不能晚于今天）。"]
    elif visited_on < earliest:
        problems["visited_on"] = [f"走访日期不能早于{label}（{earliest:%Y-%m-%d}）。"]
    if not _text(visitors, 200):
        problems["visitors"] = ["请填写走访人员。"]
    value = None
    try:
        value = _money(amount, "慰问金")
    except ValidationError as exc:
        problems["amount"] = exc.messages
    return {
        "visited_on": visited_on,
        "visitors": _text(visitors, 200),
        "notes": str(notes or "").strip(),
        "goods": _text(goods, 200),
        "amount": value,
    }, problems


def _stay(fields: dict, problems: dict, days, illness) -> None:
    """A 住院慰问's days and illness, into ``fields``: needed when money is given (the spending
    rules count the illness once a year and want more than N days), optional with goods."""
    paid = bool(fields["amount"])
    try:
        fields["days"] = _stay_days(days)
    except ValidationError as exc:
        problems["days"] = exc.messages
    else:
        if paid and fields["days"] is None:
            problems["days"] = ["发放住院慰问金须填写住院天数（开支标准按住院天数审核）。"]
    fields["illness"] = " ".join(str(illness or "").split())[: rules_visits.ILLNESS_MAX]
    if paid and not fields["illness"]:
        problems["illness"] = ["发放住院慰问金须填写病种/事由（同一病种每年慰问一次，按此区分）。"]


def _stay_days(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= rules_visits.MAX_STAY_DAYS:
        raise ValidationError(f"住院天数须为 1 至 {rules_visits.MAX_STAY_DAYS} 的整数。")
    return days


def _payable(member: Member, fields: dict, problems: dict) -> None:
    """Money goes on a voucher's list of payees, which holds members on the roll only."""
    if fields["amount"] and member.status not in CURRENT_MEMBER_STATUSES:
        problems.setdefault("amount", []).append(
            f"「{member.name}」已不是本会在册会员（{member.get_status_display()}），慰问金不能列入"
            "支出凭证的发放名单：请将慰问金填 0，只登记走访和慰问品，慰问金由财务另行填制凭证。"
        )


def _pay(actor, visit: CareVisit, key: str, **payment) -> None:
    """The visit's money as the member's share of a draft voucher (``care.payments``), in
    the visit's transaction; a refusal is the amount's, and nothing is written."""
    try:
        (visit.voucher_share,) = payment_draft(
            actor=actor,
            union=visit.union,
            payees=[Payee(visit.member, visit.amount, key)],
            date=visit.visited_on,
            **payment,
        )
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from None
    visit.save(update_fields=["voucher_share"])


@transaction.atomic
def care_visit_record(
    *,
    actor,
    event: LifeEvent,
    visited_on: datetime.date,
    visitors: str,
    notes: str = "",
    goods: str = "",
    amount=None,
    days=None,
    illness: str = "",
) -> CareVisit:
    """走访慰问 for a life event. The first visit closes the event (已走访) and is on time
    when made by its ``due_on``; a later one (a second visit in hospital) is recorded too.
    慰问金 above zero becomes a draft voucher of the kind's category with the member's
    share: for a 住院慰问 (``days`` of the stay and ``illness`` then needed) keyed by the
    illness, else by the event."""
    scoping.require(actor, "care.change", union=event.union)
    event = _locked_event(event)
    if event.state == EventState.WITHDRAWN:
        raise ValidationError("该事件已撤销，不能登记走访。")
    fields, problems = _visit_fields(
        visited_on, visitors, notes, goods, amount, earliest=event.occurred_on, label="事件日期"
    )
    hospital = rules_visits.is_hospital(event.kind)
    if hospital:
        _stay(fields, problems, days, illness)
    _payable(event.member, fields, problems)
    if problems:
        raise ValidationError(problems)
    visit = CareVisit.objects.create(
        union=event.union,
        member=event.member,
        event=event,
        recorded_by=scoping.person(actor),
        **fields,
    )
    changes: dict[str, list] = {"visited_on": [None, visited_on], "amount": [None, visit.amount]}
    if visit.amount:
        key = rules_visits.illness_key(visit.illness) if hospital else f"care.event:{event.pk}"
        _pay(
            actor,
            visit,
            category=rules_visits.visit_category(event.kind),
            key=key,
            summary=f"{event.kind}慰问金",
            event=key if hospital else event.kind,
            days=visit.days if hospital else None,
            source="五必访走访慰问",
        )
        changes["voucher_share_id"] = [None, visit.voucher_share_id]
    if event.state == EventState.DUE:
        event.state, event.visited_on = EventState.VISITED, visited_on
        event.save()
        changes["state"] = [EventState.DUE, event.state]
    audit.record(actor=actor, action="care.visit_record", obj=visit, changes=changes)
    return visit


# --- campaigns ------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor,
    union: Union,
    name: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    notes: str = "",
) -> Campaign:
    """慰问活动 (春节送温暖, 夏送清凉, 重阳 retirees…) of a grassroots union."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError("慰问活动由基层工会开展，请进入所属基层工会办理。")
    problems: dict[str, list[str]] = {}
    if not _text(name, 100):
        problems["name"] = ["请填写活动名称。"]
    if kind not in CampaignKind.values:
        problems["kind"] = ["请选择活动类型。"]
    if starts_on is None:
        problems["starts_on"] = ["请填写开始日期。"]
    if ends_on is None:
        problems["ends_on"] = ["请填写结束日期。"]
    elif starts_on is not None and ends_on < starts_on:
        problems["ends_on"] = ["结束日期不能早于开始日期。"]
    if problems:
        raise ValidationError(problems)
    campaign = Campaign.objects.create(
        union=union,
        name=_text(name, 100),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=_text(notes, NOTE_MAX),
        created_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.campaign", obj=campaign, before=None)
    return campaign


@transaction.atomic
def campaign_targets_add(
    *, actor, campaign: Campaign, source: str, members: list[Member] | None = None
) -> int:
    """Add the members a source names to the campaign's list, in one transaction; a member
    already on it is skipped (once per campaign), so adding the same source twice adds
    nobody the second time. Returns how many were added."""
    scoping.require(actor, "care.change", union=campaign.union)
    if source not in TargetSource.values:
        raise ValidationError({"source": "请选择慰问对象的来源。"})
    if source == TargetSource.PICKED and not members:
        raise ValidationError({"members": "请选择职工或工会小组。"})
    # The campaign's row locked: two committee members adding at once take turns, and the
    # second sees the first's targets (the unique constraint is the last guard).
    campaign = (
        Campaign.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=campaign.pk)
    )
    have = queries.target_member_ids(campaign)
    wanted = queries.target_candidates(campaign, source, members).values_list("pk", flat=True)
    new = [pk for pk in wanted.order_by("pk") if pk not in have]
    by = scoping.person(actor)
    CampaignTarget.objects.bulk_create(
        [CampaignTarget(campaign=campaign, member_id=pk, source=source, added_by=by) for pk in new],
        batch_size=500,
    )
    if new:
        audit.record(
            actor=actor,
            action="care.campaign_targets",
            obj=campaign,
            changes={"targets": [len(have), len(have) + len(new)]},
        )
    return len(new)


def _locked_target(target: CampaignTarget) -> CampaignTarget:
    return (
        CampaignTarget.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("campaign", "campaign__union", "member")
        .get(pk=target.pk)
    )


@transaction.atomic
def campaign_target_remove(*, actor, target: CampaignTarget) -> None:
    """Take a member off the list (added by mistake); a visited target stays."""
    campaign = target.campaign
    scoping.require(actor, "care.change", union=campaign.union)
    target = _locked_target(target)
    if target.visit_id is not None:
        raise ValidationError("已走访的对象不能移出名单。")
    count = campaign.targets.count()
    audit.record(
        actor=actor,
        action="care.target_remove",
        obj=campaign,
        changes={"targets": [count, count - 1]},
    )
    target.delete()


@transaction.atomic
def campaign_target_visit(
    *,
    actor,
    target: CampaignTarget,
    visited_on: datetime.date,
    visitors: str,
    notes: str = "",
    goods: str = "",
    amount=None,
) -> CareVisit:
    """A campaign's target visited: the visit recorded with its goods and amount. 慰问金 above
    zero is the member's share on the campaign's draft voucher (one per campaign, in the
    category of its kind, a line per visit), or on a new draft when it has none still open
    (the first visit paid, or the last draft submitted or deleted by the treasurer)."""
    scoping.require(actor, "care.change", union=target.campaign.union)
    target = _locked_target(target)
    if target.visit_id is not None:
        raise ValidationError(f"「{target.member.name}」已走访，不能重复登记。")
    # The campaign's row locked: two visits paid at once take turns, so its first two
    # payments make one draft, not two.
    campaign = (
        Campaign.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=target.campaign_id)
    )
    fields, problems = _visit_fields(
        visited_on,
        visitors,
        notes,
        goods,
        amount,
        earliest=campaign.starts_on,
        label="活动开始日期",
    )
    _payable(target.member, fields, problems)
    if problems:
        raise ValidationError(problems)
    visit = CareVisit.objects.create(
        union=campaign.union,
        member=target.member,
        campaign=campaign,
        recorded_by=scoping.person(actor),
        **fields,
    )
    target.visit = visit
    target.save(update_fields=["visit"])
    changes: dict[str, list] = {"visited_on": [None, visited_on], "amount": [None, visit.amount]}
    if visit.amount:
        _pay(
            actor,
            visit,
            category=rules_visits.CAMPAIGN_CATEGORIES[campaign.kind],
            key=f"care.campaign:{campaign.pk}",
            summary=f"{campaign.name}慰问金",
            event=campaign.name,
            voucher=_campaign_draft(campaign),
            source=f"慰问活动“{campaign.name}”",
        )
        changes["voucher_share_id"] = [None, visit.voucher_share_id]
    audit.record(actor=actor, action="care.target_visit", obj=visit, changes=changes)
    return visit


def _campaign_draft(campaign: Campaign) -> Voucher | None:
    """The draft expense voucher the campaign's payments gather on: the latest one holding a
    share of its visits that the treasurer has not submitted yet (nor deleted)."""
    shares = CareVisit.objects.filter(campaign=campaign, voucher_share__isnull=False).values(
        "voucher_share"
    )
    return (
        Voucher.objects.filter(
            union=campaign.union,
            kind=Kind.EXPENSE,
            status=VoucherStatus.DRAFT,
            reverses__isnull=True,
            lines__shares__in=shares,
        )
        .order_by("-pk")
        .first()
    )
