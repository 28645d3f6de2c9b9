"""工资总额: the employer's monthly payroll, from which the 2% remittance it owes the union
is computed (《工会法》第四十三条). A figure is a report from the payroll office, not a
posting, so it may be corrected; each change is an audit entry with the old and new value.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.orgs.models import Union

from ..models import PayrollMonth
from ..money import parse_amount


@transaction.atomic
def payroll_record(*, actor, union: Union, year: int, amounts: dict[int, object]) -> int:
    """Set the payroll of the months given (1–12 → amount; blank or None removes the
    month's figure). Returns how many months changed. All months or none: one bad figure
    and nothing is written."""
    scoping.require(actor, "finance.change", union=union)
    if union.is_federation:
        raise ValidationError("工资总额由基层工会登记。")
    this_month = timezone.localdate().replace(day=1)
    parsed: dict[int, Decimal | None] = {}  # None: remove the month's figure
    problems = []
    for month, value in sorted(amounts.items()):
        first = datetime.date(year, month, 1)
        if value in (None, ""):
            parsed[month] = None
            continue
        if first > this_month:
            problems.append(f"{month}月还没有到，不能登记工资总额。")
            continue
        try:
            parsed[month] = parse_amount(value, label=f"{month}月工资总额", allow_zero=True)
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)
    existing = {
        p.month.month: p for p in PayrollMonth.objects.filter(union=union, month__year=year)
    }
    changed = 0
    for month, amount in parsed.items():
        row = existing.get(month)
        if amount is None:
            if row is not None:
                audit.record(
                    actor=actor,
                    action="payroll.record",
                    obj=row,
                    changes={"amount": [str(row.amount), None]},
                )
                row.delete()
                changed += 1
            continue
        if row is None:
            row = PayrollMonth(union=union, month=datetime.date(year, month, 1), amount=amount)
            before = None
        elif row.amount == amount:
            continue
        else:
            before = audit.snapshot(row)
            row.amount = amount
        row.recorded_by = scoping.person(actor)
        row.save()
        audit.record(actor=actor, action="payroll.record", obj=row, before=before)
        changed += 1
    return changed
