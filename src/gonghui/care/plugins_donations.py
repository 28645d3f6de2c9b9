"""捐款 plugged into the rest of the platform: the metrics 捐款人次 and 捐款金额 (plan targets,
the year-end summary, a federation adding up its unions), a campaign as a plan item's 落实记录,
the reminders (a campaign past its last day still running; an ended campaign whose money the
union still holds), the summary paragraph, the audit actions, the menu entries and the demo step.
:func:`connect` registers them all, once, from ``CareConfig.ready()``; the 待办 lines are in
``care/todos.py`` (counted with care's others in one query).

Privacy: figures and the summary count people and yuan; nobody is named. A plan link's label
is the campaign's own name."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from gonghui.core import metrics
from gonghui.core.notices import chair_users
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer

from . import queries_donations as queries
from .models_donations import DonationKind

AREA = "帮扶"
TOPICS = ("捐款", "一日捐", "爱心", "慈善", "送温暖", "关爱")


# --- metrics --------------------------------------------------------------------------------


def donation_times(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(queries.given_in, union, start, end)["times"])


def donation_amount(union, start: datetime.date, end: datetime.date) -> Decimal:
    return metrics.shared(queries.given_in, union, start, end)["amount"]


METRICS = (
    metrics.Metric(
        key="care.donation_times",
        label="捐款人次",
        unit="人次",
        area=AREA,
        compute=donation_times,
        kept=metrics.count(metrics.part("care.donation_times", queries.given_by_union, "times")),
        describe="期间实缴捐款的会员人次：一名会员在一次捐款活动中捐款算一人次（撤销的不算）。"
        "上级工会按所辖基层工会合计。",
        aliases=("捐款人次", "一日捐", "爱心捐款", "慈善捐款", "参与捐款"),
        cumulative=True,
    ),
    metrics.Metric(
        key="care.donation_amount",
        label="捐款金额",
        unit="元",
        area=AREA,
        compute=donation_amount,
        kept=metrics.yuan(metrics.part("care.donation_fen", queries.given_by_union, "fen")),
        describe="期间会员实缴的捐款合计（含直接捐给接收单位的，扣除撤销）。",
        aliases=("捐款金额", "捐款", "善款", "募捐金额", "一日捐金额"),
        cumulative=True,
    ),
)


# --- plan links -----------------------------------------------------------------------------


def _campaigns(union, year):
    from .models_donations import DonationCampaign

    return DonationCampaign.objects.filter(union=union, starts_on__year=year).order_by(
        "starts_on", "id"
    )


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "care_donation", "捐款活动", "care.DonationCampaign", _campaigns, str, lambda c: c.starts_on
    )


# --- reminders ------------------------------------------------------------------------------


def _people(union_ids) -> tuple[dict, dict]:
    from .reminders import welfare_users

    return welfare_users(union_ids), chair_users(union_ids)


def campaigns_due(today: datetime.date) -> list[Reminder]:
    """Once per campaign: still 进行中 after its last day (end it), and ended with money the
    union has not handed over (hand it over, record the receipt) — to the welfare member of
    the committee and the chairs."""
    late = list(queries.past_end(today).select_related("union"))
    held = list(queries.not_handed_over().select_related("union"))
    if not late and not held:
        return []
    welfare, chairs = _people({c.union_id for c in [*late, *held]})
    out = []

    def add(campaign, text: str, key: str) -> None:
        people = [*welfare.get(campaign.union_id, ()), *chairs.get(campaign.union_id, ())]
        out.append(
            Reminder(
                union=campaign.union,
                text=text,
                url=reverse("care:donation_campaign", args=[campaign.pk]),
                key=key,
                recipients=tuple({u.pk: u for u in people}.values()),
            )
        )

    for c in late:
        add(
            c,
            f"捐款活动「{c}」已于 {c.ends_on} 截止，请核对实缴后结束活动",
            f"care.donation.{c.pk}.ended",
        )
    for c in held:
        left = Decimal(c.held_fen - c.handed_fen) / 100
        add(
            c,
            f"捐款活动「{c}」已结束，工会收取的善款还有 {left:,.2f} 元未上交接收单位",
            f"care.donation.{c.pk}.handover",
        )
    return out


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """组织一日捐、爱心捐款等捐款活动N次，会员捐款a人次、X元，向接收单位上交善款Y元。 Counts only;
    nothing when nobody gave in the period."""
    found = queries.summary_figures(union, start, end)
    if not found["times"]:
        return []
    w = Writer()
    kinds = [DonationKind(k).label for k in DonationKind.values if k in found["campaigns"].values()]
    named = "、".join(k for k in kinds if k != DonationKind.OTHER.label) or "捐款"
    text = (
        f"组织{named}{'等' if len(kinds) > 1 else ''}捐款活动{w.n(len(found['campaigns']), '次')}，"
        f"会员捐款{w.n(found['times'], '人次')}，共{w.yuan(found['amount'])}"
    )
    if found["handed"]:
        text += f"，向接收单位上交善款{w.yuan(found['handed'])}"
    return [w.para("care.donations", AREA, text + "。", topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "care.donation_campaign": "创建捐款活动",
    "care.donation_campaign_update": "修改捐款活动",
    "care.donation_open": "发布捐款活动",
    "care.donation_close": "结束捐款活动",
    "care.donation_pledge": "登记认捐",
    "care.donation_pay": "登记捐款实缴",
    "care.donation_batch": "按小组登记捐款",
    "care.donation_reverse": "撤销捐款记录",
    "care.donation_anonymity": "修改捐款匿名设置",
    "care.donation_handover": "登记善款上交",
    "care.donation_handover_reverse": "撤销善款上交记录",
}
AUDIT_FIELDS = {"batch": "登记内容", "entries": "登记人数", "total": "金额合计（元）"}


def connect(area: str) -> None:
    """Register everything above; ``area`` is the app's name in the audit trail."""
    from gonghui.core import audit, nav, reminders, summary
    from gonghui.core.demo import register as demo_step
    from gonghui.plans import links

    from .demo_donations import build_donations

    metrics.register(*METRICS)
    demo_step("care_donations", build_donations)
    reminders.register(campaigns_due)
    summary.register("care_donations", paragraphs)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    for item in (
        nav.NavItem(
            "捐款活动",
            "care:donation_campaigns",
            "care.view",
            grassroots_only=True,
            menu="care" if "care" in nav.MENUS else "",
        ),
        nav.NavItem("我的捐款", "care:donation_mine", "self.view", per_union=False, menu="mine"),
    ):
        if item not in nav.NAV:
            nav.NAV.append(item)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(AUDIT_FIELDS, model="care.donationcampaign")
