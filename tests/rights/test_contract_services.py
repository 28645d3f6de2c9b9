"""The collective-contract procedure through its services: every legal deadline on its
boundary day, the congress vote moving the draft (electronic, paper, failed), the rules of
the procedure refused in Chinese with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.congress.models import PollStatus
from gonghui.congress.services import polls as poll_services
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.rights import queries_contracts as q
from gonghui.rights import services_contracts as services
from gonghui.rights import services_contracts_after as after
from gonghui.rights.models_contracts import (
    CollectiveContract,
    ContractKind,
    ContractScope,
    ContractStage,
    DraftState,
    OfferSide,
)
from gonghui.rights.queries import settings_for

from .support_contracts import (
    DELIVERED,
    DRAFTED,
    EFFECTIVE,
    EXPIRES,
    LATER,
    RECEIVED,
    RENEWAL_OPENS,
    REPLY_DUE,
    REVIEW_DUE,
    SESSION_1,
    SIGNED,
    SUBMIT_DUE,
    approved,
    cast,
    negotiating,
    offered,
    session,
    sides,
    signed,
    submitted,
    to_congress,
    vote,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
S = ContractStage


def _deadline(contract, key, today=LATER):
    contract.refresh_from_db()
    rows = q.deadlines(
        contract,
        settings_for(contract.union),
        today,
        reps=list(contract.representatives.all()),
        reports=list(contract.reports.all()),
    )
    return next(d for d in rows if d.key == key)


def _entries():
    return AuditEntry.objects.count()


# --- 要约 and reply: day 20 on time, day 21 late -------------------------------------------


@pytest.mark.parametrize(("replied", "state"), [(REPLY_DUE, "done"), (REPLY_DUE + DAY, "late")])
def test_the_reply_is_on_time_on_day_20_and_late_on_day_21(world, replied, state):
    c = offered(world)
    assert (REPLY_DUE - DELIVERED).days == 20
    assert _deadline(c, "reply", DELIVERED).due == REPLY_DUE
    services.contract_reply(
        actor=world.chair, contract=c, replied_on=replied, reply_text="同意", today=LATER
    )
    c.refresh_from_db()
    assert c.stage == S.NEGOTIATING
    assert _deadline(c, "reply").state(LATER) == state


def test_no_reply_is_overdue_the_day_after(world):
    c = offered(world)
    assert _deadline(c, "reply").state(REPLY_DUE) == "soon"
    assert _deadline(c, "reply").state(REPLY_DUE + DAY) == "overdue"


def test_a_reply_before_delivery_is_refused(world):
    c = offered(world)
    with pytest.raises(ValidationError, match="答复日期不能早于要约送达日期"):
        services.contract_reply(
            actor=world.chair, contract=c, replied_on=DELIVERED - DAY, reply_text="同意"
        )


def test_the_offer_checks_its_dates_term_and_scope(world):
    with pytest.raises(ValidationError, match="要约送达日期不能早于要约日期"):
        offered(world, offered_on=DELIVERED, delivered_on=DELIVERED - DAY)
    with pytest.raises(ValidationError, match="1 至 3 年"):
        offered(world, term_years=4)
    with pytest.raises(ValidationError, match="区域或行业工会"):
        offered(world, scope=ContractScope.REGIONAL)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        offered(world, offered_on=LATER, delivered_on=LATER + DAY)
    offered(world)
    with pytest.raises(ValidationError, match="进行中的综合集体合同"):
        offered(world)
    assert CollectiveContract.objects.count() == 1


def test_a_member_may_not_make_an_offer(world):
    with pytest.raises(PermissionDenied):
        offered(world, actor=world.member)


# --- representatives ------------------------------------------------------------------------


def test_a_workers_representative_must_be_a_current_member(world):
    c = offered(world)
    nurse = world.members["郑护士"]  # the hospital's
    with pytest.raises(ValidationError, match="协商代表须为本会会员"):
        services.representative_add(
            actor=world.chair, contract=c, side="workers", member=nurse, appointed_on=DELIVERED
        )
    leaver = world.members["孙组长"]
    member_services.member_leave(actor=None, member=leaver, on=DELIVERED, reason="调离")
    leaver.refresh_from_db()
    with pytest.raises(ValidationError, match="协商代表须为本会会员"):
        services.representative_add(
            actor=world.chair, contract=c, side="workers", member=leaver, appointed_on=DELIVERED
        )
    assert not c.representatives.exists()


def test_one_chief_per_side(world):
    c = offered(world)
    sides(world, c, n=1)
    with pytest.raises(ValidationError, match="每方只能有一名首席代表"):
        services.representative_add(
            actor=world.chair,
            contract=c,
            side=OfferSide.EMPLOYER,
            name="另一位",
            chief=True,
            appointed_on=DELIVERED,
        )


def test_a_vacancy_is_due_to_be_refilled_and_the_replacement_closes_it(world):
    c = negotiating(world)
    rep = c.representatives.get(name="吴老师")
    services.representative_leave(
        actor=world.chair, representative=rep, left_on=SIGNED, reason="调离", today=LATER
    )
    refill = _deadline(c, f"refill-{rep.pk}", SIGNED)
    assert refill.due == q.clock.refill_due(SIGNED, settings_for(c.union))
    assert refill.state(refill.due + DAY) == "overdue"
    new = services.representative_replace(
        actor=world.chair,
        representative=rep,
        member=world.members["赵财务"],
        appointed_on=SIGNED + DAY,
        today=LATER,
    )
    assert new.replaces == rep and not new.chief
    assert _deadline(c, f"refill-{rep.pk}").state(LATER) == "done"


# --- sessions -------------------------------------------------------------------------------


def test_sides_must_be_equal_and_each_have_a_chief(world):
    c = offered(world)
    sides(world, c, n=1)
    services.representative_add(
        actor=world.chair,
        contract=c,
        side=OfferSide.WORKERS,
        member=world.members["吴老师"],
        appointed_on=DELIVERED,
    )
    with pytest.raises(ValidationError, match="双方协商代表人数应相等"):
        session(world, c)
    assert not c.sessions.exists()


def test_the_recorder_may_not_be_a_representative(world):
    c = offered(world)
    sides(world, c)
    with pytest.raises(ValidationError, match="记录员应为双方协商代表以外的人员"):
        session(world, c, recorder="刘校长")
    with pytest.raises(ValidationError, match="不能早于要约送达日期"):
        session(world, c, held_on=DELIVERED - DAY)
    with pytest.raises(ValidationError, match="请填写会议纪要"):
        session(world, c, minutes=" ")
    first = session(world, c)
    assert first.number == 1 and c.sessions.count() == 1
    assert q.next_chair(c) == OfferSide.EMPLOYER  # suggested, not forced
    second = session(world, c, SESSION_1 + DAY)  # the workers chair again: allowed
    assert second.number == 2


# --- drafts and the congress ----------------------------------------------------------------


def test_a_new_draft_supersedes_the_previous_unvoted_one(world):
    c = negotiating(world)
    d2 = services.draft_add(
        actor=world.chair, contract=c, text="第二稿", created_on=DRAFTED, today=LATER
    )
    assert d2.version == 2
    assert list(c.drafts.values_list("state", flat=True)) == [
        DraftState.SUPERSEDED,
        DraftState.DRAFT,
    ]


def test_to_congress_makes_the_motion_poll(world):
    c = negotiating(world)
    _, poll = to_congress(world, c)
    c.refresh_from_db()
    draft = c.drafts.get()
    assert poll.title == f"审议《{c.title}》（第1稿）"
    assert "第一稿" in poll.description and "第三十六条" in poll.description
    assert (draft.state, draft.poll, c.stage) == (DraftState.VOTING, poll, S.VOTING)
    with pytest.raises(ValidationError, match="正在职代会审议"):
        services.draft_add(actor=world.chair, contract=c, text="x", created_on=DRAFTED)


def test_an_electronic_vote_passes_the_draft_in_the_close(world):
    c = approved(world)
    draft = c.drafts.get()
    assert (draft.state, c.stage) == (DraftState.PASSED, S.APPROVED)
    entry = AuditEntry.objects.filter(action="rights.contract_vote").get()
    assert entry.actor == world.chair and "通过" in entry.changes["outcome"][1]


def test_a_failed_vote_returns_the_draft_to_negotiation(world):
    c = negotiating(world)
    vote(world, c, passed=False)
    draft = c.drafts.get()
    assert (draft.state, c.stage) == (DraftState.FAILED, S.NEGOTIATING)
    # a new draft and a new vote
    services.draft_add(actor=world.chair, contract=c, text="修改稿", created_on=LATER, today=LATER)
    assert c.drafts.get(version=2).state == DraftState.DRAFT
    assert c.drafts.get(version=1).state == DraftState.FAILED


def test_a_vote_without_quorum_fails_the_draft(world):
    c = negotiating(world)
    cong, poll = to_congress(world, c, n=3, present=2)  # 2 of 3 present: the quorum met
    poll_services.poll_open(actor=world.chair, poll=poll)
    cast(cong, poll, ["yes"])  # 1 of 3: not more than half of all
    poll_services.poll_close(actor=world.chair, poll=poll)
    c.refresh_from_db()
    assert c.stage == S.NEGOTIATING and c.drafts.get().state == DraftState.FAILED


def test_a_void_paper_count_decides_nothing_and_its_revote_decides_the_draft(world):
    c = negotiating(world)
    _, poll = to_congress(world, c, on_paper=True)
    poll_services.poll_open(actor=world.chair, poll=poll)
    fig = dict(invalid=0, no=0, abstain=0, scrutineers="甲、乙")
    poll_services.poll_paper(actor=world.chair, poll=poll, issued=3, returned=4, yes=3, **fig)
    poll.refresh_from_db()
    c.refresh_from_db()
    assert poll.status == PollStatus.VOID and c.stage == S.VOTING
    again = poll_services.poll_revote(actor=world.chair, poll=poll)
    poll_services.poll_open(actor=world.chair, poll=again)
    poll_services.poll_paper(actor=world.chair, poll=again, issued=3, returned=3, yes=3, **fig)
    c.refresh_from_db()
    draft = c.drafts.get()
    assert (draft.state, draft.poll, c.stage) == (DraftState.PASSED, again, S.APPROVED)


def test_a_paper_vote_that_passes_moves_the_draft(world):
    c = negotiating(world)
    _, poll = to_congress(world, c, on_paper=True)
    poll_services.poll_open(actor=world.chair, poll=poll)
    poll_services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=3,
        returned=3,
        invalid=0,
        yes=2,
        no=1,
        abstain=0,
        scrutineers="甲、乙",
    )
    c.refresh_from_db()
    assert c.stage == S.APPROVED and c.drafts.get().state == DraftState.PASSED


# --- signing and submission: day 10 on time, day 11 needs a reason ---------------------------


def test_signing_before_the_vote_is_refused(world):
    c = approved(world)
    with pytest.raises(ValidationError, match="签字日期不能早于职代会表决通过（2026-05-28）"):
        services.contract_sign(
            actor=world.chair, contract=c, signed_on=datetime.date(2026, 5, 27), today=LATER
        )
    c.refresh_from_db()
    assert c.stage == S.APPROVED and c.signed_on is None


def test_signing_needs_the_passed_vote(world):
    c = negotiating(world)
    with pytest.raises(ValidationError, match="须职代会审议通过"):
        services.contract_sign(actor=world.chair, contract=c, signed_on=SIGNED, today=LATER)


def test_signing_fixes_the_workers_covered(world):
    c = signed(world)
    assert c.covered_workers == world.school.staff_count == 40
    assert c.stage == S.SIGNED


def test_submission_on_day_10_needs_no_reason(world):
    c = signed(world)
    assert (SUBMIT_DUE - SIGNED).days == 10
    services.contract_submit(actor=world.chair, contract=c, submitted_on=SUBMIT_DUE, today=LATER)
    c.refresh_from_db()
    assert (c.received_on, c.effective_on, c.expires_on) == (SUBMIT_DUE, EFFECTIVE, EXPIRES)
    assert _deadline(c, "submit").state(LATER) == "done"


def test_submission_on_day_11_needs_the_reason(world):
    c = signed(world)
    before = _entries()
    with pytest.raises(ValidationError, match="逾期报送须说明原因"):
        services.contract_submit(
            actor=world.chair, contract=c, submitted_on=SUBMIT_DUE + DAY, today=LATER
        )
    assert _entries() == before
    services.contract_submit(
        actor=world.chair,
        contract=c,
        submitted_on=SUBMIT_DUE + DAY,
        late_reason="人社局窗口停办一日",
        today=LATER,
    )
    assert _deadline(c, "submit").state(LATER) == "late"


def test_submission_before_signing_is_refused(world):
    c = signed(world)
    with pytest.raises(ValidationError, match="报送日期不能早于签字日期"):
        services.contract_submit(
            actor=world.chair, contract=c, submitted_on=SIGNED - DAY, today=LATER
        )
    with pytest.raises(ValidationError, match="收到日期不能早于报送日期"):
        services.contract_submit(
            actor=world.chair, contract=c, submitted_on=SIGNED, received_on=SIGNED - DAY
        )


# --- review: an objection on day 15 is accepted, on day 16 it is too late --------------------


def test_an_objection_on_day_15_sends_it_back(world):
    c = submitted(world)
    assert (REVIEW_DUE - RECEIVED).days == 15 and c.effective_on == EFFECTIVE
    review = services.review_record(
        actor=world.chair,
        contract=c,
        issued_on=REVIEW_DUE,
        received_on=REVIEW_DUE,
        opinion="第八条加班工资标准低于法定标准。",
        today=LATER,
    )
    c.refresh_from_db()
    assert review.authority == "县人社局"
    assert (c.stage, c.effective_on, c.expires_on, c.signed_on) == (S.NEGOTIATING, None, None, None)
    # amended by negotiation: a new draft, voted again, signed and submitted again
    services.draft_add(actor=world.chair, contract=c, text="修改后", created_on=LATER, today=LATER)
    assert c.drafts.get(version=2).state == DraftState.DRAFT


def test_an_objection_on_day_16_is_refused_the_contract_is_in_force(world):
    c = submitted(world)
    with pytest.raises(ValidationError, match="已过审查期限，合同已于 2026-06-27 生效"):
        services.review_record(
            actor=world.chair,
            contract=c,
            issued_on=REVIEW_DUE + DAY,
            received_on=REVIEW_DUE + DAY,
            opinion="迟到的意见",
            today=LATER,
        )
    c.refresh_from_db()
    assert c.effective_on == EFFECTIVE
    assert q.status(c, EFFECTIVE - DAY)[0].startswith("审查期内")
    assert q.status(c, EFFECTIVE)[0] == "已生效（2026-06-27 起）"
    assert CollectiveContract.objects.filter(q.in_force(EFFECTIVE)).get() == c
    assert not CollectiveContract.objects.filter(q.in_force(EFFECTIVE - DAY)).exists()
    assert q.status(c, EXPIRES + DAY)[0].startswith("已期满")


def test_an_effective_contract_is_not_edited_a_change_is_a_new_procedure(world):
    c = submitted(world)
    with pytest.raises(ValidationError, match="合同已生效，变更须重新协商（新建变更程序）"):
        services.draft_add(actor=world.chair, contract=c, text="改", created_on=LATER, today=LATER)
    change = offered(world, predecessor=c, title="第一中学集体合同（变更）", today=LATER)
    assert change.predecessor == c
    with pytest.raises(ValidationError, match="已有续订或变更程序"):
        offered(world, predecessor=c, kind=ContractKind.WAGE)


# --- after effect ---------------------------------------------------------------------------


def test_publication_and_reports_after_effect(world):
    c = submitted(world)
    with pytest.raises(ValidationError, match="公布日期不能早于生效日期"):
        after.contract_publish(
            actor=world.chair, contract=c, published_on=EFFECTIVE - DAY, how="公开栏", today=LATER
        )
    due = _deadline(c, "publish").due
    after.contract_publish(
        actor=world.chair, contract=c, published_on=due + DAY, how="公开栏", today=LATER
    )
    assert _deadline(c, "publish").state(LATER) == "late"
    assert _deadline(c, "report").due == datetime.date(2027, 6, 27)
    after.report_add(
        actor=world.chair,
        contract=c,
        reported_on=datetime.date(2027, 6, 1),
        findings="各条款履行良好。",
        today=datetime.date(2027, 6, 2),
    )
    assert _deadline(c, "report").due == datetime.date(2028, 6, 1)
    after.contract_end(
        actor=world.chair,
        contract=c,
        ended_on=datetime.date(2027, 7, 1),
        reason="企业合并",
        today=datetime.date(2027, 7, 2),
    )
    c.refresh_from_db()
    assert c.stage == S.ENDED


def test_abandoning_a_procedure(world):
    c = negotiating(world)
    after.contract_abandon(
        actor=world.chair, contract=c, ended_on=LATER, reason="单位改制", today=LATER
    )
    c.refresh_from_db()
    assert c.stage == S.ABANDONED
    offered(world)  # a new procedure of the same kind may start


# --- the renewal window and the 待办 --------------------------------------------------------


def test_the_renewal_window_opens_exactly_3_months_before_expiry(world):
    c = submitted(world)
    assert _deadline(c, "renewal").due == RENEWAL_OPENS

    def renewals(today):
        return list(q.due_querysets(world.school, today)["renewal"])

    assert renewals(RENEWAL_OPENS - DAY) == []
    assert renewals(RENEWAL_OPENS) == [c]
    assert renewals(EXPIRES) == [c]
    assert renewals(EXPIRES + DAY) == []
    offered(world, predecessor=c, title="续订", offered_on=LATER, delivered_on=LATER)
    assert renewals(RENEWAL_OPENS) == []


def test_due_querysets_pin_each_deadline_within_a_week(world):
    c = signed(world)

    def due(today):
        return {k: qs.count() for k, qs in q.due_querysets(world.school, today).items()}

    assert due(SUBMIT_DUE - datetime.timedelta(days=8))["submit"] == 0
    assert due(SUBMIT_DUE - datetime.timedelta(days=7))["submit"] == 1
    assert due(SUBMIT_DUE + DAY)["submit"] == 1
    services.contract_submit(
        actor=world.chair, contract=c, submitted_on=SIGNED, received_on=RECEIVED, today=LATER
    )
    publish = _deadline(c, "publish").due
    assert due(publish - datetime.timedelta(days=7))["publish"] == 1
    assert due(publish - datetime.timedelta(days=8))["publish"] == 0


def test_a_federation_runs_a_regional_contract_over_several_employers(world):
    c = services.contract_offer(
        actor=world.fed_admin,
        union=world.fed,
        kind=ContractKind.WAGE,
        scope=ContractScope.REGIONAL,
        title="示范镇餐饮行业工资专项集体协议",
        employer="示范镇餐饮协会",
        offered_on=DELIVERED,
        delivered_on=DELIVERED,
        term_years=1,
        today=LATER,
    )
    services.employer_add(actor=world.fed_admin, contract=c, name="甲饭店", workers=30)
    services.employer_add(
        actor=world.fed_admin, contract=c, name="乙酒家", workers=12, union=world.hospital
    )
    with pytest.raises(ValidationError, match="已登记甲饭店"):
        services.employer_add(actor=world.fed_admin, contract=c, name="甲饭店", workers=1)
    assert sum(c.employers.values_list("workers", flat=True)) == 42
    with pytest.raises(ValidationError, match="区域性或行业性"):
        services.contract_offer(
            actor=world.fed_admin,
            union=world.fed,
            kind=ContractKind.GENERAL,
            title="x",
            employer="y",
            offered_on=DELIVERED,
            delivered_on=DELIVERED,
        )
    # a workers' representative from a union beneath the federation
    rep = services.representative_add(
        actor=world.fed_admin,
        contract=c,
        side="workers",
        member=world.members["郑护士"],
        chief=True,
        appointed_on=DELIVERED,
        today=LATER,
    )
    assert rep.name == "郑护士"


def test_the_todo_follows_a_setting_inherited_from_the_federation(world):
    from gonghui.rights import services as rights_services

    signed(world)

    def submit_due_count(today):
        return q.due_querysets(world.school, today)["submit"].count()

    early = SUBMIT_DUE - datetime.timedelta(days=8)
    assert submit_due_count(early) == 0
    # 5 days instead of 10: due Mon 8 June 2026 (6 June is a Saturday), within a week of 1 June
    rights_services.rights_settings_save(
        actor=world.fed_admin, union=world.fed, fields={"submit_days": 5}
    )
    assert settings_for(world.school).submit_days == 5
    assert submit_due_count(early) == 1
    assert submit_due_count(datetime.date(2026, 5, 31)) == 0
