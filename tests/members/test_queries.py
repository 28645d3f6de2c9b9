import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.members import queries, services
from gonghui.members.queries import RosterFilter
from gonghui.orgs.models import Sex


def names(user, union, **kw):
    return sorted(m.name for m in queries.roster(user, union, RosterFilter(**kw)))


@pytest.fixture
def zhang(world):
    services.member_create(actor=None, union=world.school, name="张伟", sex=Sex.MALE)
    services.member_create(actor=None, union=world.school, name="张卫明", sex=Sex.MALE)
    services.member_create(actor=None, union=world.hospital, name="张薇", sex=Sex.FEMALE)
    return world


@pytest.mark.parametrize(
    "q, expected",
    [
        ("zw", ["张伟", "张卫明"]),
        ("ZW", ["张伟", "张卫明"]),
        ("zwm", ["张卫明"]),
        ("zhangwei", ["张伟", "张卫明"]),
        ("zhang wei", ["张伟", "张卫明"]),
        ("zhangweim", ["张卫明"]),
        ("张伟", ["张伟"]),
        ("伟", ["张伟"]),  # inside one union a name matches anywhere
        ("5678", ["周会员"]),  # last four of the mobile
        ("1232", ["周会员"]),  # last four of the ID number
        ("13987654321", ["吴老师"]),
        ("HY0001", ["周会员"]),
        ("zz", []),
    ],
)
def test_one_box_finds_by_name_pinyin_initials_and_digits(zhang, q, expected):
    assert names(zhang.chair, zhang.school, q=q) == expected


@pytest.fixture(params=["dense", "sparse"])
def both_plans(request, monkeypatch):
    """Run a federation test through both query shapes of roster_scope."""
    monkeypatch.setattr(queries, "DENSE_SHARE", 0.0 if request.param == "dense" else 2.0)


def test_a_federation_searches_its_whole_tree_by_the_start_of_names(zhang, both_plans):
    assert names(zhang.fed_admin, zhang.fed, q="zw") == ["张伟", "张卫明", "张薇"]
    assert names(zhang.fed_admin, zhang.fed, q="张") == ["张伟", "张卫明", "张薇"]
    assert names(zhang.fed_admin, zhang.fed, q="张卫") == ["张卫明"]


def test_filters(world):
    chair, school = world.chair, world.school
    assert names(chair, school, group=world.maths.pk) == ["吴老师", "赵财务", "钱经审"]
    assert names(chair, school, sex=Sex.MALE) == ["周会员", "王委员", "钱经审"]
    assert names(chair, school, flag="teacher") == ["吴老师"]
    assert names(chair, school, joined=2008) == ["周会员"]
    # 周会员 was born 1985-03-01, 吴老师 1992-07-15.
    today = datetime.date(2026, 11, 21)
    assert [
        m.name for m in queries.roster(chair, school, RosterFilter(age="40_50"), today=today)
    ] == ["周会员"]
    assert [
        m.name for m in queries.roster(chair, school, RosterFilter(age="30_40"), today=today)
    ] == ["吴老师"]


def test_status_filter_defaults_to_current_members(world):
    services.member_leave(
        actor=world.chair, member=world.members["周会员"], on=datetime.date.today(), reason="调离"
    )
    assert "周会员" not in names(world.chair, world.school)
    assert names(world.chair, world.school, status="left") == ["周会员"]
    assert "周会员" in names(world.chair, world.school, status="all")


def test_group_leaders_see_their_group_only_and_outsiders_nothing(world):
    assert names(world.group_leader, world.school) == sorted(
        ["李主席", "王委员", "孙组长", "周会员"]
    )
    with pytest.raises(PermissionDenied):
        queries.roster(world.outsider, world.school, RosterFilter())
    with pytest.raises(PermissionDenied):
        queries.roster(world.chair, world.fed, RosterFilter())


def test_from_query_ignores_malformed_parameters():
    f = RosterFilter.from_query({"q": "  zw  ", "group": "x", "status": "bogus", "sort": "evil"})
    assert (f.q, f.group, f.status, f.sort) == ("zw", None, "current", "")


def test_sorting(world):
    by_join = [
        m.name for m in queries.roster(world.chair, world.school, RosterFilter(sort="-joined"))
    ][:2]
    assert by_join == ["吴老师", "周会员"]


def test_a_federation_finds_digits_and_lists_everyone(zhang, both_plans):
    assert names(zhang.fed_admin, zhang.fed, q="5678") == ["周会员"]
    assert names(zhang.fed_admin, zhang.fed, q="HY0001") == ["周会员"]
    assert len(names(zhang.fed_admin, zhang.fed)) == 11
