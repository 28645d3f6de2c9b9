"""The applicant's status look-up (``/join/<code>/status/``)."""

from __future__ import annotations

from django import forms

from gonghui.core.codes import normalise_code
from gonghui.core.forms import StyledForm

from .models import REFERENCE_LENGTH


class JoinStatusForm(StyledForm, forms.Form):
    reference = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交申请后页面上显示的 8 位查询码（字母不分大小写）。",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        error_messages={"required": "请填写查询码。"},
    )
    mobile_tail = forms.RegexField(
        label="申请时所填手机号的后 4 位",
        regex=r"^\d{4}$",
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "请填写手机号后 4 位。", "invalid": "请填写 4 位数字。"},
    )

    def clean_reference(self):
        code = normalise_code(self.cleaned_data["reference"])
        if len(code) != REFERENCE_LENGTH:
            raise forms.ValidationError(f"查询码是 {REFERENCE_LENGTH} 位字母和数字。")
        return code
