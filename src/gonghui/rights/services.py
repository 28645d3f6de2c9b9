"""Writes of the 维权 app shared by its parts: the union's settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import services as core_services
from gonghui.core.scoping import require
from gonghui.orgs.models import Union

from . import queries
from .models import RightsSettings

RULES = "rights.rules"
# field: (label, lowest, highest)
SETTING_LIMITS: dict[str, tuple[str, int, int]] = {
    "offer_reply_days": ("要约答复期限", 1, 60),
    "seat_refill_days": ("协商代表补缺期限", 1, 60),
    "submit_days": ("报送审查期限", 1, 60),
    "review_days": ("审查期限", 1, 60),
    "publish_days": ("生效后公布期限", 1, 60),
    "renewal_months": ("续签提醒", 1, 12),
    "performance_report_months": ("履约检查报告间隔", 1, 24),
    "openness_due_day": ("按月公开截止日", 1, 28),
    "mediation_days": ("调解期限", 1, 60),
}


def _clean_setting(field: str, value: Any) -> int:
    label, low, high = SETTING_LIMITS[field]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数。") from None
    if not low <= number <= high:
        raise ValidationError(f"{label}应在 {low} 到 {high} 之间。")
    return number


@transaction.atomic
def rights_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> RightsSettings:
    """The union's legal-clock settings (its own row from then on; the unions beneath it
    that have none of their own follow)."""
    require(actor, RULES, union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm=RULES,
        model=RightsSettings,
        union=union,
        fields=fields,
        allowed=tuple(SETTING_LIMITS),
        clean=_clean_setting,
        action="rights.settings",
        source=queries.settings_for,
    )
