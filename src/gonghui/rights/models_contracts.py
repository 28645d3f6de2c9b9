"""集体合同 (collective contracts) and their procedure under 《集体合同规定》 (劳动和社会保障部令
第22号): the 要约, both sides' 协商代表, the 协商会议 with their minutes, the draft versions,
the 职代会 vote on a draft (a congress motion poll), the signing, the submission to the 人社
department and its 审查意见书, the effective date, publication, 履约检查 reports and renewal.

One ``CollectiveContract`` is one procedure ending in one text: a renewal or a change after it
took effect is a new contract whose ``predecessor`` is the old one (a new procedure, as the
law asks). The stage is stored and moved only by the services; the deadlines are computed by
``contract_clock`` from the dates recorded here and the union's ``RightsSettings``. Being in
force is not a stage: a SUBMITTED contract is in force while ``effective_on <= today <=
expires_on`` (``queries_contracts.in_force``), so no daily job has to move it.
Nothing is deleted: a procedure given up is 已终止协商.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

__all__ = [
    "CollectiveContract",
    "ContractDraft",
    "ContractEmployer",
    "ContractKind",
    "ContractReport",
    "ContractRepresentative",
    "ContractReview",
    "ContractScope",
    "ContractStage",
    "DraftState",
    "NegotiationSession",
    "OfferSide",
]


class ContractKind(models.TextChoices):
    GENERAL = "general", "综合集体合同"
    WAGE = "wage", "工资专项集体协议"
    WOMEN = "women", "女职工特殊权益专项集体合同"
    SAFETY = "safety", "劳动安全卫生专项集体合同"


class ContractScope(models.TextChoices):
    """单独签订 by one employer's union, or by a federation for several employers."""

    SINGLE = "single", "单独签订"
    REGIONAL = "regional", "区域性"
    INDUSTRY = "industry", "行业性"


class OfferSide(models.TextChoices):
    WORKERS = "workers", "职工方"
    EMPLOYER = "employer", "用人单位方"


class ContractStage(models.TextChoices):
    OFFERED = "offered", "已发出要约"
    NEGOTIATING = "negotiating", "协商中"
    VOTING = "voting", "职代会审议中"
    APPROVED = "approved", "职代会通过，待签字"
    SIGNED = "signed", "已签字，待报送"
    # In force is not a stored stage: a submitted contract is in force from its
    # ``effective_on`` (received + the review period + 1, 第四十七条) to its ``expires_on``,
    # which no daily job would write — ``queries_contracts.in_force`` asks the dates.
    SUBMITTED = "submitted", "已报送审查"
    ENDED = "ended", "已期满或终止"
    ABANDONED = "abandoned", "已终止协商"


