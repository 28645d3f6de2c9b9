"""Every write to the mutual-aid fund (储金会/互助金): deposits, withdrawals of savings,
loans and repayments. Each is one transaction with its audit entry.

The fund lends only what it holds. Every service first locks the union's own
``FinanceSettings`` row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE
transactions already serialise writers), then reads the balance and writes: two loans
asked for at the same moment are decided one after the other, so together they can never
take the fund below zero. Entries are never edited; a mistaken one is corrected by the
opposite movement (a deposit by a withdrawal, and so on), as the ledger's rule asks.

Idempotency: the key a form posts is kept on the entry (unique per union); under the same
lock, a repeated key returns the entry the first submission wrote.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.orgs.models import Member, Union

from ..models import AidEntry, AidEntryKind, FinanceSettings
from ..money import parse_amount, yuan
from ..queries import aid as q

K = AidEntryKind
OBJECT_TYPE = AidEntry._meta.label_lower
# The longest loan term the form offers; a longer one is a typo more often than a plan.
MAX_MONTHS = 60


def _lock_fund(union: Union) -> FinanceSettings:
    """Lock the union's own settings row, which serialises every write to its fund."""
    row = FinanceSettings.objects.select_for_update().filter(union=union).first()
    if row is None or not row.mutual_aid:
        raise ValidationError("本会未开办储金会/互助金。")
    return row


