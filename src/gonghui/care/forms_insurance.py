"""The 互助保障 forms. Money is typed as text and checked by the services (negative, three
decimals: a Chinese message beside the field); members are chosen with the member picker
(one by one or whole groups) or by a roster filter (group, sex, status)."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField, MembersField
from gonghui.orgs.models import MemberStatus, Sex, UnionGroup

from . import rules_insurance as rules
from .forms import _money
from .rules_insurance import ClaimKind, Eligibility, PlanKind, ProviderKind

PICKER = "care_insurance"


class PlanForm(StyledForm, forms.Form):
    name = forms.CharField(
        label="计划名称", max_length=rules.NAME_MAX, help_text="如：2026年度职工住院医疗互助保障"
    )
    kind = forms.ChoiceField(label="保障类别", choices=PlanKind.choices)
    provider_kind = forms.ChoiceField(label="承办方", choices=ProviderKind.choices)
    provider = forms.CharField(
        label="承办机构名称", max_length=rules.PROVIDER_MAX, help_text="如：××市职工互助保障会"
    )
    premium = _money("每人每年保费（元）", rules.example_text())
    max_benefit = _money(
        "最高保障金额（元）", "每人在本期最多可获赔付的金额；没有上限的不填。", required=False
    )
    starts_on = forms.DateField(label="保障开始日期", widget=date_input())
    ends_on = forms.DateField(label="保障结束日期", widget=date_input(), help_text="最长一年。")
    eligibility = forms.ChoiceField(
        label="参保对象",
        choices=Eligibility.choices,
        help_text="女职工特殊疾病互助选“仅女会员”。",
    )
    notes = forms.CharField(label="说明", max_length=rules.NOTES_MAX, required=False)


STATUS_CHOICES = [
    ("", "在会和退休"),
    (MemberStatus.ACTIVE, "仅在会"),
    (MemberStatus.RETIRED, "仅退休"),
]


class EnrolForm(StyledForm, forms.Form):
    """参保: members picked (or whole groups); when nobody is picked, everyone the roster
    filter names (a group, a sex, a status) — all current members when it names nothing."""

    members = MembersField(
        label="选择会员或整个小组",
        purpose=PICKER,
        required=False,
        help_text="可逐个选择，也可整组选择；不选则按下面的条件批量参保。",
    )
    group = forms.ModelChoiceField(
        label="小组", queryset=UnionGroup.objects.none(), required=False, empty_label="全部小组"
    )
    sex = forms.ChoiceField(label="性别", choices=[("", "不限"), *Sex.choices], required=False)
    status = forms.ChoiceField(label="会员状态", choices=STATUS_CHOICES, required=False)
    on = forms.DateField(
        label="参保日期",
        widget=date_input(),
        required=False,
        help_text="不填为今天（或保障开始日）。",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].for_union(plan.union)
        self.fields["group"].queryset = UnionGroup.objects.filter(
            union=plan.union, archived_at=None
        ).order_by("name")
        if plan.women_only:
            self.fields["sex"].help_text = "本计划仅限女会员参保，男会员会被跳过。"

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        picked = data.pop("members") or None
        if picked:
            return {"members": picked, "on": data["on"]}
        return data


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(label="退保原因", max_length=rules.REASON_MAX)
    on = forms.DateField(label="退保日期", widget=date_input(), required=False)


class ClaimForm(StyledForm, forms.Form):
    member = MemberField(label="会员", purpose=PICKER)
    event_on = forms.DateField(
        label="出险日期", widget=date_input(), help_text="住院的为入院日期。"
    )
    kind = forms.ChoiceField(label="理赔类别", choices=ClaimKind.choices)
    diagnosis = forms.CharField(
        label="病情诊断",
        required=False,
        max_length=rules.DIAGNOSIS_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅工会主席、分管生活福利的委员、经审委员和本人可见，不出现在列表和名单中。",
    )
    claimed = _money("申报金额（元）", "医疗费用中按规定可申报的部分。")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(plan.union)
        self.fields["kind"].initial = rules.CLAIM_OF_PLAN[PlanKind(plan.kind)]


class PayForm(StyledForm, forms.Form):
    paid = _money("赔付金额（元）")
    paid_on = forms.DateField(label="赔付日期", widget=date_input(), required=False)


class DenyForm(StyledForm, forms.Form):
    reason = forms.CharField(label="不予赔付理由", max_length=rules.REASON_MAX)


class RenewForm(StyledForm, forms.Form):
    carry_over = forms.BooleanField(label="在册的参保会员自动续保", required=False, initial=True)
