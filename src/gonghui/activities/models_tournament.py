"""比赛 (tournaments) of a 文体活动: entries (a member, or a team of a 工会小组 with its
members), groups playing a round robin, a knockout bracket fed by the top places of each
group, and the matches with their games, on tables/courts in time slots. The rules are in
``tournament_rules`` (pure functions); the writes in ``services_tournament``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union, UnionGroup

from . import tournament_rules as rules
from .models import Activity

__all__ = [
    "EntryKind",
    "Stage",
    "Tournament",
    "TournamentEntry",
    "TournamentEntryMember",
    "TournamentGroup",
    "TournamentMatch",
    "TournamentSettings",
]


class EntryKind(models.TextChoices):
    SINGLE = "single", "个人赛"
    TEAM = "team", "团体赛"


class Stage(models.TextChoices):
    ENTRIES = "entries", "报名"
    GROUPS = "groups", "小组赛"
    KNOCKOUT = "knockout", "淘汰赛"
    FINISHED = "finished", "已结束"


class TournamentSettings(models.Model):
    """A union's scoring rules for new tournaments (a union without its own row uses its
    nearest ancestor's — a federation passes its rules down —, else these defaults). The
    defaults are the ITTF's group scoring, 3.7.5 (win 2, loss 1, walkover 0; no drawn
    match; among the tied: match points, games ratio, points ratio) — UNCONFIRMED against
    the handbook's current edition (shared/DOMAIN-AREAS.md), shipped as 示例. A tournament
    copies them when it is created: a later change never re-scores a running one."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="tournament_settings", verbose_name="工会"
    )
    win_points = models.PositiveSmallIntegerField(
        "胜一场积分", default=rules.DEFAULT.win, help_text="示例 2 分（国际乒联规程 3.7.5）。"
    )
    draw_points = models.PositiveSmallIntegerField(
        "平一场积分",
        default=rules.DEFAULT.draw,
        help_text="只在允许平局时使用；足球等常用胜 3 平 1 负 0。",
    )
    loss_points = models.PositiveSmallIntegerField(
        "负一场积分", default=rules.DEFAULT.loss, help_text="示例 1 分（打完比赛而负）。"
    )
    walkover_points = models.PositiveSmallIntegerField(
        "弃权积分", default=rules.DEFAULT.walkover, help_text="示例 0 分（未出场而负）。"
    )
    draws_allowed = models.BooleanField(
        "小组赛允许平局",
        default=False,
        help_text="乒乓球、羽毛球不允许；足球、象棋等可以。淘汰赛总要分出胜负。",
    )
    tiebreaks = models.CharField(
        "同分时依次比较", max_length=80, default=",".join(rules.ITTF_CRITERIA)
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "比赛积分设置"
        verbose_name_plural = "比赛积分设置"

    def __str__(self) -> str:
        return f"{self.union} · 比赛积分设置"

    def get_absolute_url(self) -> str:
        return reverse("activities:tournament_settings", args=[self.union.code])

    def tiebreak_labels(self) -> list[str]:
        return [rules.CRITERIA[c] for c in self.tiebreaks.split(",") if c in rules.CRITERIA]


class Tournament(models.Model):
    """A competition within an activity. Scoring and tiebreaks are the tournament's own:
    copied from the union's ``TournamentSettings`` when it is created (``rules_from`` says
    whose), so a later change of the settings never re-scores it."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="tournaments", verbose_name="活动"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="tournaments", verbose_name="工会"
    )
    title = models.CharField("比赛名称", max_length=100)
    sport = models.CharField("项目", max_length=20, default="乒乓球")
    entry_kind = models.CharField(
        "个人/团体", max_length=8, choices=EntryKind.choices, default=EntryKind.SINGLE
    )
    group_count = models.PositiveSmallIntegerField("小组数", default=2)
    advance = models.PositiveSmallIntegerField("每组出线名额", default=2)
    best_of = models.PositiveSmallIntegerField("每场局数（几局几胜）", default=5)
    win_points = models.PositiveSmallIntegerField("胜一场积分", default=2)
    loss_points = models.PositiveSmallIntegerField("负一场积分", default=1)
    walkover_points = models.PositiveSmallIntegerField("弃权积分", default=0)
    draw_points = models.PositiveSmallIntegerField("平一场积分", default=1)
    draws_allowed = models.BooleanField("小组赛允许平局", default=False)
    tiebreaks = models.CharField(
        "同分时依次比较", max_length=80, default=",".join(rules.ITTF_CRITERIA)
    )
    rules_from = models.CharField("积分规则来源", max_length=60, blank=True)
    third_place = models.BooleanField("设季军赛", default=False)
    courts = models.PositiveSmallIntegerField("球台/场地数", default=2)
    court_label = models.CharField("场地称呼", max_length=10, default="球台")
    first_slot_at = models.DateTimeField("第一场开始时间")
    slot_minutes = models.PositiveSmallIntegerField("每场时长（分钟）", default=20)
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices, default=Stage.ENTRIES)
    seed = models.CharField("抽签种子", max_length=64, blank=True)
    drawn_at = models.DateTimeField("抽签时间", null=True, blank=True)
    prize_voucher = models.ForeignKey(
        "finance.Voucher",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="奖品凭证",
    )
    created_by = user_fk("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "比赛"
        verbose_name_plural = "比赛"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:tournament", args=[self.pk])

    def scoring(self) -> rules.Scoring:
        criteria = tuple(c for c in self.tiebreaks.split(",") if c in rules.CRITERIA)
        return rules.Scoring(
            win=self.win_points,
            loss=self.loss_points,
            walkover=self.walkover_points,
            draw=self.draw_points,
            criteria=criteria or rules.ITTF_CRITERIA,
        )

    @property
    def format_label(self) -> str:
        """ "5局3胜"."""
        return f"{self.best_of}局{self.best_of // 2 + 1}胜"

    def tiebreak_labels(self) -> list[str]:
        return [rules.CRITERIA[c] for c in self.scoring().criteria]


class TournamentGroup(models.Model):
    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="groups", verbose_name="比赛"
    )
    index = models.PositiveSmallIntegerField("序号")
    name = models.CharField("组名", max_length=10)

    class Meta:
        verbose_name = "比赛小组"
        verbose_name_plural = "比赛小组"
        ordering = ["tournament_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["tournament", "index"], name="act_tgroup_once")
        ]

    def __str__(self) -> str:
        return self.name


class TournamentEntry(models.Model):
    """A player or a team. ``unit`` is the 工会小组 it comes from (the draw spreads one unit
    across the groups); ``seed_rank`` 1 is the strongest (None unseeded)."""

    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="entries", verbose_name="比赛"
    )
    name = models.CharField("名称", max_length=50)
    unit = models.ForeignKey(
        UnionGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所在小组",
    )
    seed_rank = models.PositiveSmallIntegerField("种子序号", null=True, blank=True)
    group = models.ForeignKey(
        TournamentGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name="比赛小组",
    )
    position = models.PositiveSmallIntegerField("组内序号", null=True, blank=True)
    created_at = models.DateTimeField("报名时间", default=timezone.now)

    class Meta:
        verbose_name = "参赛选手/队"
        verbose_name_plural = "参赛选手/队"
        ordering = ["tournament_id", "group_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class TournamentEntryMember(models.Model):
    """A member playing for an entry: one row for a player, several for a team; a member
    plays for one entry of a tournament only."""

    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="+", verbose_name="比赛"
    )
    entry = models.ForeignKey(
        TournamentEntry, on_delete=models.CASCADE, related_name="players", verbose_name="选手/队"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )

    class Meta:
        verbose_name = "参赛队员"
        verbose_name_plural = "参赛队员"
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "member"],
                name="act_tplayer_once",
                violation_error_message="该会员已经在这个比赛中报名。",
            )
        ]

    def __str__(self) -> str:
        return f"参赛队员 第{self.pk}号"


class TournamentMatch(models.Model):
    """A match. In the group stage both entries are known at the draw; in the knockout a
    side is fed by a group place (``a_feed`` "A组第1名") or by the winner of an earlier
    match (``a_from``), and is filled in when that is decided. ``games`` holds [a, b] points
    per game; a walkover has none."""

    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="matches", verbose_name="比赛"
    )
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices)
    group = models.ForeignKey(
        TournamentGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name="比赛小组",
    )
    round = models.PositiveSmallIntegerField("轮次")
    index = models.PositiveSmallIntegerField("场序")
    a = models.ForeignKey(
        TournamentEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="甲方",
    )
    b = models.ForeignKey(
        TournamentEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="乙方",
    )
    a_feed = models.CharField("甲方来自", max_length=20, blank=True)  # "g:<group>:<place>"
    b_feed = models.CharField("乙方来自", max_length=20, blank=True)
    a_from = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="甲方为胜者的场次",
    )
    b_from = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="乙方为胜者的场次",
    )
    bye = models.BooleanField("轮空", default=False)
    # the 季军赛: its sides are the losers of the matches in ``a_from``/``b_from``
    third_place = models.BooleanField("季军赛", default=False)
    slot = models.PositiveSmallIntegerField("时段", null=True, blank=True)
    court = models.PositiveSmallIntegerField("球台", null=True, blank=True)
    starts_at = models.DateTimeField("开始时间", null=True, blank=True)
    games = models.JSONField("各局比分", default=list, blank=True)
    winner = models.ForeignKey(
        TournamentEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="胜方",
    )
    walkover = models.BooleanField("弃权", default=False)
    drawn = models.BooleanField("平局", default=False)
    result_by = user_fk("录入人", related_name="+")
    result_at = models.DateTimeField("录入时间", null=True, blank=True)

    class Meta:
        verbose_name = "比赛场次"
        verbose_name_plural = "比赛场次"
        ordering = ["tournament_id", "stage", "round", "group_id", "index"]
        indexes = [models.Index(fields=["tournament", "stage"], name="act_tmatch_stage")]
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "stage", "group", "round", "index"],
                name="act_tmatch_once",
            ),
            models.UniqueConstraint(
                fields=["tournament", "round", "index"],
                condition=Q(stage="knockout"),
                name="act_tmatch_ko_once",
            ),
            models.CheckConstraint(
                condition=Q(winner__isnull=True)
                | Q(winner=models.F("a"))
                | Q(winner=models.F("b")),
                name="act_tmatch_winner_plays",
                violation_error_message="胜方须是这场比赛的一方。",
            ),
            models.CheckConstraint(
                condition=Q(drawn=False) | Q(winner__isnull=True, stage="groups"),
                name="act_tmatch_draw_in_groups",
                violation_error_message="只有小组赛可以打平，平局没有胜方。",
            ),
        ]

    def __str__(self) -> str:
        return f"比赛场次 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("activities:tournament_match", args=[self.pk])

    @property
    def done(self) -> bool:
        return self.winner_id is not None or self.drawn

    def score(self) -> str:
        """ "3:1" in games (from a's side; the score itself for a one-game match such as
        football's 2:2), "弃权" for a walkover, "" before a result."""
        if not self.done:
            return ""
        if self.walkover:
            return "弃权"
        if len(self.games) == 1 and self.tournament.best_of == 1:
            return f"{self.games[0][0]}:{self.games[0][1]}"
        won = sum(1 for x, y in self.games if x > y)
        lost = sum(1 for x, y in self.games if y > x)
        return f"{won}:{lost}"
