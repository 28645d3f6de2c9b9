"""Forms of the sitting page: preparing a sitting, changing its date and place, and
publishing its notice."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input

DATE = forms.DateInput(attrs={"type": "date"})


class SittingForm(StyledForm, forms.Form):
    date = forms.DateField(label="会议日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, required=False)
    is_extraordinary = forms.BooleanField(label="临时会议", required=False)
    proposals_open = forms.DateField(label="提案征集开始", required=False, widget=DATE)
    proposals_close = forms.DateField(label="提案征集截止", required=False, widget=DATE)


class NoticeForm(StyledForm, forms.Form):
    noticed_on = forms.DateField(label="预告日期", widget=DATE)
    late_reason = forms.CharField(
        label="预告不足规定天数的原因",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=dict(placeholder="预告距会议不足规定天数时必填")),
    )


class SittingEditForm(StyledForm, forms.Form):
    date = forms.DateField(label="会议日期", widget=date_input())
    place = forms.CharField(label="地点", max_length=100, required=False)
    proposals_open = forms.DateField(label="提案征集开始", required=False, widget=date_input())
    proposals_close = forms.DateField(label="提案征集截止", required=False, widget=date_input())
    late_reason = forms.CharField(
        label="预告不足规定天数的原因",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=dict(placeholder="改期后距预告日期不足规定天数时必填")),
    )

    def __init__(self, *args, noticed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not noticed:
            # Before the notice there is nothing to be late against.
            del self.fields["late_reason"]
