"""帮扶 figures for plan targets and the year-end summary (``core.metrics``): 建档困难职工数,
帮扶人次 and 帮扶金额. A federation's figures add up its subtree. Money is summed in integer
fen (``finance.queries.common.fen_total``), exact on both databases."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from gonghui.core import metrics
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.members.metrics import in_union

from .models import Aid, FileState, HardshipFile, StateChange

AREA = "帮扶"


def filed_count(union, start: datetime.date, end: datetime.date) -> Decimal:
    """Households on file at the end of the period: filed by then and not left before it."""
    left_later = StateChange.objects.filter(
        file=OuterRef("pk"), to_state=FileState.EXITED, at__date__gt=end
    )
    count = (
        HardshipFile.objects.filter(in_union(union), filed_on__lte=end)
        .filter(Q(state=FileState.FILED) | Q(Exists(left_later), state=FileState.EXITED))
        .count()
    )
    return Decimal(count)


def _aids(union, start, end):
    return Aid.objects.filter(in_union(union, "file__"), given_on__range=(start, end))


def aid_count(union, start, end) -> Decimal:
    return Decimal(_aids(union, start, end).count())


def aid_amount(union, start, end) -> Decimal:
    return fen_to_yuan(_aids(union, start, end).aggregate(t=fen_total("amount"))["t"])


METRICS = (
    metrics.Metric(
        key="care.filed",
        label="建档困难职工数",
        unit="户",
        area=AREA,
        compute=filed_count,
        describe="期末仍在档的困难职工户数（已建档、未脱困退档）。上级工会按所辖基层工会合计。",
        aliases=("建档困难职工", "困难职工建档", "困难职工"),
    ),
    metrics.Metric(
        key="care.aid_count",
        label="帮扶人次",
        unit="人次",
        area=AREA,
        compute=aid_count,
        describe="期间对建档困难职工记录的帮扶次数（资金、物资、就业、助学、医疗）。",
        aliases=("帮扶人次", "帮扶困难职工"),
        cumulative=True,
    ),
    metrics.Metric(
        key="care.aid_amount",
        label="帮扶金额",
        unit="元",
        area=AREA,
        compute=aid_amount,
        describe="期间对建档困难职工记录的帮扶金额（物资、就业等按折价）合计。",
        aliases=("帮扶金额", "帮扶资金"),
        cumulative=True,
    ),
)
