from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm

from .models import RightsSettings
from .services import SETTING_LIMITS


class SettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = RightsSettings
        fields = list(SETTING_LIMITS)
