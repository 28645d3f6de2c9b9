"""Every write of 走访慰问: a life event recorded (五必访: by the committee, or reported by the
member for themselves), its visit, a withdrawn event; campaigns (慰问活动), their targets
added in bulk (once per member, in one transaction) and each target's visit.

Each checks its actor first and writes one audit entry in the same transaction. Audit
entries carry dates, counts and amounts — never the event's kind or notes, nor a name: the
trail is read by more people (``audit.view``) than these records are (``care.view``).

Money: a visit records its goods and amount (Decimal, two places, ≥ 0). Paying it is the
money path's (a finance voucher share, ``CareVisit.voucher_share``); nothing here makes a
voucher."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
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
from .services import _money

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
    member = Member.objects.select_for_update().select_related("union").get(pk=member.pk)
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
    return LifeEvent.objects.select_for_update().select_related("union", "member").get(pk=event.pk)


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


def _visit_fields(visited_on, visitors, notes, goods, amount, *, earliest, label) -> dict:
    """A visit's input checked all at once: every problem comes back by field."""
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
    if problems:
        raise ValidationError(problems)
    return {
        "visited_on": visited_on,
        "visitors": _text(visitors, 200),
        "notes": str(notes or "").strip(),
        "goods": _text(goods, 200),
        "amount": value,
    }


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
) -> CareVisit:
    """走访慰问 for a life event. The first visit closes the event (已走访) and is on time
    when made by its ``due_on``; a later one (a second visit in hospital) is recorded too."""
    scoping.require(actor, "care.change", union=event.union)
    event = _locked_event(event)
    if event.state == EventState.WITHDRAWN:
        raise ValidationError("该事件已撤销，不能登记走访。")
    fields = _visit_fields(
        visited_on, visitors, notes, goods, amount, earliest=event.occurred_on, label="事件日期"
    )
    visit = CareVisit.objects.create(
        union=event.union,
        member=event.member,
        event=event,
        recorded_by=scoping.person(actor),
        **fields,
    )
    changes: dict[str, list] = {"visited_on": [None, visited_on], "amount": [None, visit.amount]}
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
    campaign = Campaign.objects.select_for_update().select_related("union").get(pk=campaign.pk)
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
        CampaignTarget.objects.select_for_update()
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
    """A campaign's target visited: the visit recorded with its goods and amount."""
    scoping.require(actor, "care.change", union=target.campaign.union)
    target = _locked_target(target)
    if target.visit_id is not None:
        raise ValidationError(f"「{target.member.name}」已走访，不能重复登记。")
    campaign = target.campaign
    fields = _visit_fields(
        visited_on,
        visitors,
        notes,
        goods,
        amount,
        earliest=campaign.starts_on,
        label="活动开始日期",
    )
    visit = CareVisit.objects.create(
        union=campaign.union,
        member=target.member,
        campaign=campaign,
        recorded_by=scoping.person(actor),
        **fields,
    )
    target.visit = visit
    target.save(update_fields=["visit"])
    audit.record(
        actor=actor,
        action="care.target_visit",
        obj=visit,
        changes={"visited_on": [None, visited_on], "amount": [None, visit.amount]},
    )
    return visit
