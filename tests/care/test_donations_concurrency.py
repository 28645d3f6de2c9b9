"""捐款 with two writers at the same moment (PostgreSQL only: SQLite queues writers at BEGIN,
so this is where the campaign lock of ``services_donations`` is proved).

What a user would notice: a member whose phone sends a changed pledge twice has pledged
once; a pledge withdrawn by the member while the committee reverses it is reversed once;
two hand-overs, or a hand-over and the reversal of a payment, never leave the union having
handed over more than it holds; a donor choosing anonymity while the committee records a
payment are both written (a lock on the campaign that also locked the union deadlocked
there)."""

import time
from decimal import Decimal

import pytest

from gonghui.care import queries_donations as queries
from gonghui.care import services_donations as services
from gonghui.care.models_donations import DonationEntry, DonationHandover, EntryKind, PayMethod

from .race_support import PG_ONLY, at_once, audited, done, one_done_one_refused, slowed
from .test_donations_flow import START, TODAY, create, pay, totals

pytestmark = PG_ONLY


@pytest.fixture
def campaign(world):
    return services.donation_campaign_open(actor=world.chair, campaign=create(world), today=START)


def pledge(world, campaign, amount="200", **kw):
    return services.donation_pledge(
        actor=kw.pop("actor", world.member),
        campaign=campaign,
        member=world.members["周会员"],
        amount=amount,
        today=TODAY,
        **kw,
    )


def test_a_changed_pledge_sent_twice_at_once_is_pledged_once(world, campaign, monkeypatch):
    first = pledge(world, campaign, "100")
    # both have read the member's pledge of 100 and are about to replace it
    slowed(monkeypatch, queries, "live_pledges")
    outcomes = at_once({tap: lambda: pledge(world, campaign) for tap in ("tap", "again")})
    # the design: a new pledge replaces the one before (reversed), so both are written
    assert all(isinstance(o, DonationEntry) for o in outcomes.values()), outcomes
    assert queries.donor_rows(campaign)[0].pledged == Decimal("200.00")  # not 400, nor 300
    pledges = DonationEntry.objects.filter(kind=EntryKind.PLEDGE)
    assert pledges.filter(reverses__isnull=True, reversal__isnull=True).count() == 1
    assert pledges.filter(reverses=first).count() == 1
    assert pledges.count() == 5  # three pledges, two reversals: each replaced once
    assert audited("care.donation_pledge") == 3


def test_a_pledge_withdrawn_while_the_committee_reverses_it_is_reversed_once(
    world, campaign, monkeypatch
):
    entry = pledge(world, campaign)
    # both have found it not yet reversed
    slowed(monkeypatch, queries, "reversal_of")
    outcomes = at_once(
        {
            "member": lambda: services.donation_reverse(
                actor=world.member, entry=entry, reason="", today=TODAY
            ),
            "chair": lambda: services.donation_reverse(
                actor=world.chair, entry=entry, reason="认捐金额登记错误", today=TODAY
            ),
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == "这条记录已经撤销过了。"
    assert DonationEntry.objects.filter(reverses=entry).count() == 1
    assert queries.donor_rows(campaign)[0].pledged == Decimal("0.00")
    assert audited("care.donation_reverse") == 1


def handover(world, campaign, amount, receipt_no):
    return services.donation_handover(
        actor=world.chair,
        campaign=campaign,
        on=TODAY,
        amount=amount,
        receipt_no=receipt_no,
        today=TODAY,
    )


def test_two_hand_overs_at_once_never_exceed_what_the_union_holds(world, campaign, monkeypatch):
    pay(world, campaign, "周会员", "100")
    pay(world, campaign, "吴老师", "200", PayMethod.PAYROLL)
    # both have read 300 held and nothing handed over
    slowed(monkeypatch, queries, "money_held")
    outcomes = at_once(
        {
            receipt: lambda receipt=receipt: handover(world, campaign, "200", receipt)
            for receipt in ("CS-2026-0518", "CS-2026-0519")
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message == "本活动经工会收取的善款 300.00 元，已上交 200.00 元，最多还能上交 100.00 元。"
    found = totals(campaign)
    assert (found.held, found.handed, found.outstanding) == (
        Decimal("300.00"),
        Decimal("200.00"),
        Decimal("100.00"),
    )
    assert DonationHandover.objects.count() == 1
    assert audited("care.donation_handover") == 1


def test_a_hand_over_and_a_payments_reversal_at_once_keep_the_hand_over_covered(
    world, campaign, monkeypatch
):
    cash = pay(world, campaign, "周会员", "100")
    pay(world, campaign, "吴老师", "200", PayMethod.PAYROLL)
    # both have read 300 held and nothing handed over
    slowed(monkeypatch, queries, "money_held")
    outcomes = at_once(
        {
            "hand over": lambda: handover(world, campaign, "300", "CS-2026-0518"),
            "reverse": lambda: services.donation_reverse(
                actor=world.chair, entry=cash, reason="现金登记重复", today=TODAY
            ),
        }
    )
    _, message = one_done_one_refused(outcomes)
    assert message in (
        # the reversal went first
        "本活动经工会收取的善款 200.00 元，已上交 0.00 元，最多还能上交 200.00 元。",
        # the hand-over did
        "本活动经工会收取的善款已上交 300.00 元，撤销后实收只有 200.00 元，少于已上交金额；"
        "请先撤销相应的上交记录。",
    )
    found = totals(campaign)
    assert found.handed <= found.held and found.outstanding >= 0
    assert audited("care.donation_handover") + audited("care.donation_reverse") == 1


def test_a_donor_choosing_anonymity_while_the_committee_records_is_no_server_error(
    world, campaign, monkeypatch
):
    """A lock on the campaign must not lock its union: every audit entry of the union (here
    the donor's choice) checks the union's row while it holds the audit chain's head, which
    the committee's write then waits for — a deadlock PostgreSQL ends with a server error."""
    pay(world, campaign, "周会员", "100")
    # the committee's write has the campaign locked and is checking the member
    slowed(monkeypatch, services, "_opened_for")

    def anonymous():
        time.sleep(0.1)  # a moment after the committee began
        return services.donation_anonymity(
            actor=world.member, campaign=campaign, member=world.members["周会员"], anonymous=True
        )

    outcomes = at_once(
        {"record": lambda: pay(world, campaign, "吴老师", "200"), "anonymous": anonymous}
    )
    assert len(done(outcomes)) == 2, outcomes
    assert totals(campaign).total.paid == Decimal("300.00")
    assert audited("care.donation_anonymity") == 1
    assert audited("care.donation_pay") == 2
