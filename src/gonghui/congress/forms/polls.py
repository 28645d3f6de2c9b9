"""Forms of the vote pages: an item to vote on, a paper count, a ballot."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm

from ..models import Choice, Proposal
from ..queries.polls import votable_proposals


class PollForm(StyledForm, forms.Form):
    title = forms.CharField(
        label="表决事项",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：关于《学校章程（修订稿）》的决议")),
    )
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on_paper = forms.BooleanField(label="纸质选票（会场发票、计票人录入结果）", required=False)
    proposal = forms.ModelChoiceField(
        label="表决的提案（可选）",
        required=False,
        queryset=Proposal.objects.none(),
        help_text="表决的是本届的一件提案时选择它，代表在投票页面可以直接打开提案全文。",
    )

    def __init__(self, *args, sitting=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["proposal"]
        field.queryset = votable_proposals(sitting) if sitting else Proposal.objects.none()
        field.label_from_instance = lambda p: f"第{p.number}号 {p.title}" if p.number else p.title


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100000)


class PaperForm(StyledForm, forms.Form):
    issued = _count("发出票数")
    returned = _count("收回票数")
    invalid = _count("无效票数")
    yes = _count("赞成")
    no = _count("反对")
    abstain = _count("弃权")
    scrutineers = forms.CharField(
        label="监票人、计票人",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：监票人 王委员；计票人 孙组长")),
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(choices=Choice.choices)
