"""Every write of 金秋助学: the settings, a year's round, an application (by the member for
their own child, or by the committee for a member), the committee's review, the 公示 of the
approved list, and the payment through one finance voucher once the 公示 has cleared.

Each checks its actor first and writes one audit entry in the same transaction. Audit
entries carry states, levels, counts and amounts — never a name or whether a family has a
hardship file: the trail is read by more people (``audit.view``) than the round's list is.

The flow of a round::

    受理审核中 ──公示──► 公示 ──(公示 closed 无异议 / 异议不成立)──发放──► 已安排发放
        ▲                  │
        └── (异议成立: review again, then a new 公示) ──┘
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.core.services_publicity import publicity_open
from gonghui.finance import attachments as store
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from . import queries_bursary as queries
from . import rules_bursary as rules
from .models_bursary import (
    ApplicationState,
    BursaryApplication,
    BursaryRound,
    BursarySettings,
    RoundStatus,
)
from .payments import AID_CATEGORY, Payee, payment_draft
from .services import ONLY_THIS_ROW, _money

NOTE_MAX = 300
PUBLICITY_KIND = "care.bursary"
# What a 金秋助学 公示 shows, and nothing else: never income, household, illness, nor
# whether the family has a hardship file (the amount is the rule's, published as rules are).
PUBLICITY_COLUMNS = ("会员姓名", "小组", "子女就读类别", "助学金额（元）")
# The voucher's line: 维权支出—困难帮扶 (《工会会计制度》), the one category of the seed that fits
# a grant to a member's family; the seed has no 助学 category of its own.
CATEGORY = AID_CATEGORY
GRASSROOTS = "金秋助学由基层工会办理，请进入所属基层工会。"


def _today() -> datetime.date:
    return timezone.localdate()


def _own(actor, member: Member) -> bool:
    return bool(getattr(actor, "pk", None)) and member.user_id == actor.pk


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


# --- settings -------------------------------------------------------------------------------


def _lines(value: Any) -> list[str]:
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return list(dict.fromkeys(str(x).strip() for x in lines if str(x).strip()))


def _clean_exclusions(value: Any) -> list[str]:
    found = _lines(value)
    if len(found) > rules.MAX_EXCLUSIONS:
        raise ValidationError(f"不予资助的情形最多 {rules.MAX_EXCLUSIONS} 条。")
    long = [x for x in found if len(x) > rules.EXCLUSION_MAX_LENGTH]
    if long:
        raise ValidationError(
            f"“{long[0][:20]}…”太长，每条不超过 {rules.EXCLUSION_MAX_LENGTH} 字。"
        )
    return found


AMOUNT_LABELS = {
    "filed_higher": "建档困难职工子女高等教育资助标准",
    "filed_high": "建档困难职工子女高中资助标准",
    "other_higher": "其他会员子女高等教育资助标准",
    "other_high": "其他会员子女高中资助标准",
}


def _clean_setting(field: str, value: Any):
    if field == "opens":
        return rules.parse_month_day(value, "申请开始日期")
    if field == "closes":
        return rules.parse_month_day(value, "申请截止日期")
    if field == "exclusions":
        return _clean_exclusions(value)
    label = AMOUNT_LABELS[field]
    amount = _money(value, label)
    if amount <= 0:
        raise ValidationError(f"{label}须大于 0。")
    return amount


SETTINGS_FIELDS = ("opens", "closes", *rules.AMOUNT_FIELDS, "exclusions")


def _check_window(union: Union, fields: dict[str, Any]) -> None:
    """The opening day before the closing day, within one year (a window across New Year
    would belong to two rounds)."""
    current = queries.settings_for(union)
    try:
        opens = rules.parse_month_day(fields.get("opens", current.opens), "申请开始日期")
        closes = rules.parse_month_day(fields.get("closes", current.closes), "申请截止日期")
    except ValidationError:
        return  # the field's own message says it
    if opens > closes:
        raise ValidationError({"closes": "申请截止日期须在开始日期之后（同一年内）。"})


@transaction.atomic
def bursary_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> BursarySettings:
    """Set the union's window, amounts and exclusions (its own row from then on); a
    federation's reach every union beneath it that has none of its own."""
    scoping.require(actor, "care.rules", union=union)
    _check_window(union, fields)
    return core_services.union_settings_save(
        actor=actor,
        perm="care.rules",
        model=BursarySettings,
        union=union,
        fields=fields,
        allowed=SETTINGS_FIELDS,
        clean=_clean_setting,
        action="care.bursary_settings",
        source=queries.settings_for,
        copy=lambda field, value: list(value) if isinstance(value, list) else value,
    )


# --- the round ------------------------------------------------------------------------------


