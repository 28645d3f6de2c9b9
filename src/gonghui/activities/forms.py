"""Forms of 文体活动: the activity (the committee), a sign-up with companions (the member's
phone), the cancellation of an activity, the lottery seed, the settings. The services
check the rules; these check shapes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MemberField
from gonghui.orgs.models import UnionGroup

from . import rules
from .models import Activity, ActivitySettings, Audience, Kind
from .services import EDITABLE

PICKER = "activities"  # the member picker purpose of 代报名 (plugins.connect)
QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]

LOCAL = "%Y-%m-%dT%H:%M"


def _moment(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )


class ActivityForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label="活动类型", choices=[("", "请选择"), *Kind.choices])
    title = forms.CharField(label="活动名称", max_length=rules.TITLE_MAX)
    organiser = forms.CharField(label="组织者", max_length=rules.TEXT_MAX, required=False)
    place = forms.CharField(label="地点", max_length=rules.TEXT_MAX, required=False)
    starts_at = _moment("开始时间")
    ends_at = _moment("结束时间")
    close_hours = forms.IntegerField(
        label="报名截止（开始前小时数）",
        min_value=0,
        max_value=rules.MAX_CLOSE_HOURS,
        required=False,
        help_text="留空按本会文体活动设置。",
    )
    audience = forms.ChoiceField(label="参加对象", choices=Audience.choices)
    groups = forms.ModelMultipleChoiceField(
        label="小组（参加对象为指定小组时）",
        queryset=UnionGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quarter = forms.TypedChoiceField(
        label="生日季度（参加对象为当季生日会员时）",
        choices=[("", "请选择"), *QUARTERS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    members_only = forms.BooleanField(label="仅限会员", required=False, initial=True)
    capacity = forms.IntegerField(
        label="名额（人）",
        min_value=1,
        max_value=rules.MAX_CAPACITY,
        help_text="按人数计，含家属。",
    )
    companions_allowed = forms.BooleanField(label="可带家属", required=False)
    max_companions = forms.IntegerField(
        label="每人最多带家属（人）",
        min_value=0,
        max_value=rules.MAX_COMPANIONS,
        initial=0,
        required=False,
    )
    lottery = forms.BooleanField(
        label="报满后抽签",
        required=False,
        help_text="勾选后报名截止前只登记，截止后抽签决定名额；不勾选则先到先得，报满后进入候补。",
    )
    cost_per_head = forms.DecimalField(
        label="人均费用（元）", min_value=0, decimal_places=2, required=False, initial=0
    )
    description = forms.CharField(
        label="活动说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = UnionGroup.objects.filter(
            union=union, archived_at__isnull=True
        ).order_by("name")
        self.fields["groups"].widget.attrs["class"] = ""

    @staticmethod
    def initial_of(activity: Activity) -> dict:
        data = {name: getattr(activity, name) for name in EDITABLE}
        data["groups"] = list(activity.groups.all())
        for key in ("starts_at", "ends_at"):
            data[key] = timezone.localtime(data[key]).strftime(LOCAL)
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("groups", None)
        data["max_companions"] = data.get("max_companions") or 0
        return data


class SignupForm(StyledForm, forms.Form):
    companions = forms.IntegerField(label="同行家属（人）", initial=0, required=False)
    companion_names = forms.CharField(label="家属姓名", max_length=rules.NAMES_MAX, required=False)


class RegisterForm(StyledForm, forms.Form):
    """代报名: the committee signs up a member of the union (from a paper list, a phone call)."""

    member = MemberField(label="会员", purpose=PICKER)
    companions = forms.IntegerField(label="同行家属（人）", initial=0, required=False)
    companion_names = forms.CharField(label="家属姓名", max_length=rules.NAMES_MAX, required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class CancelForm(StyledForm, forms.Form):
    reason = forms.CharField(label="取消原因", max_length=rules.REASON_MAX)


class DrawForm(StyledForm, forms.Form):
    seed = forms.CharField(
        label="抽签种子（可留空）",
        max_length=64,
        required=False,
        help_text="留空由系统随机生成；种子和结果都会记录，任何人可用同一种子复核。",
    )


class SettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = ActivitySettings
        fields = ["close_hours", "confirm_hours"]
