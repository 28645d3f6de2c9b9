"""Every dues read that depends on who asks: the month's figures, collection rates by group
and by month, the arrears list with the six-month flag, one member's dues history, the
bases list, and the lookups the pages need.

Sums of money are taken in integer fen (``fen_total``): SQLite keeps a DecimalField as a
REAL, and a SUM over REALs is a float; summing ``CAST(ROUND(x * 100) AS BIGINT)`` is exact
on both engines.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.pages import CappedPaginator
from gonghui.core.queries import get_scoped
from gonghui.members.queries import search_q
from gonghui.orgs.models import Member, MemberStatus, Union, UnionGroup

from .. import rules
from ..models import (
    DuesBase,
    DuesBatch,
    DuesCharge,
    DuesPayment,
    DuesRounding,
    DuesRun,
    FinanceSettings,
    WageItem,
)
from ..money import ZERO, month_label, parse_month
from .common import fen_to_yuan, fen_total, refuse_federation, settings_for

ARREARS_NOTE = "连续{n}个月未缴会费（章程：无正当理由视为自动退会，由工会委员会研究决定）"
PER_PAGE = 50


def rate_of(paid: Decimal, due: Decimal) -> Decimal | None:
    """Collection rate in percent with one decimal; None when nothing was due."""
    if not due:
        return None
    return (paid * 100 / due).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dues_settings(union: Union) -> FinanceSettings:
    """``settings_for(union)``, read once per union object: a page asks several queries
    about the same union. Services read the settings afresh. (Kept in the instance's own
    ``__dict__``: the Union model, one floor below finance, knows nothing of it.)"""
    cached = vars(union).get("_dues_settings")
    if cached is None:
        cached = vars(union)["_dues_settings"] = settings_for(union)
    return cached


def _check_access(user, union: Union, perm: str = "finance.view") -> None:
    scoping.require(user, perm, union=union)
    refuse_federation(union)


# --- the month ------------------------------------------------------------------------


@dataclass
class Figures:
    label: str
    charged: int = 0
    due: Decimal = ZERO
    paid: Decimal = ZERO
    settled: int = 0  # members who paid the month in full

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.paid, self.due)


@dataclass
class MonthOverview:
    month: datetime.date
    total: Figures
    groups: list[Figures] = field(default_factory=list)
    last_run: DuesRun | None = None
    without_base: int = 0
    exempt: int = 0
    batches: list[DuesBatch] = field(default_factory=list)
    unbooked: Decimal = ZERO


# Keys differ from the field names: an aggregate named like a field would shadow it.
_FIGURES = {
    "n_charged": Count("pk"),
    "due_fen": fen_total("amount"),
    "paid_fen": fen_total("paid"),
    "n_settled": Count("pk", filter=Q(paid__gte=F("amount"))),
}


def _figures(label: str, row: Mapping[str, Any]) -> Figures:
    """``row``: the ``_FIGURES`` of a ``values()`` row or an aggregate."""
    return Figures(
        label,
        row["n_charged"] or 0,
        fen_to_yuan(row["due_fen"]),
        fen_to_yuan(row["paid_fen"]),
        row["n_settled"] or 0,
    )


def month_overview(user, union: Union, month: datetime.date) -> MonthOverview:
    """The month page: totals, figures per group (the group each member was in when the
    month was charged), the last run, members the run leaves out, the month's batches."""
    _check_access(user, union)
    charges = DuesCharge.objects.filter(union=union, month=month)
    total = _figures("合计", charges.aggregate(**_FIGURES))
    rows = list(charges.values("group_id_at").annotate(**_FIGURES).order_by())
    names: dict[int | None, str] = dict(
        UnionGroup.objects.filter(pk__in=[r["group_id_at"] for r in rows if r["group_id_at"]])
        .values_list("pk", "name")
    )  # fmt: skip
    groups = sorted(
        (_figures(names.get(r["group_id_at"], "未分组"), r) for r in rows),
        key=lambda g: (g.label == "未分组", g.label),
    )
    current = Member.objects.filter(union=union, status__in=_charged_statuses(union))
    overview = MonthOverview(month, total, groups)
    overview.last_run = (
        DuesRun.objects.filter(union=union, month=month).select_related("run_by").first()
    )
    counts = current.aggregate(
        without_base=Count("pk", filter=Q(dues_base__isnull=True)),
        exempt=Count("pk", filter=Q(dues_base__exempt=True)),
    )
    overview.without_base, overview.exempt = counts["without_base"], counts["exempt"]
    overview.batches = list(
        DuesBatch.objects.filter(union=union, month=month)
        .select_related("recorded_by", "voucher")
        .order_by("-id")[:50]
    )
    overview.unbooked = fen_to_yuan(
        DuesBatch.objects.filter(union=union, month=month, voucher__isnull=True).aggregate(
            t=fen_total("total")
        )["t"]
    )
    return overview


def _charged_statuses(union: Union) -> list[str]:
    return charged_statuses(union, dues_settings(union))


