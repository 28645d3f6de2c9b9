"""Every write of the 帮扶 flow: 申请 → 初审 → 入户调查 → 公示 → 建档 → 帮扶 → 复核 →
脱困退档 / 返困. Each step checks its actor, moves the file's state with a row of history
(``StateChange``) and one audit entry, in one transaction.

Privacy: audit entries name the step, the state and the tier, never income, household or
illness — the audit trail is read by more people (``audit.view``) than the file is."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.core.dates import add_years
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.core.services_publicity import publicity_open
from gonghui.finance import attachments as store
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from . import rules, rules_visits
from .models import (
    OPEN_STATES,
    Aid,
    AidKind,
    Assessment,
    AssessmentKind,
    CareSettings,
    FileState,
    HardshipFile,
    HouseholdMember,
    Standing,
    StateChange,
    Visit,
)
from .queries import settings_for
from .rules import Cause, Tier

# Every lock in care is FOR UPDATE OF the row meant, never of the rows its select_related
# joins (a union, a member): those joins are for reading. Locking the union row serialised
# every write of the union behind this one, and, before the audit entry's keys lost their
# constraint (core.models.AuditEntry), deadlocked against any audited write of the union
# (tests/care/test_*_concurrency.py, tests/core/test_audit.py).
ONLY_THIS_ROW = ("self",)

MAX_HOUSEHOLD = 20
NOTE_MAX = 300


def _today() -> datetime.date:
    return timezone.localdate()


# --- input ----------------------------------------------------------------------------------


def _money(value, label: str) -> Decimal:
    """Yuan to the fen; refused: negative, three decimals, not a number."""
    from gonghui.finance.money import parse_amount

    if value in (None, ""):
        return Decimal("0.00")
    amount = parse_amount(value, label=label, allow_negative=True, allow_zero=True)
    if amount < 0:
        raise ValidationError(f"{label}不能为负数，请填写 0 或正数。")
    return amount


def _household(rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    people = [dict(r) for r in rows if any(str(v or "").strip() for v in dict(r).values())]
    if not people:
        raise ValidationError("共同生活人口至少为 1 人：请填写家庭成员（含申请人本人）。")
    if len(people) > MAX_HOUSEHOLD:
        raise ValidationError(f"家庭成员最多填写 {MAX_HOUSEHOLD} 人。")
    cleaned = []
    for n, p in enumerate(people, start=1):
        name = str(p.get("name") or "").strip()
        relation = str(p.get("relation") or "").strip()
        if not name or not relation:
            raise ValidationError(f"第 {n} 位家庭成员：请填写姓名和与申请人的关系。")
        try:
            age = int(str(p.get("age", "")).strip())
        except ValueError:
            raise ValidationError(f"第 {n} 位家庭成员「{name}」：年龄须为整数。") from None
        if not 0 <= age <= 120:
            raise ValidationError(f"第 {n} 位家庭成员「{name}」：年龄应在 0 到 120 之间。")
        standing = str(p.get("standing") or "")
        if standing not in Standing.values:
            raise ValidationError(f"第 {n} 位家庭成员「{name}」：请选择身份。")
        cleaned.append(
            {
                "relation": relation[:20],
                "name": name[:50],
                "age": age,
                "standing": standing,
                "health": str(p.get("health") or "").strip()[:100],
            }
        )
    return cleaned


def _figures(*, household, income, rigid, hardship_cost, cause, rigid_notes, cause_notes) -> dict:
    """The household and money of an application or a 复核, validated all at once: every
    problem comes back together (by field) and nothing is written."""
    problems: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for field, value, label in (
        ("income", income, "家庭年可支配收入"),
        ("rigid", rigid, "年刚性支出"),
        ("hardship_cost", hardship_cost, "年度致困费用"),
    ):
        try:
            out[field] = _money(value, label)
        except ValidationError as exc:
            problems[field] = exc.messages
    try:
        out["household"] = _household(household)
    except ValidationError as exc:
        problems["household"] = exc.messages
    if cause not in Cause.values:
        problems["cause"] = ["请选择致困原因。"]
    if problems:
        raise ValidationError(problems)
    out["cause"] = cause
    out["rigid_notes"] = str(rigid_notes or "").strip()[:200]
    out["cause_notes"] = str(cause_notes or "").strip()
    return out


def _assess(file: HardshipFile, kind: str, figures: dict, actor) -> Assessment:
    dibao = settings_for(file.union).dibao
    size = len(figures["household"])
    found = rules.tier(
        income=figures["income"],
        rigid=figures["rigid"],
        household=size,
        dibao=dibao,
        cause=figures["cause"],
        hardship_cost=figures["hardship_cost"],
    )
    assessment = Assessment.objects.create(
        file=file,
        kind=kind,
        round=file.round,
        income=figures["income"],
        rigid=figures["rigid"],
        rigid_notes=figures["rigid_notes"],
        hardship_cost=figures["hardship_cost"],
        cause=figures["cause"],
        cause_notes=figures["cause_notes"],
        household_size=size,
        dibao=dibao,
        per_capita=rules.per_capita_monthly(figures["income"], figures["rigid"], size),
        tier=found,
        created_by=scoping.person(actor),
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(assessment=assessment, **p) for p in figures["household"]
    )
    return assessment


def _move(file: HardshipFile, to: str, step: str, actor, note: str = "") -> None:
    """Change the file's state, keeping the change in its history and the audit trail."""
    before = file.state
    file.state = to
    file.save()
    StateChange.objects.create(
        file=file,
        from_state=before,
        to_state=to,
        step=step,
        note=str(note or "").strip()[:NOTE_MAX],
        by=scoping.person(actor),
    )


