"""劳动保护 plugged into the platform: the metrics 隐患整改率 and 劳动保护监督检查次数 (plan
targets, the year-end summary; a federation sums its subtree from kept parts), an
inspection as a plan item's 落实记录 ("开展安全生产检查…"), the 待办 (hazards past their
deadline, hazards waiting for 复查), the reminder of an overdue hazard to the union's
``rights.change`` holders, the summary paragraph, the audit actions, the menu entries, the
member picker's purpose and the demo step. :func:`connect` registers them, once, from
``RightsConfig.ready()``.

Privacy: figures and the summary count inspections, hazards and accidents; nobody injured is
named. A plan link's label is the inspection's date and kind."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics, scoping
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo

from . import queries_safety as queries
from . import rules_safety as rules
from .models_safety import HazardState

AREA = "维权"
TOPICS = ("劳动保护", "安全", "安康杯", "维权", "职业健康")


# --- metrics ----------------------------------------------------------------------------------


def rectification_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    return queries.hazard_parts(union, start, end)["rate"]


def inspections(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(queries.inspection_count(union, start, end))


METRICS = (
    metrics.Metric(
        key="rights.hazard_rectification_rate",
        label="隐患整改率",
        unit="%",
        area=AREA,
        compute=rectification_rate,
        kept=metrics.ratio(
            metrics.part("rights.hazards_closed", queries.hazards_by_union, "closed"),
            metrics.part("rights.hazards_found", queries.hazards_by_union, "found"),
            of=rules.rectification_rate,
        ),
        describe="期间发现的隐患中，到期末已复查销号的条数占发现条数的百分比；期间没有发现"
        "隐患时不计。上级工会按所辖基层工会合计。",
        aliases=("隐患整改率", "整改率", "隐患整改", "事故隐患整改"),
    ),
    metrics.Metric(
        key="rights.safety_inspections",
        label="劳动保护监督检查次数",
        unit="次",
        area=AREA,
        compute=inspections,
        kept=metrics.count(
            metrics.part("rights.safety_inspections", queries.inspections_by_union, "n")
        ),
        describe="期间工会开展（参加）的劳动保护监督检查次数。上级工会按所辖基层工会合计。",
        aliases=("安全检查", "劳动保护监督检查", "安全生产检查", "劳动保护检查"),
        cumulative=True,
    ),
)


# --- plan links -------------------------------------------------------------------------------


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "rights_safety",
        "劳动保护监督检查",
        "rights.SafetyInspection",
        queries.inspections_for_plan,
        lambda i: f"{i.get_kind_display()}（{i.places}）",
        lambda i: i.held_on,
    )


# --- 待办 -------------------------------------------------------------------------------------


def todos(user, union) -> list[Counted]:
    """Hazards past their deadline and not closed, hazards waiting for 复查: for those who run
    them (``rights.change``), counted with the other sources' in one query."""
    if union.is_federation or not scoping.has_perm(user, "rights.change", union=union):
        return []
    url = reverse("rights:safety", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [
            Todo("隐患已过整改期限未销号", counts["overdue"], url + "#hazards"),
            Todo("隐患已整改待复查", counts["recheck"], url + "#hazards"),
        ]

    return [Counted(queries.todo_querysets(union, timezone.localdate()), lines)]


# --- reminders --------------------------------------------------------------------------------


def overdue(today: datetime.date) -> list[Reminder]:
    """A hazard past its deadline (from the day after it) and not closed: once per deadline
    (a failed 复查 sets a new one, reminded again when it passes), to the union's
    ``rights.change`` holders."""
    hazards = list(queries.overdue_everywhere(today))
    if not hazards:
        return []
    users = queries.change_users({h.union_id for h in hazards})
    return [
        Reminder(
            union=h.union,
            text=f"隐患「{h.location}」（{h.get_level_display()}）已超过整改期限 {h.deadline:%Y-%m-%d}，"
            + (
                "已整改待复查，请及时复查销号"
                if h.state == HazardState.RECTIFIED
                else f"尚未整改，请督促整改责任人{h.owner}落实"
            ),
            url=h.get_absolute_url(),
            key=f"rights.safety.hazard.{h.pk}.{h.deadline:%Y%m%d}.late",
            recipients=tuple(users.get(h.union_id, ())),
        )
        for h in hazards
    ]


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """开展劳动保护监督检查N次，发现隐患a条（其中重大隐患b条），已整改销号c条，整改率x%；
    发生工伤事故… — counts only; nothing without an inspection, a hazard or an accident."""
    found = queries.period_figures(union, start, end)
    if not (found["inspections"] or found["found"] or found["accidents"]):
        return []
    w = Writer()
    parts = []
    if found["inspections"]:
        parts.append(f"开展劳动保护监督检查{w.n(found['inspections'], '次')}")
    if found["found"]:
        text = f"发现事故隐患{w.n(found['found'], '条')}"
        if found["major"]:
            text += f"（其中重大隐患{w.n(found['major'], '条')}）"
        text += f"，已整改复查销号{w.n(found['closed'], '条')}，隐患整改率{w.pct(found['rate'])}"
        parts.append(text)
    if found["accidents"]:
        text = f"发生工伤事故{w.n(found['accidents'], '起')}"
        if found["serious"]:
            text += f"（其中重伤及以上{w.n(found['serious'], '起')}）"
        parts.append(text)
    out = [w.para("rights.safety", AREA, "，".join(parts) + "。", topics=TOPICS)]
    if found["found"] and found["closed"] < found["found"]:
        v = Writer()
        out.append(
            v.para(
                "rights.safety_open",
                AREA,
                f"尚有事故隐患{v.n(found['found'] - found['closed'], '条')}未整改销号，需继续督促落实。",
                topics=TOPICS,
                shortfall=True,
            )
        )
    return out


# --- registration -----------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "rights.safety_inspection": "登记劳动保护监督检查",
    "rights.safety_hazard": "登记隐患",
    "rights.safety_rectify": "登记隐患整改",
    "rights.safety_recheck": "隐患复查",
    "rights.safety_escalate": "报告重大隐患",
    "rights.safety_post_add": "职业病危害岗位列入台账",
    "rights.safety_post_change": "修改职业病危害岗位",
    "rights.safety_post_retire": "职业病危害岗位撤出台账",
    "rights.safety_accident": "登记工伤事故",
    "rights.safety_accident_status": "修改工伤认定情况",
    "rights.safety_ankang": "安康杯竞赛参赛",
    "rights.safety_ankang_change": "修改安康杯竞赛成绩",
}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary, todo
    from gonghui.core.demo import register as demo_step
    from gonghui.members.picker import PURPOSES, Purpose
    from gonghui.plans import links

    from .demo_safety import build

    metrics.register(*METRICS)
    todo.register(todos, daily=True)
    reminders.register(overdue)
    summary.register("rights.safety", paragraphs)
    demo_step("rights_safety", build)
    PURPOSES.setdefault("rights_safety", Purpose("rights.change"))
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    for item in (
        nav.NavItem(
            "劳动保护", "rights:safety", "rights.view", grassroots_only=True, menu="rights"
        ),
        nav.NavItem(
            "职业病危害岗位",
            "rights:safety_posts",
            "rights.view",
            grassroots_only=True,
            menu="rights",
        ),
        nav.NavItem(
            "安康杯", "rights:safety_ankang", "rights.view", grassroots_only=True, menu="rights"
        ),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields({"inspectors": "检查人员（会员）"}, model="rights.safetyinspection")
    audit.register_fields({"photo": "照片", "recheck": "复查"}, model="rights.hazard")
    audit.register_fields({"injured_count": "受伤人数"}, model="rights.accident")
