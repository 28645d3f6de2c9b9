"""金秋助学 with two writers at the same moment (PostgreSQL only: SQLite queues writers at
BEGIN, so this is where the row locks of ``services_bursary`` are proved).

What a user would notice: two committee members deciding one application record one
decision; two pressing 发放 make one voucher; a member whose phone sends the application
twice has one application; 发放 and a late 不予资助 at once end with the payment and a
refusal, never a server error; two opening the year's round at once open one (not an
IntegrityError); a member applying while the chair opens a hardship file of the same union
both go through (a lock on the round that also locked the union deadlocked there)."""

import time

import pytest

from gonghui.care import services as care_services
from gonghui.care import services_bursary as services
from gonghui.care.models_bursary import (
    ApplicationState,
    BursaryApplication,
    BursaryRound,
    RoundStatus,
)
from gonghui.finance.models import Voucher, VoucherShare

from .conftest import figures
from .race_support import PG_ONLY, at_once, audited, done, one_done_one_refused, slowed
from .test_bursary_flow import YEAR, apply, close, published

pytestmark = PG_ONLY


@pytest.fixture
def round_(world):
    return services.bursary_round_open(actor=world.chair, union=world.school, year=YEAR)


def test_two_members_approving_one_application_at_once_record_one_decision(
    world, welfare, round_, monkeypatch
):
    application = apply(world, round_)
    # both have read 待审核 and are about to write 已通过
    slowed(monkeypatch, services, "_locked_application")
    outcomes = at_once(
        {
            who: lambda actor=actor, who=who: services.bursary_approve(
                actor=actor, application=application, note=who
            )
            for who, actor in (("chair", world.chair), ("welfare", welfare))
        }
    )
    winner, message = one_done_one_refused(outcomes)
    assert message == "该申请当前为“已通过”，此操作只能在“待审核”时办理。"
    found = BursaryApplication.objects.get()
    assert found.state == ApplicationState.APPROVED
    assert (found.review_note, found.reviewed_by) == (winner.review_note, winner.reviewed_by)
    assert audited("care.bursary_approve") == 1


def test_a_member_sending_the_same_application_twice_has_one(world, round_, monkeypatch):
    # both have found the round open and the member on its union's roll
    slowed(monkeypatch, services, "_open_for")
    outcomes = at_once(
        {
            tap: lambda: apply(world, round_, "周会员", actor=world.member, child="周小")
            for tap in ("first tap", "second tap")
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == "「周小」本年度已经申请过金秋助学（待审核），不能重复申请。"
    assert BursaryApplication.objects.filter(child_name="周小").count() == 1
    assert audited("care.bursary_apply") == 1


@pytest.fixture
def cleared(world, round_):
    """Two approved applications, the list published and its 公示 closed without objection:
    the round can be paid."""
    for name, child in (("吴老师", "吴小雨"), ("孙组长", "孙小")):
        services.bursary_approve(
            actor=world.chair, application=apply(world, round_, name, child=child)
        )
    published(world, round_)
    close(round_, world.chair)
    return round_


def test_two_members_paying_the_round_at_once_make_one_voucher(
    world, welfare, cleared, monkeypatch
):
    # both have found the 公示 cleared and the round not yet paid
    slowed(monkeypatch, services, "_cleared")
    outcomes = at_once(
        {
            who: lambda actor=actor: services.bursary_pay(actor=actor, round=cleared)
            for who, actor in (("chair", world.chair), ("welfare", welfare))
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == "本轮金秋助学已安排发放，请勿重复发放。"
    assert BursaryRound.objects.get().status == RoundStatus.PAID
    voucher = Voucher.objects.get(union=world.school)
    assert str(voucher.total) == "8000.00"  # two children at 4,000, once
    assert VoucherShare.objects.count() == 2
    assert set(BursaryApplication.objects.values_list("state", flat=True)) == {"paid"}
    assert audited("care.bursary_pay") == 1
    assert audited("voucher.create") == 1


def test_paying_while_another_refuses_an_approved_child_ends_paid_without_a_server_error(
    world, welfare, cleared, monkeypatch
):
    """发放 locks the round, then writes each paid application. A refusal that locked its
    application first and the round second would wait on the payment while the payment
    waits on it, and PostgreSQL would end one of them as a deadlock: a server error. Both
    take the round first (``services_bursary._locked_pair``); the lock must not rest on the
    join that happens to lock the round with the application."""
    other = cleared.applications.get(child_name="孙小")
    # the refusal has its application in hand while the payment is under way
    slowed(monkeypatch, services, "_locked_application")
    outcomes = at_once(
        {
            "pay": lambda: services.bursary_pay(actor=world.chair, round=cleared),
            "reject": lambda: services.bursary_reject(
                actor=welfare, application=other, reason="经核实为定向生"
            ),
        }
    )
    paid, message = one_done_one_refused(outcomes)
    assert paid == outcomes["pay"]
    assert message in (
        "名单正在公示或已公示无异议，不能再修改审核结果。",  # the refusal went first
        "该申请当前为“已安排发放”，此操作只能在“待审核、已通过”时办理。",  # the payment did
    )
    assert BursaryRound.objects.get().status == RoundStatus.PAID
    assert set(BursaryApplication.objects.values_list("state", flat=True)) == {"paid"}
    assert VoucherShare.objects.count() == 2
    assert audited("care.bursary_reject") == 0


def test_two_members_opening_the_years_round_at_once_open_one(world, welfare, monkeypatch):
    # both have found no round of the year and are naming who opens it
    slowed(monkeypatch, services.scoping, "person")
    outcomes = at_once(
        {
            who: lambda actor=actor: services.bursary_round_open(
                actor=actor, union=world.school, year=YEAR
            )
            for who, actor in (("chair", world.chair), ("welfare", welfare))
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == f"{YEAR}年的金秋助学已经开始，每年一轮。"
    assert BursaryRound.objects.filter(union=world.school, year=YEAR).count() == 1
    assert audited("care.bursary_round") == 1


def test_an_application_while_the_chair_opens_a_hardship_file_is_no_server_error(
    world, round_, monkeypatch
):
    """A lock on the round must not lock its union: every audit entry of the union (here the
    audited look at a hardship file) checks the union's row while it holds the audit chain's
    head, which the application then waits for — a deadlock PostgreSQL ends with a server
    error."""
    file = care_services.hardship_apply(
        actor=world.member, member=world.members["周会员"], **figures()
    )
    # the application has the round locked and is checking the member
    slowed(monkeypatch, services, "_open_for")

    def look():
        time.sleep(0.1)  # a moment after the member pressed 提交
        return care_services.hardship_view(actor=world.chair, file=file)

    outcomes = at_once(
        {
            "apply": lambda: apply(world, round_, "周会员", actor=world.member, child="周小"),
            "look": look,
        }
    )
    assert len(done(outcomes)) == 2, outcomes
    assert BursaryApplication.objects.count() == 1
    assert audited("care.file_view") == 1
    assert audited("care.bursary_apply") == 1
