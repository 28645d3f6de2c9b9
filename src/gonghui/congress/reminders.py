"""Overdue proposals for ``gonghui remind`` (``core.reminders``; the 工作台's 待办 is
``congress.todos.overdue_proposals``). Registered in ``CongressConfig.ready()``."""

from __future__ import annotations

from django.urls import reverse

from gonghui.core.reminders import Reminder

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
