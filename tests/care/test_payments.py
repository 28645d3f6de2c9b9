"""Money from care goes through the books (``care.payments.payment_draft``): a draft expense
voucher with one share per payee, which the spending rules check when the treasurer submits
it. A 资金帮扶 recorded on a hardship file is paid that way and its file page shows the
voucher and its state."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.care import services
from gonghui.care.models import Aid, FileState
from gonghui.care.payments import Payee, payment_draft
from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher, VoucherShare
from gonghui.finance.services import vouchers as vouchers
from gonghui.finance.services.rules import rule_save
from gonghui.members import services as member_services
from gonghui.orgs.models import Sex

from .conftest import run_to

DAY = datetime.date(2026, 2, 10)


def gifts(world, *names, amount="300.00"):
    return [Payee(world.members[n], amount) for n in names]


def pay(world, actor, payees, **kw):
    kw.setdefault("union", world.school)
    kw.setdefault("category", "50202")
    kw.setdefault("date", DAY)
    kw.setdefault("summary", "春节送温暖")
    kw.setdefault("event", "春节送温暖")
    return payment_draft(actor=actor, payees=payees, **kw)


def test_a_payment_is_a_draft_voucher_with_one_share_per_payee(world, welfare):
    payees = [
        *gifts(world, "周会员", "孙组长"),
        Payee(world.members["吴老师"], "500", "care.aid:9"),
    ]
    shares = pay(world, welfare, payees, source="春节送温暖名单")
    voucher = Voucher.objects.get()
    assert (voucher.status, voucher.kind, voucher.union) == ("draft", "expense", world.school)
    assert voucher.created_by == welfare and voucher.total == Decimal("1100.00")
    (line,) = voucher.lines.all()
    assert line.category.code == "50202" and line.event == "春节送温暖" and line.amount == 1100
    assert [(s.member.name, s.amount, s.event_key) for s in shares] == [
        ("周会员", Decimal("300.00"), "春节送温暖"),
        ("孙组长", Decimal("300.00"), "春节送温暖"),
        ("吴老师", Decimal("500.00"), "care.aid:9"),
    ]
    assert {s.pk for s in shares} == set(VoucherShare.objects.values_list("pk", flat=True))
    entry = AuditEntry.objects.get(action="voucher.create")
    assert entry.actor == welfare and entry.object_id == str(voucher.pk)
    assert entry.changes["来源"] == [None, "春节送温暖名单"]
    assert entry.changes["分录"] == [None, "50202 送温暖 1,100.00（3 人）"]


def test_a_payment_needs_care_change_not_the_treasurers_right(world, welfare):
    for user in (world.treasurer, world.outsider, world.member, world.auditor):
        with pytest.raises(PermissionDenied):
            pay(world, user, gifts(world, "周会员"))
    assert not Voucher.objects.exists() and not AuditEntry.objects.filter(action="voucher.create")
    assert pay(world, world.chair, gifts(world, "周会员"))  # the chair holds care.change


def test_appending_to_a_named_draft_adds_a_line_and_drops_the_override(world, welfare):
    first = pay(world, welfare, gifts(world, "周会员", amount="3000"), category="50101")
    voucher = first[0].line.voucher
    vouchers.voucher_override(
        actor=world.chair, voucher=voucher, reason="春节慰问超标准经委员会研究"
    )
    shares = pay(world, welfare, gifts(world, "吴老师", "孙组长"), voucher=voucher)
    voucher.refresh_from_db()
    assert voucher.total == Decimal("3600.00") and voucher.override_violations == []
    assert [ln.category.code for ln in voucher.lines.order_by("id")] == ["50101", "50202"]
    assert {s.line.voucher_id for s in shares} == {voucher.pk}
    entry = AuditEntry.objects.filter(action="voucher.update").latest("id")
    assert entry.changes["分录"] == [None, "追加 50202 送温暖 600.00（2 人）"]


def test_appending_is_refused_unless_the_voucher_is_a_draft_expense_of_the_union(world, welfare):
    (share,) = pay(world, welfare, gifts(world, "周会员"))
    submitted = vouchers.voucher_submit(actor=world.treasurer, voucher=share.line.voucher)
    income = vouchers.voucher_create(
        actor=world.treasurer,
        union=world.school,
        kind="income",
        date=DAY,
        summary="会费",
        lines=[{"category": "401", "amount": "10.00"}],
    )
    other = vouchers.voucher_create(
        actor=world.outsider,
        union=world.hospital,
        kind="expense",
        date=DAY,
        summary="医院",
        lines=[{"category": "50111", "amount": "10.00"}],
    )
    for voucher, message in (
        (submitted, "只能并入尚未提交的支出凭证草稿"),
        (income, "只能并入尚未提交的支出凭证草稿"),
        (other, "只能并入本工会的凭证草稿"),
    ):
        with pytest.raises(ValidationError, match=message):
            pay(world, welfare, gifts(world, "吴老师"), voucher=voucher)
    assert VoucherShare.objects.filter(member=world.members["吴老师"]).count() == 0


@pytest.mark.parametrize(
    ("payees", "message"),
    [
        (lambda w: [], "请至少列出一名发放对象"),
        (lambda w: gifts(w, "郑护士"), "「郑护士」不是本工会的在册会员"),
        (lambda w: gifts(w, "周会员", "周会员"), "「周会员」在本行名单中重复出现"),
        (lambda w: gifts(w, "周会员", amount="0"), "金额不能为零"),
        (lambda w: gifts(w, "周会员", amount="1.001"), "超过两位小数"),
    ],
)
def test_bad_payees_are_refused_and_nothing_is_written(world, welfare, payees, message):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match=message) as exc:
        pay(world, welfare, payees(world))
    assert not any(m.startswith("第 1 行") for m in exc.value.messages)
    assert not Voucher.objects.exists() and AuditEntry.objects.count() == entries


def test_a_federation_does_not_keep_books_here(world):
    with pytest.raises(ValidationError, match="上级工会不在本平台记账"):
        pay(world, None, gifts(world, "周会员"), union=world.fed)


def test_thousands_of_payees_cost_the_same_queries_as_three(world, welfare):
    def queries_for(n):
        people = [
            member_services.member_create(
                actor=None, union=world.school, name=f"会员{n}-{i}", sex=Sex.FEMALE
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            shares = pay(world, welfare, [Payee(m, "200") for m in people])
        assert len(shares) == n
        return len(ctx)

    queries_for(1)  # the welfare member's grants are read once, then kept for the request
    assert queries_for(3) == queries_for(60)


# --- a 资金帮扶 of a hardship file ------------------------------------------------------------


@pytest.fixture
def filed(world, applied):
    return run_to(applied, FileState.FILED, world.chair)


def test_money_aid_becomes_a_share_of_a_hardship_voucher(world, filed, welfare):
    today = datetime.date.today()
    aid = services.aid_record(
        actor=welfare, file=filed, kind="money", given_on=today, amount="800.00"
    )
    share = aid.voucher_share
    assert share.member == world.members["周会员"] and share.amount == Decimal("800.00")
    assert share.event_key == f"care.aid:{aid.pk}"
    voucher = share.line.voucher
    assert share.line.category.code == "50201" and voucher.status == "draft"
    assert voucher.date == today and voucher.summary == "困难职工资金帮扶"
    # The voucher and the trail say nothing of the household or the cause.
    assert "尿毒症" not in voucher.summary + share.line.event
    entry = AuditEntry.objects.filter(action="care.aid").latest("id")
    assert entry.changes["aid"][1].endswith("（已生成凭证草稿）")


@pytest.mark.parametrize(("kind", "amount"), [("goods", "150.50"), ("money", "0")])
def test_goods_or_nothing_paid_makes_no_voucher(world, filed, kind, amount):
    aid = services.aid_record(
        actor=world.chair, file=filed, kind=kind, given_on=datetime.date.today(), amount=amount
    )
    assert aid.voucher_share is None and not Voucher.objects.exists()


def test_money_aid_for_a_member_who_left_is_refused_whole(world, filed):
    Aid.objects.all().delete()
    type(filed.member).objects.filter(pk=filed.member_id).update(status="left")
    with pytest.raises(ValidationError) as exc:
        services.aid_record(
            actor=world.chair, file=filed, kind="money", given_on=datetime.date.today(), amount="8"
        )
    assert "不是本工会的在册会员" in exc.value.message_dict["amount"][0]
    assert not Aid.objects.exists() and not Voucher.objects.exists()


def test_an_aid_payment_is_checked_by_the_spending_rules(world, filed, welfare, client_for):
    rule_save(
        actor=world.chair,
        union=world.school,
        key="hardship",
        name="困难帮扶",
        category="50201",
        cap_year="600",
        source="本会困难职工帮扶办法第五条",
    )
    today = datetime.date.today()
    aid = services.aid_record(
        actor=welfare, file=filed, kind="money", given_on=today, amount="800.00"
    )
    voucher = aid.voucher_share.line.voucher
    with pytest.raises(
        ValidationError, match=r"违反开支标准【困难帮扶】：周会员 本年已发 0\.00 元"
    ):
        vouchers.voucher_submit(actor=world.treasurer, voucher=voucher)
    page = client_for(world.chair).get(filed.get_absolute_url()).content.decode()
    assert f'href="/finance/vouchers/{voucher.pk}/"' in page and "凭证草稿" in page
    vouchers.voucher_override(
        actor=world.chair, voucher=voucher, reason="家庭突发重病，委员会研究同意一次性帮扶。"
    )
    vouchers.voucher_submit(actor=world.treasurer, voucher=voucher)
    vouchers.voucher_approve(actor=world.chair, voucher=voucher)
    posted = vouchers.voucher_post(actor=world.treasurer, voucher=voucher)
    page = client_for(world.chair).get(filed.get_absolute_url()).content.decode()
    assert posted.number in page and "已记账" in page
    # The member sees where the money stands, without a link into the books.
    own = client_for(world.member).get(filed.get_absolute_url()).content.decode()
    assert "已记账" in own and f"/finance/vouchers/{voucher.pk}/" not in own


def test_the_treasurers_edit_keeps_the_link_and_a_deleted_draft_drops_it(
    world, filed, welfare, client_for
):
    aid = services.aid_record(
        actor=welfare, file=filed, kind="money", given_on=datetime.date.today(), amount="300"
    )
    voucher = aid.voucher_share.line.voucher
    line = voucher.lines.get()
    shares = [(s.member, s.amount, s.event_key) for s in line.shares.all()]
    lines = [{"category": "50201", "event": line.event, "shares": shares, "amount": ""}]
    vouchers.voucher_update(
        actor=world.treasurer, voucher=voucher, date=voucher.date, summary="改摘要", lines=lines
    )
    aid.refresh_from_db()
    assert aid.voucher_share is not None and aid.voucher_share.line.voucher == voucher
    vouchers.voucher_delete(actor=world.treasurer, voucher=voucher)
    aid.refresh_from_db()
    assert aid.voucher_share is None
    page = client_for(world.chair).get(filed.get_absolute_url()).content.decode()
    assert "未关联凭证" in page
