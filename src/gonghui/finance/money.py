"""Exact money: parse what a person typed or a spreadsheet held into ``Decimal`` yuan with
two places, refuse anything else with a Chinese message, and compute dues. No float ever
enters: a spreadsheet number arrives as float from the reader and is turned into its
shortest decimal text first (``repr``), which is what the cell showed."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# Largest amount a MONEY field holds (14 digits, 2 after the point).
MAX_AMOUNT = Decimal("999999999999.99")
_AMOUNT_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_amount(
    value, *, label: str = "金额", allow_negative: bool = False, allow_zero: bool = False
) -> Decimal:
    """The amount in ``value`` (text, int, Decimal or a spreadsheet float) as yuan with two
    places. Refused: not a number, more than two decimals (no silent rounding of money),
    negative unless ``allow_negative`` (reversals only), zero unless ``allow_zero``."""
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"{label}不能为空。")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace("￥", "").replace("¥", "")
    text = text.removesuffix("元").strip()
    if not text:
        raise ValidationError(f"{label}不能为空。")
    if not _AMOUNT_RE.match(text):
        raise ValidationError(f"{label}“{value}”不是有效的金额，请填写数字，如 1280.50。")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValidationError(f"{label}“{value}”不是有效的金额。") from exc
    if amount != amount.quantize(FEN):
        raise ValidationError(f"{label}“{value}”超过两位小数；金额精确到分，请核对。")
    amount = amount.quantize(FEN)
    if amount < 0 and not allow_negative:
        raise ValidationError(f"{label}不能为负数；更正已记账的金额请填制冲销凭证。")
    if amount == 0 and not allow_zero:
        raise ValidationError(f"{label}不能为零。")
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(f"{label}“{value}”超出可记录的范围。")
    return amount


def yuan(amount: Decimal | None) -> str:
    """1234.5 → '1,234.50' (what an accountant writes)."""
    if amount is None:
        return ""
    return f"{Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP):,}"


def dues_base(items: dict[str, Decimal], counted: list[str] | tuple[str, ...]) -> Decimal:
    """The dues base: the sum of the wage items the union counts."""
    return sum((Decimal(items.get(k) or 0) for k in counted), ZERO).quantize(FEN)


def dues_amount(base: Decimal, rate: Decimal, rounding: str) -> Decimal:
    """One month's dues. ``drop10`` (the default): the part of the base under ten yuan is not
    counted (全总《关于中国工会会员会费收交和管理的规定》), so 3,009.99 counts as 3,000;
    then the rate, rounded half up to the fen. ``exact``: the whole base."""
    base = Decimal(base)
    if base <= 0:
        return ZERO
    if rounding == "drop10":
        base = (base / 10).to_integral_value(rounding=ROUND_DOWN) * 10
    return (base * Decimal(rate)).quantize(FEN, rounding=ROUND_HALF_UP)


def parse_month(value: str | datetime.date) -> datetime.date:
    """'2026-11' (or '2026年11月', '202611', a date) → the first day of that month."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*(?:-|/|年|\.)?\s*(\d{1,2})\s*月?", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(f"月份“{value}”格式不对，请写成 2026-11。")
    return datetime.date(int(m.group(1)), int(m.group(2)), 1)


def month_label(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"
