"""Forms of the proposal pages: input shape only; the services hold the rules."""

from django import forms
from django.db.models import QuerySet

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MembersField

from ..models import Rating, Representative
from ..queries.proposals import ask_choices, cosigner_choices, members_of
from ..services.proposals import Decision


class _Plain:
    """Undo StyledForm's form-control on check boxes and radios (they are rendered as
    Bootstrap form-check rows in the templates)."""

    plain: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain:
            self.fields[name].widget.attrs["class"] = "form-check-input"


def _cosigners(label: str, *, required: bool, refused: str) -> MembersField:
    """Co-signers chosen with the member picker (purpose ``cosigner``): the search offers
    the sitting's other seated representatives, however many the term has; ``refused`` is
    the message for anyone else posted."""
    return MembersField(
        label=label,
        purpose="cosigner",
        required=required,
        error_messages={"invalid_choice": refused, "required": "请选择附议人。"},
    )


class _Cosigners:
    """The co-signer field's set-up and its cleaning into seats: the picker posts member
    ids, each cleaned against ``choices`` (seated representatives) to that member's seat."""

    choices: QuerySet[Representative]

    def _offer(self, sitting, choices: QuerySet[Representative]) -> None:
        self.choices = choices
        field = self.fields["cosigners"]
        field.for_union(sitting.term.union, queryset=members_of(choices), item=sitting.pk)
        field.widget.placeholder = "输入代表的姓名或拼音首字母查找"

    def clean_cosigners(self) -> list[Representative]:
        members = self.cleaned_data["cosigners"]
        seats = {r.member_id: r for r in self.choices.filter(member__in=members)}
        return [seats[m.pk] for m in members]


class ProposalForm(_Cosigners, StyledForm, forms.Form):
    title = forms.CharField(
        label="案由",
        max_length=100,
        widget=forms.TextInput(
            attrs=dict(placeholder="一句话说明提什么，如：关于改善教师午餐条件的提案")
        ),
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 5}))
    measures = forms.CharField(label="建议措施", widget=forms.Textarea(attrs={"rows": 5}))
    cosigners = _cosigners(
        "请代表附议", required=False, refused="附议人须是本届在任的其他职工代表。"
    )

    def __init__(self, *args, sitting, seat, need: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer(sitting, cosigner_choices(sitting, seat))
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


class AskForm(_Cosigners, StyledForm, forms.Form):
    cosigners = _cosigners(
        "再邀请代表附议", required=True, refused="请选择本届尚未邀请过的其他在任代表。"
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer(proposal.sitting, ask_choices(proposal))


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=300,
        widget=forms.TextInput(attrs=dict(placeholder="如：问题已由学校解决，不再提出")),
    )
