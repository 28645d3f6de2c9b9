"""Input shapes of the plan pages. Business rules live in ``plans.services``."""

from __future__ import annotations

from django import forms

from gonghui.core import metrics, uploads
from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField

from . import links
from .models import ItemStatus, Op, OwnerRole

MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]
# The recurrences union plans use; any other RFC 5545 rule can be typed in 自定义.
REPEAT_CHOICES = [
    ("", "不重复"),
    ("FREQ=DAILY", "每天"),
    ("FREQ=WEEKLY", "每周"),
    *[
        (f"FREQ=WEEKLY;BYDAY={d}", f"每周{c}")
        for d, c in zip(("MO", "TU", "WE", "TH", "FR"), "一二三四五", strict=True)
    ],
    ("FREQ=WEEKLY;INTERVAL=2", "每两周"),
    ("FREQ=MONTHLY", "每月"),
    ("FREQ=MONTHLY;INTERVAL=2", "每两个月"),
    ("FREQ=MONTHLY;INTERVAL=3", "每季度"),
    ("FREQ=YEARLY;BYMONTH=3,9", "每学期（3月、9月）"),
    ("FREQ=YEARLY;BYMONTH=9", "每学年（9月）"),
    ("custom", "自定义规则……"),
]
PRESETS = {value for value, _ in REPEAT_CHOICES}


class PlanForm(StyledForm, forms.Form):
    title = forms.CharField(label="标题", max_length=200, required=False)
    guiding_idea = forms.CharField(
        label="指导思想", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class NewPlanForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="标题",
        max_length=200,
        required=False,
        help_text="留空则为“工会名称＋年度＋年工作计划”。",
    )


class CopyForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="新计划的年度", min_value=2000, max_value=2100)


class ItemForm(StyledForm, forms.Form):
    section = forms.ModelChoiceField(label="所属部分", queryset=None, required=False)
    number = forms.CharField(
        label="编号", max_length=16, required=False, help_text="如 1、 或 （一）"
    )
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))
    months = forms.TypedMultipleChoiceField(
        label="月份",
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "months"}),
    )
    due = forms.DateField(label="完成期限", required=False, widget=date_input())
    repeat = forms.ChoiceField(label="重复", choices=REPEAT_CHOICES, required=False)
    rrule = forms.CharField(
        label="自定义规则（RRULE）",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=dict(placeholder="如 FREQ=WEEKLY;INTERVAL=2;BYDAY=FR")),
    )
    in_schedule = forms.BooleanField(label="列入月度工作安排表", required=False)
    owner_role = forms.ChoiceField(
        label="责任人（职务）", choices=[("", "不指定"), *OwnerRole.choices], required=False
    )
    owner = MemberField(label="责任人（具体人员）", purpose="plan", required=False)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, plan, **kwargs):
        initial = kwargs.get("initial") or {}
        rule = initial.get("rrule", "")
        if rule and rule not in PRESETS:
            initial["repeat"] = "custom"
        elif rule:
            initial["repeat"], initial["rrule"] = rule, ""
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.order_by("order")
        self.fields["owner"].for_union(plan.union)
        # Checkboxes read better without the form-control class StyledForm gives them.
        self.fields["months"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        repeat = data.get("repeat") or ""
        data["rrule"] = data.get("rrule", "").strip() if repeat == "custom" else repeat
        if repeat == "custom" and not data["rrule"]:
            self.add_error("rrule", "选择了自定义，请填写重复规则。")
        return data


class StatusForm(StyledForm, forms.Form):
    status = forms.ChoiceField(
        label="状态", choices=[("", "按落实记录自动判断"), *ItemStatus.choices], required=False
    )
    done_on = forms.DateField(label="完成日期", required=False, widget=date_input())
    reason = forms.CharField(
        label="理由",
        max_length=300,
        required=False,
        help_text="手动设置未开始、进行中、已取消须写明理由。",
    )
    notes = forms.CharField(
        label="备注",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="年度工作总结在未完成的事项后写明备注（原因）。",
    )


class TargetForm(StyledForm, forms.Form):
    metric = forms.ChoiceField(label="指标", required=False)
    op = forms.ChoiceField(label="比较", choices=Op.choices, initial=Op.GE)
    value = forms.DecimalField(label="目标值", max_digits=14, decimal_places=2)
    unit = forms.CharField(label="单位", max_length=8, required=False)
    text = forms.CharField(
        label="原文",
        max_length=200,
        required=False,
        help_text="计划中的原话，如“发展新会员300人”。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", "不关联指标（只记录目标）"), *metrics.choices()]


class LinkForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label="记录类型")
    record = forms.CharField(label="记录", widget=forms.Select)

    def __init__(self, *args, union, year, kind_key="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *[(k.key, k.label) for k in links.KINDS]]
        options = links.kind(kind_key).options(union, year) if kind_key else []
        self.fields["record"].widget.choices = [("", "请选择"), *options]


PLAN_UPLOAD = uploads.kind(
    "plan",
    suffixes=(".docx", ".txt"),
    accept=".docx 或 .txt 文件",
    too_big="请只保留计划正文后再上传。",
)


class ImportForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="计划年度", min_value=2000, max_value=2100)
    file = uploads.UploadField(PLAN_UPLOAD, label="上传文件（.docx 或 .txt）", required=False)
    text = forms.CharField(
        label="或粘贴计划全文",
        required=False,
        widget=forms.Textarea(attrs=dict(rows=12, placeholder="一、……\n1、……\n三月份：……")),
    )
    replace = forms.BooleanField(
        label="替换该年度现有计划（仅限尚未开始落实的计划）", required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传 .docx / .txt 文件，或把计划全文粘贴到文本框中。")
        return data


class SectionForm(StyledForm, forms.Form):
    number = forms.CharField(label="编号", max_length=16, required=False, help_text="如 一、二、三")
    title = forms.CharField(label="标题", max_length=300)
