"""Forms of 活动室: a room with its opening hours in words, the limits, a booking (a day and
two times on the phone; weeks to repeat), a closed period. The services check the rules;
these check shapes."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.forms import StyledForm
from gonghui.orgs.models import UnionGroup

from . import rules_rooms as rules
from .forms import LOCAL
from .models_rooms import BookBy, Room, RoomKind, RoomSettings

HOURS_HELP = (
    "一行一条，如“每日7:20-7:50”“每周一、三、五中午12:00-13:30”“工作日18:00-21:00”"
    "“每周六下午”（只写上午/中午/下午/晚上时按 8-12、12-14、14-18、18-21 点，示例）。"
)


class RoomForm(StyledForm, forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    kind = forms.ChoiceField(label="类型", choices=RoomKind.choices)
    capacity = forms.IntegerField(label="容纳人数", min_value=1, max_value=10000)
    place = forms.CharField(label="位置", max_length=100, required=False)
    book_by = forms.ChoiceField(label="谁可以预约", choices=BookBy.choices)
    shared = forms.BooleanField(
        label="按人数共用",
        required=False,
        help_text="健身房、阅览室等：同一时段可多人分别预约，人数合计不超过容纳人数；"
        "不勾选则一个时段只给一个预约。",
    )
    needs_approval = forms.BooleanField(
        label="预约需审批",
        required=False,
        help_text="会员和小组的预约先为“待审批”，由工会委员通过后生效；开始时还没审批的自动作废。",
    )
    hours = forms.CharField(
        label="开放时间",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=HOURS_HELP,
    )
    note = forms.CharField(
        label="使用须知", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RoomSettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = RoomSettings
        fields = ["max_hours", "max_per_week", "days_ahead"]


class BookingForm(StyledForm, forms.Form):
    day = forms.DateField(
        label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label="开始", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label="结束", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    purpose = forms.CharField(label="用途", max_length=100)
    persons = forms.IntegerField(label="人数", min_value=1, max_value=10000, initial=1)
    group = forms.ModelChoiceField(
        label="为工会小组预约",
        queryset=UnionGroup.objects.none(),
        required=False,
        empty_label="（本人预约）",
    )
    weeks = forms.IntegerField(
        label="每周同一时间重复几周",
        min_value=1,
        max_value=rules.MAX_OCCURRENCES,
        initial=1,
        help_text="1 表示只约这一次；有冲突的周会跳过并说明原因。",
    )
    as_committee = forms.BooleanField(label="以工会名义预约（不受每人限制）", required=False)

    def __init__(self, *args, groups=(), committee=False, **kwargs):
        super().__init__(*args, **kwargs)
        if groups:
            self.fields["group"].queryset = UnionGroup.objects.filter(pk__in=[g.pk for g in groups])
        else:
            del self.fields["group"]
        if not committee:
            del self.fields["as_committee"]

    def clean(self):
        return _times_in_order(super().clean())

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        return _moments(self.cleaned_data)


def _times_in_order(data: dict) -> dict:
    if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
        raise ValidationError({"ends": "结束时间要晚于开始时间。"})
    return data


def _moments(d: dict) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(d["day"], d["starts"], tzinfo=tz),
        datetime.datetime.combine(d["day"], d["ends"], tzinfo=tz),
    )


class BookingChangeForm(StyledForm, forms.Form):
    """A booking moved: its day, times, room (of the same union) and persons."""

    room = forms.ModelChoiceField(label="活动室", queryset=Room.objects.none(), empty_label=None)
    day = BookingForm.base_fields["day"]
    starts = BookingForm.base_fields["starts"]
    ends = BookingForm.base_fields["ends"]
    persons = BookingForm.base_fields["persons"]

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(pk__in=[r.pk for r in rooms])

    def clean(self):
        return _times_in_order(super().clean())

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        return _moments(self.cleaned_data)


class RefuseForm(StyledForm, forms.Form):
    reason = forms.CharField(label="不通过的原因", max_length=100)


class ClosureForm(StyledForm, forms.Form):
    starts_at = forms.DateTimeField(
        label="停用开始",
        input_formats=[LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )
    ends_at = forms.DateTimeField(
        label="停用结束",
        input_formats=[LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )
    reason = forms.CharField(label="原因", max_length=100, help_text="如“设备维修”“寒假”。")

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise ValidationError({"ends_at": "结束时间要晚于开始时间。"})
        return data
