"""The workers' congress (职工代表大会 / 教职工代表大会 / 职工大会): terms and sittings,
representatives and their check-in, proposals from collection to the proposer's rating,
and secret ballots on motions.

The secret ballot rests on two tables that share nothing but the poll: ``Ballot`` (what
was chosen: a random UUID key, no voter, no time) and ``BallotMark`` (who has voted: no
choice). The mark and the ballot are written in one transaction, so a representative has
voted exactly when their mark exists; while the poll is open the ballot is sealed in the
poll's ``SealedUrn`` (``models_sealed.py``) and becomes a ``Ballot`` row only at the close,
in random order, so nothing links a mark to its ballot.
"""

from __future__ import annotations

import uuid
from typing import Literal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Body, CommitteeTerm, Member, Union, UnionGroup

from . import rules
from .models_sealed import SealedUrn as SealedUrn  # the urn of an open vote, its own module

RATIO = {"max_digits": 5, "decimal_places": 4}


CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """8 → 八, 12 → 十二, 20 → 二十, 23 → 二十三 (terms and sittings are counted so)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


# --- settings -------------------------------------------------------------------------


class CongressSettings(models.Model):
    """One union's congress rules; a union without its own row uses its nearest ancestor's,
    and the defaults of ``congress/rules.py`` at the top."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="congress_settings", verbose_name="工会"
    )
    quorum = models.DecimalField("开会（表决）出席比例", default=rules.QUORUM, **RATIO)
    majority = models.DecimalField("通过须超过全体代表的比例", default=rules.MAJORITY, **RATIO)
    rep_min_share = models.DecimalField("代表占职工人数下限", default=rules.REP_MIN_SHARE, **RATIO)
    rep_min_count = models.PositiveSmallIntegerField("代表人数下限", default=rules.REP_MIN_COUNT)
    manager_max_share = models.DecimalField(
        "中层以上管理人员上限", default=rules.MANAGER_MAX_SHARE, **RATIO
    )
    teacher_min_share = models.DecimalField(
        "教师代表下限（学校）", default=rules.TEACHER_MIN_SHARE, **RATIO
    )
    notice_days = models.PositiveSmallIntegerField("会前送达天数", default=rules.NOTICE_DAYS)
    cosigners = models.PositiveSmallIntegerField("提案附议人数", default=rules.COSIGNERS)
    election_surplus = models.DecimalField(
        "选举差额率下限", default=rules.ELECTION_SURPLUS, **RATIO
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    # Not stored: where the settings in force come from, set by ``settings_for``
    # (``core.union_settings.inherited``): None (the union's own row), the ancestor whose
    # row it is, or "defaults".
    inherited_from: Union | Literal["defaults"] | None

    class Meta:
        verbose_name = "职代会设置"
        verbose_name_plural = "职代会设置"

    def __str__(self) -> str:
        return f"{self.union}职代会设置"


# --- terms and sittings -----------------------------------------------------------------


class CongressKind(models.TextChoices):
    WORKERS = "workers", "职工代表大会"
    STAFF = "staff", "教职工代表大会"
    ASSEMBLY = "assembly", "职工大会"  # small units: every member attends


class CongressTerm(models.Model):
    """届: a congress term of 3–5 years, with its representatives."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="congress_terms", verbose_name="工会"
    )
    kind = models.CharField("类型", max_length=10, choices=CongressKind.choices)
    number = models.PositiveSmallIntegerField("届次")
    starts_on = models.DateField("本届开始")
    years = models.PositiveSmallIntegerField("任期（年）", default=5)
    closed_on = models.DateField("届满日期", null=True, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "职代会届次"
        verbose_name_plural = "职代会届次"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["union", "kind", "number"], name="congress_term_once")
        ]

    def __str__(self) -> str:
        return f"第{cn_number(self.number)}届{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("congress:term_detail", args=[self.pk])


class SittingStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"
    NOTICED = "noticed", "已预告"
    OPEN = "open", "开会中"
    CLOSED = "closed", "已闭会"


class Sitting(models.Model):
    """次: one sitting of a term, named "第八届第四次教职工代表大会" from its numbers."""

    term = models.ForeignKey(
        CongressTerm, on_delete=models.PROTECT, related_name="sittings", verbose_name="届次"
    )
    number = models.PositiveSmallIntegerField("会次")
    is_extraordinary = models.BooleanField("临时会议", default=False)
    date = models.DateField("会议日期")
    place = models.CharField("地点", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=SittingStatus.choices, default=SittingStatus.PLANNED
    )
    # 预告制: documents reach representatives NOTICE_DAYS before; a late notice needs a reason.
    noticed_on = models.DateField("预告日期", null=True, blank=True)
    late_notice_reason = models.CharField("预告不足规定天数的原因", max_length=300, blank=True)
    proposals_open = models.DateField("提案征集开始", null=True, blank=True)
    proposals_close = models.DateField("提案征集截止", null=True, blank=True)
    # The QR code on the check-in page carries this token (rotated when the sitting closes).
    checkin_token = models.CharField(max_length=32, default="", blank=True)
    opened_at = models.DateTimeField("开会时间", null=True, blank=True)
    closed_at = models.DateTimeField("闭会时间", null=True, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "职代会会次"
        verbose_name_plural = "职代会会次"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="sitting_number_once")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("congress:sitting_detail", args=[self.pk])

    @property
    def name(self) -> str:
        kind = self.term.get_kind_display()
        extra = "（临时）" if self.is_extraordinary else ""
        return f"第{cn_number(self.term.number)}届第{cn_number(self.number)}次{kind}{extra}"


# --- representatives ------------------------------------------------------------------


class RepKind(models.TextChoices):
    VOTING = "voting", "正式代表"
    OBSERVER = "observer", "列席代表"  # attends, never counted, never votes


class RepStatus(models.TextChoices):
    SEATED = "seated", "在任"
    REPLACED = "replaced", "已替换"  # left the unit, replaced by a 补选
    RECALLED = "recalled", "已罢免"
    ENDED = "ended", "已卸任"


class Representative(models.Model):
    """职工代表: elected in a constituency (选区, usually a union group) for a term."""

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="representatives")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="representations", verbose_name="会员"
    )
    kind = models.CharField("类别", max_length=10, choices=RepKind.choices, default="voting")
    constituency = models.ForeignKey(
        UnionGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="选区",
    )
    elected_on = models.DateField("当选日期")
    is_by_election = models.BooleanField("补选产生", default=False)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="替补的代表",
    )
    # Composition facts as of election (the member record may change later).
    is_manager = models.BooleanField("中层及以上管理人员", default=False)
    is_teacher = models.BooleanField("教师", default=False)
    is_dispatched = models.BooleanField("劳务派遣", default=False)
    is_woman = models.BooleanField("女性", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=RepStatus.choices, default=RepStatus.SEATED
    )
    ended_on = models.DateField("离任日期", null=True, blank=True)
    end_reason = models.CharField("离任原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "职工代表"
        verbose_name_plural = "职工代表"
        constraints = [
            models.UniqueConstraint(
                fields=["term", "member"],
                condition=Q(status="seated"),
                name="one_seat_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name}（{self.get_kind_display()}）"


class CheckIn(models.Model):
    """报到: one per representative per sitting, by phone (QR code) or by the secretariat."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="checkins")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="checkins"
    )
    at = models.DateTimeField("报到时间", default=timezone.now)
    by_secretariat = models.BooleanField("秘书处代为登记", default=False)
    recorded_by = user_fk()

    class Meta:
        verbose_name = "报到"
        verbose_name_plural = "报到"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "representative"], name="checkin_once")
        ]

    def __str__(self) -> str:
        return f"{self.representative} 报到"


