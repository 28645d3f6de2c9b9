"""Forms of one's own account: 修改密码 and the password confirmation of ``core.sudo``.
Django's own password forms and validators, their labels and messages in Chinese (Django's
zh-hans translation, LANGUAGE_CODE)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms

from .forms import StyledForm


class PasswordChangeForm(StyledForm, auth_forms.PasswordChangeForm):
    """旧密码, 新密码 twice; the validators of AUTH_PASSWORD_VALIDATORS check the new one.
    The view saves through ``services.user_set_password``, not ``save()``."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "当前密码不正确，请重新输入。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


class SetPasswordForm(StyledForm, auth_forms.SetPasswordForm):
    """A new password twice, for the e-mailed reset link (core.views_password)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"


class ConfirmPasswordForm(StyledForm, forms.Form):
    sudo_password = forms.CharField(
        label="您的登录密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "请输入您的登录密码。"},
    )
