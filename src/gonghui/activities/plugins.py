"""文体活动 plugged into the rest of the platform: the metrics 活动场次 and 报名人次 (plan
targets, the year-end summary), the activity as a plan item's 落实记录, the 待办 lines
(promoted people who have not confirmed; one's own place waiting for confirmation), the
reminders (sign-up closing within a day; confirm your place), the summary paragraph, the
audit actions and the menu entries. :func:`connect` registers them all, once, from
``ActivitiesConfig.ready()``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics, scoping
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo

from . import queries
from .models import Kind

AREA = "文体活动"
TOPICS = ("文体", "活动", "文体活动", "节日", "春秋游", "培训", "生日会", "志愿服务", "职工之家")


# --- metrics --------------------------------------------------------------------------------


def activity_count(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(queries.period_figures, union, start, end)["count"])


def signup_persons(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(queries.period_figures, union, start, end)["persons"])


METRICS = (
    metrics.Metric(
        key="activities.count",
        label="活动场次",
        unit="次",
        area=AREA,
        compute=activity_count,
        describe="期间开始的已发布文体活动场次（不含草稿和已取消的）。上级工会按所辖基层工会合计。",
        aliases=("活动场次", "文体活动", "开展活动"),
        cumulative=True,
    ),
    metrics.Metric(
        key="activities.persons",
        label="报名人次",
        unit="人次",
        area=AREA,
        compute=signup_persons,
        describe="期间开始的文体活动报名占得名额的人数（含家属，候补和未中签不计）。"
        "按签到统计的到场人数见“参与人次”和“签到率”。",
        aliases=("报名人次", "活动人次"),
        cumulative=True,
    ),
)


# --- plan links -----------------------------------------------------------------------------


def _activities(union, year):
    return queries.held_in(union, datetime.date(year, 1, 1), datetime.date(year, 12, 31)).order_by(
        "starts_at", "id"
    )


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "activity",
        "文体活动",
        "activities.Activity",
        _activities,
        str,
        lambda a: timezone.localdate(a.starts_at),
    )


# --- 待办 -----------------------------------------------------------------------------------


def todos(user, union) -> list:
    if union.is_federation:
        return []
    committee = scoping.has_perm(user, "activities.change", union=union)
    querysets = queries.offers_querysets(union, user, committee)
    if not querysets:
        return []
    manage = reverse("activities:list", args=[union.code])
    mine = reverse("activities:mine")

    def lines(counts: dict[str, int]) -> list[Todo]:
        out = []
        if "offers" in counts:
            out.append(Todo("候补递补后尚未确认的活动报名", counts["offers"], manage))
        if "mine" in counts:
            out.append(Todo("候补递补到您，请确认参加的活动", counts["mine"], mine))
        return out

    return [Counted(querysets, lines)]


# --- reminders ------------------------------------------------------------------------------


def _moment(today: datetime.date) -> datetime.datetime:
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return datetime.datetime.combine(
        today, datetime.time(8), tzinfo=timezone.get_current_timezone()
    )


def closing(today: datetime.date) -> list[Reminder]:
    """Sign-up closing within a day: to the chairs (the persons signed up so far)."""
    out = []
    for activity in queries.closing_soon(_moment(today)):
        when = timezone.localtime(activity.signup_closes_at)
        out.append(
            Reminder(
                union=activity.union,
                text=f"活动“{activity.title}”将于 {when:%m月%d日 %H:%M} 截止报名，"
                f"已报名 {activity.taken}/{activity.capacity} 人",
                url=reverse("activities:manage", args=[activity.pk]),
                key=f"activities.{activity.pk}.closing",
            )
        )
    return out


def offers(today: datetime.date) -> list[Reminder]:
    """A place offered from the waiting list: to the person, once."""
    out = []
    for reg in queries.pending_offers(_moment(today)):
        until = timezone.localtime(reg.offered_until)
        out.append(
            Reminder(
                union=reg.union,
                text=f"活动“{reg.activity.title}”候补递补到您，请在 {until:%m月%d日 %H:%M} 前确认参加",
                url=reverse("activities:mine"),
                key=f"activities.reg.{reg.pk}.offer",
                recipients=(reg.user,),
            )
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """组织文体活动 N 场（文体 a 场、节日 b 场…），报名 M 人次。 Counts only."""
    found = queries.period_figures(union, start, end)
    if not found["count"]:
        return []
    w = Writer()
    labels = dict(Kind.choices)
    parts = [
        f"{labels[k]}{w.n(n, '场')}"
        for k, n in sorted(found["kinds"].items(), key=lambda kv: Kind.values.index(kv[0]))
    ]
    text = (
        f"组织文体活动{w.n(found['count'], '场')}（{'、'.join(parts)}），"
        f"报名参加{w.n(found['persons'], '人次')}（含家属）。"
    )
    return [w.para("activities", AREA, text, topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "activities.settings": "修改文体活动设置",
    "activities.create": "创建文体活动",
    "activities.update": "修改文体活动",
    "activities.publish": "发布文体活动",
    "activities.cancel": "取消文体活动",
    "activities.signup": "活动报名",
    "activities.signup_cancel": "取消活动报名",
    "activities.offer": "候补递补",
    "activities.offer_expire": "递补逾期未确认",
    "activities.confirm": "确认递补名额",
    "activities.draw": "活动抽签",
}


def connect(area: str) -> None:
    from gonghui.core import audit, nav, reminders, summary, todo
    from gonghui.members.picker import PURPOSES, Purpose
    from gonghui.plans import links

    metrics.register(*METRICS)
    # 代报名 on the sign-up list: the union's current members, for those who run activities
    PURPOSES.setdefault("activities", Purpose("activities.change"))
    todo.register(todos)
    reminders.register(closing)
    reminders.register(offers)
    summary.register("activities", paragraphs)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    for item in (
        nav.NavItem("文体活动", "activities:list", "activities.view", grassroots_only=True),
        nav.NavItem("我的活动", "activities:mine", "self.view", per_union=False, menu="mine"),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields({"notified": "通知人数"}, model="activities.activity")
    audit.register_fields({"entries": "参加抽签", "winners": "中签"}, model="activities.activity")
