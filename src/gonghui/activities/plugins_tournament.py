"""比赛 plugged into the platform: the metric 比赛场次 (plan targets, the year-end summary),
the summary paragraph, the 待办 待录入成绩 and its reminder the morning after a match day,
the audit actions with their Chinese labels. :func:`connect` is called once from
``ActivitiesConfig.ready``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics, scoping
from gonghui.core.reminders import Reminder
from gonghui.core.summary import Paragraph, Writer
from gonghui.core.todo import Counted, Todo

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


# --- 待录入成绩 -----------------------------------------------------------------------------


def todos(user, union) -> list:
    """For those who enter results (``activities.change``): the matches whose time slot is
    over with both sides known and no result, counted with the other sources' in one query;
    the line links to the tournament of the earliest such match (one more query, made only
    when there is one)."""
    if union.is_federation or not scoping.has_perm(user, "activities.change", union=union):
        return []
    due = tq.results_due(union, timezone.now())

    def lines(counts: dict[str, int]) -> list[Todo]:
        if not counts["results"]:
            return []
        first = due.values_list("tournament_id", flat=True).first()
        url = reverse("activities:tournament", args=[first]) if first else ""
        return [Todo("比赛时间已过、待录入成绩的场次", counts["results"], url)]

    return [Counted({"results": due}, lines)]


def results_missing(today: datetime.date) -> list[Reminder]:
    """The morning after a match day: a tournament with matches of that day still without a
    result, to the union's chairs, once per tournament and day."""
    day = today - datetime.timedelta(days=1)
    by_tournament: dict[int, list] = {}
    for m in tq.results_missing_on(day):
        by_tournament.setdefault(m.tournament_id, []).append(m)
    out = []
    for pk, matches in by_tournament.items():
        t = matches[0].tournament
        out.append(
            Reminder(
                union=t.union,
                text=f"比赛“{t.title}”{day.month}月{day.day}日有 {len(matches)} 场比赛尚未录入成绩",
                url=reverse("activities:tournament", args=[pk]),
                key=f"activities.tournament.{pk}.results.{day:%Y%m%d}",
            )
        )
    return out


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
    from gonghui.core import audit, reminders, summary, todo

    metrics.register(METRIC)
    todo.register(todos)
    reminders.register(results_missing)
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