def _check_date(on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天。"})


def _check_current(union: Union, member: Member) -> None:
    """Saving in and borrowing from the fund is for the union's current members."""
    if member.union_id != union.pk:
        raise ValidationError({"member": f"「{member}」不是本会会员。"})
    if not member.is_current:
        raise ValidationError(
            {"member": f"「{member}」当前状态为“{member.get_status_display()}”，不能办理此事项。"}
        )


def _replayed(union: Union, key: str, kind: str) -> AidEntry | None:
    """The entry an earlier submission with ``key`` wrote, if any (call under the lock)."""
    if not key:
        return None
    entry = AidEntry.objects.filter(union=union, idempotency_key=key).first()
    if entry is not None and entry.kind != kind:
        raise ValidationError("该提交编号已用于另一笔业务，请刷新页面后重新填写。")
    return entry


def _write(*, actor, entry: AidEntry, action: str, key: str) -> AidEntry:
    entry.recorded_by = actor if getattr(actor, "pk", None) else None
    entry.idempotency_key = key
    entry.save()
    audit.record(actor=actor, action=action, obj=entry, before=None)
    return entry


def _amount(value) -> Decimal:
    try:
        return parse_amount(value)
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from None


@transaction.atomic
def aid_deposit(
    *,
    actor,
    union: Union,
    member: Member,
    amount,
    on: datetime.date,
    note: str = "",
    idempotency_key: str = "",
) -> AidEntry:
    """存入: a current member puts savings into the fund."""
    scoping.require(actor, "finance.change", union=union)
    _lock_fund(union)
    if (entry := _replayed(union, idempotency_key, K.DEPOSIT)) is not None:
        return entry
    amount = _amount(amount)
    _check_current(union, member)
    _check_date(on)
    entry = AidEntry(union=union, member=member, kind=K.DEPOSIT, amount=amount, on=on, note=note)
    return _write(actor=actor, entry=entry, action="aid.deposit", key=idempotency_key)


@transaction.atomic
def aid_withdraw(
    *,
    actor,
    union: Union,
    member: Member,
    amount,
    on: datetime.date,
    note: str = "",
    idempotency_key: str = "",
) -> AidEntry:
    """退还储金: pay a member back savings, never more than they have in the fund nor more
    than the fund holds in cash (the rest is lent out). A member who has left the union
    is paid back too: the money is theirs, whatever their status."""
    scoping.require(actor, "finance.change", union=union)
    _lock_fund(union)
    if (entry := _replayed(union, idempotency_key, K.WITHDRAW)) is not None:
        return entry
    amount = _amount(amount)
    _check_date(on)
    own = q.totals(union, member).savings
    if amount > own:
        raise ValidationError(
            {"amount": f"「{member}」的储金余额为 {yuan(own)} 元，不能退还 {yuan(amount)} 元。"}
        )
    cash = q.totals(union).balance
    if amount > cash:
        raise ValidationError(
            {
                "amount": f"互助金现有结余 {yuan(cash)} 元（其余已借出未还），"
                f"暂不能退还 {yuan(amount)} 元。"
            }
        )
    entry = AidEntry(union=union, member=member, kind=K.WITHDRAW, amount=amount, on=on, note=note)
    return _write(actor=actor, entry=entry, action="aid.withdraw", key=idempotency_key)


@transaction.atomic
def aid_loan(
    *,
    actor,
    union: Union,
    member: Member,
    amount,
    on: datetime.date,
    months: int,
    note: str = "",
    idempotency_key: str = "",
) -> AidEntry:
    """借出: lend a current member ``amount``, repaid in ``months`` equal monthly
    instalments. Never more than the fund holds at this moment (the lock makes "this
    moment" exact), and not while the member still owes on an earlier loan."""
    scoping.require(actor, "finance.change", union=union)
    _lock_fund(union)
    if (entry := _replayed(union, idempotency_key, K.LOAN)) is not None:
        return entry
    amount = _amount(amount)
    _check_current(union, member)
    _check_date(on)
    if not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise ValidationError({"months": f"借款期限应为 1 至 {MAX_MONTHS} 个月。"})
    owing = q.loans(union, member=member, open_only=True).first()
    if owing is not None:
        raise ValidationError(
            {
                "member": f"「{member}」尚有 {owing.on:%Y-%m-%d} 的借款未还清，"
                f"尚欠 {yuan(q.outstanding_of(owing))} 元；还清后才能再借。"
            }
        )
    balance = q.totals(union).balance
    if amount > balance:
        raise ValidationError(
            {"amount": f"互助金现有结余 {yuan(balance)} 元，不足以借出 {yuan(amount)} 元。"}
        )
    entry = AidEntry(
        union=union, member=member, kind=K.LOAN, amount=amount, on=on, months=months, note=note
    )
    return _write(actor=actor, entry=entry, action="aid.loan", key=idempotency_key)


@transaction.atomic
def aid_repay(
    *,
    actor,
    loan: AidEntry,
    amount,
    on: datetime.date,
    note: str = "",
    idempotency_key: str = "",
) -> AidEntry:
    """还款: a repayment against ``loan``, never more than it still owes. Taken from a
    borrower who has since left the union too: the debt stays with the fund."""
    union = loan.union
    scoping.require(actor, "finance.change", union=union)
    if loan.kind != K.LOAN:
        raise ValidationError("只能对借款登记还款。")
    _lock_fund(union)
    # Re-read under the lock: the caller's copy may carry a stale ``repaid_fen`` annotation.
    loan = AidEntry.objects.select_related("union").get(pk=loan.pk)
    if (entry := _replayed(union, idempotency_key, K.REPAY)) is not None:
        return entry
    amount = _amount(amount)
    _check_date(on)
    if on < loan.on:
        raise ValidationError({"on": f"还款日期不能早于借款日期 {loan.on:%Y-%m-%d}。"})
    outstanding = q.outstanding_of(loan)
    if outstanding <= 0:
        raise ValidationError("该笔借款已还清。")
    if amount > outstanding:
        raise ValidationError(
            {"amount": f"该笔借款尚欠 {yuan(outstanding)} 元，还款不能超过此数。"}
        )
    entry = AidEntry(
        union=union,
        member_id=loan.member_id,
        kind=K.REPAY,
        amount=amount,
        on=on,
        loan=loan,
        note=note,
    )
    return _write(actor=actor, entry=entry, action="aid.repay", key=idempotency_key)
