"""The 捐款 forms. Amounts are typed as text and checked by the services (yuan to the fen,
above zero: a Chinese message beside the field or the row); dates with the date picker."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input

from .forms import _money
from .models_donations import (
    NAME_MAX,
    NOTE_MAX,
    PURPOSE_MAX,
    RECEIPT_MAX,
    RECIPIENT_MAX,
    DonationKind,
    EntryKind,
    PayMethod,
)
from .services_donations import SELF_METHODS

ANONYMOUS = "在感谢名单中匿名（显示为“爱心人士”）"


class CampaignForm(StyledForm, forms.Form):
    name = forms.CharField(label="活动名称", max_length=NAME_MAX)
    kind = forms.ChoiceField(label="捐款类型", choices=[("", "请选择"), *DonationKind.choices])
    purpose = forms.CharField(
        label="用途及受益对象",
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如“用于资助本区困难职工家庭”“支援某地抗洪救灾”。",
    )
    recipient = forms.CharField(
        label="接收单位",
        required=False,
        max_length=RECIPIENT_MAX,
        help_text="善款上交给谁，如“区慈善总会”“区总工会”。",
    )
    starts_on = forms.DateField(label="开始日期", widget=date_input())
    ends_on = forms.DateField(label="截止日期", widget=date_input())
    suggested_amount = _money(
        "建议金额（元）", "可不填。只是倡议，会员自愿捐款，多少不限。", required=False
    )
    suggestion = forms.CharField(
        label="倡议说明",
        required=False,
        max_length=NOTE_MAX,
        help_text="一日捐不填时显示“倡议捐出一天的工资”。",
    )
    show_amounts = forms.BooleanField(
        label="感谢名单显示每人金额", required=False, help_text="不勾选则感谢名单只列姓名。"
    )


class PledgeForm(StyledForm, forms.Form):
    amount = _money("认捐金额（元）")
    anonymous = forms.BooleanField(label=ANONYMOUS, required=False)


class PayForm(StyledForm, forms.Form):
    """A member records money they sent themselves (transfer or straight to the recipient)."""

    amount = _money("捐款金额（元）")
    method = forms.ChoiceField(
        label="缴款方式",
        choices=[(m.value, m.label) for m in SELF_METHODS],
        help_text="现金请交给小组长或工会，由工会登记。",
    )
    on = forms.DateField(label="转账日期", widget=date_input())
    note = forms.CharField(
        label="备注", required=False, max_length=NOTE_MAX, help_text="如转账流水号后四位。"
    )
    anonymous = forms.BooleanField(label=ANONYMOUS, required=False)


class BatchForm(StyledForm, forms.Form):
    """A group's list: one amount (and 匿名) per member; empty rows are left out."""

    kind = forms.ChoiceField(label="登记类别", choices=EntryKind.choices, initial=EntryKind.PAYMENT)
    method = forms.ChoiceField(
        label="缴款方式（实缴）", required=False, choices=PayMethod.choices, initial=PayMethod.CASH
    )
    on = forms.DateField(label="收款日期（实缴）", required=False, widget=date_input())

    def __init__(self, *args, members, donors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        donors = donors or {}
        for m in self.members:
            self.fields[f"amount_{m.pk}"] = _money(m.name, required=False)
            self.fields[f"amount_{m.pk}"].widget.attrs.update(
                {"class": "form-control form-control-sm", "aria-label": f"{m.name}的金额"}
            )
            donor = donors.get(m.pk)
            self.fields[f"anon_{m.pk}"] = forms.BooleanField(
                label="匿名",
                required=False,
                initial=bool(donor and donor.anonymous),
                widget=forms.CheckboxInput(
                    attrs={"class": "form-check-input", "aria-label": f"{m.name}匿名"}
                ),
            )

    def rows(self) -> list[dict]:
        """The members given an amount, in the page's order."""
        data = self.cleaned_data
        return [
            {
                "member": m,
                "amount": data[f"amount_{m.pk}"],
                "anonymous": bool(data.get(f"anon_{m.pk}")),
            }
            for m in self.members
            if (data.get(f"amount_{m.pk}") or "").strip()
        ]

    def lines(self, donors: dict) -> list[dict]:
        """What the template loops over: each member with their fields and figures so far."""
        return [
            {
                "member": m,
                "amount": self[f"amount_{m.pk}"],
                "anonymous": self[f"anon_{m.pk}"],
                "donor": donors.get(m.pk),
            }
            for m in self.members
        ]


class HandoverForm(StyledForm, forms.Form):
    on = forms.DateField(label="上交日期", widget=date_input())
    amount = _money("上交金额（元）")
    recipient = forms.CharField(label="接收单位", required=False, max_length=RECIPIENT_MAX)
    receipt_no = forms.CharField(label="收据编号", max_length=RECEIPT_MAX)
    note = forms.CharField(label="备注", required=False, max_length=NOTE_MAX)


class ReasonForm(StyledForm, forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=NOTE_MAX)