def year_by_month(user, union: Union, year: int) -> list[Figures]:
    """Collection per month of ``year`` (months without charges show zero)."""
    _check_access(user, union)
    rows = {
        r["month"]: r
        for r in DuesCharge.objects.filter(
            union=union,
            month__gte=datetime.date(year, 1, 1),
            month__lte=datetime.date(year, 12, 1),
        )
        .values("month")
        .annotate(**_FIGURES)
        .order_by()
    }
    empty = dict.fromkeys(_FIGURES, 0)
    result = []
    for m in range(1, 13):
        day = datetime.date(year, m, 1)
        result.append(_figures(f"{m}月", rows.get(day, empty)))
    return result


# --- arrears --------------------------------------------------------------------------


def arrears(user, union: Union, *, flagged_only: bool = False, q: str = "") -> QuerySet[Member]:
    """Members with unpaid dues: months owed, total owed (fen), and ``streak``, the number
    of their latest charged months with nothing paid (flagged at the union's
    ``arrears_months``, 《中国工会章程》第三十条 — the committee decides, the list only
    flags)."""
    _check_access(user, union)
    return arrears_query(union, flagged_only=flagged_only, q=q)


def arrears_query(
    union: Union,
    *,
    flagged_only: bool = False,
    q: str = "",
    until: datetime.date | None = None,
) -> QuerySet[Member]:
    """:func:`arrears` without the access check, for the command line (run as the system).
    ``until``: only the months charged up to that day count (a past year's summary), as
    paid today."""
    n = dues_settings(union).arrears_months
    charges = DuesCharge.objects.filter(member=OuterRef("pk"))
    if until is not None:
        charges = charges.filter(month__lte=until)
    owed = charges.filter(paid__lt=F("amount"))
    per_member = owed.values("member").order_by()
    last_paid = charges.filter(paid__gt=0).order_by("-month").values("month")[:1]
    streak = (
        charges.filter(month__gt=OuterRef("last_paid"))
        .values("member")
        .order_by()
        .annotate(c=Count("pk"))
        .values("c")
    )
    qs = (
        Member.objects.filter(union=union)
        .filter(search_q(q, subtree=False))
        .annotate(
            months_owed=Subquery(per_member.annotate(c=Count("pk")).values("c")),
            owed_fen=Subquery(
                per_member.annotate(t=fen_total(F("amount") - F("paid"))).values("t")
            ),
            last_paid=Coalesce(Subquery(last_paid), Value(datetime.date(1900, 1, 1))),
        )
        .annotate(streak=Coalesce(Subquery(streak, output_field=IntegerField()), Value(0)))
        .filter(months_owed__gt=0)
    )
    if flagged_only:
        qs = qs.filter(streak__gte=n)
    return qs.select_related("group").order_by("-streak", "-months_owed", "name_pinyin", "pk")


@dataclass
class ArrearsRow:
    member: Member
    months: int
    owed: Decimal
    streak: int
    flag: str


def arrears_rows(members, union: Union) -> list[ArrearsRow]:
    """Rows of one page (or a whole list) of ``arrears`` for display and the CLI."""
    n = dues_settings(union).arrears_months
    return [
        ArrearsRow(
            m,
            m.months_owed,
            fen_to_yuan(m.owed_fen),
            m.streak,
            ARREARS_NOTE.format(n=m.streak) if m.streak >= n else "",
        )
        for m in members
    ]


def arrears_page(qs, number, per_page: int = PER_PAGE):
    return CappedPaginator(qs, per_page).get_page(number)


# --- one member -----------------------------------------------------------------------


def member_history(user, member: Member) -> list[DuesCharge]:
    """A member's charges, newest first, each with its payments and reversals."""
    _check_access(user, member.union)
    return list(
        DuesCharge.objects.filter(member=member)
        .order_by("-month")
        .prefetch_related("payments__batch", "payments__reversed_by")
    )


def own_dues(user, *, limit: int = 24) -> tuple[Member, list[DuesCharge]]:
    """The signed-in member's own charges, newest first (self.view: a member sees their own
    dues and nobody else's)."""
    from gonghui.orgs.queries import own_member

    member = own_member(user)
    if member is None or not scoping.has_perm(user, "self.view", union=member.union):
        raise PermissionDenied("您的账号没有关联会员档案。")
    charges = list(DuesCharge.objects.filter(member=member).order_by("-month")[:limit])
    return member, charges


def get_payment(user, union: Union, pk: int, perm: str = "finance.change") -> DuesPayment:
    """A payment into ``union``'s books (one of another union's is 404 here)."""
    return get_scoped(
        DuesPayment.objects.filter(union=union).select_related(
            "union", "member", "charge", "batch"
        ),
        user,
        perm,
        union="union",
        missing="没有这笔会费缴纳记录。",
        pk=pk,
    )


