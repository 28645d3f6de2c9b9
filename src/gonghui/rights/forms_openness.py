"""The 厂务公开 forms. The evidence file is checked at the edge (size, and its type by its
first bytes, as the attachment store decides it) before the service stores it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledForm, date_input
from gonghui.finance.attachments import MAX_BYTES, sniff

from . import queries_openness as queries
from .models_openness import OpennessChannel, OpennessSchedule

FILE_ACCEPT = "image/jpeg,image/png,application/pdf"


class CategoryForm(StyledForm, forms.Form):
    name = forms.CharField(label="类别名称", max_length=40, help_text="如：财务、职工切身利益")
    examples = forms.CharField(
        label="公开事项示例", max_length=300, required=False, help_text="这一类要公开哪些事项。"
    )
    schedule = forms.ChoiceField(label="公开周期", choices=OpennessSchedule.choices)
    event_days = forms.IntegerField(
        label="事项发生后几天内公开",
        min_value=1,
        max_value=90,
        initial=7,
        help_text="只对“随时”公开的类别有效。示例 7 天，未找到统一规定，按本单位规定填写。",
    )
    counts_from = forms.DateField(
        label="纳入考核起始日期",
        required=False,
        widget=date_input(),
        help_text="在此日期之前开始的期间不计为应公开（不填：今天）。",
    )


class PublicationForm(StyledForm, forms.Form):
    category = forms.ModelChoiceField(label="公开类别", queryset=None, empty_label="请选择")
    period = forms.ChoiceField(
        label="所属期间",
        required=False,
        help_text="按月、按季度或按年公开的类别选所属期间；随时公开的类别填事项发生日期。",
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    event_on = forms.DateField(label="事项发生日期", required=False, widget=date_input())
    title = forms.CharField(
        label="公开事项", max_length=120, help_text="如：10月份工资奖金发放情况"
    )
    content = forms.CharField(
        label="公开内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published_on = forms.DateField(label="公开日期", widget=date_input())
    channel = forms.ChoiceField(label="公开形式", choices=OpennessChannel.choices)
    channel_note = forms.CharField(
        label="公开地点或说明", max_length=100, required=False, help_text="如：办公楼一楼公开栏"
    )
    sitting = forms.ModelChoiceField(
        label="职代会会次（向职代会公开时选）",
        queryset=None,
        required=False,
        empty_label="不是向职代会公开",
    )
    evidence = forms.FileField(
        label="佐证照片或文件（可不传）",
        required=False,
        help_text=f"公开栏照片、会议材料等：JPG、PNG 或 PDF，不超过 {MAX_BYTES // (1024 * 1024)} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )

    def __init__(self, *args, union, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("year", today.year)
        kwargs["initial"].setdefault("published_on", today)
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = queries.categories(union, live_only=True)
        self.fields["sitting"].queryset = queries.sittings_of(union)
        self.fields["period"].choices = [
            ("", "请选择"),
            ("月份", [(f"m{m}", f"{m}月") for m in range(1, 13)]),
            ("季度", [(f"q{q}", f"第{'一二三四'[q - 1]}季度") for q in range(1, 5)]),
            ("全年", [("y", "全年")]),
        ]

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"文件不能超过 {MAX_BYTES // (1024 * 1024)} MB，请压缩图片后再传。"
            )
        head = upload.read(16)
        upload.seek(0)
        if sniff(head) is None:
            raise forms.ValidationError("只能上传 JPG、PNG 图片或 PDF 文件（按文件内容识别）。")
        return upload

    def clean(self):
        data = super().clean()
        category = data.get("category")
        raw = data.get("period") or ""
        data["period_number"] = None
        if category is None or category.schedule == OpennessSchedule.EVENT:
            return data
        wanted = {"monthly": "m", "quarterly": "q", "yearly": "y"}[category.schedule]
        if not raw:
            self.add_error("period", "请选择所属期间。")
        elif raw[0] != wanted:
            self.add_error(
                "period",
                f"“{category.name}”是{category.get_schedule_display()}公开的类别，请选择相应的期间。",
            )
        else:
            data["period_number"] = int(raw[1:] or 0)
        return data


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="撤回原因", max_length=200, help_text="如：期间登记错了，已重新登记"
    )


class QuestionForm(StyledForm, forms.Form):
    text = forms.CharField(
        label="我的问题",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="其他会员只能看到已答复的问题，看不到提问人姓名。",
    )


class AnswerForm(StyledForm, forms.Form):
    answer = forms.CharField(
        label="答复", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PollForm(StyledForm, forms.Form):
    sitting = forms.ModelChoiceField(label="职代会会次", queryset=None, empty_label="请选择")
    on_paper = forms.BooleanField(label="纸质测评票（会场发票、计票后录入）", required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = queries.open_sittings(union)