@transaction.atomic
def bursary_round_open(
    *,
    actor,
    union: Union,
    year: int,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> BursaryRound:
    """Start a year's 金秋助学: its window from the settings (or the dates given), once a
    year per union."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "请填写年度，如 2026。"}) from None
    if not 2000 <= year <= _today().year + 1:
        raise ValidationError({"year": f"年度应在 2000 到 {_today().year + 1} 之间。"})
    settings = queries.settings_for(union)
    first, last = rules.window(year, settings.opens, settings.closes)
    opens_on, closes_on = opens_on or first, closes_on or last
    if opens_on.year != year or closes_on.year != year:
        raise ValidationError({"closes_on": f"申请期须在 {year} 年之内。"})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "申请截止日期不能早于开始日期。"})
    once = ValidationError({"year": f"{year}年的金秋助学已经开始，每年一轮。"})
    if BursaryRound.objects.filter(union=union, year=year).exists():
        raise once
    try:
        # two opening the year at once both find none: the database's (union, year) keeps one
        with transaction.atomic():
            found = BursaryRound.objects.create(
                union=union,
                year=year,
                opens_on=opens_on,
                closes_on=closes_on,
                created_by=scoping.person(actor),
            )
    except IntegrityError:
        raise once from None
    audit.record(
        actor=actor,
        action="care.bursary_round",
        obj=found,
        changes={"opens_on": [None, opens_on], "closes_on": [None, closes_on]},
    )
    return found


def _locked_round(round: BursaryRound) -> BursaryRound:
    return (
        BursaryRound.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=round.pk)
    )


def _reviewable(round: BursaryRound) -> None:
    """Applications may be reviewed while the round takes them, or after a 公示 that ended
    with an objection upheld (the list is corrected, then published again)."""
    if round.status == RoundStatus.OPEN:
        return
    item = publicity_for(round)
    upheld = item is not None and item.status == "closed" and not cleared(item)
    if round.status == RoundStatus.PUBLICITY and upheld:
        return
    if round.status == RoundStatus.PAID:
        raise ValidationError("本轮金秋助学已安排发放，不能再修改审核结果。")
    raise ValidationError("名单正在公示或已公示无异议，不能再修改审核结果。")


# --- applications ---------------------------------------------------------------------------


def _application_problems(round, member, *, child_name, level, school, confirmed, excluded, proof):
    problems: dict[str, list[str]] = {}
    if not child_name:
        problems["child_name"] = ["请填写子女姓名。"]
    elif queries.child_application(round, member, child_name) is not None:
        found = queries.child_application(round, member, child_name)
        problems["child_name"] = [
            f"「{child_name}」本年度已经申请过金秋助学（{found.get_state_display()}），不能重复申请。"
        ]
    if level not in rules.Level.values:
        problems["level"] = ["请选择子女就读的学校类别（本科、专科或高中）。"]
    if not school:
        problems["school"] = ["请填写录取学校的名称。"]
    listed = list(queries.settings_for(round.union).exclusions)
    hit = [x for x in excluded if x in listed]
    if hit:
        problems["excluded"] = [
            f"子女属于不予资助的情形（{hit[0].rstrip('。')}），不能申请金秋助学。"
        ]
    elif listed and not confirmed:
        problems["confirmed"] = ["请逐条核对并确认子女不属于不予资助的情形。"]
    if proof is None:
        problems["proof"] = ["请上传录取通知书或学校证明（照片或 PDF）。"]
    return problems, listed


def _open_for(round: BursaryRound, member: Member, today: datetime.date) -> None:
    """The round takes applications today, and the member is one of its union's."""
    if round.status != RoundStatus.OPEN:
        raise ValidationError(f"{round}名单已公示，不再受理申请。")
    if not rules.in_window(today, round.opens_on, round.closes_on):
        raise ValidationError(
            f"{round}的申请时间为 {round.opens_on:%Y年%-m月%-d日}至"
            f"{round.closes_on:%Y年%-m月%-d日}，今天不在申请期内。"
        )
    if member.union_id != round.union_id or member.status not in CURRENT_MEMBER_STATUSES:
        raise ValidationError(f"「{member.name}」不是本会在册会员，不能申请金秋助学。")


@transaction.atomic
def bursary_apply(
    *,
    actor,
    round: BursaryRound,
    member: Member,
    child_name: str,
    level: str,
    school: str,
    proof,
    confirmed: bool,
    excluded: Iterable[str] = (),
    today: datetime.date | None = None,
) -> BursaryApplication:
    """申请 for one child: by the member (their own, no role needed) or by the committee
    (``care.change``) for a member. The amount is the settings' for the level and for
    whether the family has an 已建档 hardship file that day. Refused with nothing written:
    outside the window, a non-member, the same child twice in a round, a proof that is not
    JPG/PNG/PDF (or too large), an excluded case or exclusions not confirmed."""
    own = _own(actor, member)
    if not own:
        scoping.require(actor, "care.change", union=round.union)
    round = _locked_round(round)
    member = Member.objects.select_related("union").get(pk=member.pk)
    today = today or _today()
    _open_for(round, member, today)
    child_name = _text(child_name, rules.CHILD_NAME_MAX)
    problems, listed = _application_problems(
        round,
        member,
        child_name=child_name,
        level=level,
        school=_text(school, rules.SCHOOL_MAX),
        confirmed=bool(confirmed),
        excluded=list(excluded or ()),
        proof=proof,
    )
    if problems:
        raise ValidationError(problems)
    try:
        sha, size, content_type, ext = store.store(proof)
    except ValidationError as exc:
        raise ValidationError({"proof": exc.messages}) from None
    filed = queries.has_filed_file(member)
    application = BursaryApplication.objects.create(
        round=round,
        union=round.union,
        member=member,
        child_name=child_name,
        level=level,
        school=_text(school, rules.SCHOOL_MAX),
        proof_name=store.safe_name(getattr(proof, "name", ""), ext),
        proof_type=content_type,
        proof_size=size,
        proof_sha256=sha,
        exclusions=listed,
        filed=filed,
        amount=rules.amount_for(queries.settings_for(round.union), level, filed),
        applied_on=today,
        self_applied=own,
        applied_by=scoping.person(actor),
    )
    audit.record(
        actor=actor,
        action="care.bursary_apply",
        obj=application,
        changes={"level": [None, level], "amount": [None, application.amount]},
    )
    return application


def _locked_application(application: BursaryApplication, *states: str) -> BursaryApplication:
    found = (
        BursaryApplication.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union", "round", "member")
        .get(pk=application.pk)
    )
    if found.state not in states:
        wanted = "、".join(str(ApplicationState(s).label) for s in states)
        raise ValidationError(
            f"该申请当前为“{found.get_state_display()}”，此操作只能在“{wanted}”时办理。"
        )
    return found


def _locked_pair(
    application: BursaryApplication, *states: str
) -> tuple[BursaryRound, BursaryApplication]:
    """The round locked, then the application: the order 发放 and 公示 take them in (the
    round, then its applications). The other order waits on a payment that waits on it,
    and PostgreSQL ends one of the two as a deadlock."""
    round = _locked_round(BursaryRound(pk=application.round_id))
    return round, _locked_application(application, *states)


def _review(actor, round, application, to: str, note: str) -> BursaryApplication:
    _reviewable(round)
    before = application.state
    application.state = to
    application.review_note = note
    application.reviewed_by = scoping.person(actor)
    application.reviewed_at = timezone.now()
    application.save()
    if round.status != RoundStatus.OPEN:
        # the list changed after an objection was upheld: it needs a new 公示
        round.status = RoundStatus.OPEN
        round.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="care.bursary_approve" if to == ApplicationState.APPROVED else "care.bursary_reject",
        obj=application,
        changes={"state": [before, to]},
    )
    return application


