"""The year's twelve payroll figures on one form."""

from django import forms

from gonghui.core.forms import StyledForm


class PayrollForm(StyledForm, forms.Form):
    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        for month in range(1, 13):
            self.fields[f"m{month}"] = forms.CharField(
                label=f"{month}月",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs=dict(inputmode="decimal", placeholder="未登记")),
            )
        self.year = year
        # StyledForm styled the fields that existed when it ran; style these too.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control text-end")

    def amounts(self) -> dict[int, str]:
        return {m: self.cleaned_data.get(f"m{m}", "").strip() for m in range(1, 13)}
