"""Money (经费与会费): dues, the ledger of vouchers, spending rules, budgets, the audit
committee's findings and the mutual-aid fund.

The ledger is the posted vouchers: every statement sums posted ``VoucherLine`` rows, so a
figure on screen and in a spreadsheet is always the same sum. Posted vouchers are never
edited; a correction is a reversing voucher that points at the original. Amounts are
``Decimal`` yuan with two places everywhere (``MONEY``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.core.models import Role
from gonghui.orgs.models import Member, Union

from . import rules

MONEY = {"max_digits": 14, "decimal_places": 2}


# --- settings -----------------------------------------------------------------------


class DuesRounding(models.TextChoices):
    DROP_UNDER_TEN = "drop10", "基数不足10元的部分不计，结果保留到分"
    EXACT = "exact", "按实际基数计算，结果保留到分"


class WageItem(models.TextChoices):
    """Wage items a payroll lists; the union's setting says which count toward dues."""

    BASIC = "basic", "基本工资"
    POST = "post", "岗位（薪级）工资"
    PERFORMANCE = "performance", "基础性绩效工资"
    ALLOWANCE = "allowance", "津贴补贴"
    BONUS = "bonus", "奖金"


APPROVER_ROLES = [
    (Role.CHAIR, "工会主席"),
    (Role.COMMITTEE, "工会委员"),
    (Role.TREASURER, "财务"),
]


class FinanceSettings(models.Model):
    """One union's money settings. A union without its own row uses its nearest ancestor's,
    and the defaults in ``finance/rules.py`` at the top (``queries.settings_for``)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="finance_settings", verbose_name="工会"
    )
    dues_rate = models.DecimalField(
        "会费比例", max_digits=6, decimal_places=4, default=rules.DUES_RATE
    )
    dues_rounding = models.CharField(
        "会费取整", max_length=8, choices=DuesRounding.choices, default=DuesRounding.DROP_UNDER_TEN
    )
    dues_items = models.JSONField(
        "计入会费基数的工资项目", default=list, help_text="默认基本工资、岗位工资、基础性绩效工资"
    )
    exempt_retired = models.BooleanField("退休会员免交会费", default=True)
    arrears_months = models.PositiveSmallIntegerField(
        "连续欠缴提示月数", default=rules.ARREARS_MONTHS
    )
    funds_rate = models.DecimalField(
        "经费拨缴比例", max_digits=6, decimal_places=4, default=rules.FUNDS_RATE
    )
    local_share = models.DecimalField(
        "基层留成比例", max_digits=5, decimal_places=4, default=rules.LOCAL_SHARE
    )
    approver_role = models.CharField(
        "凭证审批角色", max_length=32, choices=APPROVER_ROLES, default=Role.CHAIR
    )
    budget_warn_ratio = models.DecimalField(
        "预算预警比例", max_digits=4, decimal_places=2, default=rules.BUDGET_WARN_RATIO
    )
    mutual_aid = models.BooleanField("开办储金会/互助金", default=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    # Not stored: where the settings in force come from, set by ``settings_for``
    # (``core.union_settings.inherited``): None (the union's own row), the ancestor whose
    # row it is, or "defaults".
    inherited_from: Union | Literal["defaults"] | None

    class Meta:
        verbose_name = "财务设置"
        verbose_name_plural = "财务设置"

    def __str__(self) -> str:
        return f"{self.union}财务设置"


# --- dues -----------------------------------------------------------------------------


class DuesBase(models.Model):
    """会费基数: one member's current monthly wage items. The dues run multiplies the items
    the union counts by the rate; each charge keeps the base it used, so history stays."""

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="dues_base", verbose_name="会员"
    )
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", db_index=False)
    basic = models.DecimalField("基本工资", default=Decimal("0"), **MONEY)
    post = models.DecimalField("岗位（薪级）工资", default=Decimal("0"), **MONEY)
    performance = models.DecimalField("基础性绩效工资", default=Decimal("0"), **MONEY)
    allowance = models.DecimalField("津贴补贴", default=Decimal("0"), **MONEY)
    bonus = models.DecimalField("奖金", default=Decimal("0"), **MONEY)
    exempt = models.BooleanField("免交会费", default=False)
    exempt_reason = models.CharField("免交原因", max_length=100, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "会费基数"
        verbose_name_plural = "会费基数"
        indexes = [models.Index(fields=["union", "member"])]

    def __str__(self) -> str:
        return f"{self.member}会费基数"


class DuesRun(models.Model):
    """One run of the monthly dues calculation; a re-run records itself and adds only the
    charges that were missing."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")
    created = models.PositiveIntegerField("新增应缴笔数", default=0)
    skipped = models.PositiveIntegerField("已有笔数", default=0)
    total = models.DecimalField("新增应缴金额", default=Decimal("0"), **MONEY)
    run_by = user_fk(verbose_name="计算人")
    run_at = models.DateTimeField("计算时间", default=timezone.now)

    class Meta:
        verbose_name = "会费计算"
        verbose_name_plural = "会费计算"
        ordering = ["-month", "-id"]

    def __str__(self) -> str:
        return f"{self.union} {self.month:%Y年%m月}会费计算"


