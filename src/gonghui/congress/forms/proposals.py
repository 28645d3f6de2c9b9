"""Forms of the proposal pages: input shape only; the services hold the rules."""

from django import forms

from gonghui.core.forms import StyledForm

from ..models import Rating
from ..services.proposals import Decision


class _Plain:
    """Undo StyledForm's form-control on check boxes and radios (they are rendered as
    Bootstrap form-check rows in the templates)."""

    plain: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain:
            self.fields[name].widget.attrs["class"] = "form-check-input"


class CosignerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, rep):
        group = f"（{rep.constituency.name}）" if rep.constituency_id else ""
        return f"{rep.member.name}{group}"


class ProposalForm(_Plain, StyledForm, forms.Form):
    plain = ("cosigners",)
    title = forms.CharField(
        label="案由",
        max_length=100,
        widget=forms.TextInput(
            attrs=dict(placeholder="一句话说明提什么，如：关于改善教师午餐条件的提案")
        ),
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 5}))
    measures = forms.CharField(label="建议措施", widget=forms.Textarea(attrs={"rows": 5}))
    cosigners = CosignerField(
        label="请代表附议",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, choices, need: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = choices
        self.fields[
            "cosigners"
        ].help_text = f"至少选择 {need} 名代表；他们在自己的手机上确认附议后，提案自动提交。"


class ReviewForm(StyledForm, forms.Form):
    decision = forms.ChoiceField(label="审查结论", choices=[("", "请选择"), *Decision.CHOICES])
    note = forms.CharField(
        label="审查意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不立案或转意见建议时必须写明理由。",
    )
    merge_into = forms.ModelChoiceField(label="并入的提案（合并时）", queryset=None, required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = targets
        self.fields["merge_into"].label_from_instance = lambda p: f"第{p.number}号 {p.title}"


class AssignForm(StyledForm, forms.Form):
    lead_department = forms.CharField(label="承办部门", max_length=60)
    co_departments = forms.CharField(
        label="协办部门", max_length=200, required=False, help_text="多个部门用顿号分隔。"
    )
    due_on = forms.DateField(
        label="办理期限", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AnswerForm(StyledForm, forms.Form):
    department = forms.CharField(label="答复部门", max_length=60)
    text = forms.CharField(label="书面答复", widget=forms.Textarea(attrs={"rows": 6}))


class RateForm(_Plain, StyledForm, forms.Form):
    plain = ("rating",)
    rating = forms.ChoiceField(
        label="对办理结果的评价", choices=Rating.choices, widget=forms.RadioSelect
    )


class AskForm(_Plain, StyledForm, forms.Form):
    plain = ("cosigners",)
    cosigners = CosignerField(
        label="再邀请代表附议", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = choices


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=300,
        widget=forms.TextInput(attrs=dict(placeholder="如：问题已由学校解决，不再提出")),
    )
