"""The plan's panel on the 工作台: this month's items, overdue items, targets and the
completion chart of the current union's plan for this year."""

from __future__ import annotations

from gonghui.core.panels import Panel

from .. import queries


def dashboard_panel(user, union, today) -> Panel | None:
    board = queries.dashboard_for(user, union, today)
    if board is None:
        return None
    return Panel("plans/_panel.html", {"board": board, "plan": board.plan, "chart": board.chart()})
