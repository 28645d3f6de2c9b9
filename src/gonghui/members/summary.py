"""The roster's paragraph of the 年度工作总结 (``core.summary``): members on the roll at the
end of the period (as ``members.metrics`` counts them), the union groups, who joined, came,
left, retired or died in the period (their dated ``MemberEvent`` steps), and the 入会率. A
federation's paragraph adds up the unions beneath it."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from gonghui.core import summary
from gonghui.core.summary import Paragraph, Writer
from gonghui.orgs.models import UnionGroup

from . import metrics as m
from .models import EventKind, MemberEvent

AREA = "会员"
TOPICS = ("组织建设", "会员", "组织", "队伍建设", "小组")
# The steps of the year said in the paragraph, in this order.
STEPS = (
    (EventKind.TRANSFER_IN, "转入"),
    (EventKind.TRANSFER_OUT, "转出"),
    (EventKind.RETIRE, "退休"),
    (EventKind.LEAVE, "离会"),
    (EventKind.REMOVE, "除名"),
    (EventKind.DEATH, "去世"),
)


def _steps(union, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """How many of each step were recorded in the period (one aggregate)."""
    where = (Q(union__path__startswith=union.path) if union.is_federation else Q(union=union)) & Q(
        on__range=(start, end)
    )
    return MemberEvent.objects.filter(where).aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind, _ in STEPS}
    )


def _groups(union) -> int:
    groups = UnionGroup.objects.filter(archived_at=None)
    if union.is_federation:
        return groups.filter(union__path__startswith=union.path).count()
    return groups.filter(union=union).count()


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    counts = m._counts(union, end)
    total, new = counts["total"], int(m.new(union, start, end))
    if not total and not new:
        return []
    w = Writer()
    who = "所辖基层工会" if union.is_federation else ""
    text = f"截至{w.day(end)}，{who}共有会员{w.n(total, '人')}"
    if counts["women"]:
        text += f"，其中女会员{w.n(counts['women'], '人')}"
    groups = _groups(union)
    if groups:
        text += f"，工会小组{w.n(groups, '个')}"
    steps = _steps(union, start, end)
    moved = [f"{label}{w.n(steps[kind], '人')}" for kind, label in STEPS if steps[kind]]
    text += f"。全年发展新会员{w.n(new, '人')}" if new else "。全年没有新入会的会员"
    text += f"，{'，'.join(moved)}。" if moved else "。"
    rate = m.rate(union, start, end)
    if rate is not None:
        text += f"职工人数{w.n(m._staff(union), '人')}，入会率{w.pct(rate, 2)}。"
    return [w.para("members.roll", AREA, text, topics=TOPICS)]


def register_all() -> None:
    summary.register("members", paragraphs)
