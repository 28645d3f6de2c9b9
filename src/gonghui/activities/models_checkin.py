"""活动签到: a session of an activity carries the token its QR code holds (one session per
activity for now; a training course adds more, each with its own token and times), and a
check-in is one sign-up's arrival at one session, with its persons (the member and their
companions). A repeated scan finds the first row: three partial unique constraints (per
sign-up, per member, per account) make a second row impossible, whatever the concurrency.

No-shows are not stored: a confirmed sign-up without a check-in once the session has ended
(``queries_checkin``). Nothing is deleted."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import rules_checkin as rules
from .models import Activity, Registration

__all__ = ["CheckIn", "CheckinSession", "CheckinSettings"]


class CheckinSettings(models.Model):
    """One union's check-in window; a union without its own row uses its nearest
    ancestor's, else the examples of ``rules_checkin`` (示例)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="checkin_settings", verbose_name="工会"
    )
    open_minutes = models.PositiveIntegerField(
        "开始前多少分钟开放签到",
        default=rules.EXAMPLE_OPEN_MINUTES,
        help_text="示例 60 分钟。",
    )
    close_minutes = models.PositiveIntegerField(
        "开始后多少分钟停止扫码签到",
        default=rules.EXAMPLE_CLOSE_MINUTES,
        help_text="示例 30 分钟；之后到场的由组织者在名单上登记。",
    )
    late_minutes = models.PositiveIntegerField(
        "开始后多少分钟起算迟到",
        default=rules.EXAMPLE_LATE_MINUTES,
        help_text="示例 5 分钟；填 0 则开始后签到即算迟到。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "活动签到设置"
        verbose_name_plural = "活动签到设置"

    def __str__(self) -> str:
        return f"{self.union} · 活动签到设置"

    def get_absolute_url(self) -> str:
        return reverse("activities:checkin_settings", args=[self.union.code])


class CheckinSession(models.Model):
    """One sitting of an activity that people check in to. ``starts_at``/``ends_at`` empty:
    the activity's own (a one-session activity follows its edits)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="checkin_sessions", verbose_name="活动"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="checkin_sessions", verbose_name="工会"
    )
    number = models.PositiveSmallIntegerField("场次", default=1)
    starts_at = models.DateTimeField("开始时间", null=True, blank=True)
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    token = models.CharField("签到码", max_length=32, unique=True)
    # a training course's session (课次) this check-in belongs to: each has its own token
    # and times (``models_training``); empty for an activity's one session
    training = models.OneToOneField(
        "activities.TrainingSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkin",
        verbose_name="培训课次",
    )
    walk_ins = models.BooleanField(
        "允许未报名的会员扫码签到",
        default=False,
        help_text="不勾选时，未报名的人扫码会被告知“您没有报名这个活动”。",
    )
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "活动签到场次"
        verbose_name_plural = "活动签到场次"
        ordering = ["activity_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "number"],
                name="act_session_once",
                violation_error_message="这个活动已有这一场次。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} 第{self.number}场签到"

    def get_absolute_url(self) -> str:
        return reverse("activities:checkin_list", args=[self.activity_id])

    @property
    def start(self):
        return self.starts_at or self.activity.starts_at

    @property
    def end(self):
        return self.ends_at or self.activity.ends_at


class CheckIn(models.Model):
    """签到: one sign-up (or, where the session allows it, a member who did not sign up) at
    one session, by their own scan or marked by the organiser."""

    session = models.ForeignKey(
        CheckinSession, on_delete=models.PROTECT, related_name="checkins", verbose_name="签到场次"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="checkins", verbose_name="活动"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="activity_checkins", verbose_name="工会"
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name="报名",
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_checkins",
        verbose_name="会员",
    )
    user = user_fk("签到账号", related_name="activity_checkins")
    name = models.CharField("姓名", max_length=50)
    persons = models.PositiveSmallIntegerField("人数")
    at = models.DateTimeField("签到时间", default=timezone.now)
    late = models.BooleanField("迟到", default=False)
    walk_in = models.BooleanField("未报名到场", default=False)
    by_organiser = models.BooleanField("组织者登记", default=False)
    recorded_by = user_fk("登记人")

    class Meta:
        verbose_name = "活动签到"
        verbose_name_plural = "活动签到"
        ordering = ["session_id", "at", "id"]
        indexes = [models.Index(fields=["union", "activity"], name="act_checkin_union")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=Q(registration__isnull=False),
                name="act_checkin_reg_once",
                violation_error_message="已经签到。",
            ),
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=Q(member__isnull=False),
                name="act_checkin_member_once",
                violation_error_message="已经签到。",
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="act_checkin_user_once",
                violation_error_message="已经签到。",
            ),
            models.CheckConstraint(
                condition=Q(persons__gte=1),
                name="act_checkin_persons",
                violation_error_message="签到人数至少 1 人。",
            ),
            models.CheckConstraint(
                condition=Q(registration__isnull=False) | Q(walk_in=True),
                name="act_checkin_reg_or_walk_in",
                violation_error_message="未报名的人只能在允许现场签到的活动签到。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} 签到"

    def get_absolute_url(self) -> str:
        return reverse("activities:checkin_list", args=[self.activity_id]) + f"#checkin-{self.pk}"
