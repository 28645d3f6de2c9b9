"""Synthetic people and ``gonghui generate``: the data must look like a real roster and
pass every check a real roster passes, because the benchmarks and the demo stand on it."""

import datetime
import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.dates import add_years, age_on
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.members.choices import ETHNICITIES, GB11643_TYPES, Education, Employment, Political
from gonghui.members.idcard import MOBILE_RE, parse_id_number
from gonghui.members.models import EventKind, MemberEvent
from gonghui.members.pinyin import name_pinyin
from gonghui.members.synthetic import Synth, people
from gonghui.members.validation import PERSON_FIELDS, check_person, search_keys
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Member, MemberStatus, Union, UnionGroup, UnionKind

TODAY = datetime.date(2026, 11, 21)


def crowd(seed: int, n: int = 3000, **kwargs) -> list[dict]:
    synth = Synth(random.Random(seed), today=TODAY, **kwargs)
    kinds = ["enterprise", "school", "hospital", "agency", "institution", "community", "joint"]
    return [synth.member_fields(kinds[i % len(kinds)]) for i in range(n)]


# --- the generator ----------------------------------------------------------------


def test_every_id_number_is_valid_and_agrees_with_sex_and_birth_date():
    for p in crowd(1):
        assert p["id_type"] in GB11643_TYPES
        facts = parse_id_number(p["id_number"])  # raises on a bad check character
        assert facts.sex == p["sex"]
        assert facts.birth_date == p["birth_date"]
        assert 20 <= age_on(p["birth_date"], TODAY) <= 60
        assert p["id_number"][:6] != "000000"


def test_people_pass_the_roster_checks_unchanged():
    for p in crowd(2):
        values = dict(p)
        assert check_person(values, today=TODAY) == [], p
        assert values == p  # nothing needed normalising
        assert add_years(p["birth_date"], 18) <= p["joined_on"] <= TODAY
        assert MOBILE_RE.match(p["mobile"])
        assert p["ethnicity"] in ETHNICITIES
        assert p["education"] in Education.values
        assert p["political_status"] in Political.values
        assert p["employment"] in Employment.values
        assert p["name"] and p["department"] and p["post"]
        if p["political_status"] == Political.LEAGUE:
            assert age_on(p["birth_date"], TODAY) <= 28


def test_numbers_are_unique_across_a_run():
    crowd_ = crowd(3, 6000)
    for field in ("id_number", "card_number", "mobile"):
        values = [p[field] for p in crowd_]
        assert len(set(values)) == len(values), field


def test_same_seed_same_people_other_seed_other_people():
    assert crowd(4, 300) == crowd(4, 300)
    assert [p["id_number"] for p in crowd(5, 300)] != [p["id_number"] for p in crowd(4, 300)]


def test_numbers_already_taken_are_never_handed_out():
    first = crowd(6, 500)
    again = crowd(
        6,
        500,
        taken_ids={p["id_number"] for p in first},
        taken_cards={p["card_number"] for p in first},
    )
    assert not {p["id_number"] for p in first} & {p["id_number"] for p in again}
    assert not {p["card_number"] for p in first} & {p["card_number"] for p in again}


def test_names_look_like_a_real_roster():
    crowd_ = crowd(7, 6000)
    surnames = Counter(p["name"][0] for p in crowd_)
    assert surnames.most_common(3)[0][0] in "王李张"
    lengths = Counter(len(p["name"]) for p in crowd_)
    assert lengths[3] > lengths[2] > 0  # two-character given names are the most common
    assert any(p["name"][:2] in ("欧阳", "司马", "上官", "诸葛", "司徒") for p in crowd_)
    zeng = next(p["name"] for p in crowd_ if p["name"][0] == "曾")
    assert name_pinyin(zeng)[0].startswith("zeng")  # not "ceng"
    women = sum(p["sex"] == "F" for p in crowd_ if p["post"] in ("护士", "护师", "主管护师"))
    assert women > 0
    assert Counter(p["ethnicity"] for p in crowd_).most_common(1)[0][0] == "汉族"


def test_teachers_are_flagged_only_in_schools():
    for p in crowd(8):
        if p["is_teacher"]:
            assert p["post"] in ("教师", "班主任", "教研组长", "年级组长")
        if p["is_manager"]:
            assert not p["is_frontline"]


def test_status_dates_fall_between_joining_and_today():
    synth = Synth(random.Random(9), today=TODAY)
    seen = Counter()
    for _ in range(3000):
        p = synth.member_fields("school")
        status, on = synth.status(p)
        seen[status] += 1
        if status == "active":
            assert on is None
        else:
            assert p["joined_on"] <= on <= TODAY
    assert seen["active"] > 2500
    assert seen["retired"] > 0


def test_union_sizes_add_up_and_differ():
    synth = Synth(random.Random(10), today=TODAY)
    kinds = [synth.grassroots_kind() for _ in range(200)]
    sizes = synth.union_sizes(kinds, 20000)
    assert sum(sizes) == 20000
    assert min(sizes) >= 3
    assert max(sizes) > 4 * (20000 / 200)  # a few big employers


def test_people_can_be_added_through_the_service(world):
    """The demo's use: ``member_create(..., **person)``."""
    before = Member.objects.count()
    for p in people(random.Random(11), 5, kind="school", today=timezone.localdate()):
        member = member_services.member_create(
            actor=None, union=world.school, group=world.maths, **p
        )
        assert member.id_number == p["id_number"]
    assert Member.objects.count() == before + 5


