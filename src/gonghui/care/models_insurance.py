"""职工互助保障 (安康保险): a grassroots union's plans (保障计划) for one period each, the
members enrolled in them (参保, withdrawals kept), the premium drafts sent to the books, and
the claims (理赔) with their amounts and state. Nothing is deleted. Imported at the end of
``care/models.py`` so Django finds the models in the app.

Privacy: a claim's ``diagnosis`` is health data — shown only to ``care.view`` (the chair, the
welfare member, the 经审 read-only) and the member; never in a list, the audit trail, a plan
link, the summary or the insurer's enrolment list."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import rules_insurance as rules
from .rules_insurance import ClaimKind, ClaimState, Eligibility, PlanKind, ProviderKind

MONEY = {"max_digits": 14, "decimal_places": 2}

__all__ = ["InsuranceClaim", "InsuranceEnrollment", "InsurancePlan", "InsurancePremium"]


class InsurancePlan(models.Model):
    """One 保障计划 of a union for one period (at most a year: the premium is per person per
    year). The next year is a renewal (续保): a plan of its own, ``renewed_from`` this one."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="insurance_plans", verbose_name="工会"
    )
    name = models.CharField("计划名称", max_length=rules.NAME_MAX)
    kind = models.CharField("保障类别", max_length=12, choices=PlanKind.choices)
    provider_kind = models.CharField(
        "承办方类别", max_length=12, choices=ProviderKind.choices, default=ProviderKind.MUTUAL
    )
    provider = models.CharField("承办机构", max_length=rules.PROVIDER_MAX)
    premium = models.DecimalField("每人每年保费（元）", **MONEY)
    max_benefit = models.DecimalField("最高保障金额（元）", **MONEY, null=True, blank=True)
    starts_on = models.DateField("保障开始日期")
    ends_on = models.DateField("保障结束日期")
    eligibility = models.CharField(
        "参保对象", max_length=8, choices=Eligibility.choices, default=Eligibility.ALL
    )
    notes = models.CharField("说明", max_length=rules.NOTES_MAX, blank=True)
    renewed_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name="续保自",
    )
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "互助保障计划"
        verbose_name_plural = "互助保障计划"
        ordering = ["union_id", "-starts_on", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "name", "starts_on"],
                name="care_insurance_plan_once_per_period",
                violation_error_message="本工会同一期已有同名的保障计划。",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="care_insurance_plan_ends_after_start",
                violation_error_message="保障期限的结束日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=Q(premium__gte=0),
                name="care_insurance_premium_not_negative",
                violation_error_message="保费不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(max_benefit__isnull=True) | Q(max_benefit__gte=0),
                name="care_insurance_max_benefit_not_negative",
                violation_error_message="最高保障金额不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("care:insurance_plan", args=[self.pk])

    @property
    def women_only(self) -> bool:
        return self.eligibility == Eligibility.WOMEN


class InsuranceEnrollment(models.Model):
    """One member in one plan (参保). Enrolling again is a no-op while enrolled; a withdrawal
    (退保) is kept with its day and reason, and the member may be enrolled again later (a new
    row: the unique constraint holds among live enrolments only)."""

    plan = models.ForeignKey(
        InsurancePlan, on_delete=models.PROTECT, related_name="enrollments", verbose_name="保障计划"
    )
    # the plan's union, kept on the row for scoping and the federation's grouped counts
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="insurance_enrollments", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="insurance_enrollments", verbose_name="会员"
    )
    enrolled_on = models.DateField("参保日期")
    enrolled_by = user_fk("经办人")
    withdrawn_on = models.DateField("退保日期", null=True, blank=True)
    withdraw_reason = models.CharField("退保原因", max_length=rules.REASON_MAX, blank=True)
    withdrawn_by = user_fk("退保经办人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "互助保障参保"
        verbose_name_plural = "互助保障参保"
        ordering = ["plan_id", "id"]
        indexes = [
            models.Index(fields=["union", "plan"], name="care_insurance_union_plan"),
            # 参保人数 at a day starts from the plans covering it (queries.enrolled_at)
            models.Index(
                fields=["plan", "enrolled_on", "withdrawn_on", "member"],
                name="care_insurance_plan_day",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "member"],
                condition=Q(withdrawn_on__isnull=True),
                name="care_insurance_once_per_plan",
                violation_error_message="该会员已参加这一保障计划。",
            ),
        ]

    def __str__(self) -> str:
        # No name: what the audit trail shows to every audit.view holder.
        return f"互助保障参保 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:insurance_plan", args=[self.plan_id]) + f"#enrollment-{self.pk}"


