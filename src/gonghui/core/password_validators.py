"""Django's password validators, with the one message its zh-hans catalogue lacks.

Django 5.2 rewrote MinimumLengthValidator's error as "…at least %d characters." and the
shipped zh_Hans translation still has only the older "%(min_length)d" wording, so that one
message came out in English on the 修改密码 page. The other validators' messages and all
help texts are translated by Django itself (checked by tests/core/test_accounts.py)."""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"
