"""The 帮扶 待办 on the 工作台 (``core.todo``): applications waiting for 初审, 复核 due within
30 days, life events waiting for their visit (五必访: due, and late) and the targets not yet
visited of the campaigns running today — for those who act on them (``care.change``). All
counted with the other sources' in one query (``core.todo.Counted``), none for a user who
cannot act on them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.todo import Counted, Todo

from . import (
    queries,
    queries_bursary,
    queries_donations,
    queries_insurance,
    queries_rest,
    queries_visits,
)
from .models import FileState


def waiting(user, union) -> list[Todo | Counted]:
    if union.is_federation or not scoping.has_perm(user, "care.change", union=union):
        return []
    url = reverse("care:files", args=[union.code])
    visits = reverse("care:visits", args=[union.code])
    campaigns = reverse("care:campaigns", args=[union.code])
    bursary = reverse("care:bursary_rounds", args=[union.code])
    rest = reverse("care:rest_rounds", args=[union.code])
    insurance = reverse("care:insurance", args=[union.code])
    donations = reverse("care:donation_campaigns", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [
            Todo("待初审的困难职工申请", counts["applied"], f"{url}?state={FileState.APPLIED}"),
            Todo("30 天内到期的困难职工复核", counts["review"], f"{url}?state={FileState.FILED}"),
            Todo("逾期未走访的生活事件（五必访）", counts["visit_late"], f"{visits}?show=overdue"),
            Todo("待走访的生活事件（五必访）", counts["visit_due"], visits),
            Todo("慰问活动中未走访的职工", counts["campaign_waiting"], campaigns),
            Todo("待审核的金秋助学申请", counts["bursary"], bursary),
            Todo("公示已结束、待确认的疗休养名单", counts["rest_confirm"], rest),
            Todo("待登记参加或放弃的疗休养人员", counts["rest_answer"], rest),
            Todo("待办理的互助保障理赔", counts["insurance"], insurance),
            Todo("已结束未上交善款的捐款活动", counts["donation_handover"], donations),
            Todo("已过截止日期、尚未结束的捐款活动", counts["donation_past_end"], donations),
        ]

    today = timezone.localdate()
    querysets = {
        **queries.waiting_querysets(union, today),
        **queries_visits.waiting_querysets(union, today),
        **queries_bursary.waiting_querysets(union),
        **queries_rest.waiting_querysets(union, today),
        **queries_insurance.waiting_querysets(union),
        **queries_donations.waiting_querysets(union, today),
    }
    return [Counted(querysets, lines)]