# --- the command ------------------------------------------------------------------


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate", stdout=out, **options)
    return out.getvalue()


def subtree(top: Union):
    return Union.objects.filter(path__startswith=top.path).exclude(pk=top.pk)


@pytest.mark.django_db
def test_generate_builds_what_it_says():
    entries = AuditEntry.objects.count()
    output = generate(unions=5, members=300, seed=3)
    connection.check_constraints()  # deferred foreign keys (group leaders) hold

    top = Union.objects.get(code="gen3")
    assert top.kind == UnionKind.FEDERATION and top.parent is None
    assert top.path == f"/{top.pk}/"
    grassroots = list(subtree(top))
    assert len(grassroots) == 5
    for union in grassroots:
        assert not union.is_federation
        assert union.parent_id == top.pk
        assert union.path == f"{top.path}{union.pk}/"
        assert union.name.endswith("工会") and union.credit_code
        assert union.full_clean() is None  # the credit code passes GB 32100, and so on

    members = list(Member.objects.filter(union__in=grassroots))
    assert len(members) == 300
    sizes = Counter(m.union_id for m in members)
    assert len(sizes) == 5 and len(set(sizes.values())) > 1  # spread unevenly
    for union in grassroots:
        assert union.staff_count >= sizes[union.pk]
    assert len({m.id_number for m in members}) == 300
    assert len({m.card_number for m in members}) == 300

    today = timezone.localdate()
    for m in members:
        values = {f: getattr(m, f) for f in PERSON_FIELDS}
        assert check_person(values, today=today) == [], m.name
        keys = search_keys(m.name, m.mobile, m.id_number)
        assert {k: getattr(m, k) for k in keys} == keys
        if m.status == MemberStatus.ACTIVE:
            assert m.group is not None and m.group.union_id == m.union_id
        if m.status in (MemberStatus.ACTIVE, MemberStatus.RETIRED):
            assert m.status_on is None or m.status == MemberStatus.RETIRED
        else:
            assert m.group is None and m.status_on is not None

    groups = UnionGroup.objects.filter(union__in=grassroots)
    assert groups.count() >= 5
    for group in groups.exclude(leader=None).select_related("leader"):
        assert group.leader.union_id == group.union_id
        assert group.leader.status == MemberStatus.ACTIVE
    joins = MemberEvent.objects.filter(member__in=members, kind=EventKind.JOIN)
    assert joins.count() == 300

    new_entries = AuditEntry.objects.order_by("id")[entries:]
    assert [e.action for e in new_entries] == ["member.generate"]
    assert new_entries[0].union_id == top.pk
    assert new_entries[0].changes["members"] == [None, 300]
    assert audit.verify().ok
    assert "基层工会 5 个" in output and "会员 300 名" in output and "用时" in output


@pytest.mark.django_db
def test_generate_is_deterministic_by_seed():
    def roster():
        generate(unions=3, members=60, seed=5)
        return list(
            Member.objects.filter(union__code__startswith="gen5-")
            .order_by("id")
            .values_list("name", "id_number", "mobile", "group__name", "union__name")
        )

    with transaction.atomic():
        first = roster()
        transaction.set_rollback(True)
    assert not Union.objects.filter(code="gen5").exists()
    assert roster() == first


@pytest.mark.django_db
def test_big_enough_districts_get_town_federations():
    generate(unions=260, members=800, seed=8)
    top = Union.objects.get(code="gen8")
    towns = subtree(top).filter(kind=UnionKind.TOWN)
    assert towns.count() == 1
    town = towns.get()
    assert town.path == f"{top.path}{town.pk}/"
    under_town = subtree(town)
    assert under_town.exists()
    assert all(u.path == f"{town.path}{u.pk}/" for u in under_town)
    assert subtree(top).exclude(kind=UnionKind.TOWN).count() == 260
    assert Member.objects.filter(union__path__startswith=top.path).count() == 800


def test_generate_under_an_existing_federation(world):
    before = {m.pk: m.id_number for m in Member.objects.all()}
    generate(unions=4, members=120, seed=12, under="fed")
    connection.check_constraints()
    new = Union.objects.filter(code__startswith="gen12-")
    assert new.count() == 4
    assert all(u.parent_id == world.fed.pk and u.path.startswith(world.fed.path) for u in new)
    assert {m.pk: m.id_number for m in Member.objects.filter(pk__in=before)} == before
    assert Member.objects.filter(union__in=new).count() == 120

    # Ids were assigned by the command; the services still insert after them.
    hospital = Union.objects.get(pk=world.hospital.pk)
    union = org_services.union_create(
        actor=None, name="新厂工会", code="new-plant", kind=UnionKind.ENTERPRISE, parent=world.fed
    )
    group = org_services.group_create(actor=None, union=union, name="一车间")
    member = member_services.member_create(
        actor=None, union=hospital, name="新会员", sex="F", group=world.ward
    )
    assert union.pk and group.pk and member.pk
    assert audit.verify().ok

    with pytest.raises(CommandError, match="种子 12"):
        generate(unions=1, members=1, seed=12, under="fed")
    with pytest.raises(CommandError, match="不是在用的上级工会"):
        generate(unions=1, members=1, seed=13, under="school")
    with pytest.raises(CommandError, match="没有代码"):
        generate(unions=1, members=1, seed=13, under="no-such-union")
