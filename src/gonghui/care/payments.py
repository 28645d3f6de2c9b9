"""Money for care (送温暖与帮扶): the one way the care module pays anyone.

A 帮扶, condolence, gift or grant paid in money becomes a line of a draft **expense voucher**
with one share per payee (member, amount, event key). Nothing is paid by this: the treasurer
submits the draft, the spending rules (``finance.spending.check_voucher``: caps per person
and year, once a year per illness, once ever, more than N days…) and the budget check it
then, the approver approves it and it is posted like any other voucher. So care records who
was helped and why; finance decides whether the money may go out.

Whoever pays from care calls :func:`payment_draft` — a 帮扶 (``care.services.aid_record``),
a visit's 慰问金 (``care.services_visits``: a 住院 keyed by the illness with its days, a
campaign's visits appended to one draft), 金秋助学 and 疗休养 — and keeps the share it gets back in
its own ``voucher_share`` foreign key, to show the voucher and its state on its page. A
share survives the treasurer's edits of the draft as long as the payee stays on a line of
the same category for the same event (``finance.services.voucher_lines.replace_lines``);
a payee taken off the voucher (or a deleted draft) leaves the key empty (``SET_NULL``).

**Permission: ``care.change``** (checked first, as in every service). The people who decide
a 帮扶 — the chair and the committee member in charge of welfare (a post, not a role:
``core.scoping.DUTY_PERMS``) — hold ``care.change`` but the welfare member holds no finance
permission, and the treasurer, who holds ``finance.change``, may not open hardship files.
Asking for ``finance.change`` would make every 帮扶 a two-person job before the money is even
proposed. A draft moves no money: submitting it still needs ``finance.change``, approving it
the union's approver role (four eyes: not whoever drafted it), and the spending rules still
apply; so the care decision is what this write needs, and the draft names the care user as
its 制单人.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit, scoping
from gonghui.finance.models import Kind, PayForm, Voucher, VoucherShare, VoucherStatus
from gonghui.finance.services.voucher_lines import (
    draft_voucher,
    lines_text,
    prepare_lines,
    voucher_snapshot,
    write_lines,
)
from gonghui.orgs.models import Member, Union

SUMMARY_MAX = 200
# 维权支出—困难帮扶 (《工会会计制度》): where a 资金帮扶 of a hardship file is booked.
AID_CATEGORY = "50201"


@dataclass(frozen=True)
class Payee:
    """One person paid: a current member of the union (or their id), the amount in yuan
    (``Decimal`` or text, two places, more than zero) and what it is for — the key the
    once-per-event rules count by, e.g. ``"care.aid:12"`` or the illness of a 住院慰问.
    Empty: the line's ``event`` (事由)."""

    member: Member | int
    amount: Decimal | str
    event_key: str = ""