class DuesCharge(models.Model):
    """应缴会费: what one member owes for one month. ``paid`` is kept by the payment
    services in the same transaction as each payment or reversal."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", db_index=False)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_charges", verbose_name="会员"
    )
    group_id_at = models.BigIntegerField("计算时所在小组", null=True, blank=True)
    month = models.DateField("月份")
    base = models.DecimalField("会费基数", **MONEY)
    rate = models.DecimalField("比例", max_digits=6, decimal_places=4)
    amount = models.DecimalField("应缴", **MONEY)
    paid = models.DecimalField("已缴", default=Decimal("0"), **MONEY)
    run = models.ForeignKey(DuesRun, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = "应缴会费"
        verbose_name_plural = "应缴会费"
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_one_charge_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_charge_not_negative"),
        ]
        indexes = [models.Index(fields=["union", "month"])]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} 应缴{self.amount}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid


class PaymentMethod(models.TextChoices):
    PAYROLL = "payroll", "工资代扣"
    TRANSFER = "transfer", "转账"
    CASH = "cash", "现金"
    ONLINE = "online", "线上缴纳"


class DuesBatch(models.Model):
    """One recorded batch of payments: a payroll-deduction spreadsheet or a form post.
    The idempotency key makes a double-submitted form record the batch once."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")
    method = models.CharField("缴纳方式", max_length=16, choices=PaymentMethod.choices)
    filename = models.CharField("文件名", max_length=200, blank=True)
    count = models.PositiveIntegerField("笔数", default=0)
    total = models.DecimalField("金额", default=Decimal("0"), **MONEY)
    idempotency_key = models.CharField(max_length=64, blank=True)
    recorded_by = user_fk()
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    voucher = models.ForeignKey(
        "Voucher", on_delete=models.PROTECT, null=True, blank=True, related_name="dues_batches"
    )

    class Meta:
        verbose_name = "会费收缴批次"
        verbose_name_plural = "会费收缴批次"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="dues_batch_idempotent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.month:%Y-%m} {self.get_method_display()} {self.count}笔"