class CollectiveContract(models.Model):
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="contracts", verbose_name="工会"
    )
    kind = models.CharField("合同种类", max_length=8, choices=ContractKind.choices)
    scope = models.CharField(
        "签订方式", max_length=8, choices=ContractScope.choices, default=ContractScope.SINGLE
    )
    title = models.CharField("合同名称", max_length=120)
    employer = models.CharField(
        "用人单位方",
        max_length=120,
        help_text="单独签订：所在单位；区域性、行业性：企业方代表组织。",
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name="前一份合同",
    )
    stage = models.CharField(
        "阶段", max_length=12, choices=ContractStage.choices, default=ContractStage.OFFERED
    )
    term_years = models.PositiveSmallIntegerField("期限（年）", default=3)
    # A contract in force before the union began using the platform, entered from its paper
    # record (``contract_record_existing``): no procedure here; its offer date is its
    # signing date, and only the deadlines after it took effect apply.
    recorded = models.BooleanField("补录的已有合同", default=False)
    # 要约 (第三十二条)
    offer_side = models.CharField(
        "要约方", max_length=8, choices=OfferSide.choices, default=OfferSide.WORKERS
    )
    offered_on = models.DateField("要约日期")
    offer_delivered_on = models.DateField("要约送达日期")
    offer_text = models.TextField("要约内容", blank=True)
    replied_on = models.DateField("书面答复日期", null=True, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    # 签字 (第四十二条 counts from it), 报送 and 审查 (第四十二至四十七条)
    signed_on = models.DateField("签字日期", null=True, blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    received_on = models.DateField(
        "人社部门收到日期", null=True, blank=True, help_text="审查期限自收到文本之日起计算。"
    )
    authority = models.CharField("审查部门", max_length=100, blank=True)
    late_reason = models.TextField("逾期报送说明", blank=True)
    # set at submission: received_on + the review period + 1 day; cleared by an 审查意见书
    effective_on = models.DateField("生效日期", null=True, blank=True)
    expires_on = models.DateField("期满日期", null=True, blank=True)
    published_on = models.DateField("向全体职工公布日期", null=True, blank=True)
    published_how = models.CharField("公布方式", max_length=100, blank=True)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.TextField("终止原因", blank=True)
    # 覆盖: workers covered (单独签订: the union's 职工人数 when signed; 区域性/行业性: the sum
    # of its employers')
    covered_workers = models.PositiveIntegerField("覆盖职工数", default=0)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "集体合同"
        verbose_name_plural = "集体合同"
        ordering = ["-offered_on", "-id"]
        indexes = [models.Index(fields=["union", "kind", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_years__gte=1) & Q(term_years__lte=3),
                name="rights_contract_term_1_3",
                violation_error_message="集体合同期限为 1 至 3 年（《集体合同规定》第三十八条）。",
            ),
            models.CheckConstraint(
                condition=Q(offer_delivered_on__gte=models.F("offered_on")),
                name="rights_contract_delivered_after_offer",
                violation_error_message="要约送达日期不能早于要约日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rights:contract", args=[self.pk])


class ContractEmployer(models.Model):
    """An employer a 区域性 or 行业性 contract covers, with its workers; ``union`` when it has
    a grassroots union in the tree."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name="集体合同",
    )
    name = models.CharField("企业名称", max_length=120)
    workers = models.PositiveIntegerField("职工人数", default=0)
    union = models.ForeignKey(
        Union,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="企业工会",
    )

    class Meta:
        verbose_name = "覆盖企业"
        verbose_name_plural = "覆盖企业"
        ordering = ["contract", "id"]

    def __str__(self) -> str:
        return self.name


class ContractRepresentative(models.Model):
    """A 协商代表 of either side. The workers' side are members of the union (``member``);
    the employer's side are named. One 首席代表 per side at a time; a representative who
    leaves is replaced within 15 days (第三十一条)."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name="集体合同",
    )
    side = models.CharField("所属方", max_length=8, choices=OfferSide.choices)
    name = models.CharField("姓名", max_length=50)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="会员",
    )
    title = models.CharField("职务", max_length=60, blank=True)
    chief = models.BooleanField("首席代表", default=False)
    appointed_on = models.DateField("产生日期")
    left_on = models.DateField("离任日期", null=True, blank=True)
    left_reason = models.CharField("离任原因", max_length=100, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="接替",
    )

    class Meta:
        verbose_name = "协商代表"
        verbose_name_plural = "协商代表"
        ordering = ["contract", "side", "-chief", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "side"],
                condition=Q(chief=True, left_on__isnull=True),
                name="rights_one_chief_per_side",
                violation_error_message="每方只能有一名首席代表。",
            ),
            models.CheckConstraint(
                condition=~Q(side=OfferSide.WORKERS) | Q(member__isnull=False),
                name="rights_workers_rep_is_member",
                violation_error_message="职工方协商代表须为本会会员。",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NegotiationSession(models.Model):
    """A 协商会议 (第三十三至三十五条): chaired alternately, minutes kept by a 记录员 who is
    not a representative, signed by both chief representatives."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name="集体合同",
    )
    number = models.PositiveSmallIntegerField("次数")
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=100, blank=True)
    chaired_by = models.CharField("主持方", max_length=8, choices=OfferSide.choices)
    recorder = models.CharField("记录员", max_length=50)
    attendees = models.ManyToManyField(
        ContractRepresentative, related_name="sessions", verbose_name="出席代表", blank=True
    )
    topics = models.TextField("议题", blank=True)
    minutes = models.TextField("会议纪要")
    agreed = models.TextField("达成一致的事项", blank=True)
    open_points = models.TextField("未达成一致的事项", blank=True)
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "协商会议"
        verbose_name_plural = "协商会议"
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="rights_session_number",
                violation_error_message="同一合同的协商会议次数不能重复。",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}次协商会议"

    def get_absolute_url(self) -> str:
        return reverse("rights:session", args=[self.pk])


class DraftState(models.TextChoices):
    DRAFT = "draft", "草案"
    VOTING = "voting", "提交职代会审议"
    PASSED = "passed", "职代会通过"
    FAILED = "failed", "未通过，退回协商"
    SUPERSEDED = "superseded", "已被新稿取代"


class ContractDraft(models.Model):
    """A version of the text: what changed since the last one, and the 职代会 vote on it —
    a motion poll of the congress (``poll``), whose result moves the draft and the
    contract (passed → 待签字; failed → back to negotiation)."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name="集体合同",
    )
    version = models.PositiveSmallIntegerField("稿次")
    text = models.TextField("合同文本")
    changes = models.TextField("修改说明", blank=True)
    session = models.ForeignKey(
        NegotiationSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name="形成于协商会议",
    )
    state = models.CharField(
        "状态", max_length=12, choices=DraftState.choices, default=DraftState.DRAFT
    )
    poll = models.OneToOneField(
        "congress.Poll",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract_draft",
        verbose_name="职代会表决",
    )
    created_on = models.DateField("形成日期")
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "合同草案"
        verbose_name_plural = "合同草案"
        ordering = ["contract", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "version"],
                name="rights_draft_version",
                violation_error_message="同一合同的稿次不能重复。",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.version}稿"


class ContractReview(models.Model):
    """A 《审查意见书》 (第四十五条): the department's objection within the review period. It
    sends the contract back for amendment (第四十六条) and clears its effective date; the
    amended text is signed and submitted again."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name="集体合同",
    )
    issued_on = models.DateField("意见书日期")
    received_on = models.DateField("收到日期")
    authority = models.CharField("审查部门", max_length=100, blank=True)
    opinion = models.TextField("审查意见")
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "审查意见书"
        verbose_name_plural = "审查意见书"
        ordering = ["contract", "issued_on", "id"]

    def __str__(self) -> str:
        return f"审查意见书（{self.issued_on:%Y-%m-%d}）"


class ContractReport(models.Model):
    """A 履约检查 report to the 职代会 (at least yearly), linked to its sitting when the
    congress is in the platform."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name="集体合同",
    )
    reported_on = models.DateField("报告日期")
    sitting = models.ForeignKey(
        "congress.Sitting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="职代会会次",
    )
    findings = models.TextField("履约情况")
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "履约检查报告"
        verbose_name_plural = "履约检查报告"
        ordering = ["contract", "-reported_on"]

    def __str__(self) -> str:
        return f"履约检查（{self.reported_on:%Y-%m-%d}）"
