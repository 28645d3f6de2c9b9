"""The form of the check-in window (the services check the ranges)."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm

from .models_checkin import CheckinSettings


class CheckinSettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = CheckinSettings
        fields = ["open_minutes", "close_minutes", "late_minutes"]
