"""Writes to the organisation tree, as a union officer meets them.

Every refusal checks two things: the Chinese message tells the officer what to fix, and
the database (every org row, account, grant and the audit trail) is exactly as before.
"""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core.models import AuditEntry, AuditHead, Role, RoleGrant, User
from gonghui.members import services as member_services
from gonghui.orgs import queries, services
from gonghui.orgs.models import (
    Body,
    CommitteeTerm,
    Duty,
    Member,
    MemberStatus,
    Position,
    Post,
    Sex,
    Union,
    UnionGroup,
    UnionKind,
)
from gonghui.orgs.validators import uscc_check_char

# A union's own code: registration authority 8 (工会), type 1 (基层工会), then Shenzhen.
UNION_USCC = "81440300MA5F0001" + "2"
UNION_USCC += uscc_check_char(UNION_USCC)
TODAY = timezone.localdate()

TRACKED = (
    Union,
    UnionGroup,
    Member,
    CommitteeTerm,
    Position,
    User,
    RoleGrant,
    AuditEntry,
    AuditHead,
)


def db_state() -> dict[str, list[dict]]:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in TRACKED}


@contextmanager
def refused():
    """Expect a ValidationError and that nothing at all was written."""
    before = db_state()
    audit_count = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as info:
        yield info
    assert AuditEntry.objects.count() == audit_count, "a refused write left an audit entry"
    assert db_state() == before, "a refused write changed the database"


def message(info, field: str | None = None) -> str:
    error = info.value
    if field is not None:
        return "；".join(error.message_dict[field])
    return "；".join(error.messages)


