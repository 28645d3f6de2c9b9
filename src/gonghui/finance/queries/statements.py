"""Year-end statements: 收支决算表, 会费收缴表 and budget execution.

Every figure is a SUM over posted ``VoucherLine`` rows (or, for dues, over ``DuesCharge``)
done by the database in one GROUP BY; Python only arranges the rows. A category's figure
therefore equals the sum of its posted lines exactly, reversals included. The sums are
taken in integer fen (``dues.fen_total``): SQLite keeps a DecimalField as a REAL and a
plain SUM there is a float sum, off by a fraction of a fen after a few additions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from gonghui.core.queries import get_union
from gonghui.orgs.models import Union, UnionGroup

from .. import rules
from ..models import Category, DuesCharge, Kind, PayrollMonth, VoucherLine, VoucherStatus
from ..money import FEN, ZERO
from .budget import Execution, execution, percent, year_range
from .common import GRASSROOTS, fen_to_yuan, fen_total, settings_for


@dataclass
class StatementRow:
    category: Category
    amount: Decimal
    level: int  # 0 top category, 1 sub-item
    lines: int = 0  # how many posted lines make the figure


@dataclass
class IncomeExpense:
    """收支决算表 of one year."""

    year: int
    income: list[StatementRow]
    expense: list[StatementRow]
    income_total: Decimal
    expense_total: Decimal

    @property
    def balance(self) -> Decimal:
        return self.income_total - self.expense_total

    def chart(self) -> dict:
        """Top categories only, for the bar chart (the table stays the source of truth)."""
        return {
            "income": [[r.category.name, str(r.amount)] for r in self.income if r.level == 0],
            "expense": [[r.category.name, str(r.amount)] for r in self.expense if r.level == 0],
        }


@dataclass
class Remittance:
    """拨缴经费: what the union received (402) against the share due upward."""

    received: Decimal
    local_share: Decimal
    due_upward: Decimal
    paid_upward: Decimal
    # The employer's side: the payroll months recorded for the year and the 2% of them.
    payroll: Decimal = ZERO
    payroll_months: int = 0
    funds_rate: Decimal = rules.FUNDS_RATE
    expected: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.due_upward - self.paid_upward

    @property
    def short(self) -> Decimal:
        """What the employer still owes on the payroll recorded (negative: paid more)."""
        return self.expected - self.received

    @property
    def over(self) -> Decimal:
        """What the employer paid beyond the payroll recorded (a quarter paid ahead)."""
        return -self.short

    @property
    def overpaid_upward(self) -> Decimal:
        return -self.outstanding

    @property
    def funds_pct(self) -> Decimal:
        return (self.funds_rate * 100).quantize(Decimal("0.1"))

    @property
    def local_pct(self) -> Decimal:
        return (self.local_share * 100).quantize(Decimal("0.1"))


@dataclass
class DuesCell:
    charged: Decimal = ZERO
    paid: Decimal = ZERO
    people: int = 0
    paid_people: int = 0

    @property
    def outstanding(self) -> Decimal:
        return self.charged - self.paid

    @property
    def rate(self) -> Decimal | None:
        return percent(self.paid, self.charged)

    def add(self, other: DuesCell) -> None:
        self.charged += other.charged
        self.paid += other.paid
        self.people += other.people
        self.paid_people += other.paid_people


@dataclass
class DuesMonth:
    month: datetime.date
    total: DuesCell
    groups: list[tuple[str, DuesCell]] = field(default_factory=list)


@dataclass
class DuesCollection:
    """会费收缴表: per month, and within a month per group (the group a member sat in when
    the month was charged)."""

    year: int
    months: list[DuesMonth]
    by_group: list[tuple[str, DuesCell]]
    total: DuesCell

    def chart(self) -> dict:
        return {
            "months": [f"{m.month.month}月" for m in self.months],
            "charged": [str(m.total.charged) for m in self.months],
            "paid": [str(m.total.paid) for m in self.months],
            "rate": [str(m.total.rate or 0) for m in self.months],
        }


def posted_by_category(union_id: int, year: int) -> dict[int, tuple[Decimal, int]]:
    """category id → (sum, count) of the union's posted lines in ``year``. Grouped by the
    line's own column, so the database needs no join to sum a year of lines."""
    start, end = year_range(year)
    rows = (
        VoucherLine.objects.filter(
            union_id=union_id, status=VoucherStatus.POSTED, date__range=(start, end)
        )
        .values("category_id")
        .annotate(total=fen_total("amount"), n=Count("id"))
        .order_by()
    )
    return {r["category_id"]: (fen_to_yuan(r["total"]), r["n"]) for r in rows}


def income_expense(union: Union, year: int, *, categories=None) -> IncomeExpense:
    """Every top category (zero when nothing was posted) and every sub-item that has
    posted lines; a top category's figure includes its sub-items and any lines posted
    on the top category itself."""
    if categories is None:
        categories = list(Category.objects.select_related("parent").order_by("code"))
    code_of = {c.pk: c.code for c in categories}
    sums = {code_of[pk]: value for pk, value in posted_by_category(union.pk, year).items()}
    rows: dict[str, list[StatementRow]] = {Kind.INCOME: [], Kind.EXPENSE: []}
    totals = {Kind.INCOME: ZERO, Kind.EXPENSE: ZERO}
    for cat in categories:
        if cat.parent_id is None:
            own = [v for c, v in sums.items() if c[:3] == cat.code]
            amount = sum((v[0] for v in own), ZERO)
            count = sum(v[1] for v in own)
            rows[cat.kind].append(StatementRow(cat, amount, 0, count))
            totals[cat.kind] += amount
        elif cat.code in sums:
            amount, count = sums[cat.code]
            rows[cat.kind].append(StatementRow(cat, amount, 1, count))
    return IncomeExpense(
        year=year,
        income=rows[Kind.INCOME],
        expense=rows[Kind.EXPENSE],
        income_total=totals[Kind.INCOME],
        expense_total=totals[Kind.EXPENSE],
    )


