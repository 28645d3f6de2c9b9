"""活动室 plugged in: the metrics 活动室使用时长 and 活动室预约次数 (plan targets, the summary;
a federation sums its subtree; bookings waiting for approval, refused or expired are not
use), the summary sentence, the reminder of tomorrow's booking to its booker, the 待办 of
bookings waiting for the committee's approval and the chairs' reminder of one starting
within a day, the menu entries and the audit actions. :func:`connect` registers them, from
``ActivitiesConfig.ready``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo

from . import queries_rooms
from .plugins import AREA, TOPICS, _moment


def _figures(union, start: datetime.date, end: datetime.date) -> dict:
    return metrics.shared(queries_rooms.period_figures, union, start, end)


def room_hours(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(str(_figures(union, start, end)["used"]))


def room_bookings(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(_figures(union, start, end)["count"])


METRICS = (
    metrics.Metric(
        key="activities.room_hours",
        label="活动室使用时长",
        unit="小时",
        area=AREA,
        compute=room_hours,
        describe="期间开始、已经结束且未标记“未使用”的活动室预约的小时数（取消的不计）。"
        "上级工会按所辖基层工会合计。",
        aliases=("活动室使用时长", "活动室使用", "职工之家使用时长"),
        cumulative=True,
    ),
    metrics.Metric(
        key="activities.room_bookings",
        label="活动室预约次数",
        unit="次",
        area=AREA,
        compute=room_bookings,
        describe="期间开始的活动室预约次数（取消的不计）。上级工会按所辖基层工会合计。",
        aliases=("活动室预约次数", "预约次数", "活动室预约"),
        cumulative=True,
    ),
)


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """活动室预约N次，累计预约M小时，已使用K小时。 Nothing without bookings."""
    found = queries_rooms.period_figures(union, start, end)
    if not found["count"]:
        return []
    w = Writer()
    text = (
        f"职工之家活动室等场地预约使用{w.n(found['count'], '次')}，"
        f"预约{w.n(found['booked'], '小时')}，实际使用{w.n(found['used'], '小时')}。"
    )
    return [w.para("activities.rooms", AREA, text, topics=(*TOPICS, "活动室", "健身房"))]


def tomorrow(today: datetime.date) -> list[Reminder]:
    """A booking tomorrow: to its booker, once."""
    out = []
    for b in queries_rooms.bookings_tomorrow(today):
        s, e = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
        out.append(
            Reminder(
                union=b.union,
                text=f"明天 {s:%H:%M}-{e:%H:%M} 您预约了{b.room.name}（{b.purpose}）",
                url=reverse("activities:rooms_mine"),
                key=f"activities.room_booking.{b.pk}.tomorrow",
                recipients=(b.user,),
            )
        )
    return out


def todos(user, union) -> list:
    """The committee's 待办: bookings waiting for approval (counted with the other sources'
    in one query)."""
    if union.is_federation:
        return []
    querysets = queries_rooms.todo_querysets(union, user)
    if not querysets:
        return []
    url = reverse("activities:rooms_pending", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [Todo("待审批的活动室预约", counts["pending"], url)]

    return [Counted(querysets, lines)]


def pending_soon(today: datetime.date) -> list[Reminder]:
    """A booking still waiting for approval that starts within a day: to the union's
    chairs, once (it expires unheard at its start)."""
    out = []
    for b in queries_rooms.pending_soon(_moment(today)):
        s, e = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
        out.append(
            Reminder(
                union=b.union,
                text=f"{b.booker}预约的{b.room.name} {s.month}月{s.day}日 {s:%H:%M}-{e:%H:%M}"
                f"（{b.purpose}）尚待审批，开始时未审批将自动作废",
                url=reverse("activities:rooms_pending", args=[b.union.code]),
                key=f"activities.room_booking.{b.pk}.pending_soon",
            )
        )
    return out


AUDIT_ACTIONS = {
    "activities.room_settings": "修改活动室预约设置",
    "activities.room_create": "添加活动室",
    "activities.room_update": "修改活动室",
    "activities.room_archive": "停用活动室",
    "activities.room_hours": "修改活动室开放时间",
    "activities.room_closure": "登记活动室停用时段",
    "activities.room_closure_withdraw": "撤销活动室停用时段",
    "activities.room_book": "预约活动室",
    "activities.room_cancel": "取消活动室预约",
    "activities.room_no_show": "标记活动室预约未使用",
    "activities.room_change": "活动室改约",
    "activities.room_approve": "通过活动室预约",
    "activities.room_refuse": "退回活动室预约",
    "activities.room_expire": "活动室预约过期未审批",
}


def connect(area: str) -> None:
    from gonghui.core import audit, nav, reminders, summary, todo

    metrics.register(*METRICS)
    summary.register("activities.rooms", paragraphs)
    reminders.register(tomorrow)
    reminders.register(pending_soon)
    todo.register(todos)
    for item in (
        nav.NavItem("活动室", "activities:rooms_mine", "self.view", per_union=False, menu="mine"),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields({"hours": "开放时间"}, model="activities.room")
    audit.register_fields({"cancelled": "取消的预约"}, model="activities.roomclosure")
