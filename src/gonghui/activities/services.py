"""Every write of 文体活动: the settings, an activity (create, edit, publish, cancel), a
sign-up (oneself with companions, or the committee for someone), its cancellation, the
waiting list's promotion and the promoted person's confirmation, and the lottery draw.

**Never overbooked.** Every write that takes or frees places locks the activity row first
(``SELECT … FOR UPDATE OF`` the activity only; SQLite's IMMEDIATE transactions already queue
writers) and moves ``Activity.taken`` by a conditional UPDATE (``taken + persons <=
capacity``); the check constraint ``act_never_overbooked`` is the last guard. Places are
counted in persons (dpi/rng #171).

**The waiting list** promotes in order (``queued_at``, then id) while sign-up is open: the
first waiting sign-up whose persons fit is offered the place for ``confirm_hours`` (pretix's
``waiting_list_hours``); the place is held meanwhile. An offer not confirmed in time is
expired and the next offered, whenever the activity is next written or read
(:func:`waitlist_refresh`, also run by ``gonghui activities_refresh`` from cron). Strict
order: a party of three at the head is not passed over for a single behind it. No promotion
after the sign-up deadline (amivapi #412: it reaches people who can no longer come).

Each service checks its actor first and writes its audit entries in the same transaction."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.core.reminders import Reminder
from gonghui.orgs.models import Member, Union, UnionGroup

from . import queries, rules
from .models import (
    HOLDING,
    LIVE,
    Activity,
    ActivitySettings,
    Audience,
    Kind,
    Registration,
    RegState,
    State,
)

GRASSROOTS = "文体活动由基层工会组织，请进入所属基层工会。"
ONLY_THIS_ROW = ("self",)  # lock the activity, never the union its select_related joins
EDITABLE = (
    "kind",
    "title",
    "organiser",
    "place",
    "description",
    "starts_at",
    "ends_at",
    "close_hours",
    "audience",
    "quarter",
    "members_only",
    "capacity",
    "companions_allowed",
    "max_companions",
    "lottery",
    "cost_per_head",
)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _own(actor, reg: Registration) -> bool:
    return bool(getattr(actor, "pk", None)) and reg.user_id == actor.pk


def _locked(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=activity.pk)
    )


# --- settings -------------------------------------------------------------------------------


def _clean_setting(field: str, value: Any) -> int:
    limit = {"close_hours": rules.MAX_CLOSE_HOURS, "confirm_hours": rules.MAX_CONFIRM_HOURS}[field]
    label = {"close_hours": "报名截止小时数", "confirm_hours": "递补确认时限"}[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数（小时）。") from None
    low = 0 if field == "close_hours" else 1
    if not low <= number <= limit:
        raise ValidationError(f"{label}应在 {low} 到 {limit} 小时之间。")
    return number


@transaction.atomic
def activity_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> ActivitySettings:
    """The union's sign-up deadline and confirm-by hours (its own row from then on)."""
    scoping.require(actor, "activities.change", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="activities.change",
        model=ActivitySettings,
        union=union,
        fields=fields,
        allowed=("close_hours", "confirm_hours"),
        clean=_clean_setting,
        action="activities.settings",
        source=queries.settings_for,
    )


# --- the activity ---------------------------------------------------------------------------


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0")).normalize()
    except InvalidOperation:
        raise ValidationError({"cost_per_head": "人均费用须为金额，如 50 或 35.50。"}) from None
    if amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError({"cost_per_head": "人均费用不能为负数，最多两位小数。"})
    return amount.quantize(Decimal("0.01"))


