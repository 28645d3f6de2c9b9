"""Every write of 体检: the settings, a campaign (with the employer's written 委托 and its
slots), the targets added in one idempotent bulk write, a member's appointment (booked,
confirmed, cancelled — by the member or by the committee for them), the committee's mark
已完成 / 未参加 (and undoing a wrong mark), a slot's capacity, and the provider's list.

Each checks its actor first and writes one audit entry in the same transaction. Audit
entries carry states, dates and counts — never a name nor which kinds a member is due for
or did (the trail is read by ``audit.view`` holders who may not read the campaign).

**Money.** None. 职工体检经费应由单位行政负担，不得列入基层工会经费 (皖工发〔2025〕18号 第17页):
a campaign records the employer's 委托 and makes no voucher; finance's spending rule 职工体检
(50114, ``forbid_union_funds``) refuses any union voucher for it.

**Capacity.** A slot is taken by one conditional UPDATE (``booked < capacity``): on
PostgreSQL a second booking of the last place waits for the first's row lock and then
re-reads the condition (READ COMMITTED), so it takes nothing; on SQLite the write
transactions are serialised (``IMMEDIATE``). The check constraint ``booked <= capacity``
is the last guard. The target's row is locked too: two tabs of one member book once.

The flow of a target::

    待预约 ──预约──► 已预约 ──(the day)──► 已完成 (kinds done)
       ▲               │ 改约 / 取消              未参加 (a reason from a list)
       └───────────────┘                         (撤销标记: back to 已预约 or 待预约)
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core import audit, exports, scoping
from gonghui.core import services as core_services
from gonghui.core.dates import is_workday
from gonghui.finance import attachments as store
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from . import queries_health as queries
from . import rules_health as rules
from .models_health import (
    AbsentReason,
    HealthCampaign,
    HealthSettings,
    HealthSlot,
    HealthTarget,
    Period,
    TargetState,
)
from .services import ONLY_THIS_ROW

GRASSROOTS = "体检活动由基层工会办理，请进入所属基层工会。"
MAX_WINDOW_DAYS = 120
MAX_CAPACITY = 2000
PICKED = "工会委员会添加"


def _today() -> datetime.date:
    return timezone.localdate()


def _own(actor, member: Member) -> bool:
    return bool(getattr(actor, "pk", None)) and member.user_id == actor.pk


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


# --- settings -------------------------------------------------------------------------------

SETTINGS_FIELDS = ("general_years", "screening_years", "screening_min_age", "include_retired")
LIMITS = {
    "general_years": ("常规体检间隔", 1, rules.MAX_YEARS, "年"),
    "screening_years": ("妇科/两癌筛查间隔", 1, rules.MAX_YEARS, "年"),
    "screening_min_age": ("妇科/两癌筛查起始年龄", 0, rules.MAX_AGE, "岁"),
}


def _clean_setting(field: str, value: Any):
    if field == "include_retired":
        return bool(value)
    label, low, high, unit = LIMITS[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}请填写整数。") from None
    if not low <= number <= high:
        raise ValidationError(f"{label}应在 {low} 到 {high} {unit}之间。")
    return number


@transaction.atomic
def health_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> HealthSettings:
    """Set the union's intervals, screening age and whether retirees are included (its own
    row from then on); a federation's reach every union beneath it that has none."""
    scoping.require(actor, "care.rules", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="care.rules",
        model=HealthSettings,
        union=union,
        fields=fields,
        allowed=SETTINGS_FIELDS,
        clean=_clean_setting,
        action="care.health_settings",
        source=queries.settings_for,
    )


# --- the campaign ---------------------------------------------------------------------------


