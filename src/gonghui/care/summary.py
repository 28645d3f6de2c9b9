"""The 帮扶 paragraph of the 年度工作总结 (``core.summary``): households filed in the period
and on file at its end by tier, 帮扶 given (人次 and 金额, summed in fen), 复核 done and
households that left. Counts only: a summary is printed and shown, so it names nobody.
A federation's adds up the unions beneath it. Nothing is written when there is nothing."""

from __future__ import annotations

import datetime

from django.db.models import Count

from gonghui.core.summary import Paragraph, Writer
from gonghui.members.metrics import in_union

from . import metrics
from .models import Assessment, AssessmentKind, FileState, HardshipFile, StateChange
from .rules import Tier

AREA = "帮扶"
TOPICS = ("帮扶", "送温暖", "困难职工", "关爱", "福利", "权益", "维权")


def _on_file_by_tier(union, end: datetime.date) -> dict[str, int]:
    rows = (
        HardshipFile.objects.filter(in_union(union), state=FileState.FILED, filed_on__lte=end)
        .values("tier")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["tier"]: r["n"] for r in rows}


def hardship(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    filed = HardshipFile.objects.filter(in_union(union), filed_on__range=(start, end)).count()
    steps = StateChange.objects.filter(in_union(union, "file__"), at__date__range=(start, end))
    exits = steps.filter(to_state=FileState.EXITED).count()
    reviews = Assessment.objects.filter(
        in_union(union, "file__"), kind=AssessmentKind.REVIEW, created_at__date__range=(start, end)
    ).count()
    aid_count = metrics.aid_count(union, start, end)
    on_file = _on_file_by_tier(union, end)
    if not (filed or exits or reviews or aid_count or on_file):
        return []
    w = Writer()
    parts = []
    if filed:
        parts.append(f"新建档困难职工{w.n(filed, '户')}")
    if on_file:
        tiers = [
            f"{label}{w.n(on_file[value], '户')}"
            for value, label in Tier.choices
            if on_file.get(value)
        ]
        parts.append(f"期末在档{w.n(sum(on_file.values()), '户')}（{'、'.join(tiers)}）")
    if aid_count:
        amount = metrics.aid_amount(union, start, end)
        parts.append(f"开展帮扶{w.n(aid_count, '人次')}，帮扶金额{w.yuan(amount)}")
    if reviews:
        parts.append(f"完成年度复核{w.n(reviews, '户次')}")
    if exits:
        parts.append(f"脱困退档{w.n(exits, '户')}")
    text = "；".join(parts) + "。"
    return [w.para("care.hardship", AREA, text, topics=TOPICS)]
