"""疗休养 rotation: a union's settings (inherited down the tree), the members' priority
categories set by the committee, the rounds (疗休养批次) and each round's ranked entries —
the fair proposal, the list after the committee's adjustments, who went and who declined.
A member's taken entries are their trip history (years since the last trip). Nothing is
deleted: an entry taken off the list stays, with the reason. Imported at the end of
``care/models.py`` so Django finds the models in the app."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

from . import rules_rest as rules
from .fields import voucher_share_fk

MONEY = {"max_digits": 14, "decimal_places": 2}

__all__ = [
    "EntryState",
    "RestEntry",
    "RestRound",
    "RestRoundStatus",
    "RestSettings",
    "RestTag",
]


class RestSettings(models.Model):
    """One union's 疗休养 settings. A union without its own row uses its nearest ancestor's
    (a federation sets them for its unions), else the examples of ``rules_rest`` (衢州 2021)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="rest_settings", verbose_name="工会"
    )
    categories = models.JSONField(
        "优先类别及权重",
        default=rules.example_categories,
        help_text="每行“类别名称 权重”，涉及健康的加“不公示”（公示时显示为“优先照顾”）。",
    )
    frontline_category = models.CharField(
        "一线职工计入的类别",
        max_length=rules.NAME_MAX,
        blank=True,
        default=rules.FRONTLINE,
        help_text="会员档案中标为“一线职工”的，自动计入这一类别；不填则不自动计入。",
    )
    retiring_category = models.CharField(
        "即将退休计入的类别",
        max_length=rules.NAME_MAX,
        blank=True,
        default=rules.RETIRING,
        help_text="按出生日期、性别和退休年龄自动判断；不填则不自动计入。",
    )
    retire_age_male = models.PositiveSmallIntegerField("男职工退休年龄", default=60)
    retire_age_female = models.PositiveSmallIntegerField("女职工退休年龄", default=55)
    retiring_years = models.PositiveSmallIntegerField(
        "即将退休（年内）",
        default=rules.EXAMPLE_RETIRING_YEARS,
        help_text="疗休养开始后这么多年内达到退休年龄的，计为即将退休。",
    )
    cap_day = models.DecimalField("每人每天上限（元）", **MONEY, default=rules.EXAMPLE_CAP_DAY)
    max_days = models.PositiveSmallIntegerField("每次最多天数", default=rules.EXAMPLE_MAX_DAYS)
    cap_year = models.DecimalField("每人每年上限（元）", **MONEY, default=rules.EXAMPLE_CAP_YEAR)
    basis = models.CharField(
        "标准依据", max_length=200, default=rules.EXAMPLE_BASIS, help_text="超标时提示的依据。"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "疗休养设置"
        verbose_name_plural = "疗休养设置"

    def __str__(self) -> str:
        return f"{self.union} · 疗休养设置"


class RestTag(models.Model):
    """A member's priority category (劳动模范, 因工负伤 …) set by the committee, with the year
    it was recognised and why; ended (``removed_at``), never deleted. 一线职工 and 即将退休
    also come from the roster (``RestSettings``)."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="rest_tags", verbose_name="会员"
    )
    category = models.CharField("优先类别", max_length=rules.NAME_MAX)
    year = models.PositiveSmallIntegerField("认定年度")
    reason = models.CharField("依据或说明", max_length=200, blank=True)
    created_by = user_fk("登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    removed_at = models.DateTimeField("取消时间", null=True, blank=True)
    removed_by = user_fk("取消人")

    class Meta:
        verbose_name = "疗休养优先类别"
        verbose_name_plural = "疗休养优先类别"
        ordering = ["member_id", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "category"],
                condition=Q(removed_at__isnull=True),
                name="care_rest_tag_once",
                violation_error_message="该会员已登记为这一优先类别。",
            )
        ]

    def __str__(self) -> str:
        # No name: what the audit trail shows to every audit.view holder.
        return f"疗休养优先类别 第{self.pk}号"


class RestRoundStatus(models.TextChoices):
    DRAFT = "draft", "拟定名单"
    PUBLICITY = "publicity", "公示中"
    CONFIRMED = "confirmed", "名单已确认"
    PAID = "paid", "费用已结算"


class RestRound(models.Model):
    """One 疗休养批次: where (a listed base, chosen through the 采购程序), when, how many
    places and what a place costs; the proposal computed for it, its 公示 and the list."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="rest_rounds", verbose_name="工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("批次名称", max_length=60)
    base = models.CharField("疗休养基地", max_length=100)
    base_listed = models.BooleanField("基地在公布的名录内", default=False)
    procurement_ref = models.CharField("采购程序", max_length=200)
    insured = models.BooleanField("已购买人身意外险", default=False)
    starts_on = models.DateField("开始日期")
    days = models.PositiveSmallIntegerField("天数")
    places = models.PositiveIntegerField("名额")
    cost_per_day = models.DecimalField("每人每天费用（元）", **MONEY)
    dues_until = models.DateField("会费缴至", help_text="此日前应缴的会费已缴清的会员方可参加。")
    status = models.CharField(
        "状态", max_length=12, choices=RestRoundStatus.choices, default=RestRoundStatus.DRAFT
    )
    # the categories (name, weight, public) of the proposal: an entry's mask reads against them
    categories = models.JSONField("拟定时的优先类别", default=list)
    n_eligible = models.PositiveIntegerField("符合条件人数", default=0)
    n_arrears = models.PositiveIntegerField("会费未缴清人数", default=0)
    n_over_cap = models.PositiveIntegerField("超年度限额人数", default=0)
    proposed_at = models.DateTimeField("拟定时间", null=True, blank=True)
    proposed_by = user_fk("拟定人")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = user_fk("确认人")
    paid_on = models.DateField("结算日期", null=True, blank=True)
    paid_by = user_fk("结算经办人")
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "疗休养批次"
        verbose_name_plural = "疗休养批次"
        ordering = ["union_id", "-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "name"],
                name="care_rest_round_name_once",
                violation_error_message="本年度已有同名的疗休养批次。",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(days__gte=1) & Q(cost_per_day__gte=0),
                name="care_rest_round_sizes",
                violation_error_message="名额、天数至少为 1，费用不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("care:rest_round", args=[self.pk])

    @property
    def cost(self):
        """What one place costs (per day × days)."""
        return rules.cost_of(self.cost_per_day, self.days)

    @property
    def ends_on(self):
        import datetime

        return self.starts_on + datetime.timedelta(days=self.days - 1)


class EntryState(models.TextChoices):
    CANDIDATE = "candidate", "候补"
    LISTED = "listed", "入选"
    REMOVED = "removed", "调出"
    TAKEN = "taken", "已参加"
    DECLINED = "declined", "已放弃"


# Entries that hold a place (and count as a trip of the year for the cap and the rotation).
ON_LIST = (EntryState.LISTED, EntryState.TAKEN)


class RestEntry(models.Model):
    """One eligible member in a round's proposal, with why they stand where they do (years
    since the last trip, the categories' bits and weight), and what became of them."""

    # No index of their own: (round, member) and (member, state, year) below lead with them,
    # and the proposal writes every eligible member at once.
    round = models.ForeignKey(
        RestRound,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name="疗休养批次",
        db_index=False,
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name="工会"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="rest_entries",
        verbose_name="会员",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField("年度")
    rank = models.PositiveIntegerField("推荐顺序")
    last_year = models.PositiveSmallIntegerField("上次疗休养年度", null=True, blank=True)
    weight = models.PositiveIntegerField("优先权重", default=0)
    mask = models.IntegerField("优先类别", default=0)
    amount = models.DecimalField("每人费用（元）", **MONEY)
    state = models.CharField(
        "状态", max_length=12, choices=EntryState.choices, default=EntryState.CANDIDATE
    )
    reason = models.CharField("调整或放弃理由", max_length=300, blank=True)
    changed_by = user_fk("经办人")
    changed_at = models.DateTimeField("办理时间", null=True, blank=True)
    voucher_share = voucher_share_fk()

    class Meta:
        verbose_name = "疗休养名单"
        verbose_name_plural = "疗休养名单"
        ordering = ["round_id", "rank"]
        indexes = [
            # a member's trips (the last one, this year's cost): the proposal's two lookups
            models.Index(fields=["member", "state", "year"], name="care_rest_member_trips"),
            # a round's list and its next candidate
            models.Index(fields=["round", "state", "rank"], name="care_rest_round_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"],
                name="care_rest_entry_once",
                violation_error_message="该会员已在本批次名单中。",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="care_rest_amount_not_negative",
                violation_error_message="费用不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        # No name: what the audit trail shows to every audit.view holder.
        return f"疗休养名单 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("care:rest_round", args=[self.round_id]) + f"#entry-{self.pk}"

    @property
    def years_since(self):
        return rules.years_since(self.year, self.last_year)

    def category_names(self, categories=None) -> list[str]:
        return rules.names_of(self.mask, categories or self.round.categories)
