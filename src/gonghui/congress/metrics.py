"""The congress's figures for plan targets and the year-end summary (``core.metrics``).

The three proposal rates are ``queries.proposals.figures`` over the sittings dated in the
period: its counts are added sitting by sitting and the rate is taken once from the sums
(never an average of the sittings' percentages), so a figure here and on the sitting's page
come from one definition. Congresses are held by grassroots unions; a federation's figures
add up its subtree.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.core import metrics
from gonghui.members.metrics import in_union, percent

from .models import Proposal, Sitting, SittingStatus
from .queries.proposals import SUBMITTED, figures

HELD = (SittingStatus.OPEN, SittingStatus.CLOSED)


def _sittings(union, start: datetime.date, end: datetime.date):
    return Sitting.objects.filter(in_union(union, "term__"), date__range=(start, end))


def sittings(union, start, end) -> Decimal:
    """Sittings opened (宣布开会), dated in the period."""
    return Decimal(_sittings(union, start, end).filter(status__in=HELD).count())


def proposals(union, start, end) -> Decimal:
    """Proposals submitted (enough co-signers confirmed) in the period, by the local date of
    submission; drafts and withdrawn ones are never counted."""
    return Decimal(
        Proposal.objects.filter(
            in_union(union, "sitting__term__"),
            status__in=SUBMITTED,
            submitted_at__date__range=(start, end),
        ).count()
    )


def _summed(union, start, end) -> dict[str, int]:
    """``figures()``' counts added over the period's sittings (one query per sitting; a
    union holds one or two a year)."""
    sums = dict.fromkeys(
        ("submitted", "accepted", "merged", "assigned", "closed_on_time", "rated", "satisfied"),
        0,
    )
    for sitting in _sittings(union, start, end).order_by("date", "pk"):
        f = figures(sitting, end)
        for key in sums:
            sums[key] += getattr(f, key)
    return sums


def accept_rate(union, start, end) -> Decimal | None:
    s = metrics.shared(_summed, union, start, end)
    return percent(s["accepted"] + s["merged"], s["submitted"])


def ontime_rate(union, start, end) -> Decimal | None:
    s = metrics.shared(_summed, union, start, end)
    return percent(s["closed_on_time"], s["assigned"])


def satisfaction(union, start, end) -> Decimal | None:
    s = metrics.shared(_summed, union, start, end)
    return percent(s["satisfied"], s["rated"])


AREA = "职代会"
OVER = "以会议日期在期间内的各次会议的提案合计计算"

METRICS = (
    metrics.Metric(
        key="congress.sittings",
        label="召开次数",
        unit="次",
        area=AREA,
        compute=sittings,
        describe="会议日期在期间内并已宣布开会的职代会（教代会）次数。上级工会按所辖基层工会合计。",
        aliases=("职代会召开次数", "召开", "教代会", "职代会", "职工代表大会", "教职工代表大会"),
        cumulative=True,
    ),
    metrics.Metric(
        key="congress.proposals",
        label="提案数",
        unit="件",
        area=AREA,
        compute=proposals,
        describe="期间内提交（附议人数已够）的提案件数，不含征集附议中和已撤回的。"
        "上级工会按所辖基层工会合计。",
        aliases=("提案数", "提案", "征集提案"),
        cumulative=True,
    ),
    metrics.Metric(
        key="congress.accept_rate",
        label="立案率",
        unit="%",
        area=AREA,
        compute=accept_rate,
        describe=f"立案（含并入其他提案）的提案占提交提案的百分比，{OVER}；没有提案时无数据。",
        aliases=("提案立案率", "立案"),
    ),
    metrics.Metric(
        key="congress.ontime_rate",
        label="按期办结率",
        unit="%",
        area=AREA,
        compute=ontime_rate,
        describe=f"在办理期限内答复并已办结的提案占交办提案的百分比，{OVER}；没有交办时无数据。",
        aliases=("按时办结率", "办结率"),
    ),
    metrics.Metric(
        key="congress.satisfaction",
        label="满意率",
        unit="%",
        area=AREA,
        compute=satisfaction,
        describe=f"提案人评价为满意或基本满意的占已评价提案的百分比，{OVER}；没有评价时无数据。",
        aliases=("提案满意率", "满意度"),
    ),
)


def register_all() -> None:
    metrics.register(*METRICS)
