"""Annual budgets (年度预算): drafting, adoption and adjustment. The check every expense
voucher passes on its way to the ledger is a read: ``finance.queries.budget.budget_check``.

《基层工会预算管理办法》: 预算经工会委员会（或会员代表大会）审议通过后严格执行；执行中
确需调整的，按程序审批. So: a draft budget is edited freely; once adopted its lines change
only by a recorded adjustment (``BudgetAdjustment``), and an expense voucher that would
take a line past 100% of its (adjusted) amount is refused until the budget is adjusted.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.orgs.models import Union

from ..models import (
    AdoptedBy,
    Budget,
    BudgetAdjustment,
    BudgetLine,
    Category,
    VoucherStatus,
)
from ..money import ZERO, parse_amount, yuan
from ..queries import budget as q

MIN_YEAR, MAX_YEAR = 2000, 2100


# --- writes -------------------------------------------------------------------------


def _category(value) -> Category:
    if isinstance(value, Category):
        return value
    found = Category.objects.filter(code=str(value).strip()).select_related("parent").first()
    if found is None:
        raise ValidationError(f"没有编码为“{value}”的收支科目。")
    return found


def _clean_lines(lines: dict) -> dict[Category, Decimal]:
    """Validate {category or code: amount}; amounts may be zero (a line kept for the
    record), never negative."""
    if not lines:
        raise ValidationError("预算至少需要列一个科目。")
    cleaned: dict[Category, Decimal] = {}
    for key, value in lines.items():
        category = _category(key)
        cleaned[category] = parse_amount(value, label=f"【{category}】预算数", allow_zero=True)
    _check_nesting({c: a for c, a in cleaned.items()})
    return cleaned


def _check_nesting(amounts: dict[Category, Decimal]) -> None:
    """A top category's line covers its sub-items, so the sub-items budgeted under it
    cannot add up to more than it."""
    tops = {c.code: (c, a) for c, a in amounts.items() if c.parent_id is None}
    for code, (top, amount) in sorted(tops.items()):
        subs = sum((a for c, a in amounts.items() if c.parent_id and c.code[:3] == code), ZERO)
        if subs > amount:
            raise ValidationError(
                f"【{top}】下各子项预算合计 {yuan(subs)} 元，超过该科目预算 {yuan(amount)} 元。"
                "请调高该科目预算或调低子项。"
            )


def _check_year(year: int) -> None:
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError(f"年度“{year}”不正确。")


def _lines_snapshot(budget: Budget) -> str:
    """The lines as one readable text for the audit trail (it stores plain values)."""
    return "；".join(
        f"{line.category.code} {line.category.name} {line.amount}"
        for line in budget.lines.select_related("category").order_by("category__code")
    )


@transaction.atomic
def budget_create(*, actor, union: Union, year: int, lines: dict, note: str = "") -> Budget:
    """编制预算: a draft budget for ``year`` with ``lines`` {category code: amount}."""
    scoping.require(actor, "finance.change", union=union)
    if union.is_federation:
        raise ValidationError("预算由基层工会编制；上级工会请进入下属工会办理。")
    _check_year(year)
    cleaned = _clean_lines(lines)
    if Budget.objects.filter(union=union, year=year).exists():
        raise ValidationError(f"{union}{year}年度预算已经存在，请在原预算上修改或调整。")
    try:
        with transaction.atomic():
            budget = Budget.objects.create(
                union=union, year=year, note=note.strip(), created_by=scoping.person(actor)
            )
    except IntegrityError:  # a concurrent request created it after our check
        raise ValidationError(f"{union}{year}年度预算已经存在。") from None
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, category=c, amount=a) for c, a in cleaned.items()
    )
    audit.record(
        actor=actor,
        action="budget.create",
        obj=budget,
        changes={
            "year": [None, year],
            "note": [None, budget.note],
            "lines": [None, _lines_snapshot(budget)],
        },
    )
    return budget


def _lock(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().select_related("union").get(pk=budget.pk)


@transaction.atomic
def budget_update(*, actor, budget: Budget, lines: dict, note: str | None = None) -> Budget:
    """Replace a draft budget's lines (and note). Adopted budgets change only by
    adjustment."""
    budget = _lock(budget)
    scoping.require(actor, "finance.change", union=budget.union)
    if budget.adopted:
        raise ValidationError("预算已审议通过，不能直接修改；如需变动请办理预算调整。")
    cleaned = _clean_lines(lines)
    before_lines = _lines_snapshot(budget)
    before_note = budget.note
    BudgetLine.objects.filter(budget=budget).delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, category=c, amount=a) for c, a in cleaned.items()
    )
    if note is not None:
        budget.note = note.strip()
        budget.save(update_fields=["note"])
    changes = {}
    after_lines = _lines_snapshot(budget)
    if after_lines != before_lines:
        changes["lines"] = [before_lines, after_lines]
    if budget.note != before_note:
        changes["note"] = [before_note, budget.note]
    # Editing a draft is still 编制预算: the trail shows the lines before and after.
    audit.record(actor=actor, action="budget.create", obj=budget, changes=changes)
    return budget


@transaction.atomic
def budget_adopt(*, actor, budget: Budget, adopted_on: datetime.date, adopted_by: str) -> Budget:
    """预算审议通过: record the date and the body (congress or committee). From now on the
    budget binds expense vouchers and changes only by adjustment."""
    budget = _lock(budget)
    scoping.require(actor, "finance.rules", union=budget.union)
    if budget.adopted_on is not None:
        day = budget.adopted_on
        raise ValidationError(f"该预算已于{day.year}年{day.month}月{day.day}日审议通过。")
    if adopted_by not in AdoptedBy.values:
        raise ValidationError({"adopted_by": "请选择审议通过的会议（会员代表大会或工会委员会）。"})
    if adopted_on is None:
        raise ValidationError({"adopted_on": "请填写审议通过日期。"})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": "通过日期不能晚于今天。"})
    if adopted_on.year < budget.year - 1:
        raise ValidationError({"adopted_on": f"通过日期早于{budget.year - 1}年，请核对。"})
    if not budget.lines.exists():
        raise ValidationError("预算没有任何项目，不能审议通过。")
    before = audit.snapshot(budget)
    budget.adopted_on = adopted_on
    budget.adopted_by = adopted_by
    budget.save(update_fields=["adopted_on", "adopted_by"])
    audit.record(actor=actor, action="budget.adopt", obj=budget, before=before)
    return budget


@transaction.atomic
def budget_adjust(
    *,
    actor,
    budget: Budget,
    category,
    delta,
    reason: str,
    decided_on: datetime.date,
) -> BudgetAdjustment:
    """预算调整: add ``delta`` (negative to reduce) to one line of an adopted budget, adding
    the line when the category was not budgeted. The original figure stays; the
    adjustment is its own record. A line cannot be cut below what is already posted."""
    budget = _lock(budget)
    scoping.require(actor, "finance.rules", union=budget.union)
    if not budget.adopted:
        raise ValidationError("预算尚未审议通过，请直接修改预算草稿。")
    category = _category(category)
    delta = parse_amount(delta, label="调整金额", allow_negative=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明调整原因。"})
    if decided_on is None:
        raise ValidationError({"decided_on": "请填写调整决定日期。"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "决定日期不能晚于今天。"})

    budgeted = q.effective_amounts(budget)
    new_line = category.code not in budgeted
    if new_line and delta < 0:
        raise ValidationError(f"【{category}】未列入预算，不能调减。")
    current = ZERO if new_line else budgeted[category.code][1]
    after = current + delta
    posted = q.scope_sum(
        q.committed_by_code(
            budget.union_id, budget.year, statuses=(VoucherStatus.POSTED,), kind=category.kind
        ),
        category.code,
    )
    if after < posted:
        raise ValidationError(
            f"调整后【{category}】预算为 {yuan(after)} 元，低于已记账的 {yuan(posted)} 元，"
            "不能调减到已支出数以下。"
        )
    amounts = {line.category: amount for line, amount in budgeted.values()}
    amounts = {c: a for c, a in amounts.items() if c.code != category.code}
    amounts[category] = after
    _check_nesting(amounts)

    if new_line:
        line = BudgetLine.objects.create(budget=budget, category=category, amount=ZERO)
    else:
        line = budgeted[category.code][0]
    adjustment = BudgetAdjustment.objects.create(
        line=line,
        delta=delta,
        reason=reason,
        decided_on=decided_on,
        recorded_by=scoping.person(actor),
    )
    audit.record(
        actor=actor,
        action="budget.adjust",
        obj=budget,
        changes={
            "category": [None, category.code],
            "delta": [None, str(delta)],
            "effective": [str(current), str(after)],
            "reason": [None, reason],
            "decided_on": [None, decided_on.isoformat()],
        },
    )
    return adjustment
