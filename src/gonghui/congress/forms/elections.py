"""Forms of the election pages: setting up an election (candidates typed or pasted by name
or 会员证号), a ballot's write-ins, and the counters' paper figures (one row per candidate,
write-in rows). Whom a ballot may write in is found with the member picker (purpose
``write_in``), never listed in the page: a union of 200,000 made a ballot of megabytes."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm
from gonghui.members.picker import MemberField, MembersField
from gonghui.members.queries import resolve_names
from gonghui.orgs.models import Body

from ..models import Election
from ..queries.elections import write_in_choices

WRITE_IN_ROWS = 3
WRITE_IN_REFUSED = "另选他人须是不在选票上的本工会在册会员。"


class ElectionForm(StyledForm, forms.Form):
    title = forms.CharField(
        label="选举名称",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：选举第九届工会委员会委员")),
    )
    body = forms.ChoiceField(label="选举机构", choices=Body.choices, initial=Body.COMMITTEE)
    seats = forms.IntegerField(label="应选名额", min_value=1, max_value=99)
    candidates = forms.CharField(
        label="候选人名单（按选票顺序）",
        widget=forms.Textarea(
            attrs=dict(rows=6, placeholder="每行一人：姓名或会员证号\n李主席\nHY0002")
        ),
        help_text="按姓氏笔画或选举办法规定的顺序排列；同名会员请填会员证号。候选人须多于应选名额（差额选举）。",
    )
    on_paper = forms.BooleanField(label="纸质选票（会场发票、计票人录入结果）", required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union

    def clean_candidates(self):
        keys = [line.strip() for line in self.cleaned_data["candidates"].splitlines()]
        keys = [k for k in keys if k]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError("候选人名单有重复。")
        found, problems = resolve_names(self.union, keys)
        if problems:
            raise forms.ValidationError(problems)
        return [found[k] for k in keys]


class WriteInForm(StyledForm, forms.Form):
    """A ballot's 另选他人 (each counts as 赞成): members in good standing not on the ballot,
    at most as many as the seats — the paper ballot's write-in lines. The ballot's marks
    for the candidates are read by the view; the service checks everything again."""

    write_in = MembersField(
        label="另选他人",
        purpose="write_in",
        required=False,
        error_messages={"invalid_choice": WRITE_IN_REFUSED},
    )

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = election.seats
        field = self.fields["write_in"]
        field.for_union(
            election.sitting.term.union, queryset=write_in_choices(election), item=election.pk
        )
        field.widget.placeholder = "输入姓名或拼音首字母查找"

    def clean_write_in(self):
        people = self.cleaned_data["write_in"]
        if len(people) > self.seats:
            raise forms.ValidationError(
                f"另选他人最多 {self.seats} 人（与应选名额相同），现选了 {len(people)} 人。"
            )
        return people


def _count(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100000, required=required)


class ElectionPaperForm(StyledForm, forms.Form):
    """发出、收回、无效, then 赞成/不赞成/弃权 per candidate (fields ``c<id>_yes`` …) and
    up to three 另选他人 rows (``w<i>_member``, ``w<i>_yes``)."""

    issued = _count("发出票数")
    returned = _count("收回票数")
    invalid = _count("无效票数")
    scrutineers = forms.CharField(
        label="监票人、计票人",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：监票人 王委员；计票人 孙组长")),
    )

    def __init__(self, *args, election: Election, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        union, choices = election.sitting.term.union, write_in_choices(election)
        for c in candidates:
            for key, label in (("yes", "赞成"), ("no", "不赞成"), ("abstain", "弃权")):
                self.fields[f"c{c.pk}_{key}"] = _count(f"{c.member.name} {label}")
        for i in range(WRITE_IN_ROWS):
            # Whom the ballots wrote in: found with the member picker, accepted only
            # among ``write_in_choices`` (members in good standing not on the ballot).
            member = MemberField(
                label=f"另选他人 {i + 1}",
                purpose="write_in",
                required=False,
                error_messages={"invalid_choice": WRITE_IN_REFUSED},
            )
            member.for_union(union, queryset=choices, item=election.pk)
            member.widget.attrs["placeholder"] = f"另选他人 {i + 1}：输入姓名或拼音查找"
            self.fields[f"w{i}_member"] = member
            self.fields[f"w{i}_yes"] = _count("得票", required=False)
        for name, field in self.fields.items():  # StyledForm styled only the static ones
            if name[0] in "cw":
                if isinstance(field, MemberField):
                    field.widget.attrs["class"] = "form-control"
                else:
                    field.widget.attrs.update({"class": "form-control", "inputmode": "numeric"})

    def rows(self):
        """Per candidate: (candidate, yes field, no field, abstain field) for the template."""
        return [
            (c, self[f"c{c.pk}_yes"], self[f"c{c.pk}_no"], self[f"c{c.pk}_abstain"])
            for c in self.candidates
        ]

    def write_in_rows(self):
        return [(self[f"w{i}_member"], self[f"w{i}_yes"]) for i in range(WRITE_IN_ROWS)]

    def clean(self):
        data = super().clean()
        for i in range(WRITE_IN_ROWS):
            for error in self.errors.get(f"w{i}_member", []):
                self.add_error(f"w{i}_yes", error)  # the page shows errors beside 得票
            if data.get(f"w{i}_member") and data.get(f"w{i}_yes") is None:
                self.add_error(f"w{i}_yes", "请填写另选他人的得票。")
        return data

    def figures(self) -> dict:
        d = self.cleaned_data
        return {
            "issued": d["issued"],
            "returned": d["returned"],
            "invalid": d["invalid"],
            "scrutineers": d["scrutineers"],
            "counts": {
                c.pk: (d[f"c{c.pk}_yes"], d[f"c{c.pk}_no"], d[f"c{c.pk}_abstain"])
                for c in self.candidates
            },
            "write_ins": [
                (d[f"w{i}_member"].pk, d[f"w{i}_yes"])
                for i in range(WRITE_IN_ROWS)
                if d.get(f"w{i}_member")
            ],
        }
