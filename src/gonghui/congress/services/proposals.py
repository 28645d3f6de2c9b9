"""提案: from a representative's draft with co-signers, through the proposal committee's
review, the department's written answer and the proposer's rating, to 办结.

Who may do what:
- a representative acts in person (propose, co-sign, rate): the actor's own SEATED seat in
  the sitting's term (:func:`own_seat`), no role needed;
- the secretariat (``congress.manage``) reviews, assigns and records the answers.

Every service runs in one transaction and writes its audit entry inside it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person, require

from ..models import (
    Answer,
    CoSign,
    Proposal,
    ProposalStatus,
    Rating,
    Representative,
    RepStatus,
    Sitting,
)
from ..queries.common import settings_for
from ..queries.proposals import check_window, own_seat

S = ProposalStatus
MANAGE = "congress.manage"


class Decision:
    """The proposal committee's four answers to a submitted proposal."""

    ACCEPT = "accept"
    REJECT = "reject"
    SUGGEST = "suggest"
    MERGE = "merge"
    CHOICES = [
        (ACCEPT, "立案"),
        (REJECT, "不立案"),
        (SUGGEST, "不立案，转意见建议"),
        (MERGE, "与其他提案合并"),
    ]
    STATUS = {ACCEPT: S.ACCEPTED, REJECT: S.REJECTED, SUGGEST: S.SUGGESTION, MERGE: S.MERGED}


# Statuses in which a proposal is with a department and may be answered.
IN_HAND = (S.ASSIGNED, S.REHANDLING)
# A proposal may be merged only into one the committee accepted and that is still live.
MERGE_TARGETS = (S.ACCEPTED, S.ASSIGNED)


def _union(proposal_or_sitting):
    sitting = getattr(proposal_or_sitting, "sitting", proposal_or_sitting)
    return sitting.term.union


def _record(actor, action: str, proposal: Proposal, before=None, changes=None) -> None:
    audit.record(
        actor=person(actor),
        action=action,
        obj=proposal,
        before=before,
        changes=changes,
        union_id=_union(proposal).pk,
    )


def _locked(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock so two secretaries (or a double tap) cannot
    move it twice; the caller's object is refreshed too."""
    fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "_state"})
    return proposal


@transaction.atomic
def proposal_create(
    *,
    actor,
    sitting: Sitting,
    title: str,
    reason: str,
    measures: str,
    cosigners: list[Representative],
) -> Proposal:
    """A representative drafts a proposal and asks co-signers (附议人) to confirm it on
    their own phones; with enough confirmations it is submitted automatically."""
    proposer = own_seat(actor, sitting)  # the representative in person
    check_window(sitting, timezone.localdate())
    title, reason, measures = title.strip(), reason.strip(), measures.strip()
    errors = {}
    if not title:
        errors["title"] = "请填写案由。"
    if not reason:
        errors["reason"] = "请填写提案理由。"
    if not measures:
        errors["measures"] = "请填写建议措施。"
    if errors:
        raise ValidationError(errors)
    need = settings_for(sitting.term.union).cosigners
    ids = {rep.pk for rep in cosigners}
    valid = (
        Representative.objects.filter(pk__in=ids, term_id=sitting.term_id, status=RepStatus.SEATED)
        .exclude(pk=proposer.pk)
        .order_by("pk")
    )
    if proposer.pk in ids:
        raise ValidationError({"cosigners": "提案人本人不能作为附议人。"})
    if valid.count() != len(ids):
        raise ValidationError({"cosigners": "附议人必须是本届在任的职工代表。"})
    if len(ids) < need:
        raise ValidationError({"cosigners": f"提案须有至少 {need} 名代表附议，请选择附议人。"})
    proposal = Proposal.objects.create(
        sitting=sitting,
        proposer=proposer,
        title=title,
        reason=reason,
        measures=measures,
        status=S.DRAFT,
    )
    CoSign.objects.bulk_create(CoSign(proposal=proposal, representative=rep) for rep in valid)
    _record(actor, "proposal.create", proposal)
    if need == 0:
        _submit(actor, proposal)
    return proposal


@transaction.atomic
def cosign_ask(*, actor, proposal: Proposal, cosigners: list[Representative]) -> list[CoSign]:
    """The proposer asks more co-signers while the proposal is a draft (someone declined
    or has not answered), within the collection window."""
    rep = own_seat(actor, proposal.sitting)  # the representative in person
    _locked(proposal)
    if rep.pk != proposal.proposer_id:
        raise PermissionDenied("只有提案人本人才能邀请附议人。")
    if proposal.status != S.DRAFT:
        raise ValidationError("这件提案已经提交，不能再邀请附议人。")
    check_window(proposal.sitting, timezone.localdate())
    asked = set(proposal.cosigns.values_list("representative_id", flat=True))
    ids = {r.pk for r in cosigners} - asked
    if not ids:
        raise ValidationError({"cosigners": "请选择尚未邀请过的代表。"})
    if rep.pk in ids:
        raise ValidationError({"cosigners": "提案人本人不能作为附议人。"})
    valid = list(
        Representative.objects.filter(
            pk__in=ids, term_id=proposal.sitting.term_id, status=RepStatus.SEATED
        )
        .select_related("member")
        .order_by("pk")
    )
    if len(valid) != len(ids):
        raise ValidationError({"cosigners": "附议人必须是本届在任的职工代表。"})
    rows = CoSign.objects.bulk_create(CoSign(proposal=proposal, representative=r) for r in valid)
    _record(
        actor,
        "proposal.ask",
        proposal,
        changes={"邀请附议": [None, "、".join(r.member.name for r in valid)]},
    )
    return rows