# --- proposals ------------------------------------------------------------------------


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "征集附议"  # waiting for enough co-signers
    SUBMITTED = "submitted", "待审查"
    ACCEPTED = "accepted", "已立案"
    SUGGESTION = "suggestion", "转意见建议"
    REJECTED = "rejected", "不立案"
    MERGED = "merged", "已合并"
    ASSIGNED = "assigned", "承办中"
    ANSWERED = "answered", "已答复"
    REHANDLING = "rehandling", "重新办理"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"  # by the proposer before review; kept, never counted


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Proposal(models.Model):
    """提案: submitted by a representative with co-signers, reviewed by the proposal
    committee, handled by a lead department, answered, rated by the proposer."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveSmallIntegerField("提案编号", null=True, blank=True)
    proposer = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="proposals", verbose_name="提案人"
    )
    title = models.CharField("案由", max_length=100)
    reason = models.TextField("理由")
    measures = models.TextField("建议措施")
    status = models.CharField(
        "状态", max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # The committee's decision (立案, 不立案, 转意见建议, 合并) as a status value; ``status``
    # moves on (a suggestion is assigned and answered), this stays.
    review_decision = models.CharField(
        "审查结论", max_length=12, choices=ProposalStatus.choices, blank=True
    )
    review_note = models.TextField("审查意见", blank=True)
    reviewed_at = models.DateTimeField("审查时间", null=True, blank=True)
    reviewed_by = user_fk("审查人")
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name="并入的提案",
    )
    lead_department = models.CharField("承办部门", max_length=60, blank=True)
    co_departments = models.CharField("协办部门", max_length=200, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    handled_twice = models.BooleanField("已重新办理过", default=False)
    rating = models.CharField("提案人评价", max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "提案"
        verbose_name_plural = "提案"
        ordering = ["sitting", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "number"],
                condition=Q(number__isnull=False),
                name="proposal_number_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congress:proposal_detail", args=[self.pk])


class CoSign(models.Model):
    """附议: asked by the proposer, confirmed (or declined) by the co-signer on their phone."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigns")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="cosigns"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    declined_at = models.DateTimeField("谢绝时间", null=True, blank=True)

    class Meta:
        verbose_name = "附议"
        verbose_name_plural = "附议"
        constraints = [
            models.UniqueConstraint(fields=["proposal", "representative"], name="cosign_once")
        ]

    def __str__(self) -> str:
        return f"{self.representative} 附议 {self.proposal}"