def _campaign_problems(union, *, year, name, provider, starts_on, ends_on, kinds, capacity, ref):
    problems: dict[str, list[str]] = {}
    if not name:
        problems["name"] = ["请填写活动名称，如“2026年教职工健康体检”。"]
    elif HealthCampaign.objects.filter(union=union, name=name).exists():
        problems["name"] = [f"已有名为“{name}”的体检活动，请换一个名称。"]
    if not provider:
        problems["provider"] = ["请填写承担体检的医疗机构。"]
    if not ref:
        problems["entrust_ref"] = [
            "请填写单位行政的书面委托（如委托函的文号或名称）：体检由单位行政负担，"
            "工会受书面委托才能组织（皖工发〔2025〕18号 第17页）。"
        ]
    if starts_on is None or ends_on is None:
        problems["ends_on"] = ["请填写体检的开始和截止日期。"]
    elif ends_on < starts_on:
        problems["ends_on"] = ["体检截止日期不能早于开始日期。"]
    elif (ends_on - starts_on).days >= MAX_WINDOW_DAYS:
        problems["ends_on"] = [f"体检时间最长 {MAX_WINDOW_DAYS} 天，请分成几次活动。"]
    elif starts_on.year != year:
        problems["starts_on"] = [f"{year}年的体检活动应在 {year} 年内开始。"]
    if not any(kinds):
        problems["general"] = ["请至少选择一项体检项目（常规体检或妇科/两癌筛查）。"]
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        problems["capacity"] = [f"每个时段名额应在 1 到 {MAX_CAPACITY} 人之间。"]
    return problems


def _slot_days(starts_on, ends_on, workdays_only: bool) -> list[datetime.date]:
    days = [starts_on + datetime.timedelta(days=n) for n in range((ends_on - starts_on).days + 1)]
    return [d for d in days if is_workday(d)] if workdays_only else days


@transaction.atomic
def health_campaign_create(
    *,
    actor,
    union: Union,
    year: int,
    name: str,
    provider: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
    entrust_ref: str,
    entrust_file=None,
    address: str = "",
    general: bool = True,
    screening: bool = True,
    afternoon: bool = False,
    workdays_only: bool = True,
    notice: str = "",
) -> HealthCampaign:
    """A 体检活动 the employer entrusted to the union in writing: its provider, window and
    kinds, and a slot for each (working) day's morning — and afternoon — with ``capacity``
    places. Refused, nothing written: a federation; no 委托; a bad window or capacity."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    name, provider = _text(name, 100), _text(provider, 100)
    ref = _text(entrust_ref, 200)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "请填写年度，如 2026。"}) from None
    problems = _campaign_problems(
        union,
        year=year,
        name=name,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        kinds=(general, screening),
        capacity=capacity,
        ref=ref,
    )
    days = [] if problems else _slot_days(starts_on, ends_on, workdays_only)
    if not problems and not days:
        problems["ends_on"] = ["这段时间没有工作日，请调整日期或取消“只排工作日”。"]
    if problems:
        raise ValidationError(problems)
    stored = {}
    if entrust_file is not None:
        try:
            sha, size, content_type, ext = store.store(entrust_file)
        except ValidationError as exc:
            raise ValidationError({"entrust_file": exc.messages}) from None
        stored = {
            "entrust_name": store.safe_name(getattr(entrust_file, "name", ""), ext),
            "entrust_type": content_type,
            "entrust_size": size,
            "entrust_sha256": sha,
        }
    campaign = HealthCampaign.objects.create(
        union=union,
        year=year,
        name=name,
        provider=provider,
        address=_text(address, 200),
        starts_on=starts_on,
        ends_on=ends_on,
        general=bool(general),
        screening=bool(screening),
        capacity=capacity,
        afternoon=bool(afternoon),
        notice=_text(notice, 300),
        entrust_ref=ref,
        created_by=scoping.person(actor),
        **stored,
    )
    periods = [Period.AM, Period.PM] if afternoon else [Period.AM]
    HealthSlot.objects.bulk_create(
        [
            HealthSlot(campaign=campaign, day=d, period=p, capacity=capacity)
            for d in days
            for p in periods
        ]
    )
    audit.record(actor=actor, action="care.health_campaign", obj=campaign, before=None)
    return campaign


@transaction.atomic
def health_slot_capacity(*, actor, slot: HealthSlot, capacity: int) -> HealthSlot:
    """Change a slot's places (0 closes it); never below those already booked."""
    scoping.require(actor, "care.change", union=slot.campaign.union)
    slot = HealthSlot.objects.select_for_update().get(pk=slot.pk)
    if not isinstance(capacity, int) or not 0 <= capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": f"名额应在 0 到 {MAX_CAPACITY} 人之间。"})
    if capacity < slot.booked:
        raise ValidationError({"capacity": f"{slot}已约 {slot.booked} 人，名额不能少于已约人数。"})
    before = audit.snapshot(slot)
    slot.capacity = capacity
    slot.save(update_fields=["capacity"])
    audit.record(actor=actor, action="care.health_slot", obj=slot, before=before)
    return slot