def _submit(actor, proposal: Proposal) -> None:
    """Number the proposal in its sitting. The sitting row is locked first so two proposals
    reaching their last co-signer at once do not take the same number (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers)."""
    Sitting.objects.select_for_update().filter(pk=proposal.sitting_id).first()
    before = audit.snapshot(proposal)
    top = Proposal.objects.filter(sitting_id=proposal.sitting_id).aggregate(n=Max("number"))["n"]
    proposal.number = (top or 0) + 1
    proposal.status = S.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["number", "status", "submitted_at"])
    _record(actor, "proposal.submit", proposal, before)


def _own_cosign(rep: Representative, proposal: Proposal) -> CoSign:
    cosign = CoSign.objects.filter(proposal=proposal, representative=rep).first()
    if cosign is None:
        raise PermissionDenied("提案人没有请您附议这件提案。")
    if proposal.status == S.WITHDRAWN:
        raise ValidationError("提案人已撤回这件提案，无需再附议。")
    if proposal.status != S.DRAFT:
        raise ValidationError("这件提案已经提交，附议已结束。")
    if cosign.confirmed_at or cosign.declined_at:
        raise ValidationError("您已经答复过这次附议邀请。")
    return cosign


@transaction.atomic
def cosign_confirm(*, actor, proposal: Proposal) -> CoSign:
    """The asked co-signer confirms on their own account; the last confirmation needed
    submits the proposal."""
    rep = own_seat(actor, proposal.sitting)  # the representative in person
    _locked(proposal)
    cosign = _own_cosign(rep, proposal)
    cosign.confirmed_at = timezone.now()
    cosign.save(update_fields=["confirmed_at"])
    _record(
        actor, "proposal.cosign", proposal, changes={"附议人": [None, str(cosign.representative)]}
    )
    need = settings_for(_union(proposal)).cosigners
    confirmed = proposal.cosigns.exclude(confirmed_at=None).count()
    if confirmed >= need:
        _submit(actor, proposal)
    return cosign


@transaction.atomic
def cosign_decline(*, actor, proposal: Proposal) -> CoSign:
    """The asked co-signer declines; the proposal stays a draft (the proposer sees who
    declined)."""
    rep = own_seat(actor, proposal.sitting)  # the representative in person
    _locked(proposal)
    cosign = _own_cosign(rep, proposal)
    cosign.declined_at = timezone.now()
    cosign.save(update_fields=["declined_at"])
    _record(
        actor,
        "proposal.decline",
        proposal,
        changes={"谢绝附议": [None, str(cosign.representative)]},
    )
    return cosign