def new_entries(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_paths_consistent():
    """Every union's path is its parent's path plus its own id."""
    for union in Union.objects.select_related("parent"):
        expected = f"{union.parent.path if union.parent else '/'}{union.pk}/"
        assert union.path == expected, f"{union} has path {union.path}, expected {expected}"


@pytest.fixture(autouse=True)
def _audit_chain_stays_valid(world):
    yield
    result = audit.verify()
    assert result.ok, result.reason
    assert result.count == AuditEntry.objects.count()


@pytest.fixture
def tree(world):
    """示范镇总工会 -> 示范镇教育工会 (industry) -> 中心幼儿园工会, and a separate 区总工会."""
    edu = services.union_create(
        actor=world.fed_admin,
        name="示范镇教育工会",
        code="edu",
        kind=UnionKind.INDUSTRY,
        parent=world.fed,
    )
    kindergarten = services.union_create(
        actor=world.fed_admin,
        name="中心幼儿园工会",
        code="kindergarten",
        kind=UnionKind.SCHOOL,
        parent=edu,
        staff_count=12,
    )
    member_services.member_create(actor=None, union=kindergarten, name="冯老师", sex=Sex.FEMALE)
    district = services.union_create(
        actor=world.platform_admin,
        name="示范区总工会",
        code="district",
        kind=UnionKind.FEDERATION,
        parent=None,
    )
    return edu, kindergarten, district


def term(world, *, union=None, body=Body.COMMITTEE, number=1, elected_on=None, years=5):
    return services.term_create(
        actor=world.chair,
        union=union or world.school,
        body=body,
        number=number,
        elected_on=elected_on or datetime.date(2023, 6, 1),
        term_years=years,
    )


# --- unions: create and update ------------------------------------------------


def test_a_grassroots_union_is_created_under_its_federation_and_audited(world):
    since = last_audit_id()
    union = services.union_create(
        actor=world.fed_admin,
        name=" 第二小学工会 ",
        code="school2",
        kind=UnionKind.SCHOOL,
        parent=world.fed,
        employer_name="第二小学",
        credit_code=" " + UNION_USCC.lower(),
        staff_count=55,
        founded_on=datetime.date(2001, 9, 1),
    )
    union.refresh_from_db()
    assert union.name == "第二小学工会"
    assert union.credit_code == UNION_USCC
    assert union.path == f"{world.fed.path}{union.pk}/"
    assert union.level_label == "基层工会"
    assert scoping.has_perm(world.fed_admin, "org.change", union=union)

    [entry] = new_entries(since)
    assert entry.action == "union.create"
    assert entry.actor == world.fed_admin
    assert entry.union_id == union.pk
    assert entry.changes["name"] == [None, "第二小学工会"]
    assert entry.changes["code"] == [None, "school2"]
    assert entry.changes["kind"] == [None, "school"]
    assert entry.changes["parent_id"] == [None, world.fed.pk]
    assert entry.changes["credit_code"] == [None, UNION_USCC]
    assert entry.changes["staff_count"] == [None, 55]
    assert entry.changes["founded_on"] == [None, "2001-09-01"]
    assert entry.changes["path"] == [None, union.path]


def test_a_top_level_federation_needs_no_parent(world):
    district = services.union_create(
        actor=world.platform_admin,
        name="示范区总工会",
        code="district",
        kind=UnionKind.FEDERATION,
        parent=None,
    )
    assert district.path == f"/{district.pk}/"
    assert district.parent is None


def test_a_credit_code_with_a_wrong_check_character_is_refused(world):
    wrong = UNION_USCC[:17] + ("0" if UNION_USCC[17] != "0" else "1")
    with refused() as info:
        services.union_create(
            actor=world.fed_admin,
            name="第二小学工会",
            code="school2",
            kind=UnionKind.SCHOOL,
            parent=world.fed,
            credit_code=wrong,
        )
    assert f"第 18 位应为“{UNION_USCC[17]}”" in message(info, "credit_code")


def test_a_grassroots_union_without_a_parent_is_refused(world):
    with refused() as info:
        services.union_create(
            actor=world.platform_admin,
            name="无主工会",
            code="orphan",
            kind=UnionKind.ENTERPRISE,
            parent=None,
        )
    assert "基层工会必须隶属于一个上级工会，请选择上级工会" in message(info, "parent")


@pytest.mark.parametrize("kind", [UnionKind.ENTERPRISE, UnionKind.INDUSTRY])
def test_nothing_can_be_created_under_a_grassroots_union(world, kind):
    with refused() as info:
        services.union_create(
            actor=world.fed_admin,
            name="下属工会",
            code="under-school",
            kind=kind,
            parent=world.school,
        )
    text = message(info, "parent")
    assert "「第一中学工会」是基层工会，其下不能再设工会" in text
    assert "上级工会须为总工会、镇街工会或行业工会" in text


def test_nothing_can_be_created_under_an_archived_federation(world, tree):
    edu, kindergarten, _ = tree
    Member.objects.filter(union=kindergarten).update(status=MemberStatus.LEFT)
    services.union_archive(actor=world.fed_admin, union=kindergarten)
    services.union_archive(actor=world.fed_admin, union=edu)
    edu.refresh_from_db()  # as the form on the next request would load it
    with refused() as info:
        services.union_create(
            actor=world.fed_admin, name="小学工会", code="p3", kind=UnionKind.SCHOOL, parent=edu
        )
    assert "上级工会「示范镇教育工会」已归档" in message(info, "parent")


def test_a_code_already_in_use_is_refused(world):
    with refused() as info:
        services.union_create(
            actor=world.fed_admin,
            name="第一中学工会（重复）",
            code="school",
            kind=UnionKind.SCHOOL,
            parent=world.fed,
        )
    assert "代码「school」已存在，请换一个代码" in message(info, "code")


def test_updating_a_union_records_only_what_changed(world):
    since = last_audit_id()
    union = services.union_update(
        actor=world.chair,
        union=world.school,
        staff_count=45,
        credit_code=UNION_USCC.lower(),
        employer_name=" 第一中学 ",
    )
    union.refresh_from_db()
    assert (union.staff_count, union.credit_code, union.employer_name) == (
        45,
        UNION_USCC,
        "第一中学",
    )
    [entry] = new_entries(since)
    assert entry.action == "union.update"
    assert entry.actor == world.chair
    assert entry.changes == {"staff_count": [40, 45], "credit_code": ["", UNION_USCC]}


def test_updating_with_a_bad_credit_code_changes_nothing(world):
    with refused() as info:
        services.union_update(
            actor=world.chair, union=world.school, staff_count=45, credit_code="9144030071526726"
        )
    assert "应为 18 位，当前为 16 位" in message(info, "credit_code")


def test_a_federation_with_unions_beneath_cannot_become_grassroots(world):
    with refused() as info:
        services.union_update(actor=world.fed_admin, union=world.fed, kind=UnionKind.ENTERPRISE)
    assert "该工会下还有下级工会，不能改为基层工会类型" in message(info, "kind")


def test_a_union_with_groups_cannot_become_a_federation(world):
    with refused() as info:
        services.union_update(actor=world.fed_admin, union=world.school, kind=UnionKind.TOWN)
    assert "该工会下设有工会小组，不能改为上级工会类型" in message(info, "kind")


def test_the_parent_changes_only_through_a_move(world):
    with pytest.raises(TypeError):
        services.union_update(actor=world.fed_admin, union=world.school, parent=world.hospital)
    world.school.refresh_from_db()
    assert world.school.parent == world.fed


# --- unions: move ---------------------------------------------------------------


def test_moving_a_sub_federation_carries_its_whole_subtree(world, tree):
    edu, kindergarten, district = tree
    old_edu_path = edu.path
    untouched = {u.pk: u.path for u in (world.fed, world.school, world.hospital, district)}
    since = last_audit_id()

    moved = services.union_move(actor=world.platform_admin, union=edu, new_parent=district)

    kindergarten.refresh_from_db()
    assert moved.parent == district
    assert moved.path == f"{district.path}{edu.pk}/"
    assert kindergarten.parent == edu
    assert kindergarten.path == f"{district.path}{edu.pk}/{kindergarten.pk}/"
    assert {u.pk: u.path for u in Union.objects.filter(pk__in=untouched)} == untouched
    assert_paths_consistent()

    [entry] = new_entries(since)
    assert entry.action == "union.move"
    assert entry.union_id == edu.pk
    assert entry.changes == {
        "parent_id": [world.fed.pk, district.pk],
        "path": [old_edu_path, moved.path],
    }
    # What the officers notice: the town no longer sees the kindergarten, the district does.
    assert not scoping.has_perm(world.fed_admin, "org.view", union=kindergarten)
    assert set(Union.objects.subtree_of(district)) == {district, edu, kindergarten}
    assert queries.figures(district).members == 1
    assert queries.figures(world.fed).members == 8


def test_moving_a_three_level_tree_rewrites_every_path_beneath(world, tree):
    edu, kindergarten, district = tree
    services.union_move(actor=world.platform_admin, union=world.fed, new_parent=district)
    assert_paths_consistent()
    for union in (world.fed, world.school, world.hospital, edu, kindergarten):
        union.refresh_from_db()
        assert union.path.startswith(district.path)
    assert kindergarten.path == f"{district.path}{world.fed.pk}/{edu.pk}/{kindergarten.pk}/"
    assert kindergarten.depth == 3
    assert queries.figures(district).members == 9


def test_moving_a_federation_under_its_own_descendant_is_refused(world, tree):
    edu, _, _ = tree
    with refused() as info:
        services.union_move(actor=world.platform_admin, union=world.fed, new_parent=edu)
    text = message(info, "parent")
    assert "循环" in text
    assert "不能把「示范镇总工会」移到它自己或它的下级工会「示范镇教育工会」之下" in text


def test_moving_a_union_under_itself_is_refused(world, tree):
    edu, _, _ = tree
    with refused() as info:
        services.union_move(actor=world.platform_admin, union=edu, new_parent=edu)
    assert "循环" in message(info, "parent")


def test_moving_under_a_grassroots_union_is_refused(world, tree):
    _, kindergarten, _ = tree
    with refused() as info:
        services.union_move(actor=world.fed_admin, union=kindergarten, new_parent=world.school)
    assert "「第一中学工会」是基层工会" in message(info, "parent")


# --- unions: archive ------------------------------------------------------------


def test_a_union_with_members_cannot_be_archived(world):
    with refused() as info:
        services.union_archive(actor=world.fed_admin, union=world.school)
    text = message(info)
    assert "「第一中学工会」仍有 7 名会员，不能归档" in text
    assert "请先为这些会员办理转会或离会" in text


def test_retired_members_still_keep_a_union_from_being_archived(world):
    Member.objects.filter(union=world.school).update(status=MemberStatus.LEFT)
    Member.objects.filter(pk=world.members["周会员"].pk).update(status=MemberStatus.RETIRED)
    with refused() as info:
        services.union_archive(actor=world.fed_admin, union=world.school)
    assert "仍有 1 名会员，不能归档" in message(info)


def test_a_federation_with_live_unions_beneath_cannot_be_archived(world):
    with refused() as info:
        services.union_archive(actor=world.platform_admin, union=world.fed)
    assert "下还有 2 个未归档的下级工会，请先处理下级工会" in message(info)


def test_a_union_is_archived_once_its_members_have_left_and_nothing_is_deleted(world):
    Member.objects.filter(union=world.school).update(status=MemberStatus.LEFT)
    counts = {m: m.objects.count() for m in (Union, UnionGroup, Member, RoleGrant)}
    since = last_audit_id()

    archived = services.union_archive(actor=world.fed_admin, union=world.school)

    assert archived.archived_at is not None
    assert {m: m.objects.count() for m in counts} == counts
    assert Member.objects.filter(union=world.school).count() == 7
    assert not Union.objects.live().filter(pk=world.school.pk).exists()
    [entry] = new_entries(since)
    assert entry.action == "union.archive"
    assert entry.changes["archived_at"][0] is None

    with refused() as info:
        services.union_archive(actor=world.fed_admin, union=world.school)
    assert "已经归档" in message(info)
    # The town still has the hospital beneath it.
    with refused() as info:
        services.union_archive(actor=world.platform_admin, union=world.fed)
    assert "下还有 1 个未归档的下级工会" in message(info)


# --- groups ---------------------------------------------------------------------


def test_a_group_is_created_with_a_leader_from_the_union(world):
    since = last_audit_id()
    group = services.group_create(
        actor=world.chair, union=world.school, name=" 英语组 ", leader=world.members["吴老师"]
    )
    group.refresh_from_db()
    assert group.name == "英语组"
    assert group.leader == world.members["吴老师"]
    [entry] = new_entries(since)
    assert entry.action == "group.create"
    assert entry.union_id == world.school.pk
    assert entry.changes["name"] == [None, "英语组"]
    assert entry.changes["leader_id"] == [None, world.members["吴老师"].pk]


def test_a_second_group_of_the_same_name_in_one_union_is_refused(world):
    with refused() as info:
        services.group_create(actor=world.chair, union=world.school, name="语文组")
    assert "本工会已有同名的工会小组，请换一个名称" in message(info)


def test_renaming_a_group_to_a_name_in_use_is_refused(world):
    with refused() as info:
        services.group_update(actor=world.chair, group=world.maths, name="语文组", leader=None)
    assert "请换一个名称" in message(info)


def test_a_name_is_free_again_once_its_group_is_archived(world):
    first = services.group_create(actor=world.chair, union=world.school, name="体育组")
    services.group_archive(actor=world.chair, group=first)
    second = services.group_create(actor=world.chair, union=world.school, name="体育组")
    assert second.pk != first.pk
    assert UnionGroup.objects.filter(union=world.school, name="体育组").count() == 2
    assert [g.pk for g in queries.live_groups(world.school) if g.name == "体育组"] == [second.pk]


def test_two_unions_may_each_have_a_group_of_the_same_name(world):
    services.group_create(actor=world.chair, union=world.school, name="后勤组")
    group = services.group_create(actor=world.outsider, union=world.hospital, name="后勤组")
    assert group.union == world.hospital


def test_a_leader_from_another_union_is_refused(world):
    nurse = world.members["郑护士"]
    with refused() as info:
        services.group_create(actor=world.chair, union=world.school, name="英语组", leader=nurse)
    assert "「郑护士」不是「第一中学工会」的在会会员，不能担任小组长" in message(info, "leader")
    with refused() as info:
        services.group_update(actor=world.chair, group=world.chinese, name="语文组", leader=nurse)
    assert "不能担任小组长" in message(info, "leader")


def test_a_member_who_has_left_cannot_lead_a_group(world):
    Member.objects.filter(pk=world.members["吴老师"].pk).update(status=MemberStatus.LEFT)
    leaver = Member.objects.get(pk=world.members["吴老师"].pk)
    with refused() as info:
        services.group_update(actor=world.chair, group=world.maths, name="数学组", leader=leaver)
    assert "不是「第一中学工会」的在会会员" in message(info, "leader")


def test_a_group_with_members_cannot_be_archived_until_they_move(world):
    with refused() as info:
        services.group_archive(actor=world.chair, group=world.chinese)
    text = message(info)
    assert "小组「语文组」仍有 4 名会员，不能归档" in text
    assert "请先把他们调到其他小组" in text

    for member in Member.objects.filter(group=world.chinese):
        member_services.member_update(
            actor=world.chair, member=member, name=member.name, sex=member.sex, group=world.maths
        )
    archived = services.group_archive(actor=world.chair, group=world.chinese)
    assert archived.archived_at is not None
    assert Member.objects.filter(group=world.maths).count() == 7


def test_a_group_cannot_be_set_up_in_a_federation(world):
    with refused() as info:
        services.group_create(actor=world.fed_admin, union=world.fed, name="机关组")
    assert "工会小组只能设在基层工会内" in message(info)


# --- committee terms ------------------------------------------------------------


def test_a_term_ends_after_its_years_and_is_audited(world):
    since = last_audit_id()
    created = term(world, elected_on=datetime.date(2023, 6, 1), years=3)
    assert created.ends_on == datetime.date(2026, 6, 1)
    assert created.is_current
    assert str(created) == "第1届工会委员会"
    [entry] = new_entries(since)
    assert entry.action == "term.create"
    assert entry.union_id == world.school.pk
    assert entry.changes["term_years"] == [None, 3]


def test_a_term_elected_on_29_february_ends_on_28_february(world):
    created = term(world, elected_on=datetime.date(2024, 2, 29), years=5)
    assert created.ends_on == datetime.date(2029, 2, 28)


def test_a_four_year_term_is_refused_citing_the_trade_union_law(world):
    with refused() as info:
        term(world, years=4)
    text = message(info, "term_years")
    assert "《工会法》第十五条" in text
    assert "请填写 3 或 5" in text


@pytest.mark.parametrize("ends_on", [datetime.date(2023, 5, 31), datetime.date(2023, 6, 1)])
def test_a_term_cannot_end_before_it_is_elected(world, ends_on):
    with refused() as info:
        services.term_create(
            actor=world.chair,
            union=world.school,
            body=Body.COMMITTEE,
            number=1,
            elected_on=datetime.date(2023, 6, 1),
            term_years=5,
            ends_on=ends_on,
        )
    assert "届满日期必须晚于选举日期" in message(info, "ends_on")


def test_an_election_in_the_future_is_refused(world):
    with refused() as info:
        term(world, elected_on=TODAY + datetime.timedelta(days=1))
    assert "选举日期不能晚于今天" in message(info, "elected_on")
    assert term(world, elected_on=TODAY).elected_on == TODAY


def test_a_second_current_term_of_the_same_body_is_refused(world):
    term(world)
    with refused() as info:
        term(world, number=2, elected_on=datetime.date(2024, 6, 1))
    text = message(info)
    assert "「第一中学工会」的第1届工会委员会仍在任" in text
    assert "请先在该届页面办理换届" in text


def test_the_committee_and_the_audit_committee_each_have_a_current_term(world):
    term(world, body=Body.COMMITTEE)
    term(world, body=Body.AUDIT)
    term(world, body=Body.WOMEN)
    assert len(queries.current_terms(world.school)) == 3


def test_after_a_term_is_closed_the_next_one_can_be_recorded(world):
    first = term(world, elected_on=datetime.date(2021, 6, 1))
    since = last_audit_id()
    services.term_close(actor=world.chair, term=first, closed_on=datetime.date(2026, 5, 20))
    [entry] = new_entries(since)
    assert entry.action == "term.close"
    assert entry.changes == {"closed_on": [None, "2026-05-20"]}

    second = term(world, number=2, elected_on=datetime.date(2026, 5, 20))
    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current
    assert [t.pk for t in queries.current_terms(world.school)] == [second.pk]
    assert [t.pk for t in queries.past_terms(world.school)] == [first.pk]


def test_a_term_number_already_recorded_is_refused(world):
    first = term(world, elected_on=datetime.date(2021, 6, 1))
    services.term_close(actor=world.chair, term=first, closed_on=datetime.date(2026, 5, 20))
    with refused() as info:
        term(world, number=1, elected_on=datetime.date(2026, 5, 20))
    assert "该机构已录入过这一届次，请核对届次" in message(info)


def test_closing_a_term_ends_every_current_position(world):
    current = term(world, elected_on=datetime.date(2021, 6, 1))
    m = world.members
    chair = services.position_add(
        actor=world.chair, term=current, member=m["李主席"], post=Post.CHAIR
    )
    vice = services.position_add(
        actor=world.chair, term=current, member=m["王委员"], post=Post.VICE_CHAIR
    )
    finance = services.position_add(
        actor=world.chair, term=current, member=m["赵财务"], post=Post.MEMBER, duty=Duty.FINANCE
    )
    services.position_end(actor=world.chair, position=vice, ended_on=datetime.date(2024, 3, 1))

    services.term_close(actor=world.chair, term=current, closed_on=datetime.date(2026, 5, 20))

    ended = dict(Position.objects.values_list("pk", "ended_on"))
    assert ended == {
        chair.pk: datetime.date(2026, 5, 20),
        finance.pk: datetime.date(2026, 5, 20),
        vice.pk: datetime.date(2024, 3, 1),
    }
    with refused() as info:
        services.position_add(actor=world.chair, term=current, member=m["吴老师"], post=Post.MEMBER)
    assert "已换届，不能再增加职务" in message(info)


def test_a_term_cannot_be_closed_twice_or_before_it_began(world):
    current = term(world, elected_on=datetime.date(2021, 6, 1))
    with refused() as info:
        services.term_close(actor=world.chair, term=current, closed_on=datetime.date(2021, 5, 1))
    assert "换届日期不能早于本届选举日期" in message(info, "closed_on")
    services.term_close(actor=world.chair, term=current, closed_on=datetime.date(2026, 5, 20))
    with refused() as info:
        services.term_close(actor=world.chair, term=current, closed_on=datetime.date(2026, 5, 21))
    assert "已于 2026-05-20 换届" in message(info)


ENDS = datetime.date(2026, 6, 1)


def unsaved_term(**kwargs) -> CommitteeTerm:
    values = {
        "body": Body.COMMITTEE,
        "number": 3,
        "elected_on": datetime.date(2021, 6, 1),
        "term_years": 5,
        "ends_on": ENDS,
    }
    values.update(kwargs)
    return CommitteeTerm(**values)


def test_a_term_ending_within_90_days_warns_to_prepare_the_election():
    text = unsaved_term().warning(today=datetime.date(2026, 4, 1))
    assert text == "第3届工会委员会将于 2026年06月01日 届满（还有 61 天），请筹备换届选举。"
    assert "还有 90 天" in unsaved_term().warning(today=ENDS - datetime.timedelta(days=90))
    assert "还有 0 天" in unsaved_term().warning(today=ENDS)


def test_an_overdue_term_warns_to_hold_the_election_now():
    text = unsaved_term().warning(today=datetime.date(2026, 7, 1))
    assert text == "第3届工会委员会已于 2026年06月01日 届满（超期 30 天），请尽快组织换届选举。"


def test_no_warning_far_from_the_end_or_once_the_term_is_closed():
    assert unsaved_term().warning(today=ENDS - datetime.timedelta(days=91)) == ""
    assert unsaved_term().warning(today=datetime.date(2024, 1, 1)) == ""
    closed = unsaved_term(closed_on=datetime.date(2026, 5, 20))
    assert closed.warning(today=datetime.date(2026, 7, 1)) == ""


# --- positions ------------------------------------------------------------------


def test_a_position_is_recorded_and_audited_under_the_union(world):
    current = term(world)
    since = last_audit_id()
    position = services.position_add(
        actor=world.chair,
        term=current,
        member=world.members["赵财务"],
        post=Post.MEMBER,
        duty=Duty.FINANCE,
    )
    assert str(position) == "赵财务 · 委员"
    [entry] = new_entries(since)
    assert entry.action == "position.add"
    assert entry.union_id == world.school.pk
    assert entry.changes["member_id"] == [None, world.members["赵财务"].pk]


def test_a_member_of_another_union_cannot_hold_a_post(world):
    current = term(world)
    with refused() as info:
        services.position_add(
            actor=world.chair, term=current, member=world.members["郑护士"], post=Post.MEMBER
        )
    text = message(info, "member")
    assert "「郑护士」不是「第一中学工会」的在会会员，不能担任委员会职务" in text


def test_a_term_has_one_chair_until_the_first_steps_down(world):
    current = term(world)
    first = services.position_add(
        actor=world.chair, term=current, member=world.members["李主席"], post=Post.CHAIR
    )
    with refused() as info:
        services.position_add(
            actor=world.chair, term=current, member=world.members["王委员"], post=Post.CHAIR
        )
    assert "本届已有主席，请先让其卸任" in message(info, "post")

    services.position_end(actor=world.chair, position=first, ended_on=datetime.date(2025, 1, 10))
    second = services.position_add(
        actor=world.chair, term=current, member=world.members["王委员"], post=Post.CHAIR
    )
    assert second.ended_on is None
    assert [p.member.name for p in queries.current_terms(world.school)[0].current_positions] == [
        "王委员"
    ]


def test_vice_chairs_are_not_limited_to_one(world):
    current = term(world)
    for name in ("王委员", "赵财务"):
        services.position_add(
            actor=world.chair, term=current, member=world.members[name], post=Post.VICE_CHAIR
        )
    assert current.positions.filter(post=Post.VICE_CHAIR).count() == 2


def test_a_post_must_belong_to_the_body(world):
    audit_term = term(world, body=Body.AUDIT)
    with refused() as info:
        services.position_add(
            actor=world.chair, term=audit_term, member=world.members["钱经审"], post=Post.CHAIR
        )
    assert "经费审查委员会的职务只能是：主任、副主任、委员" in message(info, "post")

    committee = term(world, body=Body.COMMITTEE)
    with refused() as info:
        services.position_add(
            actor=world.chair, term=committee, member=world.members["李主席"], post=Post.DIRECTOR
        )
    assert "工会委员会的职务只能是：主席、副主席、委员" in message(info, "post")

    director = services.position_add(
        actor=world.chair, term=audit_term, member=world.members["钱经审"], post=Post.DIRECTOR
    )
    assert director.get_post_display() == "主任"


def test_one_person_holds_one_post_per_term(world):
    current = term(world)
    services.position_add(
        actor=world.chair, term=current, member=world.members["王委员"], post=Post.VICE_CHAIR
    )
    with refused() as info:
        services.position_add(
            actor=world.chair, term=current, member=world.members["王委员"], post=Post.MEMBER
        )
    assert "此人在本届已有职务" in message(info)


def test_ending_a_position_records_the_date_once(world):
    current = term(world)
    position = services.position_add(
        actor=world.chair, term=current, member=world.members["王委员"], post=Post.VICE_CHAIR
    )
    since = last_audit_id()
    ended = services.position_end(
        actor=world.chair, position=position, ended_on=datetime.date(2025, 3, 1)
    )
    assert ended.ended_on == datetime.date(2025, 3, 1)
    [entry] = new_entries(since)
    assert entry.action == "position.end"
    assert entry.union_id == world.school.pk
    assert entry.changes == {"ended_on": [None, "2025-03-01"]}
    with refused() as info:
        services.position_end(
            actor=world.chair, position=position, ended_on=datetime.date(2025, 4, 1)
        )
    assert "该职务已卸任" in message(info)


# --- member accounts ------------------------------------------------------------


def test_opening_an_account_links_the_member_and_grants_the_member_role(world):
    teacher = world.members["吴老师"]
    since = last_audit_id()
    user = services.member_account_open(
        actor=world.chair,
        union=world.school,
        username="wulaoshi",
        full_name="吴老师",
        mobile="13812345678",
        password="teacher-pass-2026",
        member=teacher,
    )
    teacher.refresh_from_db()
    assert teacher.user == user
    assert user.check_password("teacher-pass-2026")
    assert user.must_change_password  # the chair chose it: 修改密码 at the first login
    assert user.mobile == "13812345678"
    [grant] = RoleGrant.objects.active().filter(user=user)
    assert (grant.role, grant.union, grant.group) == (Role.MEMBER, world.school, None)
    assert scoping.has_perm(user, "self.view", union=world.school)
    assert not scoping.has_perm(user, "member.view", union=world.school)
    assert queries.own_member(user) == teacher

    entries = new_entries(since)
    assert [e.action for e in entries] == ["user.create", "member.link_user", "role.grant"]
    assert all(e.actor == world.chair for e in entries)
    link = entries[1]
    assert link.union_id == world.school.pk
    assert link.changes == {"user_id": [None, user.pk]}
    assert not any("password" in e.changes for e in entries)


def test_an_account_for_a_member_of_another_union_is_refused(world):
    with refused() as info:
        services.member_account_open(
            actor=world.chair,
            union=world.school,
            username="zheng",
            full_name="郑护士",
            mobile=None,
            password="nurse-pass-2026",
            member=world.members["郑护士"],
        )
    assert "「郑护士」不属于本工会或已有账号" in message(info, "member")


def test_a_second_account_for_a_member_is_refused(world):
    with refused() as info:
        services.member_account_open(
            actor=world.chair,
            union=world.school,
            username="zhou2",
            full_name="周会员",
            mobile=None,
            password="another-pass-2026",
            member=world.members["周会员"],
        )
    assert "已有账号" in message(info, "member")


def test_a_bad_mobile_number_leaves_no_half_opened_account(world):
    with refused() as info:
        services.member_account_open(
            actor=world.chair,
            union=world.school,
            username="wulaoshi",
            full_name="吴老师",
            mobile="1381234567",
            password="teacher-pass-2026",
            member=world.members["吴老师"],
        )
    assert "请输入 11 位中国大陆手机号" in message(info, "mobile")


# --- the trail ------------------------------------------------------------------


def test_a_busy_day_leaves_a_valid_audit_chain(world, tree):
    edu, kindergarten, district = tree
    since = last_audit_id()
    services.union_update(actor=world.chair, union=world.school, staff_count=41)
    services.union_move(actor=world.platform_admin, union=edu, new_parent=district)
    group = services.group_create(actor=world.chair, union=world.school, name="英语组")
    services.group_archive(actor=world.chair, group=group)
    current = term(world, elected_on=datetime.date(2021, 6, 1))
    services.position_add(
        actor=world.chair, term=current, member=world.members["李主席"], post=Post.CHAIR
    )
    services.term_close(actor=world.chair, term=current, closed_on=datetime.date(2026, 5, 20))
    Member.objects.filter(union=kindergarten).update(status=MemberStatus.LEFT)
    services.union_archive(actor=world.platform_admin, union=kindergarten)

    actions = [e.action for e in new_entries(since)]
    assert actions == [
        "union.update",
        "union.move",
        "group.create",
        "group.archive",
        "term.create",
        "position.add",
        "term.close",
        "union.archive",
    ]
    result = audit.verify()
    assert result.ok
    assert result.count == AuditEntry.objects.count()
