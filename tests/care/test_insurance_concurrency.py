"""互助保障 with two writers at the same moment (PostgreSQL only: SQLite queues writers at
BEGIN, so this is where the locks of ``services_insurance`` are proved).

What a user would notice: a member enrolled by hand while someone else enrols the whole
roster is enrolled once, and neither sees a server error; a claim paid by one committee
member while another refuses it gets one decision; two claims of one member paid at once
never pay past the plan's maximum (the plan is locked first); a new plan sent twice is
created once (not an IntegrityError); a look at a claim while the roster is enrolled is no
server error (a lock on the plan that also locked the union deadlocked there)."""

import datetime
import time
from decimal import Decimal

import pytest

from gonghui.care import queries_insurance as queries
from gonghui.care import services_insurance as services
from gonghui.care.models_insurance import InsuranceClaim, InsuranceEnrollment, InsurancePlan
from gonghui.care.rules_insurance import ClaimState

from .race_support import PG_ONLY, at_once, audited, done, one_done_one_refused, slowed
from .test_insurance import START, TODAY, claim, new_plan, plan_data

pytestmark = PG_ONLY


@pytest.fixture
def plan(world):
    return new_plan(world)


def test_one_member_enrolled_by_hand_and_by_the_roster_at_once_is_enrolled_once(
    world, welfare, plan, monkeypatch
):
    # both have read who is enrolled (nobody) and are about to enrol
    slowed(monkeypatch, queries, "enrolled_member_ids")
    outcomes = at_once(
        {
            "by hand": lambda: services.insurance_enrol(
                actor=world.chair, plan=plan, members=[world.members["周会员"]], on=START
            ),
            "roster": lambda: services.insurance_enrol(actor=welfare, plan=plan, on=START),
        }
    )
    results = done(outcomes)
    assert len(results) == 2, outcomes  # no refusal, no IntegrityError: the second skips
    by_hand, roster = outcomes["by hand"], outcomes["roster"]
    assert (by_hand.added, roster.added) in ((1, 6), (0, 7))
    assert by_hand.already + roster.already == 1  # whoever came second skipped 周会员
    enrolled = InsuranceEnrollment.objects.filter(plan=plan)
    assert enrolled.count() == 7
    assert enrolled.filter(member=world.members["周会员"]).count() == 1
    # an audit entry for each call that enrolled someone, none for the no-op
    assert audited("care.insurance_enrol") == sum(1 for r in results if r.added)


def test_a_claim_paid_and_refused_at_once_gets_one_decision(world, welfare, plan, monkeypatch):
    services.insurance_enrol(actor=world.chair, plan=plan, on=START)
    found = claim(world, plan)
    # both have found it 已申报 and are about to decide it
    slowed(monkeypatch, services, "_locked_claim")
    outcomes = at_once(
        {
            "pay": lambda: services.insurance_claim_pay(
                actor=world.chair, claim=found, paid="2400", paid_on=TODAY
            ),
            "deny": lambda: services.insurance_claim_deny(
                actor=welfare, claim=found, reason="不属于保障范围"
            ),
        }
    )
    winner, message = one_done_one_refused(outcomes)
    assert message in (
        "该理赔当前为“已赔付”，此操作只能在“已申报、审核中”时办理。",
        "该理赔当前为“不予赔付”，此操作只能在“已申报、审核中”时办理。",
    )
    found.refresh_from_db()
    assert found.state == winner.state
    assert (found.paid, found.reason) in ((Decimal("2400.00"), ""), (None, "不属于保障范围"))
    assert audited("care.insurance_claim_pay") + audited("care.insurance_claim_deny") == 1


