"""Every dues write (会费): bases, the monthly run, payments one by one or by payroll list,
reversals, and booking the month's income. Each function is one transaction with its
audit entry.

Rules (全总《关于中国工会会员会费收交和管理的规定》; 《中国工会章程》第三十条):
members pay dues monthly at the union's rate (default 0.5 %) of the wage items the union
counts; the part of the base under ten yuan is not counted (the default rounding); members
exempt by the union's setting (retired members) or individually (with a reason) are not
charged. Money is ``Decimal`` yuan; in SQL it is computed in integer fen (see
:func:`finance.queries.dues.run_sql`), because SQLite keeps a DecimalField as a REAL.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Round
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core.spreadsheets import read_bytes
from gonghui.orgs.models import Member, Union

from .. import dues_import as sheets
from .. import rules
from ..models import (
    DuesBase,
    DuesBatch,
    DuesCharge,
    DuesPayment,
    DuesRun,
    Kind,
    PaymentMethod,
    Voucher,
    WageItem,
)
from ..money import ZERO, month_label, parse_amount, yuan
from ..queries import dues as q
from ..queries.common import fen_to_yuan, fen_total, settings_for
from . import vouchers


def _grassroots(union: Union) -> None:
    if union.is_federation:
        raise ValidationError("会费在基层工会计算和收缴；上级工会请进入下属基层工会办理。")


# --- bases ----------------------------------------------------------------------------


def _item_amount(item: str, value) -> Decimal:
    label = WageItem(item).label
    if value in (None, ""):
        return ZERO
    try:
        return parse_amount(value, label=label, allow_zero=True)
    except ValidationError as exc:
        raise ValidationError({item: exc.messages}) from None


@transaction.atomic
def dues_base_set(
    *,
    actor,
    member: Member,
    items: dict[str, Decimal],
    exempt: bool = False,
    exempt_reason: str = "",
) -> DuesBase:
    """Set one member's wage items (会费基数) and individual exemption. Items left out keep
    their stored value; a new base starts at zero."""
    member = Member.objects.select_related("union").get(pk=member.pk)
    scoping.require(actor, "finance.change", union=member.union)
    unknown = set(items) - set(q.ITEMS)
    if unknown:
        raise ValidationError(f"没有这些工资项目：{'、'.join(sorted(unknown))}。")
    _grassroots(member.union)
    values = {item: _item_amount(item, value) for item, value in items.items()}
    exempt_reason = (exempt_reason or "").strip()
    if exempt and not exempt_reason:
        raise ValidationError({"exempt_reason": "免交会费须写明原因（如 病休、下岗待岗）。"})
    base = DuesBase.objects.select_for_update().filter(member=member).first()
    before = audit.snapshot(base) if base is not None else None
    if base is None:
        base = DuesBase(member=member)
    base.union = member.union  # follows a member who moved to another union
    for item, amount in values.items():
        setattr(base, item, amount)
    base.exempt = bool(exempt)
    base.exempt_reason = exempt_reason if exempt else ""
    base.save()
    audit.record(actor=actor, action="dues.base", obj=base, before=before)
    return base


# --- the monthly run ------------------------------------------------------------------


@transaction.atomic
def dues_run(*, actor, union: Union, month) -> DuesRun:
    """计算月度会费: create the month's missing charges of the union's current members,
    set-based (one INSERT … SELECT), so running it twice adds nothing the second time.
    Members without a dues base, with a zero amount, exempt (individually or as retired
    when the setting says so), or joined after the month, get no charge. The run is
    recorded even when nothing was missing (``created`` 0)."""
    scoping.require(actor, "finance.change", union=union)
    _grassroots(union)
    month = q.charge_month(month)
    # One run per union at a time (PostgreSQL; SQLite's IMMEDIATE transactions already
    # serialise writers): two runs at once would both see a member as missing.
    Union.objects.select_for_update().filter(pk=union.pk).first()
    settings = settings_for(union)
    statuses = q.charged_statuses(union, settings)
    run = DuesRun.objects.create(
        union=union,
        month=month,
        run_by=scoping.person(actor),
        skipped=DuesCharge.objects.filter(union=union, month=month).count(),
    )
    sql = q.run_sql(
        items=q.counted_items(union, settings),
        rounding=settings.dues_rounding,
        rate=settings.dues_rate,
    )
    sql = sql.replace("{statuses}", ", ".join(["%s"] * len(statuses)))
    ops = connection.ops
    day, end = ops.adapt_datefield_value(month), ops.adapt_datefield_value(q.month_end(month))
    rate = ops.adapt_decimalfield_value(settings.dues_rate, 6, 4)
    params = [day, rate, run.pk, union.pk, *statuses, end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        run.created = max(cursor.rowcount, 0)
    run.total = fen_to_yuan(
        DuesCharge.objects.filter(run=run).aggregate(t=fen_total("amount"))["t"]
    )
    run.save(update_fields=["created", "total"])
    audit.record(
        actor=actor,
        action="dues.run",
        obj=run,
        changes={
            "month": [None, month.isoformat()],
            "created": [None, run.created],
            "skipped": [None, run.skipped],
            "total": [None, str(run.total)],
            "rate": [None, str(settings.dues_rate)],
            "rounding": [None, settings.dues_rounding],
        },
    )
    return run


# --- payments -------------------------------------------------------------------------


def _replayed(union: Union, key: str) -> DuesBatch | None:
    if not key:
        return None
    return DuesBatch.objects.filter(union=union, idempotency_key=key).first()


def _new_batch(batch: DuesBatch) -> DuesBatch | None:
    """Save ``batch``; None when its idempotency key was taken meanwhile (the savepoint
    keeps the surrounding transaction usable on PostgreSQL)."""
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:
        return None
    return batch


def _paid_on(paid_on: datetime.date) -> datetime.date:
    if paid_on is None:
        raise ValidationError({"paid_on": "请填写缴纳日期。"})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "缴纳日期不能晚于今天。"})
    return paid_on


def _method(method: str) -> str:
    if method not in PaymentMethod.values:
        raise ValidationError({"method": "请选择缴纳方式。"})
    return method


@transaction.atomic
def dues_pay(
    *,
    actor,
    union: Union,
    member: Member,
    month,
    amount,
    paid_on: datetime.date,
    method: str,
    note: str = "",
    idempotency_key: str = "",
) -> DuesBatch:
    """登记会费缴纳: one member's payment for one month, as a one-payment batch. A repeated
    ``idempotency_key`` (the same form posted twice) returns the first batch and writes
    nothing."""
    scoping.require(actor, "finance.change", union=union)
    _grassroots(union)
    if (first := _replayed(union, idempotency_key)) is not None:
        return first
    if member.union_id != union.pk:
        raise ValidationError(
            {"member": f"「{member.name}」不是{union.name}的会员，不能在本会登记缴费。"}
        )
    month = q.charge_month(month)
    try:
        amount = parse_amount(amount)
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from None
    paid_on, method = _paid_on(paid_on), _method(method)
    charge = DuesCharge.objects.select_for_update().filter(member=member, month=month).first()
    if charge is None:
        raise ValidationError(
            {
                "month": f"「{member.name}」{month_label(month)}还没有应缴会费记录："
                "请先在会费页面“计算本月会费”；免交会费的会员无需缴纳。"
            }
        )
    outstanding = charge.amount - charge.paid
    if outstanding <= 0:
        raise ValidationError({"amount": f"「{member.name}」{month_label(month)}的会费已缴清。"})
    if amount > outstanding:
        raise ValidationError(
            {
                "amount": f"金额 {yuan(amount)} 元超过「{member.name}」{month_label(month)}"
                f"未缴的 {yuan(outstanding)} 元。"
            }
        )
    batch = _new_batch(
        DuesBatch(
            union=union,
            month=month,
            method=method,
            count=1,
            total=amount,
            idempotency_key=idempotency_key,
            recorded_by=scoping.person(actor),
        )
    )
    if batch is None:  # the same form, posted twice at the same moment
        return DuesBatch.objects.get(union=union, idempotency_key=idempotency_key)
    payment = DuesPayment.objects.create(
        union=union,
        member=member,
        charge=charge,
        batch=batch,
        amount=amount,
        paid_on=paid_on,
        note=(note or "").strip()[:200],
    )
    DuesCharge.objects.filter(pk=charge.pk).update(paid=Round(F("paid") + amount, 2))
    audit.record(
        actor=actor,
        action="dues.pay",
        obj=batch,
        changes={
            "member": [None, member.name],
            "month": [None, month.isoformat()],
            "amount": [None, str(amount)],
            "method": [None, method],
            "paid_on": [None, paid_on.isoformat()],
            "payment": [None, payment.pk],
        },
    )
    return batch


@transaction.atomic
def dues_payment_reverse(*, actor, payment: DuesPayment, reason: str) -> DuesPayment:
    """冲销会费缴纳: a mistaken payment is never deleted; a negative payment that points at
    it cancels it and takes it off the charge. Once only."""
    payment = (
        DuesPayment.objects.select_for_update()
        .select_related("batch", "charge", "member", "union")
        .get(pk=payment.pk)
    )
    scoping.require(actor, "finance.change", union=payment.union)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明冲销原因。"})
    if payment.reverses_id is not None or payment.amount <= 0:
        raise ValidationError("这是一笔冲销记录，不能再冲销。")
    done = DuesPayment.objects.filter(reverses=payment).select_related("batch").first()
    if done is not None:
        when = timezone.localtime(done.batch.recorded_at)
        raise ValidationError(f"这笔缴费已于 {when:%Y-%m-%d %H:%M} 冲销，不能重复冲销。")
    batch = DuesBatch.objects.create(
        union=payment.union,
        month=payment.charge.month,
        method=payment.batch.method,
        count=1,
        total=-payment.amount,
        recorded_by=scoping.person(actor),
    )
    try:
        with transaction.atomic():
            reversal = DuesPayment.objects.create(
                union=payment.union,
                member=payment.member,
                charge=payment.charge,
                batch=batch,
                amount=-payment.amount,
                paid_on=timezone.localdate(),
                reverses=payment,
                note=f"冲销：{reason}"[:200],
            )
    except IntegrityError:  # reversed by someone else a moment ago
        raise ValidationError("这笔缴费刚刚已被冲销，不能重复冲销。") from None
    DuesCharge.objects.filter(pk=payment.charge_id).update(
        paid=Round(F("paid") - payment.amount, 2)
    )
    audit.record(
        actor=actor,
        action="dues.reverse",
        obj=reversal,
        changes={
            "reverses": [None, payment.pk],
            "member": [None, payment.member.name],
            "month": [None, payment.charge.month.isoformat()],
            "amount": [None, str(reversal.amount)],
            "reason": [None, reason],
        },
    )
    return reversal


# --- payroll-deduction list -----------------------------------------------------------


def _full_ids(actor, union: Union) -> bool:
    """Whether an import may match rows on whole ID numbers: for the system and for who may
    see them (``member.reveal``). Anyone else is matched on the name and the masked number,
    so the preview cannot confirm a guessed number (``dues_import.MemberIndex``)."""
    return actor is None or scoping.has_perm(actor, "member.reveal", union=union)


def _already_imported(union: Union, sha256: str) -> None:
    batch = DuesBatch.objects.filter(union=union, idempotency_key=sha256).first()
    if batch is not None:
        when = timezone.localtime(batch.recorded_at)
        raise ValidationError(
            f"这个文件已于 {when:%Y-%m-%d %H:%M} 导入过（{month_label(batch.month)}，"
            f"{batch.count} 笔，合计 {yuan(batch.total)} 元），不能重复导入。"
        )


def dues_import(
    *,
    actor,
    union: Union,
    month,
    file,
    filename: str,
    method: str = PaymentMethod.PAYROLL,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> sheets.DuesImportResult:
    """导入工资代扣名单: record a month's payments from a payroll-deduction spreadsheet
    (bytes, a path or an open file). Rows are matched by ID number or card number; every
    problem is a row error with its Excel row number; nothing is written while any row has
    an error unless ``skip_invalid``; ``dry_run`` checks and reports without writing. The
    SHA-256 of the month and the file is the batch's idempotency key, so the same file is
    never recorded twice for a month (an unchanged deduction list may well serve the next
    month). Raises ValidationError for a file that cannot be used.

    Not ``@transaction.atomic`` as a whole: a dry run takes no write lock; the write checks
    the rows again against the charges locked inside its one transaction."""
    scoping.require(actor, "finance.change", union=union)
    _grassroots(union)
    month = q.charge_month(month)
    method = _method(method)
    data = read_bytes(file)
    sha256 = hashlib.sha256(f"{month:%Y-%m}\n".encode() + data).hexdigest()
    _already_imported(union, sha256)
    parsed = sheets.parse(
        data,
        filename,
        union=union,
        aliases=sheets.PAYMENT_ALIASES,
        read_values=sheets.payment_values,
        needs=("amount",),
        full_ids=_full_ids(actor, union),
    )
    del data
    result = sheets.DuesImportResult(
        month=month,
        header_row=parsed.header_row,
        sheet_name=parsed.sheet_name,
        unknown_columns=parsed.unknown_columns,
        sha256=sha256,
        ignored=parsed.ignored,
    )
    if dry_run:
        sheets.check_payments(result, parsed, union=union, month=month, lock=False)
        return result
    with transaction.atomic():
        sheets.check_payments(result, parsed, union=union, month=month, lock=True)
        if result.rejected and not skip_invalid:
            return result
        if not result.matched:
            raise ValidationError("没有可以导入的行。")
        _write_payments(result, union=union, month=month, method=method, actor=actor,
                        filename=filename)  # fmt: skip
    return result


def _write_payments(result, *, union, month, method, actor, filename) -> None:
    """The batch, its payments (``bulk_create``), the charges they pay (one prepared
    UPDATE run per charge) and the audit entry: inside :func:`dues_import`'s transaction."""
    batch = _new_batch(
        DuesBatch(
            union=union,
            month=month,
            method=method,
            filename=filename[:200],
            count=result.matched,
            total=result.total,
            idempotency_key=result.sha256,
            recorded_by=scoping.person(actor),
        )
    )
    if batch is None:  # the same file, recorded by another request a moment ago
        _already_imported(union, result.sha256)
        raise ValidationError("这个文件刚刚已经导入，不能重复导入。")
    today = timezone.localdate()
    DuesPayment.objects.bulk_create(
        [
            DuesPayment(
                union_id=batch.union_id,
                member_id=r.member.pk,
                charge_id=charge_id,
                batch=batch,
                amount=amount,
                paid_on=today,
                note="工资代扣" if method == PaymentMethod.PAYROLL else "",
            )
            for r, charge_id, amount in result.good
        ],
        batch_size=500,
    )
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_decimalfield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            # ROUND keeps SQLite's REAL the nearest double to the two-place sum, as the
            # amount is, so "paid < amount" compares as the decimals do.
            f"UPDATE {qn(DuesCharge._meta.db_table)} SET paid = ROUND(paid + %s, 2) WHERE id = %s",
            [(adapt(amount, 14, 2), charge_id) for _, charge_id, amount in result.good],
        )
    audit.record(
        actor=actor,
        action="dues.import",
        obj=batch,
        changes={
            "filename": [None, batch.filename],
            "sha256": [None, result.sha256],
            "month": [None, month.isoformat()],
            "count": [None, batch.count],
            "total": [None, str(batch.total)],
            "rejected": [None, len(result.rejected)],
        },
    )
    result.batch = batch
    result.written = True