def _locked(file: HardshipFile, *states: str) -> HardshipFile:
    """The file locked for this transaction, refused unless in one of ``states`` (two
    committee members acting on one file at once: the second sees the first's state)."""
    found = (
        HardshipFile.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union", "member")
        .get(pk=file.pk)
    )
    if found.state not in states:
        wanted = "、".join(str(FileState(s).label) for s in states)
        raise ValidationError(
            f"档案当前状态为“{found.get_state_display()}”，此操作只能在“{wanted}”时办理。"
        )
    return found


def _own(actor, member: Member) -> bool:
    return bool(getattr(actor, "pk", None)) and member.user_id == actor.pk


# --- settings -------------------------------------------------------------------------------


def _lines(value: Any) -> list[str]:
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return [str(x).strip() for x in lines if str(x).strip()]


def _clean_visit_kinds(value: Any) -> list[str]:
    """The 五必访 list: one event kind a line, at least one, no repeats, each short."""
    kinds = list(dict.fromkeys(_lines(value)))
    if not kinds:
        raise ValidationError("请至少填写一种五必访事件（每行一种）。")
    if len(kinds) > rules_visits.MAX_KINDS:
        raise ValidationError(f"五必访事件最多 {rules_visits.MAX_KINDS} 种。")
    long = [k for k in kinds if len(k) > rules_visits.KIND_MAX_LENGTH]
    if long:
        raise ValidationError(
            f"事件名称“{long[0]}”太长，每种不超过 {rules_visits.KIND_MAX_LENGTH} 个字。"
        )
    return kinds


def _clean_visit_days(value: Any) -> int:
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("走访时限须为整数天数。") from None
    if not 1 <= days <= rules_visits.MAX_VISIT_DAYS:
        raise ValidationError(f"走访时限应在 1 到 {rules_visits.MAX_VISIT_DAYS} 天之间。")
    return days


def _clean_setting(field: str, value: Any):
    if field == "dibao":
        amount = _money(value, "当地低保标准")
        if amount <= 0:
            raise ValidationError("当地低保标准须大于 0。")
        return amount
    if field == "visit_kinds":
        return _clean_visit_kinds(value)
    if field == "visit_days":
        return _clean_visit_days(value)
    return [x[:200] for x in _lines(value)]


SETTINGS_FIELDS = ("dibao", "exclusions", "visit_kinds", "visit_days")


@transaction.atomic
def care_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> CareSettings:
    """Set the union's 低保 line, exclusions, 五必访 list and visit deadline (its own row
    from then on); a federation's reach every union beneath it that has none of its own."""
    scoping.require(actor, "care.rules", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="care.rules",
        model=CareSettings,
        union=union,
        fields=fields,
        allowed=SETTINGS_FIELDS,
        clean=_clean_setting,
        action="care.settings",
        source=settings_for,
        copy=lambda field, value: list(value) if isinstance(value, list) else value,
    )


# --- the flow -------------------------------------------------------------------------------


