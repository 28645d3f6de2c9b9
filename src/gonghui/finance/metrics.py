"""The books' figures for plan targets and the year-end summary (``core.metrics``).

Each figure is read the way the finance pages read it: dues collection as the 会费收缴
statement does (charged and paid of the months' ``DuesCharge`` rows), budget execution as
``queries.budget.execution`` computes it, money summed in integer fen (``fen_total``).
A federation keeps no books here: its dues and 慰问 figures add up its subtree; it has no
budget of its own, so 预算执行率 has no figure for it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Case, Exists, IntegerField, OuterRef, Sum, Value, When
from django.db.models.functions import Coalesce

from gonghui.core import metrics
from gonghui.members.metrics import in_union, percent

from .models import Budget, DuesCharge, VoucherLine, VoucherShare, VoucherStatus
from .queries.budget import execution
from .queries.common import fen_to_yuan, fen_total

# 慰问 paid to people on an occasion (《基层工会经费收支管理办法》: 会员生病住院、结婚生育、
# 退休、去世及直系亲属去世的慰问, 困难帮扶, 送温暖). Festival and birthday gifts (50101,
# 50102) go to every member and are counted by the spending rules, not here.
CARE_CATEGORIES = (
    "50103",  # 住院慰问
    "50104",  # 结婚慰问
    "50105",  # 生育慰问
    "50106",  # 退休慰问
    "50107",  # 会员去世慰问
    "50108",  # 直系亲属去世慰问
    "50201",  # 困难帮扶
    "50202",  # 送温暖
)


def dues_rate(union, start, end) -> Decimal | None:
    """Paid over charged for every month that overlaps the period (a charge is dated the
    first of its month); ``paid`` is net of reversed payments (the payment services keep
    it)."""
    sums = DuesCharge.objects.filter(
        in_union(union), month__gte=start.replace(day=1), month__lte=end
    ).aggregate(charged=fen_total("amount"), paid=fen_total("paid"))
    return percent(sums["paid"] or 0, sums["charged"] or 0)


def budget_rate(union, start, end) -> Decimal | None:
    """Posted spending over the adjusted expenditure of the adopted budget of ``end``'s year:
    the total row of the budget execution page, to two places."""
    if union.is_federation:
        return None
    budget = Budget.objects.filter(union=union, year=end.year, adopted_on__isnull=False).first()
    if budget is None:
        return None
    total = execution(union, end.year, budget).expense_total
    if total["effective"] <= 0:
        return None
    return percent(total["spent"], total["effective"])


def _care_lines(union, start: datetime.date, end: datetime.date):
    """Posted 慰问 lines dated in the period. A reversing voucher's lines are the original's
    negated, so a reversal cancels what it reverses."""
    return VoucherLine.objects.filter(
        in_union(union),
        status=VoucherStatus.POSTED,
        date__range=(start, end),
        category__code__in=CARE_CATEGORIES,
    )


def _signed(value):
    """``value`` for a payment, minus ``value`` for a reversing (negative) amount."""
    return Case(When(amount__lt=0, then=-value), default=value, output_field=IntegerField())


def care_count(union, start, end) -> Decimal:
    """Persons paid: one per member named on a line (``VoucherShare``); a line without a
    list counts its recorded 参与人数, else one payee. Two aggregate queries."""
    lines = _care_lines(union, start, end)
    named = VoucherShare.objects.filter(line__in=lines).aggregate(n=Sum(_signed(Value(1))))
    unnamed = lines.filter(~Exists(VoucherShare.objects.filter(line=OuterRef("pk")))).aggregate(
        n=Sum(_signed(Coalesce("participants", Value(1))))
    )
    return Decimal((named["n"] or 0) + (unnamed["n"] or 0))


def care_amount(union, start, end) -> Decimal:
    return fen_to_yuan(_care_lines(union, start, end).aggregate(t=fen_total("amount"))["t"])


AREA = "经费"
CARE_NOTE = "住院、结婚、生育、退休、去世、直系亲属去世慰问及困难帮扶、送温暖"

METRICS = (
    metrics.Metric(
        key="finance.dues_rate",
        label="会费收缴率",
        unit="%",
        area=AREA,
        compute=dues_rate,
        describe="期间各月实缴会费占应缴会费的百分比（冲销的缴费不计）；没有应缴记录时无数据。"
        "上级工会按所辖基层工会合计。",
        aliases=("会费收缴率", "收缴率", "会费收缴"),
    ),
    metrics.Metric(
        key="finance.budget_rate",
        label="预算执行率",
        unit="%",
        area=AREA,
        compute=budget_rate,
        describe="当年已记账支出占审议通过的支出预算（含调整）的百分比；预算未审议通过时无数据，"
        "上级工会不在本平台编制预算。",
        aliases=("预算执行率", "预算执行"),
    ),
    metrics.Metric(
        key="finance.care_count",
        label="慰问人次",
        unit="人次",
        area=AREA,
        compute=care_count,
        describe=f"期间已记账的{CARE_NOTE}支出所发放的人次（冲销凭证相抵）。"
        "上级工会按所辖基层工会合计。",
        aliases=("慰问人次", "慰问", "送温暖", "走访慰问"),
        cumulative=True,
    ),
    metrics.Metric(
        key="finance.care_amount",
        label="慰问金额",
        unit="元",
        area=AREA,
        compute=care_amount,
        describe=f"期间已记账的{CARE_NOTE}支出金额合计（冲销凭证相抵）。"
        "上级工会按所辖基层工会合计。",
        aliases=("慰问金额", "慰问金"),
        cumulative=True,
    ),
)


def register_all() -> None:
    metrics.register(*METRICS)
