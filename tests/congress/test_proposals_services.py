"""Proposal services: every transition and its refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.congress.models import CongressSettings, CoSign, Rating
from gonghui.congress.models import ProposalStatus as S
from gonghui.congress.services import proposals as services
from gonghui.core.models import AuditEntry

from .proposal_world import answered, assigned, collecting, submitted


@pytest.fixture
def sitting_reps(world):
    return collecting(world)


def create(world, sitting, reps, **kw):
    args = {
        "actor": world.member,
        "sitting": sitting,
        "title": "关于增设教职工休息室的提案",
        "reason": "没有午休的地方。",
        "measures": "把三楼空教室改为休息室。",
        "cosigners": [reps[1], reps[2]],
    }
    args.update(kw)
    return services.proposal_create(**args)


def test_create_asks_cosigners_and_stays_draft(world, sitting_reps):
    sitting, reps = sitting_reps
    p = create(world, sitting, reps)
    assert p.status == S.DRAFT and p.number is None
    assert set(CoSign.objects.filter(proposal=p).values_list("representative", flat=True)) == {
        reps[1].pk,
        reps[2].pk,
    }
    assert AuditEntry.objects.filter(action="proposal.create", object_id=str(p.pk)).exists()


def test_only_a_seated_representative_proposes(world, sitting_reps):
    sitting, reps = sitting_reps
    for user in (world.committee, world.outsider, world.nobody):
        with pytest.raises(PermissionDenied):
            create(world, sitting, reps, actor=user)


def test_window_is_inclusive_and_refused_outside(world, sitting_reps):
    sitting, reps = sitting_reps
    today = timezone.localdate()
    sitting.proposals_open = sitting.proposals_close = today
    sitting.save()
    assert create(world, sitting, reps).status == S.DRAFT
    sitting.proposals_close = today - datetime.timedelta(days=1)
    sitting.proposals_open = today - datetime.timedelta(days=5)
    sitting.save()
    with pytest.raises(ValidationError, match="截止"):
        create(world, sitting, reps)
    sitting.proposals_open = today + datetime.timedelta(days=1)
    sitting.proposals_close = today + datetime.timedelta(days=5)
    sitting.save()
    with pytest.raises(ValidationError, match="尚未开始"):
        create(world, sitting, reps)
    sitting.proposals_open = sitting.proposals_close = None
    sitting.save()
    with pytest.raises(ValidationError, match="秘书处设置"):
        create(world, sitting, reps)


def test_too_few_or_wrong_cosigners_refused(world, sitting_reps):
    sitting, reps = sitting_reps
    with pytest.raises(ValidationError, match="至少 2 名"):
        create(world, sitting, reps, cosigners=[reps[1]])
    with pytest.raises(ValidationError, match="本人"):
        create(world, sitting, reps, cosigners=[reps[0], reps[1]])
    reps[3].status = "recalled"
    reps[3].save()
    with pytest.raises(ValidationError, match="在任"):
        create(world, sitting, reps, cosigners=[reps[1], reps[3]])
    with pytest.raises(ValidationError):
        create(world, sitting, reps, title="  ")
    assert not sitting.proposals.exists()


def test_confirmations_submit_with_the_next_number(world, sitting_reps):
    sitting, reps = sitting_reps
    first = submitted(world, sitting, reps, "甲")
    p = create(world, sitting, reps)
    services.cosign_confirm(actor=world.group_leader, proposal=p)
    p.refresh_from_db()
    assert p.status == S.DRAFT
    services.cosign_confirm(actor=world.treasurer, proposal=p)
    p.refresh_from_db()
    assert (first.number, p.number) == (1, 2)
    assert p.status == S.SUBMITTED and p.submitted_at is not None


def test_setting_changes_the_cosigners_needed(world, sitting_reps):
    sitting, reps = sitting_reps
    CongressSettings.objects.create(union=world.school, cosigners=1)
    p = create(world, sitting, reps, cosigners=[reps[1]])
    services.cosign_confirm(actor=world.group_leader, proposal=p)
    p.refresh_from_db()
    assert p.status == S.SUBMITTED


def test_cosign_only_on_own_account(world, sitting_reps):
    sitting, reps = sitting_reps
    p = create(world, sitting, reps)
    # The proposer, the secretariat and a representative who was not asked cannot confirm.
    for user in (world.member, world.committee, world.outsider):
        with pytest.raises(PermissionDenied):
            services.cosign_confirm(actor=user, proposal=p)
    assert not p.cosigns.exclude(confirmed_at=None).exists()
    services.cosign_decline(actor=world.group_leader, proposal=p)
    with pytest.raises(ValidationError, match="答复过"):
        services.cosign_confirm(actor=world.group_leader, proposal=p)
    p.refresh_from_db()
    assert p.status == S.DRAFT


def test_review_decisions(world, sitting_reps):
    sitting, reps = sitting_reps
    a = submitted(world, sitting, reps, "甲")
    with pytest.raises(PermissionDenied):
        services.proposal_review(actor=world.member, proposal=a, decision="accept")
    services.proposal_review(actor=world.committee, proposal=a, decision="accept")
    assert a.status == S.ACCEPTED
    with pytest.raises(ValidationError, match="待审查"):
        services.proposal_review(actor=world.committee, proposal=a, decision="reject", note="x")

    b = submitted(world, sitting, reps, "乙")
    with pytest.raises(ValidationError, match="理由"):
        services.proposal_review(actor=world.committee, proposal=b, decision="reject")
    services.proposal_review(
        actor=world.committee, proposal=b, decision="reject", note="属于行政事务"
    )
    assert b.status == S.REJECTED and b.review_note == "属于行政事务"

    c = submitted(world, sitting, reps, "丙")
    services.proposal_review(actor=world.committee, proposal=c, decision="suggest", note="转建议")
    assert c.status == S.SUGGESTION

    d = submitted(world, sitting, reps, "丁")
    with pytest.raises(ValidationError, match="并入"):
        services.proposal_review(actor=world.committee, proposal=d, decision="merge", merge_into=b)
    services.proposal_review(actor=world.committee, proposal=d, decision="merge", merge_into=a)
    assert d.status == S.MERGED and d.merged_into == a


def test_assign_answer_rate_satisfied_closes(world, sitting_reps):
    sitting, reps = sitting_reps
    p = submitted(world, sitting, reps)
    with pytest.raises(ValidationError, match="立案"):
        services.proposal_assign(
            actor=world.committee, proposal=p, lead_department="总务处", due_on=timezone.localdate()
        )
    services.proposal_review(actor=world.committee, proposal=p, decision="accept")
    with pytest.raises(ValidationError, match="早于今天"):
        services.proposal_assign(
            actor=world.committee,
            proposal=p,
            lead_department="总务处",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    services.proposal_assign(
        actor=world.committee, proposal=p, lead_department="总务处", due_on=timezone.localdate()
    )
    assert p.status == S.ASSIGNED
    with pytest.raises(ValidationError, match="答复后"):
        services.proposal_rate(actor=world.member, proposal=p, rating=Rating.SATISFIED)
    services.proposal_answer(actor=world.committee, proposal=p, department="总务处", text="已办")
    assert p.status == S.ANSWERED
    with pytest.raises(PermissionDenied):
        services.proposal_rate(actor=world.group_leader, proposal=p, rating=Rating.SATISFIED)
    with pytest.raises(PermissionDenied):
        services.proposal_rate(actor=world.committee, proposal=p, rating=Rating.SATISFIED)
    services.proposal_rate(actor=world.member, proposal=p, rating=Rating.BASIC)
    assert p.status == S.CLOSED and p.closed_at is not None
    assert AuditEntry.objects.filter(action="proposal.close", object_id=str(p.pk)).exists()


def test_unsatisfied_sends_back_once_then_final(world, sitting_reps):
    sitting, reps = sitting_reps
    p = answered(world, sitting, reps)
    services.proposal_rate(actor=world.member, proposal=p, rating=Rating.UNSATISFIED)
    assert p.status == S.REHANDLING and p.handled_twice
    services.proposal_answer(actor=world.committee, proposal=p, department="总务处", text="再办")
    services.proposal_rate(actor=world.member, proposal=p, rating=Rating.UNSATISFIED)
    assert p.status == S.CLOSED and p.rating == Rating.UNSATISFIED
    assert p.answers.count() == 2


def test_suggestion_is_answered_like_accepted(world, sitting_reps):
    sitting, reps = sitting_reps
    p = submitted(world, sitting, reps)
    services.proposal_review(actor=world.committee, proposal=p, decision="suggest", note="作为建议")
    services.proposal_assign(
        actor=world.committee, proposal=p, lead_department="教务处", due_on=timezone.localdate()
    )
    services.proposal_answer(actor=world.committee, proposal=p, department="教务处", text="采纳")
    assert p.status == S.ANSWERED


def test_answer_refused_unless_in_hand_and_for_outsider(world, sitting_reps):
    sitting, reps = sitting_reps
    p = assigned(world, sitting, reps)
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=world.outsider, proposal=p, department="x", text="y")
    with pytest.raises(ValidationError, match="答复内容"):
        services.proposal_answer(actor=world.committee, proposal=p, department="总务处", text=" ")
    p.refresh_from_db()
    assert p.status == S.ASSIGNED and not p.answers.exists()


def test_proposer_asks_more_after_a_decline(world, sitting_reps):
    sitting, reps = sitting_reps
    p = create(world, sitting, reps)
    services.cosign_decline(actor=world.treasurer, proposal=p)
    with pytest.raises(PermissionDenied):
        services.cosign_ask(actor=world.group_leader, proposal=p, cosigners=[reps[3]])
    with pytest.raises(ValidationError, match="尚未邀请"):
        services.cosign_ask(actor=world.member, proposal=p, cosigners=[reps[2]])
    services.cosign_ask(actor=world.member, proposal=p, cosigners=[reps[3]])
    assert p.cosigns.count() == 3
    services.cosign_confirm(actor=world.group_leader, proposal=p)
    p.refresh_from_db()
    assert p.status == S.DRAFT  # one confirmed of two needed; 代表004 has not answered
    assert AuditEntry.objects.filter(action="proposal.ask", object_id=str(p.pk)).exists()
