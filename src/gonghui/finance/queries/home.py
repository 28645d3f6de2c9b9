"""The finance home page's reads: a grassroots union's year at a glance with what waits for
the person looking, and a federation's table of its unions' key figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from gonghui.core import scoping
from gonghui.orgs.models import FEDERATION_KINDS, Union

from ..models import (
    Budget,
    BudgetLine,
    DuesCharge,
    Finding,
    FindingStatus,
    Kind,
    Voucher,
    VoucherLine,
    VoucherStatus,
)
from ..money import ZERO
from .budget import execution, percent, scope_sum, year_range
from .common import fen_to_yuan, fen_total
from .statements import dues_collection, income_expense
from .vouchers import if_approver, is_approver

WAITING_LIMIT = 10


@dataclass
class Waiting:
    to_approve: list[Voucher] = field(default_factory=list)
    to_post: list[Voucher] = field(default_factory=list)
    returned: list[Voucher] = field(default_factory=list)
    to_answer: list[Finding] = field(default_factory=list)
    to_close: list[Finding] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.to_approve or self.to_post or self.returned or self.to_answer or self.to_close
        )


@dataclass
class UnionYear:
    income: Decimal
    expense: Decimal
    budget_pct: Decimal | None
    budget_pct_committed: Decimal | None
    budget_adopted: bool | None  # None: no budget for the year
    dues_rate: Decimal | None
    dues_charged: Decimal
    open_findings: int

    @property
    def balance(self) -> Decimal:
        return self.income - self.expense


def union_year(union: Union, year: int) -> UnionYear:
    ie = income_expense(union, year)
    ex = execution(union, year)
    total = ex.expense_total
    dues = dues_collection(union, year).total
    return UnionYear(
        income=ie.income_total,
        expense=ie.expense_total,
        budget_pct=total["pct"] if ex.budget else None,
        budget_pct_committed=total["pct_committed"] if ex.budget else None,
        budget_adopted=ex.budget.adopted if ex.budget else None,
        dues_rate=dues.rate,
        dues_charged=dues.charged,
        open_findings=Finding.objects.filter(union=union)
        .exclude(status=FindingStatus.CLOSED)
        .count(),
    )


def _waiting_sets(
    user, union: Union, *, setting_in_query: bool = False
) -> list[tuple[str, str, QuerySet]]:
    """(field of :class:`Waiting`, the 待办's words, the rows) for what waits for ``user`` in
    ``union``: vouchers to approve (for the approver role, never their own: four eyes), to
    post, drafts returned to their maker, and findings to answer (finance side) or to close
    (audit committee). Only the lists the user's roles call for; with ``setting_in_query``
    the approver setting is read inside the rows' query instead of before (the 待办)."""
    vouchers = Voucher.objects.filter(union=union)
    findings = Finding.objects.filter(union=union)
    can_change = scoping.has_perm(user, "finance.change", union=union)
    found: list[tuple[str, str, QuerySet]] = []
    submitted = (
        vouchers.filter(status=VoucherStatus.SUBMITTED)
        .exclude(created_by=user)
        .exclude(submitted_by=user)
    )
    to_approve = (
        if_approver(user, union, submitted)
        if setting_in_query
        else (submitted if is_approver(user, union) else None)
    )
    if to_approve is not None:
        found.append(("to_approve", "待审批的凭证", to_approve))
    if can_change:
        found.append(("to_post", "待记账的凭证", vouchers.filter(status=VoucherStatus.APPROVED)))
    found.append(
        (
            "returned",
            "被退回的凭证草稿",
            vouchers.filter(status=VoucherStatus.DRAFT, created_by=user).exclude(
                returned_reason=""
            ),
        )
    )
    if can_change:
        found.append(("to_answer", "待答复的审查意见", findings.filter(status=FindingStatus.OPEN)))
    if scoping.has_perm(user, "finance.review", union=union):
        found.append(
            ("to_close", "待关闭的审查意见", findings.filter(status=FindingStatus.RESPONDED))
        )
    return found


def waiting(user, union: Union) -> Waiting:
    """What waits for ``user`` in ``union`` (:func:`_waiting_sets`), the first
    ``WAITING_LIMIT`` of each list, oldest first."""
    w = Waiting()
    for name, _, rows in _waiting_sets(user, union):
        if rows.model is Voucher:
            rows = rows.select_related("created_by").order_by("date", "id")
        else:
            rows = rows.order_by("created_at", "id")
        setattr(w, name, list(rows[:WAITING_LIMIT]))
    return w


def todos(user, union: Union) -> list:
    """The 工作台's 待办 from the books: :func:`waiting`'s lists, each linking to the finance
    home page where the items are listed, counted with the other sources' in one query (the
    approver setting read inside it)."""
    from django.urls import reverse

    from gonghui.core.todo import Counted, Todo

    if union.is_federation or not scoping.has_perm(user, "finance.view", union=union):
        return []
    sets = _waiting_sets(user, union, setting_in_query=True)
    url = reverse("finance:home", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [Todo(text, counts[name], url) for name, text, _ in sets]

    return [Counted({name: rows for name, _, rows in sets}, lines)]


@dataclass
class DistrictRow:
    union: Union
    income: Decimal = ZERO
    expense: Decimal = ZERO
    effective: Decimal = ZERO
    dues_charged: Decimal = ZERO
    dues_paid: Decimal = ZERO
    open_findings: int = 0
    has_budget: bool = False
    budget_spent: Decimal = ZERO  # posted spending on the lines the budget lists

    @property
    def balance(self) -> Decimal:
        return self.income - self.expense

    @property
    def budget_pct(self) -> Decimal | None:
        return percent(self.budget_spent, self.effective) if self.has_budget else None

    @property
    def dues_rate(self) -> Decimal | None:
        return percent(self.dues_paid, self.dues_charged)


def district(federation: Union, year: int) -> tuple[list[DistrictRow], DistrictRow]:
    """The federation's grassroots unions with the year's figures: one grouped query per
    figure across the whole subtree (never one query per union), so the page costs the
    same for ten unions or a thousand."""
    unions = list(
        Union.objects.live()
        .filter(path__startswith=federation.path)
        .exclude(pk=federation.pk)
        .exclude(kind__in=FEDERATION_KINDS)
        .order_by("path")
    )
    rows = {u.pk: DistrictRow(u) for u in unions}
    ids = list(rows)
    start, end = year_range(year)
    sub = Q(union__path__startswith=federation.path)
    spent_by_union: dict[int, dict[str, Decimal]] = {}
    for r in (
        VoucherLine.objects.filter(sub, status=VoucherStatus.POSTED, date__range=(start, end))
        .values("union_id", "category__code", "category__kind")
        .annotate(total=fen_total("amount"))
        .order_by()
    ):
        row = rows.get(r["union_id"])
        if row is None:
            continue
        amount = fen_to_yuan(r["total"])
        if r["category__kind"] == Kind.INCOME:
            row.income += amount
        else:
            row.expense += amount
            spent_by_union.setdefault(row.union.pk, {})[r["category__code"]] = amount
    for dues in (
        DuesCharge.objects.filter(sub, month__range=(start, end))
        .values("union_id")
        .annotate(charged=fen_total("amount"), paid=fen_total("paid"))
        .order_by()
    ):
        row = rows.get(dues["union_id"])
        if row is not None:
            row.dues_charged = fen_to_yuan(dues["charged"])
            row.dues_paid = fen_to_yuan(dues["paid"])
    for found in (
        Finding.objects.filter(sub)
        .exclude(status=FindingStatus.CLOSED)
        .values("union_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if found["union_id"] in rows:
            rows[found["union_id"]].open_findings = found["n"]
    # Expense budget per union: the top categories' lines plus sub-item lines whose top
    # category has no line (a sub-item under a budgeted top is already inside it).
    lines = (
        BudgetLine.objects.filter(
            budget__union_id__in=ids,
            budget__year=year,
            budget__adopted_on__isnull=False,
            category__kind=Kind.EXPENSE,
        )
        .values("budget__union_id", "category__code", "amount")
        .annotate(adjusted=fen_total("adjustments__delta"))
        .order_by()
    )
    by_union: dict[int, dict[str, Decimal]] = {}
    for line in lines:
        amount = line["amount"] + fen_to_yuan(line["adjusted"])
        by_union.setdefault(line["budget__union_id"], {})[line["category__code"]] = amount
    for uid in Budget.objects.filter(
        union_id__in=ids, year=year, adopted_on__isnull=False
    ).values_list("union_id", flat=True):
        rows[uid].has_budget = True
    for uid, codes in by_union.items():
        # The same rule as the union's own execution view: what counts is the spending
        # the budget lists (a root line takes its sub-items), not spending it does not.
        roots = [c for c in codes if len(c) == 3 or c[:3] not in codes]
        spent = spent_by_union.get(uid, {})
        rows[uid].effective = sum((codes[c] for c in roots), ZERO)
        rows[uid].budget_spent = sum((scope_sum(spent, c) for c in roots), ZERO)
    total = DistrictRow(federation)
    for row in rows.values():
        total.income += row.income
        total.expense += row.expense
        total.dues_charged += row.dues_charged
        total.dues_paid += row.dues_paid
        total.open_findings += row.open_findings
    return list(rows.values()), total