class DuesPayment(models.Model):
    """实缴会费: one payment against one charge. A mistaken payment is not deleted: a
    reversing payment (negative, ``reverses`` set) cancels it."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", db_index=False)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_payments", verbose_name="会员"
    )
    charge = models.ForeignKey(
        DuesCharge, on_delete=models.PROTECT, related_name="payments", verbose_name="应缴记录"
    )
    batch = models.ForeignKey(DuesBatch, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("金额", **MONEY)
    paid_on = models.DateField("缴纳日期")
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "实缴会费"
        verbose_name_plural = "实缴会费"
        indexes = [models.Index(fields=["union", "paid_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(reverses__isnull=False),
                name="dues_payment_negative_only_reversal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.amount}"


# --- the employer's remittance ----------------------------------------------------------


class PayrollMonth(models.Model):
    """工资总额: the employer's payroll for one month, as its payroll office reports it. The
    2% remittance (《工会法》第四十三条) due from the employer is computed from it and set
    against the 拨缴经费收入 actually received."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")
    amount = models.DecimalField("全部职工工资总额", **MONEY)
    recorded_by = user_fk()
    recorded_at = models.DateTimeField("登记时间", auto_now=True)

    class Meta:
        verbose_name = "工资总额"
        verbose_name_plural = "工资总额"
        constraints = [
            models.UniqueConstraint(fields=["union", "month"], name="payroll_once_a_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payroll_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.month:%Y-%m} 工资总额 {self.amount}"


# --- the ledger -----------------------------------------------------------------------


class Kind(models.TextChoices):
    INCOME = "income", "收入"
    EXPENSE = "expense", "支出"


class Category(models.Model):
    """收支科目: the national categories and their sub-items (``rules.CATEGORIES``)."""

    code = models.CharField("科目编码", max_length=8, unique=True)
    name = models.CharField("科目名称", max_length=40)
    kind = models.CharField("类别", max_length=8, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = "收支科目"
        verbose_name_plural = "收支科目"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name if self.parent_id is None else f"{self.parent.name}—{self.name}"

    @property
    def top_code(self) -> str:
        return self.code[:3]


class VoucherStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已审批"
    POSTED = "posted", "已记账"


class Voucher(models.Model):
    """记账凭证: draft → submitted → approved (by the union's approver role, never the
    person who drafted or submitted it) → posted. Posted vouchers are never edited."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("收支", max_length=8, choices=Kind.choices)
    number = models.CharField("凭证号", max_length=20, blank=True)
    date = models.DateField("业务日期")
    summary = models.CharField("摘要", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=VoucherStatus.choices, default=VoucherStatus.DRAFT
    )
    total = models.DecimalField("金额合计", default=Decimal("0"), **MONEY)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name="冲销的凭证",
    )
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_by = user_fk(verbose_name="制单人")
    created_at = models.DateTimeField("制单时间", default=timezone.now)
    submitted_by = user_fk(verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = user_fk(verbose_name="审批人")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    posted_by = user_fk(verbose_name="记账人")
    posted_at = models.DateTimeField("记账时间", null=True, blank=True)
    returned_reason = models.CharField("退回原因", max_length=300, blank=True)
    # A chair may let a voucher past a spending rule with a written reason; the reason,
    # who gave it and the violations it overrode are kept for the audit committee.
    override_reason = models.TextField("超标准说明", blank=True)
    override_by = user_fk(verbose_name="批准超标准")
    override_at = models.DateTimeField("超标准批准时间", null=True, blank=True)
    override_violations = models.JSONField("被放行的超标准事项", default=list, blank=True)

    # Not stored: the budget warnings of the submit or approval that returned this voucher
    # (``services.vouchers.voucher_submit`` / ``voucher_approve``), for the page to show.
    warnings: list[str]

    class Meta:
        verbose_name = "记账凭证"
        verbose_name_plural = "记账凭证"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "status", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="voucher_idempotent",
            ),
            models.UniqueConstraint(
                fields=["union", "number"], condition=~Q(number=""), name="voucher_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or '草稿'} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("finance:voucher_detail", args=[self.pk])

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class PayForm(models.TextChoices):
    """发放形式: rules forbid cash and shopping cards for gifts."""

    TRANSFER = "transfer", "转账"
    GOODS = "goods", "实物"
    VOUCHER = "voucher", "提货凭证（指定商户）"
    CASH = "cash", "现金"
    CARD = "card", "购物卡"


class VoucherLine(models.Model):
    """One line of a voucher: a category and an amount, paid to a payee or shared out over
    a list of members (``VoucherShare``) for per-person payments."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="lines")
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", db_index=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name="科目"
    )
    amount = models.DecimalField("金额", **MONEY)
    payee = models.CharField("收/付款单位或个人", max_length=100, blank=True)
    pay_form = models.CharField(
        "发放形式", max_length=10, choices=PayForm.choices, default=PayForm.TRANSFER
    )
    event = models.CharField(
        "事由", max_length=100, blank=True, help_text="如 春节、住院（疾病名称）、第二届羽毛球赛"
    )
    days = models.PositiveSmallIntegerField("天数", null=True, blank=True)
    participants = models.PositiveIntegerField("参与人数", null=True, blank=True)
    # Denormalised from the voucher for the statements' one-table sums.
    status = models.CharField(max_length=12, choices=VoucherStatus.choices, default="draft")
    date = models.DateField()

    class Meta:
        verbose_name = "凭证分录"
        verbose_name_plural = "凭证分录"
        indexes = [models.Index(fields=["union", "status", "date", "category"])]

    def __str__(self) -> str:
        return f"{self.category} {self.amount}"


class VoucherShare(models.Model):
    """One member's share of a per-person line: the running totals the spending rules
    check are sums of these."""

    line = models.ForeignKey(VoucherLine, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="voucher_shares", verbose_name="会员"
    )
    amount = models.DecimalField("金额", **MONEY)
    # What the payment is for, per person: the illness of a 住院慰问, or the record another
    # module pays from ("care.aid:12"). A rule "once a year per event" counts the shares of
    # one member with the same key; typed on a voucher it defaults to the line's 事由.
    event_key = models.CharField("事项", max_length=100, blank=True)

    class Meta:
        verbose_name = "个人发放明细"
        verbose_name_plural = "个人发放明细"
        constraints = [
            models.UniqueConstraint(fields=["line", "member"], name="share_once_per_line")
        ]
        indexes = [models.Index(fields=["member", "line"])]

    def __str__(self) -> str:
        return f"{self.member} {self.amount}"


class Attachment(models.Model):
    """A receipt or sign-off sheet. The file lives under GONGHUI_DATA_DIR/attachments/,
    named by its SHA-256; the row keeps the checksum to prove the file unchanged."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = user_fk(verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "凭证附件"
        verbose_name_plural = "凭证附件"

    def __str__(self) -> str:
        return self.name


# --- spending rules -----------------------------------------------------------------


class SpendingRule(models.Model):
    """开支标准: one rule for one category. ``union`` empty: the platform's example rule;
    otherwise it replaces the rule of the same ``key`` for the union and its subtree.
    Every limit is optional; an inactive row switches an inherited rule off."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key = models.SlugField("规则代码", max_length=40)
    name = models.CharField("名称", max_length=40)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name="适用科目"
    )
    cap_year = models.DecimalField(
        "每人每年上限（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    cap_event = models.DecimalField(
        "每人每次上限（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    times_year = models.PositiveSmallIntegerField("每人每年次数上限", null=True, blank=True)
    cap_day = models.DecimalField(
        "每人每天上限（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    winners_one_in = models.PositiveSmallIntegerField(
        "获奖面（每 N 名参与者至多 1 人获奖）", null=True, blank=True
    )
    # 同一事项（如同一病种）每人每年 N 次: counted per member and event key, not per category.
    times_event_year = models.PositiveSmallIntegerField(
        "同一事项每人每年次数上限", null=True, blank=True
    )
    # 每人累计 N 次，不分年度 (退休慰问: once in a member's life).
    times_ever = models.PositiveSmallIntegerField("每人累计次数上限", null=True, blank=True)
    # The line's 天数 must exceed N (住院慰问: only a stay of more than N days).
    min_days = models.PositiveSmallIntegerField("天数须超过（天）", null=True, blank=True)
    forbid_cash = models.BooleanField("不得发放现金", default=False)
    forbid_card = models.BooleanField("不得发放购物卡", default=False)
    # Not payable from union funds at all (职工体检: the employer pays, 皖工发〔2025〕18号).
    forbid_union_funds = models.BooleanField("不得列支工会经费", default=False)
    active = models.BooleanField("启用", default=True)
    is_example = models.BooleanField("示例标准", default=False)
    source = models.CharField("依据", max_length=300, blank=True)
    updated_by = user_fk(verbose_name="修改人")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "开支标准"
        verbose_name_plural = "开支标准"
        ordering = ["category__code", "key"]
        constraints = [
            models.UniqueConstraint(fields=["union", "key"], name="rule_key_per_union"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(union__isnull=True), name="rule_key_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- budget -------------------------------------------------------------------------


class AdoptedBy(models.TextChoices):
    CONGRESS = "congress", "会员（代表）大会"
    COMMITTEE = "committee", "工会委员会"


class Budget(models.Model):
    """年度预算: lines per category or sub-item; adopted on a recorded date by a recorded
    body. Adjustments are their own records; the original figures stay."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    adopted_on = models.DateField("通过日期", null=True, blank=True)
    adopted_by = models.CharField("审议通过", max_length=12, choices=AdoptedBy.choices, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "年度预算"
        verbose_name_plural = "年度预算"
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="one_budget_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}年预算"

    def get_absolute_url(self) -> str:
        return reverse("finance:budget_detail", args=[self.union.code, self.year])

    @property
    def adopted(self) -> bool:
        return self.adopted_on is not None


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="lines")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name="科目"
    )
    amount = models.DecimalField("预算数", **MONEY)

    class Meta:
        verbose_name = "预算项目"
        verbose_name_plural = "预算项目"
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="budget_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.amount}"


class BudgetAdjustment(models.Model):
    """预算调整: a change to one line, with its reason and the date it was decided."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="adjustments")
    delta = models.DecimalField("调整金额（增加为正）", **MONEY)
    reason = models.CharField("调整原因", max_length=300)
    decided_on = models.DateField("决定日期")
    recorded_by = user_fk()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "预算调整"
        verbose_name_plural = "预算调整"

    def __str__(self) -> str:
        return f"{self.line.category} 调整 {self.delta}"


# --- the audit committee (经审) -------------------------------------------------------


class FindingStatus(models.TextChoices):
    OPEN = "open", "待答复"
    RESPONDED = "responded", "已答复"
    CLOSED = "closed", "已关闭"


class Finding(models.Model):
    """审查意见: written by the audit committee on a voucher or a period; answered by the
    treasurer or chair; closed by the audit committee."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    period_start = models.DateField("期间起", null=True, blank=True)
    period_end = models.DateField("期间止", null=True, blank=True)
    title = models.CharField("事项", max_length=100)
    text = models.TextField("审查意见")
    status = models.CharField(
        "状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    created_by = user_fk(verbose_name="经审委员")
    created_at = models.DateTimeField(default=timezone.now)
    response = models.TextField("答复", blank=True)
    responded_by = user_fk(verbose_name="答复人")
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_fk(verbose_name="关闭人")
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.CharField("关闭说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "审查意见"
        verbose_name_plural = "审查意见"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("finance:finding_detail", args=[self.pk])


# --- mutual-aid fund (储金会/互助金) ----------------------------------------------------


class AidEntryKind(models.TextChoices):
    DEPOSIT = "deposit", "存入"
    WITHDRAW = "withdraw", "退还储金"
    LOAN = "loan", "借出"
    REPAY = "repay", "还款"


class AidEntry(models.Model):
    """One movement of the mutual-aid fund. The balance is deposits − withdrawals − loans +
    repayments; a loan that would take it below zero is refused."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=AidEntryKind.choices)
    amount = models.DecimalField("金额", **MONEY)
    on = models.DateField("日期")
    loan = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repayments"
    )
    months = models.PositiveSmallIntegerField("借款期限（月）", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    recorded_by = user_fk()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "互助金收支"
        verbose_name_plural = "互助金收支"
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aid_amount_positive"),
            models.UniqueConstraint(
                fields=["union", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="aid_idempotent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.amount}"
