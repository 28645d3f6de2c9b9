"""The demo's 生日会: the demo school has this quarter's birthday party on its 生日会 page —
published for the 当季生日会员, places for everyone on the list — with its gift as a draft
voucher through the spending rules, for those on the list not already given a birthday
gift this year; built through the services, and once only."""

import pytest
from django.utils import timezone

from gonghui.activities import birthday_rules, queries_birthday
from gonghui.activities.demo_birthday import GIFT
from gonghui.activities.models import Activity, Audience, Kind, RegState, State
from gonghui.core.demo import STEPS
from gonghui.core.models import AuditEntry, User
from gonghui.finance.models import VoucherShare
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_this_quarters_party_with_its_list_and_gift(empty_db, client):
    steps = dict(STEPS)
    steps["orgs"]()
    steps["finance"]()  # the year's books, with cake vouchers for some quarters
    steps["activities.birthday"]()
    steps["activities.birthday"]()  # idempotent
    school = Union.objects.get(code="demo-school")
    today = timezone.localdate()
    quarter = birthday_rules.quarter_of(today)
    listed = queries_birthday.quarter_members(school, today.year, quarter)
    assert listed  # the demo roster has birthdays in every quarter
    [party] = Activity.objects.filter(union=school, kind=Kind.BIRTHDAY)
    assert party.title == birthday_rules.party_title(today.year, quarter)
    assert (party.audience, party.quarter, party.state) == (Audience.BIRTHDAY, quarter, State.OPEN)
    assert party.capacity == len(listed) and party.starts_at > timezone.now()
    assert party.registrations.filter(state=RegState.CONFIRMED).count() == min(4, len(listed))
    gift = party.birthday_gift
    voucher = gift.voucher
    shares = VoucherShare.objects.filter(line__voucher=voucher)
    before = queries_birthday.gifted(school, voucher.date.year)
    assert voucher.status == "draft" and gift.amount == GIFT
    assert {s.member_id for s in shares} == {m.pk for m in listed} - before
    assert all(s.amount == GIFT for s in shares) and gift.persons == shares.count()
    assert AuditEntry.objects.filter(action="activities.birthday_gift").count() == 1
    # the 生日会 page shows it to the chair
    client.force_login(User.objects.get(username="chair"))
    page = client.get(f"/unions/demo-school/activities/birthdays/?year={today.year}")
    text = page.content.decode()
    assert page.status_code == 200 and party.title in text and "凭证草稿" in text