@transaction.atomic
def proposal_withdraw(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """撤回: the proposer takes back a draft or a submitted proposal the committee has not
    reviewed yet. It is kept (WITHDRAWN, with the reason and its number if it had one) and
    never counted: not a submitted proposal in the figures, not in the 提案汇编; pending
    co-sign requests on it drop out of the co-signers' lists."""
    rep = own_seat(actor, proposal.sitting)  # the representative in person
    _locked(proposal)
    if rep.pk != proposal.proposer_id:
        raise PermissionDenied("只有提案人本人才能撤回提案。")
    if proposal.status not in (S.DRAFT, S.SUBMITTED):
        raise ValidationError(
            f"只有征集附议或待审查的提案才能撤回（当前状态：{proposal.get_status_display()}）。"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因。"})
    if len(reason) > 300:
        raise ValidationError({"reason": "撤回原因不超过 300 字。"})
    before = audit.snapshot(proposal)
    proposal.status = S.WITHDRAWN
    proposal.withdrawn_reason = reason
    proposal.save(update_fields=["status", "withdrawn_reason"])
    _record(actor, "proposal.withdraw", proposal, before)
    return proposal


@transaction.atomic
def proposal_review(
    *, actor, proposal: Proposal, decision: str, note: str = "", merge_into: Proposal | None = None
) -> Proposal:
    """The proposal committee's review of a submitted proposal: 立案, 不立案 (with a reason),
    转意见建议 (answered like an accepted one) or merged into an accepted one."""
    require(actor, MANAGE, union=_union(proposal))
    _locked(proposal)
    if proposal.status != S.SUBMITTED:
        raise ValidationError(
            f"只有待审查的提案才能审查（当前状态：{proposal.get_status_display()}）。"
        )
    if decision not in Decision.STATUS:
        raise ValidationError({"decision": "请选择审查结论。"})
    note = (note or "").strip()
    if decision in (Decision.REJECT, Decision.SUGGEST) and not note:
        raise ValidationError({"note": "不立案须写明理由。"})
    before = audit.snapshot(proposal)
    if decision == Decision.MERGE:
        if merge_into is None:
            raise ValidationError({"merge_into": "请选择要并入的提案。"})
        if (
            merge_into.pk == proposal.pk
            or merge_into.sitting_id != proposal.sitting_id
            or merge_into.status not in MERGE_TARGETS
        ):
            raise ValidationError({"merge_into": "只能并入本次会议已立案、尚未答复的提案。"})
        proposal.merged_into = merge_into
    proposal.status = Decision.STATUS[decision]
    proposal.review_decision = proposal.status
    proposal.review_note = note
    proposal.reviewed_at = timezone.now()
    proposal.reviewed_by = person(actor)
    proposal.save()
    _record(actor, "proposal.review", proposal, before)
    return proposal


@transaction.atomic
def proposal_assign(
    *, actor, proposal: Proposal, lead_department: str, co_departments: str = "", due_on
) -> Proposal:
    """交办: an accepted proposal (or a suggestion) goes to a lead department (承办) with
    co-departments (协办) and a deadline. A proposal sent back for re-handling may get a
    new deadline the same way."""
    require(actor, MANAGE, union=_union(proposal))
    _locked(proposal)
    if proposal.status not in (S.ACCEPTED, S.SUGGESTION, *IN_HAND):
        raise ValidationError("只有已立案或转意见建议的提案才能交办。")
    lead_department = lead_department.strip()
    if not lead_department:
        raise ValidationError({"lead_department": "请填写承办部门。"})
    if due_on is None:
        raise ValidationError({"due_on": "请填写办理期限。"})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "办理期限不能早于今天。"})
    before = audit.snapshot(proposal)
    proposal.lead_department = lead_department
    proposal.co_departments = co_departments.strip()
    proposal.due_on = due_on
    if proposal.status in (S.ACCEPTED, S.SUGGESTION):
        proposal.status = S.ASSIGNED
    proposal.save()
    _record(actor, "proposal.assign", proposal, before)
    return proposal


@transaction.atomic
def proposal_answer(*, actor, proposal: Proposal, department: str, text: str) -> Answer:
    """The secretariat records the department's written answer (书面答复)."""
    require(actor, MANAGE, union=_union(proposal))
    _locked(proposal)
    if proposal.status not in IN_HAND:
        raise ValidationError("只有正在办理的提案才能登记答复。")
    department, text = department.strip(), text.strip()
    if not department:
        raise ValidationError({"department": "请填写答复部门。"})
    if not text:
        raise ValidationError({"text": "请填写答复内容。"})
    before = audit.snapshot(proposal)
    answer = Answer.objects.create(
        proposal=proposal, department=department, text=text, recorded_by=person(actor)
    )
    proposal.status = S.ANSWERED
    proposal.save(update_fields=["status"])
    _record(actor, "proposal.answer", proposal, before)
    return answer


@transaction.atomic
def proposal_rate(*, actor, proposal: Proposal, rating: str) -> Proposal:
    """The proposer rates the answer. 满意/基本满意 close it; the first 不满意 sends it back
    to the department once; after the second answer any rating closes it."""
    rep = own_seat(actor, proposal.sitting)  # the representative in person
    _locked(proposal)
    if rep.pk != proposal.proposer_id:
        raise PermissionDenied("只有提案人本人才能评价办理结果。")
    if proposal.status != S.ANSWERED:
        raise ValidationError("提案答复后才能评价。")
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意。"})
    before = audit.snapshot(proposal)
    now = timezone.now()
    proposal.rating = rating
    proposal.rated_at = now
    if rating == Rating.UNSATISFIED and not proposal.handled_twice:
        proposal.status = S.REHANDLING
        proposal.handled_twice = True
    else:
        proposal.status = S.CLOSED
        proposal.closed_at = now
    proposal.save()
    _record(actor, "proposal.rate", proposal, before)
    if proposal.status == S.CLOSED:
        _record(actor, "proposal.close", proposal, changes={"status": [S.ANSWERED, S.CLOSED]})
    return proposal


@transaction.atomic
def proposals_book_export(*, actor, sitting: Sitting) -> bytes:
    """The 提案汇编 of a sitting as .docx; the export is audited (who took it, when)."""
    require(actor, "congress.view", union=sitting.term.union)
    from ..documents import proposals_book

    content = proposals_book(sitting)
    audit.record(
        actor=person(actor),
        action="proposal.export",
        obj=sitting,
        changes={"导出": [None, f"{sitting.name}提案汇编"]},
        union_id=sitting.term.union_id,
    )
    return content
