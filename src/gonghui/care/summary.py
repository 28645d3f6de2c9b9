"""The 帮扶 paragraphs of the 年度工作总结 (``core.summary``): households filed in the period
and on file at its end by tier, 帮扶 given (人次 and 金额, summed in fen), 复核 done and
households that left; 走访慰问 (人次, 慰问金, 五必访 on time, the campaigns held). Counts
only: a summary is printed and shown, so it names no person (a campaign by its own name).
A federation's adds up the unions beneath it. Nothing is written when there is nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q

from gonghui.core.summary import Paragraph, Writer
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.members.metrics import in_union

from . import metrics
from .models import Assessment, AssessmentKind, Campaign, FileState, HardshipFile, StateChange
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


VISIT_TOPICS = ("走访", "慰问", "送温暖", "五必访", "关爱", "帮扶", "福利")
CAMPAIGN_NAMES_SHOWN = 5


def _visit_figures(union, start: datetime.date, end: datetime.date) -> dict:
    found = metrics.visits_in(union, start, end).aggregate(
        total=Count("id"),
        events=Count("id", filter=Q(event__isnull=False)),
        fen=fen_total("amount"),
    )
    found["amount"] = fen_to_yuan(found.pop("fen"))
    return found


def visits(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """走访慰问: visits made (五必访 and campaigns), money given, 五必访 on time, the
    campaigns held; a late 五必访 is a shortfall. Counts only: nobody is named."""
    made = _visit_figures(union, start, end)
    timely = metrics.timeliness(union, start, end)
    campaigns = list(
        Campaign.objects.filter(in_union(union), starts_on__range=(start, end))
        .order_by("starts_on", "id")
        .values_list("name", flat=True)
    )
    if not (made["total"] or timely["due"] or campaigns):
        return []
    w = Writer()
    parts = []
    if made["total"]:
        part = f"走访慰问职工{w.n(made['total'], '人次')}"
        if made["events"] and made["events"] != made["total"]:
            others = made["total"] - made["events"]
            part += f"（五必访{w.n(made['events'], '人次')}、慰问活动{w.n(others, '人次')}）"
        if made["amount"]:
            part += f"，发放慰问金{w.yuan(made['amount'])}"
        parts.append(part)
    if timely["due"]:
        rate = Decimal(timely["on_time"]) * 100 / Decimal(timely["due"])
        parts.append(
            f"五必访应走访{w.n(timely['due'], '人次')}，按期走访{w.n(timely['on_time'], '人次')}，"
            f"及时率{w.pct(rate)}"
        )
    if campaigns:
        part = f"开展慰问活动{w.n(len(campaigns), '次')}"
        if not union.is_federation:
            shown = "、".join(w.words(name) for name in campaigns[:CAMPAIGN_NAMES_SHOWN])
            part += f"（{shown}{'等' if len(campaigns) > CAMPAIGN_NAMES_SHOWN else ''}）"
        parts.append(part)
    out = [w.para("care.visits", AREA, "；".join(parts) + "。", topics=VISIT_TOPICS)]
    late = timely["due"] - timely["on_time"]
    if late:
        s = Writer()
        text = f"五必访有{s.n(late, '人次')}未在规定天数内走访，走访及时性有待提高。"
        out.append(s.para("care.visits_late", AREA, text, topics=VISIT_TOPICS, shortfall=True))
    return out
