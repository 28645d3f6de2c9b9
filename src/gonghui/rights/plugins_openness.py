"""厂务公开 plugged into the platform: the metric 公开按时率, two 待办 lines (periods past
their due date with nothing published; members' questions waiting for an answer), the
reminder the morning after a due date passes unpublished, the year-end summary's sentence,
a publication as a plan item's 落实记录, the audit actions, the menu entries (维权 ·
厂务公开; 我的 · 公开事项) and the demo step.

公开按时率 is not a kept figure (``core.kept_figures``): whether a period is owed depends on
today's date (a due date passing is no write the audit trail would see), like 五必访及时率.
A federation's figure is computed from its subtree's rows directly, in three queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics, scoping
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo

from . import queries_openness as queries

AREA = "维权"
TOPICS = ("厂务公开", "校务公开", "院务公开", "民主管理", "公开")


# --- metrics --------------------------------------------------------------------------------


def _figures(union, start: datetime.date, end: datetime.date) -> dict:
    return metrics.shared(queries.figures, union, start, end, timezone.localdate())


def on_time_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    return queries.rate(_figures(union, start, end))


METRICS = (
    metrics.Metric(
        key="rights.openness_on_time",
        label="公开按时率",
        unit="%",
        area=AREA,
        compute=on_time_rate,
        describe="截止日期在期间内且已过（或已按时公开）的应公开期间（按月、按季度、按年的类别"
        "每期一项，随时公开的事项每项一项）中，在截止日期当天或之前公开的百分比。截止日期："
        "次月（季度、年度之后的第一个月）的“按月公开截止日”，随时公开的为事项发生后规定天数。"
        "没有应公开的期间时不计。上级工会按所辖基层工会合计。",
        aliases=("公开按时率", "厂务公开按时率", "校务公开按时率", "院务公开按时率", "按时公开率"),
    ),
)


# --- 待办 -----------------------------------------------------------------------------------


def todos(user, union) -> list[Counted]:
    """Categories with a period past its due date and nothing published, for those who
    record them: counted with the other sources' in one query (the year page lists the
    periods)."""
    if union.is_federation or not scoping.has_perm(user, "rights.change", union=union):
        return []
    url = reverse("rights:openness", args=[union.code]) + "#overdue"
    word = queries.word(union)

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [Todo(f"{word}有逾期未公开事项的类别", counts["openness_overdue"], url)]

    found = queries.overdue_categories(union, timezone.localdate())
    return [Counted({"openness_overdue": found}, lines)]


def question_todos(user, union) -> list[Counted]:
    """Members' questions on published items waiting for an answer, counted with the other
    sources' in one query."""
    if union.is_federation or not scoping.has_perm(user, "rights.change", union=union):
        return []
    url = reverse("rights:openness", args=[union.code]) + "#questions"

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [Todo("待答复的公开事项提问", counts["openness_questions"], url)]

    return [Counted({"openness_questions": queries.waiting_questions(union)}, lines)]


# --- reminders ------------------------------------------------------------------------------


def overdue_reminders(today: datetime.date) -> list[Reminder]:
    """The morning after a due date passes with nothing published: once, to those who
    record openness in that union (chairs, committee members, the 维权 member)."""
    cells = queries.due_yesterday(today)
    if not cells:
        return []
    people = queries.change_users({c.category.union_id for c in cells})
    out = []
    for cell in cells:
        union = cell.category.union
        out.append(
            Reminder(
                union=union,
                text=f"{queries.word(union)}：“{cell.category.name}”{cell.label}的事项应于 "
                f"{cell.due} 前公开，至今未登记公开，已逾期",
                url=reverse("rights:openness", args=[union.code]) + f"?year={cell.year}",
                key=f"rights.openness.{cell.category.pk}.{cell.year}.{cell.period}.late",
                recipients=tuple(people.get(union.pk, ())),
            )
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """监督单位按期公开：应公开 N 期（项），按时 a，逾期公开 b，未公开 c，公开按时率 x%;
    members' questions and the 满意度测评 when there are any. Nothing without anything due."""
    found = queries.figures(union, start, end, timezone.localdate())
    if not found["due"]:
        return []
    w = Writer()
    word = "厂务公开" if union.is_federation else queries.word(union)
    text = (
        f"监督{word}，应公开{w.n(found['due'], '项（期）')}，按时公开{w.n(found['on_time'], '项')}"
    )
    if found["late"]:
        text += f"，逾期公开{w.n(found['late'], '项')}"
    if found["missing"]:
        text += f"，未公开{w.n(found['missing'], '项')}"
    text += f"，公开按时率{w.pct(queries.rate(found))}"
    asked = queries.questions_figures(union, start, end)
    if asked["asked"]:
        text += (
            f"；会员对公开事项提问{w.n(asked['asked'], '条')}，已答复{w.n(asked['answered'], '条')}"
        )
    return [w.para("rights.openness", AREA, text + "。", topics=TOPICS)]


# --- plan links -----------------------------------------------------------------------------


def _publications(union, year):
    from .models_openness import OpennessPublication

    return (
        OpennessPublication.objects.filter(union=union, year=year, withdrawn_at__isnull=True)
        .select_related("category")
        .order_by("published_on", "id")
    )


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "rights_openness",
        "公开记录",
        "rights.OpennessPublication",
        _publications,
        lambda p: f"{p.category.name}·{p}",
        lambda p: p.published_on,
    )


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "rights.openness_adopt": "建立公开目录",
    "rights.openness_category_add": "添加公开类别",
    "rights.openness_category_change": "修改公开类别",
    "rights.openness_category_retire": "停用公开类别",
    "rights.openness_publish": "登记公开",
    "rights.openness_withdraw": "撤回公开记录",
    "rights.openness_ask": "对公开事项提问",
    "rights.openness_answer": "答复公开事项提问",
    "rights.openness_poll": "设置公开满意度测评",
}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary, todo
    from gonghui.core.demo import register as demo_step
    from gonghui.plans import links

    from .demo_openness import build_openness

    metrics.register(*METRICS)
    todo.register(todos, daily=True)
    todo.register(question_todos, daily=True)
    reminders.register(overdue_reminders)
    summary.register("rights.openness", paragraphs)
    demo_step("rights_openness", build_openness)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    for item in (
        nav.NavItem(
            "厂务公开", "rights:openness", "rights.view", grassroots_only=True, menu="rights"
        ),
        nav.NavItem("公开事项", "rights:openness_mine", "self.view", per_union=False, menu="mine"),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    # the catalogue a write copied on first use (services_openness._copied)
    for model in (
        "orgs.union",
        "rights.opennesscategory",
        "rights.opennesspublication",
        "rights.opennesspoll",
    ):
        audit.register_fields({"categories": "复制的公开目录"}, model=model)
