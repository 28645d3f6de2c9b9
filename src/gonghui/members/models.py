"""The roster's own records: a member's dated history, applications to join, and the
spreadsheet imports. The member record itself is ``orgs.Member``."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gonghui.orgs.models import Member, Sex, Union

from .choices import ETHNICITY_CHOICES, Education, Employment, IdType, Political


class EventKind(models.TextChoices):
    JOIN = "join", "入会"
    TRANSFER_IN = "transfer_in", "转入"
    TRANSFER_OUT = "transfer_out", "转出"
    RETIRE = "retire", "退休"
    LEAVE = "leave", "离会"
    REMOVE = "remove", "除名"
    DEATH = "death", "去世"
    GROUP = "group", "调整小组"
    REINSTATE = "reinstate", "恢复会籍"


class MemberEvent(models.Model):
    """One dated step in a membership: the history shown on the member's page. A transfer
    inside the tree moves the same record, so its history travels with it."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="events", verbose_name="会员"
    )
    kind = models.CharField("事项", max_length=16, choices=EventKind.choices)
    on = models.DateField("日期")
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="所在工会"
    )
    other_union = models.ForeignKey(
        Union,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="对方工会",
    )
    other_name = models.CharField("对方单位", max_length=100, blank=True)
    reason = models.CharField("原因/说明", max_length=300, blank=True)
    letter_number = models.CharField("介绍信编号", max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="经办人",
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    # The roster import that wrote this step (入会 of a new member, 调整小组 of a moved
    # one): the member's audit history shows that import's entry.
    import_run = models.ForeignKey(
        "ImportRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="导入批次",
    )

    class Meta:
        verbose_name = "会籍变动"
        verbose_name_plural = "会籍变动"
        ordering = ["member_id", "on", "id"]
        indexes = [models.Index(fields=["union", "kind", "on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


REFERENCE_LENGTH = 8


class JoinApplication(models.Model):
    """入会申请: filled in by the applicant on a phone, decided by the committee. The
    applicant is given its ``reference`` (查询码) to look the decision up on
    ``/join/<code>/status/``."""

    # 8 characters of base 31 (core.codes.UNAMBIGUOUS): about 8.5 × 10¹¹ codes, so guessing
    # one — with the mobile's last four digits, at a few tries an hour — is hopeless.
    reference = models.CharField("查询码", max_length=REFERENCE_LENGTH, unique=True)
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="applications", verbose_name="申请加入"
    )
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    ethnicity = models.CharField("民族", max_length=12, blank=True, choices=ETHNICITY_CHOICES)
    id_type = models.CharField(
        "证件类型", max_length=12, choices=IdType.choices, default=IdType.RESIDENT
    )
    id_number = models.CharField("证件号码", max_length=32)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    mobile = models.CharField("手机号码", max_length=11)
    education = models.CharField("学历", max_length=16, blank=True, choices=Education.choices)
    political_status = models.CharField(
        "政治面貌", max_length=16, blank=True, choices=Political.choices
    )
    department = models.CharField("部门", max_length=60, blank=True)
    post = models.CharField("岗位/职务", max_length=60, blank=True)
    employment = models.CharField("用工形式", max_length=16, blank=True, choices=Employment.choices)
    statement = models.TextField("申请说明", blank=True, max_length=1000)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.CharField("审批意见", max_length=300, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name="会员档案",
    )

    AUDIT_MASKED = ("id_number", "mobile")

    class Meta:
        verbose_name = "入会申请"
        verbose_name_plural = "入会申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["union", "status"])]

    def __str__(self) -> str:
        return f"{self.name}的入会申请"


class ImportRun(models.Model):
    """One roster spreadsheet written into a union. Between the preview and the write the
    file waits in ``core.PendingUpload``; only its name and SHA-256 are kept here."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="imports", verbose_name="工会"
    )
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件校验值", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)
    skip_invalid = models.BooleanField("跳过有误的行", default=False)
    # The summary in the shape `gonghui members import --json` prints.
    result = models.JSONField("结果", default=dict, blank=True)

    class Meta:
        verbose_name = "花名册导入"
        verbose_name_plural = "花名册导入"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename
