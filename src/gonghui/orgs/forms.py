from django import forms

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MemberField

from .models import (
    FEDERATION_KINDS,
    Body,
    CommitteeTerm,
    Duty,
    Post,
    Union,
    UnionKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnionForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Union
        fields = [
            "name",
            "code",
            "kind",
            "employer_name",
            "credit_code",
            "staff_count",
            "founded_on",
        ]
        widgets = {
            "founded_on": DATE,
            "credit_code": forms.TextInput(attrs=dict(placeholder="18 位，如 91440300…")),
        }

    def __init__(self, *args, federation: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if federation is not None:
            self.fields["kind"].choices = [
                (k.value, k.label) for k in UnionKind if (k in FEDERATION_KINDS) == federation
            ]
        if self.instance.pk:
            # The code is what scripts and the command line use; it never changes.
            self.fields["code"].disabled = True
        # Federations have no staff of their own; their figures roll up from below.
        self.fields["staff_count"].required = False

    def clean_staff_count(self):
        return self.cleaned_data.get("staff_count") or 0

    def validate_unique(self):
        # Uniqueness is checked by the service in its transaction; do not query twice.
        pass


class MoveForm(StyledForm, forms.Form):
    parent = forms.ModelChoiceField(label="新的上级工会", queryset=Union.objects.none())

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class GroupForm(StyledForm, forms.Form):
    name = forms.CharField(label="小组名称", max_length=60)
    leader = MemberField(label="小组长", purpose="group", required=False)
    for_retirees = forms.BooleanField(
        label="退休会员小组（办理退休的会员自动转入）", required=False
    )

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].for_union(union)


class TermForm(StyledForm, forms.Form):
    body = forms.ChoiceField(label="机构", choices=Body.choices)
    number = forms.IntegerField(label="届次", min_value=1, max_value=99)
    elected_on = forms.DateField(label="选举日期", widget=DATE)
    term_years = forms.TypedChoiceField(
        label="任期", coerce=int, choices=[(3, "3 年"), (5, "5 年")], initial=5
    )
    ends_on = forms.DateField(label="届满日期（不填则按任期推算）", widget=DATE, required=False)


class TermCloseForm(StyledForm, forms.Form):
    closed_on = forms.DateField(label="换届日期", widget=DATE)


class PositionForm(StyledForm, forms.Form):
    member = MemberField(label="成员", purpose="committee")
    post = forms.ChoiceField(label="职务")
    duty = forms.ChoiceField(label="分工", choices=[("", "——"), *Duty.choices], required=False)

    def __init__(self, *args, term: CommitteeTerm, **kwargs):
        from .models import POSTS_BY_BODY

        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(term.union)
        self.fields["post"].choices = [(p.value, p.label) for p in POSTS_BY_BODY[Body(term.body)]]
        self.fields["post"].initial = Post.MEMBER
