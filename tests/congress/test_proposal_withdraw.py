"""撤回提案: the proposer takes back a draft or an unreviewed proposal. It is kept (never
deleted), never counted as submitted, left out of the 提案汇编, and pending co-sign
requests on it leave the co-signers' lists."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.congress.models import CoSign, Proposal
from gonghui.congress.models import ProposalStatus as S
from gonghui.congress.queries import proposals as q
from gonghui.congress.services import proposals as services
from gonghui.core.models import AuditEntry

from .proposal_world import assigned, collecting, submitted


@pytest.fixture
def sitting_reps(world):
    return collecting(world)


def draft(world, sitting, reps, title="关于增设教工休息室的提案"):
    """By 周会员, asking 孙组长 and 赵财务, neither of whom has answered."""
    return services.proposal_create(
        actor=world.member,
        sitting=sitting,
        title=title,
        reason="教师课间无处休息。",
        measures="将三楼空教室改为休息室。",
        cosigners=[reps[1], reps[2]],
    )


def untouched(proposal, status):
    proposal.refresh_from_db()
    assert proposal.status == status and proposal.withdrawn_reason == ""
    assert not AuditEntry.objects.filter(action="proposal.withdraw").exists()


# --- services ----------------------------------------------------------------------------


def test_the_proposer_withdraws_a_draft_which_is_kept_with_its_reason(world, sitting_reps):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    services.proposal_withdraw(actor=world.member, proposal=p, reason="  学校已安排休息室  ")
    p.refresh_from_db()
    assert p.status == S.WITHDRAWN and p.withdrawn_reason == "学校已安排休息室"
    assert Proposal.objects.filter(pk=p.pk).exists() and p.cosigns.count() == 2
    entry = AuditEntry.objects.get(action="proposal.withdraw")
    assert entry.actor == world.member
    assert entry.changes["status"] == ["draft", "withdrawn"]
    assert entry.changes["withdrawn_reason"] == ["", "学校已安排休息室"]


def test_a_submitted_unreviewed_proposal_can_be_withdrawn_and_keeps_its_number(world, sitting_reps):
    sitting, reps = sitting_reps
    p = submitted(world, sitting, reps)
    assert p.number == 1
    services.proposal_withdraw(actor=world.member, proposal=p, reason="与他人提案重复")
    p.refresh_from_db()
    assert p.status == S.WITHDRAWN and p.number == 1


def test_a_reviewed_proposal_cannot_be_withdrawn(world, sitting_reps):
    sitting, reps = sitting_reps
    p = assigned(world, sitting, reps)
    with pytest.raises(
        ValidationError, match="只有征集附议或待审查的提案才能撤回（当前状态：承办中）"
    ):
        services.proposal_withdraw(actor=world.member, proposal=p, reason="不想要了")
    untouched(p, S.ASSIGNED)


def test_a_withdrawn_proposal_cannot_be_withdrawn_again(world, sitting_reps):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    services.proposal_withdraw(actor=world.member, proposal=p, reason="已解决")
    with pytest.raises(ValidationError, match="当前状态：已撤回"):
        services.proposal_withdraw(actor=world.member, proposal=p, reason="再撤一次")
    assert AuditEntry.objects.filter(action="proposal.withdraw").count() == 1


def test_a_reason_is_required(world, sitting_reps):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    with pytest.raises(ValidationError, match="请填写撤回原因"):
        services.proposal_withdraw(actor=world.member, proposal=p, reason="   ")
    with pytest.raises(ValidationError, match="不超过 300 字"):
        services.proposal_withdraw(actor=world.member, proposal=p, reason="长" * 301)
    untouched(p, S.DRAFT)


def test_only_the_proposer_not_a_cosigner_nor_the_secretariat(world, sitting_reps):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    # 孙组长 is a representative (asked to co-sign); the chair and the outsider are not.
    with pytest.raises(PermissionDenied, match="只有提案人本人才能撤回提案"):
        services.proposal_withdraw(actor=world.group_leader, proposal=p, reason="代撤")
    for who in (world.chair, world.outsider):
        with pytest.raises(PermissionDenied):
            services.proposal_withdraw(actor=who, proposal=p, reason="代撤")
    untouched(p, S.DRAFT)


def test_a_withdrawn_proposal_is_not_counted_and_not_in_the_book(world, sitting_reps):
    sitting, reps = sitting_reps
    kept = submitted(world, sitting, reps, "关于改善午餐的提案")
    services.proposal_review(actor=world.committee, proposal=kept, decision="accept")
    gone = submitted(world, sitting, reps, "关于撤回的提案")
    services.proposal_withdraw(actor=world.member, proposal=gone, reason="已解决")
    f = q.figures(sitting, timezone.localdate())
    # One submitted, one accepted: 立案率 100%, not 50%.
    assert (f.submitted, f.accepted) == (1, 1) and f.accept_rate == 100
    assert [p.title for p in q.book_rows(sitting)] == ["关于改善午餐的提案"]
    content = services.proposals_book_export(actor=world.committee, sitting=sitting)
    doc = Document(io.BytesIO(content))
    text = "\n".join(par.text for par in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "关于改善午餐的提案" in text and "关于撤回的提案" not in text + cells
    assert "立案率：100.0%" in text


def test_pending_cosign_requests_disappear_and_cannot_be_answered(world, sitting_reps):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    today = timezone.localdate()
    assert [c.proposal_id for c in q.mine(world.group_leader, today).requests] == [p.pk]
    services.proposal_withdraw(actor=world.member, proposal=p, reason="已解决")
    mine = q.mine(world.group_leader, today)
    assert mine.requests == [] and mine.answered == []
    with pytest.raises(ValidationError, match="提案人已撤回这件提案"):
        services.cosign_confirm(actor=world.group_leader, proposal=p)
    assert not CoSign.objects.filter(proposal=p).exclude(confirmed_at=None).exists()
    # The proposer still finds it among their own, marked withdrawn.
    assert [(x.pk, x.status) for x in q.mine(world.member, today).proposals] == [
        (p.pk, S.WITHDRAWN)
    ]


# --- pages -------------------------------------------------------------------------------


def test_the_proposer_sees_the_button_others_do_not(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    url = reverse("congress:proposal_withdraw", args=[p.pk])
    assert url in client_for(world.member).get(p.get_absolute_url()).content.decode()
    for who in (world.group_leader, world.committee):
        assert url not in client_for(who).get(p.get_absolute_url()).content.decode()


def test_withdrawing_through_the_page(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = submitted(world, sitting, reps)
    client = client_for(world.member)
    r = client.post(reverse("congress:proposal_withdraw", args=[p.pk]), {"reason": "已解决"})
    assert r.status_code == 302
    html = client.get(p.get_absolute_url()).content.decode()
    assert "提案人已撤回这件提案。撤回原因：已解决" in html
    assert reverse("congress:proposal_withdraw", args=[p.pk]) not in html
    mine = client.get(reverse("congress:proposal_mine")).content.decode()
    assert "已撤回" in mine


def test_a_blank_reason_on_the_page_shows_the_message(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    r = client_for(world.member).post(
        reverse("congress:proposal_withdraw", args=[p.pk]), {"reason": ""}
    )
    assert r.status_code == 400 and "撤回原因" in r.content.decode()
    untouched(p, S.DRAFT)


def test_others_cannot_withdraw_through_the_page(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    url = reverse("congress:proposal_withdraw", args=[p.pk])
    for who, status in ((world.outsider, 404), (world.group_leader, 403), (world.chair, 403)):
        assert client_for(who).post(url, {"reason": "代撤"}).status_code == status
    assert client_for(world.member).get(url).status_code == 405
    untouched(p, S.DRAFT)


def test_the_cosigner_page_no_longer_asks(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = draft(world, sitting, reps)
    services.proposal_withdraw(actor=world.member, proposal=p, reason="已解决")
    client = client_for(world.group_leader)
    html = client.get(p.get_absolute_url()).content.decode()
    assert 'id="cosign-ask"' not in html and "已取消（提案已撤回）" in html
    mine = client.get(reverse("congress:proposal_mine")).content.decode()
    assert p.title not in mine
