"""Money to the fen: hypothesis feeds two-place amounts into lines and shares and checks the
voucher total and the posted sums exactly; three-place amounts are always refused."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.finance.models import Voucher, VoucherLine, VoucherShare
from gonghui.finance.services import vouchers as services

from .vouchers_support import DAY, push

FEN = Decimal("0.01")
# Yuan with exactly two places, from one fen up to a large union's yearly budget.
amounts = st.integers(min_value=1, max_value=99_999_999).map(lambda fen: Decimal(fen) * FEN)
three_places = (
    st.integers(min_value=1, max_value=9_999_999)
    .filter(lambda n: n % 10)
    .map(lambda n: Decimal(n) / 1000)
)


def to_fen(value) -> Decimal:
    """A database SUM to the fen. SQLite sums a decimal column in floating point (a net of
    zero can come back as -3.5E-18); every stored amount has two places, so rounding to the
    fen recovers the exact sum. PostgreSQL's numeric sum is exact either way."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


HYPO = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPO
@given(
    plain=st.lists(amounts, min_size=1, max_size=4),
    shares=st.lists(amounts, min_size=1, max_size=3),
    as_text=st.booleans(),
)
def test_totals_and_posted_sums_are_exact_to_the_fen(world, plain, shares, as_text):
    people = [world.members[n] for n in ("周会员", "吴老师", "孙组长")][: len(shares)]
    shown = (lambda a: f"{a:,}") if as_text else (lambda a: a)
    lines = [{"category": "50111", "amount": shown(a)} for a in plain]
    lines.append(
        {
            "category": "50201",
            "amount": shown(sum(shares, Decimal(0))),
            "shares": [(m, shown(a)) for m, a in zip(people, shares, strict=True)],
        }
    )
    v = services.voucher_create(
        actor=world.treasurer,
        union=world.school,
        kind="expense",
        date=DAY,
        summary="h",
        lines=lines,
    )
    expected = sum(plain, Decimal(0)) + sum(shares, Decimal(0))
    assert v.total == expected
    v = push(world, v)
    stored = Voucher.objects.get(pk=v.pk)
    assert stored.total == expected and isinstance(stored.total, Decimal)
    line_sum = VoucherLine.objects.filter(voucher=v, status="posted").aggregate(s=Sum("amount"))[
        "s"
    ]
    assert line_sum == expected
    share_sum = VoucherShare.objects.filter(line__voucher=v).aggregate(s=Sum("amount"))["s"]
    assert share_sum == sum(shares, Decimal(0))
    # A reversal brings the posted ledger for this voucher back to exactly zero.
    r = push(
        world, services.voucher_reverse(actor=world.treasurer, voucher=v, reason="测", date=DAY)
    )
    both = VoucherLine.objects.filter(voucher__in=[v, r])
    assert sum(both.values_list("amount", flat=True)) == Decimal("0.00")
    assert to_fen(both.aggregate(s=Sum("amount"))["s"]) == Decimal("0.00")


@HYPO
@given(amount=three_places)
def test_three_decimal_amounts_are_refused_on_lines_and_shares(world, amount):
    before = Voucher.objects.count()
    with pytest.raises(ValidationError, match="超过两位小数"):
        services.voucher_create(
            actor=world.treasurer,
            union=world.school,
            kind="expense",
            date=DAY,
            summary="h",
            lines=[{"category": "50111", "amount": str(amount)}],
        )
    with pytest.raises(ValidationError, match="超过两位小数"):
        services.voucher_create(
            actor=world.treasurer,
            union=world.school,
            kind="expense",
            date=DAY,
            summary="h",
            lines=[
                {
                    "category": "50101",
                    "amount": "",
                    "shares": [(world.members["周会员"], str(amount))],
                }
            ],
        )
    assert Voucher.objects.count() == before