class InsurancePremium(models.Model):
    """A premium sent to the books: one draft expense voucher (50299 其他维权) paying the
    plan's provider for ``members`` people at the plan's premium. A later one covers members
    enrolled since (补缴). The voucher is the treasurer's: a deleted draft empties the link."""

    plan = models.ForeignKey(
        InsurancePlan, on_delete=models.PROTECT, related_name="premiums", verbose_name="保障计划"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    members = models.PositiveIntegerField("缴费人数")
    amount = models.DecimalField("保费金额（元）", **MONEY)
    voucher = models.ForeignKey(
        "finance.Voucher",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="保费凭证",
    )
    drafted_on = models.DateField("制单日期")
    created_by = user_fk("经办人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "互助保障保费"
        verbose_name_plural = "互助保障保费"
        ordering = ["plan_id", "id"]

    def __str__(self) -> str:
        return f"互助保障保费 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:insurance_plan", args=[self.plan_id]) + "#premium"


class InsuranceClaim(models.Model):
    """One 理赔: a member enrolled in the plan on the day of the event. The committee records
    it for the member and follows it: 已申报 → 审核中 → 已赔付 (with the amount paid) or 不予赔付
    (with the reason). The money goes from the provider to the member, not through the
    union's books."""

    plan = models.ForeignKey(
        InsurancePlan, on_delete=models.PROTECT, related_name="claims", verbose_name="保障计划"
    )
    enrollment = models.ForeignKey(
        InsuranceEnrollment,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name="参保记录",
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="insurance_claims", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="insurance_claims", verbose_name="会员"
    )
    event_on = models.DateField("出险日期")
    kind = models.CharField("理赔类别", max_length=12, choices=ClaimKind.choices)
    # health data: care.view and the member only (see the module)
    diagnosis = models.TextField("病情诊断", max_length=rules.DIAGNOSIS_MAX, blank=True)
    claimed = models.DecimalField("申报金额（元）", **MONEY)
    paid = models.DecimalField("赔付金额（元）", **MONEY, null=True, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=ClaimState.choices, default=ClaimState.SUBMITTED
    )
    reason = models.CharField("不予赔付理由", max_length=rules.REASON_MAX, blank=True)
    submitted_on = models.DateField("申报日期")
    paid_on = models.DateField("赔付日期", null=True, blank=True)
    recorded_by = user_fk("登记人")
    decided_by = user_fk("办理人")
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "互助保障理赔"
        verbose_name_plural = "互助保障理赔"
        ordering = ["plan_id", "-event_on", "id"]
        indexes = [models.Index(fields=["union", "state"], name="care_insurance_claim_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed__gt=0),
                name="care_insurance_claimed_positive",
                violation_error_message="申报金额须大于 0。",
            ),
            models.CheckConstraint(
                condition=Q(paid__isnull=True) | (Q(paid__gte=0) & Q(paid__lte=F("claimed"))),
                name="care_insurance_paid_within_claimed",
                violation_error_message="赔付金额不能为负数，也不能超过申报金额。",
            ),
        ]

    def __str__(self) -> str:
        # No name, no illness: what the audit trail shows to every audit.view holder.
        return f"互助保障理赔 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:insurance_claim", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in rules.OPEN_CLAIM_STATES
