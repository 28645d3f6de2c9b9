"""Overdue proposals for the 工作台 (``core.todo``) and ``gonghui remind``
(``core.reminders``). Registered in ``CongressConfig.ready()``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.reminders import Reminder
from gonghui.core.todo import Todo

from .queries import proposals as q


def overdue_proposals(today) -> list[Reminder]:
    """One reminder per proposal past its deadline and not answered."""
    return [
        Reminder(
            union=p.sitting.term.union,
            text=(
                f"{p.sitting.name}第{p.number}号提案《{p.title}》已超过办理期限"
                f"（{p.due_on:%Y-%m-%d}），承办部门：{p.lead_department}"
            ),
            url=reverse("congress:proposal_detail", args=[p.pk]),
            key=f"proposal.{p.pk}.overdue",
        )
        for p in q.overdue(today)
    ]


def todos(user, union) -> list[Todo]:
    """For the secretariat: overdue proposals, linking to the latest sitting that has any."""
    if union.is_federation or not scoping.has_perm(user, "congress.manage", union=union):
        return []
    rows = list(q.overdue(timezone.localdate(), union).values_list("sitting_id", flat=True))
    if not rows:
        return []
    url = reverse("congress:proposal_list", args=[max(rows)]) + "?status=overdue"
    return [Todo("超期未答复的提案", len(rows), url)]
