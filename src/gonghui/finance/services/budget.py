"""Annual budgets (年度预算): drafting, adoption, adjustment, and the check every expense
voucher passes on its way to the ledger.

《基层工会预算管理办法》: 预算经工会委员会（或会员代表大会）审议通过后严格执行；执行中
确需调整的，按程序审批. So: a draft budget is edited freely; once adopted its lines change
only by a recorded adjustment (``BudgetAdjustment``), and an expense voucher that would
take a line past 100% of its (adjusted) amount is refused until the budget is adjusted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.orgs.models import Union

from ..models import (
    AdoptedBy,
    Budget,
    BudgetAdjustment,
    BudgetLine,
    Category,
    Kind,
    Voucher,
    VoucherLine,
    VoucherStatus,
)
from ..money import ZERO, parse_amount, yuan
from ..queries.common import fen_to_yuan, fen_total, settings_for
from .common import person, require

# Lines that count against a budget: the ledger plus what is on its way to it. A draft
# commits nothing yet; it is checked again when submitted, approved and posted.
COMMITTED_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED, VoucherStatus.POSTED)
IN_PROGRESS_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass
class BudgetCheck:
    """What the budget says about one voucher: ``errors`` refuse it, ``warnings`` are
    shown to the maker and the approver."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal (None when nothing is budgeted)."""
    if whole <= 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def category_label(category: Category) -> str:
    return str(category)


def effective_amounts(budget: Budget) -> dict[str, tuple[BudgetLine, Decimal]]:
    """category code → (line, line amount + all its adjustments): one query."""
    lines = BudgetLine.objects.filter(budget=budget).select_related("category", "category__parent")
    lines = lines.annotate(adjusted=fen_total("adjustments__delta"))
    return {line.category.code: (line, line.amount + fen_to_yuan(line.adjusted)) for line in lines}


def committed_by_code(
    union_id: int,
    year: int,
    *,
    statuses=COMMITTED_STATUSES,
    exclude_voucher_id: int | None = None,
    kind: str = Kind.EXPENSE,
) -> dict[str, Decimal]:
    """category code → sum of the union's lines of ``kind`` in ``year`` (one GROUP BY)."""
    start, end = year_range(year)
    rows = VoucherLine.objects.filter(
        union_id=union_id,
        status__in=statuses,
        date__range=(start, end),
        category__kind=kind,
    )
    if exclude_voucher_id is not None:
        rows = rows.exclude(voucher_id=exclude_voucher_id)
    rows = rows.values("category__code").annotate(total=fen_total("amount")).order_by()
    return {r["category__code"]: fen_to_yuan(r["total"]) for r in rows}


def ledger_by_status(union_id: int, year: int) -> dict[str, dict[str, dict[str, Decimal]]]:
    """kind → {"posted"|"in_progress": {category code → sum}} for the year's committed
    lines, in one GROUP BY (the execution view needs all four)."""
    start, end = year_range(year)
    rows = (
        VoucherLine.objects.filter(
            union_id=union_id, status__in=COMMITTED_STATUSES, date__range=(start, end)
        )
        .values("category__code", "category__kind", "status")
        .annotate(total=fen_total("amount"))
        .order_by()
    )
    out = {k: {"posted": {}, "in_progress": {}} for k in Kind.values}
    for r in rows:
        bucket = "posted" if r["status"] == VoucherStatus.POSTED else "in_progress"
        sums = out[r["category__kind"]][bucket]
        code = r["category__code"]
        sums[code] = sums.get(code, ZERO) + fen_to_yuan(r["total"])
    return out


def scope_sum(by_code: dict[str, Decimal], code: str) -> Decimal:
    """What counts against a budget line on ``code``: a sub-item's line takes its own
    category; a top category's line takes itself and all its sub-items (codes are
    hierarchical: a sub-item's code starts with its top category's three digits)."""
    if len(code) > 3:
        return by_code.get(code, ZERO)
    return sum((v for c, v in by_code.items() if c[:3] == code), ZERO)


