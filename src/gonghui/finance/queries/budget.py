"""Budget reads: a union's budgets, the execution of one year's budget, and the check every
expense voucher passes on its way to the ledger (``budget_check``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Prefetch

from gonghui.core.queries import get_union

from ..models import (
    Budget,
    BudgetAdjustment,
    BudgetLine,
    Category,
    Kind,
    Voucher,
    VoucherLine,
    VoucherStatus,
)
from ..money import ZERO, yuan
from .common import GRASSROOTS, fen_to_yuan, fen_total, settings_for


@dataclass
class ExecutionRow:
    category: Category
    budget: Decimal  # the adopted (or drafted) figure
    adjustments: Decimal
    spent: Decimal  # posted
    in_progress: Decimal  # submitted + approved
    budgeted: bool = True
    nested: bool = False  # a sub-item whose top category is budgeted too
    state: str = ""  # expense rows: "over", "warn", "loose" or "" (Execution.level)

    @property
    def effective(self) -> Decimal:
        return self.budget + self.adjustments

    @property
    def committed(self) -> Decimal:
        return self.spent + self.in_progress

    @property
    def remaining(self) -> Decimal:
        """What can still be committed: the budget check refuses past this."""
        return self.effective - self.committed

    @property
    def pct(self) -> Decimal | None:
        """执行率: posted against the adjusted budget."""
        return percent(self.spent, self.effective)

    @property
    def pct_committed(self) -> Decimal | None:
        """Posted and on its way: what the 90% warning and the 100% refusal look at."""
        return percent(self.committed, self.effective)

    @property
    def is_sub(self) -> bool:
        return self.category.parent_id is not None


@dataclass
class Execution:
    budget: Budget | None
    year: int
    warn_pct: Decimal
    income: list[ExecutionRow] = field(default_factory=list)
    expense: list[ExecutionRow] = field(default_factory=list)

    def _total(self, rows) -> dict[str, Decimal | None]:
        # Sub-items under a budgeted top category are already inside its figures.
        top = [r for r in rows if not r.nested]
        sums = {
            k: sum((getattr(r, k) for r in top), ZERO)
            for k in ("budget", "adjustments", "effective", "spent", "in_progress", "remaining")
        }
        sums["pct"] = percent(sums["spent"], sums["effective"])
        sums["pct_committed"] = percent(sums["spent"] + sums["in_progress"], sums["effective"])
        return sums

    @property
    def expense_total(self):
        return self._total([r for r in self.expense if r.budgeted])

    @property
    def income_total(self):
        return self._total([r for r in self.income if r.budgeted])

    @property
    def unbudgeted_spent(self) -> Decimal:
        return sum((r.spent for r in self.expense if not r.budgeted), ZERO)

    def level(self, row: ExecutionRow) -> str:
        """'over' past 100%, 'warn' at the union's warning ratio, 'loose' for spending the
        budget does not list, '' otherwise (the same thresholds as ``budget_check``)."""
        if not row.budgeted:
            return "loose"
        if row.committed > row.effective:
            return "over"
        if row.effective > 0 and row.committed * 100 >= row.effective * self.warn_pct:
            return "warn"
        return ""


def budgets_for(user, code: str):
    """The union and its budgets, newest year first."""
    union = get_union(user, code, "finance.view", grassroots=GRASSROOTS)
    budgets = (
        Budget.objects.filter(union=union)
        .annotate(line_count=Count("lines", distinct=True))
        .order_by("-year")
    )
    return union, list(budgets)


def budget_for(user, code: str, year: int, perm: str = "finance.view") -> tuple:
    """(union, budget or None) for ``year`` after checking ``perm``."""
    union = get_union(user, code, perm, grassroots=GRASSROOTS)
    budget = Budget.objects.filter(union=union, year=year).select_related("created_by").first()
    return union, budget


def adjustments(budget: Budget) -> list[BudgetAdjustment]:
    return list(
        BudgetAdjustment.objects.filter(line__budget=budget)
        .select_related("line__category__parent", "recorded_by")
        .order_by("decided_on", "id")
    )


def execution(
    union, year: int, budget: Budget | None = None, *, fin=None, categories=None
) -> Execution:
    """Budget execution for ``year`` (three queries): one row per budget line with its
    adjustments and what is posted and in progress against it (a top category's row
    takes its sub-items), then one row per category with spending but no line."""
    if budget is None:
        budget = Budget.objects.filter(union=union, year=year).first()
    ratio = (fin or settings_for(union)).budget_warn_ratio
    result = Execution(budget=budget, year=year, warn_pct=(ratio * 100).quantize(Decimal("0.1")))
    lines = []
    if budget is not None:
        lines = list(
            BudgetLine.objects.filter(budget=budget)
            .select_related("category__parent")
            .annotate(adjusted=fen_total("adjustments__delta"))
            .order_by("category__code")
        )
    ledger = ledger_by_status(union.pk, year)
    posted = {kind: ledger[kind]["posted"] for kind in Kind.values}
    in_progress = {kind: ledger[kind]["in_progress"] for kind in Kind.values}
    budgeted_codes = {line.category.code for line in lines}
    for line in lines:
        kind = line.category.kind
        code = line.category.code
        row = ExecutionRow(
            category=line.category,
            budget=line.amount,
            adjustments=fen_to_yuan(line.adjusted),
            spent=scope_sum(posted[kind], code),
            in_progress=scope_sum(in_progress[kind], code),
            nested=len(code) > 3 and code[:3] in budgeted_codes,
        )
        (result.income if kind == Kind.INCOME else result.expense).append(row)

    # Spending the budget does not cover: a category whose own line and top line are
    # both missing. Shown so the committee sees what needs an adjustment.
    if budget is not None:
        loose: dict[str, str] = {}  # category code → its kind
        for kind in (Kind.INCOME, Kind.EXPENSE):
            for source in (posted[kind], in_progress[kind]):
                for code in source:
                    if code not in budgeted_codes and code[:3] not in budgeted_codes:
                        loose.setdefault(code, kind)
        if loose:
            cats: Iterable[Category]
            if categories is not None:
                cats = [c for c in categories if c.code in loose]
            else:
                cats = Category.objects.filter(code__in=loose).select_related("parent")
            for cat in sorted(cats, key=lambda c: c.code):
                row = ExecutionRow(
                    category=cat,
                    budget=ZERO,
                    adjustments=ZERO,
                    spent=posted[cat.kind].get(cat.code, ZERO),
                    in_progress=in_progress[cat.kind].get(cat.code, ZERO),
                    budgeted=False,
                )
                (result.income if cat.kind == Kind.INCOME else result.expense).append(row)
    result.income.sort(key=lambda r: (r.category.code[:3], not r.budgeted, r.category.code))
    result.expense.sort(key=lambda r: (r.category.code[:3], not r.budgeted, r.category.code))
    for row in result.expense:
        row.state = result.level(row)
    return result


def budget_with_lines(budget: Budget) -> Budget:
    return (
        Budget.objects.filter(pk=budget.pk)
        .prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.select_related("category__parent"))
        )
        .get()
    )


# --- the ledger against the budget (also read by the voucher and budget services) --------

# Lines that count against a budget: the ledger plus what is on its way to it. A draft
# commits nothing yet; it is checked again when submitted, approved and posted.
COMMITTED_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED, VoucherStatus.POSTED)
IN_PROGRESS_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED)


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
    sums = rows.values("category__code").annotate(total=fen_total("amount")).order_by()
    return {r["category__code"]: fen_to_yuan(r["total"]) for r in sums}


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
    out: dict[str, dict[str, dict[str, Decimal]]] = {
        k: {"posted": {}, "in_progress": {}} for k in Kind.values
    }
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
        budget_line, effective = budgeted[code]
        this = scope_sum(mine, code)
        if this <= 0:
            continue
        before = scope_sum(others, code)
        total = before + this
        name = category_label(budget_line.category)
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
