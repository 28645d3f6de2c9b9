"""培训 plugged in: the metrics 培训期数, 培训人次 and 培训课时 (plan targets such as
"培训6-8期，1000多人次"; a federation sums its subtree), the summary's sentence, and the
audit actions, and the reminder of tomorrow's session to each trainee. :func:`connect` registers them, from ``ActivitiesConfig.ready``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.core import metrics
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer

from . import queries_training
from .plugins import AREA, TOPICS


def _figures(union, start: datetime.date, end: datetime.date) -> dict:
    return metrics.shared(queries_training.period_figures, union, start, end)


def courses(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(_figures(union, start, end)["courses"])


def person_times(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(_figures(union, start, end)["person_times"])


def hours(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(_figures(union, start, end)["hours"])


OVER = "以期间开始、已发布并安排了课次的培训计算；上级工会按所辖基层工会合计。"

METRICS = (
    metrics.Metric(
        key="activities.training_courses",
        label="培训期数",
        unit="期",
        area=AREA,
        compute=courses,
        describe=f"举办培训的期数（一期培训是一个类型为“培训”的活动），{OVER}",
        aliases=("培训", "培训期数", "举办培训", "培训班"),
        cumulative=True,
    ),
    metrics.Metric(
        key="activities.training_person_times",
        label="培训人次",
        unit="人次",
        area=AREA,
        compute=person_times,
        describe=f"各次课签到到场的学员人数之和（一人参加三次课计三人次），{OVER}",
        aliases=("培训人次", "参训人次", "参加培训人次"),
        cumulative=True,
    ),
    metrics.Metric(
        key="activities.training_hours",
        label="培训课时",
        unit="课时",
        area=AREA,
        compute=hours,
        describe=f"各期培训安排的课次课时之和，{OVER}",
        aliases=("培训课时", "培训学时"),
        cumulative=True,
    ),
)


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """举办培训N期（共M课时），参训K人次，结业X人次. Nothing without a course."""
    found = queries_training.period_figures(union, start, end)
    if not found["courses"]:
        return []
    w = Writer()
    text = f"举办培训{w.n(found['courses'], '期')}（共{w.n(found['hours'], '课时')}）"
    if found["person_times"]:
        text += f"，参训{w.n(found['person_times'], '人次')}"
    if found["certificates"]:
        text += f"，结业{w.n(found['certificates'], '人次')}"
    return [w.para("activities.training", AREA, text + "。", topics=TOPICS)]


def tomorrow(today: datetime.date) -> list[Reminder]:
    """A session tomorrow: to each confirmed trainee, once."""
    from django.urls import reverse
    from django.utils import timezone

    out = []
    for s, users in queries_training.sessions_on(today + datetime.timedelta(days=1)):
        at = f"{timezone.localtime(s.starts_at):%H:%M}"
        place = f"，地点：{s.place}" if s.place else ""
        for user in users:
            out.append(
                Reminder(
                    union=s.union,
                    text=f"明天 {at} {s.activity.title}：{s.topic}{place}。到场后请扫码签到。",
                    url=reverse("activities:training_mine", args=[s.activity_id]),
                    key=f"activities.training_session.{s.pk}.{user.pk}.tomorrow",
                    recipients=(user,),
                )
            )
    return out


AUDIT_ACTIONS = {
    "activities.training_settings": "修改培训设置",
    "activities.training_session_add": "安排培训课次",
    "activities.training_session_change": "修改培训课次",
    "activities.training_session_remove": "删除培训课次",
    "activities.training_certificate": "发放结业证书",
    "activities.training_certificate_revoke": "撤销结业证书",
}


def connect(area: str) -> None:
    from gonghui.core import audit, reminders, summary

    metrics.register(*METRICS)
    summary.register("activities.training", paragraphs)
    reminders.register(tomorrow)
    audit.register_actions(AUDIT_ACTIONS, area=area)
