"""A sitting collecting proposals, for the proposal tests.

Seated representatives: 周会员 (``world.member``, the proposer), 孙组长
(``world.group_leader``) and 赵财务 (``world.treasurer``) as co-signers, and two more.
``world.committee`` runs the secretariat without being a representative."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.congress.models import Sitting
from gonghui.congress.services import proposals as services

from .support import seat


def collecting(world, *, open_days: int = 3, close_days: int = 3):
    term, reps = seat(world, 2, named=("周会员", "孙组长", "赵财务"))
    today = timezone.localdate()
    sitting = Sitting.objects.create(
        term=term,
        number=4,
        date=today + datetime.timedelta(days=20),
        proposals_open=today - datetime.timedelta(days=open_days),
        proposals_close=today + datetime.timedelta(days=close_days),
    )
    return sitting, reps


def submitted(world, sitting, reps, title="关于改善教师午餐条件的提案", proposer=None):
    """A proposal by ``world.member`` (or ``proposer``) confirmed by 孙组长 and 赵财务."""
    proposal = services.proposal_create(
        actor=proposer or world.member,
        sitting=sitting,
        title=title,
        reason="午餐品种单一。",
        measures="增加窗口，引入第二家供应商。",
        cosigners=[reps[1], reps[2]] if proposer is None else [reps[0], reps[2]],
    )
    services.cosign_confirm(
        actor=world.group_leader if proposer is None else world.member, proposal=proposal
    )
    services.cosign_confirm(actor=world.treasurer, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def assigned(world, sitting, reps, title="关于改善教师午餐条件的提案", due_days: int = 10):
    proposal = submitted(world, sitting, reps, title)
    services.proposal_review(actor=world.committee, proposal=proposal, decision="accept")
    services.proposal_assign(
        actor=world.committee,
        proposal=proposal,
        lead_department="总务处",
        co_departments="工会",
        due_on=timezone.localdate() + datetime.timedelta(days=due_days),
    )
    return proposal


def answered(world, sitting, reps, title="关于改善教师午餐条件的提案"):
    proposal = assigned(world, sitting, reps, title)
    services.proposal_answer(
        actor=world.committee, proposal=proposal, department="总务处", text="已增加一个窗口。"
    )
    return proposal
