"""Writes of the collective-contract procedure (《集体合同规定》, 劳动和社会保障部令第22号).

Every step is one service: keyword-only, ``actor`` checked first (``rights.change`` on the
contract's union), the rules of the procedure refused with a Chinese ``ValidationError``,
one audit entry in the same transaction. Dates come from the caller (the pages pass what
the user typed, tests pin them); ``today`` is only the guard against a date in the future.

The stages (``ContractStage``): 要约 (OFFERED) → 协商 (NEGOTIATING, from the reply or the
first session) → a draft sent to the 职代会 (VOTING) → passed (APPROVED) or failed (back to
NEGOTIATING) — the congress's close hook, :func:`draft_vote_apply` → 签字 (SIGNED) → 报送
(SUBMITTED: in force from ``effective_on``, computed at submission). An 审查意见书 within
the review period sends it back to NEGOTIATING: the amended text is a new draft, voted
again (第三十六条: every draft the representatives agree is put to the congress), signed
and submitted again (第四十六条). Ended (期满/终止) and abandoned are final.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.congress.models import Poll, PollStatus, Sitting, SittingStatus
from gonghui.congress.services import polls as poll_services
from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.orgs.models import Member, Union

from . import contract_clock as clock
from . import queries_contracts as q
from .models_contracts import (
    CollectiveContract,
    ContractDraft,
    ContractEmployer,
    ContractKind,
    ContractRepresentative,
    ContractReview,
    ContractScope,
    ContractStage,
    DraftState,
    NegotiationSession,
    OfferSide,
)
from .queries import settings_for

CHANGE = "rights.change"
S = ContractStage
# Stages in which the parties are still negotiating the text.
TALKING = (S.OFFERED, S.NEGOTIATING)
# Stages of a procedure that is not over (a SUBMITTED one may still get an 审查意见书).
LIVE = (S.OFFERED, S.NEGOTIATING, S.VOTING, S.APPROVED, S.SIGNED)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _text(value: str | None) -> str:
    return (value or "").strip()


def _not_future(day: datetime.date, label: str, today: datetime.date) -> None:
    if day > today:
        raise ValidationError(f"{label}不能晚于今天（{today:%Y-%m-%d}）。")


def _lock(contract: CollectiveContract) -> CollectiveContract:
    return (
        CollectiveContract.objects.select_for_update().select_related("union").get(pk=contract.pk)
    )


def _record(actor, action: str, obj, contract: CollectiveContract, before=None, **kw) -> None:
    audit.record(
        actor=person(actor),
        action=action,
        obj=obj,
        union_id=contract.union_id,
        before=before,
        **kw,
    )


def _stage_is(contract: CollectiveContract, stages: Iterable[str], what: str) -> None:
    if contract.stage not in stages:
        raise ValidationError(f"本合同当前为“{contract.get_stage_display()}”，不能{what}。")


def _not_in_force(contract: CollectiveContract, what: str) -> None:
    if contract.stage == S.SUBMITTED and contract.effective_on is not None:
        raise ValidationError("合同已生效，变更须重新协商（新建变更程序）。")
    _stage_is(contract, TALKING, what)


# --- 要约 -----------------------------------------------------------------------------------


@transaction.atomic
def contract_offer(
    *,
    actor,
    union: Union,
    kind: str,
    title: str,
    employer: str,
    offered_on: datetime.date,
    delivered_on: datetime.date,
    offer_side: str = OfferSide.WORKERS,
    offer_text: str = "",
    term_years: int = 3,
    scope: str = ContractScope.SINGLE,
    predecessor: CollectiveContract | None = None,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """A new procedure opened by a written 要约 (第三十二条): the other side answers in
    writing within the reply period from ``delivered_on``. ``predecessor``: the contract
    this one renews or changes (a change after it took effect is a new procedure)."""
    require(actor, CHANGE, union=union)
    today = _today(today)
    title, employer = _text(title), _text(employer)
    if kind not in ContractKind.values:
        raise ValidationError({"kind": "请选择合同种类。"})
    if scope not in ContractScope.values:
        raise ValidationError({"scope": "请选择签订方式。"})
    if offer_side not in OfferSide.values:
        raise ValidationError({"offer_side": "请选择要约方。"})
    if union.is_federation and scope == ContractScope.SINGLE:
        raise ValidationError(
            {"scope": "上级工会代表职工签订的是区域性或行业性集体合同，请选择签订方式。"}
        )
    if not union.is_federation and scope != ContractScope.SINGLE:
        raise ValidationError({"scope": "区域性、行业性集体合同由区域或行业工会签订。"})
    if not title:
        raise ValidationError({"title": "请填写合同名称。"})
    if not employer:
        raise ValidationError({"employer": "请填写用人单位方。"})
    if not isinstance(term_years, int) or not 1 <= term_years <= 3:
        raise ValidationError(
            {"term_years": "集体合同期限为 1 至 3 年（《集体合同规定》第三十八条）。"}
        )
    if delivered_on < offered_on:
        raise ValidationError({"delivered_on": "要约送达日期不能早于要约日期。"})
    _not_future(delivered_on, "要约送达日期", today)
    if predecessor is not None:
        if predecessor.union_id != union.pk:
            raise ValidationError({"predecessor": "前一份合同须为本会的合同。"})
        if predecessor.stage != S.SUBMITTED and predecessor.stage != S.ENDED:
            raise ValidationError({"predecessor": "只有已报送生效或已期满的合同可以续订或变更。"})
        if predecessor.successors.exclude(stage=S.ABANDONED).exists():
            raise ValidationError({"predecessor": "这份合同已有续订或变更程序。"})
    busy = CollectiveContract.objects.filter(union=union, kind=kind, stage__in=LIVE)
    if scope == ContractScope.SINGLE and busy.exists():
        raise ValidationError(
            {"kind": f"本会已有进行中的{ContractKind(kind).label}协商程序，请在原程序中继续。"}
        )
    contract = CollectiveContract.objects.create(
        union=union,
        kind=kind,
        scope=scope,
        title=title,
        employer=employer,
        predecessor=predecessor,
        term_years=term_years,
        offer_side=offer_side,
        offered_on=offered_on,
        offer_delivered_on=delivered_on,
        offer_text=_text(offer_text),
        covered_workers=0,
        created_by=person(actor),
    )
    _record(actor, "rights.contract_offer", contract, contract)
    return contract


@transaction.atomic
def contract_reply(
    *,
    actor,
    contract: CollectiveContract,
    replied_on: datetime.date,
    reply_text: str,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """The other side's written reply to the 要约 (the page shows it late after the reply
    period); negotiation begins."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    before = audit.snapshot(contract)
    if contract.replied_on is not None:
        raise ValidationError("已登记书面答复。")
    _stage_is(contract, TALKING, "登记答复")
    if replied_on < contract.offer_delivered_on:
        raise ValidationError({"replied_on": "答复日期不能早于要约送达日期。"})
    _not_future(replied_on, "答复日期", _today(today))
    if not _text(reply_text):
        raise ValidationError(
            {"reply_text": "请填写答复内容（同意协商的时间、地点或拒绝的理由）。"}
        )
    contract.replied_on, contract.reply_text = replied_on, _text(reply_text)
    contract.stage = S.NEGOTIATING
    contract.save()
    _record(actor, "rights.contract_reply", contract, contract, before)
    return contract


