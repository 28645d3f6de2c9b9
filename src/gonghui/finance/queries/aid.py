"""Reads of the mutual-aid fund (储金会/互助金): the fund's balance and totals, each member's
savings and loans, a loan's repayment schedule and what is due or overdue on a day.

Every figure is a sum of ``AidEntry`` rows, never a stored running balance, so the page,
the services' checks and the audit committee always see the same number:

    fund balance   = deposits − withdrawals − loans + repayments
    member savings = that member's deposits − withdrawals
    outstanding    = a loan's principal − its repayments

A loan is repaid in equal monthly instalments of principal (the fund charges no
interest: 互助金 is mutual help, not a lender), the first due one month after the loan.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Round

from gonghui.core.queries import get_scoped
from gonghui.orgs.models import Member, Union

from ..models import AidEntry, AidEntryKind, FinanceSettings
from ..money import FEN, ZERO, yuan
from .common import fen_to_yuan, fen_total

K = AidEntryKind
# How many of the latest movements the fund page lists.
RECENT = 20
# Where the union switches the fund on (the finance settings page of another area).
SETTINGS_PATH = "/unions/{code}/finance/settings/"


class Shown:
    """``obj.y.<name>`` in a template: the Decimal attribute written as an accountant writes
    it (``money.yuan``), so templates never format money themselves."""

    @property
    def y(self):
        return _Yuan(self)


class _Yuan:
    def __init__(self, obj):
        self._obj = obj

    def __getitem__(self, name: str) -> str:
        return yuan(getattr(self._obj, name))


# --- access ---------------------------------------------------------------------------


def fund_enabled(union: Union) -> bool:
    """The fund is a union's own undertaking: only the union's own settings row switches it
    on, never a federation's default for its district."""
    return FinanceSettings.objects.filter(union=union, mutual_aid=True).exists()


def settings_url(union: Union) -> str:
    return SETTINGS_PATH.format(code=union.code)


def get_loan(user, union: Union, pk: int, perm: str = "finance.view") -> AidEntry:
    """A loan from ``union``'s fund (a loan of another union's fund is 404 here, whoever
    asks)."""
    return get_scoped(
        AidEntry.objects.filter(union=union, kind=K.LOAN).select_related(
            "union", "member", "member__group", "recorded_by"
        ),
        user,
        perm,
        union="union",
        missing="没有这笔借款。",
        pk=pk,
    )


def get_account(user, union: Union, pk: int, perm: str = "finance.view") -> Member:
    """The member whose account in ``union``'s fund is asked for: a member of the union, or
    one who has ever used its fund (a member who left or moved keeps their history here,
    so the union checked is the fund's, not the member's present one)."""
    return get_scoped(
        Member.objects.select_related("group").filter(
            Q(union=union) | Q(pk__in=AidEntry.objects.filter(union=union).values("member_id"))
        ),
        user,
        perm,
        union=union,
        missing="这名会员在本会互助金没有账户。",
        pk=pk,
    )


# --- totals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals(Shown):
    deposits: Decimal = ZERO
    withdrawals: Decimal = ZERO
    loans: Decimal = ZERO
    repayments: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        """Cash the fund holds now: what it can still lend or pay back."""
        return self.deposits - self.withdrawals - self.loans + self.repayments

    @property
    def savings(self) -> Decimal:
        """What the fund owes its depositors."""
        return self.deposits - self.withdrawals

    @property
    def outstanding(self) -> Decimal:
        """What borrowers owe the fund."""
        return self.loans - self.repayments


def totals(union: Union, member: Member | None = None) -> Totals:
    """The fund's four sums (one query), or one member's when ``member`` is given."""
    rows = AidEntry.objects.filter(union=union)
    if member is not None:
        rows = rows.filter(member=member)
    sums = {r["kind"]: r["fen"] for r in rows.values("kind").annotate(fen=fen_total("amount"))}

    def get(kind):
        return fen_to_yuan(sums.get(kind))

    return Totals(get(K.DEPOSIT), get(K.WITHDRAW), get(K.LOAN), get(K.REPAY))