def budget_check(*, voucher: Voucher) -> BudgetCheck:
    """Check an expense voucher against its union's adopted budget for the voucher's year.

    For every budget line the voucher's lines fall under (its sub-item's line and its top
    category's line, where budgeted): committed = posted + submitted + approved lines of
    that year, this voucher excluded, plus this voucher's amount. Above the adjusted
    amount: an error; at or above the union's warning ratio (default 90%): a warning.
    Reversals never block: they only give money back to the budget."""
    result = BudgetCheck()
    if voucher.kind != Kind.EXPENSE or voucher.is_reversal:
        return result
    year = voucher.date.year
    budgets = Budget.objects.filter(union_id=voucher.union_id, year=year, adopted_on__isnull=False)
    if transaction.get_connection().in_atomic_block:
        # Two approvers on PostgreSQL could each see room for their voucher and together
        # overspend; locking the year's budget row makes such checks take turns. (SQLite's
        # IMMEDIATE transactions already serialise writers.)
        budgets = budgets.select_for_update()
    budget = budgets.first()
    if budget is None:
        return result

    mine: dict[str, Decimal] = {}
    categories: dict[str, Category] = {}
    for line in voucher.lines.all().select_related("category", "category__parent"):
        code = line.category.code
        categories[code] = line.category
        mine[code] = mine.get(code, ZERO) + line.amount
    if not mine:
        return result

    budgeted = effective_amounts(budget)
    others = committed_by_code(voucher.union_id, year, exclude_voucher_id=voucher.pk)
    ratio = settings_for(voucher.union).budget_warn_ratio

    touched: list[str] = []
    for code, category in sorted(categories.items()):
        scopes = [c for c in (code, code[:3]) if c in budgeted]
        if not scopes:
            result.warnings.append(
                f"预算未列此项：【{category_label(category)}】未列入{year}年度预算，"
                "请确认是否需要调整预算。"
            )
        touched.extend(c for c in scopes if c not in touched)

    for code in sorted(touched):
        line, effective = budgeted[code]
        this = scope_sum(mine, code)
        if this <= 0:
            continue
        before = scope_sum(others, code)
        total = before + this
        name = category_label(line.category)
        if total > effective:
            result.errors.append(
                f"超出预算：【{name}】预算 {yuan(effective)} 元（含调整），"
                f"已用及在途 {yuan(before)} 元，本凭证 {yuan(this)} 元，"
                f"合计 {yuan(total)} 元，超出 {yuan(total - effective)} 元。请先调整预算。"
            )
        elif effective > 0 and total >= effective * ratio:
            result.warnings.append(
                f"预算预警：【{name}】预算 {yuan(effective)} 元（含调整），"
                f"已用及在途（含本凭证）{yuan(total)} 元，"
                f"已达 {percent(total, effective)}%，剩余 {yuan(effective - total)} 元。"
            )
    return result


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
    require(actor, "finance.change", union)
    if union.is_federation:
        raise ValidationError("预算由基层工会编制；上级工会请进入下属工会办理。")
    _check_year(year)
    cleaned = _clean_lines(lines)
    if Budget.objects.filter(union=union, year=year).exists():
        raise ValidationError(f"{union}{year}年度预算已经存在，请在原预算上修改或调整。")
    try:
        with transaction.atomic():
            budget = Budget.objects.create(
                union=union, year=year, note=note.strip(), created_by=person(actor)
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
    require(actor, "finance.change", budget.union)
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
    require(actor, "finance.rules", budget.union)
    if budget.adopted:
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
    require(actor, "finance.rules", budget.union)
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

    budgeted = effective_amounts(budget)
    new_line = category.code not in budgeted
    if new_line and delta < 0:
        raise ValidationError(f"【{category}】未列入预算，不能调减。")
    current = ZERO if new_line else budgeted[category.code][1]
    after = current + delta
    posted = scope_sum(
        committed_by_code(
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
        recorded_by=person(actor),
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
