"""职工互助保障 plugged into the rest of the platform: the metrics 投保率, 参保人数 and 理赔金额
(plan targets, the year-end summary), a plan as a plan item's 落实记录, the renewal reminder
when a plan's period ends within 30 days, the summary paragraph, the member picker's
purpose, the audit actions and the menu entries. :func:`connect` registers them all, once,
from ``CareConfig.ready()``; the 待办 line (claims being handled) is in ``care/todos.py``,
counted with care's others in one query.

Privacy: figures and the summary count members and yuan; nobody is named, no diagnosis is
read. A plan link's label is the plan's own name, shown to every ``plan.view`` holder."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from gonghui.core import metrics
from gonghui.core.notices import chair_users
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.members.metrics import TOTAL, percent
from gonghui.members.metrics import total as members_total

from . import queries_insurance as queries
from .rules_insurance import RENEWAL_DAYS

AREA = "帮扶"
ENROLLED = metrics.part("care.insurance_enrolled", queries.enrolled_by_union, "n")
TOPICS = ("互助保障", "保障", "保险", "帮扶", "关爱", "福利", "维权")
SUBTREE = "上级工会按所辖基层工会合计。"


# --- metrics --------------------------------------------------------------------------------


def enrolled(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(queries.enrolled_at, union, end))


def enrolment_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    return percent(
        metrics.shared(queries.enrolled_at, union, end), members_total(union, start, end)
    )


def claims_paid(union, start: datetime.date, end: datetime.date) -> Decimal:
    return metrics.shared(queries.claims_paid, union, start, end)["amount"]


METRICS = (
    metrics.Metric(
        key="care.insurance_rate",
        label="投保率",
        unit="%",
        area=AREA,
        compute=enrolment_rate,
        kept=metrics.ratio(ENROLLED, TOTAL, of=percent),
        describe="期末在册会员中，参加期末仍在保障期内的职工互助保障计划（任一项）的人数所占"
        "百分比；没有会员时无数据。" + SUBTREE,
        aliases=("投保率", "参保率", "互助保障参保率", "互助保障覆盖率"),
    ),
    metrics.Metric(
        key="care.insurance_enrolled",
        label="参保人数",
        unit="人",
        area=AREA,
        compute=enrolled,
        kept=metrics.count(ENROLLED),
        describe="期末在册会员中参加职工互助保障（任一项、期末仍在保障期内）的人数。" + SUBTREE,
        aliases=("参保人数", "参加互助保障", "互助保障参保人数", "参加职工互助保障"),
    ),
    metrics.Metric(
        key="care.insurance_paid",
        label="理赔金额",
        unit="元",
        area=AREA,
        compute=claims_paid,
        kept=metrics.yuan(metrics.part("care.insurance_paid_fen", queries.claims_by_union, "fen")),
        describe="期间承办机构赔付会员的互助保障理赔金额合计（按赔付日期）。" + SUBTREE,
        aliases=("理赔金额", "互助保障理赔", "赔付金额"),
        cumulative=True,
    ),
)


# --- plan links -----------------------------------------------------------------------------


def _plans(union, year):
    from .models_insurance import InsurancePlan

    return InsurancePlan.objects.filter(
        union=union,
        starts_on__lte=datetime.date(year, 12, 31),
        ends_on__gte=datetime.date(year, 1, 1),
    ).order_by("starts_on", "id")


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "care_insurance", "互助保障计划", "care.InsurancePlan", _plans, str, lambda p: p.starts_on
    )


# --- reminder -------------------------------------------------------------------------------


def renewal_due(today: datetime.date) -> list[Reminder]:
    """A plan whose period ends within 30 days and has no renewal yet: once, to the welfare
    member of the committee and the chairs."""
    from .reminders import welfare_users

    plans = list(queries.ending_soon(today, RENEWAL_DAYS))
    if not plans:
        return []
    ids = {p.union_id for p in plans}
    welfare, chairs = welfare_users(ids), chair_users(ids)
    out = []
    for plan in plans:
        people = [*welfare.get(plan.union_id, ()), *chairs.get(plan.union_id, ())]
        out.append(
            Reminder(
                union=plan.union,
                text=f"互助保障计划“{plan}”的保障期将于 {plan.ends_on} 结束，请及时办理续保",
                url=reverse("care:insurance_plan", args=[plan.pk]),
                key=f"care.insurance.{plan.pk}.renew",
                recipients=tuple({u.pk: u for u in people}.values()),
            )
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """组织会员参加职工互助保障（N个保障计划），期末参保 X 人，投保率 Y%；理赔 Z 件，赔付 W 元。
    Counts only; nothing when no plan ran in the period."""
    plans = queries.plans_in(union, start, end).count()
    if not plans:
        return []
    w = Writer()
    people = queries.enrolled_at(union, end)
    rate = percent(people, members_total(union, start, end))
    text = f"组织会员参加职工互助保障（{w.n(plans, '个')}保障计划），期末参保{w.n(people, '人')}"
    if rate is not None:
        text += f"，投保率{w.pct(rate)}"
    paid = queries.claims_paid(union, start, end)
    if paid["count"]:
        text += f"；办理理赔{w.n(paid['count'], '件')}，赔付金额{w.yuan(paid['amount'])}"
    return [w.para("care.insurance", AREA, text + "。", topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "care.insurance_plan": "创建互助保障计划",
    "care.insurance_plan_update": "修改互助保障计划",
    "care.insurance_renew": "互助保障续保",
    "care.insurance_enrol": "互助保障参保",
    "care.insurance_withdraw": "互助保障退保",
    "care.insurance_premium": "互助保障保费制单",
    "care.insurance_claim": "登记互助保障理赔",
    "care.insurance_claim_review": "互助保障理赔转审核",
    "care.insurance_claim_pay": "互助保障理赔赔付",
    "care.insurance_claim_deny": "互助保障理赔不予赔付",
    "care.insurance_claim_view": "查看互助保障理赔",
    "care.insurance_export": "导出互助保障参保名单",
}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary
    from gonghui.core.demo import register as demo_step
    from gonghui.members.picker import PURPOSES, Purpose
    from gonghui.plans import links

    from .demo_insurance import build_insurance

    metrics.register(*METRICS)
    demo_step("care_insurance", build_insurance)
    reminders.register(renewal_due)
    summary.register("care_insurance", paragraphs)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    # bulk enrolment and claims: members one by one or whole groups
    PURPOSES.setdefault("care_insurance", Purpose("care.change", groups=True))
    for item in (
        # the committee's plans, beside 金秋助学 (the care menu, where there is one)
        nav.NavItem(
            "互助保障",
            "care:insurance",
            "care.view",
            grassroots_only=True,
            menu="care" if "care" in nav.MENUS else "",
        ),
        # 投保率 of a federation's tree (counts only)
        nav.NavItem(
            "互助保障投保率",
            "care:insurance_rates",
            "org.admin",
            menu="care" if "care" in nav.MENUS else "",
        ),
        nav.NavItem(
            "我的互助保障", "care:insurance_mine", "self.view", per_union=False, menu="mine"
        ),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(
        {
            "enrolled": "参保人数",
            "enrolled_on": "参保日期",
            "count": "导出人数",
            "masked": "证件号和手机号已隐去",
        },
        model="care.insuranceplan",
    )
    audit.register_fields({"viewed": "查看"}, model="care.insuranceclaim", hidden=("diagnosis",))
