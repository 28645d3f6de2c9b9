"""Helpers for the budget, statements, review and home tests (no tests here).

``ledger_voucher`` takes a voucher through the voucher services (draft → submitted →
approved → posted, stopping at ``status``), so the budget check and the spending rules
run as they do for a user. ``fast_voucher`` writes the same rows straight with the ORM,
for property tests and large fixtures where the workflow is not under test.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.finance.models import Category, Voucher, VoucherLine, VoucherStatus
from gonghui.finance.services import vouchers as vs

S = VoucherStatus
STEPS = [S.DRAFT, S.SUBMITTED, S.APPROVED, S.POSTED]


def _kind(lines):
    return Category.objects.get(code=lines[0][0]).kind


def ledger_voucher(
    world,
    lines,
    *,
    union=None,
    date=datetime.date(2026, 3, 1),
    status=S.POSTED,
    summary="测试凭证",
    maker=None,
) -> Voucher:
    """A voucher of ``lines`` [(category code, amount), …], taken up to ``status``. The
    maker defaults to the school's treasurer; the approver is the union's chair."""
    union = union or world.school
    approver = world.chair if union == world.school else world.outsider
    if maker is None and union == world.school:
        maker = world.treasurer
    voucher = vs.voucher_create(
        actor=maker,
        union=union,
        kind=_kind(lines),
        date=date,
        summary=summary,
        lines=[{"category": code, "amount": str(amount)} for code, amount in lines],
    )
    return advance(voucher, status, maker=maker, approver=approver)


def advance(voucher, status, *, maker, approver):
    todo = STEPS[STEPS.index(voucher.status) + 1 : STEPS.index(status) + 1]
    for step in todo:
        if step == S.SUBMITTED:
            voucher = vs.voucher_submit(actor=maker, voucher=voucher)
        elif step == S.APPROVED:
            voucher = vs.voucher_approve(actor=approver, voucher=voucher)
        elif step == S.POSTED:
            voucher = vs.voucher_post(actor=approver, voucher=voucher)
    return voucher


def reverse_voucher(world, original: Voucher, *, date=None, status=S.POSTED) -> Voucher:
    """The reversing voucher of ``original`` (the same lines negated), taken to ``status``."""
    union = original.union
    approver = world.chair if union == world.school else world.outsider
    maker = world.treasurer if union == world.school else None
    reversal = vs.voucher_reverse(
        actor=maker, voucher=original, reason="金额有误", date=date or original.date
    )
    return advance(reversal, status, maker=maker, approver=approver)


def fast_voucher(
    union, lines, *, date=datetime.date(2026, 3, 1), status=S.POSTED, reverses=None, kind=None
) -> Voucher:
    """The rows the services would leave, written directly (no checks, no audit)."""
    cats = {c.code: c for c in Category.objects.filter(code__in=[code for code, _ in lines])}
    kind = kind or cats[lines[0][0]].kind
    amounts = [Decimal(str(a)) for _, a in lines]
    voucher = Voucher.objects.create(
        union=union,
        kind=kind,
        date=date,
        summary="测试凭证",
        status=status,
        total=sum(amounts, Decimal("0")),
        reverses=reverses,
    )
    VoucherLine.objects.bulk_create(
        VoucherLine(
            voucher=voucher,
            union=union,
            category=cats[code],
            amount=amount,
            status=status,
            date=date,
        )
        for (code, _), amount in zip(lines, amounts, strict=True)
    )
    return voucher