@transaction.atomic
def bursary_approve(
    *, actor, application: BursaryApplication, note: str = ""
) -> BursaryApplication:
    """审核通过: the committee checked the proof and the exclusions."""
    scoping.require(actor, "care.change", union=application.union)
    round, application = _locked_pair(application, ApplicationState.SUBMITTED)
    return _review(actor, round, application, ApplicationState.APPROVED, _text(note, NOTE_MAX))


@transaction.atomic
def bursary_reject(*, actor, application: BursaryApplication, reason: str) -> BursaryApplication:
    """不予资助, with the reason the member reads (before the payment only)."""
    scoping.require(actor, "care.change", union=application.union)
    reason = _text(reason, NOTE_MAX)
    if not reason:
        raise ValidationError({"reason": "请填写不予资助的理由。"})
    round, application = _locked_pair(
        application, ApplicationState.SUBMITTED, ApplicationState.APPROVED
    )
    return _review(actor, round, application, ApplicationState.REJECTED, reason)


# --- 公示 and payment -----------------------------------------------------------------------


def _publicizable(round: BursaryRound, today: datetime.date) -> None:
    if round.status == RoundStatus.PAID:
        raise ValidationError("本轮金秋助学已安排发放。")
    if round.status == RoundStatus.PUBLICITY:
        item = publicity_for(round)
        if item is None or item.status == "open":
            raise ValidationError("名单正在公示中。")
        if cleared(item):
            raise ValidationError("名单已公示无异议，可以发放。")
    if today <= round.closes_on:
        raise ValidationError(
            f"申请期至 {round.closes_on:%Y年%-m月%-d日}截止，截止后再公示拟资助名单。"
        )
    waiting = round.applications.filter(state=ApplicationState.SUBMITTED).count()
    if waiting:
        raise ValidationError(f"还有 {waiting} 份申请未审核，审核完毕后再公示。")


