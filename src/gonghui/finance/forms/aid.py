"""Forms of the mutual-aid fund. They check the shape of the input only; the services
decide what the fund allows (balances, open loans, current membership)."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MemberField

from ..money import parse_amount
from ..services.aid import MAX_MONTHS


class AidForm(StyledForm, forms.Form):
    """One movement: who, how much, when. ``key`` is the idempotency key: a new one per
    page, so a double-clicked 保存 records the movement once. ``picker`` is the member
    picker's purpose (``members.picker.PURPOSES``); without a union the form has no member
    (a repayment, whose loan names the member)."""

    member = MemberField(label="会员", purpose="aid")
    amount = forms.CharField(
        label="金额（元）",
        max_length=20,
        widget=forms.TextInput(attrs=dict(inputmode="decimal", placeholder="如 1000.00")),
    )
    on = forms.DateField(
        label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label="备注", max_length=200, required=False)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, union=None, picker: str = "aid", **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        if union is None:
            del self.fields["member"]
        else:
            self.fields["member"].purpose = picker
            self.fields["member"].for_union(union)

    def clean_amount(self):
        try:
            return parse_amount(self.cleaned_data["amount"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class LoanForm(AidForm):
    months = forms.IntegerField(
        label="借款期限（月）",
        min_value=1,
        max_value=MAX_MONTHS,
        initial=12,
        help_text="按月等额归还本金，自借款次月起还。",
        error_messages={
            "min_value": f"借款期限应为 1 至 {MAX_MONTHS} 个月。",
            "max_value": f"借款期限应为 1 至 {MAX_MONTHS} 个月。",
        },
    )
    field_order = ["member", "amount", "months", "on", "note"]