@transaction.atomic
def employer_add(
    *, actor, contract: CollectiveContract, name: str, workers: int, union: Union | None = None
) -> ContractEmployer:
    """An employer a 区域性 or 行业性 contract covers, with its workers (``union``: its
    grassroots union, when it is in the tree beneath the federation)."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    if contract.scope == ContractScope.SINGLE:
        raise ValidationError("单独签订的集体合同覆盖本单位职工，无需登记覆盖企业。")
    _stage_is(contract, LIVE, "增加覆盖企业")
    name = _text(name)
    if not name:
        raise ValidationError({"name": "请填写企业名称。"})
    if not isinstance(workers, int) or workers < 0:
        raise ValidationError({"workers": "职工人数须为不小于 0 的整数。"})
    if union is not None and not union.path.startswith(contract.union.path):
        raise ValidationError({"union": "企业工会须为本会所辖的工会。"})
    if contract.employers.filter(name=name).exists():
        raise ValidationError({"name": f"已登记{name}。"})
    row = ContractEmployer.objects.create(
        contract=contract, name=name, workers=workers, union=union
    )
    _record(actor, "rights.contract_employer", row, contract)
    return row


# --- 协商代表 --------------------------------------------------------------------------------


def _check_chief(contract: CollectiveContract, side: str, exclude: int | None = None) -> None:
    chiefs = q.current_representatives(contract).filter(side=side, chief=True)
    if exclude is not None:
        chiefs = chiefs.exclude(pk=exclude)
    if chiefs.exists():
        raise ValidationError({"chief": "每方只能有一名首席代表。"})


def _workers_member(contract: CollectiveContract, member: Member | None) -> Member:
    if member is None:
        raise ValidationError({"member": "职工方协商代表须从本会会员中选择。"})
    if contract.union.is_federation:
        inside = member.union.path.startswith(contract.union.path)
    else:
        inside = member.union_id == contract.union_id
    if not inside or not member.is_current:
        raise ValidationError({"member": "协商代表须为本会会员。"})
    if q.current_representatives(contract).filter(member=member).exists():
        raise ValidationError({"member": f"{member.name}已是本合同的协商代表。"})
    return member


def _new_representative(
    contract: CollectiveContract,
    *,
    side: str,
    name: str,
    member: Member | None,
    title: str,
    chief: bool,
    appointed_on: datetime.date,
    today: datetime.date,
    replaces: ContractRepresentative | None = None,
) -> ContractRepresentative:
    if side not in OfferSide.values:
        raise ValidationError({"side": "请选择所属方。"})
    _not_future(appointed_on, "产生日期", today)
    if side == OfferSide.WORKERS:
        member = _workers_member(contract, member)
        name = member.name
    else:
        member = None
        name = _text(name)
        if not name:
            raise ValidationError({"name": "请填写用人单位方代表姓名。"})
        if q.current_representatives(contract).filter(side=side, name=name).exists():
            raise ValidationError({"name": f"{name}已是本合同的协商代表。"})
    if chief:
        _check_chief(contract, side)
    return ContractRepresentative.objects.create(
        contract=contract,
        side=side,
        name=name,
        member=member,
        title=_text(title),
        chief=chief,
        appointed_on=appointed_on,
        replaces=replaces,
    )


@transaction.atomic
def representative_add(
    *,
    actor,
    contract: CollectiveContract,
    side: str,
    appointed_on: datetime.date,
    member: Member | None = None,
    name: str = "",
    title: str = "",
    chief: bool = False,
    today: datetime.date | None = None,
) -> ContractRepresentative:
    """A 协商代表: the workers' side a current member of the union (for a federation's
    contract, of a union beneath it), the employer's side by name; one 首席代表 per side."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    _stage_is(contract, LIVE, "增加协商代表")
    rep = _new_representative(
        contract,
        side=side,
        name=name,
        member=member,
        title=title,
        chief=chief,
        appointed_on=appointed_on,
        today=_today(today),
    )
    _record(actor, "rights.contract_rep_add", rep, contract)
    return rep


