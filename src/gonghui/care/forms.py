"""The 帮扶 forms. Money is typed as text and checked by the services (negative, three
decimals: a Chinese message next to the field); the household is a small formset whose
blank rows are ignored."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input
from gonghui.finance.attachments import MAX_BYTES
from gonghui.members.picker import MemberField

from . import rules_visits
from .models import AidKind, Standing
from .rules import Cause

MONEY_ATTRS = {"inputmode": "decimal", "placeholder": "0.00"}


def _money(label: str, help_text: str = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs=MONEY_ATTRS),
    )


class FiguresForm(StyledForm, forms.Form):
    income = _money(
        "家庭年可支配收入（元）", "共同生活家庭成员一年的工资、退休金、经营等收入合计。"
    )
    rigid = _money("年刚性支出（元）", "因病医疗自付、子女教育等必须的支出，一年合计。")
    rigid_notes = forms.CharField(label="刚性支出说明", required=False, max_length=200)
    cause = forms.ChoiceField(label="致困原因", choices=Cause.choices, required=False)
    hardship_cost = _money(
        "年度致困费用（元）", "因灾害、意外或重大疾病一年内发生的费用；没有填 0。", required=False
    )
    cause_notes = forms.CharField(
        label="致困情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplyForForm(FiguresForm):
    """The committee applies for a member."""

    member = MemberField(label="申请职工", purpose="care")

    field_order = ["member"]

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class PersonForm(StyledForm, forms.Form):
    relation = forms.CharField(label="与申请人关系", max_length=20, required=False)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    age = forms.IntegerField(label="年龄", min_value=0, max_value=120, required=False)
    standing = forms.ChoiceField(
        label="身份", choices=[("", "—"), *Standing.choices], required=False
    )
    health = forms.CharField(
        label="健康状况", max_length=100, required=False, help_text="如：健康、癌症、尿毒症"
    )


HouseholdFormSet = forms.formset_factory(PersonForm, extra=6, max_num=20, absolute_max=20)


def household_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if getattr(f, "cleaned_data", None)]


class NoteForm(StyledForm, forms.Form):
    note = forms.CharField(label="初审意见", required=False, max_length=300)


class ReasonForm(StyledForm, forms.Form):
    reason = forms.CharField(label="理由", max_length=300)


class VisitForm(StyledForm, forms.Form):
    visited_on = forms.DateField(label="调查日期", widget=date_input())
    visitors = forms.CharField(
        label="调查人员", max_length=200, help_text="至少两人，如：王委员、李主席"
    )
    findings = forms.CharField(label="调查情况", widget=forms.Textarea(attrs={"rows": 4}))
    consent = forms.FileField(
        label="《家庭经济状况核对授权委托书》（职工签字）",
        help_text=f"拍照或扫描：JPG、PNG 或 PDF，不超过 {MAX_BYTES // (1024 * 1024)} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class EstablishForm(StyledForm, forms.Form):
    plan = forms.CharField(label="帮扶计划", widget=forms.Textarea(attrs={"rows": 4}))


class AidForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label="帮扶类型", choices=AidKind.choices)
    given_on = forms.DateField(label="帮扶日期", widget=date_input())
    amount = _money(
        "金额或折价（元）",
        "资金帮扶生成“困难帮扶”支出凭证草稿，由财务提交、按开支标准审核；"
        "物资、就业等按折价填写，只作记录；无金额填 0。",
        required=False,
    )
    notes = forms.CharField(label="说明", max_length=300, required=False)


class SettingsForm(StyledForm, forms.Form):
    dibao = _money(
        "当地低保标准（元/月）",
        "示例：乳山市 2025 年为 1,062 元/月。请按当地民政部门公布的城市低保标准填写。",
    )
    exclusions = forms.CharField(
        label="不予建档的情形",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一条，初审时逐条核对。",
    )
    # Not required by the form: a post without them (an older page) leaves them as they
    # are; one that clears them is refused by the service, beside the field.
    visit_kinds = forms.CharField(
        label="五必访事件",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "每行一种。示例（浙财院工〔2004〕16号：婚丧喜庆、生病住院、发生意外、生活困难、"
            "生孩子或离岗退休）：生病住院、结婚、生育、直系亲属去世、会员去世、退休、发生意外、"
            "家庭困难。请按本会制度修改。"
        ),
    )
    visit_days = forms.IntegerField(
        label="走访时限（天）",
        required=False,
        min_value=1,
        max_value=rules_visits.MAX_VISIT_DAYS,
        help_text="事件发生后几天内应完成走访。示例：7 天（无统一规定，请按本会制度填写）。",
    )
