"""Forms of the spending-rules and finance-settings pages. Shapes only; the services judge
the values (amounts to the fen, rates in range)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from gonghui.core.forms import StyledForm

from ..models import APPROVER_ROLES, Category, DuesRounding, WageItem

MONEY_WIDGET = forms.TextInput(attrs=dict(inputmode="decimal", placeholder="不限"))


class RuleForm(StyledForm, forms.Form):
    key = forms.SlugField(
        label="规则代码",
        max_length=40,
        help_text="小写英文，如 teacher-day；保存后不能修改。",
    )
    name = forms.CharField(label="名称", max_length=40)
    category = forms.ModelChoiceField(
        label="适用科目",
        queryset=Category.objects.none(),
        to_field_name="code",
        help_text="选一级科目（如 501 职工活动支出）时，对其下所有明细科目生效。",
    )
    cap_year = forms.CharField(label="每人每年上限（元）", required=False, widget=MONEY_WIDGET)
    cap_event = forms.CharField(label="每人每次上限（元）", required=False, widget=MONEY_WIDGET)
    cap_day = forms.CharField(label="每人每天上限（元）", required=False, widget=MONEY_WIDGET)
    times_year = forms.IntegerField(label="每人每年次数上限", required=False, min_value=0)
    winners_one_in = forms.IntegerField(
        label="获奖面：每 N 名参与者至多 1 人获奖",
        required=False,
        min_value=1,
        help_text="填 3 表示获奖人数不超过参与人数的三分之一。",
    )
    times_event_year = forms.IntegerField(
        label="同一事项每人每年次数上限",
        required=False,
        min_value=0,
        help_text="按事项计次，不按科目：如住院慰问同一病种每年 1 次，另一病种另计。"
        "事项取凭证的“事由”（或名单中每人写的事项）。",
    )
    times_ever = forms.IntegerField(
        label="每人累计次数上限（不分年度）",
        required=False,
        min_value=0,
        help_text="如退休慰问：每人只慰问 1 次。",
    )
    min_days = forms.IntegerField(
        label="天数须超过（天）",
        required=False,
        min_value=0,
        max_value=366,
        help_text="如住院慰问：住院超过 3 天方可慰问；凭证须填写天数。",
    )
    forbid_cash = forms.BooleanField(label="不得发放现金", required=False)
    forbid_card = forms.BooleanField(label="不得发放购物卡", required=False)
    forbid_union_funds = forms.BooleanField(
        label="不得使用工会经费列支",
        required=False,
        help_text="如职工体检：经费应由单位行政负担（皖工发〔2025〕18号 第17页，示例）。",
    )
    source = forms.CharField(
        label="依据",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="文件名称和条款，如 皖工发〔2025〕X 号 第 X 条。",
    )

    def __init__(self, *args, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(kind="expense").order_by("code")
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.code} {c.name}" if c.parent_id is None else f"　{c.code} {c.name}"
        )
        if not new:
            del self.fields["key"]

    def limits(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("key", None)
        return d


def _percent(value) -> Decimal:
    """'0.5' (per cent, as people say it) → Decimal('0.005')."""
    text = str(value or "").strip().removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError("请填写数字，如 0.5。") from None
    if not number.is_finite():
        raise forms.ValidationError("请填写数字，如 0.5。")
    return number / 100


class SettingsForm(StyledForm, forms.Form):
    """Percentages on screen (0.5 %), ratios in the database (0.005)."""

    dues_rate = forms.CharField(
        label="会费比例（%）",
        help_text="全总规定：会员每月按本人工资收入的 0.5% 交纳会费。",
    )
    dues_rounding = forms.ChoiceField(label="会费取整", choices=DuesRounding.choices)
    dues_items = forms.MultipleChoiceField(
        label="计入会费基数的工资项目",
        choices=WageItem.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="各地、各行业口径不同：机关、事业单位、企业请按本省规定勾选。",
    )
    exempt_retired = forms.BooleanField(label="退休会员免交会费", required=False)
    arrears_months = forms.IntegerField(
        label="连续欠缴提示月数",
        min_value=1,
        max_value=24,
        help_text="《中国工会章程》：无正当理由连续六个月不交会费视为自动退会（由委员会决定）。",
    )
    funds_rate = forms.CharField(
        label="经费拨缴比例（%）",
        help_text="《工会法》第四十三条：按全部职工工资总额的 2% 拨缴工会经费。",
    )
    local_share = forms.CharField(
        label="基层留成比例（%）",
        help_text="由省总工会规定，常见 60%，其余上解上级工会。",
    )
    approver_role = forms.ChoiceField(
        label="凭证审批角色",
        choices=APPROVER_ROLES,
        help_text="审批人不能审批自己填制或提交的凭证。",
    )
    budget_warn_ratio = forms.CharField(
        label="预算预警比例（%）",
        help_text="某项支出达到预算的这一比例时提示；超过 100% 须先调整预算。",
    )
    mutual_aid = forms.BooleanField(label="开办储金会/互助金", required=False)

    PERCENT_FIELDS = ("dues_rate", "funds_rate", "local_share", "budget_warn_ratio")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dues_items"].widget.attrs["class"] = "form-check-input"

    @classmethod
    def initial_from(cls, row) -> dict:
        data = {f: getattr(row, f) for f in cls.base_fields}
        for f in cls.PERCENT_FIELDS:
            data[f] = f"{(getattr(row, f) * 100).normalize():f}"
        return data

    def fields_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        for f in self.PERCENT_FIELDS:
            d[f] = _percent(d[f])
        return d

    def clean(self):
        data = super().clean()
        for f in self.PERCENT_FIELDS:
            if f in data:
                try:
                    _percent(data[f])
                except forms.ValidationError as exc:
                    self.add_error(f, exc)
        return data