@transaction.atomic
def hardship_apply(
    *,
    actor,
    member: Member,
    household,
    income,
    rigid,
    hardship_cost=None,
    cause: str = "",
    rigid_notes: str = "",
    cause_notes: str = "",
) -> HardshipFile:
    """申请: by the member for themselves (no role needed), or by the committee
    (``care.change``) for a member. A member whose file was closed (未通过, 脱困退档)
    applies on the same file again: 返困 re-entry, with the history kept."""
    if not _own(actor, member):
        scoping.require(actor, "care.change", union=member.union)
    member = (
        Member.objects.select_for_update(of=ONLY_THIS_ROW).select_related("union").get(pk=member.pk)
    )
    if member.status not in CURRENT_MEMBER_STATUSES:
        raise ValidationError(f"「{member.name}」不是本会在册会员，不能申请困难职工帮扶。")
    figures = _figures(
        household=household,
        income=income,
        rigid=rigid,
        hardship_cost=hardship_cost,
        cause=cause,
        rigid_notes=rigid_notes,
        cause_notes=cause_notes,
    )
    file = HardshipFile.objects.select_for_update().filter(member=member).first()
    if file is not None and file.state in OPEN_STATES:
        raise ValidationError(
            f"「{member.name}」已有一份{file.get_state_display()}的困难职工申请或档案，"
            "不能重复申请。"
        )
    if file is None:
        file = HardshipFile.objects.create(union=member.union, member=member)
        step, before = "申请", None
        StateChange.objects.create(
            file=file, to_state=FileState.APPLIED, step=step, by=scoping.person(actor)
        )
    else:
        before = file.state
        step = "返困重新申请" if file.state == FileState.EXITED else "重新申请"
        file.round += 1
        file.plan, file.filed_on, file.review_due = "", None, None
        _move(file, FileState.APPLIED, step, actor)
    assessment = _assess(file, AssessmentKind.APPLICATION, figures, actor)
    file.tier = assessment.tier
    file.save()
    audit.record(
        actor=actor,
        action="care.apply",
        obj=file,
        changes={"step": [None, step], "state": [before, file.state], "round": [None, file.round]},
    )
    return file


@transaction.atomic
def hardship_screen(*, actor, file: HardshipFile, note: str = "") -> HardshipFile:
    """初审 passed: the committee checked the application and the exclusions."""
    scoping.require(actor, "care.change", union=file.union)
    file = _locked(file, FileState.APPLIED)
    if file.tier == Tier.NONE:
        raise ValidationError(
            "按申请填报的收入计算不符合困难职工条件，不能通过初审；可作不予通过处理。"
        )
    _move(file, FileState.SCREENED, "初审通过", actor, note)
    audit.record(
        actor=actor,
        action="care.screen",
        obj=file,
        changes={"state": [FileState.APPLIED, file.state], "tier": [None, file.tier]},
    )
    return file


@transaction.atomic
def hardship_reject(*, actor, file: HardshipFile, reason: str) -> HardshipFile:
    """不予通过 at 初审, after the visit, or after a 公示 whose objection was upheld."""
    scoping.require(actor, "care.change", union=file.union)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予通过的理由。"})
    file = _locked(
        file, FileState.APPLIED, FileState.SCREENED, FileState.VISITED, FileState.PUBLICITY
    )
    before = file.state
    _move(file, FileState.REJECTED, "不予通过", actor, reason)
    audit.record(
        actor=actor, action="care.reject", obj=file, changes={"state": [before, file.state]}
    )
    return file


def _applied_on(file: HardshipFile) -> datetime.date | None:
    """The day of the file's current application (its round's first assessment)."""
    first = (
        file.assessments.filter(round=file.round, kind=AssessmentKind.APPLICATION)
        .order_by("created_at")
        .first()
    )
    return timezone.localtime(first.created_at).date() if first is not None else None


