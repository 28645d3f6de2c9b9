"""体检: a union's health-check settings (inherited down the tree), the yearly campaign the
employer entrusts to the union (its provider, window and 委托), the bookable slots with their
capacity, and the members due with their appointment and whether they went.

No medical result is stored anywhere: a target is 已完成 (with the kinds done) or 未参加
(with a reason from a fixed list) — there is no free-text field on a target. Nothing is
paid here: the employer pays the checks (``rules_health``), so no voucher is made.
Imported at the end of ``care/models.py`` so Django finds the models in the app."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import rules_health as rules

__all__ = [
    "AbsentReason",
    "HealthCampaign",
    "HealthSettings",
    "HealthSlot",
    "HealthTarget",
    "Period",
    "TargetState",
]


class HealthSettings(models.Model):
    """One union's 体检 settings. A union without its own row uses its nearest ancestor's
    (a federation sets them for its unions), else the examples of ``rules_health``."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="health_settings", verbose_name="工会"
    )
    general_years = models.PositiveSmallIntegerField(
        "常规体检间隔（年）",
        default=rules.EXAMPLE_GENERAL_YEARS,
        help_text="每名职工每几年体检一次（示例 1 年，无统一规定）。",
    )
    screening_years = models.PositiveSmallIntegerField(
        "妇科/两癌筛查间隔（年）",
        default=rules.EXAMPLE_SCREENING_YEARS,
        help_text="女职工每几年筛查一次（示例 1 年；未找到统一规定）。",
    )
    screening_min_age = models.PositiveSmallIntegerField(
        "妇科/两癌筛查起始年龄",
        default=rules.EXAMPLE_SCREENING_MIN_AGE,
        help_text="年满几岁的女职工列入筛查；0 表示不限年龄（示例，无统一规定）。",
    )
    include_retired = models.BooleanField(
        "包括退休会员",
        default=False,
        help_text="离退休人员的福利按单位行政规定办理；单位委托中包括退休人员的才勾选。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "体检设置"
        verbose_name_plural = "体检设置"

    def __str__(self) -> str:
        return f"{self.union} · 体检设置"


class HealthCampaign(models.Model):
    """One 体检活动 of a union: the employer's written 委托 (its reference, and the scanned
    letter if any), the provider, the window and the kinds of check it includes."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="health_campaigns", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("活动名称", max_length=100)
    provider = models.CharField("体检机构", max_length=100)
    address = models.CharField("体检地点", max_length=200, blank=True)
    starts_on = models.DateField("体检开始日期")
    ends_on = models.DateField("体检截止日期")
    general = models.BooleanField("含常规体检", default=True)
    screening = models.BooleanField("含妇科/两癌筛查", default=True)
    capacity = models.PositiveSmallIntegerField("每个时段名额")
    afternoon = models.BooleanField("下午也可预约", default=False)
    notice = models.CharField("体检须知", max_length=300, blank=True)
    entrust_ref = models.CharField("单位行政委托依据", max_length=200)
    entrust_name = models.CharField("委托书文件名", max_length=200, blank=True)
    entrust_type = models.CharField("委托书文件类型", max_length=100, blank=True)
    entrust_size = models.PositiveIntegerField("委托书文件大小（字节）", null=True, blank=True)
    entrust_sha256 = models.CharField("委托书校验值", max_length=64, blank=True)
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "体检活动"
        verbose_name_plural = "体检活动"
        ordering = ["union_id", "-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "name"],
                name="care_health_campaign_name_once",
                violation_error_message="本工会已有同名的体检活动。",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="care_health_campaign_ends_after_start",
                violation_error_message="体检截止日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=Q(general=True) | Q(screening=True),
                name="care_health_campaign_has_a_kind",
                violation_error_message="请至少选择一项体检项目。",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="care_health_campaign_capacity",
                violation_error_message="每个时段名额至少 1 人。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("care:health_campaign", args=[self.pk])

    @property
    def kinds_display(self) -> str:
        return rules.kinds_text(self.general, self.screening)

    def entrust_file(self):
        """The 委托书 as ``finance.attachments.attachment_open`` reads an attachment."""
        return SimpleNamespace(
            name=self.entrust_name, size=self.entrust_size, sha256=self.entrust_sha256
        )


class Period(models.TextChoices):
    AM = "am", "上午"
    PM = "pm", "下午"


class HealthSlot(models.Model):
    """A half-day the provider takes ``capacity`` people. ``booked`` counts the targets
    holding it (booked or done); it only moves by a conditional update that keeps it within
    the capacity, and the check constraint is the last guard: never overbooked."""

    campaign = models.ForeignKey(
        HealthCampaign, on_delete=models.PROTECT, related_name="slots", verbose_name="体检活动"
    )
    day = models.DateField("日期")
    period = models.CharField("时段", max_length=2, choices=Period.choices)
    capacity = models.PositiveSmallIntegerField("名额")
    booked = models.PositiveSmallIntegerField("已约人数", default=0)

    class Meta:
        verbose_name = "体检时段"
        verbose_name_plural = "体检时段"
        ordering = ["campaign_id", "day", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "day", "period"], name="care_health_slot_once"
            ),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")),
                name="care_health_slot_not_overbooked",
                violation_error_message="该时段名额已满。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_period_display()}"

    @property
    def label(self) -> str:
        """12月3日（周四）上午 — how the pages, the reminder and the trail name it."""
        return f"{rules.day_text(self.day)}{self.get_period_display()}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class TargetState(models.TextChoices):
    PENDING = "pending", "待预约"
    BOOKED = "booked", "已预约"
    DONE = "done", "已完成"
    ABSENT = "absent", "未参加"


class AbsentReason(models.TextChoices):
    # A fixed list, no free text: a note on a health check invites what must not be kept.
    DECLINED = "declined", "本人放弃"
    AWAY = "away", "外出/出差"
    SICK = "sick", "病假"
    MATERNITY = "maternity", "孕期/哺乳期"
    ELSEWHERE = "elsewhere", "已在其他机构体检"
    LEFT = "left", "已离职/调出"
    OTHER = "other", "其他原因"


class HealthTarget(models.Model):
    """One member due in a campaign: which kinds, why (the rule's words), the appointment
    and whether they went. Nothing else — no result, no note."""

    campaign = models.ForeignKey(
        HealthCampaign, on_delete=models.PROTECT, related_name="targets", verbose_name="体检活动"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="health_targets", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="health_targets", verbose_name="职工"
    )
    general = models.BooleanField("应检常规体检", default=False)
    screening = models.BooleanField("应检妇科/两癌筛查", default=False)
    reasons = models.CharField("列入原因", max_length=200, blank=True)
    state = models.CharField(
        "状态", max_length=8, choices=TargetState.choices, default=TargetState.PENDING
    )
    slot = models.ForeignKey(
        HealthSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="预约时段",
    )
    confirmed = models.BooleanField("本人已确认", default=False)
    booked_at = models.DateTimeField("预约时间", null=True, blank=True)
    booked_by = user_fk("预约人")
    done_on = models.DateField("体检日期", null=True, blank=True)
    general_done = models.BooleanField("已做常规体检", default=False)
    screening_done = models.BooleanField("已做妇科/两癌筛查", default=False)
    absent_reason = models.CharField(
        "未参加原因", max_length=10, choices=AbsentReason.choices, blank=True
    )
    marked_by = user_fk("登记人")
    marked_at = models.DateTimeField("登记时间", null=True, blank=True)
    added_by = user_fk("列入人")
    added_at = models.DateTimeField("列入时间", default=timezone.now)

    class Meta:
        verbose_name = "体检对象"
        verbose_name_plural = "体检对象"
        ordering = ["campaign_id", "id"]
        indexes = [
            # 体检人次 (queries.done_count) reads the day from the index alone
            models.Index(fields=["union", "state", "done_on"], name="care_health_union_done"),
            # 体检率 (queries.rate_parts) counts a campaign's targets by state from the index
            models.Index(fields=["campaign", "state"], name="care_health_campaign_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                name="care_health_target_once",
                violation_error_message="该职工已在本次体检名单中。",
            ),
            models.CheckConstraint(
                condition=Q(general=True) | Q(screening=True),
                name="care_health_target_has_a_kind",
            ),
            models.CheckConstraint(
                condition=~Q(state="booked") | Q(slot__isnull=False),
                name="care_health_booked_has_a_slot",
            ),
        ]

    def __str__(self) -> str:
        # No name, no kind: what the audit trail shows to every audit.view holder.
        return f"体检对象 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:health_campaign", args=[self.campaign_id]) + f"#target-{self.pk}"

    @property
    def kinds_display(self) -> str:
        return rules.kinds_text(self.general, self.screening)
