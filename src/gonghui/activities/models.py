"""文体活动: a union's activities and the sign-ups for them, counted in persons (a member and
their companions, 家属). An activity holds ``taken``, the persons whose places are held
(confirmed, or offered from the waiting list and not yet confirmed); a check constraint keeps
it within the capacity, the last guard of "never overbooked". Nothing is deleted: a cancelled
sign-up or activity stays, with its time.

Later parts (check-in, tournaments, rooms, training) hang off :class:`Activity` and
:class:`Registration`: a check-in is per registration, 人次 are its persons."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union, UnionGroup

from . import rules


class ActivitySettings(models.Model):
    """One union's sign-up settings; a union without its own row uses its nearest
    ancestor's, else the examples of ``rules``."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="activity_settings", verbose_name="工会"
    )
    close_hours = models.PositiveIntegerField(
        "报名截止（开始前小时数）",
        default=rules.EXAMPLE_CLOSE_HOURS,
        help_text="活动开始前多少小时停止报名（示例 24 小时）。",
    )
    confirm_hours = models.PositiveIntegerField(
        "递补确认时限（小时）",
        default=rules.EXAMPLE_CONFIRM_HOURS,
        help_text="候补递补后须在多少小时内确认，逾期顺延给下一位（示例 48 小时）。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文体活动设置"
        verbose_name_plural = "文体活动设置"

    def __str__(self) -> str:
        return f"{self.union} · 文体活动设置"


class Kind(models.TextChoices):
    SPORTS = "sports", "文体"
    FESTIVAL = "festival", "节日"
    TRAINING = "training", "培训"
    TRIP = "trip", "参观/春秋游"
    LECTURE = "lecture", "讲座"
    BIRTHDAY = "birthday", "生日会"
    VOLUNTEER = "volunteer", "志愿服务"
    OTHER = "other", "其他"


class Audience(models.TextChoices):
    ALL = "all", "全体会员"
    GROUPS = "groups", "指定小组"
    WOMEN = "women", "女会员"
    RETIRED = "retired", "退休会员"
    BIRTHDAY = "birthday", "当季生日会员"
    REPRESENTATIVES = "reps", "职代会代表"


class State(models.TextChoices):
    """What is stored. A published activity's phase (报名中 → 报名截止 → 进行中 → 已结束) is
    read off the clock (``rules.phase``)."""

    DRAFT = "draft", "草稿"
    OPEN = "open", "已发布"
    CANCELLED = "cancelled", "已取消"


PHASES = {
    "draft": "草稿",
    "signup": "报名中",
    "closed": "报名截止",
    "running": "进行中",
    "finished": "已结束",
    "cancelled": "已取消",
}


class Activity(models.Model):
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="activities", verbose_name="工会"
    )
    kind = models.CharField("活动类型", max_length=12, choices=Kind.choices)
    title = models.CharField("活动名称", max_length=rules.TITLE_MAX)
    organiser = models.CharField("组织者", max_length=rules.TEXT_MAX, blank=True)
    place = models.CharField("地点", max_length=rules.TEXT_MAX, blank=True)
    description = models.TextField("活动说明", blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    close_hours = models.PositiveIntegerField("报名截止（开始前小时数）")
    signup_closes_at = models.DateTimeField("报名截止时间")
    audience = models.CharField("参加对象", max_length=12, choices=Audience.choices)
    groups = models.ManyToManyField(
        UnionGroup, blank=True, related_name="activities", verbose_name="小组"
    )
    quarter = models.PositiveSmallIntegerField("生日季度", null=True, blank=True)
    members_only = models.BooleanField("仅限会员", default=True)
    capacity = models.PositiveIntegerField("名额（人）")
    companions_allowed = models.BooleanField("可带家属", default=False)
    max_companions = models.PositiveSmallIntegerField("每人最多带家属（人）", default=0)
    lottery = models.BooleanField("报满后抽签", default=False)
    cost_per_head = models.DecimalField(
        "人均费用（元）", max_digits=10, decimal_places=2, default=0
    )
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    taken = models.PositiveIntegerField("已占名额（人）", default=0)
    lottery_seed = models.CharField("抽签种子", max_length=64, blank=True)
    drawn_at = models.DateTimeField("抽签时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=rules.REASON_MAX, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "文体活动"
        verbose_name_plural = "文体活动"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["union", "starts_at"], name="act_union_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(taken__lte=F("capacity")),
                name="act_never_overbooked",
                violation_error_message="报名人数不能超过名额。",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="act_capacity_positive",
                violation_error_message="名额至少 1 人。",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="act_ends_after_start",
                violation_error_message="结束时间须晚于开始时间。",
            ),
            models.CheckConstraint(
                condition=Q(cost_per_head__gte=0),
                name="act_cost_not_negative",
                violation_error_message="人均费用不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    def phase(self, now=None) -> str:
        return rules.phase(
            self.state,
            now or timezone.now(),
            self.signup_closes_at,
            self.starts_at,
            self.ends_at,
        )

    def phase_label(self, now=None) -> str:
        return PHASES[self.phase(now)]

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


class RegState(models.TextChoices):
    CONFIRMED = "confirmed", "已报名"
    WAITING = "waiting", "候补中"
    OFFERED = "offered", "递补待确认"
    ENTERED = "entered", "待抽签"
    LOST = "lost", "未中签"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "逾期未确认"


# A sign-up still standing (one per person and activity); those holding places (``taken``).
LIVE = (RegState.CONFIRMED, RegState.WAITING, RegState.OFFERED, RegState.ENTERED)
HOLDING = (RegState.CONFIRMED, RegState.OFFERED)


class Registration(models.Model):
    """One person's sign-up, with their companions: ``persons`` = 1 + companions. The
    waiting list is the WAITING rows in ``queued_at`` order."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="registrations", verbose_name="活动"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="activity_registrations", verbose_name="工会"
    )
    # the account that signs in to confirm or cancel; none for a member the committee
    # signed up from a paper list
    user = user_fk("报名账号", related_name="activity_registrations")
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_registrations",
        verbose_name="会员",
    )
    name = models.CharField("姓名", max_length=50)
    companions = models.PositiveSmallIntegerField("家属（人）", default=0)
    companion_names = models.CharField("家属姓名", max_length=rules.NAMES_MAX, blank=True)
    persons = models.PositiveSmallIntegerField("人数")
    state = models.CharField("状态", max_length=12, choices=RegState.choices)
    queued_at = models.DateTimeField("报名时间", default=timezone.now)
    offered_at = models.DateTimeField("递补时间", null=True, blank=True)
    offered_until = models.DateTimeField("确认截止", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created_by = user_fk("填报人")

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["activity_id", "queued_at", "id"]
        indexes = [
            models.Index(fields=["activity", "state", "queued_at"], name="act_reg_queue"),
            models.Index(fields=["union", "state"], name="act_reg_union_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(state__in=["confirmed", "waiting", "offered", "entered"]),
                name="act_reg_once",
                violation_error_message="您已经报名了这个活动。",
            ),
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(state__in=["confirmed", "waiting", "offered", "entered"]),
                name="act_reg_member_once",
                violation_error_message="该会员已经报名了这个活动。",
            ),
            models.CheckConstraint(
                condition=Q(persons=F("companions") + 1),
                name="act_reg_persons",
                violation_error_message="人数须为本人加家属人数。",
            ),
        ]

    def __str__(self) -> str:
        return f"活动报名 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.activity_id]) + f"#reg-{self.pk}"


from .models_birthday import *  # noqa: E402, F403
from .models_checkin import *  # noqa: E402, F403
from .models_rooms import *  # noqa: E402, F403
from .models_tournament import *  # noqa: E402, F403
from .models_training import *  # noqa: E402, F403
