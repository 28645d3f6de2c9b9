"""疗休养 plugged into the rest of the platform: the metric 疗休养人次 (plan targets, the
year-end summary), a round as a plan item's 落实记录, the reminders (a 公示 ended → confirm
the list; a round starts within a week), the summary paragraph, the 公示 kind, the audit
actions and the menu entry. :func:`connect` registers them all, once, from
``CareConfig.ready()``; the 待办 lines are in ``care/todos.py`` (counted with care's others in
one query).

Privacy: figures and the summary count people and yuan; nobody is named. A plan link's
label is the round's own name, shown to every ``plan.view`` holder."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from gonghui.core import metrics
from gonghui.core.notices import chair_users
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer

from . import queries_rest as queries

AREA = "帮扶"
TOPICS = ("疗休养", "休养", "疗养", "关爱", "福利")


# --- metrics --------------------------------------------------------------------------------


def people_taken(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(queries.taken_figures, union, start, end)["people"])


METRICS = (
    metrics.Metric(
        key="care.rest_people",
        label="疗休养人次",
        unit="人次",
        area=AREA,
        compute=people_taken,
        kept=metrics.count(metrics.part("care.rest_people", queries.taken_by_union, "people")),
        describe="期间开始的疗休养批次中实际参加的人次（放弃、调出的不计）。"
        "上级工会按所辖基层工会合计。",
        aliases=("疗休养人次", "疗休养", "职工疗休养", "疗养", "休养"),
        cumulative=True,
    ),
)


# --- plan links -----------------------------------------------------------------------------


def _rounds(union, year):
    from .models_rest import RestRound

    return RestRound.objects.filter(union=union, year=year).order_by("starts_on", "id")


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind("care_rest", "疗休养", "care.RestRound", _rounds, str, lambda r: r.starts_on)


# --- reminders ------------------------------------------------------------------------------


def _people(union_ids) -> dict[int, list]:
    """The welfare member and the chairs of each union (two queries)."""
    from .reminders import welfare_users

    welfare, chairs = welfare_users(union_ids), chair_users(union_ids)
    out: dict[int, list] = {}
    for uid in set(union_ids):
        people = [*welfare.get(uid, ()), *chairs.get(uid, ())]
        out[uid] = list({u.pk: u for u in people}.values())
    return out


def due(today: datetime.date) -> list[Reminder]:
    """A list whose 公示 ended without an objection upheld: confirm it (once); a confirmed
    round that starts within a week (once): register who goes and who declines."""
    confirm = list(queries.to_confirm().select_related("union"))
    soon = list(queries.starting_soon(today))
    if not confirm and not soon:
        return []
    people = _people({r.union_id for r in [*confirm, *soon]})
    out = []
    for found in confirm:
        out.append(
            Reminder(
                union=found.union,
                text=f"{found}名单公示已结束，请确认名单",
                url=reverse("care:rest_round", args=[found.pk]),
                key=f"care.rest.{found.pk}.confirm",
                recipients=tuple(people[found.union_id]),
            )
        )
    for found in soon:
        out.append(
            Reminder(
                union=found.union,
                text=f"{found}将于 {found.starts_on} 开始，请登记参加或放弃的人员，并为参加人员"
                "购买人身意外险",
                url=reverse("care:rest_round", args=[found.pk]),
                key=f"care.rest.{found.pk}.soon",
                recipients=tuple(people[found.union_id]),
            )
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """组织职工疗休养 N 批、M 人次，费用 X 元。 Counts only; nothing when nobody went."""
    found = queries.taken_figures(union, start, end)
    if not found["people"]:
        return []
    w = Writer()
    text = (
        f"组织职工疗休养{w.n(found['rounds'], '批')}、{w.n(found['people'], '人次')}，"
        f"按“从未参加或间隔最久者优先、一线和劳模等优先”的原则轮流安排，名单经公示；"
        f"费用{w.yuan(found['amount'])}。"
    )
    return [w.para("care.rest", AREA, text, topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "care.rest_settings": "修改疗休养设置",
    "care.rest_tag": "登记疗休养优先类别",
    "care.rest_tag_remove": "取消疗休养优先类别",
    "care.rest_round": "创建疗休养批次",
    "care.rest_propose": "拟定疗休养推荐名单",
    "care.rest_add": "疗休养名单增补",
    "care.rest_remove": "疗休养名单调出",
    "care.rest_publicize": "疗休养名单公示",
    "care.rest_confirm": "确认疗休养名单",
    "care.rest_take": "登记参加疗休养",
    "care.rest_decline": "登记放弃疗休养",
    "care.rest_replace": "疗休养名单递补",
    "care.rest_pay": "疗休养费用结算",
}
ROUND_FIELDS = {
    "eligible": "符合条件人数",
    "listed": "入选人数",
    "dropped": "放弃的调整",
    "published": "公示人数",
    "paid": "结算",
}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary
    from gonghui.core.demo import register as demo_step
    from gonghui.core.publicity import register_kind
    from gonghui.plans import links

    from .demo_rest import build_rest
    from .services_rest import PUBLICITY_KIND

    register_kind(PUBLICITY_KIND, "疗休养", "care.change")
    metrics.register(*METRICS)
    reminders.register(due)
    summary.register("care_rest", paragraphs)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    item = nav.NavItem(
        "疗休养",
        "care:rest_rounds",
        "care.view",
        grassroots_only=True,
        menu="care" if "care" in nav.MENUS else "",
    )
    mine = nav.NavItem("我的疗休养", "care:rest_mine", "self.view", per_union=False, menu="mine")
    for entry in (item, mine):
        if entry not in nav.NAV:
            nav.NAV.append(entry)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(ROUND_FIELDS, model="care.restround")
    audit.register_fields({"reason": "理由"}, model="care.restentry")
    demo_step("care_rest", build_rest)
