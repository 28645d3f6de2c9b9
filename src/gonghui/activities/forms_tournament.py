"""Forms of 比赛: the tournament (the committee), an entry (a member or a team with the
member picker), the draw's seed, a result on the referee's phone, the prize voucher. The
services check the rules; these check shapes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MembersField
from gonghui.orgs.models import UnionGroup

from .forms import LOCAL
from .models_tournament import EntryKind, Tournament, TournamentSettings
from .services_tournament import EDITABLE

PICKER = "activities"
TIEBREAK_ORDERS = [
    (
        "h2h_match,h2h_games,h2h_points",
        "乒乓球（国际乒联）：相互间积分 → 相互间局数比 → 相互间分数比",
    ),
    ("h2h_match,games,points", "相互间积分 → 全部比赛局数比 → 全部比赛分数比"),
    ("games,points", "全部比赛局数比 → 全部比赛分数比"),
]
BEST_OF = [(1, "一局定胜负"), (3, "三局两胜"), (5, "五局三胜"), (7, "七局四胜")]
MAX_GAMES = 7


class TournamentForm(StyledForm, forms.Form):
    title = forms.CharField(label="比赛名称", max_length=100)
    sport = forms.CharField(label="项目", max_length=20, initial="乒乓球")
    entry_kind = forms.ChoiceField(label="个人/团体", choices=EntryKind.choices)
    group_count = forms.IntegerField(label="小组数", min_value=1, max_value=16, initial=2)
    advance = forms.IntegerField(
        label="每组出线名额", min_value=0, max_value=4, initial=2, help_text="0 表示只打小组赛。"
    )
    best_of = forms.TypedChoiceField(label="每场局数", choices=BEST_OF, coerce=int, initial=5)
    win_points = forms.IntegerField(label="胜一场积分", min_value=0, max_value=10, initial=2)
    loss_points = forms.IntegerField(label="负一场积分", min_value=0, max_value=10, initial=1)
    walkover_points = forms.IntegerField(
        label="弃权积分",
        min_value=0,
        max_value=10,
        initial=0,
        help_text="默认取本会的比赛积分设置（示例按国际乒联规程：胜 2 分、负 1 分、弃权 0 分）。",
    )
    draws_allowed = forms.BooleanField(
        label="小组赛允许平局", required=False, help_text="足球、象棋等；淘汰赛总要分出胜负。"
    )
    draw_points = forms.IntegerField(
        label="平一场积分", min_value=0, max_value=10, initial=1, required=False
    )
    tiebreaks = forms.ChoiceField(
        label="积分相同时依次比较",
        choices=TIEBREAK_ORDERS,
        help_text="国际乒联规程：只比较同分者之间的比赛；分出部分名次后，余下同分者重新比较；仍相同则抽签。",
    )
    courts = forms.IntegerField(label="球台/场地数", min_value=1, max_value=50, initial=2)
    court_label = forms.CharField(label="场地称呼", max_length=10, initial="球台")
    first_slot_at = forms.DateTimeField(
        label="第一场开始时间",
        input_formats=[LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )
    slot_minutes = forms.IntegerField(
        label="每场时长（分钟）", min_value=5, max_value=480, initial=20
    )
    third_place = forms.BooleanField(
        label="设季军赛",
        required=False,
        help_text="两场半决赛的负者再赛一场决出第三名；半决赛打完前都可以增减。",
    )

    @staticmethod
    def initial_of(t: Tournament) -> dict:
        data = {name: getattr(t, name) for name in EDITABLE}
        data["first_slot_at"] = timezone.localtime(t.first_slot_at).strftime(LOCAL)
        return data


class TournamentSettingsForm(StyledForm, forms.ModelForm):
    tiebreaks = forms.ChoiceField(label="积分相同时依次比较", choices=TIEBREAK_ORDERS)

    class Meta:
        model = TournamentSettings
        fields = [
            "win_points",
            "loss_points",
            "walkover_points",
            "draws_allowed",
            "draw_points",
            "tiebreaks",
        ]


class MoveForm(StyledForm, forms.Form):
    """改期: a time from the timetable's slots (or a new one after them) and a table."""

    slot = forms.TypedChoiceField(label="时间", coerce=int)
    court = forms.TypedChoiceField(label="场地", coerce=int)
    reason = forms.CharField(label="原因（可空）", max_length=100, required=False)

    def __init__(self, *args, slots: list[tuple[int, str]], courts: list[tuple[int, str]], **kw):
        super().__init__(*args, **kw)
        self.fields["slot"].choices = slots
        self.fields["court"].choices = courts


class EntryForm(StyledForm, forms.Form):
    members = MembersField(label="参赛会员", purpose=PICKER)
    name = forms.CharField(label="队名（团体赛）", max_length=50, required=False)
    unit = forms.ModelChoiceField(
        label="所在小组（团体赛）", queryset=UnionGroup.objects.none(), required=False
    )
    seed_rank = forms.IntegerField(
        label="种子序号（可空）",
        min_value=1,
        max_value=64,
        required=False,
        help_text="1 为最强；种子按蛇形分到各组。",
    )

    def __init__(self, *args, union, team: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].for_union(union)
        if not team:  # a player: the name and unit are the member's own
            del self.fields["name"], self.fields["unit"]
            self.fields["members"].label = "参赛会员（每次一人）"
            return
        self.fields["unit"].queryset = UnionGroup.objects.filter(
            union=union, archived_at__isnull=True
        ).order_by("name")


class SeedForm(StyledForm, forms.Form):
    seed = forms.CharField(label="抽签种子（可留空）", max_length=64, required=False)


class ResultForm(forms.Form):
    """Up to seven games, each two scores; or a walkover with the side that won it."""

    walkover = forms.ChoiceField(choices=[("", ""), ("a", "a"), ("b", "b")], required=False)

    def __init__(self, *args, games: int = MAX_GAMES, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = games
        for i in range(games):
            for side in ("a", "b"):
                self.fields[f"g{i}{side}"] = forms.IntegerField(
                    min_value=0, max_value=99, required=False
                )

    def games(self) -> list[list[int]]:
        data = self.cleaned_data
        out = []
        for i in range(self.count):
            a, b = data.get(f"g{i}a"), data.get(f"g{i}b")
            if a is None and b is None:
                continue
            if a is None or b is None:
                raise ValidationError(f"第 {i + 1} 局比分没有填完整。")
            out.append([a, b])
        return out


class PrizeForm(StyledForm, forms.Form):
    number = forms.CharField(
        label="奖品凭证号",
        max_length=20,
        required=False,
        help_text="在“经费”中制作的奖品支出凭证；留空取消关联。",
    )
