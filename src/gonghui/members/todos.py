"""The roster's 待办 on the 工作台 (``core.todo``): 入会申请 waiting for a decision, for
whoever may decide them (``member.change`` on the current grassroots union). One count,
nothing at all for anyone else (pinned by tests/core/test_dashboard_cost.py)."""

from __future__ import annotations

from django.urls import reverse

from gonghui.core import scoping
from gonghui.core.todo import Todo

from .models import ApplicationStatus, JoinApplication


def applications(user, union) -> list[Todo]:
    if union.is_federation or not scoping.has_perm(user, "member.change", union=union):
        return []
    count = JoinApplication.objects.filter(union=union, status=ApplicationStatus.PENDING).count()
    url = reverse("members:application_list", args=[union.code])
    return [Todo("待审批的入会申请", count, url)]
