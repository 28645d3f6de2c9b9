"""The women workers' page on a known set: the school's 7 current members, 4 of them women
(57.1%); the congress's 5 seated voting representatives, 2 of them women (40.0%; the woman
列席代表 not counted), said against the roster as the platform's workforce proxy; fewer than
10 women → the 女职工委员 of the 工会委员会, 10 or more without a 女职工委员会 → a warning; the
special contract's status; 妇科/两癌筛查 2 of 3 (66.7%) from care; the 爱心妈咪小屋 registered
with its facilities, dates checked, audited by name."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.care.models_health import HealthCampaign, HealthTarget, TargetState
from gonghui.congress.models import CongressKind, RepKind
from gonghui.congress.services import terms as congress_terms
from gonghui.core.models import AuditEntry
from gonghui.members.services import member_create
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body, Duty, Post, Sex
from gonghui.rights import queries_women as queries
from gonghui.rights import services_women as services
from gonghui.rights.models_women import MotherRoom

from .tables_women import OPENED, room

YEAR = 2026


@pytest.fixture
def known(world):
    term = congress_terms.term_create(
        actor=None,
        union=world.school,
        kind=CongressKind.STAFF,
        number=3,
        starts_on=datetime.date(2024, 9, 1),
    )
    for name in ("李主席", "王委员", "钱经审", "周会员", "孙组长"):
        congress_terms.rep_elect(
            actor=None,
            term=term,
            member=world.members[name],
            constituency=None,
            elected_on=datetime.date(2024, 9, 1),
        )
    congress_terms.rep_elect(
        actor=None,
        term=term,
        member=world.members["吴老师"],
        constituency=None,
        elected_on=datetime.date(2024, 9, 1),
        kind=RepKind.OBSERVER,
    )
    committee = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=datetime.date(2024, 6, 1),
        term_years=5,
    )
    org_services.position_add(
        actor=None,
        term=committee,
        member=world.members["孙组长"],
        post=Post.MEMBER,
        duty=Duty.WOMEN,
    )
    campaign = HealthCampaign.objects.create(
        union=world.school,
        year=YEAR,
        name="2026年体检",
        provider="县人民医院",
        starts_on=datetime.date(YEAR, 5, 1),
        ends_on=datetime.date(YEAR, 5, 31),
        capacity=10,
        entrust_ref="委托函",
    )
    for name, done in (("李主席", True), ("赵财务", True), ("吴老师", False), ("王委员", None)):
        HealthTarget.objects.create(
            campaign=campaign,
            union=world.school,
            member=world.members[name],
            general=True,
            screening=done is not None,
            state=TargetState.DONE,
            done_on=datetime.date(YEAR, 5, 10),
            general_done=True,
            screening_done=bool(done),
        )
    return world


def test_the_shares_on_a_known_set(known):
    shares = queries.shares(known.school)
    assert (shares.members, shares.women, shares.reps, shares.women_reps) == (7, 4, 5, 2)
    assert str(shares.members_share) == "57.1" and str(shares.reps_share) == "40.0"


def test_without_a_congress_term_the_reps_share_is_unknown(world):
    shares = queries.shares(world.school)
    assert shares.reps is None and shares.reps_share is None


def test_fewer_than_10_women_show_the_womens_officer(known):
    found = queries.committee(known.school, 4)
    assert not found.needs_committee and found.term is None
    assert [p.member.name for p in found.officers] == ["孙组长"] and found.warning == ""


def test_10_women_without_a_committee_are_warned_and_a_term_is_shown(world):
    for i in range(6):
        member_create(actor=None, union=world.school, name=f"女工{i}", sex=Sex.FEMALE)
    found = queries.committee(world.school, queries.shares(world.school).women)
    assert found.women == 10 and found.needs_committee and "应当建立女职工委员会" in found.warning
    term = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.WOMEN,
        number=1,
        elected_on=datetime.date(2025, 3, 8),
        term_years=5,
    )
    org_services.position_add(
        actor=None, term=term, member=world.members["吴老师"], post=Post.DIRECTOR
    )
    found = queries.committee(world.school, 10)
    assert found.term == term and [p.member.name for p in found.positions] == ["吴老师"]
    assert found.warning == ""


def test_screening_from_care(known, world):
    assert queries.screening(known.school, YEAR) == {
        "due": 3,
        "done": 2,
        "rate": queries.percent(2, 3),
    }
    assert str(queries.screening(known.school, YEAR)["rate"]) == "66.7"
    assert queries.screening(known.school, YEAR - 1) is None


def test_the_page_shows_the_figures_and_labels_the_proxy(known, client_for):
    room(known)
    page = client_for(known.auditor).get(reverse("rights:women", args=["school"]) + f"?year={YEAR}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "4 人" in text and "57.1%" in text and "2 / 5 人，40.0%" in text
    assert "女代表比例低于会员中的女性比例" in text and "以会员名册近似职工构成" in text
    assert "2 / 3 人，66.7%" in text and "孙组长" in text
    assert "尚未签订" in text
    assert "爱心妈咪小屋" in text and "冰箱" in text and "洗手池" in text
    assert "登记小屋" not in text  # the 经审 reads only


def test_the_special_contract_status_is_shown(known, client_for):
    from gonghui.rights.models_contracts import CollectiveContract, ContractKind

    CollectiveContract.objects.create(
        union=known.school,
        kind=ContractKind.WOMEN,
        title="第一中学女职工特殊权益专项集体合同",
        offered_on=datetime.date(2026, 6, 1),
        offer_delivered_on=datetime.date(2026, 6, 2),
    )
    found = queries.special_contract(known.school, datetime.date(2026, 7, 1))
    assert found is not None and found["title"] == "第一中学女职工特殊权益专项集体合同"
    text = client_for(known.chair).get(reverse("rights:women", args=["school"])).content.decode()
    assert "第一中学女职工特殊权益专项集体合同" in text


# --- 爱心妈咪小屋 ---------------------------------------------------------------------------------


def test_a_room_is_registered_through_the_form_and_audited(world, client_for):
    client = client_for(world.committee)
    response = client.post(
        reverse("rights:women_room_new", args=["school"]),
        {
            "name": "爱心妈咪小屋",
            "place": "行政楼203",
            "area": "10.5",
            "facilities": ["fridge", "privacy", "first_aid"],
            "opened_on": "2026-03-08",
            "keeper": world.members["吴老师"].pk,
            "state": "open",
        },
    )
    r = MotherRoom.objects.get()
    assert response.status_code == 302 and r.facilities == ["fridge", "privacy", "first_aid"]
    assert r.keeper == world.members["吴老师"]
    entry = AuditEntry.objects.get(action="rights.mother_room_create")
    history = client_for(world.chair).get(f"/audit/rights.motherroom/{r.pk}/").content.decode()
    assert entry.object_repr == "爱心妈咪小屋" and "冰箱、隐私遮挡、急救包" in history


def test_a_room_change_keeps_before_and_after(world):
    r = room(world)
    services.mother_room_update(actor=world.chair, room=r, fields={"state": "paused"})
    entry = AuditEntry.objects.get(action="rights.mother_room_update")
    assert entry.changes == {"state": ["open", "paused"]}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"opened_on": datetime.date(2099, 1, 1)}, "启用日期不能晚于今天"),
        ({"facilities": ["fridge", "<script>"]}, "请从列出的设施中选择"),
        ({"place": "  "}, "请填写位置"),
    ],
)
def test_bad_room_input_is_refused_and_nothing_written(world, fields, message):
    before = AuditEntry.objects.count()
    data = {"name": "小屋", "place": "一楼", "opened_on": OPENED} | fields
    with pytest.raises(ValidationError, match=message):
        services.mother_room_create(actor=None, union=world.school, fields=data)
    assert MotherRoom.objects.count() == 0 and AuditEntry.objects.count() == before


def test_a_keeper_from_another_union_is_refused(world):
    with pytest.raises(ValidationError, match="管理人须是本工会会员"):
        services.mother_room_create(
            actor=None,
            union=world.school,
            fields={
                "name": "小屋",
                "place": "一楼",
                "opened_on": OPENED,
                "keeper": world.members["郑护士"],
            },
        )


def test_hostile_text_in_a_room_is_kept_as_text_on_the_page(world, client_for):
    room(world)
    r = MotherRoom.objects.get()
    services.mother_room_update(
        actor=None, room=r, fields={"note": "<script>alert(1)</script>=HYPERLINK(1)"}
    )
    text = client_for(world.chair).get(reverse("rights:women", args=["school"])).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