@transaction.atomic
def bursary_publicize(
    *, actor, round: BursaryRound, workdays: int | None = None, today: datetime.date | None = None
) -> BursaryRound:
    """公示 of the approved list (core 公示, kind ``care.bursary``): the member's name, group,
    the child's school level and the amount — nothing else. Payment waits until it clears."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked_round(round)
    today = today or _today()
    _publicizable(round, today)
    granted = queries.granted_of(round)
    if not granted:
        raise ValidationError("没有审核通过的申请，无需公示。")
    rows = [
        [
            a.member.name,
            a.member.group.name if a.member.group is not None else "—",
            a.get_level_display(),
            f"{a.amount:.2f}",
        ]
        for a in granted
    ]
    publicity_open(
        actor=actor,
        union=round.union,
        kind=PUBLICITY_KIND,
        title=f"{round.union.name}{round.year}年金秋助学拟资助名单公示",
        columns=PUBLICITY_COLUMNS,
        rows=rows,
        body="经本人申请、工会委员会审核，拟对以下会员子女给予金秋助学资助。"
        "如有异议，请在公示期内通过本平台实名提出（仅工会委员会可见）。",
        subject=round,
        workdays=workdays,
        starts_on=today if actor is None else None,
        today=today,
    )
    before = round.status
    round.status = RoundStatus.PUBLICITY
    round.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="care.bursary_publicize",
        obj=round,
        changes={"status": [before, round.status], "listed": [None, len(rows)]},
    )
    return round


def _cleared(round: BursaryRound) -> None:
    if round.status == RoundStatus.PAID:
        raise ValidationError("本轮金秋助学已安排发放，请勿重复发放。")
    item = publicity_for(round) if round.status == RoundStatus.PUBLICITY else None
    if cleared(item):
        return
    if item is None or item.status == "open":
        raise ValidationError(
            "公示期满、异议处理完毕并结束公示（无异议或异议不成立）后才能发放（先公示、后发放）。"
        )
    raise ValidationError(
        f"公示结果为“{item.get_outcome_display()}”，请修正审核结果后重新公示，再发放。"
    )


def _layers(granted: list[BursaryApplication]) -> list[list[BursaryApplication]]:
    """The applications in layers where each member appears once: a voucher line pays a
    member once, so a second child of the same member goes on a second line."""
    layers: list[list[BursaryApplication]] = []
    for application in granted:
        for layer in layers:
            if all(a.member_id != application.member_id for a in layer):
                layer.append(application)
                break
        else:
            layers.append([application])
    return layers


@transaction.atomic
def bursary_pay(*, actor, round: BursaryRound, date: datetime.date | None = None) -> BursaryRound:
    """发放 after the 公示 cleared (无异议 or 异议不成立): one draft expense voucher of the
    round (困难帮扶), one share per child, keyed "金秋助学·<child>" so a rule "once a year
    per event" counts a child once; the spending rules and the budget check it when the
    treasurer submits it (``care.payments``)."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked_round(round)
    _cleared(round)
    granted = queries.granted_of(round)
    if not granted:
        raise ValidationError("没有审核通过的申请，无需发放。")
    date = date or _today()
    voucher = None
    for layer in _layers(granted):
        shares = payment_draft(
            actor=actor,
            union=round.union,
            category=CATEGORY,
            payees=[Payee(a.member, a.amount, f"金秋助学·{a.child_name}") for a in layer],
            date=date,
            summary=f"{round.year}年金秋助学",
            event="金秋助学",
            voucher=voucher,
            source=str(round),
        )
        voucher = shares[0].line.voucher
        for application, share in zip(layer, shares, strict=True):
            application.voucher_share = share
            application.state = ApplicationState.PAID
        BursaryApplication.objects.bulk_update(layer, ["voucher_share", "state"])
    round.status, round.paid_on, round.paid_by = RoundStatus.PAID, date, scoping.person(actor)
    round.save(update_fields=["status", "paid_on", "paid_by"])
    total = sum((a.amount for a in granted), start=Decimal("0.00"))
    audit.record(
        actor=actor,
        action="care.bursary_pay",
        obj=round,
        changes={
            "status": [RoundStatus.PUBLICITY, round.status],
            "paid": [None, f"{len(granted)} 人 {total:.2f} 元"],
        },
    )
    return round
