"""Every write of 职工互助保障: plans (create, change, renew), enrolment (one by one or in
bulk from a roster filter — idempotent), withdrawal, the premium's draft voucher, claims
(record, review, pay, deny), the audited look at a claim and the audited export of the
enrolment list.

Each checks its actor first (``care.change``; reading a claim or exporting, ``care.view``)
and writes one audit entry in the same transaction. Audit entries carry counts, dates,
states, kinds and amounts — never a member's name or a claim's diagnosis: the trail is read
by more people (``audit.view``) than the claims are.

**The premium.** The union pays the provider (the 职工互助保障会 or the insurer) for everyone
enrolled, as one payment: ``insurance_premium_draft`` writes a draft expense voucher of one
line in 50299 其他维权 (《基层工会经费收支管理办法》第十条, 维权支出) with the provider as
payee and *no per-member shares* — no member receives money, so the per-person spending
rules (caps per member and year) do not apply to it and must not count it against the
members' gifts. It goes through ``care.payments.lump_draft`` (the audit entry names what it
pays for); the treasurer submits it and the budget, the rules and the approver check it as
any voucher. A later draft covers the members enrolled since (补缴)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.finance.money import parse_amount
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Sex, Union

from . import payments
from . import queries_insurance as queries
from . import rules_insurance as rules
from .models_insurance import InsuranceClaim, InsuranceEnrollment, InsurancePlan, InsurancePremium
from .rules_insurance import ClaimKind, ClaimState, Eligibility, PlanKind, ProviderKind
from .services import ONLY_THIS_ROW, _money
from .services_visits import _text

GRASSROOTS = "互助保障由基层工会办理，请进入所属基层工会。"
PLAN_FIELDS = (
    "name",
    "kind",
    "provider_kind",
    "provider",
    "premium",
    "max_benefit",
    "starts_on",
    "ends_on",
    "eligibility",
    "notes",
)


def _today() -> datetime.date:
    return timezone.localdate()


# --- plans ----------------------------------------------------------------------------------


def _money_field(value, label: str, field: str, *, required: bool) -> Decimal | None:
    if value in (None, "") and not required:
        return None
    if value in (None, ""):
        raise ValidationError({field: f"请填写{label}。"})
    try:
        return _money(value, label)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _clean_plan(data: dict[str, Any]) -> dict[str, Any]:
    """The plan's fields checked, all problems at once by field."""
    problems: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def check(field, fn):
        try:
            out[field] = fn()
        except ValidationError as exc:
            problems.setdefault(field, []).extend(exc.messages)

    out["name"] = _text(data.get("name"), rules.NAME_MAX)
    if not out["name"]:
        problems["name"] = ["请填写计划名称，如“2026年度职工住院医疗互助保障”。"]
    out["provider"] = _text(data.get("provider"), rules.PROVIDER_MAX)
    if not out["provider"]:
        problems["provider"] = ["请填写承办机构，如“××市职工互助保障会”或保险公司名称。"]
    out["notes"] = _text(data.get("notes"), rules.NOTES_MAX)
    for field, choices, label in (
        ("kind", PlanKind, "保障类别"),
        ("provider_kind", ProviderKind, "承办方类别"),
        ("eligibility", Eligibility, "参保对象"),
    ):
        out[field] = data.get(field) or ""
        if out[field] not in choices.values:
            problems[field] = [f"请选择{label}。"]
    check(
        "premium",
        lambda: _money_field(data.get("premium"), "每人每年保费", "premium", required=True),
    )
    check(
        "max_benefit",
        lambda: _money_field(
            data.get("max_benefit"), "最高保障金额", "max_benefit", required=False
        ),
    )
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts_on, datetime.date):
        problems["starts_on"] = ["请填写保障开始日期。"]
    if not isinstance(ends_on, datetime.date):
        problems["ends_on"] = ["请填写保障结束日期。"]
    elif isinstance(starts_on, datetime.date) and (why := rules.period_problem(starts_on, ends_on)):
        problems["ends_on"] = [why]
    out["starts_on"], out["ends_on"] = starts_on, ends_on
    if out["kind"] == PlanKind.WOMEN and out["eligibility"] == Eligibility.ALL:
        problems.setdefault("eligibility", []).append(
            "女职工特殊疾病互助只能由女会员参加，参保对象请选“仅女会员”。"
        )
    if problems:
        raise ValidationError(problems)
    return out