@transaction.atomic
def hardship_visit(
    *, actor, file: HardshipFile, visited_on: datetime.date, visitors: str, findings: str, consent
) -> Visit:
    """入户调查 recorded, with the signed 《家庭经济状况核对授权委托书》 (JPG, PNG or PDF)."""
    scoping.require(actor, "care.change", union=file.union)
    file = _locked(file, FileState.SCREENED)
    problems = {}
    applied = _applied_on(file)
    if visited_on is None or visited_on > _today():
        problems["visited_on"] = ["请填写调查日期（不能晚于今天）。"]
    elif applied is not None and visited_on < applied:
        problems["visited_on"] = [f"调查日期不能早于这次申请的日期（{applied:%Y-%m-%d}）。"]
    if not str(visitors or "").strip():
        problems["visitors"] = ["请填写调查人员（至少两人）。"]
    if not str(findings or "").strip():
        problems["findings"] = ["请填写入户调查情况。"]
    if consent is None:
        problems["consent"] = ["请上传职工签字的《家庭经济状况核对授权委托书》。"]
    if problems:
        raise ValidationError(problems)
    sha, size, content_type, ext = store.store(consent)
    visit = Visit.objects.create(
        file=file,
        round=file.round,
        visited_on=visited_on,
        visitors=str(visitors).strip()[:200],
        findings=str(findings).strip(),
        consent_name=store.safe_name(getattr(consent, "name", ""), ext),
        consent_type=content_type,
        consent_size=size,
        consent_sha256=sha,
        recorded_by=scoping.person(actor),
    )
    _move(file, FileState.VISITED, "入户调查", actor)
    audit.record(
        actor=actor,
        action="care.visit",
        obj=file,
        changes={"state": [FileState.SCREENED, file.state], "visit": [None, str(visited_on)]},
    )
    return visit


PUBLICITY_KIND = "care.hardship"
# What a 困难职工 公示 shows, and nothing else: never income, household or illness.
PUBLICITY_COLUMNS = ("姓名", "小组", "困难类别")


@transaction.atomic
def hardship_publicize(*, actor, file: HardshipFile, workdays: int | None = None) -> HardshipFile:
    """公示 of the household's name, group and tier to the union's members (core 公示: the
    period in working days, objections, the outcome). 建档 waits until it clears."""
    scoping.require(actor, "care.change", union=file.union)
    file = _locked(file, FileState.VISITED)
    group = file.member.group.name if file.member.group is not None else "—"
    item = publicity_open(
        actor=actor,
        union=file.union,
        kind=PUBLICITY_KIND,
        title=f"困难职工建档公示（{file.member.name}）",
        columns=PUBLICITY_COLUMNS,
        rows=[[file.member.name, group, file.get_tier_display()]],
        body="如有异议，请在公示期内通过本平台提出（实名，仅工会委员会可见）。",
        subject=file,
        workdays=workdays,
    )
    _move(file, FileState.PUBLICITY, "公示", actor, f"{item.starts_on} 至 {item.ends_on}")
    audit.record(
        actor=actor,
        action="care.publicize",
        obj=file,
        changes={"state": [FileState.VISITED, file.state]},
    )
    return file


def _publicity_cleared(file: HardshipFile) -> None:
    item = publicity_for(file)
    if cleared(item):
        return
    if item is None or item.status == "open":
        raise ValidationError("公示期满、异议处理完毕并结束公示后才能建档（先公示、后建档）。")
    raise ValidationError(f"公示结果为“{item.get_outcome_display()}”，不能建档；请作不予通过处理。")


@transaction.atomic
def hardship_establish(*, actor, file: HardshipFile, plan: str) -> HardshipFile:
    """建档 with a 帮扶 plan, only after the 公示 cleared; the first 复核 is due a year on."""
    scoping.require(actor, "care.change", union=file.union)
    file = _locked(file, FileState.PUBLICITY)
    _publicity_cleared(file)
    plan = str(plan or "").strip()
    if not plan:
        raise ValidationError({"plan": "请填写帮扶计划。"})
    today = _today()
    file.plan, file.filed_on, file.review_due = plan, today, add_years(today, 1)
    _move(file, FileState.FILED, "建档", actor)
    audit.record(
        actor=actor,
        action="care.establish",
        obj=file,
        changes={
            "state": [FileState.PUBLICITY, file.state],
            "filed_on": [None, today],
            "review_due": [None, file.review_due],
        },
    )
    return file