# --- targets --------------------------------------------------------------------------------


def _picked(campaign: HealthCampaign, members: list[Member]) -> list[rules.Due]:
    """Members the committee adds by hand: every kind the campaign has that applies (the
    screening to women), whatever their last check."""
    out = []
    for member in members:
        if member.union_id != campaign.union_id or member.status not in CURRENT_MEMBER_STATUSES:
            raise ValidationError({"members": f"「{member.name}」不是本会在册会员。"})
        screening = campaign.screening and member.sex == "F"
        if campaign.general or screening:
            out.append(rules.Due(member.pk, campaign.general, screening, (PICKED,)))
    if members and not out:
        raise ValidationError({"members": "本次体检只有妇科/两癌筛查，所选职工中没有女职工。"})
    return out


@transaction.atomic
def health_targets_add(
    *, actor, campaign: HealthCampaign, members: list[Member] | None = None
) -> int:
    """Put on the campaign's list the members who are due (by the settings, with their
    reasons) — or the ``members`` picked — in one bulk write. Idempotent: members already
    listed are skipped (the campaign's row is locked, so two committee members adding at
    once take turns; the unique constraint is the last guard). Returns how many were added."""
    scoping.require(actor, "care.change", union=campaign.union)
    campaign = (
        HealthCampaign.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=campaign.pk)
    )
    if campaign.ends_on < _today():
        raise ValidationError(f"{campaign}已于 {campaign.ends_on} 结束，不能再列入体检对象。")
    have = queries.target_member_ids(campaign)
    found = _picked(campaign, list(members)) if members else queries.due_list(campaign)
    new = [d for d in found if d.member_id not in have]
    by = scoping.person(actor)
    HealthTarget.objects.bulk_create(
        [
            HealthTarget(
                campaign=campaign,
                union=campaign.union,
                member_id=d.member_id,
                general=d.general,
                screening=d.screening,
                reasons=d.reason_text[:200],
                added_by=by,
            )
            for d in new
        ],
        batch_size=500,
    )
    if new:
        audit.record(
            actor=actor,
            action="care.health_targets",
            obj=campaign,
            changes={"targets": [len(have), len(have) + len(new)]},
        )
    return len(new)


def _locked(target: HealthTarget, *states: str) -> HealthTarget:
    found = (
        # of=self: the slot is nullable (an outer join), which PostgreSQL will not lock
        HealthTarget.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__union", "member", "slot")
        .get(pk=target.pk)
    )
    if states and found.state not in states:
        wanted = "、".join(str(TargetState(s).label) for s in states)
        raise ValidationError(
            f"该体检预约当前为“{found.get_state_display()}”，此操作只能在“{wanted}”时办理。"
        )
    return found


def _release(target: HealthTarget) -> None:
    """Give the target's slot back (one place)."""
    if target.slot_id is not None:
        HealthSlot.objects.filter(pk=target.slot_id, booked__gt=0).update(booked=F("booked") - 1)
        target.slot = None


def _check_day(target, slot, own: bool, today: datetime.date) -> None:
    if slot.campaign_id != target.campaign_id:
        raise ValidationError({"slot": "所选时段不属于本次体检，请重新选择。"})
    if slot.day < today:
        raise ValidationError({"slot": f"{slot.label}已经过去，请选择以后的时段。"})
    if own and slot.day == today:
        raise ValidationError({"slot": "最晚提前一天预约，请选择明天及以后的时段。"})