@transaction.atomic
def insurance_plan_create(*, actor, union: Union, **data) -> InsurancePlan:
    """A new 保障计划 of a grassroots union for one period (at most a year). Refused with
    nothing written: a federation; no name or provider; a negative premium or one of three
    decimals; the end before the start or a period over a year; a 女职工 plan open to men;
    the same name for the same period twice."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    fields = _clean_plan(data)
    twice = ValidationError({"name": "本工会同一期已有同名的保障计划。"})
    if InsurancePlan.objects.filter(
        union=union, name=fields["name"], starts_on=fields["starts_on"]
    ).exists():
        raise twice
    try:
        # the same form sent twice at once finds none both times: the database keeps one
        with transaction.atomic():
            plan = InsurancePlan.objects.create(
                union=union, created_by=scoping.person(actor), **fields
            )
    except IntegrityError:
        raise twice from None
    audit.record(actor=actor, action="care.insurance_plan", obj=plan)
    return plan


def _locked_plan(plan: InsurancePlan) -> InsurancePlan:
    return (
        InsurancePlan.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=plan.pk)
    )


def _update_problems(plan: InsurancePlan, fields: dict[str, Any]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if fields["premium"] != plan.premium and queries.premiums_drafted(plan):
        problems["premium"] = [
            "保费已列入凭证，不能再修改每人每年保费；如确需调整，请先由财务删除凭证草稿。"
        ]
    first, last = queries.event_range(plan)
    if first is not None and not (fields["starts_on"] <= first and last <= fields["ends_on"]):
        problems["ends_on"] = [
            f"已有出险日期在 {first} 至 {last} 之间的理赔，保障期限须包含这些日期。"
        ]
    if fields["eligibility"] == Eligibility.WOMEN and queries.men_enrolled(plan):
        problems["eligibility"] = ["已有男会员参保，不能改为“仅女会员”；请先为他们办理退保。"]
    return problems


@transaction.atomic
def insurance_plan_update(*, actor, plan: InsurancePlan, **data) -> InsurancePlan:
    """Change a plan. Refused, besides the checks of a new plan: a new premium once premiums
    are on a voucher; a period that would leave out a claim's event day; "仅女会员" while men
    are enrolled."""
    scoping.require(actor, "care.change", union=plan.union)
    plan = _locked_plan(plan)
    fields = _clean_plan(data)
    problems = _update_problems(plan, fields)
    same = InsurancePlan.objects.filter(
        union=plan.union, name=fields["name"], starts_on=fields["starts_on"]
    ).exclude(pk=plan.pk)
    if same.exists():
        problems["name"] = ["本工会同一期已有同名的保障计划。"]
    if problems:
        raise ValidationError(problems)
    before = audit.snapshot(plan)
    for key, value in fields.items():
        setattr(plan, key, value)
    try:
        with transaction.atomic():  # a plan of that name created a moment ago
            plan.save()
    except IntegrityError:
        raise ValidationError({"name": ["本工会同一期已有同名的保障计划。"]}) from None
    audit.record(actor=actor, action="care.insurance_plan_update", obj=plan, before=before)
    return plan


@transaction.atomic
def insurance_plan_renew(*, actor, plan: InsurancePlan, carry_over: bool = True) -> InsurancePlan:
    """续保: the next period's plan with the same terms (name with the new year where it
    names one) and, with ``carry_over``, every member enrolled now and still on the roll —
    enrolled from the new period's first day. Once per plan."""
    scoping.require(actor, "care.change", union=plan.union)
    plan = _locked_plan(plan)
    if InsurancePlan.objects.filter(renewed_from=plan).exists():
        raise ValidationError("该计划已经续保。")
    starts_on, ends_on = rules.next_period(plan.starts_on, plan.ends_on)
    name = plan.name.replace(str(plan.starts_on.year), str(starts_on.year), 1)
    if name == plan.name:
        name = f"{plan.name}（{starts_on.year}年度续保）"[: rules.NAME_MAX]
    if InsurancePlan.objects.filter(union=plan.union, name=name, starts_on=starts_on).exists():
        raise ValidationError(f"本工会已有从 {starts_on} 开始的“{name}”，无需续保。")
    fields = {f: getattr(plan, f) for f in PLAN_FIELDS} | {
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    try:
        with transaction.atomic():  # a plan of that name created a moment ago
            new = InsurancePlan.objects.create(
                union=plan.union, renewed_from=plan, created_by=scoping.person(actor), **fields
            )
    except IntegrityError:
        raise ValidationError(f"本工会已有从 {starts_on} 开始的“{name}”，无需续保。") from None
    carried = 0
    if carry_over:
        members = queries.candidates(plan).filter(pk__in=list(queries.enrolled_member_ids(plan)))
        carried = _enrol_rows(actor, new, list(members.values_list("pk", flat=True)), starts_on)
    audit.record(
        actor=actor,
        action="care.insurance_renew",
        obj=new,
        changes={"renewed_from_id": [None, plan.pk], "enrolled": [None, carried]},
    )
    return new


# --- enrolment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolResult:
    added: int  # newly enrolled
    already: int  # enrolled before: skipped
    ineligible: int  # not who the plan takes (men, for a women-only plan): skipped


def _enrol_rows(actor, plan: InsurancePlan, member_ids: list[int], on: datetime.date) -> int:
    by = scoping.person(actor)
    InsuranceEnrollment.objects.bulk_create(
        [
            InsuranceEnrollment(
                plan=plan, union=plan.union, member_id=pk, enrolled_on=on, enrolled_by=by
            )
            for pk in member_ids
        ],
        batch_size=500,
    )
    return len(member_ids)


def _enrol_day(plan: InsurancePlan, on: datetime.date | None) -> datetime.date:
    today = _today()
    on = on or max(today, plan.starts_on)
    if today > plan.ends_on:
        raise ValidationError(f"“{plan}”的保障期已于 {plan.ends_on} 结束，不能再参保；请办理续保。")
    if not plan.starts_on <= on <= plan.ends_on:
        raise ValidationError(
            {"on": f"参保日期须在保障期限（{plan.starts_on} 至 {plan.ends_on}）之内。"}
        )
    return on


@transaction.atomic
def insurance_enrol(
    *,
    actor,
    plan: InsurancePlan,
    members: list[Member] | None = None,
    group=None,
    sex: str = "",
    status: str = "",
    on: datetime.date | None = None,
) -> EnrolResult:
    """参保 for the members picked (one, several, whole groups) or those a roster filter
    names (a group, a sex, a status). Idempotent: a member already enrolled is skipped, so
    the same list twice enrols nobody the second time and writes no audit entry; men are
    skipped for a women-only plan. Refused: a member who is not a current member of the
    plan's union; nobody matching; the plan's period over."""
    scoping.require(actor, "care.change", union=plan.union)
    plan = _locked_plan(plan)
    on = _enrol_day(plan, on)
    if sex and sex not in Sex.values:
        raise ValidationError({"sex": "请选择性别。"})
    if status and status not in CURRENT_MEMBER_STATUSES:
        raise ValidationError({"status": "只能为在会或退休会员参保。"})
    if group is not None and group.union_id != plan.union_id:
        raise ValidationError({"group": "请从本工会的工会小组中选择。"})
    if members is not None:
        foreign = [
            m.name
            for m in members
            if m.union_id != plan.union_id or m.status not in CURRENT_MEMBER_STATUSES
        ]
        if foreign:
            raise ValidationError({"members": f"「{foreign[0]}」不是本会在册会员，不能参保。"})
    rows = list(
        queries.candidates(plan, members=members, group=group, sex=sex, status=status)
        .order_by("pk")
        .values_list("pk", "sex")
    )
    if not rows:
        raise ValidationError("按所选条件没有找到本会在册会员。")
    have = queries.enrolled_member_ids(plan)
    eligible = [pk for pk, s in rows if not plan.women_only or s == Sex.FEMALE]
    new = [pk for pk in eligible if pk not in have]
    result = EnrolResult(len(new), len(eligible) - len(new), len(rows) - len(eligible))
    if new:
        before = len(have)
        _enrol_rows(actor, plan, new, on)
        audit.record(
            actor=actor,
            action="care.insurance_enrol",
            obj=plan,
            changes={"enrolled": [before, before + len(new)], "enrolled_on": [None, on]},
        )
    return result


@transaction.atomic
def insurance_withdraw(
    *,
    actor,
    enrollment: InsuranceEnrollment,
    reason: str,
    on: datetime.date | None = None,
) -> InsuranceEnrollment:
    """退保 (with the day and a reason); the record stays. Claims for events before the day
    are still the plan's; a day on or before a claim's event (not denied) is refused, as it
    would leave that claim uncovered. A claim recorded at the same moment waits for the
    lock on the enrolment and looks at it again."""
    scoping.require(actor, "care.change", union=enrollment.union)
    enrollment = (
        InsuranceEnrollment.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("plan", "union")
        .get(pk=enrollment.pk)
    )
    if enrollment.withdrawn_on is not None:
        raise ValidationError(f"该会员已于 {enrollment.withdrawn_on} 退保。")
    reason = _text(reason, rules.REASON_MAX)
    if not reason:
        raise ValidationError({"reason": "请填写退保原因，如“调离本单位”。"})
    on = on or _today()
    if on < enrollment.enrolled_on:
        raise ValidationError({"on": f"退保日期不能早于参保日期（{enrollment.enrolled_on}）。"})
    last = queries.last_claim_day(enrollment)
    if last is not None and on <= last:
        raise ValidationError(
            {"on": f"该会员有出险日期为 {last} 的理赔，退保日期须晚于这一天（保障到退保前一天）。"}
        )
    enrollment.withdrawn_on, enrollment.withdraw_reason = on, reason
    enrollment.withdrawn_by = scoping.person(actor)
    enrollment.save(update_fields=["withdrawn_on", "withdraw_reason", "withdrawn_by"])
    audit.record(
        actor=actor,
        action="care.insurance_withdraw",
        obj=enrollment,
        changes={"withdrawn_on": [None, on]},
    )
    return enrollment


# --- the premium ----------------------------------------------------------------------------


@transaction.atomic
def insurance_premium_draft(
    *, actor, plan: InsurancePlan, date: datetime.date | None = None
) -> InsurancePremium:
    """The premium of the members not yet paid for, as one draft expense voucher (see the
    module): 50299 其他维权, payee the provider, ``members × premium``. Refused: a plan
    with no premium; nobody left to pay for."""
    scoping.require(actor, "care.change", union=plan.union)
    plan = _locked_plan(plan)
    if plan.premium <= 0:
        raise ValidationError("本计划不收保费，无需制单。")
    due = queries.live_count(plan) - queries.premiums_drafted(plan)
    if due <= 0:
        raise ValidationError("参保人员的保费都已列入凭证，无需重复制单。")
    amount = rules.premium_total(due, plan.premium)
    date = date or _today()
    summary = f"{plan}保费（{due}人×{plan.premium}元）"
    voucher = payments.lump_draft(
        actor=actor,
        union=plan.union,
        category=rules.PREMIUM_CATEGORY,
        amount=amount,
        payee=plan.provider,
        date=date,
        summary=summary,
        event="职工互助保障保费",
        source=f"互助保障·{plan}",
    )
    premium = InsurancePremium.objects.create(
        plan=plan,
        union=plan.union,
        members=due,
        amount=amount,
        voucher=voucher,
        drafted_on=date,
        created_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.insurance_premium", obj=premium)
    return premium


# --- claims ---------------------------------------------------------------------------------


def _positive(value, label: str, hint: str = "") -> Decimal:
    """Yuan above zero, to the fen: a negative or zero amount is refused in one sentence."""
    amount = parse_amount(value, label=label, allow_negative=True, allow_zero=True)
    if amount <= 0:
        raise ValidationError(f"{label}须大于 0{hint}。")
    return amount


def _claim_day(value, field: str, label: str, *, earliest: datetime.date | None = None):
    if not isinstance(value, datetime.date):
        raise ValidationError({field: f"请填写{label}。"})
    if value > _today():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    if earliest is not None and value < earliest:
        raise ValidationError({field: f"{label}不能早于 {earliest}。"})
    return value


@transaction.atomic
def insurance_claim_record(
    *,
    actor,
    plan: InsurancePlan,
    member: Member,
    event_on: datetime.date,
    claimed,
    kind: str = "",
    diagnosis: str = "",
) -> InsuranceClaim:
    """登记理赔 (已申报) for a member enrolled in the plan on the day of the event. Refused:
    the member not enrolled that day (or not of this union); the day outside the plan's
    period, before the enrolment, after a withdrawal or in the future; an amount that is
    not above zero with at most two decimals."""
    scoping.require(actor, "care.change", union=plan.union)
    event_on = _claim_day(event_on, "event_on", "出险日期")
    problems: dict[str, list[str]] = {}
    kind = kind or rules.CLAIM_OF_PLAN[PlanKind(plan.kind)]
    if kind not in ClaimKind.values:
        problems["kind"] = ["请选择理赔类别。"]
    try:
        amount = _positive(claimed, "申报金额")
    except ValidationError as exc:
        problems["claimed"] = exc.messages
    enrollment = None
    if member.union_id == plan.union_id:
        enrollment = queries.enrollment_covering(plan, member, event_on)
    if enrollment is not None:
        # A withdrawal of this enrolment at the same moment: wait for it, then look again.
        InsuranceEnrollment.objects.select_for_update(of=ONLY_THIS_ROW).get(pk=enrollment.pk)
        enrollment = queries.enrollment_covering(plan, member, event_on)
    if enrollment is None:
        problems["member"] = [
            f"「{member.name}」在 {event_on} 未参加“{plan}”（保障期 {plan.starts_on} 至 "
            f"{plan.ends_on}），不能申报理赔。"
        ]
    if problems:
        raise ValidationError(problems)
    assert enrollment is not None
    claim = InsuranceClaim.objects.create(
        plan=plan,
        enrollment=enrollment,
        union=plan.union,
        member=member,
        event_on=event_on,
        kind=kind,
        diagnosis=str(diagnosis or "").strip()[: rules.DIAGNOSIS_MAX],
        claimed=amount,
        submitted_on=_today(),
        recorded_by=scoping.person(actor),
    )
    audit.record(
        actor=actor,
        action="care.insurance_claim",
        obj=claim,
        changes={
            "kind": [None, kind],
            "event_on": [None, event_on],
            "claimed": [None, amount],
            "state": [None, claim.state],
        },
    )
    return claim


def _locked_claim(claim: InsuranceClaim, *states: str) -> InsuranceClaim:
    found = (
        InsuranceClaim.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union", "plan", "member")
        .get(pk=claim.pk)
    )
    if found.state not in states:
        wanted = "、".join(str(ClaimState(s).label) for s in states)
        raise ValidationError(
            f"该理赔当前为“{found.get_state_display()}”，此操作只能在“{wanted}”时办理。"
        )
    return found


def _decide(actor, claim: InsuranceClaim, to: str, action: str, **extra) -> InsuranceClaim:
    before = claim.state
    claim.state = to
    claim.decided_by = scoping.person(actor)
    claim.decided_at = timezone.now()
    for key, value in extra.items():
        setattr(claim, key, value)
    claim.save()
    changes = {"state": [before, to]} | {k: [None, v] for k, v in extra.items() if k != "reason"}
    audit.record(actor=actor, action=action, obj=claim, changes=changes)
    return claim


@transaction.atomic
def insurance_claim_review(*, actor, claim: InsuranceClaim) -> InsuranceClaim:
    """已申报 → 审核中: the papers went to the provider."""
    scoping.require(actor, "care.change", union=claim.union)
    claim = _locked_claim(claim, ClaimState.SUBMITTED)
    return _decide(actor, claim, ClaimState.REVIEW, "care.insurance_claim_review")


@transaction.atomic
def insurance_claim_pay(
    *, actor, claim: InsuranceClaim, paid, paid_on: datetime.date | None = None
) -> InsuranceClaim:
    """已赔付, with what the provider paid: above zero, at most what was claimed, and within
    the plan's maximum per member with what it paid them before."""
    scoping.require(actor, "care.change", union=claim.union)
    # the plan first: two claims of one member paid at once would each read what the plan
    # paid before without the other's, and together pass its maximum
    _locked_plan(InsurancePlan(pk=claim.plan_id))
    claim = _locked_claim(claim, ClaimState.SUBMITTED, ClaimState.REVIEW)
    paid_on = _claim_day(paid_on or _today(), "paid_on", "赔付日期", earliest=claim.event_on)
    try:
        amount = _positive(paid, "赔付金额", "；不赔付的请选择“不予赔付”并写明理由")
    except ValidationError as exc:
        raise ValidationError({"paid": exc.messages}) from None
    if amount > claim.claimed:
        raise ValidationError({"paid": f"赔付金额不能超过申报金额 {claim.claimed} 元。"})
    top = claim.plan.max_benefit
    before = queries.paid_to(claim.plan, claim.member, exclude=claim.pk)
    if top is not None and before + amount > top:
        raise ValidationError(
            {
                "paid": f"超过本计划每人最高保障金额 {top} 元（此前已赔付 {before} 元，"
                f"本次最多 {max(top - before, Decimal('0.00'))} 元）。"
            }
        )
    return _decide(
        actor, claim, ClaimState.PAID, "care.insurance_claim_pay", paid=amount, paid_on=paid_on
    )


@transaction.atomic
def insurance_claim_deny(*, actor, claim: InsuranceClaim, reason: str) -> InsuranceClaim:
    """不予赔付, with the reason the member reads."""
    scoping.require(actor, "care.change", union=claim.union)
    reason = _text(reason, rules.REASON_MAX)
    if not reason:
        raise ValidationError({"reason": "请填写不予赔付的理由（会员可见）。"})
    claim = _locked_claim(claim, ClaimState.SUBMITTED, ClaimState.REVIEW)
    return _decide(actor, claim, ClaimState.DENIED, "care.insurance_claim_deny", reason=reason)


@transaction.atomic
def insurance_claim_view(*, actor, claim: InsuranceClaim) -> None:
    """A look at a claim with its diagnosis by someone other than the member: an audit
    entry, as every look at a hardship file is (health data, PIPL)."""
    if claim.member.user_id is not None and claim.member.user_id == getattr(actor, "pk", None):
        return
    scoping.require(actor, "care.view", union=claim.union)
    audit.record(
        actor=actor, action="care.insurance_claim_view", obj=claim, changes={"viewed": [None, 1]}
    )


# --- what leaves the platform ---------------------------------------------------------------


@transaction.atomic
def insurance_export_record(*, actor, plan: InsurancePlan, count: int, masked: bool) -> None:
    """Record that the enrolment list left in a file (PIPL: every export says who took it):
    ``care.view``, and ``member.reveal`` for full ID and mobile numbers."""
    scoping.require(actor, "care.view", union=plan.union)
    if not masked:
        scoping.require(actor, "member.reveal", union=plan.union)
    audit.record(
        actor=actor,
        action="care.insurance_export",
        obj=plan,
        changes={"count": [None, count], "masked": [None, masked]},
    )
