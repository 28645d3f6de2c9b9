"""The 劳动保护 forms. Inspectors and the injured are chosen with the member picker
(``members.picker``, purpose ``rights_safety``); a photo's type is decided by its first bytes
in the file store (``finance.attachments``)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledForm, date_input
from gonghui.finance.attachments import MAX_BYTES
from gonghui.members.picker import MembersField

from . import rules_safety as rules
from .models_safety import (
    AccidentSeverity,
    HazardFactor,
    InjuryRecognition,
    InspectionKind,
    RiskLevel,
)

PHOTO_ACCEPT = "image/jpeg,image/png,application/pdf"
PURPOSE = "rights_safety"


def _photo(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=f"可用手机直接拍照；JPG、PNG 或 PDF，不超过 {MAX_BYTES // (1024 * 1024)} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )


class InspectionForm(StyledForm, forms.Form):
    held_on = forms.DateField(label="检查日期", widget=date_input())
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    places = forms.CharField(
        label="检查部位", max_length=200, help_text="车间、场所或部位，如：一车间冲压线、仓库"
    )
    inspectors = MembersField(label="检查人员（会员）", purpose=PURPOSE, required=False)
    outside_inspectors = forms.CharField(
        label="其他检查人员",
        max_length=200,
        required=False,
        help_text="单位安全管理人员等非会员，填写姓名，用顿号分隔。",
    )
    summary = forms.CharField(
        label="检查情况", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, union, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].for_union(union)


class HazardForm(StyledForm, forms.Form):
    location = forms.CharField(label="岗位/部位", max_length=100)
    description = forms.CharField(
        label="隐患描述", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    level = forms.ChoiceField(
        label="隐患等级",
        choices=RiskLevel.choices,
        initial=RiskLevel.GENERAL,
        help_text="依据《安全生产事故隐患排查治理暂行规定》分为一般、重大；“较大”为部分地方分级管控的示例。",
    )
    photo = _photo("隐患照片")
    owner = forms.CharField(label="整改责任人（单位方面）", max_length=50)
    owner_dept = forms.CharField(label="责任部门", max_length=100, required=False)
    deadline = forms.DateField(label="整改期限", widget=date_input())
    found_on = forms.DateField(
        label="发现日期", required=False, widget=date_input(), help_text="不填即检查当天。"
    )

    def __init__(self, *args, inspection=None, **kwargs):
        if inspection is not None:
            start = max(inspection.held_on, timezone.localdate())
            kwargs.setdefault(
                "initial",
                {"deadline": start + datetime.timedelta(days=rules.DEFAULT_DEADLINE_DAYS)},
            )
        super().__init__(*args, **kwargs)


class RectifyForm(StyledForm, forms.Form):
    rectified_on = forms.DateField(label="整改完成日期", widget=date_input())
    measure = forms.CharField(
        label="整改措施", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = _photo("整改后照片")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"rectified_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RecheckForm(StyledForm, forms.Form):
    checked_on = forms.DateField(label="复查日期", widget=date_input())
    checked_by = forms.CharField(label="复查人", max_length=100)
    passed = forms.TypedChoiceField(
        label="复查结论",
        choices=(("1", "通过，销号"), ("0", "未通过，继续整改")),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    new_deadline = forms.DateField(
        label="新的整改期限", required=False, widget=date_input(), help_text="复查未通过时填写。"
    )
    note = forms.CharField(label="复查意见", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"checked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EscalateForm(StyledForm, forms.Form):
    escalated_on = forms.DateField(label="报告日期", widget=date_input())
    escalated_to = forms.CharField(
        label="报告对象", max_length=100, help_text="如：单位主要负责人、上级工会、应急管理部门"
    )


class HazardPostForm(StyledForm, forms.Form):
    workshop = forms.CharField(label="车间/部门", max_length=100, required=False)
    name = forms.CharField(label="岗位", max_length=100)
    factors = forms.MultipleChoiceField(
        label="职业病危害因素",
        choices=HazardFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="分类见《职业病危害因素分类目录》。",
    )
    factors_other = forms.CharField(
        label="其他危害因素（具体名称）", max_length=100, required=False
    )
    workers = forms.IntegerField(label="接触人数", min_value=0, max_value=100000)
    measures = forms.CharField(
        label="防护措施", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    last_check_on = forms.DateField(
        label="最近职业健康检查日期", required=False, widget=date_input()
    )


class AccidentForm(StyledForm, forms.Form):
    occurred_on = forms.DateField(label="事故日期", widget=date_input())
    place = forms.CharField(label="地点", max_length=100)
    injured = MembersField(label="受伤人员（会员）", purpose=PURPOSE, required=False)
    severity = forms.ChoiceField(
        label="伤害程度",
        choices=AccidentSeverity.choices,
        help_text="按《企业职工伤亡事故分类》GB 6441-86。",
    )
    description = forms.CharField(
        label="事故经过", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    cause = forms.CharField(
        label="原因", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measures = forms.CharField(
        label="防范措施", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recognition = forms.ChoiceField(label="工伤认定", choices=InjuryRecognition.choices)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["injured"].for_union(union)


class RecognitionForm(StyledForm, forms.Form):
    recognition = forms.ChoiceField(label="工伤认定", choices=InjuryRecognition.choices)


class AnkangForm(StyledForm, forms.Form):
    group = forms.ChoiceField(label="参赛小组")
    score = forms.DecimalField(
        label="得分", required=False, min_value=0, max_value=1000, max_digits=5, decimal_places=1
    )
    result = forms.CharField(label="竞赛成绩/评价", max_length=200, required=False)
    award = forms.CharField(
        label="获奖", max_length=100, required=False, help_text="如：安康杯优胜班组"
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "请选择")] + [(str(g.pk), g.name) for g in groups]
