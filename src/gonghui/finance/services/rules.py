"""Spending rules (开支标准): a union's own rows over the ones it inherits.

A union (or its federation, for the whole district) changes a rule by saving its own row
with the same key; disabling writes an inactive own row; resetting deletes the own row so
the inherited rule applies again. The platform's rows are examples, never changed here.
Every change needs ``finance.rules`` on the union (the chair for their union, the
federation administrator for its district) and is audited as "rule.change".
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit, scoping
from gonghui.orgs.models import Union

from .. import spending
from ..models import Category, SpendingRule
from ..money import parse_amount

MONEY_LIMITS = ("cap_year", "cap_event", "cap_day")
COUNT_LIMITS = ("times_year", "winners_one_in", "times_event_year", "times_ever", "min_days")
RULE_FLAGS = ("forbid_cash", "forbid_card", "forbid_union_funds")
FLAGS = (*RULE_FLAGS, "active")
TEXTS = ("name", "source")
FIELDS = (*MONEY_LIMITS, *COUNT_LIMITS, *FLAGS, *TEXTS, "category")
# Copied from the inherited row when a union first sets its own.
COPIED = (*MONEY_LIMITS, *COUNT_LIMITS, *RULE_FLAGS, "name", "source", "category")
KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")


def _entry(union: Union, key: str) -> spending.RuleEntry | None:
    return next((e for e in spending.rule_table(union) if e.rule.key == key), None)


def _money(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    return parse_amount(value, label=label, allow_zero=True)


def _count(value, label: str, minimum: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数。") from None
    if number < minimum or number > 1000:
        raise ValidationError(f"{label}应在 {minimum} 到 1000 之间。")
    return number


def _label(field: str) -> str:
    return str(getattr(SpendingRule._meta.get_field(field), "verbose_name", field))


def _apply(row: SpendingRule, limits: dict[str, Any]) -> None:
    problems: dict[str, list[str]] = {}
    for field, value in limits.items():
        try:
            if field in MONEY_LIMITS:
                value = _money(value, _label(field))
            elif field in COUNT_LIMITS:
                minimum = 1 if field == "winners_one_in" else 0
                value = _count(value, _label(field), minimum)
            elif field in FLAGS:
                value = bool(value)
            elif field == "category":
                value = _category(value)
            else:
                value = " ".join(str(value or "").split())
        except ValidationError as exc:
            problems.setdefault(field, []).extend(exc.messages)
            continue
        setattr(row, field, value)
    if not row.name:
        problems.setdefault("name", []).append("请填写标准名称。")
    if len(row.name) > 40:
        problems.setdefault("name", []).append("名称不能超过 40 个字。")
    if len(row.source) > 300:
        problems.setdefault("source", []).append("依据不能超过 300 个字。")
    if row.category_id is None and "category" not in problems:
        problems.setdefault("category", []).append("请选择适用科目。")
    if problems:
        raise ValidationError(problems)


def _category(value) -> Category:
    cat: Category | None
    if isinstance(value, Category):
        cat = value
    else:
        cat = Category.objects.filter(code=str(value or "").strip()).first()
    if cat is None:
        raise ValidationError("请选择适用科目。")
    if cat.kind != "expense":
        raise ValidationError("开支标准只适用于支出科目。")
    return cat


@transaction.atomic
def rule_save(*, actor, union: Union, key: str, **limits: Any) -> SpendingRule:
    """Set the union's own rule ``key``: update its own row, or create one starting from the
    inherited rule (or, for a new key, from nothing: name and category are then needed)."""
    scoping.require(actor, "finance.rules", union=union)
    unknown = set(limits) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown spending rule fields: {sorted(unknown)}")
    key = str(key or "").strip()
    if not KEY_RE.match(key):
        raise ValidationError({"key": "规则代码须为 2–40 位小写字母、数字或短横线，以字母开头。"})
    own = SpendingRule.objects.select_for_update().filter(union=union, key=key).first()
    if own is not None:
        before = audit.snapshot(own)
        row = own
    else:
        before = None
        row = SpendingRule(union=union, key=key, active=True, is_example=False)
        entry = _entry(union, key)
        if entry is not None:
            for field in COPIED:
                setattr(row, field, getattr(entry.rule, field))
            if entry.rule.is_example:
                # The example's note names another province's figures; the union's own
                # rule needs its own basis (or none) rather than that borrowed one.
                row.source = ""
    row.is_example = False
    row.updated_by = scoping.person(actor)
    _apply(row, limits)
    row.save()
    changes = audit.diff(before, audit.snapshot(row))
    changes.pop("updated_at", None)
    audit.record(actor=actor, action="rule.change", obj=row, changes=changes, union_id=union.pk)
    return row


def rule_disable(*, actor, union: Union, key: str) -> SpendingRule:
    """Switch the rule off for the union and its subtree (an inactive own row)."""
    scoping.require(actor, "finance.rules", union=union)
    if _entry(union, key) is None:
        raise ValidationError("没有这条开支标准。")
    return rule_save(actor=actor, union=union, key=key, active=False)


@transaction.atomic
def rule_reset(*, actor, union: Union, key: str) -> SpendingRule | None:
    """Delete the union's own row: the inherited rule (if any) applies again. Returns the
    rule now in force."""
    scoping.require(actor, "finance.rules", union=union)
    own = SpendingRule.objects.select_for_update().filter(union=union, key=key).first()
    if own is None:
        raise ValidationError("本会没有单独设定这条标准，无需恢复。")
    changes = audit.diff(audit.snapshot(own), None)
    changes.pop("updated_at", None)
    changes["恢复继承"] = [None, "是"]
    audit.record(actor=actor, action="rule.change", obj=own, changes=changes, union_id=union.pk)
    own.delete()
    entry = _entry(union, key)
    return entry.rule if entry else None