@transaction.atomic
def health_book(
    *, actor, target: HealthTarget, slot: HealthSlot, today: datetime.date | None = None
) -> HealthTarget:
    """预约 (or 改约): by the member (their own, from tomorrow on; confirmed at once) or by
    the committee for them (from today on; the member confirms it on their phone). The
    place is taken by a conditional update (see the module); a full slot is refused with
    its capacity, nothing written."""
    own = _own(actor, target.member)
    if not own:
        scoping.require(actor, "care.change", union=target.union)
    target = _locked(target, TargetState.PENDING, TargetState.BOOKED)
    today = today or _today()
    _check_day(target, slot, own, today)
    before = audit.snapshot(target)
    old = target.slot.label if target.slot else None
    if target.slot_id == slot.pk:
        if own and not target.confirmed:
            return _confirm(actor, target)
        raise ValidationError({"slot": f"已经预约了{slot.label}，无需重复预约。"})
    taken = HealthSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not taken:
        slot.refresh_from_db()
        raise ValidationError(
            {"slot": f"{slot.label}的名额已满（{slot.capacity} 人），请选择其他时段。"}
        )
    _release(target)
    target.slot = slot
    target.state = TargetState.BOOKED
    target.confirmed = own
    target.booked_at = timezone.now()
    target.booked_by = scoping.person(actor)
    target.save()
    changes = audit.diff(before, audit.snapshot(target))
    changes["appointment"] = [old, slot.label]
    audit.record(actor=actor, action="care.health_book", obj=target, changes=changes)
    return target


def _confirm(actor, target: HealthTarget) -> HealthTarget:
    before = audit.snapshot(target)
    target.confirmed = True
    target.save(update_fields=["confirmed"])
    audit.record(actor=actor, action="care.health_confirm", obj=target, before=before)
    return target


@transaction.atomic
def health_confirm(*, actor, target: HealthTarget) -> HealthTarget:
    """The member confirms the appointment the committee made for them (theirs alone)."""
    if not _own(actor, target.member):
        raise PermissionDenied("只能由本人确认自己的体检预约。")
    target = _locked(target, TargetState.BOOKED)
    if target.confirmed:
        raise ValidationError("您已确认过这次预约。")
    return _confirm(actor, target)


@transaction.atomic
def health_cancel(
    *, actor, target: HealthTarget, today: datetime.date | None = None
) -> HealthTarget:
    """取消预约 before the day (the place goes back); the target waits for a new one."""
    own = _own(actor, target.member)
    if not own:
        scoping.require(actor, "care.change", union=target.union)
    target = _locked(target, TargetState.BOOKED)
    held = target.slot
    assert held is not None  # a booked target holds a slot (the check constraint)
    if held.day < (today or _today()):
        raise ValidationError("预约日期已过，不能取消；请由工会登记是否参加。")
    before = audit.snapshot(target)
    old = held.label
    _release(target)
    target.state, target.confirmed = TargetState.PENDING, False
    target.save()
    changes = audit.diff(before, audit.snapshot(target))
    changes["appointment"] = [old, None]
    audit.record(actor=actor, action="care.health_cancel", obj=target, changes=changes)
    return target


# --- the committee's marks ------------------------------------------------------------------


@transaction.atomic
def health_done(
    *,
    actor,
    target: HealthTarget,
    done_on: datetime.date | None = None,
    general: bool | None = None,
    screening: bool | None = None,
    today: datetime.date | None = None,
) -> HealthTarget:
    """已完成: the member went (with or without an appointment). ``general``/``screening``
    say which of their due kinds they did (None: each one due). Only this mark is kept —
    never a result."""
    scoping.require(actor, "care.change", union=target.union)
    target = _locked(target, TargetState.PENDING, TargetState.BOOKED)
    today = today or _today()
    if done_on is None:
        held = target.slot.day if target.slot else None
        done_on = held if held is not None and held <= today else today
    if done_on > today:
        raise ValidationError({"done_on": "体检日期不能晚于今天。"})
    if done_on < target.campaign.starts_on:
        raise ValidationError(
            {"done_on": f"体检日期不能早于活动开始日期（{target.campaign.starts_on}）。"}
        )
    general = target.general if general is None else bool(general) and target.general
    screening = target.screening if screening is None else bool(screening) and target.screening
    if not (general or screening):
        raise ValidationError({"general": "请勾选已完成的体检项目。"})
    before = audit.snapshot(target)
    target.state, target.done_on = TargetState.DONE, done_on
    target.general_done, target.screening_done = general, screening
    target.marked_by, target.marked_at = scoping.person(actor), timezone.now()
    target.save()
    changes = audit.diff(before, audit.snapshot(target))
    for kind in ("general_done", "screening_done"):  # which kinds: not for the trail
        changes.pop(kind, None)
    audit.record(actor=actor, action="care.health_done", obj=target, changes=changes)
    return target


