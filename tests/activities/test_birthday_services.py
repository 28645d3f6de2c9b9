"""生日会: the quarter's list from the roster (current members only, 29 February in a year
without it), and the gift as a draft voucher that the spending rules judge — over the cap or
a second gift in the year refused with the rule's reason, nothing written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.activities import queries_birthday as bq
from gonghui.activities import services_birthday
from gonghui.activities.models_birthday import BirthdayGift
from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher, VoucherShare, VoucherStatus
from gonghui.finance.services import vouchers as voucher_services
from gonghui.members import services as member_services
from gonghui.orgs.models import Member, Sex

from .support import make_activity
from .support_birthday import YEAR, birthday_party

pytestmark = pytest.mark.django_db

DAY = datetime.date(YEAR, 3, 20)


def born(world, name, day, group=None, sex=Sex.FEMALE):
    return member_services.member_create(
        actor=None,
        union=world.school,
        name=name,
        sex=sex,
        group=group or world.maths,
        birth_date=day,
    )


def party(world, quarter=1, **fields):
    return birthday_party(world, quarter, **fields)


def gift(world, activity, amount="200", **kwargs):
    return services_birthday.birthday_gift_draft(
        actor=kwargs.pop("actor", world.committee),
        activity=activity,
        amount=amount,
        date=kwargs.pop("date", DAY),
        **kwargs,
    )


def test_the_quarter_list_is_the_current_members_born_in_it(world):
    leap = born(world, "闰日生", datetime.date(1988, 2, 29), group=world.chinese)
    march = born(world, "三月生", datetime.date(1990, 3, 2))
    born(world, "四月生", datetime.date(1990, 4, 2))
    gone = born(world, "已离会", datetime.date(1991, 1, 5))
    member_services.member_leave(
        actor=None, member=gone, on=datetime.date(2026, 1, 1), reason="调离"
    )
    found = bq.quarter_members(world.school, YEAR, 1)
    names = [m.name for m in found]
    # 周会员 is born on 1 March 1985 (from their ID number)
    assert names == ["闰日生", "周会员", "三月生"]
    assert "四月生" not in names and "已离会" not in names
    groups = bq.by_group(found, YEAR, day=True)
    assert [g.name for g in groups] == ["数学组", "语文组"]
    rows = {r.member.name: r for g in groups for r in g.rows}
    assert rows["闰日生"].when == "2月29日（2099年按2月28日）" and rows["闰日生"].moved
    assert rows["三月生"].when == "3月2日" and not rows["三月生"].moved
    months = [r.when for g in bq.by_group([leap, march], YEAR, day=False) for r in g.rows]
    assert sorted(months) == ["2月", "3月"]


def test_the_gift_is_a_draft_voucher_with_a_share_per_member(world):
    born(world, "三月生", datetime.date(1990, 3, 2))
    activity = party(world)
    made = gift(world, activity, pay_form="voucher", payee="好利来")
    voucher = made.voucher
    assert voucher.status == VoucherStatus.DRAFT and voucher.total == Decimal("400.00")
    assert made.persons == 2 and made.amount == Decimal("200.00")
    (line,) = voucher.lines.all()
    assert line.category.code == "50102" and line.payee == "好利来"
    shares = {s.member.name: s.amount for s in line.shares.select_related("member")}
    assert shares == {"三月生": Decimal("200.00"), "周会员": Decimal("200.00")}
    assert voucher.created_by == world.committee
    actions = set(AuditEntry.objects.filter(actor=world.committee).values_list("action", flat=True))
    assert {"voucher.create", "activities.birthday_gift"} <= actions


def test_over_the_cap_is_refused_by_the_rule_with_its_reason(world):
    activity = party(world)
    with pytest.raises(ValidationError) as caught:
        gift(world, activity, amount="600")
    text = " ".join(caught.value.messages)
    assert "生日慰问" in text and "500" in text and "依据" in text
    assert not Voucher.objects.exists() and not BirthdayGift.objects.exists()


def test_a_member_given_a_gift_this_year_is_flagged_by_the_rules(world):
    born(world, "三月生", datetime.date(1990, 3, 2))
    first = gift(world, party(world))
    voucher_services.voucher_submit(actor=None, voucher=first.voucher)
    second = party(world, title="补办生日会")
    with pytest.raises(ValidationError) as caught:
        gift(world, second, amount="100")
    text = " ".join(caught.value.messages)
    assert "周会员" in text and "三月生" in text and "生日慰问" in text
    assert Voucher.objects.count() == 1
    # leaving them out: nobody left to give to
    newcomer = born(world, "新会员", datetime.date(1995, 1, 9))
    made = gift(world, second, amount="100", member_ids=[newcomer.pk])
    assert list(made.voucher.lines.get().shares.values_list("member__name", flat=True)) == [
        "新会员"
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": "0"}, "每人金额"),
        ({"amount": "abc"}, "每人金额"),
        ({"pay_form": "cash"}, "不得发放现金"),
        ({"pay_form": "card"}, "购物卡"),
        ({"member_ids": []}, "请至少选择一名会员"),
        ({"date": datetime.date(YEAR - 1, 12, 20)}, "业务日期须在生日会所在的2099年内"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(world, kwargs, message):
    activity = party(world)
    with pytest.raises(ValidationError) as caught:
        gift(world, activity, **kwargs)
    assert message in " ".join(caught.value.messages)
    assert not Voucher.objects.exists() and not BirthdayGift.objects.exists()


def test_only_the_quarters_birthday_members_and_only_a_birthday_party(world):
    april = born(world, "四月生", datetime.date(1990, 4, 2))
    with pytest.raises(ValidationError, match="过生日的在册会员"):
        gift(world, party(world), member_ids=[april.pk])
    trip = make_activity(world.school, publish=False)
    with pytest.raises(ValidationError, match="当季生日会员的生日会"):
        gift(world, trip)
    assert not VoucherShare.objects.exists()


def test_one_gift_per_party_until_its_draft_is_deleted(world):
    activity = party(world)
    made = gift(world, activity)
    with pytest.raises(ValidationError, match="已有生日慰问凭证"):
        gift(world, activity)
    voucher_services.voucher_delete(actor=world.treasurer, voucher=made.voucher)
    again = gift(world, activity, amount="150")
    assert again.pk == made.pk and again.voucher.total == Decimal("150.00")
    assert Member.objects.get(name="周会员").voucher_shares.count() == 1
