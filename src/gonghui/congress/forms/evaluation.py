"""Forms of the evaluation pages: setting up an evaluation, reading a ballot, and the
counters' figures of a paper evaluation."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from gonghui.core.forms import StyledForm

from ..services.evaluation import DEFAULT_LEVELS, EVALUATION_THRESHOLD

SPLIT = re.compile(r"[\s,，、;；]+")


class EvaluationForm(StyledForm, forms.Form):
    title = forms.CharField(
        label="评议名称",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：2026年度中层干部民主评议")),
    )
    subjects = forms.CharField(
        label="被评议人（每行一人：姓名 职务）",
        widget=forms.Textarea(attrs=dict(rows=6, placeholder="张三 教务处主任\n李四 总务处副主任")),
    )
    levels = forms.CharField(
        label="评价等次（从好到差，用顿号或逗号分隔）",
        initial="、".join(DEFAULT_LEVELS),
        max_length=120,
    )
    satisfied_levels = forms.IntegerField(
        label="前几个等次计入满意率", initial=2, min_value=1, max_value=5
    )
    threshold = forms.DecimalField(
        label="满意率警示线（%）：低于此线的干部在结果中突出显示",
        initial=EVALUATION_THRESHOLD * 100,
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    on_paper = forms.BooleanField(label="纸质评议票（会场发票、计票人录入结果）", required=False)

    def clean_subjects(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["subjects"].splitlines():
            parts = line.strip().split(None, 1)
            if parts:
                rows.append((parts[0], parts[1].strip() if len(parts) > 1 else ""))
        if not rows:
            raise forms.ValidationError("请至少列出一名被评议人。")
        return rows

    def clean_levels(self) -> list[str]:
        return [x for x in SPLIT.split(self.cleaned_data["levels"]) if x]

    def clean_threshold(self) -> Decimal:
        return self.cleaned_data["threshold"] / 100


def ballot_ratings(data, subjects) -> dict[int, int]:
    """``{subject id: level index}`` from a posted ballot (fields ``s<id>``); unrated or
    malformed lines are left out, so the service names whom the ballot missed."""
    ratings = {}
    for s in subjects:
        value = data.get(f"s{s.pk}", "")
        if value.isdigit():
            ratings[s.pk] = int(value)
    return ratings


def _count(label: str, **attrs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", **attrs}),
    )


class PaperEvaluationForm(StyledForm, forms.Form):
    """发出 / 收回 / 无效, the scrutineers, and one count field per subject × level
    (``c<subject id>_<level index>``); :meth:`counts` gives them to the service."""

    issued = _count("发出票数")
    returned = _count("收回票数")
    invalid = _count("无效票数")
    scrutineers = forms.CharField(
        label="监票人、计票人",
        max_length=200,
        widget=forms.TextInput(attrs=dict(placeholder="如：监票人 王委员；计票人 孙组长")),
    )

    def __init__(self, *args, subjects, levels, **kwargs):
        self.subjects, self.levels = list(subjects), list(levels)
        super().__init__(*args, **kwargs)
        for s in self.subjects:
            for i, level in enumerate(self.levels):
                field = _count(f"{s.name} · {level}")
                field.widget.attrs["class"] = "form-control text-end"
                self.fields[f"c{s.pk}_{i}"] = field

    def rows(self):
        """Per subject, its bound count fields in level order (for the template)."""
        return [
            (s, [(level, self[f"c{s.pk}_{i}"]) for i, level in enumerate(self.levels)])
            for s in self.subjects
        ]

    def counts(self) -> dict[int, list[int]]:
        data = self.cleaned_data
        return {
            s.pk: [data[f"c{s.pk}_{i}"] for i in range(len(self.levels))] for s in self.subjects
        }

    def service_args(self) -> dict:
        data = self.cleaned_data
        return {
            "issued": data["issued"],
            "returned": data["returned"],
            "invalid": data["invalid"],
            "scrutineers": data["scrutineers"],
            "counts": self.counts(),
        }
