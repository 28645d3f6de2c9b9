"""The forms of 活动签到: the check-in window (the services check the ranges), and the
member the organiser adds as a walk-in, chosen with the member picker."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MemberField

from .models_checkin import CheckinSettings


class CheckinSettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = CheckinSettings
        fields = ["open_minutes", "close_minutes", "late_minutes"]


class WalkInForm(StyledForm, forms.Form):
    """现场签到: a member of the union who did not sign up, found on the roster by name,
    pinyin or group (the picker purpose ``activities``, as 代会员报名)."""

    member = MemberField(label="现场签到的会员", purpose="activities")

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)
