"""What 公示 adds to the 工作台 and to ``gonghui remind``: for those who manage 公示, the
objections waiting for an answer and the 公示 whose period is over (``core.todo``,
``core.reminders``); for a member, what their union has on show now (a 待办 line)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from . import queries_publicity as q
from .models import Objection, Publicity, PublicityStatus
from .reminders import Reminder
from .todo import Counted, Todo

ANSWER_NOTICE_DAYS = 7


def todos(user, union) -> list[Todo | Counted]:
    """For a member, the 公示 of their union on show now; for a manager, the objections
    waiting for an answer and the 公示 ready to close: counted with the other sources' in
    one query (``core.todo.Counted``)."""
    url = reverse("core:publicity_list", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [
            Todo("正在公示，可查看或提出异议", counts["on_show"], reverse("core:publicity_mine")),
            Todo("待答复的公示异议", counts["waiting"], url),
            Todo("公示期已满、待结束的公示", counts["closable"], url),
        ]

    return [Counted(q.dashboard_querysets(user, union, timezone.localdate()), lines)]


def reminders(today: datetime.date) -> list[Reminder]:
    """One notice per waiting objection and one per 公示 that can be closed, to the union's
    chairs (who hold every kind's permission)."""
    found = []
    waiting = Objection.objects.filter(
        answered_at__isnull=True, publicity__status=PublicityStatus.OPEN
    ).select_related("publicity__union")
    for objection in waiting:
        item = objection.publicity
        found.append(
            Reminder(
                union=item.union,
                text=f"公示《{item.title}》有会员提出异议，请核实答复",
                url=item.get_absolute_url(),
                key=f"publicity.objection.{objection.pk}",
            )
        )
    over = (
        Publicity.objects.filter(status=PublicityStatus.OPEN, ends_on__lt=today)
        .exclude(
            Exists(Objection.objects.filter(publicity=OuterRef("pk"), answered_at__isnull=True))
        )
        .select_related("union")
    )
    for item in over:
        found.append(
            Reminder(
                union=item.union,
                text=f"公示《{item.title}》公示期已满，请结束公示并记录结果",
                url=item.get_absolute_url(),
                key=f"publicity.{item.pk}.close",
            )
        )
    return found + answered(today)


def answered(today: datetime.date) -> list[Reminder]:
    """The member who objected hears of the answer (answers of the last week, so a daily
    run that was missed still delivers; each once, by its key)."""
    since = today - datetime.timedelta(days=ANSWER_NOTICE_DAYS)
    rows = Objection.objects.filter(
        answered_at__date__gte=since, member__user__isnull=False
    ).select_related("publicity__union", "member__user")
    return [
        Reminder(
            union=o.publicity.union,
            text=f"您对公示《{o.publicity.title}》提出的异议已答复："
            + ("异议成立" if o.upheld else "异议不成立"),
            url=o.publicity.get_absolute_url(),
            key=f"publicity.objection.{o.pk}.answered",
            recipients=(o.member.user,),
        )
        for o in rows
    ]
