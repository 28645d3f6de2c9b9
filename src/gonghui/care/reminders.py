"""提醒 (``core.reminders``): a filed household's yearly 复核 due within 30 days, or late,
to the committee member in charge of welfare (the chairs when there is none); a life event
waiting for its visit (五必访), once when recorded and once when late, to the welfare
member and the chairs."""

from __future__ import annotations

import datetime

from gonghui.core.notices import chair_users
from gonghui.core.reminders import Reminder
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Body, Duty, Position

from . import queries, queries_visits


def welfare_users(union_ids) -> dict[int, list]:
    """The active accounts of each union's current welfare member (one query)."""
    found: dict[int, list] = {}
    posts = Position.objects.filter(
        term__union_id__in=set(union_ids),
        term__body=Body.COMMITTEE,
        term__closed_on__isnull=True,
        ended_on__isnull=True,
        duty=Duty.WELFARE,
        member__status__in=CURRENT_MEMBER_STATUSES,
        member__user__is_active=True,
    ).select_related("term", "member__user")
    for post in posts:
        users = found.setdefault(post.term.union_id, [])
        if post.member.user not in users:
            users.append(post.member.user)
    return found


def reviews_due(today: datetime.date) -> list[Reminder]:
    files = list(queries.reviews_due(today).select_related("member"))
    if not files:
        return []
    welfare = welfare_users(f.union_id for f in files)
    result = []
    for file in files:
        if file.review_due >= today:
            text = f"困难职工「{file.member.name}」的年度复核将于 {file.review_due} 到期"
            key = f"care.review.{file.pk}.{file.review_due}.soon"
        else:
            text = (
                f"困难职工「{file.member.name}」的年度复核已逾期（应于 {file.review_due} 前完成）"
            )
            key = f"care.review.{file.pk}.{file.review_due}.late"
        result.append(
            Reminder(
                union=file.union,
                text=text,
                url=file.get_absolute_url(),
                key=key,
                recipients=tuple(welfare.get(file.union_id, ())),
            )
        )
    return result


def visits_due(today: datetime.date) -> list[Reminder]:
    """Every life event still waiting for its visit: "走访" once (the first run after it is
    recorded), "逾期" once its day has passed. Each key is delivered once (core.notices)."""
    events = list(queries_visits.events_waiting())
    if not events:
        return []
    ids = {e.union_id for e in events}
    welfare, chairs = welfare_users(ids), chair_users(ids)
    result = []
    for event in events:
        people = [*welfare.get(event.union_id, ()), *chairs.get(event.union_id, ())]
        day = event.occurred_on
        what = f"「{event.member.name}」{day.month}月{day.day}日{event.kind}"
        if event.due_on >= today:
            text = f"{what}，请于 {event.due_on} 前走访慰问"
            key = f"care.visit.{event.pk}.due"
        else:
            text = f"{what}，走访已逾期（应于 {event.due_on} 前完成）"
            key = f"care.visit.{event.pk}.late"
        result.append(
            Reminder(
                union=event.union,
                text=text,
                url=event.get_absolute_url(),
                key=key,
                recipients=tuple({u.pk: u for u in people}.values()),
            )
        )
    return result
