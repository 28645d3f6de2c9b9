"""Reads of the organisation tree: the figures a federation reports, and who sees what."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.dates import add_years
from gonghui.core.models import User
from gonghui.members import services as member_services
from gonghui.orgs import queries, services
from gonghui.orgs.models import Body, Member, MemberStatus, Post, Sex, UnionKind

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _audit_chain_stays_valid(world):
    yield
    result = audit.verify()
    assert result.ok, result.reason


def fresh(user: User) -> User:
    """The user as a new request would load them: no grants cached yet."""
    return User.objects.get(pk=user.pk)


def figures_tuple(f: queries.Figures) -> tuple:
    return (f.unions, f.grassroots, f.members, f.women, f.staff, f.groups)


# --- figures ------------------------------------------------------------------


def test_the_school_figures(world):
    f = queries.figures(world.school)
    assert figures_tuple(f) == (1, 1, 7, 4, 40, 2)
    # 入会率 7 / 40 = 17.5%, 女会员占比 4 / 7 = 57.1%
    assert f.join_rate == Decimal("17.5")
    assert isinstance(f.join_rate, Decimal)
    assert str(f.join_rate) == "17.5"
    assert str(f.women_share) == "57.1"


def test_the_federation_figures_roll_up_its_grassroots_unions(world):
    services.union_update(actor=world.fed_admin, union=world.fed, staff_count=15)
    f = queries.figures(world.fed)
    # Staff of the town's own office are not grassroots staff: 40 + 20, not 75.
    assert figures_tuple(f) == (3, 2, 8, 5, 60, 3)
    assert str(f.join_rate) == "13.3"  # 8 / 60
    assert str(f.women_share) == "62.5"  # 5 / 8


def test_the_join_rate_rounds_half_up(world):
    services.union_update(actor=world.chair, union=world.school, staff_count=112)
    assert str(queries.figures(world.school).join_rate) == "6.3"  # 7 / 112 = 6.25%


def test_retired_members_count_and_those_gone_do_not(world):
    m = world.members
    Member.objects.filter(pk=m["周会员"].pk).update(status=MemberStatus.RETIRED)
    Member.objects.filter(pk=m["吴老师"].pk).update(status=MemberStatus.LEFT)
    Member.objects.filter(pk=m["孙组长"].pk).update(status=MemberStatus.TRANSFERRED)
    Member.objects.filter(pk=m["赵财务"].pk).update(status=MemberStatus.DECEASED)
    f = queries.figures(world.school)
    assert (f.members, f.women) == (4, 1)
    assert str(f.join_rate) == "10.0"


def test_a_union_without_staff_or_members_has_no_rates(world):
    union = services.union_create(
        actor=world.fed_admin,
        name="新建企业工会",
        code="new",
        kind=UnionKind.ENTERPRISE,
        parent=world.fed,
    )
    f = queries.figures(union)
    assert (f.members, f.staff) == (0, 0)
    assert f.join_rate is None
    assert f.women_share is None


def test_an_archived_union_drops_out_of_the_federation_figures(world):
    Member.objects.filter(union=world.school).update(status=MemberStatus.LEFT)
    services.union_archive(actor=world.fed_admin, union=world.school)
    f = queries.figures(world.fed)
    # Only the hospital is left: its staff, its one member and its one group.
    assert figures_tuple(f) == (2, 1, 1, 1, 20, 1)


def test_a_new_member_shows_in_the_federation_figures(world):
    member_services.member_create(
        actor=world.outsider, union=world.hospital, name="陈医生", sex=Sex.MALE
    )
    f = queries.figures(world.fed)
    assert (f.members, f.women) == (9, 5)


# --- the union tree -------------------------------------------------------------


def tree_rows(user) -> list[tuple]:
    return [
        (u.name, u.parent.name if u.parent else None, u.member_count, u.group_count)
        for u in queries.union_tree(user)
    ]


def test_a_chair_sees_only_their_own_union(world):
    assert tree_rows(fresh(world.chair)) == [("第一中学工会", "示范镇总工会", 7, 2)]
    assert tree_rows(fresh(world.outsider)) == [("卫生院工会", "示范镇总工会", 1, 1)]


def test_the_federation_admin_sees_the_whole_town(world):
    assert tree_rows(fresh(world.fed_admin)) == [
        ("示范镇总工会", None, 0, 0),
        ("第一中学工会", "示范镇总工会", 7, 2),
        ("卫生院工会", "示范镇总工会", 1, 1),
    ]


@pytest.mark.parametrize("who", ["group_leader", "member", "nobody"])
def test_people_without_org_view_see_no_unions(world, who):
    assert tree_rows(fresh(world.users[who])) == []


def test_the_tree_counts_current_members_and_live_groups_once_each(world):
    Member.objects.filter(pk=world.members["吴老师"].pk).update(status=MemberStatus.LEFT)
    Member.objects.filter(pk=world.members["周会员"].pk).update(status=MemberStatus.RETIRED)
    spare = services.group_create(actor=world.chair, union=world.school, name="体育组")
    services.group_archive(actor=world.chair, group=spare)
    assert tree_rows(fresh(world.chair)) == [("第一中学工会", "示范镇总工会", 6, 2)]


def test_the_union_tree_costs_the_same_queries_however_many_unions(
    world, django_assert_num_queries
):
    user = fresh(world.fed_admin)
    with django_assert_num_queries(2):  # the user's grants, then the tree
        rows = tree_rows(user)
    assert len(rows) == 3

    for i in range(4):
        union = services.union_create(
            actor=None,
            name=f"企业{i}工会",
            code=f"firm{i}",
            kind=UnionKind.ENTERPRISE,
            parent=world.fed,
        )
        services.group_create(actor=None, union=union, name="一组")
        member_services.member_create(actor=None, union=union, name=f"职工{i}", sex=Sex.MALE)
    user = fresh(world.fed_admin)
    with django_assert_num_queries(2):
        rows = tree_rows(user)
    assert len(rows) == 7


def test_federations_to_move_under_are_in_reach_and_outside_the_subtree(world):
    edu = services.union_create(
        actor=None, name="示范镇教育工会", code="edu", kind=UnionKind.INDUSTRY, parent=world.fed
    )
    district = services.union_create(
        actor=None, name="示范区总工会", code="district", kind=UnionKind.FEDERATION, parent=None
    )
    # Not its current parent, not itself; the district only for the platform admin.
    assert list(queries.federations_for_move(fresh(world.platform_admin), edu)) == [district]
    assert list(queries.federations_for_move(fresh(world.fed_admin), edu)) == []
    assert list(queries.federations_for_move(fresh(world.fed_admin), world.school)) == [edu]
    assert list(queries.federations_for_move(fresh(world.chair), world.school)) == []


# --- groups -----------------------------------------------------------------------


def group_rows(union) -> list[tuple]:
    return [
        (g.name, g.leader.name if g.leader else None, g.member_count)
        for g in queries.union_groups(union)
    ]


def test_union_groups_list_leaders_and_current_member_counts(world):
    services.group_update(
        actor=world.chair, group=world.chinese, name="语文组", leader=world.members["孙组长"]
    )
    Member.objects.filter(pk=world.members["吴老师"].pk).update(status=MemberStatus.LEFT)
    assert group_rows(world.school) == [("语文组", "孙组长", 4), ("数学组", None, 2)]


def test_union_groups_cost_one_query_however_many_groups(world, django_assert_num_queries):
    for name in ("英语组", "物理组", "化学组"):
        leader = member_services.member_create(
            actor=None, union=world.school, name=f"{name}长", sex=Sex.FEMALE
        )
        group = services.group_create(actor=None, union=world.school, name=name, leader=leader)
        member_services.member_update(
            actor=None, member=leader, name=leader.name, sex=leader.sex, group=group
        )
    services.group_update(
        actor=None, group=world.chinese, name="语文组", leader=world.members["孙组长"]
    )
    with django_assert_num_queries(1):
        rows = group_rows(world.school)
    assert rows == [
        ("语文组", "孙组长", 4),
        ("数学组", None, 3),
        ("英语组", "英语组长", 1),
        ("物理组", "物理组长", 1),
        ("化学组", "化学组长", 1),
    ]


# --- committee terms ----------------------------------------------------------------


def term_ending(world, union, *, ends_on: datetime.date, body=Body.COMMITTEE, chair=None):
    elected_on = add_years(ends_on, -5)
    return services.term_create(
        actor=chair or world.platform_admin,
        union=union,
        body=body,
        number=1,
        elected_on=elected_on,
        term_years=5,
        ends_on=ends_on,
    )


@pytest.fixture
def terms(world):
    """The school's committee ends in 30 days; the hospital's is 10 days overdue; the
    school's audit committee ends in 200 days; the school's women's committee is overdue
    but was closed (换届 done)."""
    school = term_ending(world, world.school, ends_on=TODAY + datetime.timedelta(days=30))
    hospital = term_ending(world, world.hospital, ends_on=TODAY - datetime.timedelta(days=10))
    term_ending(world, world.school, ends_on=TODAY + datetime.timedelta(days=200), body=Body.AUDIT)
    closed = term_ending(
        world, world.school, ends_on=TODAY - datetime.timedelta(days=5), body=Body.WOMEN
    )
    services.term_close(actor=None, term=closed, closed_on=TODAY - datetime.timedelta(days=20))
    return school, hospital


def test_term_warnings_show_a_chair_only_their_own_union(world, terms):
    school, _ = terms
    [(term, text)] = queries.term_warnings(fresh(world.chair))
    assert term == school
    assert "第1届工会委员会将于" in text
    assert "还有 30 天" in text
    assert "请筹备换届选举" in text


def test_term_warnings_show_the_federation_every_union_beneath_overdue_first(world, terms):
    school, hospital = terms
    warnings = queries.term_warnings(fresh(world.fed_admin))
    assert [t for t, _ in warnings] == [hospital, school]
    assert "超期 10 天" in warnings[0][1]
    assert "请尽快组织换届选举" in warnings[0][1]
    assert [t for t, _ in queries.term_warnings(fresh(world.outsider))] == [hospital]


def test_an_archived_union_raises_no_term_warnings(world, terms):
    school, _ = terms
    Member.objects.filter(union=world.hospital).update(status=MemberStatus.LEFT)
    services.union_archive(actor=world.fed_admin, union=world.hospital)
    assert [t for t, _ in queries.term_warnings(fresh(world.fed_admin))] == [school]


@pytest.mark.parametrize("who", ["group_leader", "member", "nobody"])
def test_term_warnings_are_not_shown_to_people_without_org_view(world, terms, who):
    assert queries.term_warnings(fresh(world.users[who])) == []


def test_current_terms_list_heads_first_in_two_queries(world, django_assert_num_queries):
    term = term_ending(world, world.school, ends_on=TODAY + datetime.timedelta(days=400))
    m = world.members
    for name, post in (
        ("王委员", Post.MEMBER),
        ("赵财务", Post.VICE_CHAIR),
        ("李主席", Post.CHAIR),
    ):
        services.position_add(actor=None, term=term, member=m[name], post=post)
    with django_assert_num_queries(2):
        rows = [
            (
                t.get_body_display(),
                [(p.member.name, p.get_post_display()) for p in t.current_positions],
            )
            for t in queries.current_terms(world.school)
        ]
    assert rows == [
        ("工会委员会", [("李主席", "主席"), ("赵财务", "副主席"), ("王委员", "委员")]),
    ]


# --- members ------------------------------------------------------------------------


def names(members) -> list[str]:
    return sorted(m.name for m in members)


def test_a_group_leader_sees_only_their_own_groups_members(world):
    visible = queries.visible_members(fresh(world.group_leader), world.school)
    assert names(visible) == sorted(["李主席", "王委员", "孙组长", "周会员"])
    assert list(queries.visible_members(fresh(world.group_leader), world.hospital)) == []


@pytest.mark.parametrize("who", ["chair", "committee", "treasurer", "auditor", "fed_admin"])
def test_officers_see_every_member_of_the_school(world, who):
    assert len(queries.visible_members(fresh(world.users[who]), world.school)) == 7


@pytest.mark.parametrize("who", ["outsider", "member", "nobody"])
def test_others_see_no_member_list_of_the_school(world, who):
    assert list(queries.visible_members(fresh(world.users[who]), world.school)) == []


def test_join_rate_rolls_up_the_tree(world):
    rows = {u.code: u for u in queries.union_overview(world.fed_admin)[0]}
    assert (rows["school"].total_members, rows["school"].total_staff) == (7, 40)
    assert rows["school"].join_rate == Decimal("17.5")
    assert rows["hospital"].join_rate == Decimal("5.0")
    # 8 members over 60 staff: the federation's own figure is the sum beneath it.
    assert (rows["fed"].total_members, rows["fed"].total_staff) == (8, 60)
    assert rows["fed"].join_rate == Decimal("13.3")
    assert queries.figures(world.fed).join_rate == rows["fed"].join_rate


def test_a_large_reach_lists_two_levels_with_totals_over_everything(world, monkeypatch):
    town = services.union_create(
        actor=None, name="东街道工会", code="east", kind=UnionKind.TOWN, parent=world.fed
    )
    firm = services.union_create(
        actor=None,
        name="东街机械厂工会",
        code="firm",
        kind=UnionKind.ENTERPRISE,
        parent=town,
        staff_count=10,
    )
    member_services.member_create(actor=None, union=firm, name="冯师傅", sex=Sex.MALE)
    monkeypatch.setattr(queries, "UNION_LIST_LIMIT", 3)
    rows, cut = queries.union_overview(world.fed_admin)
    # Tree order is path order; among siblings that is the order of their ids as text, so
    # the three children are compared as a set (on PostgreSQL "east" may get id 16: "/1/16/"
    # sorts before "/1/2/").
    assert cut and [u.path for u in rows] == sorted(u.path for u in rows)
    assert rows[0].code == "fed" and {u.code for u in rows[1:]} == {"school", "hospital", "east"}
    by_code = {u.code: u for u in rows}
    # The hidden firm still counts: 9 members over 70 staff.
    assert (by_code["fed"].total_members, by_code["fed"].total_staff) == (9, 70)
    assert (by_code["east"].total_members, by_code["east"].join_rate) == (1, Decimal("10.0"))
    found, cut = queries.union_overview(world.fed_admin, "机械")
    assert [u.code for u in found] == ["firm"] and not cut
