"""培训: a training course is an activity of kind 培训 with its sessions (课次), each with its
time, place, teacher, topic and 课时, and each with its own check-in session (its QR token
and window: ``CheckinSession.training``), so a scan of one session's code checks the
trainee in to that session only. Those who attended enough of the hours (``TrainingSettings``)
get a certificate (结业证书) numbered per union and year; one issued in error is revoked
(kept with who, when and why; its number never reused), never deleted. See
``training_rules``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import training_rules as rules
from .models import Activity, Registration

__all__ = ["TrainingCertificate", "TrainingSession", "TrainingSettings"]


class TrainingSettings(models.Model):
    """One union's completion rule; a union without its own row uses its nearest
    ancestor's, else the example of ``training_rules`` (示例)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="training_settings", verbose_name="工会"
    )
    completion_percent = models.PositiveSmallIntegerField(
        "结业要求（出勤课时占总课时 %）",
        default=rules.EXAMPLE_COMPLETION_PERCENT,
        help_text="示例 80%：出勤课时不少于总课时的 80% 方可结业。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "培训设置"
        verbose_name_plural = "培训设置"

    def __str__(self) -> str:
        return f"{self.union} · 培训设置"

    def get_absolute_url(self) -> str:
        return reverse("activities:training_settings", args=[self.union.code])


class TrainingSession(models.Model):
    """课次: one sitting of a course. Its check-in session (``checkin``) carries its QR
    token and the same times."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="training_sessions", verbose_name="培训"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="training_sessions", verbose_name="工会"
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=rules.TEXT_MAX, blank=True)
    teacher = models.CharField("授课人", max_length=rules.TEXT_MAX, blank=True)
    topic = models.CharField("内容", max_length=rules.TEXT_MAX)
    hours = models.DecimalField("课时", max_digits=3, decimal_places=1)
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "培训课次"
        verbose_name_plural = "培训课次"
        ordering = ["activity_id", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="act_training_hours",
                violation_error_message="课时须大于 0。",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="act_training_ends_after_start",
                violation_error_message="结束时间须晚于开始时间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("activities:training", args=[self.activity_id]) + f"?session={self.pk}"


class TrainingCertificate(models.Model):
    """结业证书: issued to a trainee who completed the course; numbered per union and year.
    ``hours`` and ``total_hours`` are as at the issue."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="training_certificates", verbose_name="工会"
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="training_certificates",
        verbose_name="培训",
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_certificates",
        verbose_name="报名",
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_certificates",
        verbose_name="会员",
    )
    name = models.CharField("姓名", max_length=50)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("年度序号")
    number = models.CharField("证书编号", max_length=20)
    hours = models.DecimalField("出勤课时", max_digits=5, decimal_places=1)
    total_hours = models.DecimalField("总课时", max_digits=5, decimal_places=1)
    issued_on = models.DateField("发证日期")
    issued_by = user_fk("发证人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    # 撤销: the certificate stays (its number is never reused) and no longer counts; a
    # corrected one may be issued to the trainee with a new number
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = user_fk("撤销人", related_name="+")
    revoke_reason = models.CharField("撤销原因", max_length=100, blank=True)

    class Meta:
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"
        ordering = ["activity_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "seq"],
                name="act_cert_number_once",
                violation_error_message="证书编号重复。",
            ),
            # one valid certificate per trainee and course; revoked ones stay beside it
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(member__isnull=False, revoked_at__isnull=True),
                name="act_cert_member_once",
                violation_error_message="该学员已有这期培训的结业证书。",
            ),
            models.UniqueConstraint(
                fields=["activity", "registration"],
                condition=Q(registration__isnull=False, revoked_at__isnull=True),
                name="act_cert_reg_once",
                violation_error_message="该学员已有这期培训的结业证书。",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="act_cert_revoke_reason",
                violation_error_message="撤销结业证书须写明原因。",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(registration__isnull=False),
                name="act_cert_whose",
                violation_error_message="证书须属于一位学员。",
            ),
        ]

    def __str__(self) -> str:
        return f"结业证书 {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("activities:training_certificate", args=[self.pk])
