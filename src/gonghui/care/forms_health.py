"""The 体检 forms. There is no free-text field about a person's health anywhere: a target is
marked done (with the kinds done) or not done with a reason from a fixed list. The 委托书's
type is decided by its first bytes in the file store (``finance.attachments``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gonghui.core.forms import StyledForm, date_input
from gonghui.finance.attachments import MAX_BYTES
from gonghui.members.picker import MembersField

from . import rules_health as rules
from .models_health import AbsentReason

FILE_ACCEPT = "image/jpeg,image/png,application/pdf"


class HealthSettingsForm(StyledForm, forms.Form):
    general_years = forms.IntegerField(
        label="常规体检间隔（年）",
        min_value=1,
        max_value=rules.MAX_YEARS,
        help_text="每名职工每几年体检一次。示例 1 年，无统一规定，按单位规定填写。",
    )
    screening_years = forms.IntegerField(
        label="女职工妇科/两癌筛查间隔（年）",
        min_value=1,
        max_value=rules.MAX_YEARS,
        help_text="示例 1 年。未找到统一规定，按单位或当地规定填写。",
    )
    screening_min_age = forms.IntegerField(
        label="妇科/两癌筛查起始年龄（岁）",
        min_value=0,
        max_value=rules.MAX_AGE,
        help_text="年满几岁的女职工列入筛查；0 表示不限年龄（示例）。",
    )
    include_retired = forms.BooleanField(
        label="退休会员也列入体检",
        required=False,
        help_text="离退休人员的福利按单位行政规定办理；单位委托中包括退休人员的才勾选。",
    )


class CampaignForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="活动名称", max_length=100, help_text="如：2026年教职工健康体检")
    provider = forms.CharField(label="体检机构", max_length=100, help_text="如：县人民医院体检中心")
    address = forms.CharField(label="体检地点", max_length=200, required=False)
    starts_on = forms.DateField(label="体检开始日期", widget=date_input())
    ends_on = forms.DateField(label="体检截止日期", widget=date_input())
    general = forms.BooleanField(label="常规体检（全体应检职工）", required=False, initial=True)
    screening = forms.BooleanField(label="妇科/两癌筛查（女职工）", required=False, initial=True)
    capacity = forms.IntegerField(
        label="每个时段名额（人）",
        min_value=1,
        max_value=2000,
        help_text="体检机构每个上午（或下午）能接待的人数。",
    )
    afternoon = forms.BooleanField(
        label="下午也可预约", required=False, help_text="常规体检多需空腹，一般只排上午。"
    )
    workdays_only = forms.BooleanField(
        label="只排工作日", required=False, initial=True, help_text="按国家法定节假日和调休计算。"
    )
    notice = forms.CharField(
        label="体检须知",
        max_length=300,
        required=False,
        help_text="会员在手机上看到，如：前一天晚上 8 点后禁食，带身份证。",
    )
    entrust_ref = forms.CharField(
        label="单位行政委托依据",
        max_length=200,
        help_text="委托函的名称或文号，如：关于委托校工会组织 2026 年教职工体检的函（校办〔2026〕12号）。",
    )
    entrust_file = forms.FileField(
        label="委托书扫描件（可不传）",
        required=False,
        help_text=f"JPG、PNG 或 PDF，不超过 {MAX_BYTES // (1024 * 1024)} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class TargetsForm(StyledForm, forms.Form):
    members = MembersField(
        label="添加职工或小组",
        purpose="care_campaign",
        required=False,
        help_text="不在应检名单中、但需要参加的职工（如新入职），可整组添加。",
    )

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].for_union(union)


class DoneForm(StyledForm, forms.Form):
    """已完成; ``kinds`` is sent when the page offered the kinds to tick (a target due for
    both), otherwise every kind due is taken as done."""

    done_on = forms.DateField(label="体检日期", required=False, widget=date_input())
    kinds = forms.BooleanField(required=False, widget=forms.HiddenInput)
    general = forms.BooleanField(label="常规体检", required=False)
    screening = forms.BooleanField(label="妇科/两癌筛查", required=False)

    def service_data(self) -> dict:
        data = self.cleaned_data
        out: dict = {"done_on": data.get("done_on")}
        if data.get("kinds"):
            out.update(general=data.get("general"), screening=data.get("screening"))
        return out


class AbsentForm(StyledForm, forms.Form):
    reason = forms.ChoiceField(label="未参加原因", choices=AbsentReason.choices)


class SlotForm(StyledForm, forms.Form):
    capacity = forms.IntegerField(label="名额", min_value=0, max_value=2000)