@transaction.atomic
def payment_draft(
    *,
    actor,
    union: Union,
    category: str,
    payees: Iterable[Payee | tuple],
    date: datetime.date,
    summary: str,
    event: str = "",
    pay_form: str = PayForm.TRANSFER,
    days: int | None = None,
    voucher: Voucher | None = None,
    source: str = "",
) -> list[VoucherShare]:
    """Pay ``payees`` through the books: one line in ``category`` (a leaf expense category
    code, e.g. "50201" 困难帮扶, "50202" 送温暖, "50103" 住院慰问) with one share per payee, on
    a new draft expense voucher of ``union`` dated ``date`` with ``summary`` — or appended to
    ``voucher``, a draft expense voucher of the same union the caller names (a campaign
    gathering its payments on one voucher). Returns the shares, in the order of ``payees``,
    with their ids: keep each in your record's ``voucher_share``.

    ``event`` is the line's 事由 as the treasurer reads it (and every payee's event key unless
    the payee gives one); ``pay_form``, ``days`` (a hospital stay, for the more-than-N-days
    rule) as on any voucher line; ``source`` says in the audit trail what the payment comes
    from (e.g. "困难职工帮扶"). Nothing here judges the spending rules: they run when the
    voucher is submitted.

    One transaction with its audit entry (``voucher.create``, or ``voucher.update`` when
    appending, on the voucher). Thousands of payees cost the same few queries: the members
    are read in one query and the line and shares written in two bulk inserts.

    Refused (``ValidationError``, Chinese, nothing written): no payee, an amount that is not
    positive with two places, a payee who is not a current member of the union or is listed
    twice, a category that is not a leaf expense category, a federation, and a ``voucher``
    that is not a draft expense voucher of the union (or is a reversal). Appending drops a
    chair's earlier override of the voucher: it was given for the old lines.
    """
    scoping.require(actor, "care.change", union=union)
    rows = [p if isinstance(p, Payee) else Payee(*p) for p in payees]
    if not rows:
        raise ValidationError("请至少列出一名发放对象。")
    if union.is_federation:
        raise ValidationError("上级工会不在本平台记账；发放请在基层工会办理。")
    text = " ".join(str(summary or "").split())[:SUMMARY_MAX]
    if not text:
        raise ValidationError("请填写摘要，说明这笔发放的事由。")
    line = {
        "category": category,
        "amount": "",
        "pay_form": pay_form,
        "event": event,
        "days": days,
        "shares": [(p.member, p.amount, p.event_key) for p in rows],
    }
    try:
        prepared = prepare_lines(union, Kind.EXPENSE, [line])
    except ValidationError as exc:
        # One line only: its number would only puzzle whoever recorded the 帮扶.
        raise ValidationError([m.removeprefix("第 1 行：") for m in exc.messages]) from None
    if voucher is None:
        return _new_voucher(actor, union, date, text, prepared, source)
    return _append(actor, union, voucher, prepared, source)


@transaction.atomic
def lump_draft(
    *,
    actor,
    union: Union,
    category: str,
    amount: Decimal,
    payee: str,
    date: datetime.date,
    summary: str,
    event: str,
    source: str,
) -> Voucher:
    """A payment to an organisation rather than to members (a 互助保障 premium to its
    provider): one line of ``amount`` to ``payee`` without per-member shares, on a new draft
    expense voucher — shares would count against each member's caps. The caller checks
    ``care.change`` and what the money is for; the same writer and audit entry as
    :func:`payment_draft`."""
    scoping.require(actor, "care.change", union=union)
    line = {"category": category, "amount": amount, "payee": payee, "event": event}
    prepared = prepare_lines(union, Kind.EXPENSE, [line])
    voucher, _ = _write_new(actor, union, date, summary, prepared, source)
    return voucher


def _new_voucher(actor, union, date, summary, prepared, source) -> list[VoucherShare]:
    _, (shares,) = _write_new(actor, union, date, summary, prepared, source)
    return shares


def _write_new(actor, union, date, summary, prepared, source):
    voucher = draft_voucher(
        union=union, date=date, summary=summary, created_by=scoping.person(actor)
    )
    shares = write_lines(voucher, prepared)
    voucher.save(update_fields=["total"])
    changes = audit.diff(None, voucher_snapshot(voucher)) | {
        "分录": [None, lines_text(prepared)],
        "来源": [None, source or "帮扶与慰问"],
    }
    audit.record(actor=actor, action="voucher.create", obj=voucher, changes=changes)
    return voucher, shares


def _append(actor, union, voucher, prepared, source) -> list[VoucherShare]:
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.union_id != union.pk:
        raise ValidationError("只能并入本工会的凭证草稿。")
    if voucher.status != VoucherStatus.DRAFT or voucher.kind != Kind.EXPENSE:
        raise ValidationError("只能并入尚未提交的支出凭证草稿；该凭证已提交或不是支出凭证。")
    if voucher.is_reversal:
        raise ValidationError("冲销凭证不能追加分录。")
    before = voucher_snapshot(voucher)
    (shares,) = write_lines(voucher, prepared, append=True)
    voucher.override_reason = ""
    voucher.override_by = None
    voucher.override_at = None
    voucher.override_violations = []
    voucher.save()
    changes = audit.diff(before, voucher_snapshot(voucher)) | {
        "分录": [None, f"追加 {lines_text(prepared)}"],
        "来源": [None, source or "帮扶与慰问"],
    }
    audit.record(actor=actor, action="voucher.update", obj=voucher, changes=changes)
    return shares
