"""Forms of 培训: a session (课次) and the completion rule. The services check the rules
(课时 with one decimal, the times within the course); these check shapes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledForm

from . import training_rules as rules
from .forms import LOCAL, _moment
from .models_training import TrainingSession, TrainingSettings


class SessionForm(StyledForm, forms.Form):
    topic = forms.CharField(label="内容（课题）", max_length=rules.TEXT_MAX)
    teacher = forms.CharField(label="授课人", max_length=rules.TEXT_MAX, required=False)
    starts_at = _moment("开始时间")
    ends_at = _moment("结束时间")
    place = forms.CharField(label="地点", max_length=rules.TEXT_MAX, required=False)
    hours = forms.CharField(
        label="课时",
        max_length=5,
        help_text="可保留一位小数，如 2 或 1.5。",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    @staticmethod
    def initial_of(session: TrainingSession) -> dict:
        return {
            "topic": session.topic,
            "teacher": session.teacher,
            "place": session.place,
            "hours": rules.hours_label(session.hours),
            "starts_at": timezone.localtime(session.starts_at).strftime(LOCAL),
            "ends_at": timezone.localtime(session.ends_at).strftime(LOCAL),
        }


class TrainingSettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = TrainingSettings
        fields = ["completion_percent"]
