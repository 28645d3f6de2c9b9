"""捐款 (一日捐, 爱心捐款, 慈善募捐): a union's donation campaigns, each member's pledges (认捐)
and payments (实缴), and the hand-over (上交) of the money collected to the body the campaign
collects for (a 慈善总会, the federation). Imported at the end of ``care/models.py`` so Django
finds the models in the app.

The money is the donors', not the union's: the union collects and passes it on, so nothing
here is a finance voucher (docs/care-donations.md, "Why no voucher"). Entries are never
edited or deleted: a mistake is put right by a 撤销 entry (the negative of the entry, with a
reason) and, for a wrong amount, a new entry."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

MONEY = {"max_digits": 14, "decimal_places": 2}
NAME_MAX = 100
PURPOSE_MAX = 1000
RECIPIENT_MAX = 100
NOTE_MAX = 200
RECEIPT_MAX = 60

__all__ = [
    "CampaignState",
    "DonationCampaign",
    "DonationEntry",
    "DonationHandover",
    "DonationKind",
    "Donor",
    "EntryKind",
    "PayMethod",
]


def _reverses() -> models.OneToOneField:
    """What a 撤销 record reverses: the record it negates, reversed at most once."""
    return models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name="撤销的记录",
    )


class DonationKind(models.TextChoices):
    ONE_DAY = "one_day", "一日捐"
    LOVE = "love", "爱心捐款"
    CHARITY = "charity", "慈善募捐"
    OTHER = "other", "其他"


class CampaignState(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class DonationCampaign(models.Model):
    """One 捐款活动 of a grassroots union: what it is for, whom the money goes to, its dates,
    an optional suggested amount (a suggestion: giving is voluntary, 自愿), and whether the
    thank-you list shows each donor's amount or names only."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="donation_campaigns", verbose_name="工会"
    )
    name = models.CharField("活动名称", max_length=NAME_MAX)
    kind = models.CharField("捐款类型", max_length=12, choices=DonationKind.choices)
    purpose = models.TextField("用途及受益对象", max_length=PURPOSE_MAX)
    recipient = models.CharField(
        "接收单位",
        max_length=RECIPIENT_MAX,
        blank=True,
        help_text="善款上交给谁，如“区慈善总会”“区总工会”。",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    suggested_amount = models.DecimalField(
        "建议金额（元）", **MONEY, null=True, blank=True, help_text="仅为倡议，自愿捐款。"
    )
    suggestion = models.CharField(
        "倡议说明", max_length=NOTE_MAX, blank=True, help_text="如“倡议捐出一天工资”。"
    )
    show_amounts = models.BooleanField(
        "感谢名单显示金额", default=False, help_text="不勾选则感谢名单只列姓名。"
    )
    state = models.CharField(
        "状态", max_length=8, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    opened_on = models.DateField("发布日期", null=True, blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "捐款活动"
        verbose_name_plural = "捐款活动"
        ordering = ["union_id", "-starts_on", "-id"]
        indexes = [models.Index(fields=["union", "state"], name="care_donation_union_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="care_donation_ends_after_start",
                violation_error_message="截止日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=Q(suggested_amount__isnull=True) | Q(suggested_amount__gt=0),
                name="care_donation_suggestion_positive",
                violation_error_message="建议金额须大于 0。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("care:donation_campaign", args=[self.pk])


class Donor(models.Model):
    """A member who pledged or gave in a campaign: one row per campaign and member, made with
    their first entry. ``anonymous`` is their wish for the thank-you list (爱心人士)."""

    campaign = models.ForeignKey(
        DonationCampaign, on_delete=models.PROTECT, related_name="donors", verbose_name="捐款活动"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="donations", verbose_name="会员"
    )
    anonymous = models.BooleanField("匿名", default=False)
    created_at = models.DateTimeField("首次登记时间", default=timezone.now)

    class Meta:
        verbose_name = "捐款人"
        verbose_name_plural = "捐款人"
        ordering = ["campaign_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                name="care_donor_once_per_campaign",
                violation_error_message="该会员已在本次捐款活动中登记。",
            ),
        ]

    def __str__(self) -> str:
        # No name: what the audit trail shows.
        return f"{self.campaign} · 捐款人 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url()


class EntryKind(models.TextChoices):
    PLEDGE = "pledge", "认捐"
    PAYMENT = "payment", "实缴"


class PayMethod(models.TextChoices):
    CASH = "cash", "现金"
    TRANSFER = "transfer", "转账"
    PAYROLL = "payroll", "工资代扣"
    # paid by the donor straight to the recipient (its own code or account): the union only
    # counts it, holds nothing and hands nothing over
    DIRECT = "direct", "直接捐给接收单位"


class DonationEntry(models.Model):
    """One 认捐 or 实缴, or the 撤销 of one (``reverses``: the same kind, the negative amount,
    a reason). Never edited nor deleted."""

    campaign = models.ForeignKey(
        DonationCampaign, on_delete=models.PROTECT, related_name="entries", verbose_name="捐款活动"
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="entries", verbose_name="捐款人"
    )
    kind = models.CharField("类别", max_length=8, choices=EntryKind.choices)
    amount = models.DecimalField("金额（元）", **MONEY)
    method = models.CharField(
        "缴款方式", max_length=10, choices=PayMethod.choices, blank=True, default=""
    )
    on = models.DateField("日期")
    reverses = _reverses()
    reason = models.CharField("撤销原因", max_length=NOTE_MAX, blank=True)
    note = models.CharField("备注", max_length=NOTE_MAX, blank=True)
    self_recorded = models.BooleanField("本人登记", default=False)
    recorded_by = user_fk("登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "捐款记录"
        verbose_name_plural = "捐款记录"
        ordering = ["campaign_id", "id"]
        # covers the period's payments (queries.given_in): the sum and the 人次 per donor
        # read the index alone; (campaign, kind) before it was its prefix
        indexes = [
            models.Index(
                fields=["campaign", "kind", "on", "donor", "amount"], name="care_donation_entry_day"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0) & ~Q(reason=""),
                name="care_donation_entry_sign",
                violation_error_message="捐款金额须大于 0；撤销记录为负数并写明原因。",
            ),
            models.CheckConstraint(
                condition=Q(kind="pledge", method="") | Q(kind="payment") & ~Q(method=""),
                name="care_donation_entry_method",
                violation_error_message="实缴须注明缴款方式，认捐不填。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}记录 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url() + f"#entry-{self.pk}"

    @property
    def union_id(self) -> int:  # the audit trail files the entry under the campaign's union
        return self.campaign.union_id

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class DonationHandover(models.Model):
    """上交: money the union collected, handed to the recipient on a day against its receipt
    (收据编号); or the 撤销 of such a record (``reverses``, negative, with a reason)."""

    campaign = models.ForeignKey(
        DonationCampaign,
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name="捐款活动",
    )
    on = models.DateField("上交日期")
    recipient = models.CharField("接收单位", max_length=RECIPIENT_MAX)
    amount = models.DecimalField("上交金额（元）", **MONEY)
    receipt_no = models.CharField("收据编号", max_length=RECEIPT_MAX, blank=True)
    note = models.CharField("备注", max_length=NOTE_MAX, blank=True)
    reverses = _reverses()
    reason = models.CharField("撤销原因", max_length=NOTE_MAX, blank=True)
    recorded_by = user_fk("登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "善款上交记录"
        verbose_name_plural = "善款上交记录"
        ordering = ["campaign_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0) & ~Q(receipt_no="")
                | Q(reverses__isnull=False, amount__lt=0) & ~Q(reason=""),
                name="care_donation_handover_sign",
                violation_error_message="上交金额须大于 0 并填写收据编号；撤销记录为负数并写明原因。",
            ),
        ]

    def __str__(self) -> str:
        return f"善款上交 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url() + "#handovers"

    @property
    def union_id(self) -> int:  # the audit trail files the entry under the campaign's union
        return self.campaign.union_id
