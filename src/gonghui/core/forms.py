import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from .backends import one_time_password_expires
from .models import Role, User, mobile_validator
from .text import clean_text


def date_input() -> forms.DateInput:
    """A date field's widget: the browser's date picker, filled in with ISO dates (an
    <input type="date"> shows nothing else)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _cleaning(field: forms.CharField) -> None:
    """Make ``field`` clean what is typed with ``core.text.clean_text`` before anything
    else sees it (its own cleaning, ``max_length``, validators, ``clean_<name>``): a
    textarea keeps tab and line breaks, a one-line field loses them too. Passwords are
    left as typed."""
    if isinstance(field.widget, forms.PasswordInput) or getattr(field, "_text_cleaned", False):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    to_python = field.to_python

    def cleaned(value):
        if isinstance(value, str):
            value = clean_text(value, multiline=multiline)
        return to_python(value)

    field.to_python = cleaned  # type: ignore[method-assign]
    field._text_cleaned = True  # type: ignore[attr-defined]


class StyledForm:
    """Give every widget its Bootstrap class, so templates render fields in one loop, and
    clean every text field's input (``_cleaning``), fields a subclass adds in its
    ``__init__`` included: text from any form can go into a spreadsheet or a Word
    document."""

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                _cleaning(field)
        super().full_clean()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            # Django's "---------" for an empty choice reads as a glitch to a user.
            choices = getattr(field, "choices", None)
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                field.choices = [
                    ("", "请选择") if value == "" and label == "---------" else (value, label)
                    for value, label in choices
                ]
            elif isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
                field.empty_label = "请选择"


class LoginForm(StyledForm, AuthenticationForm):
    username = forms.CharField(label="用户名或手机号", max_length=150)
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "用户名/手机号或密码不正确。连续输错 5 次将锁定 30 分钟。",
        "inactive": "该账号已停用，请联系工会管理员。",
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        expires = one_time_password_expires(user)
        if expires is not None and expires < timezone.localdate():
            raise forms.ValidationError(
                f"您的一次性密码有效期至 {date_format(expires, 'Y年n月j日')}，已经过期，不能再用来登录。"
                "请联系本工会主席重新重置密码，领取新的登录通知单。",
                code="one_time_password_expired",
            )


class GrantForm(StyledForm, forms.Form):
    login = forms.CharField(label="账号（用户名或手机号）", max_length=150)
    role = forms.ChoiceField(label="角色")
    group = forms.ModelChoiceField(label="工会小组（仅小组长）", queryset=None, required=False)

    def __init__(self, *args, roles, groups, **kwargs):
        super().__init__(*args, **kwargs)
        # No default: granting 工会主席 by an unnoticed default would be a costly slip.
        self.fields["role"].choices = [("", "请选择角色"), *((r.value, r.label) for r in roles)]
        self.fields["group"].queryset = groups

    def clean_login(self):
        login = self.cleaned_data["login"].strip()
        user = (
            User.objects.filter(username=login).first() or User.objects.filter(mobile=login).first()
        )
        if user is None:
            raise forms.ValidationError("找不到这个账号，请先在下方新建账号。")
        return user

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.GROUP_LEADER and not data.get("group"):
            self.add_error("group", "授予小组长角色时必须选择工会小组。")
        return data


class AccountForm(StyledForm, forms.Form):
    username = forms.SlugField(label="用户名", max_length=150, help_text="字母、数字或短横线。")
    full_name = forms.CharField(label="姓名", max_length=50)
    mobile = forms.CharField(
        label="手机号", max_length=11, required=False, validators=[mobile_validator]
    )
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        min_length=8,
        help_text="至少 8 位，请告知本人登录后修改。",
    )

    def __init__(self, *args, union, **kwargs):
        # core sits below members: the picker field is imported when a form is made.
        from gonghui.members.picker import MemberField

        super().__init__(*args, **kwargs)
        self.fields["member"] = MemberField(
            label="对应会员（可选）", purpose="account", required=False
        )
        self.fields["member"].widget.attrs["class"] = "form-control"  # as StyledForm gives
        self.fields["member"].for_union(union)
        # The chair's choice is a one-time password: it expires like a reset's.
        days = settings.GONGHUI_ONE_TIME_PASSWORD_DAYS
        help_text = f"至少 8 位。请告知本人在 {days} 天内登录并修改，过期后须重置密码。"
        self.fields["password"].help_text = help_text

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError("该用户名已被使用，请换一个。")
        return username

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"] or None
        if mobile and User.objects.filter(mobile=mobile).exists():
            raise forms.ValidationError("该手机号已绑定其他账号。")
        return mobile


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form: next to the field it names when the
    form has that field, at the top of the form otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


class EmailForm(StyledForm, forms.Form):
    email = forms.EmailField(
        label="接收提醒的邮箱",
        required=False,
        max_length=254,
        error_messages={"invalid": "邮箱地址格式不正确。"},
        widget=forms.EmailInput(attrs=dict(placeholder="name@example.cn", autocomplete="email")),
    )


class AuditFilterForm(StyledForm, forms.Form):
    """The audit list's filter: 操作 (the registered actions, grouped by area of work), 操作人
    and a date range in local dates. Read from the query string, so a filtered list can be
    bookmarked and paged."""

    action = forms.ChoiceField(label="操作", required=False)
    who = forms.CharField(
        label="操作人",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "姓名或用户名"}),
    )
    since = forms.DateField(label="起始日期", required=False, widget=date_input())
    until = forms.DateField(label="截止日期", required=False, widget=date_input())

    def __init__(self, *args, **kwargs):
        from . import audit

        super().__init__(*args, **kwargs)
        areas: dict[str, list[tuple[str, str]]] = {}
        for action, label in sorted(audit.ACTIONS.items()):
            areas.setdefault(audit.AREAS.get(action, "其他"), []).append((action, label))
        self.fields["action"].choices = [("", "全部操作"), *areas.items()]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, entries):
        """``entries`` narrowed to what the form asks for (all of them if it is invalid)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if who := data["who"].strip():
            entries = entries.filter(
                Q(actor_label=who)
                | Q(actor__full_name__icontains=who)
                | Q(actor__username__icontains=who)
            )
        day = datetime.timedelta(days=1)
        if data["since"]:
            entries = entries.filter(at__gte=_local_midnight(data["since"]))
        if data["until"]:
            entries = entries.filter(at__lt=_local_midnight(data["until"] + day))
        return entries


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
