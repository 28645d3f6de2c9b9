"""厂务/校务/院务公开: the union's catalogue of what the employer must publish and when
(``OpennessCategory``), each publication the union saw made (``OpennessPublication``, with
its evidence in the attachment store of ``finance.attachments``), members' questions on a
published item (``OpennessQuestion``) and the year's 满意度测评 (``OpennessPoll``, a
congress evaluation: the one secret-ballot core).

The schedule clock is here too (:func:`due_on`, :func:`periods`): a monthly period is due by
``RightsSettings.openness_due_day`` of the following month, a quarter and a year by that day
of the month after them (the workshop rule cited in shared/DOMAIN-AREAS.md (d) — "by the
10th of the following month" — applied to every period: an EXAMPLE), an item "as it
happens" within the category's ``event_days`` of the event. Published on the due day is on
time; the day after is late.

Nothing is edited in place or deleted: a wrong record is withdrawn with its reason (kept and
shown) and recorded again; a category is retired, not removed."""

from __future__ import annotations

import calendar
import datetime
from types import SimpleNamespace

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

__all__ = [
    "OpennessCategory",
    "OpennessChannel",
    "OpennessPoll",
    "OpennessPublication",
    "OpennessQuestion",
    "OpennessSchedule",
]


class OpennessSchedule(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"
    EVENT = "event", "随时（事项发生后）"


class OpennessChannel(models.TextChoices):
    BOARD = "board", "公开栏"
    CONGRESS = "congress", "职代会"
    INTRANET = "intranet", "内网"
    WECHAT = "wechat", "微信群"
    BRIEFING = "briefing", "厂情发布会"
    OTHER = "other", "其他"


class OpennessCategory(models.Model):
    """公开类别: one line of the union's catalogue, with its schedule. A union's catalogue is
    copied on first use from its nearest ancestor's (a federation keeps one for the unions
    beneath it), else from the defaults of ``services_openness.DEFAULT_CATEGORIES``."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="openness_categories", verbose_name="工会"
    )
    name = models.CharField("公开类别", max_length=40)
    examples = models.CharField("公开事项示例", max_length=300, blank=True)
    schedule = models.CharField("公开周期", max_length=10, choices=OpennessSchedule.choices)
    event_days = models.PositiveSmallIntegerField(
        "事项发生后几天内公开",
        default=7,
        help_text="只对“随时”公开的类别有效。示例 7 天，未找到统一规定。",
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    counts_from = models.DateField(
        "纳入考核起始日期", help_text="在此日期之前开始的期间不计为应公开。"
    )
    retired_on = models.DateField("停用日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "公开类别"
        verbose_name_plural = "公开类别"
        ordering = ["union_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "name"],
                condition=Q(retired_on__isnull=True),
                name="rights_openness_category_name_once",
                violation_error_message="本工会已有同名的公开类别。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rights:openness_categories", args=[self.union.code])

    def counts(self, start: datetime.date, due: datetime.date) -> bool:
        """Whether a period starting on ``start`` and due on ``due`` is owed: it started on
        or after ``counts_from`` (a category added in the middle of a quarter owes from the
        next one) and fell due before the category was retired."""
        return start >= self.counts_from and (self.retired_on is None or due <= self.retired_on)


class OpennessPublication(models.Model):
    """公开记录: the union saw the employer publish this item (what, for which period, when,
    where), with a photo or file as evidence. ``period``: the month (1–12) of a monthly
    category, the quarter (1–4) of a quarterly one, 0 for a yearly one; an item "as it
    happens" has ``event_on`` instead."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="openness_publications", verbose_name="工会"
    )
    category = models.ForeignKey(
        OpennessCategory,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name="公开类别",
    )
    year = models.PositiveSmallIntegerField("年度")
    period = models.PositiveSmallIntegerField("所属月份或季度", null=True, blank=True)
    event_on = models.DateField("事项发生日期", null=True, blank=True)
    title = models.CharField("公开事项", max_length=120)
    content = models.TextField("公开内容摘要", blank=True)
    published_on = models.DateField("公开日期")
    channel = models.CharField("公开形式", max_length=10, choices=OpennessChannel.choices)
    channel_note = models.CharField("公开地点或说明", max_length=100, blank=True)
    sitting = models.ForeignKey(
        "congress.Sitting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="openness_publications",
        verbose_name="职代会会次",
    )
    evidence_name = models.CharField("佐证文件名", max_length=200, blank=True)
    evidence_type = models.CharField("佐证文件类型", max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField("佐证文件大小（字节）", null=True, blank=True)
    evidence_sha256 = models.CharField("佐证文件校验值", max_length=64, blank=True)
    due_on = models.DateField("公开截止日期")
    recorded_by = user_fk("登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = user_fk("撤回人")
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "公开记录"
        verbose_name_plural = "公开记录"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["union", "year"], name="rights_openness_union_year"),
            models.Index(fields=["union", "due_on"], name="rights_openness_union_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isnull=False) | Q(event_on__isnull=False),
                name="rights_openness_has_a_period",
                violation_error_message="请填写所属期间或事项发生日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("rights:openness_item", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None

    @property
    def period_label(self) -> str:
        if self.event_on is not None:
            return f"{self.event_on:%Y年%m月%d日}事项".replace("年0", "年").replace("月0", "月")
        return period_label(self.category.schedule, self.year, self.period or 0)

    @property
    def days_late(self) -> int:
        return max((self.published_on - self.due_on).days, 0)

    def evidence(self):
        """What ``finance.attachments.attachment_open`` reads."""
        return SimpleNamespace(
            name=self.evidence_name, size=self.evidence_size, sha256=self.evidence_sha256
        )


class OpennessQuestion(models.Model):
    """A member's question on a published item and the committee's answer. The asker's
    name is shown to the asker and to those who hold ``rights.view``; other members of the
    union see answered questions without it."""

    publication = models.ForeignKey(
        OpennessPublication,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name="公开记录",
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="openness_questions", verbose_name="提问会员"
    )
    text = models.TextField("问题")
    asked_at = models.DateTimeField("提问时间", default=timezone.now)
    answer = models.TextField("答复", blank=True)
    answered_by = user_fk("答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "公开事项提问"
        verbose_name_plural = "公开事项提问"
        ordering = ["publication_id", "asked_at", "id"]

    def __str__(self) -> str:
        # No name: what the audit trail shows to every audit.view holder.
        return f"公开事项提问 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("rights:openness_item", args=[self.publication_id]) + f"#q-{self.pk}"


class OpennessPoll(models.Model):
    """满意度测评 of a year's openness: a congress evaluation (``congress.Evaluation``, the
    secret ballot of representatives at a sitting) with one line per category."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    evaluation = models.OneToOneField(
        "congress.Evaluation",
        on_delete=models.PROTECT,
        related_name="openness_poll",
        verbose_name="民主评议",
    )
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "公开满意度测评"
        verbose_name_plural = "公开满意度测评"
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year"],
                name="rights_openness_poll_once",
                violation_error_message="本年度已设置公开满意度测评。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年度公开满意度测评"

    def get_absolute_url(self) -> str:
        return reverse("congress:evaluation_detail", args=[self.evaluation_id])


# --- the schedule clock -------------------------------------------------------------------


def _day_of(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_bounds(schedule: str, year: int, period: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a scheduled period."""
    if schedule == OpennessSchedule.MONTHLY:
        return datetime.date(year, period, 1), _day_of(year, period, 31)
    if schedule == OpennessSchedule.QUARTERLY:
        first = 3 * (period - 1) + 1
        return datetime.date(year, first, 1), _day_of(year, first + 2, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def due_on(schedule: str, year: int, period: int, due_day: int) -> datetime.date:
    """The last day a scheduled period's items may be published on time: ``due_day`` of the
    month after the period (an EXAMPLE rule; see the module's docstring)."""
    last = period_bounds(schedule, year, period)[1]
    following = last + datetime.timedelta(days=1)
    return _day_of(following.year, following.month, due_day)


def event_due_on(event_on: datetime.date, days: int) -> datetime.date:
    return event_on + datetime.timedelta(days=days)


def periods(schedule: str) -> tuple[int, ...]:
    """The periods of a year for a schedule (none for items "as it happens")."""
    return {
        OpennessSchedule.MONTHLY: tuple(range(1, 13)),
        OpennessSchedule.QUARTERLY: (1, 2, 3, 4),
        OpennessSchedule.YEARLY: (0,),
    }.get(schedule, ())


def period_label(schedule: str, year: int, period: int) -> str:
    if schedule == OpennessSchedule.MONTHLY:
        return f"{year}年{period}月"
    if schedule == OpennessSchedule.QUARTERLY:
        return f"{year}年第{'一二三四'[period - 1]}季度"
    return f"{year}年度"
