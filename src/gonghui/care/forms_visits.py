"""The 走访慰问 forms. The event's kind offers the union's 五必访 list; money is typed as
text and checked by the services (negative, three decimals: a Chinese message beside the
field); a 住院 event's visit also asks the stay's days and the illness."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField, MembersField

from . import rules_visits
from .forms import MONEY_ATTRS
from .models import CampaignKind, TargetSource


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="事件类型", choices=())


class ReportEventForm(StyledForm, forms.Form):
    """The member reports their own event (their phone)."""

    kind = _kind_field()
    occurred_on = forms.DateField(label="事件日期", widget=date_input())
    notes = forms.CharField(
        label="情况说明",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="选填，如住院的医院和病区，便于工会安排走访。",
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *((k, k) for k in kinds)]


class EventForm(ReportEventForm):
    """The committee records an event for a member."""

    member = MemberField(label="职工", purpose="care")

    field_order = ["member", "kind", "occurred_on", "notes"]

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class VisitForm(StyledForm, forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=date_input())
    visitors = forms.CharField(label="走访人员", max_length=200, help_text="如：李主席、王委员")
    goods = forms.CharField(
        label="慰问品", max_length=200, required=False, help_text="如：水果一篮、慰问卡"
    )
    amount = forms.CharField(
        label="慰问金（元）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=MONEY_ATTRS),
        help_text="没有填 0；填写后自动生成支出凭证草稿，由财务按开支标准审核、审批后发放。",
    )
    notes = forms.CharField(
        label="走访情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class HospitalVisitForm(VisitForm):
    """A 住院 event's visit: the stay's days and the illness, which the spending rules of
    住院慰问 check (more than N days; the same illness once a year)."""

    days = forms.IntegerField(
        label="住院天数",
        required=False,
        min_value=1,
        max_value=rules_visits.MAX_STAY_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="发放慰问金时必填；尚未出院的，填截至走访日的天数。",
    )
    illness = forms.CharField(
        label="病种/事由",
        required=False,
        max_length=rules_visits.ILLNESS_MAX,
        help_text="发放慰问金时必填，如：住院（肺炎）。同一病种每年慰问一次，请与以往写法一致。",
    )

    field_order = ["visited_on", "visitors", "goods", "amount", "days", "illness", "notes"]


def visit_form(kind: str, *args, **kwargs) -> VisitForm:
    """The visit form for an event of ``kind``: with 住院天数 and 病种/事由 for a 住院."""
    form_class = HospitalVisitForm if rules_visits.is_hospital(kind) else VisitForm
    return form_class(*args, **kwargs)


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=300)


class CampaignForm(StyledForm, forms.Form):
    name = forms.CharField(label="活动名称", max_length=100, help_text="如：2026 年春节送温暖")
    kind = forms.ChoiceField(label="活动类型", choices=CampaignKind.choices)
    starts_on = forms.DateField(label="开始日期", widget=date_input())
    ends_on = forms.DateField(label="结束日期", widget=date_input())
    notes = forms.CharField(label="说明", max_length=300, required=False)


class TargetsForm(StyledForm, forms.Form):
    source = forms.ChoiceField(label="慰问对象", choices=TargetSource.choices)
    members = MembersField(
        label="选择职工或小组",
        purpose="care_campaign",
        required=False,
        help_text="来源为“按小组或姓名选择”时填写；可整组添加。",
    )

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].for_union(union)
