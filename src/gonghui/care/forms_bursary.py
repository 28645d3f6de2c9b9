"""The 金秋助学 forms. Money and month-days are typed as text and checked by the services
(a Chinese message next to the field); the admission proof's type is decided by its first
bytes in the file store (``finance.attachments``), never by its name."""

from __future__ import annotations

from django import forms
from django.template import loader
from django.utils.safestring import mark_safe

from gonghui.core.forms import StyledForm, date_input
from gonghui.finance.attachments import MAX_BYTES
from gonghui.members.picker import MemberField

from . import rules_bursary as rules
from .forms import _money

PROOF_ACCEPT = "image/jpeg,image/png,application/pdf"


class ChecksWidget(forms.CheckboxSelectMultiple):
    """Checkboxes as Bootstrap's ``form-check`` rows (Django's own markup puts the box
    inside its label, which Bootstrap floats over the next row's label on a phone)."""

    template_name = "care/bursary_checks.html"

    def _render(self, template_name, context, renderer=None):
        # the project's template engine (templates/ is not an app directory)
        return mark_safe(loader.render_to_string(template_name, context))


class BursarySettingsForm(StyledForm, forms.Form):
    opens = forms.CharField(
        label="每年申请开始（月-日）",
        max_length=10,
        help_text="如 07-01。示例值，无统一规定。",
    )
    closes = forms.CharField(
        label="每年申请截止（月-日）",
        max_length=10,
        help_text="如 08-27（天门市 2024 年），截止日当天仍可申请。",
    )
    filed_higher = _money("建档困难职工子女·高等教育（元）", "本科、专科。示例：5,000 元。")
    filed_high = _money("建档困难职工子女·高中（元）", "示例：3,000 元。")
    other_higher = _money("其他会员子女·高等教育（元）", "本科、专科。示例：4,000 元。")
    other_high = _money("其他会员子女·高中（元）", "示例：2,000 元。")
    exclusions = forms.CharField(
        label="不予资助的情形",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一条；申请人须逐条确认，委员会审核时核对。"
        "示例（天门市 2024 年）：军校、免费师范生、定向生、本年度已获资助。",
    )


class RoundForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    opens_on = forms.DateField(
        label="申请开始日期", required=False, widget=date_input(), help_text="不填按设置。"
    )
    closes_on = forms.DateField(
        label="申请截止日期", required=False, widget=date_input(), help_text="不填按设置。"
    )


class ApplyForm(StyledForm, forms.Form):
    """One child's application; ``exclusions`` are the union's, each a checkbox to tick
    when it applies (a ticked one is refused), and a confirmation that they were read."""

    child_name = forms.CharField(label="子女姓名", max_length=rules.CHILD_NAME_MAX)
    level = forms.ChoiceField(label="录取类别", choices=[("", "请选择"), *rules.Level.choices])
    school = forms.CharField(label="录取学校", max_length=rules.SCHOOL_MAX)
    proof = forms.FileField(
        label="录取通知书或学校证明",
        help_text=f"拍照或扫描：JPG、PNG 或 PDF，不超过 {MAX_BYTES // (1024 * 1024)} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": PROOF_ACCEPT}),
    )
    excluded = forms.MultipleChoiceField(
        label="子女属于以下情形的请勾选（属于的不予资助）",
        required=False,
        widget=ChecksWidget,
    )
    confirmed = forms.BooleanField(
        label="我已逐条核对，子女不属于上述不予资助的情形，所填信息属实", required=False
    )

    def __init__(self, *args, exclusions=(), **kwargs):
        super().__init__(*args, **kwargs)
        listed = list(exclusions)
        if listed:
            self.fields["excluded"].choices = [(x, x) for x in listed]
            self.fields["excluded"].widget.attrs["class"] = "form-check-input"
        else:
            del self.fields["excluded"]
            del self.fields["confirmed"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("excluded", [])
        data.setdefault("confirmed", True)
        return data


class ApplyForForm(ApplyForm):
    """The committee applies for a member (the member picker of the care flow)."""

    member = MemberField(label="申请会员", purpose="care")

    field_order = ["member"]

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class NoteForm(StyledForm, forms.Form):
    note = forms.CharField(label="审核意见", required=False, max_length=300)


class ReasonForm(StyledForm, forms.Form):
    reason = forms.CharField(label="不予资助的理由", max_length=300)
