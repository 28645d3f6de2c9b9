"""A union's finance settings (财务设置). The first change creates the union's own row from
what it inherited; later changes update it. Audited as "finance.settings"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import scoping
from gonghui.core import services as core_services
from gonghui.orgs.models import Union

from ..models import APPROVER_ROLES, DuesRounding, FinanceSettings, WageItem
from ..queries.common import settings_for

FIELDS = (
    "dues_rate",
    "dues_rounding",
    "dues_items",
    "exempt_retired",
    "arrears_months",
    "funds_rate",
    "local_share",
    "approver_role",
    "budget_warn_ratio",
    "mutual_aid",
)
# The national rates are 0.5% (dues) and 2% (funds); anything above 5% is a typo of a
# percentage for a ratio (e.g. "2" meant as 2%), which would multiply every figure.
MAX_RATE = Decimal("0.05")


def _ratio(value, label: str, *, high: Decimal, places: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}须为数字。") from None
    if not number.is_finite():
        raise ValidationError(f"{label}须为数字。")
    if number < 0 or number > high:
        top = f"{(high * 100).normalize():f}%"
        raise ValidationError(f"{label}应在 0 到 {top} 之间。")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(f"{label}最多保留 {places} 位小数。")
    # Quantized as the column stores it, so the audit entry shows what the database holds.
    return number.quantize(Decimal(1).scaleb(-places))


def _clean(field: str, value: Any):
    label = str(getattr(FinanceSettings._meta.get_field(field), "verbose_name", field))
    if field in ("dues_rate", "funds_rate"):
        return _ratio(value, label, high=MAX_RATE, places=4)
    if field == "local_share":
        return _ratio(value, label, high=Decimal(1), places=4)
    if field == "budget_warn_ratio":
        return _ratio(value, label, high=Decimal(1), places=2)
    if field == "dues_rounding":
        if value not in DuesRounding.values:
            raise ValidationError("会费取整方式不正确。")
        return value
    if field == "approver_role":
        if value not in dict(APPROVER_ROLES):
            raise ValidationError("凭证审批角色只能是工会主席、工会委员或财务。")
        return value
    if field == "dues_items":
        items = list(value or [])
        wrong = [i for i in items if i not in WageItem.values]
        if wrong:
            raise ValidationError(f"不认识的工资项目：{'、'.join(map(str, wrong))}。")
        if not items:
            raise ValidationError("至少选择一项计入会费基数的工资项目。")
        return [i for i in WageItem.values if i in items]
    if field == "arrears_months":
        try:
            months = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{label}须为整数。") from None
        if not 1 <= months <= 24:
            raise ValidationError(f"{label}应在 1 到 24 之间。")
        return months
    return bool(value)


@transaction.atomic
def finance_settings_update(*, actor, union: Union, **fields: Any) -> FinanceSettings:
    """Change the union's settings (finance.rules). Unnamed fields keep their value; the
    first change copies the inherited values into the union's own row."""
    scoping.require(actor, "finance.rules", union=union)
    return core_services.union_settings_save(
        actor=actor,
        perm="finance.rules",
        model=FinanceSettings,
        union=union,
        fields=fields,
        allowed=FIELDS,
        clean=_clean,
        action="finance.settings",
        source=settings_for,  # the rules.py defaults include the counted wage items
    )