@transaction.atomic
def representative_leave(
    *,
    actor,
    representative: ContractRepresentative,
    left_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> ContractRepresentative:
    """A representative leaves: the seat is vacant and must be refilled within the refill
    period (第三十一条), shown and reminded until :func:`representative_replace`."""
    contract = representative.contract
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    rep = ContractRepresentative.objects.select_for_update().get(pk=representative.pk)
    before = audit.snapshot(rep)
    if rep.left_on is not None:
        raise ValidationError(f"{rep.name}已于{rep.left_on:%Y-%m-%d}离任。")
    if left_on < rep.appointed_on:
        raise ValidationError({"left_on": "离任日期不能早于产生日期。"})
    _not_future(left_on, "离任日期", _today(today))
    if not _text(reason):
        raise ValidationError({"reason": "请填写离任原因。"})
    rep.left_on, rep.left_reason = left_on, _text(reason)[:100]
    rep.save()
    _record(actor, "rights.contract_rep_leave", rep, contract, before)
    return rep


@transaction.atomic
def representative_replace(
    *,
    actor,
    representative: ContractRepresentative,
    appointed_on: datetime.date,
    member: Member | None = None,
    name: str = "",
    title: str = "",
    today: datetime.date | None = None,
) -> ContractRepresentative:
    """The vacancy of a representative who left refilled (on the same side; a chief's
    successor is chief)."""
    contract = representative.contract
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    old = ContractRepresentative.objects.select_for_update().get(pk=representative.pk)
    if old.left_on is None:
        raise ValidationError("请先登记该代表离任，再补选接替人。")
    if old.replaced_by.exists():
        raise ValidationError(f"{old.name}的空缺已补齐。")
    if appointed_on < old.left_on:
        raise ValidationError({"appointed_on": "接替人产生日期不能早于原代表离任日期。"})
    _stage_is(contract, LIVE, "补选协商代表")
    rep = _new_representative(
        contract,
        side=old.side,
        name=name,
        member=member,
        title=title,
        chief=old.chief,
        appointed_on=appointed_on,
        today=_today(today),
        replaces=old,
    )
    _record(actor, "rights.contract_rep_replace", rep, contract)
    return rep


def _sides_ready(contract: CollectiveContract, on: datetime.date) -> list:
    """The current representatives on ``on``: equal numbers, a chief each (第十九、二十条),
    else refused."""
    reps = list(q.current_representatives(contract, on))
    workers = [r for r in reps if r.side == OfferSide.WORKERS]
    employer = [r for r in reps if r.side == OfferSide.EMPLOYER]
    if not workers or len(workers) != len(employer):
        raise ValidationError(
            f"双方协商代表人数应相等（{on:%Y-%m-%d} 职工方 {len(workers)} 人，"
            f"用人单位方 {len(employer)} 人）。"
        )
    if not any(r.chief for r in workers) or not any(r.chief for r in employer):
        raise ValidationError("双方均应有首席代表。")
    return reps


# --- 协商会议 --------------------------------------------------------------------------------


@transaction.atomic
def session_record(
    *,
    actor,
    contract: CollectiveContract,
    held_on: datetime.date,
    chaired_by: str,
    recorder: str,
    minutes: str,
    attendees: Iterable[ContractRepresentative] = (),
    place: str = "",
    topics: str = "",
    agreed: str = "",
    open_points: str = "",
    today: datetime.date | None = None,
) -> NegotiationSession:
    """A 协商会议 with its minutes, numbered next. The sides are equal and each has a chief;
    the 记录员 is neither side's representative; the chair alternates (suggested on the
    form, not forced)."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    _not_in_force(contract, "召开协商会议")
    if held_on < contract.offer_delivered_on:
        raise ValidationError({"held_on": "协商会议日期不能早于要约送达日期。"})
    _not_future(held_on, "协商会议日期", _today(today))
    if chaired_by not in OfferSide.values:
        raise ValidationError({"chaired_by": "请选择主持方。"})
    recorder = _text(recorder)
    if not recorder:
        raise ValidationError({"recorder": "请填写记录员。"})
    reps = _sides_ready(contract, held_on)
    if recorder in {r.name for r in reps}:
        raise ValidationError({"recorder": "记录员应为双方协商代表以外的人员。"})
    if not _text(minutes):
        raise ValidationError({"minutes": "请填写会议纪要。"})
    attendees = list(attendees)
    ids = {r.pk for r in reps}
    if any(a.pk not in ids for a in attendees):
        raise ValidationError({"attendees": "出席代表须为会议当天在任的本合同协商代表。"})
    number = (contract.sessions.aggregate(m=Max("number"))["m"] or 0) + 1
    session = NegotiationSession.objects.create(
        contract=contract,
        number=number,
        held_on=held_on,
        place=_text(place),
        chaired_by=chaired_by,
        recorder=recorder,
        topics=_text(topics),
        minutes=_text(minutes),
        agreed=_text(agreed),
        open_points=_text(open_points),
        created_by=person(actor),
    )
    session.attendees.set(attendees)
    stage = contract.get_stage_display()
    if contract.stage == S.OFFERED:
        contract.stage = S.NEGOTIATING
        contract.save()
    _record(
        actor,
        "rights.contract_session",
        session,
        contract,
        changes={
            "number": [None, number],
            "held_on": [None, held_on.isoformat()],
            "recorder": [None, recorder],
            "attendees": [None, "、".join(a.name for a in attendees)],
            "contract_stage": [stage, contract.get_stage_display()],
        },
    )
    return session


# --- 草案 and the 职代会 vote ------------------------------------------------------------------


@transaction.atomic
def draft_add(
    *,
    actor,
    contract: CollectiveContract,
    text: str,
    created_on: datetime.date,
    changes: str = "",
    session: NegotiationSession | None = None,
    today: datetime.date | None = None,
) -> ContractDraft:
    """A version of the text, numbered next; it supersedes the previous version that was
    not voted on. An effective contract's text is never edited: a change is a new
    procedure (``contract_offer(predecessor=…)``)."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    if contract.stage == S.VOTING:
        raise ValidationError("草案正在职代会审议，表决结束前不能形成新稿。")
    _not_in_force(contract, "形成新的草案")
    text = _text(text)
    if not text:
        raise ValidationError({"text": "请填写合同文本。"})
    if session is not None:
        if session.contract_id != contract.pk:
            raise ValidationError({"session": "请选择本合同的协商会议。"})
        if created_on < session.held_on:
            raise ValidationError({"created_on": "草案形成日期不能早于所依据的协商会议。"})
    if created_on < contract.offer_delivered_on:
        raise ValidationError({"created_on": "草案形成日期不能早于要约送达日期。"})
    _not_future(created_on, "草案形成日期", _today(today))
    version = (contract.drafts.aggregate(m=Max("version"))["m"] or 0) + 1
    contract.drafts.filter(state=DraftState.DRAFT).update(state=DraftState.SUPERSEDED)
    draft = ContractDraft.objects.create(
        contract=contract,
        version=version,
        text=text,
        changes=_text(changes),
        session=session,
        created_on=created_on,
        created_by=person(actor),
    )
    if contract.stage == S.OFFERED:
        contract.stage = S.NEGOTIATING
        contract.save()
    _record(actor, "rights.contract_draft", draft, contract)
    return draft


VOTE_NOTE = (
    "本草案经双方协商代表协商一致，依《集体合同规定》第三十六条提交职工代表大会审议；"
    "须全体代表三分之二以上出席，全体代表半数以上同意方为通过。"
)


@transaction.atomic
def draft_to_congress(
    *,
    actor,
    draft: ContractDraft,
    sitting: Sitting,
    on_paper: bool = False,
) -> Poll:
    """The draft put to the 职代会: a motion poll "审议《…》（第N稿）" on a sitting (not
    closed) of the union's current congress term, made through the congress's own
    ``poll_create`` (which checks ``congress.manage``). Its result moves the draft when
    the congress closes the vote (:func:`draft_vote_apply`)."""
    contract = draft.contract
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    draft = ContractDraft.objects.select_for_update().get(pk=draft.pk)
    before = audit.snapshot(draft)
    _not_in_force(contract, "提交职代会审议")
    if draft.state != DraftState.DRAFT:
        raise ValidationError(f"第{draft.version}稿为“{draft.get_state_display()}”，不能提交审议。")
    term = sitting.term
    if term.union_id != contract.union_id or term.closed_on is not None:
        raise ValidationError({"sitting": "请选择本会本届职代会的会议。"})
    if sitting.status == SittingStatus.CLOSED:
        raise ValidationError({"sitting": "该次会议已闭会，请选择未闭会的会议。"})
    description = "\n\n".join(x for x in (draft.changes, VOTE_NOTE) if x)
    poll = poll_services.poll_create(
        actor=actor,
        sitting=sitting,
        title=f"审议《{contract.title}》（第{draft.version}稿）",
        description=description,
        on_paper=on_paper,
    )
    draft.poll, draft.state = poll, DraftState.VOTING
    draft.save()
    contract.stage = S.VOTING
    contract.save()
    _record(actor, "rights.contract_to_congress", draft, contract, before)
    return poll


def draft_vote_apply(*, actor, poll: Poll) -> ContractDraft | None:
    """The congress's close hook (``congress.poll_hooks.register_close_hook``): once a
    draft's vote is final, passed → the draft PASSED and the contract 待签字; failed
    (quorum not met included) → the draft FAILED and the contract back to negotiation.
    Runs inside the congress's close transaction, recorded as the closing actor's."""
    drafts = ContractDraft.objects.select_for_update().select_related("contract")
    draft = drafts.filter(poll=poll).first()
    if draft is None:
        # the re-vote of a VOID paper count (``poll_revote``: a new item, same title, same
        # sitting) decides the draft whose vote was void
        draft = drafts.filter(
            state=DraftState.VOTING,
            poll__sitting=poll.sitting_id,
            poll__title=poll.title,
            poll__status=PollStatus.VOID,
        ).first()
    if draft is None:
        return None
    contract = _lock(draft.contract)
    require(actor, "congress.manage", union=contract.union)
    from gonghui.congress.queries.polls import result

    before = audit.snapshot(draft)
    outcome = result(poll)
    stage = contract.get_stage_display()
    draft.poll = poll
    draft.state = DraftState.PASSED if outcome.passed else DraftState.FAILED
    draft.save()
    contract.stage = S.APPROVED if outcome.passed else S.NEGOTIATING
    contract.save()
    _record(
        actor,
        "rights.contract_vote",
        draft,
        contract,
        changes={
            **audit.diff(before, audit.snapshot(draft)),
            "outcome": [None, outcome.arithmetic[-1] if outcome.arithmetic else ""],
            "contract_stage": [stage, contract.get_stage_display()],
        },
    )
    return draft


# --- 签字, 报送, 审查 -------------------------------------------------------------------------


@transaction.atomic
def contract_sign(
    *,
    actor,
    contract: CollectiveContract,
    signed_on: datetime.date,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """Signed by both chief representatives after the 职代会 passed the draft; the workers
    covered are fixed: the union's 职工人数 (单独签订) or the sum of its employers'."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    before = audit.snapshot(contract)
    _stage_is(contract, (S.APPROVED,), "签字（须职代会审议通过）")
    passed = q.passed_on(contract)
    if passed is not None and signed_on < passed:
        raise ValidationError(
            {"signed_on": f"签字日期不能早于职代会表决通过（{passed:%Y-%m-%d}）。"}
        )
    _not_future(signed_on, "签字日期", _today(today))
    _sides_ready(contract, signed_on)
    if contract.scope == ContractScope.SINGLE:
        covered = contract.union.staff_count or 0
    else:
        covered = sum(contract.employers.values_list("workers", flat=True))
        if not covered:
            raise ValidationError("请先登记区域性、行业性合同覆盖的企业及其职工人数。")
    contract.signed_on, contract.covered_workers = signed_on, covered
    contract.stage = S.SIGNED
    contract.save()
    _record(actor, "rights.contract_sign", contract, contract, before)
    return contract


@transaction.atomic
def contract_submit(
    *,
    actor,
    contract: CollectiveContract,
    submitted_on: datetime.date,
    received_on: datetime.date | None = None,
    authority: str = "",
    late_reason: str = "",
    today: datetime.date | None = None,
) -> CollectiveContract:
    """报送审查 (第四十二条): within the submission period of the signing, else with the
    reason. The effective date is computed from the department's receipt (第四十七条: no
    objection within the review period), and the expiry from the term."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    before = audit.snapshot(contract)
    _stage_is(contract, (S.SIGNED,), "报送（须先签字）")
    today = _today(today)
    received_on = received_on or submitted_on
    assert contract.signed_on is not None
    if submitted_on < contract.signed_on:
        raise ValidationError({"submitted_on": "报送日期不能早于签字日期。"})
    if received_on < submitted_on:
        raise ValidationError({"received_on": "收到日期不能早于报送日期。"})
    _not_future(received_on, "人社部门收到日期", today)
    settings = settings_for(contract.union)
    due = clock.submit_due(contract.signed_on, settings)
    late_reason = _text(late_reason)
    if submitted_on > due and not late_reason:
        raise ValidationError(
            {"late_reason": f"逾期报送须说明原因（应于 {due:%Y-%m-%d} 前报送）。"}
        )
    effective = clock.effective_on(received_on, settings)
    contract.submitted_on, contract.received_on = submitted_on, received_on
    contract.authority, contract.late_reason = _text(authority)[:100], late_reason
    contract.effective_on = effective
    contract.expires_on = clock.expires_on(effective, contract.term_years)
    contract.stage = S.SUBMITTED
    contract.save()
    _record(actor, "rights.contract_submit", contract, contract, before)
    return contract


@transaction.atomic
def review_record(
    *,
    actor,
    contract: CollectiveContract,
    issued_on: datetime.date,
    received_on: datetime.date,
    opinion: str,
    authority: str = "",
    today: datetime.date | None = None,
) -> ContractReview:
    """A 《审查意见书》 (第四十五条) issued within the review period: the contract does not
    take effect; back to negotiation on the points raised, then a new draft, the 职代会,
    signing and submission again (第四十六条). After the period it is refused: the contract
    took effect (第四十七条)."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    _stage_is(contract, (S.SUBMITTED,), "登记审查意见书")
    assert contract.received_on is not None and contract.effective_on is not None
    due = clock.review_due(contract.received_on, settings_for(contract.union))
    if issued_on < contract.received_on:
        raise ValidationError({"issued_on": "意见书日期不能早于人社部门收到文本的日期。"})
    if issued_on > due:
        raise ValidationError(
            {"issued_on": f"已过审查期限，合同已于 {contract.effective_on:%Y-%m-%d} 生效。"}
        )
    if received_on < issued_on:
        raise ValidationError({"received_on": "收到日期不能早于意见书日期。"})
    _not_future(received_on, "收到日期", _today(today))
    if not _text(opinion):
        raise ValidationError({"opinion": "请填写审查意见。"})
    review = ContractReview.objects.create(
        contract=contract,
        issued_on=issued_on,
        received_on=received_on,
        authority=_text(authority)[:100] or contract.authority,
        opinion=_text(opinion),
        created_by=person(actor),
    )
    cleared = {
        "cleared_signed_on": [contract.signed_on.isoformat() if contract.signed_on else None, None],
        "cleared_effective_on": [contract.effective_on.isoformat(), None],
        "contract_stage": [contract.get_stage_display(), S.NEGOTIATING.label],
    }
    contract.effective_on = contract.expires_on = None
    contract.signed_on = contract.submitted_on = contract.received_on = None
    contract.late_reason = ""
    contract.stage = S.NEGOTIATING
    contract.save()
    _record(
        actor,
        "rights.contract_review",
        review,
        contract,
        changes={
            "issued_on": [None, issued_on.isoformat()],
            "opinion": [None, review.opinion],
            **cleared,
        },
    )
    return review
