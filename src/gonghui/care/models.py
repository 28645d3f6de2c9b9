"""困难职工档案 (hardship files): the union's care settings, one file per member with its
assessments (the application and each yearly 复核, with the household), the 入户调查 record,
every 帮扶 given, and the history of its states. Nothing here is ever deleted: a file that
leaves (脱困退档) keeps everything, and 返困 re-entry opens the same file again."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import rules, rules_visits
from .fields import voucher_share_fk
from .rules import Cause, Tier

MONEY = {"max_digits": 14, "decimal_places": 2}


class CareSettings(models.Model):
    """One union's 帮扶 settings. A union without its own row uses its nearest ancestor's
    (a federation sets the local 低保 line for all its unions), else the examples in
    ``rules`` (``core.union_settings.inherited``)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="care_settings", verbose_name="工会"
    )
    dibao = models.DecimalField(
        "当地低保标准（元/月）",
        **MONEY,
        default=rules.EXAMPLE_DIBAO,
        help_text="示例：乳山市 2025 年 1,062 元/月；请按当地民政部门公布的标准填写。",
    )
    exclusions = models.JSONField(
        "不予建档的情形", default=list, help_text="每行一条，初审时逐条核对。"
    )
    visit_kinds = models.JSONField(
        "五必访事件",
        default=rules_visits.example_visit_kinds,
        help_text="每行一种；记录这些生活事件后应在规定天数内走访慰问。",
    )
    visit_days = models.PositiveSmallIntegerField(
        "走访时限（天）",
        default=rules_visits.EXAMPLE_VISIT_DAYS,
        help_text="事件发生后几天内应完成走访（示例 7 天，无统一规定）。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "帮扶设置"
        verbose_name_plural = "帮扶设置"

    def __str__(self) -> str:
        return f"{self.union} · 帮扶设置"


class FileState(models.TextChoices):
    APPLIED = "applied", "待初审"
    SCREENED = "screened", "待入户调查"
    VISITED = "visited", "待公示"
    PUBLICITY = "publicity", "公示中"
    FILED = "filed", "已建档"
    EXITED = "exited", "已脱困退档"
    REJECTED = "rejected", "未通过"


# An application or a file in one of these states is open: a second one is refused.
OPEN_STATES = (
    FileState.APPLIED,
    FileState.SCREENED,
    FileState.VISITED,
    FileState.PUBLICITY,
    FileState.FILED,
)


class HardshipFile(models.Model):
    """一户一档: one member's hardship file, from the first application on. The figures of
    the latest assessment are copied here (tier, per capita) for the lists."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="hardship_files", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="hardship_files", verbose_name="职工"
    )
    state = models.CharField(
        "状态", max_length=12, choices=FileState.choices, default=FileState.APPLIED
    )
    tier = models.CharField("困难类别", max_length=12, choices=Tier.choices, default=Tier.NONE)
    round = models.PositiveSmallIntegerField("申请次数", default=1)
    plan = models.TextField("帮扶计划", blank=True)
    filed_on = models.DateField("建档日期", null=True, blank=True)
    review_due = models.DateField("下次复核日期", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        ordering = ["union_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                name="one_hardship_file_per_member",
                violation_error_message="该职工已有困难职工档案（一户一档）。",
            ),
        ]
        indexes = [models.Index(fields=["union", "state"], name="care_file_union_state")]

    def __str__(self) -> str:
        # No name: this is what the audit trail shows (object_repr) to every audit.view
        # holder, who may not learn who applied for hardship aid.
        return f"困难职工档案 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:file", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class AssessmentKind(models.TextChoices):
    APPLICATION = "application", "申请"
    REVIEW = "review", "年度复核"


class Assessment(models.Model):
    """The household's figures as declared at an application or a 复核, and what they gave:
    the per-capita monthly income and the tier against the 低保 line of that day."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.PROTECT, related_name="assessments", verbose_name="档案"
    )
    kind = models.CharField("类型", max_length=12, choices=AssessmentKind.choices)
    round = models.PositiveSmallIntegerField("申请次数")
    income = models.DecimalField("家庭年可支配收入（元）", **MONEY)
    rigid = models.DecimalField("年刚性支出（元）", **MONEY)
    rigid_notes = models.CharField("刚性支出说明", max_length=200, blank=True)
    hardship_cost = models.DecimalField("年度致困费用（元）", **MONEY, default=0)
    cause = models.CharField(
        "致困原因", max_length=12, choices=Cause.choices, blank=True, default=Cause.NONE
    )
    cause_notes = models.TextField("致困情况说明", blank=True)
    household_size = models.PositiveSmallIntegerField("共同生活人口")
    dibao = models.DecimalField("适用低保标准（元/月）", **MONEY)
    per_capita = models.DecimalField("家庭月人均收入（元）", **MONEY)
    tier = models.CharField("困难类别", max_length=12, choices=Tier.choices)
    created_by = user_fk("填报人")
    created_at = models.DateTimeField("填报时间", default=timezone.now)

    class Meta:
        verbose_name = "家庭经济状况"
        verbose_name_plural = "家庭经济状况"
        ordering = ["file_id", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(income__gte=0, rigid__gte=0, hardship_cost__gte=0),
                name="care_assessment_amounts_not_negative",
                violation_error_message="金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1),
                name="care_household_at_least_one",
                violation_error_message="共同生活人口至少为 1 人。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file} · {self.get_kind_display()}"

    @property
    def double_dibao(self):
        return self.dibao * 2


class Standing(models.TextChoices):
    EMPLOYED = "employed", "在岗"
    LAID_OFF = "laid_off", "下岗"
    UNEMPLOYED = "unemployed", "失业"
    RETIRED = "retired", "退休"
    SICK_LEAVE = "sick_leave", "病休"
    EARLY_RETIRED = "early_retired", "内退"
    MIGRANT = "migrant", "农民工"
    STUDENT = "student", "在校学生"
    OTHER = "other", "其他"


class HouseholdMember(models.Model):
    """One person living in the household (共同生活人口), the applicant included."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="household", verbose_name="填报"
    )
    relation = models.CharField("与申请人关系", max_length=20)
    name = models.CharField("姓名", max_length=50)
    age = models.PositiveSmallIntegerField("年龄")
    standing = models.CharField("身份", max_length=16, choices=Standing.choices)
    health = models.CharField("健康状况", max_length=100, blank=True)

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["assessment_id", "id"]

    def __str__(self) -> str:
        return f"{self.relation} {self.name}"


class Visit(models.Model):
    """入户调查: who went, when, what they found, and the signed
    《家庭经济状况核对授权委托书》 (kept in the private file store, named by its SHA-256)."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.PROTECT, related_name="visits", verbose_name="档案"
    )
    round = models.PositiveSmallIntegerField("申请次数")
    visited_on = models.DateField("调查日期")
    visitors = models.CharField("调查人员", max_length=200)
    findings = models.TextField("调查情况")
    consent_name = models.CharField("授权委托书文件名", max_length=200)
    consent_type = models.CharField("文件类型", max_length=100)
    consent_size = models.PositiveIntegerField("文件大小（字节）")
    consent_sha256 = models.CharField("SHA-256", max_length=64)
    recorded_by = user_fk("记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "入户调查"
        verbose_name_plural = "入户调查"
        ordering = ["file_id", "-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.file} · 入户调查 {self.visited_on}"

    # what finance.attachments.attachment_open reads
    @property
    def name(self) -> str:
        return self.consent_name

    @property
    def size(self) -> int:
        return self.consent_size

    @property
    def sha256(self) -> str:
        return self.consent_sha256


class AidKind(models.TextChoices):
    MONEY = "money", "资金帮扶"
    GOODS = "goods", "物资帮扶"
    JOB = "job", "就业帮扶"
    EDUCATION = "education", "助学帮扶"
    MEDICAL = "medical", "医疗帮扶"


class Aid(models.Model):
    """One 帮扶 given to a filed household ("先建档后帮扶、实名制")."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.PROTECT, related_name="aids", verbose_name="档案"
    )
    kind = models.CharField("帮扶类型", max_length=12, choices=AidKind.choices)
    given_on = models.DateField("帮扶日期")
    amount = models.DecimalField("金额或折价（元）", **MONEY, default=0)
    notes = models.CharField("说明", max_length=300, blank=True)
    voucher_share = voucher_share_fk()
    recorded_by = user_fk("记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "帮扶记录"
        verbose_name_plural = "帮扶记录"
        ordering = ["file_id", "-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="care_aid_amount_not_negative",
                violation_error_message="帮扶金额不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file} · {self.get_kind_display()} {self.given_on}"


class StateChange(models.Model):
    """The file's history: every change of state, with who and why. Never deleted."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.PROTECT, related_name="history", verbose_name="档案"
    )
    from_state = models.CharField("原状态", max_length=12, choices=FileState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=FileState.choices)
    step = models.CharField("环节", max_length=20)
    note = models.CharField("说明", max_length=300, blank=True)
    by = user_fk("经办人")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "档案状态变更"
        verbose_name_plural = "档案状态变更"
        ordering = ["file_id", "id"]

    def __str__(self) -> str:
        return f"{self.file} · {self.step}"


# --- 走访慰问: life events (五必访), the visits, campaigns -----------------------------------


class EventState(models.TextChoices):
    DUE = "due", "待走访"
    VISITED = "visited", "已走访"
    WITHDRAWN = "withdrawn", "已撤销"


class LifeEvent(models.Model):
    """生活事件: something in a member's life that calls for a visit (五必访: 生病住院, 结婚,
    生育, 直系亲属去世 … — the union's list, ``CareSettings.visit_kinds``). Recorded by the
    committee or reported by the member; the visit is due ``visit_days`` after it
    (``due_on``, fixed when recorded, so a later change of the setting moves no deadline)."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="life_events", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="life_events", verbose_name="职工"
    )
    kind = models.CharField("事件类型", max_length=rules_visits.KIND_MAX_LENGTH)
    occurred_on = models.DateField("事件日期")
    notes = models.CharField("情况说明", max_length=300, blank=True)
    due_on = models.DateField("应走访日期")
    state = models.CharField(
        "状态", max_length=12, choices=EventState.choices, default=EventState.DUE
    )
    # the first visit's day: on time when on or before due_on (五必访及时率)
    visited_on = models.DateField("走访日期", null=True, blank=True)
    self_reported = models.BooleanField("本人报告", default=False)
    withdrawn_reason = models.CharField("撤销原因", max_length=300, blank=True)
    recorded_by = user_fk("记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "生活事件"
        verbose_name_plural = "生活事件"
        ordering = ["union_id", "due_on", "id"]
        indexes = [
            models.Index(fields=["union", "state", "due_on"], name="care_event_union_state_due")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("occurred_on")),
                name="care_event_due_after_event",
                violation_error_message="应走访日期不能早于事件日期。",
            ),
            models.CheckConstraint(
                condition=Q(visited_on__isnull=True) | Q(visited_on__gte=models.F("occurred_on")),
                name="care_event_visit_after_event",
                violation_error_message="走访日期不能早于事件日期。",
            ),
        ]

    def __str__(self) -> str:
        # No name, no kind: this is what the audit trail shows to every audit.view holder.
        return f"生活事件 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:event", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return self.state == EventState.DUE and self.due_on < today

    @property
    def on_time(self) -> bool | None:
        if self.visited_on is None:
            return None
        return rules_visits.on_time(self.visited_on, self.due_on)


class CampaignKind(models.TextChoices):
    SPRING = "spring", "春节送温暖"
    SUMMER = "summer", "夏送清凉"
    CHONGYANG = "chongyang", "重阳节慰问退休职工"
    HOLIDAY = "holiday", "节日慰问"
    OTHER = "other", "其他慰问"


class Campaign(models.Model):
    """慰问活动: 春节送温暖, 夏送清凉, 重阳 retirees… with its list of people to visit."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="care_campaigns", verbose_name="工会"
    )
    name = models.CharField("活动名称", max_length=100)
    kind = models.CharField("活动类型", max_length=12, choices=CampaignKind.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    notes = models.CharField("说明", max_length=300, blank=True)
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "慰问活动"
        verbose_name_plural = "慰问活动"
        ordering = ["union_id", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="care_campaign_ends_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("care:campaign", args=[self.pk])


class CareVisit(models.Model):
    """走访慰问: one visit to a member, for a life event (五必访) or as a campaign's target.
    Goods and money are recorded here; money above zero is paid through a draft finance
    voucher (``care.payments``) whose share for the member is ``voucher_share``."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="care_visits", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="care_visits", verbose_name="职工"
    )
    event = models.ForeignKey(
        LifeEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="生活事件",
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="慰问活动",
    )
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("走访人员", max_length=200)
    notes = models.TextField("走访情况", blank=True)
    goods = models.CharField("慰问品", max_length=200, blank=True)
    amount = models.DecimalField("慰问金（元）", **MONEY, default=0)
    # 住院慰问 only (kept empty for other kinds): what the voucher line says to the spending
    # rules — the stay's days (min_days: 住院超过 N 天) and the illness, the key of "同一
    # 病种每年一次". On the visit, not the event: they are known when the money is given
    # (the member reports the stay on admission), and each paid visit is its own line.
    days = models.PositiveSmallIntegerField("住院天数", null=True, blank=True)
    illness = models.CharField("病种/事由", max_length=rules_visits.ILLNESS_MAX, blank=True)
    voucher_share = voucher_share_fk()
    recorded_by = user_fk("记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "走访慰问"
        verbose_name_plural = "走访慰问"
        ordering = ["union_id", "-visited_on", "-id"]
        indexes = [models.Index(fields=["union", "visited_on"], name="care_visit_union_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="care_visit_amount_not_negative",
                violation_error_message="慰问金不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gte=1),
                name="care_visit_days_at_least_one",
                violation_error_message="住院天数至少为 1 天。",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=False, campaign__isnull=True)
                | Q(event__isnull=True, campaign__isnull=False),
                name="care_visit_event_or_campaign",
                violation_error_message="走访须对应一个生活事件或一次慰问活动。",
            ),
        ]

    def __str__(self) -> str:
        return f"走访慰问 第{self.pk}号"

    def get_absolute_url(self) -> str:
        if self.event_id:
            return reverse("care:event", args=[self.event_id])
        return reverse("care:campaign", args=[self.campaign_id])


class TargetSource(models.TextChoices):
    HARDSHIP = "hardship", "困难职工（已建档）"
    RETIRED = "retired", "退休职工"
    FRONTLINE = "frontline", "一线职工"
    PICKED = "picked", "按小组或姓名选择"


class CampaignTarget(models.Model):
    """One member to visit in a campaign (once per campaign); ``visit`` once visited."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="targets", verbose_name="慰问活动"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name="职工"
    )
    source = models.CharField("来源", max_length=12, choices=TargetSource.choices)
    visit = models.OneToOneField(
        CareVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target",
        verbose_name="走访记录",
    )
    added_by = user_fk("添加人")
    added_at = models.DateTimeField("添加时间", default=timezone.now)

    class Meta:
        verbose_name = "慰问对象"
        verbose_name_plural = "慰问对象"
        ordering = ["campaign_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                name="care_target_once_per_campaign",
                violation_error_message="该职工已在本次慰问活动的名单中。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · 慰问对象 第{self.pk}号"


from .models_bursary import *  # noqa: E402,F403
from .models_donations import *  # noqa: E402,F403
from .models_health import *  # noqa: E402,F403
from .models_insurance import *  # noqa: E402,F403
from .models_rest import *  # noqa: E402,F403
