"""The roster's metrics (会员总数, 新入会人数, 入会率, 女会员占比) as plan targets read them.

The world's school has 7 members (4 women), none with a join date after 2015 and none
gone; the tests add dated members and take some of them off the roll.
"""

import datetime
from decimal import Decimal

import pytest

from gonghui.core import metrics
from gonghui.members import metrics as member_metrics
from gonghui.members import services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Sex, Union, UnionKind

D = datetime.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))


def value(key, union, start, end):
    return metrics.get(key).value(union, start, end)


def join(world, name, sex, on, union=None):
    return services.member_create(
        actor=None, union=union or world.school, name=name, sex=sex, joined_on=on
    )


@pytest.fixture
def roll(world):
    """2024 in the school: joins, a leaver, a death, a transfer out, a retirement."""
    join(world, "甲", Sex.FEMALE, D(2024, 3, 1))
    join(world, "乙", Sex.MALE, D(2024, 12, 31))  # last day of the year: counted
    join(world, "丙", Sex.FEMALE, D(2025, 1, 1))  # first day after: not counted
    left = join(world, "丁", Sex.MALE, D(2023, 5, 1))
    services.member_leave(actor=None, member=left, on=D(2024, 6, 30), reason="调离本单位")
    later = join(world, "戊", Sex.FEMALE, D(2023, 5, 1))
    services.member_leave(actor=None, member=later, on=D(2025, 1, 5), reason="个人申请")
    died = join(world, "己", Sex.MALE, D(2024, 2, 1))
    services.member_death(actor=None, member=died, on=D(2024, 12, 31))
    moved = join(world, "庚", Sex.MALE, D(2024, 4, 1))
    services.member_transfer(actor=None, member=moved, on=D(2024, 10, 1), to_name="某某公司工会")
    retired = join(world, "辛", Sex.MALE, D(2010, 9, 1))
    services.member_retire(actor=None, member=retired, on=D(2024, 7, 1))
    join(world, "壬", Sex.FEMALE, D(2024, 5, 1), union=world.hospital)
    return world


def test_total_counts_members_in_good_standing_at_the_end(roll):
    # 7 of the world + 甲 乙 戊 (left after the year) 辛 (retired is still a member).
    assert value("members.total", roll.school, *YEAR) == Decimal(11)
    # Mid-year 丁 has not left yet, 己 and 庚 are still members, 乙 has not joined.
    assert value("members.total", roll.school, YEAR[0], D(2024, 6, 29)) == Decimal(13)
    # On the day of leaving the member is off the roll.
    assert value("members.total", roll.school, YEAR[0], D(2024, 6, 30)) == Decimal(12)


def test_new_members_joined_in_the_period(roll):
    # 甲 乙 己 庚: those who joined in 2024, including the ones gone since; 丙 is in 2025.
    assert value("members.new", roll.school, *YEAR) == Decimal(4)
    assert value("members.new", roll.school, D(2024, 4, 1), D(2024, 12, 30)) == Decimal(1)
    assert value("members.new", roll.school, D(2025, 1, 1), D(2025, 12, 31)) == Decimal(1)


def test_join_rate_against_staff_count(roll):
    assert value("members.rate", roll.school, *YEAR) == Decimal("27.50")  # 11 / 40
    Union.objects.filter(pk=roll.school.pk).update(staff_count=0)
    roll.school.refresh_from_db()
    assert value("members.rate", roll.school, *YEAR) is None


def test_women_share_of_the_members_at_the_end(roll):
    # 李主席 赵财务 孙组长 吴老师 + 甲 戊 = 6 of 11 → 54.5454… rounds half up to 54.55.
    assert value("members.women_share", roll.school, *YEAR) == Decimal("54.55")


def test_an_empty_union_has_no_rates(world):
    empty = org_services.union_create(
        actor=None, name="新建工会", code="empty", kind=UnionKind.ENTERPRISE, parent=world.fed
    )
    assert value("members.total", empty, *YEAR) == Decimal(0)
    assert value("members.new", empty, *YEAR) == Decimal(0)
    assert value("members.women_share", empty, *YEAR) is None
    assert value("members.rate", empty, *YEAR) is None  # no staff count either


def test_a_federation_adds_up_its_subtree(roll):
    # School 11 + hospital 郑护士 and 壬; staff 40 + 20.
    assert value("members.total", roll.fed, *YEAR) == Decimal(13)
    assert value("members.new", roll.fed, *YEAR) == Decimal(5)
    assert value("members.rate", roll.fed, *YEAR) == Decimal("21.67")
    assert value("members.women_share", roll.fed, *YEAR) == Decimal("61.54")  # 8 / 13
    assert value("members.total", roll.hospital, *YEAR) == Decimal(2)


def test_each_figure_is_one_query_whatever_the_roll(roll, django_assert_num_queries):
    for key in ("members.total", "members.new", "members.rate", "members.women_share"):
        with django_assert_num_queries(1):
            value(key, roll.school, *YEAR)


def test_one_page_reads_the_roll_once_for_its_total_rate_and_share(roll, django_assert_num_queries):
    # A plan with targets on 会员总数, 入会率 and 女会员占比: one count of the roll per request.
    with metrics.request_memo(), django_assert_num_queries(1):
        got = [value(k, roll.school, *YEAR) for k in ("members.total", "members.rate")]
        got.append(value("members.women_share", roll.school, *YEAR))
    assert got == [Decimal(11), Decimal("27.50"), Decimal("54.55")]


def test_registered_with_the_fixed_keys_and_units():
    got = {m.key: (m.label, m.unit, m.area, m.cumulative) for m in metrics.all_metrics()}
    assert got["members.total"] == ("会员总数", "人", "会员", False)
    assert got["members.new"] == ("新入会人数", "人", "会员", True)
    assert got["members.rate"] == ("入会率", "%", "会员", False)
    assert got["members.women_share"] == ("女会员占比", "%", "会员", False)
    member_metrics.register_all()  # registering again replaces, never duplicates
    assert [m.key for m in metrics.all_metrics()].count("members.new") == 1


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("发展新会员300人", "members.new"),
        ("全年吸收会员20名", "members.new"),
        ("会员人数达到500人", "members.total"),
        ("入会率达95%以上", "members.rate"),
        ("女会员比例不低于40%", "members.women_share"),
    ],
)
def test_plan_phrases_map_to_the_roster_metrics(text, key):
    assert metrics.match(text).key == key