def remittance(union: Union, statement: IncomeExpense, *, fin=None) -> Remittance:
    """The 2% remittance (《工会法》第四十三条): of what came in as 拨缴经费收入 the union
    keeps its province's local share; the rest is due upward, paid as 上缴上级支出. When the
    employer pays each level directly, nothing is due and both figures stay zero."""
    by_code = {r.category.code: r.amount for r in (*statement.income, *statement.expense)}
    received = by_code.get(rules.REMITTANCE_CATEGORY, ZERO)
    fin = fin or settings_for(union)
    share = fin.local_share
    due = (received * (1 - share)).quantize(FEN, rounding=ROUND_HALF_UP)
    payroll = PayrollMonth.objects.filter(union=union, month__year=statement.year).aggregate(
        fen=fen_total("amount"), months=Count("id")
    )
    payroll_total = fen_to_yuan(payroll["fen"])
    return Remittance(
        received=received,
        local_share=share,
        due_upward=due,
        paid_upward=by_code.get(rules.UPWARD_CATEGORY, ZERO),
        payroll=payroll_total,
        payroll_months=payroll["months"],
        funds_rate=fin.funds_rate,
        expected=(payroll_total * fin.funds_rate).quantize(FEN, rounding=ROUND_HALF_UP),
    )


def payroll_months(union: Union, year: int) -> list[PayrollMonth]:
    """The payroll figures recorded for ``year`` (the caller has checked access)."""
    return list(PayrollMonth.objects.filter(union=union, month__year=year).order_by("month"))


def dues_collection(union: Union, year: int) -> DuesCollection:
    """One GROUP BY (month, group) over the year's charges."""
    start, end = year_range(year)
    rows = list(
        DuesCharge.objects.filter(union_id=union.pk, month__range=(start, end))
        .values("month", "group_id_at")
        .annotate(
            charged_sum=fen_total("amount"),
            paid_sum=fen_total("paid"),
            people=Count("id", filter=Q(amount__gt=0)),
            paid_people=Count("id", filter=Q(amount__gt=0, paid__gte=F("amount"))),
        )
        .order_by("month", "group_id_at")
    )
    group_ids = {r["group_id_at"] for r in rows if r["group_id_at"] is not None}
    names = dict(UnionGroup.objects.filter(pk__in=group_ids).values_list("pk", "name"))
    order = sorted(names, key=lambda pk: (names[pk], pk))

    def name_of(gid):
        return names.get(gid, "未分组") if gid is not None else "未分组"

    months: dict[datetime.date, DuesMonth] = {}
    per_group: dict[int | None, DuesCell] = {}
    total = DuesCell()
    for r in rows:
        cell = DuesCell(
            charged=fen_to_yuan(r["charged_sum"]),
            paid=fen_to_yuan(r["paid_sum"]),
            people=r["people"],
            paid_people=r["paid_people"],
        )
        month = months.setdefault(r["month"], DuesMonth(r["month"], DuesCell()))
        month.total.add(cell)
        month.groups.append((name_of(r["group_id_at"]), cell))
        per_group.setdefault(r["group_id_at"], DuesCell()).add(cell)
        total.add(cell)
    # The charges of no group (None) rank after every group.
    rank: dict[int | None, int] = {gid: i for i, gid in enumerate(order)}
    for month in months.values():
        month.groups.sort(key=lambda g: g[0])
    by_group = [
        (name_of(gid), cell)
        for gid, cell in sorted(per_group.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    ]
    return DuesCollection(
        year=year, months=[months[m] for m in sorted(months)], by_group=by_group, total=total
    )


@dataclass
class Statements:
    union: Union
    year: int
    income_expense: IncomeExpense
    remittance: Remittance
    dues: DuesCollection
    execution: Execution

    def chart_data(self) -> dict:
        return {
            "incomeExpense": self.income_expense.chart(),
            "dues": self.dues.chart(),
            "budget": {
                "names": [r.category.name for r in self.execution.expense if not r.nested],
                "effective": [str(r.effective) for r in self.execution.expense if not r.nested],
                "spent": [str(r.spent) for r in self.execution.expense if not r.nested],
                "inProgress": [str(r.in_progress) for r in self.execution.expense if not r.nested],
            },
        }


def statements(union: Union, year: int) -> Statements:
    categories = list(Category.objects.select_related("parent").order_by("code"))
    ie = income_expense(union, year, categories=categories)
    fin = settings_for(union)
    return Statements(
        union=union,
        year=year,
        income_expense=ie,
        remittance=remittance(union, ie, fin=fin),
        dues=dues_collection(union, year),
        execution=execution(union, year, fin=fin, categories=categories),
    )


def statements_for(user, code: str, year: int) -> Statements:
    union = get_union(user, code, "finance.view", grassroots=GRASSROOTS)
    return statements(union, year)
