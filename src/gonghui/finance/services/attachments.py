"""Voucher attachments (凭证附件): adding a receipt to a voucher and removing a mistaken one.

The files themselves live in the store of ``finance.attachments`` (named by SHA-256, checked
when opened); these services write the rows and their audit entries. Both need
``finance.change`` on the voucher's union. Attachments may be added at any status (receipts
arrive after posting) but are never removed from a posted voucher: they are 会计档案.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping

from .. import attachments as store
from ..models import Attachment, Voucher, VoucherStatus


@transaction.atomic
def attachment_add(*, actor, voucher: Voucher, upload) -> Attachment:
    """Attach a receipt (JPEG, PNG or PDF, at most ``store.MAX_BYTES``) to the voucher."""
    scoping.require(actor, "finance.change", union=voucher.union)
    sha, size, content_type, ext = store.store(upload)
    attachment = Attachment.objects.create(
        voucher=voucher,
        name=store.safe_name(getattr(upload, "name", ""), ext),
        content_type=content_type,
        size=size,
        sha256=sha,
        uploaded_by=scoping.person(actor),
        uploaded_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="voucher.attach",
        obj=voucher,
        changes={"附件": [None, f"{attachment.name}（{size} 字节，SHA-256 {sha[:12]}…）"]},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove a mistaken upload from a voucher that is not posted yet. The file stays in the
    store while another row still names it."""
    voucher = (
        Voucher.objects.select_for_update().select_related("union").get(pk=attachment.voucher_id)
    )
    scoping.require(actor, "finance.change", union=voucher.union)
    if voucher.status == VoucherStatus.POSTED:
        raise ValidationError("已记账凭证的附件是会计档案，不能删除。")
    audit.record(
        actor=actor,
        action="voucher.detach",
        obj=voucher,
        changes={"附件": [attachment.name, None]},
    )
    sha = attachment.sha256
    attachment.delete()
    if not Attachment.objects.filter(sha256=sha).exists():
        transaction.on_commit(lambda: store.path_for(sha).unlink(missing_ok=True))
