"""The plan's paragraph of the 年度工作总结 (``core.summary``), the opening of the document:
the year's plan items by their status from the records (``plans.status``). A federation's
adds up the plans of the unions beneath it."""

from __future__ import annotations

import datetime

from gonghui.core.summary import Paragraph, Writer
from gonghui.orgs.models import FEDERATION_KINDS, Union

from .. import queries
from ..models import Item
from .draft import OPENING, status_day

AREA = "年度工作计划"


def _items(union, year: int) -> list[Item]:
    where = (
        {"plan__union__path__startswith": union.path}
        if union.is_federation
        else {"plan__union": union}
    )
    return list(
        queries.with_link_days(Item.objects.filter(plan__year=year, **where))
        .select_related("plan__union")
        .prefetch_related("targets")
        .order_by("plan_id", "order", "id")
    )


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    items = _items(union, start.year)
    if not items:
        return []
    c = queries.counts_of(items, status_day(end))
    w = Writer()
    if union.is_federation:
        plans = len({i.plan_id for i in items})
        unions = _grassroots(union)
        head = (
            f"所辖{w.n(unions, '个')}基层工会中，{w.n(plans, '个')}制定了本年度工作计划，"
            f"共列出事项{w.n(c.total, '项')}"
        )
    else:
        head = f"本年度工作计划列出事项{w.n(c.total, '项')}"
    parts = [f"已完成{w.n(c.done, '项')}"]
    for n, label in (
        (c.doing, "正在推进"),
        (c.late, "逾期或未落实"),
        (c.planned, "尚未开始"),
        (c.dropped, "取消"),
    ):
        if n:
            parts.append(f"{label}{w.n(n, '项')}")
    text = f"{head}。截至{w.day(end)}，{'，'.join(parts)}。"
    out = [w.para(OPENING, AREA, text)]
    if union.is_federation and c.late:
        # a union's own shortfalls are its items one by one (plans.summary.prose)
        w = Writer()
        late = f"所辖基层工会的年度工作计划中，有{w.n(c.late, '项')}事项逾期或未落实。"
        out.append(w.para("plans.late", AREA, late, shortfall=True))
    return out


def _grassroots(union) -> int:
    return (
        Union.objects.filter(path__startswith=union.path, archived_at=None)
        .exclude(kind__in=FEDERATION_KINDS)
        .count()
    )
