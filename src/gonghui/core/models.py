"""Accounts, role grants and the audit trail."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", "请输入 11 位中国大陆手机号，如 13812345678。")


class User(AbstractUser):
    """A person who can log in. Login is by username or mobile number."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    mobile = models.CharField(
        "手机号", max_length=11, unique=True, null=True, blank=True, validators=[mobile_validator]
    )
    # Set when someone else chose the password (a reset, a new member's first login): until
    # the owner picks their own, every page leads to 修改密码 (core.middleware).
    must_change_password = models.BooleanField("须修改密码", default=False)
    # When that password was handed out: it logs in for GONGHUI_ONE_TIME_PASSWORD_DAYS
    # after (core.backends.one_time_password_expires); None once the owner chose their own.
    one_time_password_at = models.DateTimeField("一次性密码发放时间", null=True, blank=True)

    objects = UserManager()
    # The mobile enters the audit trail masked, as a member's does (core.audit._mask): the
    # trail says that it changed without becoming a second copy of it (PIPL).
    AUDIT_MASKED = ("mobile",)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", "平台管理员"
    FEDERATION_ADMIN = "federation_admin", "上级工会管理员"
    CHAIR = "chair", "工会主席"
    COMMITTEE = "committee", "工会委员"
    TREASURER = "treasurer", "财务"
    AUDITOR = "auditor", "经审"
    GROUP_LEADER = "group_leader", "小组长"
    MEMBER = "member", "会员"


class RoleGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """A role held by a user on one organisation node; it reaches the node's whole subtree.

    A platform administrator's grant has no union. A group leader's grant names the group
    and reaches that group only. Grants are never deleted: revoking stamps ``revoked_at``.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="grants", verbose_name="账号"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name="工会",
    )
    group = models.ForeignKey(
        "orgs.UnionGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name="工会小组",
    )
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)
    granted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="授予人",
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                name="grant_node_matches_role",
                condition=(Q(role="platform_admin", union__isnull=True, group__isnull=True))
                | (Q(role="group_leader", union__isnull=False, group__isnull=False))
                | (
                    ~Q(role__in=["platform_admin", "group_leader"])
                    & Q(union__isnull=False, group__isnull=True)
                ),
                violation_error_message="角色与授权范围不符：平台管理员不指定工会，小组长须指定小组，其他角色须指定工会。",
            ),
            # Three partial constraints instead of one with nulls_distinct=False, which
            # SQLite does not support.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True, union__isnull=True),
                name="one_active_platform_grant",
                violation_error_message="该账号已经拥有这个角色。",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "union"],
                condition=Q(revoked_at__isnull=True, group__isnull=True),
                name="one_active_union_grant",
                violation_error_message="该账号已经拥有这个角色。",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "group"],
                condition=Q(revoked_at__isnull=True, group__isnull=False),
                name="one_active_group_grant",
                violation_error_message="该账号已经拥有这个角色。",
            ),
        ]

    def __str__(self) -> str:
        where = self.group or self.union or "全平台"
        return f"{self.user} · {self.get_role_display()} · {where}"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("审计记录只能追加，不能修改。")

    def delete(self):
        raise TypeError("审计记录只能追加，不能删除。")


class AuditEntry(models.Model):
    """One append-only entry of the audit trail, chained to the previous one by SHA-256.

    ``actor`` and ``union`` are foreign keys without a database constraint (PROTECT still
    holds in the ORM; users and unions are deactivated and archived, never deleted): on
    PostgreSQL a constraint's check takes a key-share lock on the user's or union's row, so a
    writer holding the audit head would wait for any transaction that locked that row
    ``FOR UPDATE`` — which then waits for the head: a deadlock between two ordinary writes of
    one union (tests/core/test_audit.py). The head's holder must never wait for anyone."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        db_constraint=False,
    )
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所属工会",
        db_constraint=False,
    )
    changes = models.JSONField("变更", default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("审计记录只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        from .audit import action_label  # the registry lives with record(), which imports us

        return action_label(self.action)


class AuditHead(models.Model):
    """The single row every audit write locks, so the chain never forks under concurrency."""

    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"{self.count} 条，末条 {self.last_hash[:12]}"


class Notice(models.Model):
    """站内提醒: one line for one user, written by ``gonghui remind`` (and e-mailed when SMTP
    is configured). ``key`` names the event, so a daily run never repeats a notice."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notices", verbose_name="接收人"
    )
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所属工会",
    )
    key = models.CharField("事件", max_length=120)
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("提醒时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内提醒"
        verbose_name_plural = "站内提醒"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="notice_once_per_event",
                violation_error_message="这条提醒已经发送过。",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class PendingUpload(models.Model):
    """An uploaded file waiting between its preview and 确认导入 (``core.uploads``).

    Kept in the database, not on an app server's disk, so that any app server behind
    nginx can apply a preview made on another. Rosters and payroll lists hold ID numbers
    and wages: a row lives until it is applied, discarded or replaced, and never past
    ``expires_at`` (``settings.UPLOAD_PENDING_HOURS``)."""

    token = models.CharField("凭据", max_length=32, unique=True)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name="上传人"
    )
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.CASCADE, related_name="+", verbose_name="工会"
    )
    kind = models.CharField("类别", max_length=32)
    name = models.CharField("文件名", max_length=200)
    data = models.BinaryField("文件内容")
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("文件校验值", max_length=64)
    # What the upload form chose besides the file (the month of a payroll list, the plan's
    # year), so that 确认导入 applies exactly what was previewed.
    params = models.JSONField("选项", default=dict, blank=True)
    created_at = models.DateTimeField("上传时间")
    expires_at = models.DateTimeField("过期时间", db_index=True)

    class Meta:
        verbose_name = "待确认的上传文件"
        verbose_name_plural = "待确认的上传文件"
        indexes = [models.Index(fields=["owner", "kind"])]

    def __str__(self) -> str:
        return self.name


class PreparedFile(models.Model):
    """A large download prepared in the background (``core.prepared``): the page that asked
    for it shows 正在生成 until the file is ready, then a 下载 button. Kept in the database
    so any app server behind nginx can serve it, for its owner only, and never past
    ``expires_at`` (``settings.PREPARED_FILE_HOURS``): a roster holds ID numbers."""

    PENDING, READY, FAILED = "pending", "ready", "failed"
    STATUSES = [(PENDING, "正在生成"), (READY, "已生成"), (FAILED, "生成失败")]

    token = models.CharField("凭据", max_length=32, unique=True)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name="申请人"
    )
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.CASCADE, related_name="+", verbose_name="工会"
    )
    kind = models.CharField("类别", max_length=32)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    rows = models.PositiveIntegerField("行数", default=0)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
    error = models.CharField("失败原因", max_length=300, blank=True)
    data = models.BinaryField("文件内容", null=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    created_at = models.DateTimeField("申请时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", db_index=True)

    class Meta:
        verbose_name = "后台生成的文件"
        verbose_name_plural = "后台生成的文件"

    def __str__(self) -> str:
        return self.name


class PublicityStatus(models.TextChoices):
    OPEN = "open", "公示中"
    CLOSED = "closed", "已结束"


class PublicityOutcome(models.TextChoices):
    NONE = "none", "无异议"
    UPHELD = "upheld", "异议成立"
    REJECTED = "rejected", "异议不成立"


class Publicity(models.Model):
    """公示: a list (people and amounts or tiers) or a decision shown to one union's members
    for a period, open to their objections (``core.publicity``, docs/publicity.md).

    ``rows`` hold only what the rule says must be public (姓名, 小组, 类别, 金额): the module
    that opens it chooses the columns, and nothing else of the subject is ever copied here.
    ``subject_type`` ("care.hardshipfile") and ``subject_id`` name the record the 公示 is
    about, so the module can ask :func:`gonghui.core.queries_publicity.publicity_for`."""

    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="publicities", verbose_name="工会"
    )
    kind = models.CharField("公示类别", max_length=64)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("说明", blank=True)
    columns = models.JSONField("列名", default=list)
    rows = models.JSONField("公示内容", default=list)
    subject_type = models.CharField("公示对象类型", max_length=100, blank=True)
    subject_id = models.PositiveBigIntegerField("公示对象编号", null=True, blank=True)
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=PublicityStatus.choices, default=PublicityStatus.OPEN
    )
    outcome = models.CharField(
        "公示结果", max_length=10, choices=PublicityOutcome.choices, blank=True
    )
    opened_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    closed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="结束人",
    )
    created_at = models.DateTimeField("发布时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["union", "status", "ends_on"], name="publicity_union_status"),
            models.Index(fields=["subject_type", "subject_id"], name="publicity_subject"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:publicity_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == PublicityStatus.OPEN


class Objection(models.Model):
    """异议: one member's named objection to a 公示, seen only by those who manage it, and
    its answer (``upheld``: True 异议成立, False 异议不成立, None not answered yet)."""

    publicity = models.ForeignKey(
        Publicity, on_delete=models.PROTECT, related_name="objections", verbose_name="公示"
    )
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name="提出人"
    )
    text = models.TextField("异议内容")
    raised_at = models.DateTimeField("提出时间")
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    upheld = models.BooleanField("异议成立", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["raised_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publicity", "member"],
                condition=Q(answered_at__isnull=True),
                name="objection_one_open_per_member",
                violation_error_message="您对这条公示已有一条异议在等待答复。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publicity} · 异议 #{self.pk}"

    @property
    def union_id(self) -> int:  # the audit trail files the entry under the 公示's union
        return self.publicity.union_id


class KeptFigure(models.Model):
    """One union's part of a kept figure for one period (``core.kept_figures``): an integer
    (a count, or money in fen) that a federation's figure sums over its subtree. Derived
    data, like a cache: not audited, rewritten whenever the audit trail names the union."""

    metric = models.CharField("指标分项", max_length=64)
    # without a database constraint, as AuditEntry's: a refresh must not wait on a union's row
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="工会",
        db_constraint=False,
    )
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    value = models.BigIntegerField("数值")

    class Meta:
        verbose_name = "指标分项（按工会）"
        verbose_name_plural = "指标分项（按工会）"
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "union", "start", "end"], name="kept_figure_once"
            ),
        ]
        indexes = [
            # the federation's sum: the period, then each union of the subtree, read from
            # the index alone (kept_figures.sums)
            models.Index(
                fields=["start", "end", "union", "metric", "value"], name="kept_figure_sum"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} #{self.union_id} {self.start}–{self.end}: {self.value}"


class KeptFigureMark(models.Model):
    """How far the kept parts of one period are accounted for: the parts it covers and the
    last audit entry whose unions have been recomputed."""

    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    keys = models.JSONField("指标分项", default=list)  # sorted part keys
    audit_id = models.BigIntegerField("已计入的审计记录", default=0)
    refreshed_at = models.DateTimeField("全部重算时间", null=True, blank=True)

    class Meta:
        verbose_name = "指标分项进度"
        verbose_name_plural = "指标分项进度"
        constraints = [
            models.UniqueConstraint(fields=["start", "end"], name="kept_figure_mark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end} 至审计记录 #{self.audit_id}"
