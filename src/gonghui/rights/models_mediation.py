"""劳动争议调解 (labour-dispute mediation) under 《劳动争议调解仲裁法》: the union's 劳动争议调解委员会
(第十条: 职工代表和企业代表组成, 职工代表由工会成员担任或者由全体职工推举产生, 企业代表由企业负责人
指定; 主任由工会成员或者双方推举的人员担任) and its cases.

**Confidential.** A case names the parties and the claim: only the current members of the
union's committee (a seat, like a congress seat: ``queries_mediation.seat_of``) read and write
cases. The audit trail keeps the state changes only: a case's and a session's ``__str__``
carry the number, never a name, and the content keys are never recorded
(``plugins_mediation``: ``register_fields(hidden=...)`` as a second guard).

**The clock.** 第十四条: "自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，当事人
可以依法申请仲裁" — the period runs from the day the committee RECEIVED the application
(``applied_on``), the union's ``RightsSettings.mediation_days``, counted as the civil code says
(``contract_clock.period_end``); ``deadline`` is stored when the case is registered so that the
待办 and the reminders count it in SQL. Nothing is deleted: a case ends 不予受理, 达成调解协议,
未达成协议 (建议申请仲裁) or 已撤回.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

__all__ = [
    "CaseState",
    "ClaimKind",
    "MediationCase",
    "MediationSession",
    "Mediator",
    "MediatorPost",
    "MediatorSide",
]


class MediatorSide(models.TextChoices):
    WORKERS = "workers", "职工代表"
    EMPLOYER = "employer", "企业代表"


class MediatorPost(models.TextChoices):
    DIRECTOR = "director", "主任"
    MEMBER = "member", "委员"


class Mediator(models.Model):
    """A seat on the union's 劳动争议调解委员会: a member of the union (职工代表, or a member the
    employer named) or a named employer representative without a record here (who then has
    no access to cases on the platform). Current from ``since`` until ``until`` (inclusive)."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="mediators", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="会员",
    )
    name = models.CharField("姓名", max_length=50)
    side = models.CharField("代表方", max_length=10, choices=MediatorSide.choices)
    post = models.CharField(
        "职务", max_length=10, choices=MediatorPost.choices, default=MediatorPost.MEMBER
    )
    since = models.DateField("任职日期")
    until = models.DateField("卸任日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "调解委员会成员"
        verbose_name_plural = "调解委员会成员"
        ordering = ["union_id", "post", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="rights_mediator_until_after_since",
                violation_error_message="卸任日期不能早于任职日期。",
            ),
            models.UniqueConstraint(
                fields=["union", "member"],
                condition=Q(until__isnull=True, member__isnull=False),
                name="rights_mediator_one_seat",
                violation_error_message="此人已是本会调解委员会的在任成员。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("rights:mediation_committee", args=[self.union.code])


class ClaimKind(models.TextChoices):
    PAY = "pay", "劳动报酬"
    DISMISSAL = "dismissal", "解除劳动合同"
    INJURY = "injury", "工伤"
    INSURANCE = "insurance", "社会保险"
    REST = "rest", "休息休假"
    OTHER = "other", "其他"


class CaseState(models.TextChoices):
    APPLIED = "applied", "待受理"
    ACCEPTED = "accepted", "调解中"
    REFUSED = "refused", "不予受理"
    AGREED = "agreed", "达成调解协议"
    FAILED = "failed", "未达成协议"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_CASE_STATES = (CaseState.APPLIED, CaseState.ACCEPTED)
# 调解成功率 = agreements ÷ these, closed in the period (a refusal never was a mediation).
CLOSED_CASE_STATES = (CaseState.AGREED, CaseState.FAILED, CaseState.WITHDRAWN)


class MediationCase(models.Model):
    """One application for mediation: numbered per union and year (（2026）调字第3号)."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="mediation_cases", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("编号")
    applicant = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请人（会员）",
    )
    applicant_name = models.CharField("申请人", max_length=50)
    respondent = models.CharField("被申请人", max_length=100)
    claim_kind = models.CharField("争议类型", max_length=10, choices=ClaimKind.choices)
    claim = models.TextField("申请事项和理由")
    applied_on = models.DateField("收到申请日期")
    deadline = models.DateField("调解期限")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    mediators = models.ManyToManyField(
        Mediator, blank=True, related_name="cases", verbose_name="调解员"
    )
    state = models.CharField(
        "状态", max_length=10, choices=CaseState.choices, default=CaseState.APPLIED
    )
    closed_on = models.DateField("结案日期", null=True, blank=True)
    agreement = models.TextField("调解协议内容", blank=True)
    withdraw_reason = models.TextField("撤回说明", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "劳动争议调解案件"
        verbose_name_plural = "劳动争议调解案件"
        ordering = ["-year", "-number"]
        indexes = [models.Index(fields=["union", "state", "deadline"], name="rights_case_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "number"],
                name="rights_case_number_once",
                violation_error_message="本年度已有这个编号的调解案件。",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(accepted_on__gte=F("applied_on")),
                name="rights_case_accepted_after_applied",
                violation_error_message="受理日期不能早于收到申请的日期。",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("applied_on")),
                name="rights_case_closed_after_applied",
                violation_error_message="结案日期不能早于收到申请的日期。",
            ),
        ]

    def __str__(self) -> str:
        # No party, no claim: what the audit trail shows to every audit.view holder.
        return f"（{self.year}）调字第{self.number}号"

    def get_absolute_url(self) -> str:
        return reverse("rights:mediation_case", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CASE_STATES

    def overdue(self, today) -> bool:
        """Open past its deadline: the parties may apply for arbitration (第十四条)."""
        return self.is_open and today > self.deadline


class MediationSession(models.Model):
    """One mediation meeting and its record (调解笔录)."""

    case = models.ForeignKey(
        MediationCase, on_delete=models.PROTECT, related_name="sessions", verbose_name="调解案件"
    )
    held_on = models.DateField("调解日期")
    place = models.CharField("地点", max_length=100, blank=True)
    record = models.TextField("调解记录")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = user_fk("记录人")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["case_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"调解记录 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("rights:mediation_case", args=[self.case_id]) + f"#session-{self.pk}"

    @property
    def union_id(self) -> int:
        return self.case.union_id