def test_two_claims_of_one_member_paid_at_once_stay_within_the_plans_maximum(
    world, welfare, monkeypatch
):
    small = new_plan(world, max_benefit="5000")
    services.insurance_enrol(actor=world.chair, plan=small, on=START)
    first = claim(world, small, claimed="4000")
    second = claim(world, small, claimed="3000", event_on=TODAY - datetime.timedelta(days=3))
    # both have read what the plan paid the member before (nothing)
    slowed(monkeypatch, queries, "paid_to")
    outcomes = at_once(
        {
            "chair": lambda: services.insurance_claim_pay(
                actor=world.chair, claim=first, paid="4000", paid_on=TODAY
            ),
            "welfare": lambda: services.insurance_claim_pay(
                actor=welfare, claim=second, paid="3000", paid_on=TODAY
            ),
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message in (
        "超过本计划每人最高保障金额 5000.00 元（此前已赔付 4000.00 元，本次最多 1000.00 元）。",
        "超过本计划每人最高保障金额 5000.00 元（此前已赔付 3000.00 元，本次最多 2000.00 元）。",
    )
    paid = InsuranceClaim.objects.filter(state=ClaimState.PAID)
    assert paid.count() == 1
    assert queries.paid_to(small, world.members["周会员"]) <= Decimal("5000.00")
    assert audited("care.insurance_claim_pay") == 1


def test_a_new_plan_sent_twice_at_once_is_created_once(world, welfare, monkeypatch):
    # both have found no plan of that name for the period and are naming who creates it
    slowed(monkeypatch, services.scoping, "person")
    outcomes = at_once(
        {
            who: lambda actor=actor: services.insurance_plan_create(
                actor=actor, union=world.school, **plan_data()
            )
            for who, actor in (("chair", world.chair), ("welfare", welfare))
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == "本工会同一期已有同名的保障计划。"
    assert InsurancePlan.objects.filter(union=world.school).count() == 1
    assert audited("care.insurance_plan") == 1


def test_a_look_at_a_claim_during_a_roster_enrolment_is_no_server_error(
    world, welfare, plan, monkeypatch
):
    """A lock on the plan must not lock its union: every audit entry of the union (here the
    audited look at a claim) checks the union's row while it holds the audit chain's head,
    which the enrolment then waits for — a deadlock PostgreSQL ends with a server error."""
    services.insurance_enrol(
        actor=world.chair, plan=plan, members=[world.members["周会员"]], on=START
    )
    found = claim(world, plan)
    # the enrolment has its plan locked and is reading the roster
    slowed(monkeypatch, queries, "enrolled_member_ids")

    def look():
        time.sleep(0.1)  # a moment after the enrolment began
        return services.insurance_claim_view(actor=welfare, claim=found)

    outcomes = at_once(
        {"roster": lambda: services.insurance_enrol(actor=world.chair, plan=plan), "look": look}
    )
    assert len(done(outcomes)) == 2, outcomes
    assert outcomes["roster"].added == 6
    assert audited("care.insurance_claim_view") == 1
    assert audited("care.insurance_enrol") == 2


def test_a_claim_and_a_backdated_withdrawal_at_once_never_leave_the_claim_uncovered(
    world, welfare, plan, monkeypatch
):
    services.insurance_enrol(
        actor=world.chair, plan=plan, members=[world.members["周会员"]], on=START
    )
    mine = InsuranceEnrollment.objects.get()
    event_on = TODAY - datetime.timedelta(days=3)
    # the claim has found the member covered on the day and is about to record it
    slowed(monkeypatch, queries, "enrollment_covering")
    outcomes = at_once(
        {
            "claim": lambda: claim(world, plan, event_on=event_on),
            "withdraw": lambda: services.insurance_withdraw(
                actor=welfare, enrollment=mine, reason="调离", on=event_on
            ),
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert "未参加" in message or f"出险日期为 {event_on} 的理赔" in message
    mine.refresh_from_db()
    recorded = InsuranceClaim.objects.filter(enrollment=mine)
    # either the claim stands and the member is still covered, or the withdrawal stands alone
    assert (recorded.exists(), mine.withdrawn_on) in ((True, None), (False, event_on))


def test_a_rename_and_a_new_plan_of_that_name_at_once_is_no_server_error(
    world, welfare, plan, monkeypatch
):
    other = new_plan(world, name="女职工特殊疾病互助保障", kind="women", eligibility="women")
    # the rename has found no plan of the new name and is about to save; the new plan's
    # creator names who creates it a little later
    slowed(monkeypatch, services.audit, "snapshot")
    slowed(monkeypatch, services.scoping, "person", seconds=0.1)
    renamed = plan_data(name="女职工安康互助保障", kind="women", eligibility="women")
    outcomes = at_once(
        {
            "rename": lambda: services.insurance_plan_update(
                actor=world.chair, plan=other, **renamed
            ),
            "create": lambda: services.insurance_plan_create(
                actor=welfare, union=world.school, **renamed
            ),
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == "本工会同一期已有同名的保障计划。"
    assert InsurancePlan.objects.filter(name="女职工安康互助保障").count() == 1
