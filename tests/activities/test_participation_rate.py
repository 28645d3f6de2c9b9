"""参与率 on a known set: members on the roll at the period's end who checked in at least once
(their sign-up's check-in or a walk-in, companions not counted, a member once however often),
over the roll; an activity without check-in, a sign-up never checked in and a member who left
before the end do not count; a federation sums its subtree; half up at .005; None without
anyone on the roll."""

import datetime
from decimal import Decimal

import pytest

from gonghui.activities import plugins_checkin, services_checkin
from gonghui.activities.models import Activity
from gonghui.core import metrics
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Member, MemberStatus, Sex, UnionKind

from .support import START, make_activity, signup
from .test_checkin_plugins import AT
from .test_checkin_plugins import _known_set as checkin_set

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(START.year, 1, 1), datetime.date(START.year, 12, 31))


def _known_set(world):
    """The set of 参与人次's test (a trip: 周会员 with 2 companions and 李主席 scan, 王委员
    never comes, 钱经审 walks in; a festival without check-in: 赵财务; the hospital's walk:
    郑护士) and: 25 more members on the school's roll (32); 离会者 walks in at the trip and
    leaves in June, off the roll at the year's end; a talk: 周会员 again and 吴老师 marked
    present by the organiser. So 4 members of 32 took part; 1 of 1 in the hospital."""
    checkin_set(world)
    for i in range(25):
        Member.objects.create(union=world.school, name=f"会员{i:02d}", sex=Sex.MALE)
    gone = Member.objects.create(union=world.school, name="离会者", sex=Sex.MALE)
    trip = Activity.objects.get(union=world.school, title="春游")
    services_checkin.checkin_walk_in(actor=None, activity=trip, member=gone, now=AT)
    Member.objects.filter(pk=gone.pk).update(
        status=MemberStatus.LEFT, status_on=datetime.date(START.year, 6, 30)
    )
    talk_at = START + datetime.timedelta(days=7)
    talk = make_activity(
        world.school,
        title="健康讲座",
        starts_at=talk_at,
        ends_at=talk_at + datetime.timedelta(hours=2),
    )
    services_checkin.checkin_session_open(actor=None, activity=talk)
    for name in ("周会员", "吴老师"):
        reg = signup(world, talk, name)
        services_checkin.checkin_mark(actor=None, registration=reg, now=talk_at)


def test_the_participation_rate_on_a_known_set(world):
    _known_set(world)
    assert plugins_checkin.participation_rate(world.school, *YEAR) == Decimal("12.50")  # 4/32
    assert plugins_checkin.participation_rate(world.hospital, *YEAR) == Decimal("100.00")
    assert plugins_checkin.participation_rate(world.fed, *YEAR) == Decimal("15.15")  # 5/33
    # before 离会者 left (the end of May) they are on the roll and took part: 5 of 33
    spring = (datetime.date(START.year, 1, 1), datetime.date(START.year, 5, 31))
    assert plugins_checkin.participation_rate(world.school, *spring) == Decimal("15.15")
    # nothing held last year: 0 of the roll, not "no figure"
    last_year = (datetime.date(START.year - 1, 1, 1), datetime.date(START.year - 1, 12, 31))
    assert plugins_checkin.participation_rate(world.school, *last_year) == Decimal("0.00")


def test_rounded_half_up_at_the_boundary(world):
    """1 of 32 is 3.125%: 3.13, not the banker's 3.12."""
    for i in range(25):
        Member.objects.create(union=world.school, name=f"会员{i:02d}", sex=Sex.MALE)
    trip = make_activity(world.school, capacity=10)
    signup(world, trip, "周会员")
    token = services_checkin.checkin_session_open(actor=None, activity=trip).token
    services_checkin.checkin_scan(actor=world.member, activity=trip, token=token, now=AT)
    assert plugins_checkin.participation_rate(world.school, *YEAR) == Decimal("3.13")


def test_no_figure_without_anyone_on_the_roll(world):
    empty = org_services.union_create(
        actor=None, name="新建工会", code="empty", kind=UnionKind.SCHOOL, parent=world.fed
    )
    assert plugins_checkin.participation_rate(empty, *YEAR) is None


def test_registered_and_in_the_summary_sentence(world):
    metric = metrics.get("activities.participation_rate")
    assert (metric.label, metric.unit) == ("参与率", "%")
    assert metrics.match("会员参与率达到60%").key == "activities.participation_rate"
    _known_set(world)
    (para,) = plugins_checkin.paragraphs(world.school, *YEAR)
    assert para.text.replace(" ", "").endswith("会员参与率12.5%。")
