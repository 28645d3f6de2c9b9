"""金秋助学 plugged into the rest of the platform: the metrics 助学人数 and 助学金额 (plan
targets, the year-end summary), the round as a plan item's 落实记录, the reminder when a
window has closed with applications unreviewed, the summary paragraph, the 公示 kind, the
audit actions and the member's menu entry. :func:`connect` registers them all, once, from
``CareConfig.ready()``; the 待办 line is in ``care/todos.py`` (counted with care's others
in one query).

Privacy: figures and the summary count children and yuan; nobody is named. A plan link's
label is the round's own name, shown to every ``plan.view`` holder."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from gonghui.core import metrics
from gonghui.core.notices import chair_users
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer

from . import queries_bursary as queries

AREA = "帮扶"
TOPICS = ("助学", "金秋助学", "帮扶", "送温暖", "关爱", "福利")


# --- metrics --------------------------------------------------------------------------------


def children_paid(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(queries.paid_figures, union, start, end)["children"])


def amount_paid(union, start: datetime.date, end: datetime.date) -> Decimal:
    return metrics.shared(queries.paid_figures, union, start, end)["amount"]


METRICS = (
    metrics.Metric(
        key="care.bursary_children",
        label="助学人数",
        unit="人",
        area=AREA,
        compute=children_paid,
        kept=metrics.count(
            metrics.part("care.bursary_children", queries.paid_by_union, "children")
        ),
        describe="期间发放金秋助学的会员子女人数（名单公示无异议后列入发放凭证的）。"
        "上级工会按所辖基层工会合计。",
        aliases=("助学人数", "金秋助学", "资助学生", "资助困难学生", "助学"),
        cumulative=True,
    ),
    metrics.Metric(
        key="care.bursary_amount",
        label="助学金额",
        unit="元",
        area=AREA,
        compute=amount_paid,
        kept=metrics.yuan(metrics.part("care.bursary_fen", queries.paid_by_union, "fen")),
        describe="期间列入发放凭证的金秋助学金额合计。",
        aliases=("助学金额", "助学资金", "金秋助学金额"),
        cumulative=True,
    ),
)


# --- plan links -----------------------------------------------------------------------------


def _rounds(union, year):
    from .models_bursary import BursaryRound

    return BursaryRound.objects.filter(union=union, year=year).order_by("opens_on", "id")


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "care_bursary", "金秋助学", "care.BursaryRound", _rounds, str, lambda r: r.opens_on
    )


# --- reminder -------------------------------------------------------------------------------


def window_closed(today: datetime.date) -> list[Reminder]:
    """A round whose window has closed with applications still unreviewed: once, to the
    welfare member of the committee and the chairs (the 公示 waits for the review)."""
    from .reminders import welfare_users

    rounds = list(queries.closed_with_waiting(today))
    if not rounds:
        return []
    ids = {r.union_id for r in rounds}
    welfare, chairs = welfare_users(ids), chair_users(ids)
    out = []
    for found in rounds:
        people = [*welfare.get(found.union_id, ()), *chairs.get(found.union_id, ())]
        out.append(
            Reminder(
                union=found.union,
                text=f"{found}已于 {found.closes_on} 截止申请，还有 {found.n_waiting} 份申请"
                "待审核，审核后才能公示拟资助名单",
                url=reverse("care:bursary_round", args=[found.pk]),
                key=f"care.bursary.{found.pk}.closed",
                recipients=tuple({u.pk: u for u in people}.values()),
            )
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """开展金秋助学，资助会员子女 N 人（高等教育 a 人、高中 b 人），发放助学金 X 元。 Counts
    only; nothing when no child was paid in the period."""
    found = queries.paid_figures(union, start, end)
    if not found["children"]:
        return []
    w = Writer()
    parts = []
    if found["higher"]:
        parts.append(f"考入高等教育{w.n(found['higher'], '人')}")
    if found["high"]:
        parts.append(f"考入高中{w.n(found['high'], '人')}")
    text = (
        f"开展金秋助学，资助会员子女{w.n(found['children'], '人')}（{'、'.join(parts)}），"
        f"发放助学金{w.yuan(found['amount'])}。"
    )
    return [w.para("care.bursary", AREA, text, topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "care.bursary_settings": "修改金秋助学设置",
    "care.bursary_round": "开始金秋助学",
    "care.bursary_apply": "金秋助学申请",
    "care.bursary_approve": "金秋助学审核通过",
    "care.bursary_reject": "金秋助学不予资助",
    "care.bursary_publicize": "金秋助学名单公示",
    "care.bursary_pay": "金秋助学发放",
}
AUDIT_FIELDS = {"listed": "公示人数", "paid": "发放"}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary
    from gonghui.core.publicity import register_kind
    from gonghui.plans import links

    from .services_bursary import PUBLICITY_KIND

    register_kind(PUBLICITY_KIND, "金秋助学", "care.change")
    metrics.register(*METRICS)
    reminders.register(window_closed)
    summary.register("care_bursary", paragraphs)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    for item in (
        # the committee's rounds, beside 困难帮扶 and 走访慰问 (the care menu, where there is one)
        nav.NavItem(
            "金秋助学",
            "care:bursary_rounds",
            "care.view",
            grassroots_only=True,
            menu="care" if "care" in nav.MENUS else "",
        ),
        # the member's apply page, in the 我的 menu
        nav.NavItem("我的助学申请", "care:bursary_mine", "self.view", per_union=False, menu="mine"),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(AUDIT_FIELDS, model="care.bursaryround")
    audit.register_fields({"proof_sha256": "录取通知书校验值"}, model="care.bursaryapplication")
