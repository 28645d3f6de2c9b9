from django import forms

from gonghui.core import uploads
from gonghui.core.forms import StyledForm
from gonghui.core.masks import mask_id, mask_mobile
from gonghui.orgs.models import Member, Sex, Union, UnionGroup

from .choices import Employment
from .models import JoinApplication

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(StyledForm, forms.ModelForm):
    """The committee's form for one record. Shape only: the ID check, the cross-checks and
    uniqueness are the service's (members.validation)."""

    class Meta:
        model = Member
        fields = [
            "name",
            "sex",
            "id_type",
            "id_number",
            "birth_date",
            "mobile",
            "ethnicity",
            "education",
            "political_status",
            "group",
            "department",
            "post",
            "employment",
            "is_frontline",
            "is_manager",
            "is_teacher",
            "joined_on",
            "card_number",
        ]
        widgets = {"birth_date": DATE, "joined_on": DATE}
        help_texts = {
            "id_number": "居民身份证会校验第 18 位，并核对出生日期和性别。",
            "birth_date": "填了身份证号可不填，自动取证件中的日期。",
        }

    # Editing shows these masked, like every other page: the form field starts empty and
    # an empty field keeps the stored number, so opening the form reveals nothing.
    MASKED = {"id_number": mask_id, "mobile": mask_mobile}

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["sex"].required = False
        self.fields["sex"].help_text = "填了身份证号可不填。"
        self.fields["sex"].choices = [("", "按身份证号"), *list(Sex.choices)]
        for name, mask in self.MASKED.items():
            stored = getattr(self.instance, name, "")
            if stored:
                self.initial[name] = ""
                self.fields[
                    name
                ].help_text = f"当前号码：{mask(stored)}。不修改请留空；要更正时输入完整的新号码。"

    def _post_clean(self):
        # Model validation (unique constraints with their messages, choices) runs in the
        # service, which reports problems per field; the form stays an input shape.
        pass

    def profile(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        for name in self.MASKED:
            if not data[name] and getattr(self.instance, name, ""):
                del data[name]
        return data


class ApplicationForm(StyledForm, forms.ModelForm):
    """入会申请, phone-sized: what the committee needs to decide, nothing more."""

    agree = forms.BooleanField(
        label="我自愿加入中国工会，承认《中国工会章程》，履行会员义务，按期缴纳会费。",
        required=True,
        error_messages={"required": "请确认入会声明。"},
    )

    class Meta:
        model = JoinApplication
        fields = [
            "name",
            "sex",
            "id_type",
            "id_number",
            "mobile",
            "ethnicity",
            "education",
            "political_status",
            "department",
            "post",
            "employment",
            "statement",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False
        self.fields["sex"].choices = [("", "按身份证号"), *list(Sex.choices)]
        self.fields["id_number"].widget.attrs.update(inputmode="text", autocomplete="off")
        self.fields["mobile"].widget.attrs.update(inputmode="tel", autocomplete="tel")

    def _post_clean(self):
        pass

    def values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class ApproveForm(StyledForm, forms.Form):
    joined_on = forms.DateField(label="入会时间", widget=DATE)
    group = forms.ModelChoiceField(label="工会小组", queryset=None, required=False)
    card_number = forms.CharField(label="会员证号", max_length=30, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class RejectForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="不批准的理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(StyledForm, forms.Form):
    on = forms.DateField(label="转会日期", widget=DATE)
    to_union = forms.ModelChoiceField(
        label="转入本系统内的工会", queryset=Union.objects.none(), required=False
    )
    to_name = forms.CharField(
        label="或：转往系统外单位的工会（将开具转会介绍信）", max_length=100, required=False
    )
    reason = forms.CharField(label="原因", max_length=300, required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"].queryset = targets

    def clean(self):
        data = super().clean()
        if bool(data.get("to_union")) == bool(data.get("to_name", "").strip()):
            raise forms.ValidationError("请在“本系统内的工会”和“系统外单位”中选填一项。")
        return data


class DatedForm(StyledForm, forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class LeaveForm(StyledForm, forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    removal = forms.TypedChoiceField(
        label="类型",
        choices=[("0", "离会（本人申请）"), ("1", "除名（委员会决定）")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label="原因", max_length=300)


class DeathForm(StyledForm, forms.Form):
    on = forms.DateField(label="去世日期", widget=DATE)
    reason = forms.CharField(label="说明", max_length=300, required=False)


ROSTER_UPLOAD = uploads.kind(
    "roster",
    suffixes=(".xlsx", ".xlsm", ".xls", ".ods"),
    accept="Excel 文件（.xlsx、.xls）或 .ods 文件",
)


class ImportForm(StyledForm, forms.Form):
    file = uploads.UploadField(ROSTER_UPLOAD, label="花名册文件（.xlsx / .xls / .ods）")


class RosterFilterForm(StyledForm, forms.Form):
    """Only renders the filter controls; RosterFilter.from_query reads the values."""

    q = forms.CharField(label="搜索", required=False)
    group = forms.ModelChoiceField(
        label="小组", queryset=UnionGroup.objects.none(), required=False, empty_label="全部小组"
    )
    status = forms.ChoiceField(label="状态", required=False)
    sex = forms.ChoiceField(
        label="性别", choices=[("", "性别"), *list(Sex.choices)], required=False
    )
    flag = forms.ChoiceField(
        label="身份",
        required=False,
        choices=[
            ("", "身份"),
            ("frontline", "一线职工"),
            ("manager", "中层及以上"),
            ("teacher", "教师"),
        ],
    )
    employment = forms.ChoiceField(
        label="用工形式", choices=[("", "用工形式"), *list(Employment.choices)], required=False
    )
    age = forms.ChoiceField(label="年龄段", required=False)
    joined = forms.IntegerField(label="入会年份", required=False, min_value=1950, max_value=2100)

    def __init__(self, *args, groups, **kwargs):
        from gonghui.orgs.models import MemberStatus

        from .rules import AGE_BANDS

        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["status"].choices = [
            ("current", "在会（含退休）"),
            ("all", "全部状态"),
            *list(MemberStatus.choices),
        ]
        self.fields["age"].choices = [("", "年龄段")] + [(k, v[0]) for k, v in AGE_BANDS.items()]
        self.fields["q"].widget.attrs.update(
            placeholder="姓名、拼音或首字母、手机/证件后四位", autocomplete="off", type="search"
        )
        self.fields["joined"].widget.attrs.update(placeholder="入会年份")
