"""The 生日会 pages: the quarter's list per group shows month and day but never the year or
the ID number (and only the month to the 经审, who reads the roster's years); the committee
creates the quarter's party from the prefilled form and drafts the gift, refused with the
rule's reason when over the cap; the page then shows the voucher; a member gets 403, another
union 404."""

import datetime

import pytest
from django.urls import reverse

from gonghui.activities.models import Activity, Audience, Kind
from gonghui.finance.models import Voucher
from gonghui.members import services as member_services
from gonghui.orgs.models import Sex

from .test_birthday_services import YEAR, party

pytestmark = pytest.mark.django_db


def url(quarter=1, year=YEAR, code="school"):
    return reverse("activities:birthdays", args=[code]) + f"?year={year}&quarter={quarter}"


def test_the_list_per_group_shows_month_and_day_never_the_year(world, client_for):
    leap = member_services.member_create(
        actor=None,
        union=world.school,
        name="闰日生",
        sex=Sex.MALE,
        group=world.maths,
        birth_date=datetime.date(1988, 2, 29),
    )
    page = client_for(world.committee).get(url()).content.decode()
    zhou = world.members["周会员"]
    assert "语文组" in page and "数学组" in page and 'id="birthday-count">2<' in page
    assert f'id="birthday-member-{zhou.pk}"' in page and "3月1日" in page
    assert f'id="birthday-member-{leap.pk}"' in page and "2月29日（2099年按2月28日）" in page
    assert "1985" not in page and "1988" not in page
    assert zhou.id_number not in page and zhou.id_number[:6] not in page
    assert "吴老师" not in page  # born in July
    # the five without a birth date (no ID number in the world) are said to be missing
    assert "另有 5 名在册会员的档案没有填写出生日期" in page
    third = client_for(world.committee).get(url(quarter=3)).content.decode()
    assert "吴老师" in third and "7月15日" in third and "周会员" not in third


def test_the_auditor_sees_the_month_only(world, client_for):
    page = client_for(world.auditor).get(url()).content.decode()
    assert '<span class="text-nowrap birthday-when">3月</span>' in page and "3月1日" not in page
    assert "创建本季度生日会" not in page


def test_who_may_open_it(world, client_for):
    assert client_for(world.member).get(url()).status_code == 403
    assert client_for(world.treasurer).get(url()).status_code == 403
    assert client_for(world.outsider).get(url()).status_code == 404


def test_the_committee_creates_the_quarters_party_from_the_prefilled_form(world, client_for):
    client = client_for(world.committee)
    page = client.get(url()).content.decode()
    assert "本季度还没有生日会" in page
    form_url = reverse("activities:birthday_party", args=["school"]) + f"?year={YEAR}&quarter=1"
    assert form_url.replace("&", "&amp;") in page
    form = client.get(form_url).content.decode()
    assert f"{YEAR}年第一季度集体生日会" in form and f'value="{YEAR}-03-25T15:00"' in form
    response = client.post(
        form_url,
        {
            "kind": "birthday",
            "title": f"{YEAR}年第一季度集体生日会",
            "starts_at": f"{YEAR}-03-25T15:00",
            "ends_at": f"{YEAR}-03-25T17:00",
            "audience": "birthday",
            "quarter": "1",
            "members_only": "on",
            "capacity": "2",
            "cost_per_head": "0",
        },
    )
    made = Activity.objects.get(union=world.school, kind=Kind.BIRTHDAY)
    assert response.status_code == 302 and made.audience == Audience.BIRTHDAY and made.quarter == 1
    page = client.get(url()).content.decode()
    assert f'id="party-{made.pk}"' in page and "尚未发放" in page


def test_the_gift_over_the_cap_is_refused_with_the_rules_reason(world, client_for):
    activity = party(world)
    client = client_for(world.committee)
    gift_url = reverse("activities:birthday_gift", args=[activity.pk])
    zhou = world.members["周会员"]
    # the form is dated in the party's year (the rules count a year's gifts by that date)
    assert f'name="date" value="{YEAR}-03-25"' in client.get(url()).content.decode()
    data = {"amount": "600", "date": f"{YEAR}-03-20", "pay_form": "voucher", "members": [zhou.pk]}
    page = client.post(gift_url, data, follow=True).content.decode()
    assert "违反开支标准【生日慰问】" in page and "依据" in page
    assert not Voucher.objects.exists()
    page = client.post(gift_url, data | {"amount": "200"}, follow=True).content.decode()
    assert "已生成生日慰问凭证草稿（1人，每人200.00元）" in page
    voucher = Voucher.objects.get()
    # the voucher on the party's card: 凭证草稿 and its state (linked for finance.view holders)
    assert "凭证草稿" in page and "草稿" in page and voucher.get_absolute_url() in page
    assert "发放生日慰问（生成凭证草稿）" not in page  # drafted once


def test_the_gift_is_the_committees(world, client_for):
    activity = party(world)
    gift_url = reverse("activities:birthday_gift", args=[activity.pk])
    data = {"amount": "200", "date": f"{YEAR}-03-20", "pay_form": "voucher"}
    assert client_for(world.auditor).post(gift_url, data).status_code == 403
    assert client_for(world.outsider).post(gift_url, data).status_code == 404
    assert not Voucher.objects.exists()


def test_the_page_costs_the_same_with_more_members_and_parties(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.committee)
    party(world)
    client.get(url())  # the session, the caches

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url()).status_code == 200
        return len(ctx)

    before = cost()
    for i in range(20):
        member_services.member_create(
            actor=None,
            union=world.school,
            name=f"一季度{i}",
            sex=Sex.FEMALE,
            group=world.chinese if i % 2 else world.maths,
            birth_date=datetime.date(1980 + i, 1 + i % 3, 1 + i),
        )
    party(world, title="补办生日会")
    assert cost() == before
