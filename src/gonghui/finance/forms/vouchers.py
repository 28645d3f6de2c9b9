"""Voucher forms: the header, one form per line (a formset; lines are added with htmx),
and the small forms of the detail page (return, override, reversal, attachment)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MembersField

from ..attachments import MAX_BYTES
from ..models import PayForm, Voucher
from ..queries import vouchers as queries


class VoucherForm(StyledForm, forms.Form):
    date = forms.DateField(
        label="业务日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(
        label="摘要",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：2026 年春节慰问品")),
    )
    # One token per opened form: posting the same form twice records one voucher.
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "token": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)


class LineForm(StyledForm, forms.Form):
    category = forms.ChoiceField(label="科目")
    amount = forms.CharField(
        label="金额（元）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=dict(inputmode="decimal", placeholder="按人发放可不填")),
    )
    payee = forms.CharField(label="收/付款单位或个人", required=False, max_length=100)
    pay_form = forms.ChoiceField(
        label="发放形式", choices=PayForm.choices, initial=PayForm.TRANSFER
    )
    event = forms.CharField(
        label="事由",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=dict(placeholder="如 春节、住院（疾病名称）、羽毛球赛")),
        help_text="住院慰问请写明病种：同一病种每年只能慰问一次。",
    )
    days = forms.IntegerField(label="天数", required=False, min_value=1, max_value=366)
    participants = forms.IntegerField(label="参与人数", required=False, min_value=1)
    per_person = forms.CharField(
        label="每人金额（元）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    members = MembersField(
        label="发放会员",
        purpose="voucher",
        required=False,
        help_text="输入姓名、拼音首字母或会员证号查找，可选多人；输入小组名可整组选入。",
    )
    people = forms.CharField(
        label="或粘贴名单",
        required=False,
        widget=forms.Textarea(
            attrs=dict(
                rows=3,
                placeholder="每行一人：姓名或会员证号，可跟金额和事项\n周会员 200\nHY0002 800 肺炎",
            )
        ),
        help_text="每行一人；不写金额的按“每人金额”，不写事项的按“事由”。同名会员请填会员证号。",
    )

    def __init__(self, *args, union, kind, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        self.fields["category"].choices = [
            ("", "请选择科目"),
            *(
                (label, [(c.code, f"{c.code} {c.name}") for c in cats])
                if label
                else (cats[0].code, f"{cats[0].code} {cats[0].name}")
                for label, cats in categories
            ),
        ]
        self.fields["members"].for_union(union)
        self.kind = kind

    # What a person types into a line; the pay form always has a value, so it does not
    # count. A line removed in the browser posts nothing and is skipped as unchanged.
    TYPED = (
        "category",
        "amount",
        "payee",
        "event",
        "days",
        "participants",
        "per_person",
        "members",
        "people",
    )

    def has_changed(self) -> bool:
        if not self.is_bound:
            return False
        return any(self[f].data not in (None, "", []) for f in self.TYPED)

    def checked(self) -> list[str]:
        """The members and whole groups chosen in the picker (as posted or prefilled)."""
        return [str(v) for v in self["members"].value() or []]

    def clean(self):
        data = super().clean()
        per_person = (data.get("per_person") or "").strip()
        members = data.get("members") or []
        if members and not per_person:
            self.add_error("per_person", "选了发放会员，请填写每人金额。")
        pasted, problems = queries.resolve_people(self.union, data.get("people") or "", per_person)
        for p in problems:
            self.add_error("people", p)
        data["shares"] = [(m, per_person, "") for m in members] + pasted
        return data

    def line(self) -> dict:
        d = self.cleaned_data
        return {
            "category": d["category"],
            "amount": d["amount"].strip(),
            "payee": d["payee"],
            "pay_form": d["pay_form"],
            "event": d["event"],
            "days": d["days"],
            "participants": d["participants"],
            "shares": d["shares"],
        }


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return [f.line() for f in self.forms if f.has_changed() and f.is_valid()]


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=0, max_num=60)


def line_initial(voucher: Voucher) -> list[dict]:
    """The form's values for a draft's lines. Equal shares come back as ticked members with
    one amount each; differing shares as pasted lines."""
    out = []
    for ln in queries.voucher_lines(voucher):
        shares = list(ln.shares.all())
        row = {
            "category": ln.category.code,
            "amount": "" if shares else str(ln.amount),
            "payee": ln.payee,
            "pay_form": ln.pay_form,
            "event": ln.event,
            "days": ln.days,
            "participants": ln.participants,
        }
        amounts = {s.amount for s in shares}
        # A share's own event (not the line's 事由) goes back into the pasted list.
        own_events = any(s.event_key != ln.event for s in shares)
        if len(amounts) == 1 and not own_events:
            row["members"] = [str(s.member_id) for s in shares]
            row["per_person"] = str(amounts.pop())
        elif shares:
            row["people"] = "\n".join(
                f"{s.member.card_number or s.member.name} {s.amount}"
                + (f" {s.event_key}" if s.event_key != ln.event else "")
                for s in shares
            )
        out.append(row)
    return out


class ReasonForm(StyledForm, forms.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="超标准开支的书面理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="至少 10 个字。理由和被放行的事项记入审计日志，经审委员会可见。",
    )


class ReverseForm(StyledForm, forms.Form):
    date = forms.DateField(
        label="冲销日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label="冲销原因", max_length=150)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AttachmentForm(StyledForm, forms.Form):
    upload = forms.FileField(
        label="上传附件",
        help_text=f"发票、签收单等：JPG、PNG 或 PDF，不超过 {MAX_BYTES // (1024 * 1024)} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class VoucherFilterForm(StyledForm, forms.Form):
    q = forms.CharField(
        label="查找",
        required=False,
        widget=forms.TextInput(attrs=dict(placeholder="摘要或凭证号", type="search")),
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *Voucher._meta.get_field("status").choices],
    )
    kind = forms.ChoiceField(
        label="收支",
        required=False,
        choices=[("", "收入和支出"), ("income", "收入"), ("expense", "支出")],
    )
    month = forms.CharField(
        label="月份",
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "aria-label": "月份"}),
    )
    category = forms.ChoiceField(label="科目", required=False)
    overridden = forms.BooleanField(label="仅看超标准批准的", required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", "全部科目"),
            *(
                (c.code, f"{c.code} {c.name}" if c.parent_id is None else f"　{c.code} {c.name}")
                for c in categories
            ),
        ]
