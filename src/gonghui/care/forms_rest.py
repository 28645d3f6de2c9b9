"""The 疗休养 forms. Money is typed as text and checked by the services (a Chinese message
next to the field); members are chosen with the picker of the care flow (``care.change``)."""

from __future__ import annotations

from django import forms

from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField

from . import rules_rest as rules
from .forms import _money

REASON_HELP = "记入审计日志；请勿填写病情等个人敏感信息。"


class RestSettingsForm(StyledForm, forms.Form):
    categories = forms.CharField(
        label="优先类别及权重",
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text="每行“类别名称 权重”，如“劳动模范 3”；涉及健康的在行末加“不公示”，"
        "公示时只显示“优先照顾”。权重无统一规定，是本会的安排。",
    )
    frontline_category = forms.CharField(
        label="档案中“一线职工”计入的类别",
        required=False,
        max_length=rules.NAME_MAX,
        help_text="会员档案中勾选了“一线职工”的自动计入；不填则不自动计入。",
    )
    retiring_category = forms.CharField(
        label="“即将退休”计入的类别",
        required=False,
        max_length=rules.NAME_MAX,
        help_text="按出生日期、性别和下面的退休年龄自动判断；不填则不自动计入。",
    )
    retire_age_male = forms.IntegerField(label="男职工退休年龄", min_value=40, max_value=70)
    retire_age_female = forms.IntegerField(
        label="女职工退休年龄",
        min_value=40,
        max_value=70,
        help_text=f"示例：男 60、女 55（{rules.RETIRE_SOURCE}），请按本单位实际修改。",
    )
    retiring_years = forms.IntegerField(
        label="即将退休：疗休养开始后几年内退休", min_value=0, max_value=10
    )
    cap_day = _money(
        "每人每天上限（元）", "示例：衢州 2021 年 600 元；马工发〔2026〕4号为 400 元。"
    )
    max_days = forms.IntegerField(
        label="每次最多天数",
        min_value=1,
        max_value=30,
        help_text="示例：衢州 2021 年省内 5 天；马工发〔2026〕4号为 1–2 天。",
    )
    cap_year = _money("每人每年上限（元）", "示例：衢州 2021 年 3,000 元。")
    basis = forms.CharField(
        label="标准依据", max_length=200, help_text="超过标准时提示的文件名称和文号。"
    )


class RoundForm(StyledForm, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(
        label="批次名称", max_length=60, help_text="如“2026年暑期疗休养（第一批）”。"
    )
    base = forms.CharField(label="疗休养基地", max_length=100)
    base_listed = forms.BooleanField(
        label="该基地在上级工会公布的疗休养基地名录内（含“皖美民宿”）", required=False
    )
    procurement_ref = forms.CharField(
        label="采购程序",
        max_length=200,
        help_text="采购编号、比选或委员会会议纪要等，依规履行采购程序。",
    )
    starts_on = forms.DateField(label="开始日期", widget=date_input())
    days = forms.IntegerField(label="天数", min_value=1, max_value=30)
    places = forms.IntegerField(label="名额（人）", min_value=1, max_value=10000)
    cost_per_day = _money("每人每天费用（元）", "含住宿、餐饮、交通等，不得发放现金。")
    dues_until = forms.DateField(
        label="会费缴至",
        required=False,
        widget=date_input(),
        help_text="此日前应缴的会费已缴清的在职会员方可参加；不填为上月底。",
    )


class AddForm(StyledForm, forms.Form):
    member = MemberField(label="增补会员", purpose="care")
    reason = forms.CharField(label="增补理由", max_length=300, help_text=REASON_HELP)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)


class ReasonForm(StyledForm, forms.Form):
    reason = forms.CharField(label="理由", max_length=300, help_text=REASON_HELP)


class DeclineForm(StyledForm, forms.Form):
    reason = forms.CharField(label="放弃原因", max_length=300, required=False)


class PayForm(StyledForm, forms.Form):
    insured = forms.BooleanField(label="已为参加人员购买人身意外险", required=False)
    date = forms.DateField(label="凭证日期", required=False, widget=date_input())


class TagForm(StyledForm, forms.Form):
    member = MemberField(label="会员", purpose="care")
    category = forms.ChoiceField(label="优先类别")
    year = forms.IntegerField(label="认定年度", min_value=1950, max_value=2100)
    reason = forms.CharField(
        label="依据或说明",
        max_length=200,
        required=False,
        help_text="如“2024年省劳动模范”；请勿填写病情。",
    )

    def __init__(self, *args, union, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_union(union)
        self.fields["category"].choices = [("", "请选择"), *((c, c) for c in categories)]
