"""Forms of the collective-contract procedure: shapes only (dates, lengths, choices); the
services check the rules of the procedure (dates in order, equal sides, members only…)."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField

from .models_contracts import ContractKind, ContractScope, OfferSide


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, widget=date_input(), required=required, help_text=help_text)


def _text(label: str, required: bool = True, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=20000,
    )


class OfferForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label="合同种类", choices=ContractKind.choices)
    scope = forms.ChoiceField(label="签订方式", choices=ContractScope.choices)
    title = forms.CharField(label="合同名称", max_length=120)
    employer = forms.CharField(
        label="用人单位方",
        max_length=120,
        help_text="单独签订：所在单位；区域性、行业性：企业方代表组织。",
    )
    term_years = forms.TypedChoiceField(
        label="期限", choices=[(1, "1 年"), (2, "2 年"), (3, "3 年")], coerce=int, initial=3
    )
    offer_side = forms.ChoiceField(label="要约方", choices=OfferSide.choices)
    offered_on = _date("要约日期")
    delivered_on = _date("要约送达日期", help_text="对方自收到要约书之日起 20 日内书面答复。")
    offer_text = _text("要约内容", required=False, help_text="协商的内容、时间、地点等。")

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        if union.is_federation:
            self.fields["scope"].choices = [
                c for c in ContractScope.choices if c[0] != ContractScope.SINGLE
            ]
        else:
            self.fields["scope"].choices = [(ContractScope.SINGLE, ContractScope.SINGLE.label)]
            self.fields["employer"].initial = union.employer_name


class RecordForm(OfferForm):
    """补录 a contract signed before the platform: its dates from the paper record."""

    signed_on = _date("签字日期")
    effective_on = _date(
        "生效日期", help_text="人社部门审查期满无异议之日的次日，或合同载明的生效日期。"
    )
    covered_workers = forms.IntegerField(
        label="覆盖职工数", min_value=0, required=False, help_text="不填则按本会职工人数。"
    )
    published_on = _date("向全体职工公布日期", required=False)
    text = _text("合同文本", required=False, rows=8, help_text="可粘贴已签订的合同全文。")

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, union=union, **kwargs)
        for name in ("offer_side", "offered_on", "delivered_on", "offer_text"):
            del self.fields[name]


class ReplyForm(StyledForm, forms.Form):
    replied_on = _date("书面答复日期")
    reply_text = _text("答复内容", help_text="同意协商的时间、地点，或拒绝的理由。")


class EmployerForm(StyledForm, forms.Form):
    name = forms.CharField(label="企业名称", max_length=120)
    workers = forms.IntegerField(label="职工人数", min_value=0)


class RepresentativeForm(StyledForm, forms.Form):
    side = forms.ChoiceField(label="所属方", choices=OfferSide.choices)
    member = MemberField(purpose="contract_rep", label="会员（职工方）", required=False)
    name = forms.CharField(label="姓名（用人单位方）", max_length=50, required=False)
    title = forms.CharField(label="职务", max_length=60, required=False)
    chief = forms.BooleanField(label="首席代表", required=False)
    appointed_on = _date("产生日期")

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class LeaveForm(StyledForm, forms.Form):
    left_on = _date("离任日期")
    reason = forms.CharField(label="离任原因", max_length=100)


class ReplaceForm(StyledForm, forms.Form):
    member = MemberField(purpose="contract_rep", label="接替人（职工方会员）", required=False)
    name = forms.CharField(label="接替人姓名（用人单位方）", max_length=50, required=False)
    title = forms.CharField(label="职务", max_length=60, required=False)
    appointed_on = _date("产生日期")

    def __init__(self, *args, union, workers: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)
        if workers:
            del self.fields["name"]
        else:
            del self.fields["member"]


class SessionForm(StyledForm, forms.Form):
    held_on = _date("会议日期")
    place = forms.CharField(label="地点", max_length=100, required=False)
    chaired_by = forms.ChoiceField(
        label="主持方", choices=OfferSide.choices, help_text="双方轮流主持（已按上次预选另一方）。"
    )
    recorder = forms.CharField(
        label="记录员", max_length=50, help_text="应为双方协商代表以外的人员。"
    )
    attendees = forms.ModelMultipleChoiceField(
        label="出席代表", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    topics = _text("议题", required=False, rows=2)
    minutes = _text("会议纪要", rows=6)
    agreed = _text("达成一致的事项", required=False, rows=3)
    open_points = _text("未达成一致的事项", required=False, rows=3)

    def __init__(self, *args, reps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = reps
        self.fields["attendees"].label_from_instance = lambda r: (
            f"{r.name}（{r.get_side_display()}{'·首席' if r.chief else ''}）"
        )


class DraftForm(StyledForm, forms.Form):
    created_on = _date("形成日期")
    session = forms.ModelChoiceField(label="形成于协商会议", queryset=None, required=False)
    changes = _text("修改说明", required=False, rows=3, help_text="与上一稿相比改了什么。")
    text = _text("合同文本", rows=12)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class CongressForm(StyledForm, forms.Form):
    sitting = forms.ModelChoiceField(label="职代会会议", queryset=None)
    on_paper = forms.BooleanField(label="纸质选票", required=False)

    def __init__(self, *args, sittings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = sittings


class SignForm(StyledForm, forms.Form):
    signed_on = _date("双方首席代表签字日期")


class SubmitForm(StyledForm, forms.Form):
    submitted_on = _date("报送日期")
    received_on = _date(
        "人社部门收到日期", required=False, help_text="不填则同报送日期；审查期限自收到之日起算。"
    )
    authority = forms.CharField(label="审查部门", max_length=100, required=False)
    late_reason = _text(
        "逾期报送说明", required=False, rows=2, help_text="超过签字后 10 日报送的须填写。"
    )


class ReviewForm(StyledForm, forms.Form):
    issued_on = _date("意见书日期")
    received_on = _date("收到日期")
    authority = forms.CharField(label="审查部门", max_length=100, required=False)
    opinion = _text("审查意见")


class PublishForm(StyledForm, forms.Form):
    published_on = _date("公布日期")
    how = forms.CharField(
        label="公布方式", max_length=100, help_text="如公开栏、职代会、内网、微信群。"
    )


class ReportForm(StyledForm, forms.Form):
    reported_on = _date("报告日期")
    sitting = forms.ModelChoiceField(label="报告的职代会会议", queryset=None, required=False)
    findings = _text("履约情况")

    def __init__(self, *args, sittings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = sittings


class EndForm(StyledForm, forms.Form):
    ended_on = _date("日期")
    reason = _text("原因", rows=2)
