"""体检 plugged into the rest of the platform: the metrics 体检率 and 体检人次 (plan targets,
the year-end summary), the campaign as a plan item's 落实记录, the 待办 line, two reminders
(a member's appointment tomorrow; a window closing with people not done), the summary
paragraph, the audit actions, the menu entries and the demo step. :func:`connect`
registers them all, once, from ``CareConfig.ready()``.

Privacy: figures and the summary count people; nobody is named. A plan link's label is the
campaign's own name, shown to every ``plan.view`` holder. The member's reminder goes to the
member alone."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics, scoping
from gonghui.core.notices import chair_users
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo

from . import queries_health as queries
from . import rules_health as rules

AREA = "帮扶"
TOPICS = ("体检", "健康", "福利", "关爱", "女职工")
# A window closing within this many days (today included) with people not done: remind.
CLOSING_DAYS = 3


# --- metrics --------------------------------------------------------------------------------


def rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    return queries.rate_parts(union, start, end)["rate"]


def done(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(queries.done_count(union, start, end))


METRICS = (
    metrics.Metric(
        key="care.health_rate",
        label="体检率",
        unit="%",
        area=AREA,
        compute=rate,
        kept=metrics.ratio(
            metrics.part("care.health_rate_done", queries.rate_by_union, "done"),
            metrics.part("care.health_rate_due", queries.rate_by_union, "due"),
            of=rules.rate,
        ),
        describe="期间开始的体检活动中，已完成体检的人数占应检人数的百分比（按名单计，"
        "未参加的计入应检）。没有体检活动时不计。上级工会按所辖基层工会合计。",
        aliases=("体检率", "职工体检率", "健康体检率"),
    ),
    metrics.Metric(
        key="care.health_done",
        label="体检人次",
        unit="人次",
        area=AREA,
        compute=done,
        kept=metrics.count(metrics.part("care.health_done", queries.done_by_union, "n")),
        describe="期间登记为已完成体检的人次（按体检日期）。",
        aliases=("体检人次", "体检人数", "职工体检", "健康体检", "两癌筛查"),
        cumulative=True,
    ),
)


# --- plan links -----------------------------------------------------------------------------


def _campaigns(union, year):
    from .models_health import HealthCampaign

    return HealthCampaign.objects.filter(union=union, year=year).order_by("starts_on", "id")


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "care_health", "体检活动", "care.HealthCampaign", _campaigns, str, lambda c: c.starts_on
    )


# --- 待办 -----------------------------------------------------------------------------------


def todos(user, union) -> list[Counted]:
    """Appointments whose day has passed, or campaigns ended, with no mark yet: for those
    who mark them (``care.change``), counted with the other sources' in one query."""
    if union.is_federation or not scoping.has_perm(user, "care.change", union=union):
        return []
    url = reverse("care:health_campaigns", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [Todo("体检待登记是否参加（预约日已过）", counts["health_mark"], url)]

    return [Counted(queries.waiting_querysets(union, timezone.localdate()), lines)]


# --- reminders ------------------------------------------------------------------------------


def tomorrow(today: datetime.date) -> list[Reminder]:
    """To each member booked for tomorrow, once per appointment day."""
    out = []
    for target in queries.booked_on(today + datetime.timedelta(days=1)):
        campaign = target.campaign
        where = f"，地点：{campaign.address}" if campaign.address else ""
        out.append(
            Reminder(
                union=target.union,
                text=f"您已预约明天 {target.slot.label}在{campaign.provider}体检"
                f"（{campaign}）{where}，请按体检须知做好准备",
                url=reverse("care:health_mine"),
                key=f"care.health.{target.pk}.{target.slot.day}.tomorrow",
                recipients=(target.member.user,),
            )
        )
    return out


def closing(today: datetime.date) -> list[Reminder]:
    """A campaign closing within the next days with people not done: once, to the welfare
    member of the committee and the chairs."""
    from .reminders import welfare_users

    campaigns = list(queries.closing(today, CLOSING_DAYS))
    if not campaigns:
        return []
    ids = {c.union_id for c in campaigns}
    welfare, chairs = welfare_users(ids), chair_users(ids)
    out = []
    for found in campaigns:
        people = [*welfare.get(found.union_id, ()), *chairs.get(found.union_id, ())]
        out.append(
            Reminder(
                union=found.union,
                text=f"{found}将于 {found.ends_on} 截止，还有 {found.n_open} 人未完成体检"
                "（待预约或已预约），请提醒职工按时参加",
                url=found.get_absolute_url(),
                key=f"care.health.{found.pk}.closing",
                recipients=tuple({u.pk: u for u in people}.values()),
            )
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """受单位行政委托组织职工体检 N 次，应检 a 人，已完成 b 人，体检率 x%；其中妇科/两癌筛查 … —
    counts only; nothing without a campaign in the period."""
    found = queries.period_figures(union, start, end)
    if not found["campaigns"] or not found["due"]:
        return []
    w = Writer()
    text = (
        f"受单位行政委托组织职工健康体检{w.n(found['campaigns'], '次')}，"
        f"应检{w.n(found['due'], '人')}，已完成{w.n(found['done'], '人')}，"
        f"体检率{w.pct(found['rate'])}"
    )
    if found["screening_due"]:
        text += (
            f"；其中女职工妇科/两癌筛查应检{w.n(found['screening_due'], '人')}，"
            f"已完成{w.n(found['screening_done'], '人')}"
        )
    return [w.para("care.health", AREA, text + "。", topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "care.health_settings": "修改体检设置",
    "care.health_campaign": "创建体检活动",
    "care.health_slot": "调整体检时段名额",
    "care.health_targets": "列入体检对象",
    "care.health_book": "体检预约",
    "care.health_confirm": "确认体检预约",
    "care.health_cancel": "取消体检预约",
    "care.health_done": "登记体检已完成",
    "care.health_absent": "登记未参加体检",
    "care.health_undo": "撤销体检登记",
    "care.health_export": "导出体检预约名单",
}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary, todo
    from gonghui.core.demo import register as demo_step
    from gonghui.plans import links

    from .demo_health import build_health

    metrics.register(*METRICS)
    todo.register(todos, daily=True)
    reminders.register(tomorrow)
    reminders.register(closing)
    summary.register("care_health", paragraphs)
    demo_step("care_health", build_health)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    for item in (
        nav.NavItem(
            "职工体检", "care:health_campaigns", "care.view", grassroots_only=True, menu="care"
        ),
        nav.NavItem("我的体检", "care:health_mine", "self.view", per_union=False, menu="mine"),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(
        {"targets": "体检对象人数", "count": "导出人数", "masked": "不含证件号码"},
        model="care.healthcampaign",
    )
    audit.register_fields({"appointment": "预约时段"}, model="care.healthtarget")