class Answer(models.Model):
    """A department's written answer; a proposal answered twice has two (the second after
    an 不满意 is final)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField("答复")
    department = models.CharField("答复部门", max_length=60)
    answered_at = models.DateTimeField("答复时间", default=timezone.now)
    recorded_by = user_fk()

    class Meta:
        verbose_name = "提案答复"
        verbose_name_plural = "提案答复"
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"{self.department}答复 {self.proposal}"


# --- votes on motions -------------------------------------------------------------------


class PollStatus(models.TextChoices):
    DRAFT = "draft", "未开始"
    OPEN = "open", "表决中"
    CLOSED = "closed", "已结束"
    VOID = "void", "无效"


class Choice(models.TextChoices):
    YES = "yes", "赞成"
    NO = "no", "反对"
    ABSTAIN = "abstain", "弃权"


class Poll(models.Model):
    """表决: one item of a sitting voted on its own (item by item), electronically or on
    paper. ``seated`` and ``present`` are fixed when the poll opens: the majority is
    reckoned on all seated voting representatives (《企业民主管理规定》第二十条)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="polls")
    order = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("表决事项", max_length=200)
    description = models.TextField("说明", blank=True)
    # The text put to the vote, when it is a proposal of the term (提案): the ballot page
    # links it, so the representatives read what they vote on.
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name="表决的提案",
    )
    on_paper = models.BooleanField("纸质选票", default=False)
    status = models.CharField(
        "状态", max_length=8, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    seated = models.PositiveIntegerField("应到代表", null=True, blank=True)
    present = models.PositiveIntegerField("实到代表", null=True, blank=True)
    quorum = models.DecimalField("出席比例", null=True, blank=True, **RATIO)
    majority = models.DecimalField("通过比例", null=True, blank=True, **RATIO)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Paper ballots: the counters' figures (电子表决 leaves these empty).
    issued = models.PositiveIntegerField("发出票数", null=True, blank=True)
    returned = models.PositiveIntegerField("收回票数", null=True, blank=True)
    invalid = models.PositiveIntegerField("无效票数", null=True, blank=True)
    paper_yes = models.PositiveIntegerField("赞成（纸质）", null=True, blank=True)
    paper_no = models.PositiveIntegerField("反对（纸质）", null=True, blank=True)
    paper_abstain = models.PositiveIntegerField("弃权（纸质）", null=True, blank=True)
    scrutineers = models.CharField("监票人、计票人", max_length=200, blank=True)

    class Meta:
        verbose_name = "表决事项"
        verbose_name_plural = "表决事项"
        ordering = ["sitting", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congress:poll_detail", args=[self.pk])


class Ballot(models.Model):
    """One secret electronic ballot: the choice and the poll, nothing else. The key is a
    random UUID, so neither the key nor any column says who cast it or in what order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField("选择", max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = "选票"
        verbose_name_plural = "选票"

    def __str__(self) -> str:
        return f"{self.poll} 选票"


class BallotMark(models.Model):
    """已投票: that a representative has voted in a poll, never what. Its key is a random
    UUID and it keeps no time, so marks cannot be lined up with ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="marks")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="marks"
    )

    class Meta:
        verbose_name = "投票记录"
        verbose_name_plural = "投票记录"
        constraints = [
            models.UniqueConstraint(fields=["poll", "representative"], name="one_ballot_each")
        ]

    def __str__(self) -> str:
        return f"{self.representative} 已投票"


