"""Budget forms: the drafting table (one amount per category), adoption, adjustment."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.forms import StyledForm

from ..models import AdoptedBy, Category
from ..money import parse_amount

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BudgetForm(StyledForm, forms.Form):
    """A year and one optional amount per category; a blank amount leaves the category
    out of the budget. The fields are named ``c_<code>`` so the page can lay them out as
    the category tree."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, categories, fixed_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        if fixed_year is not None:
            self.fields["year"].disabled = True
            self.fields["year"].initial = fixed_year
        for cat in self.categories:
            field = forms.CharField(
                label=str(cat), required=False, max_length=20, widget=forms.TextInput()
            )
            field.widget.attrs.update(
                {
                    "class": "form-control form-control-sm text-end",
                    "inputmode": "decimal",
                    "aria-label": f"{cat}预算数",
                }
            )
            field.widget.attrs.update(placeholder="不列")
            self.fields[f"c_{cat.code}"] = field

    def rows(self):
        """(category, bound field) in code order, for the category table."""
        return [(cat, self[f"c_{cat.code}"]) for cat in self.categories]

    def clean(self):
        data = super().clean()
        lines = {}
        for cat in self.categories:
            name = f"c_{cat.code}"
            text = (data.get(name) or "").strip()
            if not text:
                continue
            try:
                lines[cat.code] = parse_amount(text, label="预算数", allow_zero=True)
            except ValidationError as exc:
                self.add_error(name, exc)
        if not lines and not self.errors:
            raise ValidationError("请至少填写一个科目的预算数。")
        data["lines"] = lines
        return data

    @staticmethod
    def initial_for(budget) -> dict:
        initial = {"year": budget.year, "note": budget.note}
        for line in budget.lines.all():
            initial[f"c_{line.category.code}"] = f"{line.amount:.2f}"
        return initial


class AdoptForm(StyledForm, forms.Form):
    adopted_on = forms.DateField(label="审议通过日期", widget=DATE)
    adopted_by = forms.ChoiceField(label="审议通过的会议", choices=AdoptedBy.choices)

    def clean_adopted_on(self):
        day = self.cleaned_data["adopted_on"]
        if day > timezone.localdate():
            raise ValidationError("通过日期不能晚于今天。")
        return day


class AdjustForm(StyledForm, forms.Form):
    category = forms.ModelChoiceField(label="科目", queryset=Category.objects.none())
    delta = forms.CharField(
        label="调整金额（元）",
        max_length=20,
        help_text="增加填正数，减少填负数，如 5000 或 -2000。",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    reason = forms.CharField(
        label="调整原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(
        label="决定日期", widget=DATE, help_text="工会委员会（或会员代表大会）决定调整的日期。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.select_related("parent").order_by(
            "code"
        )

    def clean_delta(self):
        return parse_amount(self.cleaned_data["delta"], label="调整金额", allow_negative=True)