@transaction.atomic
def health_absent(*, actor, target: HealthTarget, reason: str) -> HealthTarget:
    """未参加, with a reason from the fixed list (no free text); the place goes back."""
    scoping.require(actor, "care.change", union=target.union)
    if reason not in AbsentReason.values:
        raise ValidationError({"reason": "请选择未参加的原因。"})
    target = _locked(target, TargetState.PENDING, TargetState.BOOKED)
    before = audit.snapshot(target)
    old = target.slot.label if target.slot else None
    _release(target)
    target.state, target.absent_reason, target.confirmed = TargetState.ABSENT, reason, False
    target.marked_by, target.marked_at = scoping.person(actor), timezone.now()
    target.save()
    changes = audit.diff(before, audit.snapshot(target))
    if old:
        changes["appointment"] = [old, None]
    audit.record(actor=actor, action="care.health_absent", obj=target, changes=changes)
    return target


@transaction.atomic
def health_undo(*, actor, target: HealthTarget) -> HealthTarget:
    """撤销标记 of a wrong 已完成 / 未参加: back to 已预约 when the place is still held (a done
    target keeps it), else 待预约."""
    scoping.require(actor, "care.change", union=target.union)
    target = _locked(target, TargetState.DONE, TargetState.ABSENT)
    before = audit.snapshot(target)
    target.state = TargetState.BOOKED if target.slot_id else TargetState.PENDING
    target.done_on, target.general_done, target.screening_done = None, False, False
    target.absent_reason = ""
    target.marked_by, target.marked_at = scoping.person(actor), timezone.now()
    target.save()
    changes = audit.diff(before, audit.snapshot(target))
    for kind in ("general_done", "screening_done"):
        changes.pop(kind, None)
    audit.record(actor=actor, action="care.health_undo", obj=target, changes=changes)
    return target


# --- the provider's list --------------------------------------------------------------------

EXPORT_HEADERS = ("序号", "姓名", "性别", "小组", "体检项目", "预约日期", "时段", "状态")
FULL_HEADERS = ("证件号码", "手机号码")


@transaction.atomic
def health_export(*, actor, campaign: HealthCampaign, full: bool = False) -> bytes:
    """The appointment list for the provider (.xlsx): name, sex, group, kinds, day and
    period, state — and the ID and mobile numbers only with ``full``, for ``member.reveal``
    holders. Text goes through ``core.exports`` (no formula, no control character). The
    export is an audit entry: who, how many rows, with numbers or not (PIPL)."""
    scoping.require(actor, "care.view", union=campaign.union)
    if full:
        scoping.require(actor, "member.reveal", union=campaign.union)
    headers = [*EXPORT_HEADERS, *(FULL_HEADERS if full else ())]
    out = io.BytesIO()
    sheet = exports.XlsxSheet(
        out, "预约名单", widths=[6, 12, 6, 14, 22, 12, 6, 8, 22, 14][: len(headers)], freeze=(2, 2)
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    who = scoping.person(actor)
    name = (getattr(who, "full_name", "") or who.get_username()) if who else "系统"
    note = "" if full else "，不含证件号码"
    sheet.merged(
        f"{campaign.union.name}{campaign.name}预约名单（{campaign.provider}；"
        f"导出人：{name}，导出时间：{stamp}{note}）",
        len(headers),
        {"bold": True},
    )
    sheet.append(headers, {"bold": True, "border": 1})
    count = 0
    for count, t in enumerate(queries.appointments(campaign), start=1):
        m = t.member
        row = [
            count,
            m.name,
            m.get_sex_display(),
            m.group.name if m.group else queries.UNGROUPED,
            t.kinds_display,
            t.slot.day if t.slot else "",
            t.slot.get_period_display() if t.slot else "",
            t.get_state_display(),
        ]
        if full:
            row += [m.id_number, m.mobile]
        sheet.append(row)
    sheet.close()
    audit.record(
        actor=actor,
        action="care.health_export",
        obj=campaign,
        changes={"count": [None, count], "masked": [None, not full]},
    )
    return out.getvalue()
