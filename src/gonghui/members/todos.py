"""The roster's 待办 on the 工作台 (``core.todo``): 入会申请 waiting for a decision, for
whoever may decide them (``member.change`` on the current grassroots union). One count (counted with the
other sources' in one query), nothing at all for anyone else (pinned by tests/core/test_dashboard_cost.py)."""

from __future__ import annotations

from django.urls import reverse

from gonghui.core import scoping
from gonghui.core.todo import Counted, Todo

from .models import ApplicationStatus, JoinApplication


def applications(user, union) -> list[Todo | Counted]:
    if union.is_federation or not scoping.has_perm(user, "member.change", union=union):
        return []
    url = reverse("members:application_list", args=[union.code])
    pending = JoinApplication.objects.filter(union=union, status=ApplicationStatus.PENDING)
    return [Counted({"n": pending}, lambda n: [Todo("待审批的入会申请", n["n"], url)])]