def _check(fields: dict[str, Any], taken: int) -> dict[str, Any]:
    """The fields of an activity, checked together: all problems at once, by field."""
    out = dict(fields)
    problems: dict[str, str] = {}
    if out.get("kind") not in Kind.values:
        problems["kind"] = "请选择活动类型。"
    out["title"] = " ".join(str(out.get("title") or "").split())[: rules.TITLE_MAX]
    if not out["title"]:
        problems["title"] = "请填写活动名称。"
    starts, ends = out.get("starts_at"), out.get("ends_at")
    if not isinstance(starts, datetime.datetime):
        problems["starts_at"] = "请填写开始时间。"
    if not isinstance(ends, datetime.datetime):
        problems["ends_at"] = "请填写结束时间。"
    elif isinstance(starts, datetime.datetime) and ends <= starts:
        problems["ends_at"] = "结束时间须晚于开始时间。"
    if out.get("audience") not in Audience.values:
        problems["audience"] = "请选择参加对象。"
    if out.get("audience") == Audience.BIRTHDAY and out.get("quarter") not in (1, 2, 3, 4):
        problems["quarter"] = "当季生日会员须选择季度（1–4）。"
    if out.get("audience") != Audience.BIRTHDAY:
        out["quarter"] = None
    capacity = out.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= rules.MAX_CAPACITY:
        problems["capacity"] = f"名额须为 1 到 {rules.MAX_CAPACITY} 之间的人数。"
    elif capacity < taken:
        problems["capacity"] = f"已有 {taken} 人占用名额，名额不能少于此数。"
    companions = out.get("max_companions") or 0
    if not out.get("companions_allowed"):
        companions = 0
    if not isinstance(companions, int) or not 0 <= companions <= rules.MAX_COMPANIONS:
        problems["max_companions"] = f"每人带家属应在 0 到 {rules.MAX_COMPANIONS} 人之间。"
    elif out.get("companions_allowed") and companions == 0:
        problems["max_companions"] = "可带家属时，请填写每人最多带几位家属。"
    out["max_companions"] = companions
    hours = out.get("close_hours")
    if not isinstance(hours, int) or not 0 <= hours <= rules.MAX_CLOSE_HOURS:
        problems["close_hours"] = f"报名截止应在开始前 0 到 {rules.MAX_CLOSE_HOURS} 小时。"
    try:
        out["cost_per_head"] = _money(out.get("cost_per_head"))
    except ValidationError as exc:
        problems["cost_per_head"] = exc.messages[0]
    if problems:
        raise ValidationError(problems)
    out["signup_closes_at"] = rules.closes_at(out["starts_at"], int(hours or 0))
    return out


def _groups(union: Union, groups) -> list[UnionGroup]:
    found = list(groups or [])
    if any(g.union_id != union.pk for g in found):
        raise ValidationError({"groups": "只能选择本工会的小组。"})
    return found


@transaction.atomic
def activity_save(
    *,
    actor,
    union: Union | None = None,
    activity: Activity | None = None,
    fields: dict[str, Any],
    groups=None,
) -> Activity:
    """Create an activity (a draft) of ``union``, or change ``activity`` (a draft or a
    published one that has not started; its capacity never below the places taken)."""
    target = activity.union if activity is not None else union
    assert target is not None
    scoping.require(actor, "activities.change", union=target)
    if target.is_federation:
        raise ValidationError(GRASSROOTS)
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    if "close_hours" not in fields or fields["close_hours"] is None:
        fields["close_hours"] = (
            activity.close_hours if activity else queries.settings_for(target).close_hours
        )
    if activity is None:
        cleaned = _check(fields, 0)
        chosen = _groups(target, groups)
        if cleaned["audience"] == Audience.GROUPS and not chosen:
            raise ValidationError({"groups": "指定小组时请至少选择一个小组。"})
        found = Activity.objects.create(union=target, created_by=scoping.person(actor), **cleaned)
        found.groups.set(chosen)
        audit.record(actor=actor, action="activities.create", obj=found)
        return found
    found = _locked(activity)
    if found.state == State.CANCELLED or found.phase() in ("running", "finished"):
        raise ValidationError(f"活动{found.phase_label()}，不能再修改。")
    before = audit.snapshot(found)
    current = {k: getattr(found, k) for k in EDITABLE}
    cleaned = _check({**current, **fields}, found.taken)
    standing = Registration.objects.filter(activity=found, state__in=LIVE).exists()
    if cleaned["lottery"] != found.lottery and standing:
        raise ValidationError({"lottery": "已有人报名，不能再改为抽签或先到先得。"})
    chosen = _groups(target, groups) if groups is not None else list(found.groups.all())
    if cleaned["audience"] == Audience.GROUPS and not chosen:
        raise ValidationError({"groups": "指定小组时请至少选择一个小组。"})
    for key, value in cleaned.items():
        setattr(found, key, value)
    found.save()
    found.groups.set(chosen)
    audit.record(actor=actor, action="activities.update", obj=found, before=before)
    _promote(found, timezone.now())  # a larger capacity lets the waiting list in
    return found


