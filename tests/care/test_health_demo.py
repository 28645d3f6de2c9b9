"""The demo's 体检 at the demo school: this year's campaign entrusted by the school's letter,
everyone in post due, most done, four not (with reasons), two past appointments unmarked
(the 待办), ``huiyuan``'s own booking ahead (their reminder the day before) and the closing
reminder for the welfare member. Built from the steps it needs on an empty site."""

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.care import queries_health as queries
from gonghui.care.models_health import HealthCampaign, TargetState
from gonghui.core import demo, metrics, todo
from gonghui.core.models import User
from gonghui.core.reminders import collect
from gonghui.finance.models import Voucher
from gonghui.orgs.models import Member, MemberStatus, Union


def test_the_demo_school_has_this_years_health_checks(empty_db):
    steps = dict(demo.STEPS)
    steps["orgs"]()
    vouchers = Voucher.objects.count()
    steps["care_health"]()
    steps["care_health"]()  # idempotent: a second run adds nothing
    school = Union.objects.get(code="demo-school")
    today = timezone.localdate()
    (campaign,) = HealthCampaign.objects.filter(union=school)
    assert campaign.entrust_ref.endswith("8号）") and campaign.entrust_sha256
    assert Voucher.objects.count() == vouchers  # the employer pays
    in_post = Member.objects.filter(union=school, status=MemberStatus.ACTIVE).count()
    found = queries.campaign_figures(campaign)
    assert found["due"] == in_post and found["absent"] == 4 and found["pending"] == 5
    assert found["done"] == in_post - 4 - 2 - 6 - 1 - 5
    done_women = campaign.targets.filter(screening=True, state=TargetState.DONE).count()
    assert found["screening_done"] == done_women - 3  # three did the general check only
    assert found["rate"] > Decimal("85")
    mine = campaign.targets.get(member__user__username="huiyuan")
    assert mine.state == TargetState.BOOKED and mine.confirmed and mine.slot.day > today
    assert all(s.booked <= s.capacity for s in campaign.slots.all())
    window = (campaign.starts_on, today)
    assert metrics.get("care.health_done").compute(school, *window) == found["done"]
    chair = User.objects.get(username="chair")
    lines = {t.text: t.count for t in todo.items(chair, school)}
    assert lines["体检待登记是否参加（预约日已过）"] == 2
    reminders = collect(mine.slot.day - datetime.timedelta(days=1))
    assert f"care.health.{mine.pk}.{mine.slot.day}.tomorrow" in {r.key for r in reminders}
    closing = [
        r for r in collect(campaign.ends_on) if r.key == f"care.health.{campaign.pk}.closing"
    ]
    assert closing and "人未完成体检" in closing[0].text
