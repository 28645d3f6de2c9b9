"""Dues forms. They check the shape of the input; the services decide what the rules allow
(what is owed, who is a member here, what was already recorded)."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import uploads
from gonghui.core.forms import StyledForm

from ..models import PaymentMethod, WageItem
from ..money import parse_amount, parse_month

MONTH_INPUT = forms.TextInput(attrs={"type": "month"})
UPLOAD_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")


class MonthField(forms.CharField):
    """A month typed as 2026-11 (the browser's month picker) or 2026年11月."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "月份")
        kwargs.setdefault("widget", MONTH_INPUT)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_month(value)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class AmountField(forms.CharField):
    """Yuan with at most two decimals, parsed by ``money.parse_amount`` (never float)."""

    def __init__(self, *, allow_zero=False, what="", **kwargs):
        self.allow_zero = allow_zero
        self.what = what  # the name in messages, when the label carries more
        kwargs.setdefault(
            "widget", forms.TextInput(attrs=dict(inputmode="decimal", placeholder="如 15.05"))
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            label = self.what or str(self.label)
            return parse_amount(value, label=label, allow_zero=self.allow_zero)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class RunForm(StyledForm, forms.Form):
    month = MonthField()


class PaymentForm(StyledForm, forms.Form):
    """登记一笔会费. ``key`` is a fresh idempotency key per page: a double-clicked 保存
    records the payment once."""

    member = forms.CharField(
        label="会员",
        max_length=40,
        help_text="输入姓名、拼音首字母、会员证号或身份证号，从下拉列表中选择。",
        widget=forms.TextInput(attrs={"list": "member-options", "autocomplete": "off"}),
    )
    month = MonthField(label="缴纳月份")
    amount = AmountField(label="金额（元）", what="金额")
    paid_on = forms.DateField(
        label="缴纳日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    method = forms.ChoiceField(label="缴纳方式", choices=PaymentMethod.choices)
    note = forms.CharField(label="备注", max_length=200, required=False)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, find_members, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("paid_on", timezone.localdate())
        kwargs["initial"].setdefault("method", PaymentMethod.CASH)
        kwargs["initial"].setdefault("key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.find_members = find_members

    def clean_member(self):
        """The one member the text names: a card or ID number, a name, or "姓名（证号）" as
        the suggestion list writes it."""
        text = " ".join(self.cleaned_data["member"].split())
        if "（" in text and text.endswith("）"):
            name, _, card = text[:-1].partition("（")
            found = [m for m in self.find_members(card) if m.name == name] if card else []
            if len(found) == 1:
                return found[0]
            text = name
        found = self.find_members(text)
        exact = [m for m in found if text in (m.name, m.card_number, m.id_number)]
        if len(exact) == 1:
            return exact[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(f"本会没有找到“{text}”，请核对姓名或会员证号。")
        names = "、".join(f"{m.name}（{m.card_number or m.group or '无证号'}）" for m in found[:5])
        raise forms.ValidationError(f"找到多名会员：{names}。请填写会员证号或从下拉列表中选择。")


PAYMENTS_UPLOAD = uploads.kind(
    "dues_payments", suffixes=UPLOAD_SUFFIXES, accept="Excel 文件（.xlsx、.xls）、.ods 或 .csv 文件"
)
BASES_UPLOAD = uploads.kind(
    "dues_bases", suffixes=UPLOAD_SUFFIXES, accept="Excel 文件（.xlsx、.xls）、.ods 或 .csv 文件"
)


class BaseImportForm(StyledForm, forms.Form):
    """A payroll sheet for the dues bases."""

    file = uploads.UploadField(BASES_UPLOAD, label="文件（.xlsx / .xls / .ods / .csv）")


class PaymentImportForm(StyledForm, forms.Form):
    """A payroll-deduction list for one month."""

    month = MonthField(label="代扣月份")
    method = forms.ChoiceField(
        label="缴纳方式", choices=PaymentMethod.choices, initial=PaymentMethod.PAYROLL
    )
    file = uploads.UploadField(PAYMENTS_UPLOAD, label="文件（.xlsx / .xls / .ods / .csv）")


class BaseForm(StyledForm, forms.Form):
    """One member's wage items. Every item is shown; the union's setting says which count."""

    exempt = forms.BooleanField(label="免交会费", required=False)
    exempt_reason = forms.CharField(
        label="免交原因",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=dict(placeholder="如 病休、下岗待岗")),
    )

    def __init__(self, *args, counted=(), **kwargs):
        super().__init__(*args, **kwargs)
        items = {}
        for item in WageItem:
            label = item.label + ("" if item.value in counted else "（不计入基数）")
            items[item.value] = AmountField(
                label=label, what=item.label, allow_zero=True, required=False
            )
        self.fields = {**items, **self.fields}
        for name in items:  # StyledForm styled the fields that existed before these
            self.fields[name].widget.attrs["class"] = "form-control"

    def items(self) -> dict:
        return {item.value: self.cleaned_data.get(item.value) for item in WageItem}


class ReverseForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="冲销原因",
        max_length=150,
        widget=forms.TextInput(attrs=dict(placeholder="如 重复登记、金额录错")),
    )