@transaction.atomic
def activity_publish(*, actor, activity: Activity, now: datetime.datetime | None = None):
    """草稿 → 报名中: members see it and sign up, until its sign-up deadline."""
    scoping.require(actor, "activities.change", union=activity.union)
    found = _locked(activity)
    now = _now(now)
    if found.state != State.DRAFT:
        raise ValidationError(f"活动已{found.get_state_display()}，不能再发布。")
    if now >= found.signup_closes_at:
        raise ValidationError("报名截止时间已过，请先修改活动时间或报名截止时间。")
    before = audit.snapshot(found)
    found.state, found.published_at = State.OPEN, now
    found.save(update_fields=["state", "published_at"])
    audit.record(actor=actor, action="activities.publish", obj=found, before=before)
    return found


@transaction.atomic
def activity_cancel(
    *, actor, activity: Activity, reason: str, now: datetime.datetime | None = None
) -> Activity:
    """已取消: every sign-up still standing is cancelled with it and its person notified
    (站内提醒, e-mailed by the next ``gonghui remind`` when SMTP is set)."""
    scoping.require(actor, "activities.change", union=activity.union)
    reason = " ".join(str(reason or "").split())[: rules.REASON_MAX]
    if not reason:
        raise ValidationError({"reason": "请填写取消原因，报名的人会收到这条通知。"})
    found = _locked(activity)
    now = _now(now)
    if found.state == State.CANCELLED:
        raise ValidationError("活动已经取消。")
    if found.phase(now) == "finished":
        raise ValidationError("活动已结束，不能取消。")
    standing = list(
        Registration.objects.filter(activity=found, state__in=LIVE).select_related("user")
    )
    before = audit.snapshot(found)
    found.state, found.cancel_reason, found.cancelled_at, found.taken = (
        State.CANCELLED,
        reason,
        now,
        0,
    )
    found.save(update_fields=["state", "cancel_reason", "cancelled_at", "taken"])
    Registration.objects.filter(pk__in=[r.pk for r in standing]).update(
        state=RegState.CANCELLED, cancelled_at=now
    )
    audit.record(
        actor=actor,
        action="activities.cancel",
        obj=found,
        changes={**audit.diff(before, audit.snapshot(found)), "notified": [None, len(standing)]},
    )
    when = timezone.localtime(found.starts_at)
    notice = Reminder(
        union=found.union,
        text=f"活动“{found.title}”（{when:%m月%d日 %H:%M}）已取消：{reason}",
        url=reverse("activities:mine"),
        key=f"activities.{found.pk}.cancelled",
    )
    core_services.notice_create(reminder=notice, users=[r.user for r in standing if r.user])
    return found


# --- places ---------------------------------------------------------------------------------


def _hold(activity: Activity, persons: int) -> bool:
    """Take ``persons`` places if they fit: one conditional UPDATE (the row is locked)."""
    done = Activity.objects.filter(pk=activity.pk, taken__lte=F("capacity") - persons).update(
        taken=F("taken") + persons
    )
    if done:
        activity.taken += persons
    return bool(done)


def _release(activity: Activity, persons: int) -> None:
    Activity.objects.filter(pk=activity.pk).update(taken=F("taken") - persons)
    activity.taken -= persons


def _offer(activity: Activity, reg: Registration, now: datetime.datetime) -> None:
    confirm = queries.settings_for(activity.union).confirm_hours
    before = audit.snapshot(reg)
    reg.state, reg.offered_at = RegState.OFFERED, now
    reg.offered_until = rules.offer_until(now, confirm, activity.starts_at)
    reg.save(update_fields=["state", "offered_at", "offered_until"])
    audit.record(actor=None, action="activities.offer", obj=reg, before=before)


def _expire(activity: Activity, now: datetime.datetime) -> int:
    late = Registration.objects.filter(
        activity=activity, state=RegState.OFFERED, offered_until__lt=now
    )
    count = 0
    for reg in late.order_by("offered_until", "id"):
        before = audit.snapshot(reg)
        reg.state = RegState.EXPIRED
        reg.save(update_fields=["state"])
        _release(activity, reg.persons)
        audit.record(actor=None, action="activities.offer_expire", obj=reg, before=before)
        count += 1
    return count


