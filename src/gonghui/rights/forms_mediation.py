"""Forms of 劳动争议调解: a seat on the committee, an application, and each step of a case
(受理 or 不予受理, 调解员, 调解记录, 结案). Shapes only; the services check the rules."""

from __future__ import annotations

from django import forms

from gonghui.care.forms_bursary import ChecksWidget
from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField

from . import queries_mediation as queries
from .models_mediation import ClaimKind, Mediator, MediatorPost, MediatorSide

MEDIATORS_PICKER = "rights_mediators"
APPLICANT_PICKER = "rights_applicant"
# (both registered in members.picker.PURPOSES by plugins_mediation.connect)
TEXT = forms.Textarea(attrs={"rows": 4})


class MediatorForm(StyledForm, forms.Form):
    member = MemberField(
        label="会员",
        purpose=MEDIATORS_PICKER,
        required=False,
        help_text="职工代表从本会会员中选择；企业代表是会员的也在这里选择。",
    )
    name = forms.CharField(label="企业代表姓名（非会员时填写）", max_length=50, required=False)
    side = forms.ChoiceField(label="代表方", choices=MediatorSide.choices)
    post = forms.ChoiceField(label="职务", choices=MediatorPost.choices)
    since = forms.DateField(label="任职日期", widget=date_input())

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class MediatorEndForm(StyledForm, forms.Form):
    until = forms.DateField(label="卸任日期", widget=date_input())


class CaseForm(StyledForm, forms.Form):
    applicant = MemberField(label="申请人（会员）", purpose=APPLICANT_PICKER, required=False)
    applicant_name = forms.CharField(
        label="申请人姓名（非会员时填写）", max_length=50, required=False
    )
    respondent = forms.CharField(
        label="被申请人", max_length=100, help_text="一般为用人单位；职工之间的争议填写对方姓名。"
    )
    claim_kind = forms.ChoiceField(label="争议类型", choices=ClaimKind.choices)
    claim = forms.CharField(label="申请事项和理由", widget=TEXT)
    applied_on = forms.DateField(
        label="收到申请日期", widget=date_input(), help_text="调解期限自收到申请之日起计算。"
    )

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].for_union(
            union, queryset=queries.applicant_candidates(union), item=union.pk
        )


class _Mediators(forms.Form):
    mediators = forms.ModelMultipleChoiceField(
        label="调解员",
        queryset=Mediator.objects.none(),
        required=False,
        widget=ChecksWidget,
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = queries.mediator_pool(case.union)


class AcceptForm(StyledForm, _Mediators):
    accepted_on = forms.DateField(label="受理日期", widget=date_input())


class MediatorsForm(StyledForm, _Mediators):
    pass


class RefuseForm(StyledForm, forms.Form):
    on = forms.DateField(label="决定日期", widget=date_input())
    reason = forms.CharField(label="不予受理的理由", widget=TEXT)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class SessionForm(StyledForm, forms.Form):
    held_on = forms.DateField(label="调解日期", widget=date_input())
    place = forms.CharField(label="地点", max_length=100, required=False)
    record = forms.CharField(label="调解记录", widget=TEXT)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class AgreeForm(StyledForm, forms.Form):
    on = forms.DateField(label="达成协议日期", widget=date_input())
    agreement = forms.CharField(
        label="协议内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="一行一条，如“一、被申请人于2026年12月31日前支付申请人加班工资3,200元。”",
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class FailForm(StyledForm, forms.Form):
    on = forms.DateField(
        label="调解终结日期", widget=date_input(), help_text="告知当事人可以依法申请仲裁的日期。"
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class WithdrawForm(StyledForm, forms.Form):
    on = forms.DateField(label="撤回日期", widget=date_input())
    reason = forms.CharField(label="撤回说明", widget=TEXT, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
