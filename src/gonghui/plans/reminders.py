"""Plan items coming due or overdue, for ``gonghui remind`` (``core.reminders``).
Registered in ``PlansConfig.ready()``.

An open item (not done or dropped by hand, nor finished by its records: ``plans.status``)
with a due date gets two notices at most: one in the week before its deadline (key
``plan.item.<pk>.week``; whichever day of that week the command first runs), and one once
the deadline has passed (``plan.item.<pk>.overdue``).
They go to the item's owners (``plans.owners``), else to the union's chairs.
"""

from __future__ import annotations

import datetime

from gonghui.core import metrics
from gonghui.core.dates import is_workday
from gonghui.core.reminders import Reminder

from .models import Item, ItemStatus
from .owners import Owners, owner_users
from .queries import with_link_days
from .status import of as status_of

WEEK = datetime.timedelta(days=7)
WEEKDAYS = "一二三四五六日"
HOLIDAY_NOTE = "（期限当天为节假日，请提前办理）"
ITEM_TEXT_MAX = 40


def day_label(day: datetime.date, today: datetime.date) -> str:
    """ "8月31日（星期一）", with the year when it is not this year's."""
    year = f"{day.year}年" if day.year != today.year else ""
    return f"{year}{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def _item_text(item: Item) -> str:
    text = " ".join(item.text.split())
    return text if len(text) <= ITEM_TEXT_MAX else text[:ITEM_TEXT_MAX] + "…"


def due_items(today: datetime.date) -> list[Reminder]:
    """Reminders for open items due within a week (today included) or already overdue."""
    items = list(
        with_link_days(Item.objects.filter(due__isnull=False, due__lte=today + WEEK))
        .exclude(status__in=[ItemStatus.DONE, ItemStatus.DROPPED])
        .filter(plan__union__archived_at=None)
        .select_related("plan__union", "owner__user")
        .prefetch_related("targets")
        .order_by("plan__union_id", "due", "plan_id", "order", "id")
    )
    # an item its records show done (a record linked, its targets met) is not reminded; the
    # links' dates come with the items, each metric a target names is computed once a union
    with metrics.request_memo():
        items = [item for item in items if not status_of(item, today).finished]
    if not items:
        return []
    owners = Owners({i.plan.union_id for i in items}, today)
    result = []
    for item in items:
        head = f"《{item.plan.title}》事项「{_item_text(item)}」"
        if item.due >= today:
            when = "今天" if item.due == today else " " + day_label(item.due, today)
            text = f"{head}将于{when}到期"
            if not is_workday(item.due):
                text += HOLIDAY_NOTE
            key = f"plan.item.{item.pk}.week"
        else:
            late = (today - item.due).days
            text = f"{head}已超过完成期限 {late} 天（期限 {day_label(item.due, today)}）"
            key = f"plan.item.{item.pk}.overdue"
        result.append(
            Reminder(
                union=item.plan.union,
                text=text,
                url=item.get_absolute_url(),
                key=key,
                recipients=tuple(owner_users(item, today, owners)),
            )
        )
    return result