def _promote(activity: Activity, now: datetime.datetime) -> list[Registration]:
    """Expire late offers, then offer freed places to the waiting list in order (the
    activity row is locked by the caller). Nothing after the sign-up deadline. Recorded as
    the system's: the promotion follows the rule, not whoever freed the place."""
    if activity.state != State.OPEN or activity.lottery:
        return []
    _expire(activity, now)
    if now >= activity.signup_closes_at:
        return []
    offered = []
    # the head of the list only, one at a time (an offered head leaves it): a full activity
    # with a long list reads one row per sign-up, not the whole list (bench/signup_race.py)
    waiting = Registration.objects.filter(activity=activity, state=RegState.WAITING)
    while (head := waiting.order_by("queued_at", "id").first()) is not None:
        if not _hold(activity, head.persons):
            break  # strict order: the head waits for room, nobody jumps it
        _offer(activity, head, now)
        offered.append(head)
    return offered


# --- sign-up --------------------------------------------------------------------------------


def _companions(activity: Activity, companions: Any, names: Any) -> tuple[int, str]:
    try:
        count = int(companions or 0)
    except (TypeError, ValueError):
        raise ValidationError({"companions": "家属人数须为整数。"}) from None
    if count < 0:
        raise ValidationError({"companions": "家属人数不能为负数。"})
    if count and not activity.companions_allowed:
        raise ValidationError({"companions": "本活动不能带家属，只能本人报名。"})
    if count > activity.max_companions:
        raise ValidationError(
            {"companions": f"本活动每人最多带 {activity.max_companions} 位家属。"}
        )
    names = " ".join(str(names or "").split())[: rules.NAMES_MAX]
    return count, names


def _who(actor, activity: Activity, member: Member | None):
    """Whose sign-up: the actor's own (their member record in the union, if any), or the
    member the committee (or the system) names, with that member's account if they have
    one."""
    mine = getattr(actor, "pk", None)
    if member is None or (mine and member.user_id == mine):
        if not mine:
            raise PermissionDenied("请先登录。")
        return actor, queries.member_of(actor, activity.union), True
    return member.user, member, False