def find_members(user, union: Union, q: str, limit: int = 10) -> list[Member]:
    """Members to pick on the payment form: by name, pinyin, card or ID number."""
    _check_access(user, union)
    q = " ".join(q.split())
    if not q:
        return []
    return list(
        Member.objects.filter(union=union)
        .filter(search_q(q, subtree=False))
        .select_related("group")
        .order_by("name_pinyin", "pk")[:limit]
    )


# --- bases ----------------------------------------------------------------------------


def bases(user, union: Union, q: str = "") -> QuerySet[Member]:
    """The union's current members with their base (``dues_base`` may be missing)."""
    _check_access(user, union)
    return (
        Member.objects.filter(union=union, status__in=("active", "retired"))
        .filter(search_q(q, subtree=False))
        .select_related("group", "dues_base")
        .order_by("group__name", "name_pinyin", "pk")
    )


def bases_page(qs, number, per_page: int = PER_PAGE):
    return CappedPaginator(qs, per_page).get_page(number)


def base_of(member: Member) -> DuesBase | None:
    return DuesBase.objects.filter(member=member).first()


# --- the monthly run's reads (services.dues writes with them) -------------------------

ITEMS = tuple(WageItem.values)


def charge_month(value) -> datetime.date:
    """The month a run or payment is for: a real month, not after the current one."""
    try:
        month = parse_month(value)
    except ValidationError as exc:
        raise ValidationError({"month": exc.messages}) from None
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": f"{month_label(month)}还没到，不能提前计算或收缴会费。"})
    return month


def counted_items(union: Union, settings=None) -> list[str]:
    """The wage items the union's setting counts (the national default when unset)."""
    settings = settings or settings_for(union)
    items = [i for i in (settings.dues_items or []) if i in ITEMS]
    return items or list(rules.DUES_COUNTED_ITEMS)


def run_sql(*, items: list[str], rounding: str, rate: Decimal) -> str:
    """The INSERT … SELECT that charges every eligible member of one union for one month.

    The amount is computed in integer fen, identically on SQLite (where the stored wage
    items are REALs: ``ROUND(x * 100)`` recovers the exact fen) and PostgreSQL (numeric):
    base = Σ fen of the counted items; drop10 keeps whole multiples of 1000 fen (integer
    division); amount = (base × rate per 10,000 + 5000) ÷ 10,000 in integer division,
    which is half-up rounding to the fen for a non-negative base — exactly
    ``money.dues_amount`` (tests/finance/test_dues_hypothesis.py). Integer constants are
    written into the SQL: a parameter could arrive as numeric on PostgreSQL and turn the
    integer divisions into exact ones.

    Members already charged for the month are skipped by ``ON CONFLICT … DO NOTHING`` on
    the one-charge-per-month unique index, not by a ``NOT EXISTS`` probe: when the
    charges table is new (statistics say empty), PostgreSQL plans ``NOT EXISTS`` as a
    nested loop over a sequential scan of that table, which grows during the statement —
    quadratic, minutes for 100,000 members. The unique index costs O(log n) per row on
    both engines whatever the statistics say.

    Parameters: month, rate, run id, union id, statuses…, month end.
    """
    qn = connection.ops.quote_name
    per_10k = rate * 10000
    if per_10k != per_10k.to_integral_value() or per_10k < 0:
        raise ValidationError("会费比例最多四位小数，且不能为负。")
    fen = [f"CAST(ROUND(b.{qn(item)} * 100) AS BIGINT)" for item in items] or ["0"]
    base = " + ".join(fen)
    counted = f"(({base}) / 1000 * 1000)" if rounding == DuesRounding.DROP_UNDER_TEN else base
    amount = f"(({counted}) * {int(per_10k)} + 5000) / 10000"
    charge, member = qn(DuesCharge._meta.db_table), qn(Member._meta.db_table)
    dues_base = qn(DuesBase._meta.db_table)
    return (
        f"INSERT INTO {charge} (union_id, member_id, group_id_at, month, base, rate, amount,"
        " paid, run_id) "
        "SELECT s.union_id, s.member_id, s.group_id, %s, s.base_fen / 100.0, %s,"
        " s.amount_fen / 100.0, 0, %s "
        f"FROM (SELECT m.union_id, m.id AS member_id, m.group_id, {base} AS base_fen,"
        f" {amount} AS amount_fen "
        f"FROM {member} m JOIN {dues_base} b ON b.member_id = m.id "
        "WHERE m.union_id = %s AND m.status IN ({statuses})"
        " AND (m.joined_on IS NULL OR m.joined_on <= %s) AND NOT b.exempt"
        # The WHERE below also keeps SQLite from reading ON CONFLICT as a join's ON.
        ") s WHERE s.amount_fen > 0 "
        "ON CONFLICT (member_id, month) DO NOTHING"
    )


def charged_statuses(union: Union, settings=None) -> list[str]:
    """在会, and 退休 unless the union exempts retired members (the default)."""
    if (settings or settings_for(union)).exempt_retired:
        return [MemberStatus.ACTIVE.value]
    return [MemberStatus.ACTIVE.value, MemberStatus.RETIRED.value]


def month_end(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)
