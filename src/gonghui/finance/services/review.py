"""The audit committee's findings (审查意见): written by 经审 on a voucher or a period,
answered by the treasurer or chair, closed by 经审.

《中国工会章程》: 经费审查委员会审查同级工会组织的经费收支和资产管理情况, and reports to
the members' congress; the union answers its findings. So the committee writes and closes, the finance side
answers, and nobody edits a finding's text once written (a new finding corrects it).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.orgs.models import Union

from ..models import Finding, FindingStatus, Voucher


@transaction.atomic
def finding_create(
    *,
    actor,
    union: Union,
    title: str,
    text: str,
    voucher: Voucher | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> Finding:
    """提出审查意见 on a voucher of ``union`` or on a period of its books."""
    scoping.require(actor, "finance.review", union=union)
    if union.is_federation:
        raise ValidationError("审查意见针对基层工会的账目，请进入该基层工会办理。")
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise ValidationError({"title": "请填写审查事项。"})
    if not text:
        raise ValidationError({"text": "请填写审查意见。"})
    if voucher is not None and voucher.union_id != union.pk:
        raise ValidationError({"voucher": "该凭证不属于本工会。"})
    if (period_start is None) != (period_end is None):
        raise ValidationError({"period_end": "审查期间请同时填写起止日期。"})
    if period_start and period_end and period_start > period_end:
        raise ValidationError({"period_end": "期间止不能早于期间起。"})
    if voucher is None and period_start is None:
        raise ValidationError("请指明审查意见针对的凭证或期间。")
    finding = Finding.objects.create(
        union=union,
        voucher=voucher,
        period_start=period_start,
        period_end=period_end,
        title=title,
        text=text,
        created_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="finding.create", obj=finding)
    return finding


def _lock(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().select_related("union").get(pk=finding.pk)


@transaction.atomic
def finding_respond(*, actor, finding: Finding, response: str) -> Finding:
    """答复审查意见 (treasurer or chair). A later answer replaces an earlier one until the
    committee closes the finding; the trail keeps every version."""
    finding = _lock(finding)
    scoping.require(actor, "finance.change", union=finding.union)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError("该审查意见已关闭，不能再答复。")
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": "请填写答复内容。"})
    before = audit.snapshot(finding)
    finding.response = response
    finding.responded_by = scoping.person(actor)
    finding.responded_at = timezone.now()
    finding.status = FindingStatus.RESPONDED
    finding.save()
    audit.record(actor=actor, action="finding.respond", obj=finding, before=before)
    return finding


@transaction.atomic
def finding_close(*, actor, finding: Finding, note: str = "") -> Finding:
    """关闭审查意见 (经审). Without an answer the committee must say why it closes."""
    finding = _lock(finding)
    scoping.require(actor, "finance.review", union=finding.union)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError("该审查意见已经关闭。")
    note = (note or "").strip()
    if finding.status != FindingStatus.RESPONDED and not note:
        raise ValidationError({"note": "尚未收到答复；如要关闭，请写明关闭理由。"})
    before = audit.snapshot(finding)
    finding.status = FindingStatus.CLOSED
    finding.closed_by = scoping.person(actor)
    finding.closed_at = timezone.now()
    finding.closing_note = note[:300]
    finding.save()
    audit.record(actor=actor, action="finding.close", obj=finding, before=before)
    return finding
