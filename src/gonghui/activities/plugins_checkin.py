"""活动签到 plugged in: the metrics 参与人次, 签到率 and 参与率 (plan targets, the year-end
summary; a federation sums its subtree), the summary's sentence on participation, and the audit
actions. :func:`connect` registers them, from ``ActivitiesConfig.ready``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.core import metrics
from gonghui.core.summary import Paragraph, Writer
from gonghui.members.metrics import percent
from gonghui.members.metrics import total as members_total

from . import queries_checkin
from .plugins import AREA, TOPICS


def _figures(union, start: datetime.date, end: datetime.date) -> dict:
    return metrics.shared(queries_checkin.period_figures, union, start, end)


def participants(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(_figures(union, start, end)["participants"])


def checkin_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    found = _figures(union, start, end)
    return percent(found["checked"], found["registered"])


def participation_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    """参与率: members who checked in at least once ÷ the roll at the period's end."""
    taking_part = metrics.shared(queries_checkin.members_taking_part, union, start, end)
    return percent(taking_part, members_total(union, start, end))


OVER = "以期间开始、开放了签到的已发布文体活动计算"

METRICS = (
    metrics.Metric(
        key="activities.participants",
        label="参与人次",
        unit="人次",
        area=AREA,
        compute=participants,
        describe=f"签到到场的人数（含家属和允许现场签到的未报名会员），{OVER}；"
        "没有开放签到的活动不计。上级工会按所辖基层工会合计。",
        aliases=("参与人次", "参加人次", "参与活动人次"),
        cumulative=True,
    ),
    metrics.Metric(
        key="activities.checkin_rate",
        label="签到率",
        unit="%",
        area=AREA,
        compute=checkin_rate,
        describe=f"已报名（占得名额）的人中签到到场的人数所占百分比（含家属），{OVER}；"
        "没有报名时无数据。上级工会按所辖基层工会合计。",
        aliases=("签到率", "活动签到率", "到场率"),
    ),
    metrics.Metric(
        key="activities.participation_rate",
        label="参与率",
        unit="%",
        area=AREA,
        compute=participation_rate,
        describe="期末在册会员中，期间至少签到参加过一次文体活动（本人报名签到或现场签到，"
        f"家属不计）的会员所占百分比，{OVER}，与“参与人次”同一来源；只报名未签到、"
        "活动没有开放签到的不算参与。没有在册会员时无数据。上级工会按所辖基层工会合计"
        "（分子分母都含所辖工会）。",
        aliases=("参与率", "活动参与率", "会员参与率"),
    ),
)


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """开放扫码签到的活动N场，签到参与M人次（含家属），报名人员签到率x%，会员参与率y%。
    Nothing without check-ins."""
    found = queries_checkin.period_figures(union, start, end)
    if not found["participants"]:
        return []
    w = Writer()
    text = (
        f"开放扫码签到的活动{w.n(found['activities'], '场')}，"
        f"签到参与{w.n(found['participants'], '人次')}（含家属）"
    )
    rate = percent(found["checked"], found["registered"])
    if rate is not None:
        text += f"，报名人员签到率{w.pct(rate)}"
    share = participation_rate(union, start, end)
    if share is not None:
        text += f"，会员参与率{w.pct(share)}"
    return [w.para("activities.checkin", AREA, text + "。", topics=TOPICS)]


AUDIT_ACTIONS = {
    "activities.checkin_settings": "修改活动签到设置",
    "activities.checkin_open": "开放活动签到",
    "activities.checkin_walk_ins": "修改是否允许现场签到",
    "activities.checkin_renew": "更换签到二维码",
    "activities.checkin": "活动签到",
    "activities.checkin_undo": "撤销签到",
}


def connect(area: str) -> None:
    from gonghui.core import audit, summary

    metrics.register(*METRICS)
    summary.register("activities.checkin", paragraphs)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(hidden=("token",), model="activities.checkinsession")
    audit.register_fields({"renewed": "已更换"}, model="activities.checkinsession")
    audit.register_fields({"reason": "撤销原因"}, model="activities.checkin")
