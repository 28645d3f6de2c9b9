"""The audit committee's forms: a finding, the answer, the closing note."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gonghui.core.forms import StyledForm

from ..models import Voucher

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FindingForm(StyledForm, forms.Form):
    title = forms.CharField(label="审查事项", max_length=100)
    text = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 5}))
    voucher_number = forms.CharField(
        label="凭证号",
        max_length=20,
        required=False,
        help_text="针对某张凭证的意见填凭证号；针对一段时间的账目则填下面的期间。",
    )
    period_start = forms.DateField(label="期间起", required=False, widget=DATE)
    period_end = forms.DateField(label="期间止", required=False, widget=DATE)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union

    def clean_voucher_number(self):
        number = self.cleaned_data["voucher_number"].strip()
        if not number:
            return None
        voucher = Voucher.objects.filter(union=self.union, number=number).first()
        if voucher is None:
            raise ValidationError(f"本工会没有凭证号为“{number}”的凭证。")
        return voucher

    def clean(self):
        data = super().clean()
        data["voucher"] = data.pop("voucher_number", None)
        if not self.errors and data["voucher"] is None and not data.get("period_start"):
            raise ValidationError("请填写凭证号或审查期间。")
        return data


class RespondForm(StyledForm, forms.Form):
    response = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(StyledForm, forms.Form):
    note = forms.CharField(
        label="关闭说明",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="已答复的可不填；尚未答复就关闭的，请写明理由。",
    )
