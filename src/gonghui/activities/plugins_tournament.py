"""比赛 plugged into the platform: the metric 比赛场次 (plan targets, the year-end summary),
the summary paragraph, the audit actions with their Chinese labels. :func:`connect` is
called once from ``ActivitiesConfig.ready``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.core import metrics
from gonghui.core.summary import Paragraph, Writer

from . import queries_tournament as tq

AREA = "文体活动"
TOPICS = ("文体", "比赛", "乒乓球", "羽毛球", "联赛", "体育", "文体活动")


def matches_played(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(metrics.shared(tq.played_in, union, start, end)["matches"])


METRIC = metrics.Metric(
    key="activities.tournament_matches",
    label="比赛场次",
    unit="场",
    area=AREA,
    compute=matches_played,
    describe="期间举行的文体活动中比赛（小组赛、淘汰赛）实际进行的场次，不含轮空和弃权。"
    "上级工会按所辖基层工会合计。",
    aliases=("比赛场次", "比赛"),
    cumulative=True,
)


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """举办比赛 N 项，M 人参赛，进行比赛 K 场。 Counts only."""
    found = tq.played_in(union, start, end)
    if not found["tournaments"]:
        return []
    w = Writer()
    text = (
        f"举办比赛{w.n(found['tournaments'], '项')}，{w.n(found['persons'], '人')}参赛，"
        f"进行比赛{w.n(found['matches'], '场')}。"
    )
    return [w.para("activities.tournaments", AREA, text, topics=TOPICS)]


AUDIT_ACTIONS = {
    "activities.tournament_create": "创建比赛",
    "activities.tournament_update": "修改比赛",
    "activities.tournament_entry": "比赛报名",
    "activities.tournament_entry_remove": "取消比赛报名",
    "activities.tournament_draw": "比赛抽签分组",
    "activities.tournament_schedule": "比赛重新排程",
    "activities.tournament_result": "录入比赛结果",
    "activities.tournament_result_fix": "更正比赛结果",
    "activities.tournament_stage": "比赛进入下一阶段",
    "activities.tournament_prize": "关联比赛奖品凭证",
    "activities.tournament_match_move": "比赛改期",
    "activities.tournament_settings": "修改比赛积分设置",
}


def connect(area: str) -> None:
    from gonghui.core import audit, summary

    metrics.register(METRIC)
    summary.register("activities.tournaments", paragraphs)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(
        {
            "entries": "参赛数",
            "group_matches": "小组赛场次",
            "knockout_matches": "淘汰赛场次",
            "unplaced": "未排入场次",
        },
        model="activities.tournament",
    )
    audit.register_fields({"name": "名称"}, model="activities.tournamententry")
    audit.register_fields(
        {"place": "时间和场地", "reason": "原因"}, model="activities.tournamentmatch"
    )
