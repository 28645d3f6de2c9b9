"""The form of a 生日会's gift: the amount per member, the date, goods or a shop's voucher,
the shop, and the members (all of the quarter's list unless some are left out)."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input
from gonghui.finance.models import PayForm

from .services_birthday import GIFT_FORMS


class GiftForm(StyledForm, forms.Form):
    amount = forms.CharField(
        label="每人金额（元）",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    date = forms.DateField(label="业务日期", widget=date_input())
    pay_form = forms.ChoiceField(
        label="发放形式",
        choices=[(v, label) for v, label in PayForm.choices if v in GIFT_FORMS],
        initial=PayForm.VOUCHER,
    )
    payee = forms.CharField(label="商户（如蛋糕店）", max_length=100, required=False)
    members = forms.TypedMultipleChoiceField(
        label="发放会员", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(m.pk, m.name) for m in members]
        self.fields["members"].widget.attrs["class"] = ""
