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
]


class EntryKind(models.TextChoices):
    SINGLE = "single", "个人赛"
    TEAM = "team", "团体赛"


class Stage(models.TextChoices):
    ENTRIES = "entries", "报名"
    GROUPS = "groups", "小组赛"
    KNOCKOUT = "knockout", "淘汰赛"
    FINISHED = "finished", "已结束"


class Tournament(models.Model):
    """A competition within an activity. Scoring and tiebreaks are the tournament's own,
    starting from ITTF 3.7.5 (win 2, loss 1, walkover 0; among the tied: match points,
    games ratio, points ratio)."""

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
    tiebreaks = models.CharField(
        "同分时依次比较", max_length=80, default=",".join(rules.ITTF_CRITERIA)
    )
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
        ]

    def __str__(self) -> str:
        return f"比赛场次 第{self.pk}号"

    def get_absolute_url(self) -> str:
        return reverse("activities:tournament_match", args=[self.pk])

    @property
    def done(self) -> bool:
        return self.winner_id is not None

    def score(self) -> str:
        """ "3:1" in games (from a's side), "弃权" for a walkover, "" before a result."""
        if not self.done:
            return ""
        if self.walkover:
            return "弃权"
        won = sum(1 for x, y in self.games if x > y)
        return f"{won}:{len(self.games) - won}"