def _repaid():
    return Coalesce(
        Subquery(
            AidEntry.objects.filter(loan=OuterRef("pk"))
            .values("loan")
            .annotate(fen=fen_total("amount"))
            .values("fen"),
            output_field=BigIntegerField(),
        ),
        Value(0),
        output_field=BigIntegerField(),
    )


def loans(union: Union, *, member: Member | None = None, open_only: bool = False):
    """Loans annotated with ``repaid_fen`` (whole fen, exact on SQLite too); ``open_only``
    keeps those not yet fully repaid."""
    rows = AidEntry.objects.filter(union=union, kind=K.LOAN).annotate(repaid_fen=_repaid())
    if member is not None:
        rows = rows.filter(member=member)
    if open_only:
        rows = rows.filter(repaid_fen__lt=Cast(Round(F("amount") * 100), BigIntegerField()))
    return rows.select_related("member", "member__group").order_by("on", "id")


def outstanding_of(loan: AidEntry) -> Decimal:
    fen = getattr(loan, "repaid_fen", None)
    if fen is None:
        fen = loan.repayments.aggregate(fen=fen_total("amount"))["fen"]
    return (loan.amount - fen_to_yuan(fen)).quantize(FEN)


# --- the schedule ---------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; a day the month lacks becomes its last day
    (a loan of 31 January is due on 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass
class Instalment(Shown):
    number: int
    due: datetime.date
    amount: Decimal
    paid: Decimal = ZERO
    overdue: bool = False

    @property
    def unpaid(self) -> Decimal:
        return self.amount - self.paid

    @property
    def state(self) -> str:
        if self.paid >= self.amount:
            return "已还"
        if self.overdue:
            return "逾期"
        return "部分已还" if self.paid else "未到期"


def schedule(principal: Decimal, months: int, lent_on: datetime.date) -> list[Instalment]:
    """Equal monthly instalments of principal, the first one month after ``lent_on``.
    Each is the principal over the months cut down to the fen; the last takes the rest,
    so the instalments always add up to the principal exactly (no fen lost or invented)."""
    if months < 1:
        raise ValueError("months must be at least 1")
    principal = Decimal(principal)
    each = (principal / months).quantize(FEN, rounding=ROUND_DOWN)
    amounts = [each] * (months - 1) + [principal - each * (months - 1)]
    return [
        Instalment(number=i, due=add_months(lent_on, i), amount=amount)
        for i, amount in enumerate(amounts, start=1)
    ]


@dataclass
class LoanState(Shown):
    """One loan as of a day: its schedule with what has been paid against each instalment
    (repayments settle the earliest instalment first), and the overdue sum."""

    loan: AidEntry
    as_of: datetime.date
    instalments: list[Instalment]
    repaid: Decimal
    overdue_count: int = 0
    overdue: Decimal = ZERO
    next_due: Instalment | None = None
    repayments: list[AidEntry] = field(default_factory=list)

    @property
    def principal(self) -> Decimal:
        return self.loan.amount

    @property
    def outstanding(self) -> Decimal:
        return self.loan.amount - self.repaid

    @property
    def settled(self) -> bool:
        return self.repaid >= self.loan.amount


def loan_state(loan: AidEntry, as_of: datetime.date, repaid: Decimal | None = None) -> LoanState:
    """Where ``loan`` stands on ``as_of``. An instalment is overdue once its due day has
    passed (``due < as_of``) and it is not fully paid."""
    if repaid is None:
        repaid = loan.amount - outstanding_of(loan)
    repaid = Decimal(repaid).quantize(FEN)
    left = repaid
    rows = schedule(loan.amount, loan.months or 1, loan.on)
    state = LoanState(loan=loan, as_of=as_of, instalments=rows, repaid=repaid)
    for row in rows:
        row.paid = min(left, row.amount)
        left -= row.paid
        if row.paid < row.amount:
            if row.due < as_of:
                row.overdue = True
                state.overdue_count += 1
                state.overdue += row.unpaid
            elif state.next_due is None:
                state.next_due = row
    return state


def loan_page(loan: AidEntry, as_of: datetime.date) -> LoanState:
    """The loan page: the loan, its schedule as of ``as_of`` and its repayments (1 query)."""
    repayments = list(loan.repayments.select_related("recorded_by").order_by("on", "id"))
    state = loan_state(loan, as_of, sum((r.amount for r in repayments), ZERO))
    state.repayments = repayments
    return state


# --- the fund page -----------------------------------------------------------------------


@dataclass
class Holder(Shown):
    """One member's position in the fund."""

    member: Member
    savings: Decimal = ZERO
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO
    loan: AidEntry | None = None


@dataclass
class FundPage:
    union: Union
    as_of: datetime.date
    totals: Totals
    holders: list[Holder]
    overdue: list[LoanState]
    due_soon: list[LoanState]
    recent: list[AidEntry]

    @property
    def overdue_total(self) -> Decimal:
        return sum((s.overdue for s in self.overdue), ZERO)

    @property
    def overdue_total_text(self) -> str:
        return yuan(self.overdue_total)


def fund_page(union: Union, as_of: datetime.date) -> FundPage:
    """Everything the fund page shows (overdue instalments, and those falling due by the
    end of ``as_of``'s month), in a fixed number of queries whatever the number of
    members or entries: the four sums, savings per member, open loans with their repaid
    sums, the members those name, and the latest movements."""
    fund = totals(union)
    savings = {mid: s for mid, s in _savings_by_member(union).items() if s}
    open_loans = list(loans(union, open_only=True))
    holders: dict[int, Holder] = {}
    members = Member.objects.filter(pk__in=list(savings)).select_related("group")
    for member in members:
        holders[member.pk] = Holder(member=member, savings=savings[member.pk])
    overdue, due_soon = [], []
    month_end = add_months(as_of.replace(day=1), 1) - datetime.timedelta(days=1)
    for loan in open_loans:
        state = loan_state(loan, as_of, fen_to_yuan(loan.repaid_fen))
        holder = holders.setdefault(loan.member_id, Holder(member=loan.member))
        holder.outstanding += state.outstanding
        holder.overdue += state.overdue
        holder.loan = loan
        if state.overdue:
            overdue.append(state)
        elif state.next_due is not None and state.next_due.due <= month_end:
            due_soon.append(state)
    recent = list(
        AidEntry.objects.filter(union=union)
        .select_related("member")
        .order_by("-on", "-id")[:RECENT]
    )
    ordered = sorted(holders.values(), key=lambda h: (h.member.name_pinyin, h.member.pk))
    return FundPage(union, as_of, fund, ordered, overdue, due_soon, recent)


@dataclass
class Movement:
    """One line of a member's page: an entry and the member's savings after it."""

    entry: AidEntry
    savings: Decimal


@dataclass
class MemberPage(Shown):
    member: Member
    totals: Totals
    entries: list[Movement]
    loans: list[LoanState]

    @property
    def savings(self) -> Decimal:
        return self.totals.savings

    @property
    def outstanding(self) -> Decimal:
        return self.totals.outstanding


def member_page(union: Union, member: Member, as_of: datetime.date) -> MemberPage:
    """One member's movements with the running savings balance, and their loans."""
    entries = []
    running = ZERO
    for entry in (
        AidEntry.objects.filter(union=union, member=member)
        .select_related("recorded_by")
        .order_by("on", "id")
    ):
        if entry.kind == K.DEPOSIT:
            running += entry.amount
        elif entry.kind == K.WITHDRAW:
            running -= entry.amount
        entries.append(Movement(entry, running))
    states = [
        loan_state(loan, as_of, fen_to_yuan(loan.repaid_fen))
        for loan in loans(union, member=member)
    ]
    return MemberPage(member, totals(union, member), entries, states)


def depositors(union: Union):
    """Members with savings in the fund (whatever their status now): who may be paid back."""
    ids = [mid for mid, total in _savings_by_member(union).items() if total > 0]
    return Member.objects.filter(pk__in=ids).order_by("name_pinyin", "id")


def _savings_by_member(union: Union) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for row in (
        AidEntry.objects.filter(union=union, kind__in=[K.DEPOSIT, K.WITHDRAW])
        .values("member_id", "kind")
        .annotate(fen=fen_total("amount"))
    ):
        sign = 1 if row["kind"] == K.DEPOSIT else -1
        total = fen_to_yuan(row["fen"])
        result[row["member_id"]] = result.get(row["member_id"], ZERO) + sign * total
    return result
