"""The lines of a voucher: check what a form or a caller sent, write lines and shares.

Each line takes a leaf category of the voucher's kind, an amount (``money.parse_amount``:
two places, never negative outside a reversal), a payee or a list of members with the
amount each (their sum must be the line's amount; every member a current member of the
union) and, per member, what it is paid for (the event key: the line's 事由 unless given,
e.g. the illness of a 住院慰问 or ``care.aid:12``). All problems come back at once, each
with its line number.

These are helpers of the voucher services and of ``care.payments``, called inside their
transactions after their permission checks; they check nobody.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.core import audit
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union

from ..models import Category, Kind, PayForm, Voucher, VoucherLine, VoucherShare
from ..money import ZERO, parse_amount, yuan

EVENT_MAX = 100


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
        for member, *_rest in line.get("shares") or ():
            wanted.add(member.pk if isinstance(member, Member) else int(member))
    # Plain rows, not model instances: a 春节 list holds thousands of members.
    members = {
        row[0]: _Payee(*row)
        for row in Member.objects.filter(pk__in=wanted).values_list(
            "id", "name", "union_id", "status"
        )
    }
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
    event = _words(line.get("event"))
    shares = _prepare_shares(union, line.get("shares") or (), members, event, negative, problems)
    raw_amount = line.get("amount")
    if raw_amount in (None, "") and shares and not problems:
        amount = sum((a for _m, a, _k in shares), ZERO)
    else:
        amount = attempt(parse_amount, raw_amount, allow_negative=negative)
    if shares and amount is not None and not problems:
        total = sum((a for _m, a, _k in shares), ZERO)
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
    if len(payee) > 100:
        problems.append("收/付款单位或个人不能超过 100 个字。")
    if len(event) > EVENT_MAX:
        problems.append(f"事由不能超过 {EVENT_MAX} 个字。")
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


def _words(value) -> str:
    return " ".join(str(value or "").split())


class _Payee(NamedTuple):
    pk: int
    name: str
    union_id: int
    status: str


def _prepare_shares(union, raw_shares, members, event, negative, problems) -> list[tuple]:
    """[(member id, amount, event key)] of one line: each a current member of the union,
    once; the event key as given, else the line's 事由. An amount typed the same for many
    people (one 每人金额) is parsed once."""
    shares: list[tuple[int, Decimal, str]] = []
    seen: set[int] = set()
    parsed: dict[tuple[type, object], Decimal] = {}
    for member, raw, *rest in raw_shares:
        pk = member.pk if isinstance(member, Member) else int(member)
        m = members.get(pk)
        label = m.name if m else f"会员 #{pk}"
        memo = (type(raw), raw) if isinstance(raw, str | Decimal | int) else None
        amount = parsed.get(memo) if memo is not None else None
        if amount is None:
            try:
                amount = parse_amount(raw, label=f"{label}的金额", allow_negative=negative)
            except ValidationError as exc:
                problems.extend(exc.messages)
            else:
                if memo is not None:
                    parsed[memo] = amount
        if m is None or m.union_id != union.pk or m.status not in CURRENT_MEMBER_STATUSES:
            problems.append(f"「{label}」不是本工会的在册会员，不能列入发放名单。")
            continue
        if pk in seen:
            problems.append(f"「{m.name}」在本行名单中重复出现。")
            continue
        seen.add(pk)
        key = _words(rest[0] if rest else "") or event
        if len(key) > EVENT_MAX:
            problems.append(f"「{m.name}」的事项不能超过 {EVENT_MAX} 个字。")
            continue
        if amount is not None:
            shares.append((pk, amount, key))
    return shares


def _line_rows(voucher: Voucher, prepared: list[dict]) -> list[VoucherLine]:
    return VoucherLine.objects.bulk_create(
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


def write_lines(
    voucher: Voucher, prepared: list[dict], *, append: bool = False
) -> list[list[VoucherShare]]:
    """Write the prepared lines and their shares (two bulk inserts, however many payees)
    and set the voucher's total: the lines' sum, or with ``append`` the total so far plus
    theirs. Returns each new line's shares, with their ids."""
    rows = _line_rows(voucher, prepared)
    groups = _insert_shares(rows, [p["shares"] for p in prepared])
    added = sum((p["amount"] for p in prepared), ZERO)
    voucher.total = (voucher.total or ZERO) + added if append else added
    return groups