# --- democratic evaluation ---------------------------------------------------------------


def default_levels() -> list[str]:
    return ["满意", "基本满意", "不满意"]


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "未开始"
    OPEN = "open", "评议中"
    CLOSED = "closed", "已结束"


class Evaluation(models.Model):
    """民主评议: representatives rate each listed manager by secret ballot on ``levels``;
    the first ``satisfied_levels`` of them count as satisfied (满意 + 基本满意). ``seated``
    and ``present`` are fixed when it opens, like a poll's."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="evaluations")
    title = models.CharField("评议名称", max_length=200)
    levels = models.JSONField("评价等次", default=default_levels)
    satisfied_levels = models.PositiveSmallIntegerField("计入满意的等次数", default=2)
    threshold = models.DecimalField("满意率警示线", **RATIO)
    status = models.CharField(
        "状态", max_length=8, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    seated = models.PositiveIntegerField("应到代表", null=True, blank=True)
    present = models.PositiveIntegerField("实到代表", null=True, blank=True)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Paper evaluation: the counters' figures; per-subject counts in EvaluationSubject.paper.
    on_paper = models.BooleanField("纸质评议票", default=False)
    issued = models.PositiveIntegerField("发出票数", null=True, blank=True)
    returned = models.PositiveIntegerField("收回票数", null=True, blank=True)
    invalid = models.PositiveIntegerField("无效票数", null=True, blank=True)
    scrutineers = models.CharField("监票人、计票人", max_length=200, blank=True)

    class Meta:
        verbose_name = "民主评议"
        verbose_name_plural = "民主评议"
        ordering = ["sitting", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congress:evaluation_detail", args=[self.pk])


class EvaluationSubject(models.Model):
    """被评议人: one manager on the list, in the order printed on the ballot."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField("姓名", max_length=40)
    post = models.CharField("职务", max_length=80, blank=True)
    order = models.PositiveSmallIntegerField("序号", default=1)
    # Paper evaluation: the count of valid ballots per level (same order as the levels).
    paper = models.JSONField("纸质票计数", null=True, blank=True)

    class Meta:
        verbose_name = "被评议人"
        verbose_name_plural = "被评议人"
        ordering = ["evaluation", "order", "id"]

    def __str__(self) -> str:
        return self.name


class EvaluationBallot(models.Model):
    """One secret evaluation ballot: the evaluation and nothing else (no voter, no time,
    random UUID key); its ratings hang on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="ballots")

    class Meta:
        verbose_name = "评议票"
        verbose_name_plural = "评议票"

    def __str__(self) -> str:
        return f"{self.evaluation} 评议票"


class EvaluationRating(models.Model):
    """One line of a ballot: the level (index into ``Evaluation.levels``) given to one
    subject. Random UUID key too: a serial key would keep the order of casting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(EvaluationBallot, on_delete=models.CASCADE, related_name="ratings")
    subject = models.ForeignKey(EvaluationSubject, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField("评价等次")

    class Meta:
        verbose_name = "评议结果"
        verbose_name_plural = "评议结果"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "subject"], name="rating_once_per_ballot")
        ]

    def __str__(self) -> str:
        return f"{self.subject} 评议"


