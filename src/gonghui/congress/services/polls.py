"""Votes on motions (表决): items voted one by one, by electronic secret ballot or on paper.

Secrecy rests on the two tables of ``models.py``: a ``Ballot`` says what was chosen (random
UUID key, no voter, no time), a ``BallotMark`` says who has voted (no choice). ``vote_cast``
writes both in one transaction, the unique constraint on the mark is what stops a second
ballot, and the audit entry says that the representative voted, never how. When a poll
closes its ballots are rewritten in random order, so even the database's physical row
order (SQLite rowid, PostgreSQL ctid) no longer follows the order of casting.

Rules (defaults of ``congress/rules.py``, per union in ``CongressSettings``):
《企业民主管理规定》第十九条 — votes open only with two thirds or more of ALL seated
representatives present; 第二十条 — a motion passes with more than half of ALL seated
representatives, not of those present or voting.
"""

from __future__ import annotations

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.core import audit

from ..models import (
    Ballot,
    BallotMark,
    CheckIn,
    Choice,
    Poll,
    PollStatus,
    RepKind,
    Representative,
    RepStatus,
    Sitting,
    SittingStatus,
)
from ..queries.common import settings_for
from ..queries.polls import (
    quorum_needed,
    ratio,
    ratio_label,
    seated_representative,
    vote_refusal,
)
from .common import person, require

FOUR_PLACES = 4


def _lock(poll: Poll) -> Poll:
    """The poll row locked for this transaction: opening, voting and closing serialise on
    it, so no ballot lands after the close and no poll closes half-counted."""
    return Poll.objects.select_for_update().select_related("sitting__term__union").get(pk=poll.pk)


@transaction.atomic
def poll_create(
    *, actor, sitting: Sitting, title: str, description: str = "", on_paper: bool = False
) -> Poll:
    """Add an item to vote on (决议草案, a report, a rule change), numbered next."""
    union = sitting.term.union
    require(actor, "congress.manage", union)
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status == SittingStatus.CLOSED:
        raise ValidationError("本次会议已闭会，不能再设置表决事项。")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写表决事项。"})
    last = sitting.polls.aggregate(m=Max("order"))["m"] or 0
    poll = Poll.objects.create(
        sitting=sitting,
        order=last + 1,
        title=title,
        description=(description or "").strip(),
        on_paper=on_paper,
    )
    audit.record(actor=person(actor), action="poll.create", obj=poll, union_id=union.pk)
    return poll


def _attendance(sitting: Sitting) -> tuple[int, int]:
    """(seated, present): seated VOTING representatives of the term, and those of them
    checked in to the sitting. 列席代表 are never counted."""
    voting = Representative.objects.filter(
        term_id=sitting.term_id, kind=RepKind.VOTING, status=RepStatus.SEATED
    )
    seated = voting.count()
    present = CheckIn.objects.filter(sitting=sitting, representative__in=voting).count()
    return seated, present


