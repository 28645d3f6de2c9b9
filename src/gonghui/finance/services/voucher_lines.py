"""The lines of a voucher: check what a form or a caller sent, write lines and shares.

Each line takes a leaf category of the voucher's kind, an amount (``money.parse_amount``:
two places, never negative outside a reversal), a payee or a list of members with the
amount each (their sum must be the line's amount; every member a current member of the
union). All problems come back at once, each with its line number.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from ..models import Category, Kind, PayForm, Voucher, VoucherLine, VoucherShare
from ..money import ZERO, parse_amount, yuan


def _categories() -> tuple[dict[str, Category], dict[int, list[Category]]]:
    cats = list(Category.objects.all())
    children: dict[int, list[Category]] = {}
    for c in cats:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    return {c.code: c for c in cats} | {str(c.pk): c for c in cats}, children


def _category(value, kind: str, by_code, children) -> Category:
    key = value.code if isinstance(value, Category) else str(value or "").strip()
    cat = by_code.get(key)
    if cat is None:
        raise ValidationError("请选择科目。" if not key else f"没有编码为 {key} 的科目。")
    if cat.kind != kind:
        want = Kind(kind).label
        raise ValidationError(f"科目「{cat.name}」不是{want}科目，{want}凭证只能使用{want}科目。")
    subs = children.get(cat.pk)
    if subs:
        names = "、".join(c.name for c in subs)
        raise ValidationError(f"科目「{cat.name}」下设明细科目，请选择其中之一：{names}。")
    return cat


def _positive_int(value, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数。") from None
    if number < 1:
        raise ValidationError(f"{label}至少为 1。")
    return number


def prepare_lines(union: Union, kind: str, lines: list[dict], *, negative: bool = False):
    """Check every line and return them ready to write; all problems at once, each named by
    its line number, so the person fixes the form in one go."""
    if kind not in Kind.values:
        raise ValidationError("凭证类别只能是收入或支出。")
    if not lines:
        raise ValidationError("凭证至少要有一行分录。")
    by_code, children = _categories()
    wanted: set[int] = set()
    for line in lines:
        for member, _amount in line.get("shares") or ():
            wanted.add(member.pk if isinstance(member, Member) else int(member))
    members = {m.pk: m for m in Member.objects.filter(pk__in=wanted)}
    problems: list[str] = []
    prepared = []
    for number, line in enumerate(lines, start=1):
        try:
            prepared.append(_prepare_line(union, kind, line, members, by_code, children, negative))
        except ValidationError as exc:
            problems.extend(f"第 {number} 行：{m}" for m in exc.messages)
    if problems:
        raise ValidationError(problems)
    return prepared


def _prepare_line(union, kind, line, members, by_code, children, negative) -> dict:
    unknown = set(line) - {
        "category",
        "amount",
        "payee",
        "pay_form",
        "event",
        "days",
        "participants",
        "shares",
    }
    if unknown:
        raise TypeError(f"unknown voucher line keys: {sorted(unknown)}")
    problems: list[str] = []

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            problems.extend(exc.messages)
            return None

    category = attempt(_category, line.get("category"), kind, by_code, children)
    shares: list[tuple[Member, Decimal]] = []
    seen: set[int] = set()
    for member, raw in line.get("shares") or ():
        pk = member.pk if isinstance(member, Member) else int(member)
        m = members.get(pk)
        label = m.name if m else f"会员 #{pk}"
        amount = attempt(parse_amount, raw, label=f"{label}的金额", allow_negative=negative)
        if m is None or m.union_id != union.pk or m.status not in CURRENT_MEMBER_STATUSES:
            problems.append(f"「{label}」不是本工会的在册会员，不能列入发放名单。")
            continue
        if pk in seen:
            problems.append(f"「{m.name}」在本行名单中重复出现。")
            continue
        seen.add(pk)
        if amount is not None:
            shares.append((m, amount))
    raw_amount = line.get("amount")
    if raw_amount in (None, "") and shares and not problems:
        amount = sum((a for _m, a in shares), ZERO)
    else:
        amount = attempt(parse_amount, raw_amount, allow_negative=negative)
    if shares and amount is not None and not problems:
        total = sum((a for _m, a in shares), ZERO)
        if total != amount:
            problems.append(
                f"金额 {yuan(amount)} 元与名单合计 {yuan(total)} 元（{len(shares)} 人）不一致。"
            )
    pay_form = line.get("pay_form") or PayForm.TRANSFER
    if pay_form not in PayForm.values:
        problems.append("发放形式不正确。")
    days = attempt(_positive_int, line.get("days"), "天数")
    participants = attempt(_positive_int, line.get("participants"), "参与人数")
    payee = str(line.get("payee") or "").strip()
    event = str(line.get("event") or "").strip()
    if len(payee) > 100:
        problems.append("收/付款单位或个人不能超过 100 个字。")
    if len(event) > 100:
        problems.append("事由不能超过 100 个字。")
    if problems:
        raise ValidationError(problems)
    return {
        "category": category,
        "amount": amount,
        "payee": payee,
        "pay_form": pay_form,
        "event": event,
        "days": days,
        "participants": participants,
        "shares": shares,
    }


def write_lines(voucher: Voucher, prepared: list[dict]) -> None:
    rows = VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                voucher=voucher,
                union_id=voucher.union_id,
                status=voucher.status,
                date=voucher.date,
                **{k: v for k, v in p.items() if k != "shares"},
            )
            for p in prepared
        ]
    )
    VoucherShare.objects.bulk_create(
        [
            VoucherShare(line=row, member=m, amount=a)
            for row, p in zip(rows, prepared, strict=True)
            for m, a in p["shares"]
        ]
    )
    voucher.total = sum((p["amount"] for p in prepared), ZERO)


def lines_text(prepared: list[dict]) -> str:
    """The lines in one readable string for the audit trail."""
    parts = []
    for p in prepared:
        text = f"{p['category'].code} {p['category'].name} {yuan(p['amount'])}"
        if p["shares"]:
            text += f"（{len(p['shares'])} 人）"
        parts.append(text)
    return "；".join(parts)