# --- bases from a payroll sheet -------------------------------------------------------


def dues_base_import(
    *,
    actor,
    union: Union,
    file,
    filename: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> sheets.BaseImportResult:
    """导入会费基数: set many members' wage items at once from a payroll sheet (工资表).
    Columns are named by the wage items (基本工资, 岗位工资, 基础性绩效工资, 津贴补贴,
    奖金); a column the file lacks keeps the stored value, a blank cell is zero. Rows are
    matched and checked as in :func:`dues_import`; all or nothing unless ``skip_invalid``;
    ``dry_run`` checks and reports without writing; one audit entry for the file."""
    scoping.require(actor, "finance.change", union=union)
    _grassroots(union)
    data = read_bytes(file)
    full_ids = _full_ids(actor, union)
    if dry_run:
        return _compare_bases(data, filename, union=union, full_ids=full_ids)[0]
    try:
        with transaction.atomic():
            result, new, changed, items, sha256 = _compare_bases(
                data, filename, union=union, full_ids=full_ids
            )
            if result.rejected and not skip_invalid:
                return result
            DuesBase.objects.bulk_create(new, batch_size=500)
            DuesBase.objects.bulk_update(
                changed, [*sheets.BASE_FIELDS, "union", "updated_at"], batch_size=500
            )
            audit.record(
                actor=actor,
                action="dues.base",
                obj=union,
                changes={
                    "filename": [None, filename[:200]],
                    "sha256": [None, sha256],
                    "items": [None, items],
                    "created": [None, result.created],
                    "updated": [None, result.updated],
                    "unchanged": [None, result.unchanged],
                    "rejected": [None, len(result.rejected)],
                },
            )
    except IntegrityError:  # another writer gave one of these members a base meanwhile
        raise ValidationError(
            "导入时有会员的会费基数刚被修改，本次未写入任何数据，请重新导入。"
        ) from None
    result.written = True
    return result


def _compare_bases(data: bytes, filename: str, *, union: Union, full_ids: bool):
    """(result, bases to create, bases to change, wage items in the file, SHA-256)."""
    parsed = sheets.parse(
        data, filename, union=union, aliases=sheets.BASE_ALIASES,
        read_values=sheets.base_values, full_ids=full_ids,
    )  # fmt: skip
    items = [i for i in q.ITEMS if i in parsed.columns]
    if not items and "exempt" not in parsed.columns:
        raise ValidationError(
            f"第 {parsed.header_row} 行的表头中没有工资项目列（基本工资、岗位工资、基础性绩效工资、"
            "津贴补贴、奖金），无法设置会费基数。"
        )
    result = sheets.BaseImportResult(
        items=[WageItem(i).label for i in items],
        unknown_columns=parsed.unknown_columns,
        header_row=parsed.header_row,
        sheet_name=parsed.sheet_name,
        ignored=parsed.ignored,
    )
    new, changed = sheets.compare_bases(result, parsed, union=union, items=items,
                                        counted=q.counted_items(union))  # fmt: skip
    return result, new, changed, items, hashlib.sha256(data).hexdigest()


# --- booking the month's income ---------------------------------------------------------


@transaction.atomic
def dues_book(*, actor, union: Union, month) -> Voucher:
    """会费收入入账: one draft income voucher (科目 401 会费收入) for the month's batches not
    yet booked, and the batches linked to it, so no batch is booked twice. The voucher
    then goes through the voucher workflow (submit, approve, post) like any other."""
    scoping.require(actor, "finance.change", union=union)
    _grassroots(union)
    month = q.charge_month(month)
    Union.objects.select_for_update().filter(pk=union.pk).first()  # one booking at a time
    batches = list(
        DuesBatch.objects.filter(union=union, month=month, voucher__isnull=True).order_by("pk")
    )
    label = month_label(month)
    if not batches:
        raise ValidationError(f"{label}没有未入账的会费收缴记录。")
    total = sum((b.total for b in batches), ZERO)
    if total <= 0:
        raise ValidationError(
            f"{label}未入账的会费合计为 {yuan(total)} 元（含冲销），不能填制收入凭证；"
            "已入账的会费如需更正，请在凭证中填制冲销凭证。"
        )
    payments = sum(b.count for b in batches if b.total > 0)
    today = timezone.localdate()
    voucher = vouchers.voucher_create(
        actor=actor,
        union=union,
        kind=Kind.INCOME,
        date=min(today, q.month_end(month)),
        summary=f"收{label}会员会费（{len(batches)}批，{payments}笔）",
        lines=[{"category": rules.DUES_CATEGORY, "amount": total, "payee": "本会会员"}],
        idempotency_key=hashlib.sha256(
            f"dues-book:{month:%Y-%m}:{','.join(str(b.pk) for b in batches)}".encode()
        ).hexdigest(),
    )
    DuesBatch.objects.filter(pk__in=[b.pk for b in batches]).update(voucher=voucher)
    audit.record(
        actor=actor,
        action="dues.book",
        obj=voucher,
        changes={
            "month": [None, month.isoformat()],
            "batches": [None, [b.pk for b in batches]],
            "total": [None, str(total)],
        },
    )
    return voucher