class EvaluationMark(models.Model):
    """已评议: that a representative has handed in a ballot, never what (no time either)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="marks")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="evaluation_marks"
    )

    class Meta:
        verbose_name = "评议记录"
        verbose_name_plural = "评议记录"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "representative"], name="one_evaluation_ballot_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative} 已评议"


# --- union committee elections -----------------------------------------------------------


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", "未开始"
    OPEN = "open", "投票中"
    CLOSED = "closed", "已计票"
    VOID = "void", "无效"


class Election(models.Model):
    """选举: the election of a union committee (or its 经审 / 女职工 committee) at a sitting,
    per 《工会基层组织选举工作条例》. Each candidate gets 赞成 / 不赞成 / 弃权 and a voter may
    write in others (另选他人). ``round`` 2+ is a run-off (另行选举) of ``parent`` for seats
    left empty or tied. ``seated``/``present`` and the ratios are fixed when it opens."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="elections")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runoffs",
        verbose_name="另行选举自",
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    body = models.CharField("选举机构", max_length=16, choices=Body.choices, default=Body.COMMITTEE)
    title = models.CharField("选举名称", max_length=200)
    seats = models.PositiveSmallIntegerField("应选名额")
    on_paper = models.BooleanField("纸质选票", default=False)
    status = models.CharField(
        "状态", max_length=8, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT
    )
    seated = models.PositiveIntegerField("应到有选举权人数", null=True, blank=True)
    present = models.PositiveIntegerField("实到有选举权人数", null=True, blank=True)
    quorum = models.DecimalField("出席比例", null=True, blank=True, **RATIO)
    majority = models.DecimalField("当选比例", null=True, blank=True, **RATIO)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    issued = models.PositiveIntegerField("发出票数", null=True, blank=True)
    returned = models.PositiveIntegerField("收回票数", null=True, blank=True)
    invalid = models.PositiveIntegerField("无效票数", null=True, blank=True)
    scrutineers = models.CharField("监票人、计票人", max_length=200, blank=True)
    # Set on the first-round election when its winners became a committee term.
    committee_term = models.ForeignKey(
        CommitteeTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="产生的委员会届次",
    )

    class Meta:
        verbose_name = "选举"
        verbose_name_plural = "选举"
        ordering = ["sitting", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congress:election_detail", args=[self.pk])


class Candidate(models.Model):
    """候选人 on the ballot, in ballot order. ``is_write_in`` rows are people written in on
    paper ballots (另选他人), added by the counters with their count; electronic write-ins
    are kept on the ballot lines (``ElectionVote.write_in``)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("序号", default=1)
    is_write_in = models.BooleanField("另选他人", default=False)
    paper_yes = models.PositiveIntegerField("赞成（纸质）", null=True, blank=True)
    paper_no = models.PositiveIntegerField("不赞成（纸质）", null=True, blank=True)
    paper_abstain = models.PositiveIntegerField("弃权（纸质）", null=True, blank=True)

    class Meta:
        verbose_name = "候选人"
        verbose_name_plural = "候选人"
        ordering = ["election", "is_write_in", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once")
        ]

    def __str__(self) -> str:
        return self.member.name


class ElectionChoice(models.TextChoices):
    YES = "yes", "赞成"
    NO = "no", "不赞成"
    ABSTAIN = "abstain", "弃权"


class ElectionBallot(models.Model):
    """One secret election ballot: random UUID key, no voter, no time. ``valid`` is False
    for a ballot that approved more people than there are seats (it counts for nobody)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    valid = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "选举票"
        verbose_name_plural = "选举票"

    def __str__(self) -> str:
        return f"{self.election} 选票"


class ElectionVote(models.Model):
    """One line of a valid ballot: a candidate and the choice, or a written-in member
    (always 赞成). Random UUID key: a serial key would keep the order of casting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(ElectionBallot, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    write_in = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choice = models.CharField("选择", max_length=8, choices=ElectionChoice.choices)

    class Meta:
        verbose_name = "选票内容"
        verbose_name_plural = "选票内容"
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False, write_in__isnull=True)
                | Q(candidate__isnull=True, write_in__isnull=False, choice="yes"),
                name="vote_candidate_or_write_in",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ballot} 内容"


class ElectionMark(models.Model):
    """已投票: that a representative has handed in an election ballot, never what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="marks")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="election_marks"
    )

    class Meta:
        verbose_name = "选举投票记录"
        verbose_name_plural = "选举投票记录"
        constraints = [
            models.UniqueConstraint(
                fields=["election", "representative"], name="one_election_ballot_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative} 已投票"
