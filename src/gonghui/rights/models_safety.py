"""劳动保护监督 (labour-protection supervision) and 安康杯: the union's inspections with the
hazards (隐患) they find, each tracked through 整改 and 复查 to 销号; the register of posts with
occupational hazards (职业病危害岗位台账); accidents (工伤事故); the 安康杯 competition's
entries per group. Rules and sources: ``rules_safety``. Nothing here is ever deleted.

Photos (a hazard as found, the rectified state) are kept like voucher attachments: the file
in ``finance.attachments`` (named by SHA-256, checked when opened), the row here."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union, UnionGroup

__all__ = [
    "Accident",
    "AccidentSeverity",
    "AnkangEntry",
    "Hazard",
    "HazardFactor",
    "HazardPhoto",
    "HazardPhotoStage",
    "HazardPost",
    "HazardRecheck",
    "HazardState",
    "InjuryRecognition",
    "InspectionKind",
    "RiskLevel",
    "SafetyInspection",
]


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", "日常检查"
    SPECIAL = "special", "专项检查"
    HOLIDAY = "holiday", "节前检查"
    ANKANG = "ankang", "安康杯检查"
    SEASONAL = "seasonal", "季节性检查"
    OTHER = "other", "其他"


class SafetyInspection(models.Model):
    """劳动保护监督检查: one round of the union's 劳动保护监督检查委员会 (or its members) on a
    day, through some places, by members and outside people (the employer's 安全员)."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="safety_inspections", verbose_name="工会"
    )
    held_on = models.DateField("检查日期")
    kind = models.CharField("检查类型", max_length=12, choices=InspectionKind.choices)
    places = models.CharField("检查部位（车间、场所）", max_length=200)
    inspectors = models.ManyToManyField(
        Member, blank=True, related_name="safety_inspections", verbose_name="检查人员（会员）"
    )
    outside_inspectors = models.CharField("其他检查人员", max_length=200, blank=True)
    summary = models.TextField("检查情况", max_length=2000, blank=True)
    created_by = user_fk("登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "劳动保护监督检查"
        verbose_name_plural = "劳动保护监督检查"
        ordering = ["union_id", "-held_on", "-id"]
        indexes = [models.Index(fields=["union", "held_on"], name="rights_insp_union_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_inspection", args=[self.pk])


class RiskLevel(models.TextChoices):
    # 《安全生产事故隐患排查治理暂行规定》(安监总局令第16号) 第三条: 一般事故隐患 and 重大事故
    # 隐患; 较大 is the middle grade many provinces' 分级管控 rules add (an EXAMPLE).
    MAJOR = "major", "重大"
    LARGE = "large", "较大"
    GENERAL = "general", "一般"


class HazardState(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFIED = "rectified", "已整改待复查"
    CLOSED = "closed", "已销号"


class Hazard(models.Model):
    """隐患: found at an inspection, assigned to the employer's 整改责任人 with a deadline,
    rectified, re-checked: passed → 已销号 (closed on the re-check's day); failed → back to
    待整改 with a new deadline (the round kept in ``HazardRecheck``). Dates run in order; the
    check constraints are the last guard."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="safety_hazards", verbose_name="工会"
    )
    inspection = models.ForeignKey(
        SafetyInspection, on_delete=models.PROTECT, related_name="hazards", verbose_name="检查"
    )
    location = models.CharField("岗位/部位", max_length=100)
    description = models.TextField("隐患描述", max_length=1000)
    level = models.CharField("隐患等级", max_length=10, choices=RiskLevel.choices)
    found_on = models.DateField("发现日期")
    owner = models.CharField("整改责任人", max_length=50)
    owner_dept = models.CharField("责任部门", max_length=100, blank=True)
    deadline = models.DateField("整改期限")
    state = models.CharField(
        "状态", max_length=10, choices=HazardState.choices, default=HazardState.OPEN
    )
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    measure = models.TextField("整改措施", max_length=1000, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    escalated_on = models.DateField("报告日期", null=True, blank=True)
    escalated_to = models.CharField("报告对象", max_length=100, blank=True)
    created_by = user_fk("登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "隐患"
        verbose_name_plural = "隐患"
        ordering = ["union_id", "found_on", "id"]
        indexes = [
            models.Index(fields=["union", "found_on"], name="rights_hazard_union_found"),
            models.Index(fields=["state", "deadline"], name="rights_hazard_state_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("found_on")),
                name="rights_hazard_deadline_after_found",
                violation_error_message="整改期限不能早于发现日期。",
            ),
            models.CheckConstraint(
                condition=Q(rectified_on__isnull=True) | Q(rectified_on__gte=F("found_on")),
                name="rights_hazard_rectified_after_found",
                violation_error_message="整改完成日期不能早于发现日期。",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(rectified_on__isnull=False, closed_on__gte=F("rectified_on")),
                name="rights_hazard_closed_after_rectified",
                violation_error_message="销号（复查）日期不能早于整改完成日期。",
            ),
            models.CheckConstraint(
                condition=Q(state="closed", closed_on__isnull=False)
                | (~Q(state="closed") & Q(closed_on__isnull=True)),
                name="rights_hazard_closed_has_day",
                violation_error_message="已销号的隐患须有销号日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}：{self.description[:20]}"

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_hazard", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return self.state != HazardState.CLOSED and self.deadline < today


class HazardPhotoStage(models.TextChoices):
    FOUND = "found", "隐患照片"
    RECTIFIED = "rectified", "整改后照片"


class HazardPhoto(models.Model):
    """A photo of a hazard as found or as rectified; the file in ``finance.attachments``."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.PROTECT, related_name="photos", verbose_name="隐患"
    )
    stage = models.CharField("照片类别", max_length=10, choices=HazardPhotoStage.choices)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = user_fk("上传人")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "隐患照片"
        verbose_name_plural = "隐患照片"
        ordering = ["hazard_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_photo", args=[self.pk])

    def stored(self):
        """What ``finance.attachments.attachment_open`` reads."""
        return SimpleNamespace(name=self.name, size=self.size, sha256=self.sha256)


class HazardRecheck(models.Model):
    """复查: one re-check of a rectified hazard. A failed one keeps the round's 整改 (date
    and measure) and the new deadline it set; a passed one closes the hazard."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.PROTECT, related_name="rechecks", verbose_name="隐患"
    )
    checked_on = models.DateField("复查日期")
    checked_by = models.CharField("复查人", max_length=100)
    passed = models.BooleanField("复查通过")
    note = models.CharField("复查意见", max_length=500, blank=True)
    rectified_on = models.DateField("本轮整改完成日期")
    measure = models.TextField("本轮整改措施", max_length=1000, blank=True)
    new_deadline = models.DateField("新整改期限", null=True, blank=True)
    created_by = user_fk("登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "隐患复查"
        verbose_name_plural = "隐患复查"
        ordering = ["hazard_id", "checked_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_on__gte=F("rectified_on")),
                name="rights_recheck_after_rectified",
                violation_error_message="复查日期不能早于整改完成日期。",
            ),
            models.CheckConstraint(
                condition=Q(passed=True, new_deadline__isnull=True)
                | Q(passed=False, new_deadline__gt=F("checked_on")),
                name="rights_recheck_failed_new_deadline",
                violation_error_message="复查未通过须定新的整改期限，且晚于复查日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} 复查{'通过' if self.passed else '未通过'}"


class HazardFactor(models.TextChoices):
    # 《职业病危害因素分类目录》(国卫疾控发〔2015〕92号) groups the factors as 粉尘, 化学因素,
    # 物理因素 (噪声, 高温…), 放射性因素, 生物因素, 其他.
    DUST = "dust", "粉尘"
    NOISE = "noise", "噪声"
    CHEMICAL = "chemical", "化学毒物"
    HEAT = "heat", "高温"
    RADIATION = "radiation", "辐射"
    VIBRATION = "vibration", "振动"
    BIOLOGICAL = "biological", "生物因素"
    OTHER = "other", "其他"


class HazardPost(models.Model):
    """职业病危害岗位台账: a post whose workers are exposed to occupational-hazard factors,
    with the protective measures and the last 职业健康检查. Edited in place (audited);
    ``retired_on`` takes a post off the register."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="hazard_posts", verbose_name="工会"
    )
    name = models.CharField("岗位", max_length=100)
    workshop = models.CharField("车间/部门", max_length=100, blank=True)
    factors = models.JSONField("危害因素", default=list)
    factors_other = models.CharField("其他危害因素", max_length=100, blank=True)
    workers = models.PositiveIntegerField("接触人数")
    measures = models.TextField("防护措施", max_length=1000, blank=True)
    last_check_on = models.DateField("最近职业健康检查日期", null=True, blank=True)
    retired_on = models.DateField("撤销日期", null=True, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "职业病危害岗位"
        verbose_name_plural = "职业病危害岗位"
        ordering = ["union_id", "workshop", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "workshop", "name"],
                name="rights_hazard_post_once",
                violation_error_message="台账中已有这个车间的同名岗位。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop}·{self.name}" if self.workshop else self.name

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_post", args=[self.pk])

    @property
    def factors_display(self) -> str:
        labels = dict(HazardFactor.choices)
        names = [labels.get(f, f) for f in self.factors if f != HazardFactor.OTHER]
        if self.factors_other or HazardFactor.OTHER in self.factors:
            names.append(self.factors_other or labels[HazardFactor.OTHER])
        return "、".join(names)


class AccidentSeverity(models.TextChoices):
    # 《企业职工伤亡事故分类》(GB 6441-86): 轻伤, 重伤, 死亡.
    MINOR = "minor", "轻伤"
    SERIOUS = "serious", "重伤"
    FATAL = "fatal", "死亡"


class InjuryRecognition(models.TextChoices):
    # 《工伤保险条例》第十七条 (application within 30 days by the employer, within a year by
    # the worker), 第二十条 (decision within 60 days).
    NONE = "none", "未申请"
    APPLIED = "applied", "已申请"
    RECOGNISED = "recognised", "认定为工伤"
    REFUSED = "refused", "不予认定"


class Accident(models.Model):
    """工伤事故. The injured are members (picker), named only to ``rights.view`` holders; no
    ID number is kept here. Figures and the summary count accidents, never name anyone."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="accidents", verbose_name="工会"
    )
    occurred_on = models.DateField("事故日期")
    place = models.CharField("地点", max_length=100)
    injured = models.ManyToManyField(
        Member, blank=True, related_name="accidents", verbose_name="受伤人员"
    )
    severity = models.CharField("伤害程度", max_length=10, choices=AccidentSeverity.choices)
    description = models.TextField("经过", max_length=2000)
    cause = models.TextField("原因", max_length=1000, blank=True)
    measures = models.TextField("防范措施", max_length=1000, blank=True)
    recognition = models.CharField(
        "工伤认定", max_length=12, choices=InjuryRecognition.choices, default=InjuryRecognition.NONE
    )
    created_by = user_fk("登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "工伤事故"
        verbose_name_plural = "工伤事故"
        ordering = ["union_id", "-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_accident", args=[self.pk])


class AnkangEntry(models.Model):
    """安康杯竞赛: one group's entry in a year, with its score, result and award."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="ankang_entries", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    group = models.ForeignKey(
        UnionGroup, on_delete=models.PROTECT, related_name="ankang_entries", verbose_name="参赛小组"
    )
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.CharField("竞赛成绩/评价", max_length=200, blank=True)
    award = models.CharField("获奖", max_length=100, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "安康杯竞赛参赛"
        verbose_name_plural = "安康杯竞赛参赛"
        ordering = ["union_id", "-year", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "group"],
                name="rights_ankang_once",
                violation_error_message="这个小组本年度已参赛。",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1000),
                name="rights_ankang_score_range",
                violation_error_message="得分应在 0 到 1000 之间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年安康杯·{self.group}"

    def get_absolute_url(self) -> str:
        return reverse("rights:safety_ankang", args=[self.union.code]) + f"?year={self.year}"
