"""The spending-rule engine at submission: every example rule passes at its cap and blocks
at cap + 0.01 (or one more person / time), with a message naming rule, member, cap and
total; running totals span the calendar year and count reversals negatively."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.finance import spending
from gonghui.finance.models import Voucher
from gonghui.finance.money import yuan
from gonghui.finance.services import vouchers as services
from gonghui.finance.services.rules import rule_save
from gonghui.members import services as member_services
from gonghui.orgs.models import Sex

from .vouchers_support import DAY, D, draft, gift, posted, push


def submit(world, *lines, date=DAY):
    """The submission's refusal messages without the 依据 each one ends with (checked
    here, once for all), or [] when it went through."""
    v = draft(world, *lines, date=date)
    try:
        services.voucher_submit(actor=world.treasurer, voucher=v)
    except ValidationError as exc:
        assert Voucher.objects.get(pk=v.pk).status == "draft"
        assert all("。依据：" in m and m.endswith("。") for m in exc.messages), exc.messages
        return [m.split("依据：")[0] for m in exc.messages]
    return []


# --- festival gifts: per member per year -------------------------------------------


def test_festival_cap_passes_at_the_cap_and_blocks_a_fen_above(world):
    assert submit(world, gift(world, each="2200.00")) == []
    assert submit(world, gift(world, each="0.01", names=("吴老师",))) == []
    assert submit(world, gift(world, each="2200.00", names=("吴老师",))) == [
        "违反开支标准【节日慰问】：吴老师 本年已发 0.01 元，本次 2,200.00 元，合计 2,200.01 元，"
        "超过每人每年 2,200.00 元的上限。"
    ]


def test_festival_running_total_message_names_rule_member_cap_and_total(world):
    posted(world, gift(world, each="2000.00"))
    assert submit(world, gift(world, each="200.01")) == [
        "违反开支标准【节日慰问】：周会员 本年已发 2,000.00 元，本次 200.01 元，合计 2,200.01 元，"
        "超过每人每年 2,200.00 元的上限。"
    ]
    assert submit(world, gift(world, each="200.00")) == []


def test_running_total_counts_submitted_and_approved_but_not_drafts_or_last_year(world):
    draft(world, gift(world, each="2000.00"))  # a draft is not on its way to being paid
    posted(world, gift(world, each="2000.00"), date=datetime.date(2025, 12, 31))
    v = services.voucher_submit(
        actor=world.treasurer, voucher=draft(world, gift(world, each="1000.00"))
    )
    services.voucher_approve(actor=world.chair, voucher=v)
    services.voucher_submit(
        actor=world.treasurer, voucher=draft(world, gift(world, each="1000.00"))
    )
    assert submit(world, gift(world, each="200.00")) == []
    messages = submit(world, gift(world, each="0.01"))
    assert len(messages) == 1 and "本年已发 2,200.00 元" in messages[0]


def test_a_reversal_takes_its_amount_off_the_running_total(world):
    original = posted(world, gift(world, each="2000.00"))
    assert submit(world, gift(world, each="300.00")) != []
    reversal = services.voucher_reverse(
        actor=world.treasurer, voucher=original, reason="退货", date=DAY
    )
    push(world, reversal)
    assert submit(world, gift(world, each="2200.00")) == []


def test_one_member_on_two_lines_of_one_voucher_is_summed(world):
    messages = submit(world, gift(world, each="1100.00"), gift(world, each="1100.01"))
    assert messages == [
        "违反开支标准【节日慰问】：周会员 本年已发 0.00 元，本次 2,200.01 元，合计 2,200.01 元，"
        "超过每人每年 2,200.00 元的上限。"
    ]


@pytest.mark.parametrize(("pay_form", "word"), [("cash", "现金"), ("card", "购物卡")])
def test_festival_gifts_are_never_cash_or_shopping_cards(world, pay_form, word):
    messages = submit(world, gift(world, each="100.00", pay_form=pay_form))
    assert messages == [f"违反开支标准【节日慰问】：不得发放{word}，请改为实物或指定商户提货凭证。"]
    assert submit(world, gift(world, each="100.00", pay_form="voucher")) == []


def test_per_person_rules_need_the_member_list(world):
    messages = submit(world, {"category": "50101", "amount": "500.00", "pay_form": "goods"})
    assert messages == [
        "违反开支标准【节日慰问】：「节日慰问」须按人列明发放名单和每人金额，才能核对每人标准。"
    ]


# --- birthday: cap and once a year --------------------------------------------------


def test_birthday_cap_and_once_a_year(world):
    assert submit(world, gift(world, "50102", each="500.01")) == [
        "违反开支标准【生日慰问】：周会员 本年已发 0.00 元，本次 500.01 元，合计 500.01 元，"
        "超过每人每年 500.00 元的上限。"
    ]
    assert submit(world, gift(world, "50102", each="500.00")) == []
    assert submit(world, gift(world, "50102", each="0.01")) == [
        "违反开支标准【生日慰问】：周会员 本年已发 500.00 元，本次 0.01 元，合计 500.01 元，"
        "超过每人每年 500.00 元的上限。",
        "违反开支标准【生日慰问】：周会员 本年已发放 1 次，本次 1 次，合计 2 次，超过每人每年 1 次的上限。",
    ]
    # Next year starts again.
    assert submit(world, gift(world, "50102", each="500.00"), date=datetime.date(2027, 2, 1)) == []


# --- condolences per event -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "cap"),
    [
        ("50103", "住院慰问", "1000.00"),
        ("50104", "结婚慰问", "1000.00"),
        ("50105", "生育慰问", "1000.00"),
        ("50106", "退休慰问", "1000.00"),
        ("50107", "会员去世慰问", "2000.00"),
        ("50108", "直系亲属去世慰问", "1000.00"),
    ],
)
def test_condolence_caps_per_event(world, code, name, cap):
    over = D(cap) + D("0.01")
    # 住院慰问 also needs the illness (事由) and a stay of more than 3 days.
    event = {"event": "住院（肺炎）", "days": 5}
    assert submit(world, gift(world, code, each=str(over), pay_form="transfer", **event)) == [
        f"违反开支标准【{name}】：周会员 本次 {yuan(over)} 元，超过每人每次 {yuan(D(cap))} 元的上限。"
    ]
    assert submit(world, gift(world, code, each=cap, pay_form="transfer", **event)) == []


def test_hospital_condolence_once_a_year_per_illness(world):
    # Once a year per 病种, not per category (tests/finance/test_spending_events.py has the rest).
    assert submit(world, gift(world, "50103", each="800.00", event="住院（肺炎）", days=5)) == []
    assert submit(world, gift(world, "50103", each="500.00", event="住院（骨折）", days=5)) == []
    messages = submit(world, gift(world, "50103", each="500.00", event="住院（肺炎）", days=5))
    assert len(messages) == 1
    assert messages[0] == (
        "违反开支标准【住院慰问】：周会员 本年已因“住院（肺炎）”发放 1 次，本次 1 次，合计 2 次，"
        "超过同一事项每人每年 1 次的上限。"
    )


# --- outings per person per day -------------------------------------------------------


def test_outing_cap_per_person_per_day_with_a_member_list(world):
    assert submit(world, gift(world, "50109", each="400.00", days=2)) == []
    assert submit(world, gift(world, "50109", each="400.01", days=2)) == [
        "违反开支标准【春秋游】：周会员 本次 400.01 元（2 天），超过每人每天 200.00 元的上限（合计不超过 400.00 元）。"
    ]


def test_outing_without_a_list_uses_participants(world):
    line = {"category": "50109", "payee": "某旅行社", "pay_form": "transfer", "participants": 10}
    assert submit(world, {**line, "amount": "2000.00"}) == []
    messages = submit(world, {**line, "amount": "2000.01"})
    assert len(messages) == 1 and "10 人 1 天共 2,000.01 元" in messages[0]
    assert "合计不超过 2,000.00 元" in messages[0]
    messages = submit(world, {"category": "50109", "amount": "100.00", "pay_form": "transfer"})
    assert messages == ["违反开支标准【春秋游】：请填写参与人数或人员名单，以核对每人每天标准。"]


# --- prizes -----------------------------------------------------------------------


def test_prizes_capped_and_at_most_one_winner_in_three(world):
    three = ("周会员", "吴老师", "孙组长")
    assert submit(world, gift(world, "50110", each="300.00", names=three, participants=9)) == []
    assert submit(
        world, gift(world, "50110", each="300.01", names=("周会员",), participants=9)
    ) == ["违反开支标准【活动奖品】：周会员 本次 300.01 元，超过每人每次 300.00 元的上限。"]
    four = (*three, "王委员")
    assert submit(world, gift(world, "50110", each="100.00", names=four, participants=11)) == [
        "违反开支标准【活动奖品】：获奖 4 人，参与 11 人，超过每 3 名参与者至多 1 人获奖的限制（最多 3 人）。"
    ]
    assert submit(world, gift(world, "50110", each="100.00", names=four, participants=12)) == []
    assert submit(world, gift(world, "50110", each="100.00", names=four)) == [
        "违反开支标准【活动奖品】：请填写参与人数，以核对获奖面（每 3 名参与者至多 1 人获奖）。"
    ]
    assert submit(
        world,
        gift(world, "50110", each="100.00", names=("周会员",), participants=3, pay_form="card"),
    )


# --- the engine ---------------------------------------------------------------------


def test_income_and_unruled_categories_are_not_checked(world):
    assert submit(world, {"category": "50111", "amount": "99999.00"}) == []
    assert (
        spending.check_voucher(draft(world, {"category": "401", "amount": "5.00"}, kind="income"))
        == []
    )


def test_a_rule_on_a_top_category_covers_its_sub_items(world):
    rule_save(
        actor=world.chair,
        union=world.school,
        key="all-activities",
        name="职工活动合计",
        category="501",
        cap_year="3000",
    )
    posted(world, gift(world, "50101", each="2000.00"))
    messages = submit(
        world, gift(world, "50102", each="500.00"), gift(world, "50111", each="500.01")
    )
    assert messages == [
        "违反开支标准【职工活动合计】：周会员 本年已发 2,000.00 元，本次 1,000.01 元，合计 3,000.01 元，"
        "超过每人每年 3,000.00 元的上限。"
    ]


def test_running_totals_are_one_grouped_query_however_many_members(world):
    def queries_for(n):
        names = []
        for i in range(n):
            m = member_services.member_create(
                actor=None, union=world.school, name=f"会员{n}-{i}", sex=Sex.MALE
            )
            world.members[m.name] = m
            names.append(m.name)
        posted(world, gift(world, each="100.00", names=names))
        v = draft(world, gift(world, each="100.00", names=names))
        with CaptureQueriesContext(connection) as ctx:
            assert spending.check_voucher(v) == []
        return len(ctx)

    assert queries_for(2) == queries_for(25)


def test_running_total_is_exact_even_where_the_database_sums_in_floating_point(world):
    # 0.10 + 0.20 − 0.10 − 0.20 in floating point is 5.55e-17, not zero: unrounded, the
    # next gift at exactly the cap would be refused.
    first = posted(world, gift(world, each="0.10"))
    second = posted(world, gift(world, each="0.20"))
    for v in (first, second):
        push(
            world,
            services.voucher_reverse(actor=world.treasurer, voucher=v, reason="退回", date=DAY),
        )
    assert submit(world, gift(world, each="2200.00")) == []
