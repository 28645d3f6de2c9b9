"""金秋助学: a union's bursary settings (inherited down the tree), the yearly round with its
window, and the applications for members' children — reviewed, published (公示) and paid
through a finance voucher. Nothing is deleted: a refused application stays, with its
reason. Imported at the end of ``care/models.py`` so Django finds the models in the app."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import rules_bursary as rules
from .fields import voucher_share_fk
from .rules_bursary import Level

MONEY = {"max_digits": 14, "decimal_places": 2}

__all__ = [
    "ApplicationState",
    "BursaryApplication",
    "BursaryRound",
    "BursarySettings",
    "RoundStatus",
]


def _amount(label: str, key: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(
        label, **MONEY, default=rules.EXAMPLE_AMOUNTS[key], help_text=help_text
    )


class BursarySettings(models.Model):
    """One union's 金秋助学 settings. A union without its own row uses its nearest ancestor's
    (a federation sets them for its unions), else the examples of ``rules_bursary``
    (Tianmen 2024)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="bursary_settings", verbose_name="工会"
    )
    opens = models.CharField(
        "申请开始（月-日）",
        max_length=5,
        default=rules.EXAMPLE_OPENS,
        help_text="每年从这一天起受理申请（示例 07-01，无统一规定）。",
    )
    closes = models.CharField(
        "申请截止（月-日）",
        max_length=5,
        default=rules.EXAMPLE_CLOSES,
        help_text="截止日当天仍可申请（示例 08-27，天门市 2024 年）。",
    )
    filed_higher = _amount(
        "建档困难职工子女·高等教育（元）",
        "filed_higher",
        "本科、专科。示例：天门市 2024 年 5,000 元。",
    )
    filed_high = _amount(
        "建档困难职工子女·高中（元）", "filed_high", "示例：天门市 2024 年 3,000 元。"
    )
    other_higher = _amount(
        "其他会员子女·高等教育（元）", "other_higher", "本科、专科。示例：天门市 2024 年 4,000 元。"
    )
    other_high = _amount("其他会员子女·高中（元）", "other_high", "示例：天门市 2024 年 2,000 元。")
    exclusions = models.JSONField(
        "不予资助的情形",
        default=rules.example_exclusions,
        help_text="每行一条；申请人须确认不属于这些情形，委员会审核时逐条核对。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "金秋助学设置"
        verbose_name_plural = "金秋助学设置"

    def __str__(self) -> str:
        return f"{self.union} · 金秋助学设置"


class RoundStatus(models.TextChoices):
    OPEN = "open", "受理审核中"
    PUBLICITY = "publicity", "公示"
    PAID = "paid", "已安排发放"


class BursaryRound(models.Model):
    """One year's 金秋助学 of a union: its window (from the settings of that day, both days
    included), the applications, one 公示 of the approved list, one voucher paying them."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="bursary_rounds", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    opens_on = models.DateField("申请开始日期")
    closes_on = models.DateField("申请截止日期")
    status = models.CharField(
        "状态", max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    paid_on = models.DateField("发放日期", null=True, blank=True)
    paid_by = user_fk("发放经办人")
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "金秋助学"
        verbose_name_plural = "金秋助学"
        ordering = ["union_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year"],
                name="care_bursary_round_once_a_year",
                violation_error_message="本工会该年度的金秋助学已经开始，每年一轮。",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="care_bursary_round_closes_after_opening",
                violation_error_message="申请截止日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年金秋助学"

    def get_absolute_url(self) -> str:
        return reverse("care:bursary_round", args=[self.pk])


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    PAID = "paid", "已安排发放"


class BursaryApplication(models.Model):
    """A member's application for one child: by the member on a phone or by the committee
    for them. ``filed`` and ``amount`` are fixed when applying, from the settings of that
    day and whether the member then had an 已建档 hardship file."""

    round = models.ForeignKey(
        BursaryRound, on_delete=models.PROTECT, related_name="applications", verbose_name="金秋助学"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="bursary_applications", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="bursary_applications", verbose_name="会员"
    )
    child_name = models.CharField("子女姓名", max_length=rules.CHILD_NAME_MAX)
    level = models.CharField("就读类别", max_length=16, choices=Level.choices)
    school = models.CharField("录取学校", max_length=rules.SCHOOL_MAX)
    proof_name = models.CharField("录取证明文件名", max_length=200)
    proof_type = models.CharField("文件类型", max_length=100)
    proof_size = models.PositiveIntegerField("文件大小（字节）")
    proof_sha256 = models.CharField("SHA-256", max_length=64)
    # the exclusions the applicant confirmed were not theirs, as worded that day
    exclusions = models.JSONField("已确认不属于的情形", default=list)
    filed = models.BooleanField("已建档困难职工家庭", default=False)
    amount = models.DecimalField("助学金额（元）", **MONEY)
    state = models.CharField(
        "状态", max_length=12, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    applied_on = models.DateField("申请日期")
    self_applied = models.BooleanField("本人申请", default=True)
    applied_by = user_fk("填报人")
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    reviewed_by = user_fk("审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    voucher_share = voucher_share_fk()
    created_at = models.DateTimeField("填报时间", default=timezone.now)

    class Meta:
        verbose_name = "金秋助学申请"
        verbose_name_plural = "金秋助学申请"
        ordering = ["round_id", "id"]
        indexes = [models.Index(fields=["union", "state"], name="care_bursary_union_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "child_name"],
                condition=~Q(state="rejected"),
                name="care_bursary_child_once_per_round",
                violation_error_message="该子女本年度已经申请过金秋助学。",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="care_bursary_amount_not_negative",
                violation_error_message="助学金额不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        # No name: what the audit trail shows to every audit.view holder.
        return f"金秋助学申请 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:bursary_round", args=[self.round_id]) + f"#application-{self.pk}"

    # what finance.attachments.attachment_open reads
    @property
    def name(self) -> str:
        return self.proof_name

    @property
    def size(self) -> int:
        return self.proof_size

    @property
    def sha256(self) -> str:
        return self.proof_sha256

    @property
    def is_higher(self) -> bool:
        return self.level in rules.HIGHER