@transaction.atomic
def registration_signup(
    *,
    actor,
    activity: Activity,
    companions: Any = 0,
    companion_names: str = "",
    member: Member | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Sign up oneself with ``companions`` (or, for the committee, ``member``, e.g. from a
    paper list). A place if the persons fit and nobody is waiting; else the waiting list; on
    a lottery activity an entry for the draw."""
    own = member is None or (getattr(actor, "pk", None) and member.user_id == actor.pk)
    # one's own sign-up: someone of the union (its members hold self.view there); another's:
    # the committee
    scoping.require(actor, "self.view" if own else "activities.change", union=activity.union)
    user, member, _ = _who(actor, activity, member)
    now = _now(now)
    found = _locked(activity)
    if found.phase(now) != "signup":
        raise ValidationError(f"活动{found.phase_label(now)}，不能报名。")
    if member is not None and (member.union_id != found.union_id or not member.is_current):
        raise ValidationError("只能为本工会的在册会员报名。")
    if member is None and found.members_only:
        raise ValidationError("本活动仅限本工会会员报名。")
    if not queries.in_audience(found, member):
        raise ValidationError(f"本活动面向{queries.audience_label(found)}，不在报名范围内。")
    count, names = _companions(found, companions, companion_names)
    twice = ValidationError("已经报名了这个活动，不能重复报名。")
    if queries.live_registration(found, user, member) is not None:
        raise twice
    _promote(found, now)  # places freed by a late offer go to those already waiting
    waiting = Registration.objects.filter(activity=found, state=RegState.WAITING).exists()
    if found.lottery:
        state = RegState.ENTERED
    elif not waiting and _hold(found, count + 1):
        state = RegState.CONFIRMED
    else:
        state = RegState.WAITING
    try:
        with transaction.atomic():
            reg = Registration.objects.create(
                activity=found,
                union=found.union,
                user=user,
                member=member,
                name=member.name if member else (user.full_name or user.username),
                companions=count,
                companion_names=names,
                persons=count + 1,
                state=state,
                queued_at=now,
                confirmed_at=now if state == RegState.CONFIRMED else None,
                created_by=scoping.person(actor),
            )
    except IntegrityError:
        raise twice from None
    audit.record(actor=actor, action="activities.signup", obj=reg)
    return reg


@transaction.atomic
def registration_cancel(
    *, actor, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Cancel one's sign-up (or the committee cancels it) before the sign-up deadline; a
    freed place goes to the waiting list."""
    if not _own(actor, registration):
        scoping.require(actor, "activities.change", union=registration.union)
    now = _now(now)
    found = _locked(registration.activity)
    reg = Registration.objects.select_for_update(of=ONLY_THIS_ROW).get(pk=registration.pk)
    if reg.state not in LIVE:
        raise ValidationError(f"这条报名{reg.get_state_display()}，不能再取消。")
    if now >= found.signup_closes_at:
        raise ValidationError("报名已截止，不能在线取消；如不能参加请联系组织者。")
    before = audit.snapshot(reg)
    if reg.state in HOLDING:
        _release(found, reg.persons)
    reg.state, reg.cancelled_at = RegState.CANCELLED, now
    reg.save(update_fields=["state", "cancelled_at"])
    audit.record(actor=actor, action="activities.signup_cancel", obj=reg, before=before)
    _promote(found, now)
    return reg


def registration_confirm(
    *, actor, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """The promoted person takes the place offered, by its confirm-by time (inclusive).
    Too late, the refusal comes after the expiry is committed: the place has gone to the
    next in line, whatever this caller does next."""
    if not _own(actor, registration):
        scoping.require(actor, "activities.change", union=registration.union)
    now = _now(now)
    with transaction.atomic():
        _promote(_locked(registration.activity), now)  # a late offer (this one too) goes first
        reg = Registration.objects.get(pk=registration.pk)
        if reg.state == RegState.OFFERED:
            before = audit.snapshot(reg)
            reg.state, reg.confirmed_at = RegState.CONFIRMED, now
            reg.save(update_fields=["state", "confirmed_at"])
            audit.record(actor=actor, action="activities.confirm", obj=reg, before=before)
            return reg
    if reg.state == RegState.EXPIRED:
        raise ValidationError("确认时间已过，名额已顺延给下一位候补。")
    raise ValidationError(f"这条报名{reg.get_state_display()}，无需确认。")


@transaction.atomic
def waitlist_refresh(
    *, actor, activity: Activity, now: datetime.datetime | None = None
) -> list[Registration]:
    """Expire late offers and promote the next: run when a page of the activity is opened
    and by the cron command (the system, ``actor=None``)."""
    scoping.require(actor, "activities.change", union=activity.union)
    return _promote(_locked(activity), _now(now))


@transaction.atomic
def lottery_draw(
    *, actor, activity: Activity, seed: str = "", now: datetime.datetime | None = None
) -> list[Registration]:
    """抽签 after the sign-up deadline: the entries shuffled by ``seed`` (random if none is
    given; recorded on the activity and in the audit entry, so anyone can redo the draw),
    places to those drawn while their persons fit; the others 未中签."""
    scoping.require(actor, "activities.change", union=activity.union)
    now = _now(now)
    found = _locked(activity)
    if not found.lottery or found.state != State.OPEN:
        raise ValidationError("这个活动不抽签，或未发布、已取消。")
    if found.drawn_at is not None:
        raise ValidationError(f"已于 {timezone.localtime(found.drawn_at):%Y-%m-%d %H:%M} 抽签。")
    if now < found.signup_closes_at:
        raise ValidationError("报名截止后才能抽签。")
    seed = " ".join(str(seed or "").split())[:64] or secrets.token_hex(8)
    entries = list(Registration.objects.filter(activity=found, state=RegState.ENTERED))
    won = set(rules.draw([(r.pk, r.persons) for r in entries], found.capacity - found.taken, seed))
    persons = sum(r.persons for r in entries if r.pk in won)
    if persons and not _hold(found, persons):
        raise ValidationError("名额不足，无法完成抽签。")
    Registration.objects.filter(pk__in=won).update(state=RegState.CONFIRMED, confirmed_at=now)
    Registration.objects.filter(activity=found, state=RegState.ENTERED).update(state=RegState.LOST)
    before = audit.snapshot(found)
    found.lottery_seed, found.drawn_at = seed, now
    found.save(update_fields=["lottery_seed", "drawn_at"])
    audit.record(
        actor=actor,
        action="activities.draw",
        obj=found,
        changes={
            **audit.diff(before, audit.snapshot(found)),
            "entries": [None, len(entries)],
            "winners": [None, len(won)],
        },
    )
    return [r for r in entries if r.pk in won]
