"""The 帮扶 待办 on the 工作台 (``core.todo``): applications waiting for 初审 and 复核 due
within 30 days, for those who run the flow (``care.change``). Both counted with the other
sources' in one query (``core.todo.Counted``), none for a user who cannot act on them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.todo import Counted, Todo

from . import queries
from .models import FileState


def waiting(user, union) -> list[Todo | Counted]:
    if union.is_federation or not scoping.has_perm(user, "care.change", union=union):
        return []
    url = reverse("care:files", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [
            Todo("待初审的困难职工申请", counts["applied"], f"{url}?state={FileState.APPLIED}"),
            Todo("30 天内到期的困难职工复核", counts["review"], f"{url}?state={FileState.FILED}"),
        ]

    return [Counted(queries.waiting_querysets(union, timezone.localdate()), lines)]