@transaction.atomic
def aid_record(
    *,
    actor,
    file: HardshipFile,
    kind: str,
    given_on: datetime.date,
    amount,
    notes: str = "",
    voucher=None,
) -> Aid:
    """One 帮扶 given to a filed household ("先建档后帮扶"). Money given (资金帮扶 above zero)
    is paid through the books: a draft voucher of 困难帮扶 with the member's share, or a line
    added to ``voucher`` (a draft the caller names), by ``care.payments.payment_draft``; the
    spending rules check it when the treasurer submits it, and ``Aid.voucher_share`` links
    the 帮扶 to it. Goods, jobs and the like are recorded only (their amount is a value)."""
    from .payments import AID_CATEGORY, Payee, payment_draft

    scoping.require(actor, "care.change", union=file.union)
    file = _locked(file, FileState.FILED)
    problems: dict[str, list[str]] = {}
    if kind not in AidKind.values:
        problems["kind"] = ["请选择帮扶类型。"]
    if given_on is None or given_on > _today():
        problems["given_on"] = ["请填写帮扶日期（不能晚于今天）。"]
    elif file.filed_on and given_on < file.filed_on:
        problems["given_on"] = [f"帮扶日期不能早于建档日期 {file.filed_on}（先建档、后帮扶）。"]
    try:
        value = _money(amount, "帮扶金额")
    except ValidationError as exc:
        problems["amount"] = exc.messages
    if problems:
        raise ValidationError(problems)
    aid = Aid.objects.create(
        file=file,
        kind=kind,
        given_on=given_on,
        amount=value,
        notes=str(notes or "").strip()[:NOTE_MAX],
        recorded_by=scoping.person(actor),
    )
    text = f"{aid.get_kind_display()} {given_on} {value} 元"
    if kind == AidKind.MONEY and value > 0:
        # The voucher names the member and the amount, never the household or the cause:
        # the treasurer and the 经审 read it, and they may not read the file.
        try:
            (aid.voucher_share,) = payment_draft(
                actor=actor,
                union=file.union,
                category=AID_CATEGORY,
                payees=[Payee(file.member, value, f"care.aid:{aid.pk}")],
                date=given_on,
                summary="困难职工资金帮扶",
                event="资金帮扶",
                voucher=voucher,
                source="困难职工帮扶",
            )
        except ValidationError as exc:
            raise ValidationError({"amount": exc.messages}) from None
        aid.save(update_fields=["voucher_share"])
        text += "（已生成凭证草稿）" if voucher is None else "（已并入凭证草稿）"
    audit.record(actor=actor, action="care.aid", obj=file, changes={"aid": [None, text]})
    return aid


@transaction.atomic
def hardship_review(
    *,
    actor,
    file: HardshipFile,
    household,
    income,
    rigid,
    hardship_cost=None,
    cause: str = "",
    rigid_notes: str = "",
    cause_notes: str = "",
) -> Assessment:
    """年度复核: the household's figures again; the next 复核 is due a year after this one.
    A household no longer in hardship is shown so; 退档 is the committee's own step."""
    scoping.require(actor, "care.change", union=file.union)
    file = _locked(file, FileState.FILED)
    figures = _figures(
        household=household,
        income=income,
        rigid=rigid,
        hardship_cost=hardship_cost,
        cause=cause,
        rigid_notes=rigid_notes,
        cause_notes=cause_notes,
    )
    before_tier, before_due = file.tier, file.review_due
    assessment = _assess(file, AssessmentKind.REVIEW, figures, actor)
    file.tier = assessment.tier
    file.review_due = add_years(_today(), 1)
    file.save()
    StateChange.objects.create(
        file=file,
        from_state=file.state,
        to_state=file.state,
        step="年度复核",
        note=f"复核结果：{assessment.get_tier_display()}",
        by=scoping.person(actor),
    )
    audit.record(
        actor=actor,
        action="care.review",
        obj=file,
        changes={"tier": [before_tier, file.tier], "review_due": [before_due, file.review_due]},
    )
    return assessment


@transaction.atomic
def hardship_exit(*, actor, file: HardshipFile, reason: str) -> HardshipFile:
    """脱困退档: the file stays, closed, with its whole history; 返困 opens it again."""
    scoping.require(actor, "care.change", union=file.union)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退档原因（如：家庭收入已稳定高于标准）。"})
    file = _locked(file, FileState.FILED)
    before_due = file.review_due
    file.review_due = None
    _move(file, FileState.EXITED, "脱困退档", actor, reason)
    audit.record(
        actor=actor,
        action="care.exit",
        obj=file,
        changes={"state": [FileState.FILED, file.state], "review_due": [before_due, None]},
    )
    return file


@transaction.atomic
def hardship_view(*, actor, file: HardshipFile) -> None:
    """Every look at a full file is an audit entry ("care.file_view"): its holder, the
    chair, the 经审 or the welfare member of the committee."""
    if not _own(actor, file.member):
        scoping.require(actor, "care.view", union=file.union)
    audit.record(
        actor=actor, action="care.file_view", obj=file, changes={"viewed": [None, "查看档案"]}
    )
