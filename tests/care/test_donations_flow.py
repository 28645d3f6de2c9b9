"""捐款 services as a union chair meets them: a 一日捐 campaign from 草稿 to 已结束; members
pledging and recording on their own; the committee typing a group's list at once (all or
nothing, each wrong row named); 撤销 instead of edits; the hand-over to the 慈善总会 against a
receipt; the figures per group and per union. Every refusal says what to fix in Chinese and
writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.care import queries_donations as queries
from gonghui.care import services_donations as services
from gonghui.care.models_donations import (
    CampaignState,
    DonationCampaign,
    DonationEntry,
    DonationHandover,
    Donor,
    EntryKind,
    PayMethod,
)
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services

TODAY = datetime.date(2026, 5, 20)
START, END = datetime.date(2026, 5, 10), datetime.date(2026, 5, 31)


def create(world, **over):
    data = {
        "name": "2026年慈善一日捐",
        "kind": "one_day",
        "purpose": "用于资助本区困难职工家庭和困难学生。",
        "starts_on": START,
        "ends_on": END,
        "recipient": "区慈善总会",
    }
    data.update(over)
    return services.donation_campaign_create(actor=world.chair, union=world.school, **data)


@pytest.fixture
def campaign(world):
    found = create(world)
    return services.donation_campaign_open(actor=world.chair, campaign=found, today=START)


def pay(world, campaign, name, amount, method=PayMethod.CASH, **kw):
    return services.donation_pay(
        actor=kw.pop("actor", world.chair),
        campaign=campaign,
        member=world.members[name],
        amount=amount,
        method=method,
        on=kw.pop("on", TODAY),
        today=TODAY,
        **kw,
    )


def totals(campaign):
    return queries.figures(campaign, queries.donor_rows(campaign))


def nothing_written(before_audit):
    assert DonationEntry.objects.count() == 0
    assert AuditEntry.objects.count() == before_audit


# --- the campaign ---------------------------------------------------------------------------


def test_a_one_day_campaign_is_a_draft_with_its_suggestion_then_runs_then_ends(world):
    found = create(world, suggested_amount="200")
    assert found.state == CampaignState.DRAFT
    assert found.suggestion == "倡议捐出一天的工资"
    assert found.suggested_amount == Decimal("200.00")
    found = services.donation_campaign_open(actor=world.chair, campaign=found, today=START)
    assert (found.state, found.opened_on) == (CampaignState.OPEN, START)
    found = services.donation_campaign_close(actor=world.chair, campaign=found, today=END)
    assert (found.state, found.closed_on) == (CampaignState.CLOSED, END)
    with pytest.raises(ValidationError, match="已结束，不能再修改"):
        services.donation_campaign_update(
            actor=world.chair, campaign=found, name="改名", kind="love", purpose="x",
            starts_on=START, ends_on=END,
        )  # fmt: skip
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"care.donation_campaign", "care.donation_open", "care.donation_close"} <= actions


def test_a_campaign_with_bad_fields_is_refused_field_by_field(world):
    with pytest.raises(ValidationError) as exc:
        create(world, name=" ", kind="lottery", purpose="", ends_on=START - datetime.timedelta(1),
               suggested_amount="-5")  # fmt: skip
    problems = exc.value.message_dict
    assert problems["name"] == ["请填写活动名称，如“2026年慈善一日捐”。"]
    assert problems["kind"] == ["请选择捐款类型。"]
    assert problems["purpose"] == ["请写明善款用途和受益对象。"]
    assert problems["ends_on"] == ["截止日期不能早于开始日期。"]
    assert "建议金额须大于 0" in problems["suggested_amount"][0]
    with pytest.raises(ValidationError, match="超过两位小数"):
        create(world, suggested_amount="10.123")
    assert not DonationCampaign.objects.exists()


def test_only_the_committee_runs_campaigns_and_a_federation_has_none(world):
    fields = {"name": "x", "kind": "love", "purpose": "x", "starts_on": START, "ends_on": END}
    for who in (world.auditor, world.member, world.group_leader, world.outsider, world.treasurer):
        with pytest.raises(PermissionDenied):
            services.donation_campaign_create(actor=who, union=world.school, **fields)
    with pytest.raises(ValidationError, match="基层工会"):
        services.donation_campaign_create(actor=None, union=world.fed, **fields)
    assert not DonationCampaign.objects.exists()


# --- the member on their own ----------------------------------------------------------------


def test_a_member_pledges_and_a_second_pledge_replaces_the_first(world, campaign):
    me = world.members["周会员"]
    services.donation_pledge(actor=world.member, campaign=campaign, member=me, amount="200",
                             today=TODAY)  # fmt: skip
    services.donation_pledge(actor=world.member, campaign=campaign, member=me, amount="300.50",
                             anonymous=True, today=TODAY)  # fmt: skip
    donor = Donor.objects.get(campaign=campaign, member=me)
    assert donor.anonymous
    rows = list(donor.entries.order_by("id").values_list("amount", "reverses_id", "self_recorded"))
    first = donor.entries.order_by("id").first()
    assert rows == [
        (Decimal("200.00"), None, True),
        (Decimal("-200.00"), first.pk, True),
        (Decimal("300.50"), None, True),
    ]
    assert queries.donor_rows(campaign)[0].pledged == Decimal("300.50")
    assert AuditEntry.objects.filter(action="care.donation_pledge").count() == 2


@pytest.mark.parametrize(
    "amount, message",
    [
        ("-50", "须大于 0"),
        ("0", "须大于 0"),
        ("10.123", "超过两位小数"),
        ("一百", "不是有效的金额"),
        ("", "不能为空"),
    ],
)
def test_a_bad_amount_is_refused_and_nothing_is_written(world, campaign, amount, message):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.donation_pledge(actor=world.member, campaign=campaign,
                                 member=world.members["周会员"], amount=amount, today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        pay(world, campaign, "周会员", amount)
    nothing_written(before)
    assert not Donor.objects.exists()


def test_a_member_records_a_transfer_but_not_cash_and_never_for_someone_else(world, campaign):
    entry = pay(world, campaign, "周会员", "100", PayMethod.TRANSFER, actor=world.member,
                note="流水号 8831")  # fmt: skip
    assert entry.self_recorded and entry.note == "流水号 8831"
    with pytest.raises(ValidationError) as exc:
        pay(world, campaign, "周会员", "100", PayMethod.CASH, actor=world.member)
    assert "现金请交工会" in exc.value.message_dict["method"][0]
    with pytest.raises(PermissionDenied):
        pay(world, campaign, "吴老师", "100", PayMethod.TRANSFER, actor=world.member)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        pay(world, campaign, "周会员", "100", PayMethod.TRANSFER, actor=world.member,
            on=TODAY + datetime.timedelta(1))  # fmt: skip


def test_someone_not_a_current_member_of_the_union_cannot_give(world, campaign):
    with pytest.raises(ValidationError, match="「郑护士」不是本会在册会员"):
        pay(world, campaign, "郑护士", "100")
    member_services.member_leave(
        actor=None, member=world.members["吴老师"], on=TODAY, reason="调离本校"
    )
    world.members["吴老师"].refresh_from_db()
    with pytest.raises(ValidationError, match="「吴老师」不是本会在册会员"):
        pay(world, campaign, "吴老师", "100")
    assert not DonationEntry.objects.exists()


def test_a_draft_an_ended_or_a_closed_campaign_takes_nothing(world, campaign):
    draft = create(world, name="草稿中的捐款")
    with pytest.raises(ValidationError, match="尚未发布"):
        pay(world, draft, "周会员", "100")
    after = END + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="已于 2026年5月31日 截止"):
        services.donation_pledge(actor=world.member, campaign=campaign,
                                 member=world.members["周会员"], amount="100", today=after)  # fmt: skip
    # the committee may still record cash handed in late, until it ends the campaign
    late = services.donation_pay(actor=world.chair, campaign=campaign, member=world.members["周会员"],
                                 amount="100", method=PayMethod.CASH, on=after, today=after)  # fmt: skip
    assert late.amount == Decimal("100.00")
    services.donation_campaign_close(actor=world.chair, campaign=campaign, today=after)
    with pytest.raises(ValidationError, match="已于 2026年6月1日 结束"):
        pay(world, campaign, "吴老师", "100")


# --- a group's list at once -----------------------------------------------------------------


def test_a_groups_list_with_wrong_rows_writes_nothing_and_names_each_row(world, campaign):
    rows = [
        {"member": world.members["周会员"], "amount": "100"},
        {"member": world.members["孙组长"], "amount": "50.555"},
        {"member": world.members["郑护士"], "amount": "100"},
        {"member": world.members["王委员"], "amount": "-20"},
    ]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.donation_batch(actor=world.chair, campaign=campaign, kind=EntryKind.PAYMENT,
                                method=PayMethod.CASH, on=TODAY, rows=rows, group=world.chinese,
                                today=TODAY)  # fmt: skip
    problems = exc.value.message_dict
    m = world.members
    assert set(problems) == {f"amount_{m[n].pk}" for n in ("孙组长", "郑护士", "王委员")}
    assert "「孙组长」的捐款金额“50.555”超过两位小数" in problems[f"amount_{m['孙组长'].pk}"][0]
    assert problems[f"amount_{m['郑护士'].pk}"] == ["「郑护士」不是本会在册会员，不能登记捐款。"]
    assert "「王委员」的捐款金额须大于 0" in problems[f"amount_{m['王委员'].pk}"][0]
    nothing_written(before)
    assert not Donor.objects.exists()


def test_a_groups_payments_are_written_in_one_go_with_one_audit_entry(world, campaign):
    m = world.members
    rows = [
        {"member": m["周会员"], "amount": "100"},
        {"member": m["孙组长"], "amount": "50.50", "anonymous": True},
        {"member": m["李主席"], "amount": "300"},
    ]
    entries = services.donation_batch(actor=world.chair, campaign=campaign, kind=EntryKind.PAYMENT,
                                      method=PayMethod.CASH, on=TODAY, rows=rows,
                                      group=world.chinese, today=TODAY)  # fmt: skip
    assert len(entries) == 3
    assert sorted(e.amount for e in entries) == [
        Decimal("50.50"),
        Decimal("100.00"),
        Decimal("300.00"),
    ]
    assert Donor.objects.get(member=m["孙组长"]).anonymous
    batch = AuditEntry.objects.get(action="care.donation_batch")
    assert batch.changes["entries"] == [None, 3]
    assert batch.changes["total"] == [None, "450.50"]
    assert batch.changes["batch"] == [None, "实缴 语文组"]


def test_a_groups_pledges_replace_earlier_pledges(world, campaign):
    m = world.members
    services.donation_pledge(actor=world.member, campaign=campaign, member=m["周会员"],
                             amount="80", today=TODAY)  # fmt: skip
    services.donation_batch(actor=world.chair, campaign=campaign, kind=EntryKind.PLEDGE,
                            rows=[{"member": m["周会员"], "amount": "120"}], today=TODAY)  # fmt: skip
    assert queries.donor_rows(campaign)[0].pledged == Decimal("120.00")


# --- 撤销 -----------------------------------------------------------------------------------


def test_a_payment_is_reversed_never_edited_and_only_once(world, campaign):
    entry = pay(world, campaign, "周会员", "100")
    with pytest.raises(ValidationError) as exc:
        services.donation_reverse(actor=world.chair, entry=entry, reason=" ", today=TODAY)
    assert exc.value.message_dict == {"reason": ["请写明撤销原因。"]}
    reversal = services.donation_reverse(actor=world.chair, entry=entry, reason="金额登记错误",
                                         today=TODAY)  # fmt: skip
    assert (reversal.amount, reversal.reverses_id, reversal.reason) == (
        Decimal("-100.00"), entry.pk, "金额登记错误")  # fmt: skip
    entry.refresh_from_db()
    assert entry.amount == Decimal("100.00")  # the original stays as it was
    with pytest.raises(ValidationError, match="已经撤销过了"):
        services.donation_reverse(actor=world.chair, entry=entry, reason="再来", today=TODAY)
    with pytest.raises(ValidationError, match="撤销记录，不能再撤销"):
        services.donation_reverse(actor=world.chair, entry=reversal, reason="再来", today=TODAY)
    found = totals(campaign)
    assert (found.donors, found.total.paid) == (0, Decimal("0.00"))
    assert AuditEntry.objects.filter(action="care.donation_reverse").count() == 1


def test_a_member_withdraws_their_own_pledge_but_not_a_payment(world, campaign):
    me = world.members["周会员"]
    pledge = services.donation_pledge(actor=world.member, campaign=campaign, member=me,
                                      amount="100", today=TODAY)  # fmt: skip
    services.donation_reverse(actor=world.member, entry=pledge, reason="", today=TODAY)
    assert queries.donor_rows(campaign)[0].pledged == Decimal("0.00")
    payment = pay(world, campaign, "周会员", "100", PayMethod.TRANSFER, actor=world.member)
    with pytest.raises(PermissionDenied):
        services.donation_reverse(actor=world.member, entry=payment, reason="写错了", today=TODAY)


def test_anonymity_is_the_donors_own_choice(world, campaign):
    me = world.members["周会员"]
    with pytest.raises(ValidationError, match="还没有认捐或捐款记录"):
        services.donation_anonymity(actor=world.member, campaign=campaign, member=me,
                                    anonymous=True)  # fmt: skip
    pay(world, campaign, "周会员", "100")
    donor = services.donation_anonymity(actor=world.member, campaign=campaign, member=me,
                                        anonymous=True)  # fmt: skip
    assert donor.anonymous
    with pytest.raises(PermissionDenied):
        services.donation_anonymity(actor=world.member, campaign=campaign,
                                    member=world.members["吴老师"], anonymous=True)  # fmt: skip


# --- 上交 -----------------------------------------------------------------------------------


def test_the_union_hands_over_what_it_holds_against_a_receipt(world, campaign):
    pay(world, campaign, "周会员", "100")
    pay(world, campaign, "吴老师", "200", PayMethod.PAYROLL)
    pay(world, campaign, "孙组长", "500", PayMethod.DIRECT)  # given straight to the 慈善总会
    handover = dict(actor=world.chair, campaign=campaign, on=TODAY, today=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.donation_handover(amount="300.01", receipt_no="CS-2026-0518", **handover)
    assert exc.value.message_dict["amount"] == [
        "本活动经工会收取的善款 300.00 元，已上交 0.00 元，最多还能上交 300.00 元。"
    ]
    with pytest.raises(ValidationError) as exc:
        services.donation_handover(amount="100", receipt_no="", **handover)
    assert exc.value.message_dict["receipt_no"] == ["请填写接收单位开具的收据编号。"]
    done = services.donation_handover(amount="300", receipt_no="CS-2026-0518", **handover)
    assert (done.recipient, done.amount) == ("区慈善总会", Decimal("300.00"))
    found = totals(campaign)
    assert (found.held, found.handed, found.outstanding) == (
        Decimal("300.00"), Decimal("300.00"), Decimal("0.00"))  # fmt: skip
    assert found.total.paid == Decimal("800.00")
    # a payment already handed over is not reversed before the hand-over is
    cash = DonationEntry.objects.get(method=PayMethod.CASH)
    with pytest.raises(ValidationError, match="请先撤销相应的上交记录"):
        services.donation_reverse(actor=world.chair, entry=cash, reason="错", today=TODAY)
    services.donation_handover_reverse(actor=world.chair, handover=done, reason="收据号填错",
                                       today=TODAY)  # fmt: skip
    services.donation_reverse(actor=world.chair, entry=cash, reason="错", today=TODAY)
    assert DonationHandover.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.donation_handover(actor=world.auditor, campaign=campaign, on=TODAY, amount="1",
                                   receipt_no="x", today=TODAY)  # fmt: skip


# --- figures --------------------------------------------------------------------------------


def test_figures_per_group_and_for_the_union(world, campaign):
    # 语文组: 李主席 王委员 孙组长 周会员 (4); 数学组: 赵财务 钱经审 吴老师 (3)
    pay(world, campaign, "周会员", "100")
    pay(world, campaign, "孙组长", "50")
    pay(world, campaign, "吴老师", "200")
    services.donation_pledge(actor=world.chair, campaign=campaign, member=world.members["王委员"],
                             amount="80", today=TODAY)  # fmt: skip
    found = totals(campaign)
    rows = {r.name: (r.members, r.donors, r.rate, r.pledged, r.paid) for r in found.groups}
    assert rows == {
        "语文组": (4, 2, Decimal("50.00"), Decimal("80.00"), Decimal("150.00")),
        "数学组": (3, 1, Decimal("33.33"), Decimal("0.00"), Decimal("200.00")),
    }
    t = found.total
    assert (t.members, t.donors, t.rate, t.paid) == (7, 3, Decimal("42.86"), Decimal("350.00"))
    assert found.donors == 3
    # a donor who has left since is still thanked and counted in the money, not in the rate
    member_services.member_leave(
        actor=None, member=world.members["吴老师"], on=TODAY, reason="调离本校"
    )
    found = totals(campaign)
    left = {r.name: r for r in found.groups}["已离会会员"]
    assert (left.paid, left.donors) == (Decimal("200.00"), 0)
    assert (found.total.members, found.total.donors, found.donors) == (6, 2, 3)
