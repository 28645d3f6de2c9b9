"""A union's congress settings (职代会设置). The first change creates the union's own row
from what it inherited (its ancestors' or rules.py's defaults); later changes update it.
Audited as "congress.settings"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import services as core_services
from gonghui.core.scoping import require
from gonghui.orgs.models import Union

from ..models import CongressSettings

RATIOS = (
    "quorum",
    "majority",
    "rep_min_share",
    "manager_max_share",
    "teacher_min_share",
    "election_surplus",
)
COUNTS = {"rep_min_count": (1, 1000), "notice_days": (0, 60), "cosigners": (0, 20)}
FIELDS = RATIOS + tuple(COUNTS)
STEP = Decimal("0.0001")


def _clean(field: str, value: Any):
    label = str(getattr(CongressSettings._meta.get_field(field), "verbose_name", field))
    if field in RATIOS:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError(f"{label}须为数字。") from None
        if not number.is_finite() or number <= 0 or number > 1:
            raise ValidationError(f"{label}应大于 0、不超过 1（如三分之二填 0.6667）。")
        # The column keeps 4 places; 2/3 arrives with 28 and is stored as 0.6667, which
        # queries.composition.share_fraction reads back as 2/3.
        return number.quantize(STEP)
    low, high = COUNTS[field]
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数。") from None
    if not low <= count <= high:
        raise ValidationError(f"{label}应在 {low} 到 {high} 之间。")
    return count


@transaction.atomic
def congress_settings_update(*, actor, union: Union, **fields: Any) -> CongressSettings:
    """Change the union's congress rules (congress.manage). Unnamed fields keep their value."""
    require(actor, "congress.manage", union=union)
    if union.is_federation:
        raise ValidationError("职代会设置属于基层工会。")
    return core_services.union_settings_save(
        actor=actor,
        perm="congress.manage",
        model=CongressSettings,
        union=union,
        fields=fields,
        allowed=FIELDS,
        clean=_clean,
        action="congress.settings",
        # rules.py keeps 2/3 exactly; the column keeps 4 places.
        copy=lambda f, v: Decimal(v).quantize(STEP) if f in RATIOS else v,
    )
