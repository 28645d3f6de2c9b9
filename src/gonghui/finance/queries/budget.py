"""Budget reads: a union's budgets and the execution of one year's budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch

from gonghui.core.queries import get_union

from ..models import Budget, BudgetAdjustment, BudgetLine, Category, Kind
from ..money import ZERO
from ..services.budget import ledger_by_status, percent, scope_sum
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
        loose = {}
        for kind in (Kind.INCOME, Kind.EXPENSE):
            for source in (posted[kind], in_progress[kind]):
                for code in source:
                    if code not in budgeted_codes and code[:3] not in budgeted_codes:
                        loose.setdefault(code, kind)
        if loose:
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
