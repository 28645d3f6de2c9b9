"""Vouchers (记账凭证): draft → submitted → approved → posted, and reversals.

Rules kept here (《工会会计制度》, 《基层工会经费收支管理办法》):
- posted vouchers are never edited: a correction is a reversing voucher that points at the
  original, goes through the same steps, and is the only place a negative amount may appear;
- four eyes: the approver holds the union's approver role (``FinanceSettings.approver_role``,
  default 工会主席) and neither drafted nor submitted the voucher;
- spending rules and the adopted budget are checked at submission and again at approval;
  a chair may let a voucher past a spending rule only with a written reason, kept for 经审;
- the number 记-YYYY-NNNN is given at posting, in sequence per union and year.

Every transition locks the voucher row and re-reads its status, so two people pressing the
same button at once give one transition and a clear message to the other.

Each service first checks its actor's permission on the voucher's union
(``scoping.require``; ``actor=None`` is the system): ``finance.change`` to draft, edit,
delete, submit and reverse; ``finance.approve`` to approve and post; ``finance.override``
to let a voucher past a spending rule; ``finance.view`` to return one, which then must be
its submitter or the union's approver. The four-eyes rules that follow name a person, so
the system itself never approves, posts or overrides.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.orgs.models import Union

from .. import spending
from ..models import (
    Attachment,
    DuesBatch,
    Voucher,
    VoucherLine,
    VoucherStatus,
)
from ..queries.budget import budget_check
from ..queries.common import settings_for
from ..queries.vouchers import is_approver
from .voucher_lines import (
    lines_text,
    prepare_lines,
    replace_lines,
    voucher_snapshot,
    write_lines,
)

S = VoucherStatus
OVERRIDE_REASON_MIN = 10
STATUS_REFUSALS: dict[str, str] = {
    S.DRAFT: "该凭证还是草稿，尚未提交。",
    S.SUBMITTED: "该凭证已提交，正在等待审批。",
    S.APPROVED: "该凭证已审批，等待记账。",
    S.POSTED: "该凭证已记账，不能再修改；如有错误请填制冲销凭证。",
}


# --- helpers ------------------------------------------------------------------------


def _lock(voucher: Voucher) -> Voucher:
    """The voucher row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite's
    IMMEDIATE transactions already serialise writers), with its current status."""
    return Voucher.objects.select_for_update().get(pk=voucher.pk)


def _need(voucher: Voucher, *statuses: str) -> None:
    if voucher.status not in statuses:
        raise ValidationError(STATUS_REFUSALS[voucher.status])


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"日期“{value}”格式不对，请写成 2026-03-08。") from None


def _summary(value: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({"summary": "请填写摘要，说明这笔收支的事由。"})
    if len(text) > 200:
        raise ValidationError({"summary": "摘要不能超过 200 个字。"})
    return text


_snap = voucher_snapshot


def _sync_lines(voucher: Voucher) -> None:
    """VoucherLine carries the voucher's status and date for the statements' one-table sums."""
    VoucherLine.objects.filter(voucher=voucher).update(status=voucher.status, date=voucher.date)


def _holds_approver_role(actor, union: Union) -> bool:
    return scoping.person(actor) is not None and is_approver(actor, union)


def _checks(voucher: Voucher) -> list[str]:
    """Run the spending rules and the budget; refuse with every message, return warnings.

    Violations a chair has already let through (same message but for its 依据: same rule,
    member, cap and total) pass; anything new or changed since needs a new decision."""
    overridden = {
        spending.message_key(v.get("message", "")) for v in voucher.override_violations or []
    }
    blocking = [
        v.message
        for v in spending.check_voucher(voucher)
        if spending.message_key(v.message) not in overridden
    ]
    warnings: list[str] = []
    if not voucher.is_reversal:
        result = budget_check(voucher=voucher)
        blocking.extend(result.errors)
        warnings = list(result.warnings)
    if blocking:
        raise ValidationError(blocking)
    return warnings


# --- creating and editing drafts ------------------------------------------------------


@transaction.atomic
def voucher_create(
    *,
    actor,
    union: Union,
    kind: str,
    date,
    summary: str,
    lines: list[dict],
    idempotency_key: str = "",
) -> Voucher:
    """A draft voucher. A repeated ``idempotency_key`` for the union (a form posted twice)
    returns the first voucher and writes nothing."""
    scoping.require(actor, "finance.change", union=union)
    key = str(idempotency_key or "")[:64]
    if key:
        existing = Voucher.objects.filter(union=union, idempotency_key=key).first()
        if existing is not None:
            return existing
    if union.is_federation:
        raise ValidationError("上级工会不在本平台记账；凭证请在基层工会填制。")
    day = _date(date)
    text = _summary(summary)
    prepared = prepare_lines(union, kind, lines)
    voucher = Voucher(
        union=union,
        kind=kind,
        date=day,
        summary=text,
        idempotency_key=key,
        created_by=scoping.person(actor),
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            voucher.save()
    except IntegrityError:
        # The same form, posted twice at once: the other request saved it first.
        existing = Voucher.objects.filter(union=union, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    write_lines(voucher, prepared)
    voucher.save(update_fields=["total"])
    changes = audit.diff(None, _snap(voucher)) | {"分录": [None, lines_text(prepared)]}
    audit.record(actor=actor, action="voucher.create", obj=voucher, changes=changes)
    return voucher


@transaction.atomic
def voucher_update(*, actor, voucher: Voucher, date, summary: str, lines: list[dict]) -> Voucher:
    """Replace a draft's date, summary and lines. A chair's earlier override no longer
    applies: it was given for the old lines. A payee still paid on a line of the same
    category for the same event keeps their share (``voucher_lines.replace_lines``)."""
    scoping.require(actor, "finance.change", union=voucher.union)
    voucher = _lock(voucher)
    _need(voucher, S.DRAFT)
    if voucher.is_reversal:
        raise ValidationError("冲销凭证的分录由原凭证决定，不能修改；如需更改，请删除后重新冲销。")
    before = _snap(voucher)
    old_text = lines_text(_current_lines(voucher))
    voucher.date = _date(date)
    voucher.summary = _summary(summary)
    prepared = prepare_lines(voucher.union, voucher.kind, lines)
    replace_lines(voucher, prepared)
    voucher.override_reason = ""
    voucher.override_by = None
    voucher.override_at = None
    voucher.override_violations = []
    voucher.save()
    changes = audit.diff(before, _snap(voucher))
    new_text = lines_text(prepared)
    if new_text != old_text:
        changes["分录"] = [old_text, new_text]
    audit.record(actor=actor, action="voucher.update", obj=voucher, changes=changes)
    return voucher


def _current_lines(voucher: Voucher) -> list[dict]:
    lines = voucher.lines.select_related("category").prefetch_related("shares").order_by("id")
    return [
        {"category": ln.category, "amount": ln.amount, "shares": list(ln.shares.all())}
        for ln in lines
    ]


@transaction.atomic
def voucher_delete(*, actor, voucher: Voucher) -> None:
    """Delete a draft. Drafts never carry a number, so the sequence has no gaps."""
    scoping.require(actor, "finance.change", union=voucher.union)
    voucher = _lock(voucher)
    _need(voucher, S.DRAFT)
    if voucher.number:  # pragma: no cover - numbers are only given at posting
        raise ValidationError("已编号的凭证不能删除。")
    names = list(voucher.attachments.values_list("name", flat=True))
    changes = audit.diff(_snap(voucher), None)
    changes["分录"] = [lines_text(_current_lines(voucher)), None]
    if names:
        changes["附件"] = ["、".join(names), None]
    audit.record(actor=actor, action="voucher.delete", obj=voucher, changes=changes)
    # A dues-income draft (dues_book) gives its payment batches back: they count as not
    # yet booked and the next booking takes them again.
    DuesBatch.objects.filter(voucher=voucher).update(voucher=None)
    Attachment.objects.filter(voucher=voucher).delete()
    voucher.delete()


# --- the workflow ----------------------------------------------------------------------


@transaction.atomic
def voucher_submit(*, actor, voucher: Voucher) -> Voucher:
    """Draft → submitted, after the spending rules and the budget. Budget warnings (≥ the
    union's warning ratio) do not stop it; they come back on ``voucher.warnings``."""
    scoping.require(actor, "finance.change", union=voucher.union)
    voucher = _lock(voucher)
    if voucher.status == S.SUBMITTED:
        raise ValidationError("该凭证已提交，请勿重复提交。")
    _need(voucher, S.DRAFT)
    if not voucher.lines.exists():
        raise ValidationError("凭证至少要有一行分录。")
    before = _snap(voucher)
    warnings = _checks(voucher)
    voucher.status = S.SUBMITTED
    voucher.submitted_by = scoping.person(actor)
    voucher.submitted_at = timezone.now()
    voucher.returned_reason = ""
    voucher.save()
    _sync_lines(voucher)
    audit.record(
        actor=actor,
        action="voucher.submit",
        obj=voucher,
        changes=audit.diff(before, _snap(voucher)),
    )
    voucher.warnings = warnings
    return voucher


@transaction.atomic
def voucher_return(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """Submitted → draft with the reason, by an approver or by the submitter (withdrawing):
    ``finance.view`` to reach the books, then one of those two people."""
    scoping.require(actor, "finance.view", union=voucher.union)
    voucher = _lock(voucher)
    if voucher.status == S.DRAFT:
        raise ValidationError("该凭证已退回为草稿。")
    _need(voucher, S.SUBMITTED)
    text = " ".join(str(reason or "").split())
    if not text:
        raise ValidationError({"reason": "请填写退回原因。"})
    if len(text) > 300:
        raise ValidationError({"reason": "退回原因不能超过 300 个字。"})
    own = scoping.person(actor) is not None and actor.pk == voucher.submitted_by_id
    if not own and not _holds_approver_role(actor, voucher.union):
        raise ValidationError("只有审批人或提交人可以退回该凭证。")
    before = _snap(voucher)
    voucher.status = S.DRAFT
    voucher.submitted_by = None
    voucher.submitted_at = None
    voucher.returned_reason = text
    voucher.save()
    _sync_lines(voucher)
    audit.record(
        actor=actor,
        action="voucher.return",
        obj=voucher,
        changes=audit.diff(before, _snap(voucher)),
    )
    return voucher


@transaction.atomic
def voucher_approve(*, actor, voucher: Voucher) -> Voucher:
    """Submitted → approved, by a holder of the union's approver role who neither drafted nor
    submitted it; the rules and the budget are checked again (others may have spent since)."""
    scoping.require(actor, "finance.approve", union=voucher.union)
    voucher = _lock(voucher)
    if voucher.status in (S.APPROVED, S.POSTED):
        who = voucher.approved_by or "他人"
        raise ValidationError(f"该凭证已被{who}审批，无需重复审批。")
    _need(voucher, S.SUBMITTED)
    user = scoping.person(actor)
    if user is not None and user.pk in (voucher.created_by_id, voucher.submitted_by_id):
        raise ValidationError("不能审批自己填制或提交的凭证，请由另一位审批人审批（四眼原则）。")
    if not _holds_approver_role(actor, voucher.union):
        role = settings_for(voucher.union).get_approver_role_display()
        raise ValidationError(f"本工会的凭证由「{role}」审批，您不是审批人。")
    before = _snap(voucher)
    voucher.warnings = _checks(voucher)
    voucher.status = S.APPROVED
    voucher.approved_by = user
    voucher.approved_at = timezone.now()
    voucher.save()
    _sync_lines(voucher)
    audit.record(
        actor=actor,
        action="voucher.approve",
        obj=voucher,
        changes=audit.diff(before, _snap(voucher)),
    )
    return voucher


def _next_number(voucher: Voucher) -> str:
    """记-YYYY-NNNN, next in the union's sequence for the voucher's year. The union row is
    locked first, so two postings at once never draw the same number; the unique constraint
    on (union, number) stays as the last guard."""
    Union.objects.select_for_update().filter(pk=voucher.union_id).first()
    prefix = f"记-{voucher.date.year}-"
    last = (
        Voucher.objects.filter(union_id=voucher.union_id, number__startswith=prefix)
        .annotate(width=Length("number"))
        .order_by("-width", "-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{n:04d}"


@transaction.atomic
def voucher_post(*, actor, voucher: Voucher) -> Voucher:
    """Approved → posted, by the approver or a finance.change holder (both hold
    ``finance.approve``); gives the number."""
    scoping.require(actor, "finance.approve", union=voucher.union)
    voucher = _lock(voucher)
    if voucher.status == S.POSTED:
        raise ValidationError(f"该凭证已记账（{voucher.number}），不能重复记账。")
    _need(voucher, S.APPROVED)
    user = scoping.person(actor)
    if user is None or (
        user.pk != voucher.approved_by_id
        and not scoping.has_perm(user, "finance.change", union=voucher.union)
    ):
        raise ValidationError("只有审批人或财务人员可以记账。")
    before = _snap(voucher)
    voucher.number = _next_number(voucher)
    voucher.status = S.POSTED
    voucher.posted_by = user
    voucher.posted_at = timezone.now()
    voucher.save()
    _sync_lines(voucher)
    audit.record(
        actor=actor, action="voucher.post", obj=voucher, changes=audit.diff(before, _snap(voucher))
    )
    return voucher


@transaction.atomic
def voucher_reverse(*, actor, voucher: Voucher, reason: str, date) -> Voucher:
    """A draft reversing voucher for a posted one: the same lines and shares negated. It goes
    through submission, approval and posting like any voucher. A voucher is reversed once."""
    scoping.require(actor, "finance.change", union=voucher.union)
    original = _lock(voucher)
    if original.status != S.POSTED:
        raise ValidationError("只有已记账的凭证需要冲销；未记账的凭证可直接退回修改。")
    if original.is_reversal:
        raise ValidationError("冲销凭证不能再冲销；如冲销有误，请重新填制正确的凭证。")
    existing = Voucher.objects.filter(reverses=original).first()
    if existing is not None:
        label = existing.number or f"草稿（{existing.get_status_display()}）"
        raise ValidationError(f"该凭证已有冲销凭证 {label}，不能重复冲销。")
    text = " ".join(str(reason or "").split())
    if not text:
        raise ValidationError({"reason": "请填写冲销原因。"})
    day = _date(date)
    if day < original.date:
        raise ValidationError({"date": "冲销日期不能早于原凭证日期。"})
    reversal = Voucher(
        union_id=original.union_id,
        kind=original.kind,
        date=day,
        summary=f"冲销 {original.number}：{text}"[:200],
        reverses=original,
        created_by=scoping.person(actor),
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError:  # pragma: no cover - the lock above makes this a last guard
        raise ValidationError("该凭证已有冲销凭证，不能重复冲销。") from None
    prepared = [
        {
            "category": ln.category,
            "amount": -ln.amount,
            "payee": ln.payee,
            "pay_form": ln.pay_form,
            "event": ln.event,
            "days": ln.days,
            "participants": ln.participants,
            "shares": [(s.member_id, -s.amount, s.event_key) for s in ln.shares.all()],
        }
        for ln in original.lines.select_related("category")
        .prefetch_related("shares")
        .order_by("id")
    ]
    write_lines(reversal, prepared)
    reversal.save(update_fields=["total"])
    changes = audit.diff(None, _snap(reversal)) | {"冲销原因": [None, text]}
    audit.record(actor=actor, action="voucher.reverse", obj=reversal, changes=changes)
    return reversal


@transaction.atomic
def voucher_override(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """A chair lets the voucher's current violations through with a written reason. The
    violations are stored as they stand, so anything that changes afterwards needs a new
    decision; the audit committee sees the reason and the list."""
    scoping.require(actor, "finance.override", union=voucher.union)
    voucher = _lock(voucher)
    _need(voucher, S.DRAFT, S.SUBMITTED)
    if scoping.person(actor) is None:  # the reason is a person's: the chair's
        raise ValidationError("只有工会主席可以批准超标准开支。")
    text = str(reason or "").strip()
    if len(text) < OVERRIDE_REASON_MIN:
        raise ValidationError(
            {
                "reason": f"请写明超标准开支的理由（至少 {OVERRIDE_REASON_MIN} 个字），经审委员会将看到这段说明。"
            }
        )
    violations = spending.check_voucher(voucher)
    if not violations:
        raise ValidationError("该凭证没有超出开支标准的事项，无需批准。")
    before = _snap(voucher)
    voucher.override_reason = text
    voucher.override_by = actor
    voucher.override_at = timezone.now()
    voucher.override_violations = [v.as_json() for v in violations]
    voucher.save()
    changes = audit.diff(before, _snap(voucher))
    audit.record(actor=actor, action="voucher.override", obj=voucher, changes=changes)
    return voucher