def mark_once(model, refusal: str, **fields) -> None:
    """Write the voter's mark (``BallotMark``, ``EvaluationMark``, ``ElectionMark``). Its
    unique constraint is the guard against a second ballot, also under concurrent
    requests; the savepoint keeps the caller's transaction usable to raise ``refusal``."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        raise ValidationError(refusal) from None


def start_vote(item, union, *, verb: str, entitled: str = "") -> None:
    """What opening a poll, an evaluation or an election share: the sitting must be open,
    two thirds (the union's quorum) of all seated voting representatives checked in; then
    seated, present (and, where the item keeps them, the ratios) and the opening time are
    fixed on ``item``, and it is OPEN. ``verb`` (表决, 评议, 进行选举) and ``entitled``
    (有选举权) word the refusals."""
    if item.sitting.status != SittingStatus.OPEN:
        raise ValidationError(f"会议尚未宣布开会（或已闭会），不能{verb}。")
    seated, present = _attendance(item.sitting)
    if seated == 0:
        raise ValidationError(f"本届没有在任的正式代表，不能{verb}。")
    rules = settings_for(union)
    quorum = ratio(rules.quorum)
    need = quorum_needed(seated, quorum)
    if present < need:
        raise ValidationError(
            f"应到{entitled} {seated} 人，实到 {present} 人，不足{ratio_label(quorum)}"
            f"（需 {need} 人），不能{verb}。"
        )
    item.seated, item.present = seated, present
    if hasattr(item, "majority"):
        item.quorum = round(rules.quorum, FOUR_PLACES)
        item.majority = round(rules.majority, FOUR_PLACES)
    item.status = "open"
    item.opened_at = timezone.now()


@transaction.atomic
def poll_open(*, actor, poll: Poll) -> Poll:
    """Start the vote. Fixes seated, present and the union's ratios on the poll, so the
    result is reckoned on the figures of the moment the vote began."""
    union = poll.sitting.term.union
    require(actor, "congress.manage", union)
    poll = _lock(poll)
    before = audit.snapshot(poll)
    if poll.status != PollStatus.DRAFT:
        raise ValidationError(f"该事项{poll.get_status_display()}，不能再开始表决。")
    start_vote(poll, union, verb="开始表决")
    poll.save()
    audit.record(
        actor=person(actor), action="poll.open", obj=poll, before=before, union_id=union.pk
    )
    return poll


@transaction.atomic
def vote_cast(*, actor, poll: Poll, choice: str) -> None:
    """One secret ballot by the actor's own seated, voting, checked-in representative
    record. Returns nothing: not even the caller gets a handle on the ballot row."""
    if choice not in Choice.values:
        raise ValidationError("请选择赞成、反对或弃权。")
    if person(actor) is None:
        raise PermissionDenied("投票须由代表本人登录后进行。")
    poll = _lock(poll)
    rep = seated_representative(actor, poll.sitting.term)
    refusal = vote_refusal(rep, poll)
    if refusal:
        raise ValidationError(refusal)
    mark_once(BallotMark, "您已投过票。", poll=poll, representative=rep)
    Ballot.objects.create(poll=poll, choice=choice)
    # That the representative voted — never the choice. The entry's time cannot be lined up
    # with a ballot: ballots carry no time and random keys.
    audit.record(
        actor=actor,
        action="poll.vote",
        obj=poll,
        changes={"voted": [None, rep.member.name]},
        union_id=poll.sitting.term.union_id,
    )


def _shuffle_ballots(poll: Poll) -> None:
    """Rewrite the poll's ballots in random order with new keys, so that the physical order
    of rows no longer follows the order of casting (the app never shows that order; this
    closes the gap for a copy of the database made after the close)."""
    choices = list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True))
    random.SystemRandom().shuffle(choices)
    Ballot.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create([Ballot(poll=poll, choice=c) for c in choices])


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    """End the vote: no more ballots; the result becomes visible."""
    require(actor, "congress.manage", poll.sitting.term.union)
    poll = _lock(poll)
    before = audit.snapshot(poll)
    if poll.status != PollStatus.OPEN:
        raise ValidationError("该事项不在表决中。")
    if poll.on_paper:
        raise ValidationError("纸质表决请录入计票结果，录入后自动结束。")
    _shuffle_ballots(poll)
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save()
    audit.record(
        actor=person(actor),
        action="poll.close",
        obj=poll,
        before=before,
        union_id=poll.sitting.term.union_id,
    )
    return poll


@transaction.atomic
def poll_paper(
    *,
    actor,
    poll: Poll,
    issued: int,
    returned: int,
    invalid: int,
    yes: int,
    no: int,
    abstain: int,
    scrutineers: str,
) -> Poll:
    """The counters' figures of a paper vote; ends the poll. More ballots returned than
    issued makes the vote VOID (it must be held again), recorded with that reason."""
    require(actor, "congress.manage", poll.sitting.term.union)
    poll = _lock(poll)
    before = audit.snapshot(poll)
    if not poll.on_paper:
        raise ValidationError("该事项为电子表决，不能录入纸质计票结果。")
    if poll.status != PollStatus.OPEN:
        raise ValidationError("该事项不在表决中（须先开始表决，发出选票）。")
    figures = {
        "issued": issued,
        "returned": returned,
        "invalid": invalid,
        "yes": yes,
        "no": no,
        "abstain": abstain,
    }
    if any(v is None or v < 0 for v in figures.values()):
        raise ValidationError("票数须为不小于 0 的整数。")
    scrutineers = (scrutineers or "").strip()
    if not scrutineers:
        raise ValidationError({"scrutineers": "请填写监票人、计票人。"})
    poll.issued, poll.returned, poll.scrutineers = issued, returned, scrutineers
    poll.closed_at = timezone.now()
    if returned > issued:
        poll.status = PollStatus.VOID
        poll.save()
        audit.record(
            actor=person(actor),
            action="poll.paper",
            obj=poll,
            changes={
                **audit.diff(before, audit.snapshot(poll)),
                "void_reason": [None, f"收回 {returned} 张多于发出 {issued} 张，表决无效"],
            },
            union_id=poll.sitting.term.union_id,
        )
        return poll
    if invalid > returned:
        raise ValidationError({"invalid": f"无效票 {invalid} 张多于收回的 {returned} 张。"})
    valid = returned - invalid
    if yes + no + abstain != valid:
        raise ValidationError(
            f"有效票 {valid} 张（收回 {returned} − 无效 {invalid}），"
            f"但赞成、反对、弃权合计 {yes + no + abstain} 张，请核对。"
        )
    if issued > poll.present:
        raise ValidationError(
            {"issued": f"发出选票 {issued} 张多于开始表决时实到的 {poll.present} 名代表。"}
        )
    poll.invalid = invalid
    poll.paper_yes, poll.paper_no, poll.paper_abstain = yes, no, abstain
    poll.status = PollStatus.CLOSED
    poll.save()
    audit.record(
        actor=person(actor),
        action="poll.paper",
        obj=poll,
        before=before,
        union_id=poll.sitting.term.union_id,
    )
    return poll


def revote_note(order: int) -> str:
    return f"（第{order}项表决无效后重新表决）"


@transaction.atomic
def poll_revote(*, actor, poll: Poll) -> Poll:
    """重新表决: a VOID paper poll (more ballots returned than issued) is voted again as a
    new item, numbered next, with the same title and kind of ballot; its description says
    which item it repeats. The void poll stays on record as it is."""
    require(actor, "congress.manage", poll.sitting.term.union)
    poll = _lock(poll)
    sitting = Sitting.objects.select_for_update().get(pk=poll.sitting_id)
    if poll.status != PollStatus.VOID:
        raise ValidationError(
            f"只有无效的表决事项才能重新表决（当前状态：{poll.get_status_display()}）。"
        )
    if sitting.status == SittingStatus.CLOSED:
        raise ValidationError("本次会议已闭会，不能再重新表决。")
    note = revote_note(poll.order)
    again = sitting.polls.filter(order__gt=poll.order, description__endswith=note).first()
    if again is not None:
        raise ValidationError(f"第{poll.order}项已安排重新表决（第{again.order}项）。")
    last = sitting.polls.aggregate(m=Max("order"))["m"] or 0
    description = "\n".join(x for x in (poll.description.strip(), note) if x)
    new = Poll.objects.create(
        sitting=sitting,
        order=last + 1,
        title=poll.title,
        description=description,
        on_paper=poll.on_paper,
    )
    audit.record(
        actor=person(actor),
        action="poll.revote",
        obj=new,
        changes={
            "revote_of": [None, f"第{poll.order}项《{poll.title}》（无效）"],
            "order": [None, new.order],
        },
        union_id=sitting.term.union_id,
    )
    return new