def _insert_shares(rows: list[VoucherLine], shares: list[list[tuple]]) -> list[list[VoucherShare]]:
    """The shares of new lines by one ``executemany`` (ORM bulk_create spent ten times the
    insert itself compiling 5,000 rows: bench/care_gifts.py), their ids read back in one
    query; returned as instances per line, in the order given."""
    params = [
        (row.pk, member_id, connection.ops.adapt_decimalfield_value(amount, 14, 2), key)
        for row, line_shares in zip(rows, shares, strict=True)
        for member_id, amount, key in line_shares
    ]
    if not params:
        return [[] for _row in rows]
    table = connection.ops.quote_name(VoucherShare._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (line_id, member_id, amount, event_key) VALUES (%s, %s, %s, %s)",
            params,
        )
    ids = {
        (line_id, member_id): pk
        for line_id, member_id, pk in VoucherShare.objects.filter(
            line_id__in=[row.pk for row in rows]
        ).values_list("line_id", "member_id", "pk")
    }
    return [
        [
            VoucherShare(
                id=ids[(row.pk, member_id)],
                line=row,
                member_id=member_id,
                amount=amount,
                event_key=key,
            )
            for member_id, amount, key in line_shares
        ]
        for row, line_shares in zip(rows, shares, strict=True)
    ]


def replace_lines(voucher: Voucher, prepared: list[dict]) -> None:
    """A draft's lines replaced by ``prepared``. A payee paid again on a line of the same
    category for the same event keeps their share row (its id), so what another module
    links to it (a 帮扶 paid through this voucher, ``care.Aid.voucher_share``) survives an
    edit of the draft; a payee taken off the voucher loses the share, and the link with it."""
    old: dict[tuple[int, int, str], list[int]] = {}
    for pk, category_id, member_id, key in VoucherShare.objects.filter(
        line__voucher=voucher
    ).values_list("pk", "line__category_id", "member_id", "event_key"):
        old.setdefault((category_id, member_id, key), []).append(pk)
    old_lines = list(VoucherLine.objects.filter(voucher=voucher).values_list("pk", flat=True))
    rows = _line_rows(voucher, prepared)
    kept, new = [], []
    for row, p in zip(rows, prepared, strict=True):
        for member_id, a, k in p["shares"]:
            reuse = old.get((p["category"].pk, member_id, k))
            share = VoucherShare(line=row, member_id=member_id, amount=a, event_key=k)
            if reuse:
                share.pk = reuse.pop()
                kept.append(share)
            else:
                new.append(share)
    VoucherShare.objects.bulk_update(kept, ["line", "amount"], batch_size=500)
    VoucherShare.objects.bulk_create(new)
    VoucherLine.objects.filter(pk__in=old_lines).delete()
    voucher.total = sum((p["amount"] for p in prepared), ZERO)


def voucher_snapshot(voucher: Voucher) -> dict[str, Any]:
    """The voucher's fields for the audit trail, the overridden violations as their
    messages (what a reader of the trail needs)."""
    snap = audit.snapshot(voucher)
    snap["override_violations"] = [v.get("message") for v in voucher.override_violations or []]
    return snap


def draft_voucher(*, union: Union, date, summary: str, created_by) -> Voucher:
    """A new, empty expense draft (its lines come from ``write_lines``): for a service that
    has checked its actor and drafts on the treasurer's behalf (``care.payments``)."""
    return Voucher.objects.create(
        union=union,
        kind=Kind.EXPENSE,
        date=date,
        summary=summary,
        created_by=created_by,
        created_at=timezone.now(),
    )


def lines_text(prepared: list[dict]) -> str:
    """The lines in one readable string for the audit trail."""
    parts = []
    for p in prepared:
        text = f"{p['category'].code} {p['category'].name} {yuan(p['amount'])}"
        if p["shares"]:
            text += f"（{len(p['shares'])} 人）"
        parts.append(text)
    return "；".join(parts)
