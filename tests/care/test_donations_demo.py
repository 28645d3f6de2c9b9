"""The demo's 捐款 at the demo school: a 慈善一日捐 most members gave to, ended and handed over
in full, and an 爱心捐款 running now with pledges. Built from the steps it needs
(organisations, then donations) on an empty site."""

from decimal import Decimal

from django.utils import timezone

from gonghui.care import queries_donations as queries
from gonghui.care.models_donations import CampaignState, DonationCampaign, DonationEntry
from gonghui.core import demo, metrics, todo
from gonghui.core.models import User
from gonghui.orgs.models import Union


def test_the_demo_school_has_a_one_day_campaign_most_members_gave_to(empty_db):
    steps = dict(demo.STEPS)
    steps["orgs"]()
    steps["care_donations"]()
    steps["care_donations"]()  # idempotent: a second run adds nothing
    school = Union.objects.get(code="demo-school")
    one_day, love = (
        DonationCampaign.objects.get(union=school, kind=k) for k in ("one_day", "love")
    )
    assert (one_day.state, love.state) == (CampaignState.CLOSED, CampaignState.OPEN)
    found = queries.figures(one_day, queries.donor_rows(one_day))
    assert found.total.rate > Decimal("80")  # most members gave
    assert found.outstanding == Decimal("0.00") and found.handed == found.total.paid
    assert DonationEntry.objects.filter(campaign=one_day, reverses__isnull=False).count() == 1
    mine = DonationEntry.objects.get(campaign=one_day, self_recorded=True)
    assert mine.donor.member.user.username == "huiyuan"
    today = timezone.localdate()
    year = (today.replace(year=today.year - 1), today)
    assert metrics.get("care.donation_times").compute(school, *year) == found.donors + 5
    chair = User.objects.get(username="chair")
    lines = {t.text: t.count for t in todo.items(chair, school)}
    assert "已结束未上交善款的捐款活动" not in lines
