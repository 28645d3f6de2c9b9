"""生日会 plugged in: the audit action of the gift and its Chinese field labels. Called once
from ``ActivitiesConfig.ready``."""

from __future__ import annotations

AUDIT_ACTIONS = {"activities.birthday_gift": "生日会发放生日慰问（凭证草稿）"}


def connect(area: str) -> None:
    from gonghui.core import audit

    audit.register_actions(AUDIT_ACTIONS, area=area)
