"""年度工作计划: a union's plan for one year — its guiding idea, numbered sections and
items, the targets on items, and links to the records that carried an item out.

An item's progress is never typed in: a target names a metric from ``core.metrics`` and the
figure is computed from the other modules' records when it is shown (``plans.targets``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from gonghui.orgs.models import Duty, Member, Union


class OwnerRole(models.TextChoices):
    """Who on the committee owns an item: the chair, a vice chair, or the committee member
    whose 分工 (``orgs.Duty``) it is. Resolved against the current term when reminding."""

    CHAIR = "chair", "工会主席"
    VICE_CHAIR = "vice_chair", "工会副主席"
    ORGANISATION = Duty.ORGANISATION.value, "组织委员"
    PUBLICITY = Duty.PUBLICITY.value, "宣传委员"
    CULTURE = Duty.CULTURE.value, "文体委员"
    WELFARE = Duty.WELFARE.value, "生活福利委员"
    WOMEN = Duty.WOMEN.value, "女工委员"
    FINANCE = Duty.FINANCE.value, "财务委员"
    AUDIT = Duty.AUDIT.value, "经审委员"
    SAFETY = Duty.SAFETY.value, "劳动保护委员"
    RIGHTS = Duty.RIGHTS.value, "维权委员"


class ItemStatus(models.TextChoices):
    PLANNED = "planned", "未开始"
    DOING = "doing", "进行中"
    DONE = "done", "已完成"
    DROPPED = "dropped", "已取消"


class Op(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", "＞"
    LE = "<=", "≤"
    LT = "<", "＜"
    EQ = "=", "＝"


class Plan(models.Model):
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="plans", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    guiding_idea = models.TextField("指导思想", blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="复制自",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度工作计划"
        verbose_name_plural = "年度工作计划"
        ordering = ["union_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year"],
                name="one_plan_per_union_year",
                violation_error_message="该工会这一年度已有工作计划。",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="plan_year_sane",
                violation_error_message="年度应在 2000 至 2100 之间。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.union.code, self.year])


class Section(models.Model):
    """一、二、… (or （一）…) heading of the plan."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="sections", verbose_name="计划"
    )
    order = models.PositiveIntegerField("顺序")
    number = models.CharField("编号", max_length=16, blank=True)
    title = models.CharField("标题", max_length=300)

    class Meta:
        verbose_name = "计划部分"
        verbose_name_plural = "计划部分"
        ordering = ["plan_id", "order"]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}" if self.number else self.title


class Item(models.Model):
    """One thing the plan says the union will do."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="items", verbose_name="计划"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="所属部分",
    )
    order = models.PositiveIntegerField("顺序")
    number = models.CharField("编号", max_length=16, blank=True)
    text = models.TextField("内容")
    # Months of the plan's year (1–12) the item falls in; empty for the whole year.
    months = models.JSONField("月份", default=list, blank=True)
    due = models.DateField("完成期限", null=True, blank=True)
    # RFC 5545 recurrence rule without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2".
    rrule = models.CharField("重复规则", max_length=200, blank=True)
    in_schedule = models.BooleanField("列入月度安排", default=False)
    owner_role = models.CharField(
        "责任人（职务）", max_length=16, choices=OwnerRole.choices, blank=True
    )
    owner = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name="责任人",
    )
    status = models.CharField(
        "状态", max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    done_on = models.DateField("完成日期", null=True, blank=True)
    # True when the chair set ``status`` by hand (with ``status_reason``); otherwise the
    # status shown is read from the records (``plans.status``) and ``status`` stays 未开始.
    status_by_hand = models.BooleanField("手动设置状态", default=False)
    status_reason = models.CharField("状态说明", max_length=300, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "计划事项"
        verbose_name_plural = "计划事项"
        ordering = ["plan_id", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | ~Q(status="done"),
                name="plan_item_done_has_date",
                violation_error_message="已完成的事项须填写完成日期。",
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 40 else self.text[:40] + "…"
        return f"{self.number}{text}" if self.number and not self.in_schedule else text

    def get_absolute_url(self) -> str:
        return reverse("plans:item", args=[self.pk])

    @property
    def rrule_words(self) -> str:
        from .recurrence import describe

        return describe(self.rrule)

    @cached_property
    def state(self):
        """Where the item stands today by its records (``plans.status.of``); a page that
        shows many items sets it first with ``plans.status.annotate``."""
        from django.utils import timezone

        from .status import of

        return of(self, timezone.localdate())


class Target(models.Model):
    """A figure an item aims at: "新入会人数 ≥ 300". ``metric`` names a ``core.metrics``
    entry whose live value is compared; an unmapped target (blank metric) is only shown."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="targets", verbose_name="事项"
    )
    text = models.CharField("原文", max_length=200, blank=True)
    metric = models.CharField("指标", max_length=64, blank=True)
    op = models.CharField("比较", max_length=2, choices=Op.choices, default=Op.GE)
    value = models.DecimalField("目标值", max_digits=14, decimal_places=2)
    unit = models.CharField("单位", max_length=8, blank=True)

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return self.text or f"{self.metric} {self.op} {self.value}"


class ItemLink(models.Model):
    """A record that carried the item out: an activity, a congress sitting, a voucher…"""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="links", verbose_name="事项"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    label = models.CharField("名称", max_length=200)
    linked_on = models.DateField("日期")

    class Meta:
        verbose_name = "落实记录"
        verbose_name_plural = "落实记录"
        ordering = ["item_id", "linked_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "content_type", "object_id"],
                name="plan_link_once",
                violation_error_message="这条记录已经关联到该事项。",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class SummaryText(models.Model):
    """A paragraph of the 年度工作总结 as the chair edited it, kept per union and year (a
    federation's roll-up has no plan, so the year, not the plan, is the key). ``draft`` is the
    generated text the edit started from: when the records change, the page compares it with
    the new draft and says the paragraph was edited over an older one."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    key = models.CharField("段落", max_length=80)
    text = models.TextField("修改后的内容")
    draft = models.TextField("生成的内容", blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    edited_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "年度工作总结段落"
        verbose_name_plural = "年度工作总结段落"
        ordering = ["union_id", "year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "key"],
                name="one_summary_text_per_paragraph",
                violation_error_message="这一段已有修改稿。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年工作总结 · {self.key}"
