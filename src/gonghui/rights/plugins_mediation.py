"""劳动争议调解 plugged into the platform: the metrics 受理件数 and 调解成功率 (counts only), the
summary paragraph (counts, never a name), the committee's 待办 and reminders (to the
committee's current members only — never to the chairs), the member pickers, the audit
actions with the case's content keys hidden, the menu entries and the demo step."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo
from gonghui.members.metrics import percent

from . import queries_mediation as queries

AREA = "维权"
TOPICS = ("劳动争议", "调解", "维权")


# --- metrics --------------------------------------------------------------------------------


def accepted(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(queries.accepted_count(union, start, end))


def success_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    return queries.closed_parts(union, start, end)["rate"]


METRICS = (
    metrics.Metric(
        key="rights.mediation_accepted",
        label="劳动争议调解受理件数",
        unit="件",
        area=AREA,
        compute=accepted,
        kept=metrics.count(
            metrics.part("rights.mediation_accepted", queries.accepted_by_union, "n")
        ),
        describe="期间受理的劳动争议调解申请件数（按受理日期）。上级工会按所辖基层工会合计。",
        aliases=("受理件数", "调解受理", "劳动争议调解"),
        cumulative=True,
    ),
    metrics.Metric(
        key="rights.mediation_success",
        label="调解成功率",
        unit="%",
        area=AREA,
        compute=success_rate,
        kept=metrics.ratio(
            metrics.part("rights.mediation_agreed", queries.closed_by_union, "agreed"),
            metrics.part("rights.mediation_closed", queries.closed_by_union, "closed"),
            of=percent,
        ),
        describe="期间结案的调解案件中达成调解协议的百分比（结案 = 达成协议、未达成协议或撤回；"
        "不予受理的不计）。没有结案时不计。上级工会按所辖基层工会合计。",
        aliases=("调解成功率", "劳动争议调解成功率", "调解成功"),
    ),
)


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """收到调解申请N件，受理M件；结案K件，其中达成调解协议a件，调解成功率x% — counts only;
    nothing without an application or a closing in the period."""
    found = queries.period_figures(union, start, end)
    if not found["received"] and not found["closed"]:
        return []
    w = Writer()
    text = (
        f"劳动争议调解委员会收到调解申请{w.n(found['received'], '件')}，"
        f"受理{w.n(found['accepted'], '件')}"
    )
    if found["closed"]:
        text += (
            f"；结案{w.n(found['closed'], '件')}，其中达成调解协议{w.n(found['agreed'], '件')}，"
            f"调解成功率{w.pct(found['rate'])}"
        )
    return [w.para("rights.mediation", AREA, text + "。", topics=TOPICS)]


# --- 待办 -----------------------------------------------------------------------------------


def todos(user, union) -> list[Counted]:
    """For a current member of the union's committee: applications to decide, open cases
    past their deadline. The seat is asked inside the shared count query (nobody else's
    count is other than 0), so the source costs no query of its own."""
    if union.is_federation or not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    seat = Exists(queries.current(union, today).filter(member__user=user))
    querysets = {k: qs.filter(seat) for k, qs in queries.todo_querysets(union, today).items()}
    url = reverse("rights:mediation_cases", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [
            Todo("待受理的调解申请", counts["waiting"], url),
            Todo("超过调解期限未结案的调解案件", counts["overdue"], url + "?state=accepted"),
        ]

    return [Counted(querysets, lines)]


# --- reminders ------------------------------------------------------------------------------


def due(today: datetime.date) -> list[Reminder]:
    """An open case whose deadline is within three days, and again once it has passed: to the
    committee's current members with an account, by the case's number only."""
    found = list(queries.due_for_reminder(today))
    people = queries.seat_users({c.union_id for c in found}) if found else {}
    out = []
    for case in found:
        recipients = tuple(people.get(case.union_id, ()))
        if not recipients:
            continue  # nobody of the committee has an account: never the chairs
        if case.deadline < today:
            text = (
                f"调解案件{case}已超过调解期限（{case.deadline:%m月%d日}）仍未结案，"
                "当事人可以依法申请仲裁"
            )
            event = "overdue"
        else:
            text = f"调解案件{case}的调解期限为 {case.deadline:%m月%d日}，请及时结案"
            event = "due"
        out.append(
            Reminder(
                union=case.union,
                text=text,
                url=case.get_absolute_url(),
                key=f"rights.mediation_case.{case.pk}.{event}",
                recipients=recipients,
            )
        )
    return out


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "rights.mediator_add": "登记调解委员会成员",
    "rights.mediator_end": "调解委员会成员卸任",
    "rights.case_create": "登记调解申请",
    "rights.case_accept": "受理调解申请",
    "rights.case_refuse": "不予受理调解申请",
    "rights.case_mediators": "调整调解员",
    "rights.case_session": "登记调解记录",
    "rights.case_agree": "达成调解协议",
    "rights.case_fail": "调解未达成协议",
    "rights.case_withdraw": "撤回调解申请",
}
# What a case says is the committee's alone: never shown in the trail, were a key recorded.
CASE_CONTENT = (
    "applicant_id",
    "applicant_name",
    "respondent",
    "claim_kind",
    "claim",
    "refusal_reason",
    "agreement",
    "withdraw_reason",
)


def connect(area: str) -> None:
    from gonghui.core import audit, nav, reminders, summary, todo
    from gonghui.core.demo import register as demo_step
    from gonghui.members.picker import PURPOSES, Purpose

    from . import demo_mediation
    from .forms_mediation import APPLICANT_PICKER, MEDIATORS_PICKER

    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(
        {"mediators": "调解员人数"}, model="rights.mediationcase", hidden=CASE_CONTENT
    )
    audit.register_fields(model="rights.mediationsession", hidden=("record", "place"))
    metrics.register(*METRICS)
    summary.register("rights.mediation", paragraphs)
    todo.register(todos, daily=True)
    reminders.register(due)
    PURPOSES.setdefault(MEDIATORS_PICKER, Purpose("rights.change"))
    # A case's applicant is chosen by a committee member: the seat is the right, not a role.
    PURPOSES.setdefault(
        APPLICANT_PICKER,
        Purpose("", within="gonghui.rights.queries_mediation.applicant_pool", names_only=True),
    )
    for item in (
        nav.NavItem(
            "劳动争议调解",
            "rights:mediation_committee",
            "rights.view",
            grassroots_only=False,
            menu="rights",
        ),
        nav.NavItem(
            "我的调解申请", "rights:mediation_mine", "self.view", per_union=False, menu="mine"
        ),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    demo_step("rights.mediation", demo_mediation.build)
