"""Forms of the term page: a new term, electing, replacing, recalling a representative,
and the union's congress settings. Shape only; the rules live in the services."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MemberField
from gonghui.orgs.models import UnionGroup

from ..models import CongressKind, RepKind

DATE = forms.DateInput(attrs={"type": "date"})


class TermForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *CongressKind.choices])
    number = forms.IntegerField(label="届次", min_value=1, max_value=99, help_text="如第八届填 8")
    starts_on = forms.DateField(label="本届开始日期", widget=DATE)
    years = forms.IntegerField(label="任期（年）", min_value=3, max_value=5, initial=5)


def _groups(union):
    return UnionGroup.objects.filter(union=union, archived_at=None).order_by("name")


class ElectForm(StyledForm, forms.Form):
    member = MemberField(label="会员", purpose="congress")
    constituency = forms.ModelChoiceField(
        label="选区", queryset=UnionGroup.objects.none(), required=False
    )
    kind = forms.ChoiceField(label="类别", choices=RepKind.choices, initial=RepKind.VOTING)
    elected_on = forms.DateField(label="当选日期", widget=DATE)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)
        self.fields["constituency"].queryset = _groups(union)


class ReplaceForm(StyledForm, forms.Form):
    member = MemberField(label="补选产生的代表", purpose="congress")
    elected_on = forms.DateField(label="补选日期", widget=DATE)
    reason = forms.CharField(label="原代表离任原因", max_length=300)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class LeaveForm(StyledForm, forms.Form):
    """罢免 or 离任: a date and a reason."""

    on = forms.DateField(label="日期", widget=DATE)
    reason = forms.CharField(label="原因", max_length=300)


class CloseTermForm(StyledForm, forms.Form):
    on = forms.DateField(label="届满日期", widget=DATE)


def _ratio(label: str, hint: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=4, help_text=hint)


class SettingsForm(StyledForm, forms.Form):
    quorum = _ratio("开会（表决）出席比例", "默认 0.6667（三分之二），《企业民主管理规定》第十九条")
    majority = _ratio("通过须超过全体代表的比例", "默认 0.5（过半数），同规定第二十条")
    rep_min_share = _ratio("代表占职工人数下限", "默认 0.05（5%），同规定第十七条")
    rep_min_count = forms.IntegerField(
        label="代表人数下限", min_value=1, help_text="默认 30 人，同规定第十七条"
    )
    manager_max_share = _ratio("中层以上管理人员上限", "默认 0.2（20%），同规定第十七条")
    teacher_min_share = _ratio(
        "教师代表下限（学校）", "默认 0.6（60%），《学校教职工代表大会规定》第九条"
    )
    notice_days = forms.IntegerField(
        label="会前送达天数", min_value=0, help_text="默认 7 天（预告制）"
    )
    cosigners = forms.IntegerField(label="提案附议人数", min_value=0, help_text="默认 2 人")
    election_surplus = _ratio(
        "选举差额率下限", "默认 0.05（5%），《工会基层组织选举工作条例》；候选人须多于应选名额"
    )
