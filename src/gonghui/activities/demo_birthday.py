"""The demo's 生日会 (``core.demo``): at the demo school, this quarter's birthday party for
the 当季生日会员 — made as the 生日会 page makes it (the title, the 25th of the quarter's
last month at 15:00, a week ahead when that day has passed, places for everyone on the
list), published, with the birthday members who have an account or were signed up by the
committee — and its gift: a draft voucher of 200 元 蛋糕券 a member through the spending
rules, for those on the list not already given a birthday gift this year (the finance
demo's quarterly cake vouchers). So `gonghui demo` shows the quarter's list, its party and
the gift's voucher on /unions/demo-school/activities/birthdays/."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.core.models import User
from gonghui.finance.models import PayForm
from gonghui.orgs.models import Union

from . import birthday_rules as rules
from . import queries_birthday as bq
from . import services, services_birthday
from .models import Activity, Audience, Kind

GIFT = Decimal("200.00")  # within the example cap of 500 元 a member a year (finance.rules)
SHOP = "示范镇好利来门店"
SIGNED_UP = 4  # the committee signs up the first few on the list (a paper list)


def build_birthday() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None:
        return
    today = timezone.localdate()
    year, quarter = today.year, rules.quarter_of(today)
    title = rules.party_title(year, quarter)
    if Activity.objects.filter(union=school, title=title).exists():
        return
    listed = bq.quarter_members(school, year, quarter)
    if not listed:
        return
    chair = User.objects.get(username="chair")
    start = timezone.make_aware(rules.party_start(year, quarter, today))
    party = services.activity_save(
        actor=chair,
        union=school,
        fields={
            "kind": Kind.BIRTHDAY,
            "title": title,
            "organiser": "校工会文体委员",
            "place": "职工之家活动室",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=rules.PARTY_HOURS),
            "close_hours": 24,
            "audience": Audience.BIRTHDAY,
            "quarter": quarter,
            "members_only": True,
            "capacity": len(listed),
            "companions_allowed": False,
            "max_companions": 0,
            "lottery": False,
            "cost_per_head": Decimal("0"),
            "description": "为本季度过生日的教职工集体庆生，备有蛋糕和小礼物。",
        },
    )
    services.activity_publish(actor=chair, activity=party)
    for member in listed[:SIGNED_UP]:
        services.registration_signup(actor=chair, activity=party, member=member)
    # dated today, or the party's day when it falls next year (as the page's form)
    day = today if today.year == bq.year_of(party) else timezone.localdate(party.starts_at)
    given = bq.gifted(school, day.year)
    due = [m.pk for m in listed if m.pk not in given]
    if due:
        services_birthday.birthday_gift_draft(
            actor=chair,
            activity=party,
            amount=GIFT,
            date=day,
            pay_form=PayForm.VOUCHER,
            payee=SHOP,
            member_ids=due,
        )
