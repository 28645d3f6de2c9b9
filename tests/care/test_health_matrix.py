"""体检 against the project's three tables, in their own format so their rows can be copied
there: the role × page matrix (tests/core/test_role_matrix.py), the services refused to a
user without the permission with nothing written (tests/core/test_service_actors.py, where
``health_confirm`` goes into OWN_ONLY: a member confirms their own appointment), and every
URL pattern walked with another union's objects (tests/core/test_scoped_404.py): 404 to a
stranger by GET and POST, a real page to the owner."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.care import services_health as health_services
from gonghui.core.models import AuditEntry
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body
from tests.core.test_role_matrix import GONE, LOGIN, NO, OK, ROLES
from tests.core.test_service_actors import _files, _rows

from .conftest import PNG

# --- the role matrix ------------------------------------------------------------------------

PAGES = {
    "health_campaigns": lambda w: "/unions/school/care/health/",
    "health_settings": lambda w: "/unions/school/care/health/settings/",
    "health_mine": lambda w: "/care/health/",
}
# fmt: off
MATRIX = {
    #                    anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # 体检: the campaigns as the files; the settings as the care settings; one's own page.
    "health_campaigns":  (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "health_settings":   (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "health_mine":       (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


@pytest.fixture
def matrix_world(world):
    world.term = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=datetime.date(2022, 6, 1),
        term_years=5,
    )
    return world


@pytest.mark.parametrize(
    ("role", "family", "expected"),
    [
        pytest.param(role, family, expected, id=f"{role}-{family}")
        for family, row in MATRIX.items()
        for role, expected in zip(ROLES, row, strict=True)
    ],
)
def test_access(role, family, expected, matrix_world, client, client_for):
    url = PAGES[family](matrix_world)
    if role != "anonymous":
        client = client_for(getattr(matrix_world, role))
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        return
    assert response.status_code == expected, response.content.decode()[:500]
    if expected == NO:
        assert "无权访问" in response.content.decode()
    if expected == GONE:
        assert "页面不存在" in response.content.decode()


# --- the service actors ---------------------------------------------------------------------

# Around the real today: adding targets to a campaign that has ended is refused.
HEALTH_DAY = timezone.localdate()


def _health(w, union=None, file=None):
    return health_services.health_campaign_create(
        actor=None,
        union=union or w.school,
        year=HEALTH_DAY.year,
        name="教职工体检",
        provider="县人民医院",
        starts_on=HEALTH_DAY,
        ends_on=HEALTH_DAY + datetime.timedelta(days=5),
        capacity=2,
        entrust_ref="校办〔2026〕12号",
        entrust_file=file,
        workdays_only=False,
    )


def _health_target(w, union=None, name="吴老师", file=None):
    campaign = _health(w, union, file)
    health_services.health_targets_add(actor=None, campaign=campaign, members=[w.members[name]])
    return campaign.targets.get()


def _health_booking(w):
    target = _health_target(w)
    return {"target": target, "slot": target.campaign.slots.last(), "today": HEALTH_DAY}


def _health_booked(w):
    return health_services.health_book(actor=None, **_health_booking(w))


CASES = {
    # care: 体检 (the target is 吴老师's: the plain member's own would be theirs to book)
    "health_settings_save": (
        health_services.health_settings_save,
        lambda w: {"union": w.school, "fields": {"general_years": 2}},
    ),
    "health_campaign_create": (
        health_services.health_campaign_create,
        lambda w: {
            "union": w.school,
            "year": HEALTH_DAY.year,
            "name": "体检",
            "provider": "县人民医院",
            "starts_on": HEALTH_DAY,
            "ends_on": HEALTH_DAY,
            "capacity": 2,
            "entrust_ref": "校办〔2026〕12号",
            "entrust_file": SimpleUploadedFile("委托函.png", PNG),
        },
    ),
    "health_slot_capacity": (
        health_services.health_slot_capacity,
        lambda w: {"slot": _health(w).slots.first(), "capacity": 9},
    ),
    "health_targets_add": (health_services.health_targets_add, lambda w: {"campaign": _health(w)}),
    "health_book": (health_services.health_book, _health_booking),
    "health_confirm": (health_services.health_confirm, lambda w: {"target": _health_booked(w)}),
    "health_cancel": (
        health_services.health_cancel,
        lambda w: {"target": _health_booked(w), "today": HEALTH_DAY},
    ),
    "health_done": (
        health_services.health_done,
        lambda w: {"target": _health_target(w), "today": HEALTH_DAY},
    ),
    "health_absent": (
        health_services.health_absent,
        lambda w: {"target": _health_target(w), "reason": "sick"},
    ),
    "health_undo": (
        health_services.health_undo,
        lambda w: {
            "target": health_services.health_absent(
                actor=None, target=_health_target(w), reason="sick"
            )
        },
    ),
    "health_export": (health_services.health_export, lambda w: {"campaign": _health(w)}),
}


def test_every_service_of_the_module_has_a_case():
    public = {
        name
        for name, fn in vars(health_services).items()
        if callable(fn)
        and not name.startswith("_")
        and getattr(fn, "__module__", "") == health_services.__name__
    }
    assert public == CASES.keys()


@pytest.mark.parametrize("who", ["outsider", "member"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_service_refuses_a_user_without_the_permission_and_writes_nothing(
    world, data_dir, case, who
):
    service, arguments = CASES[case]
    kwargs = arguments(world)
    before, entries, files = _rows(), AuditEntry.objects.count(), _files(data_dir)
    with pytest.raises(PermissionDenied):
        service(actor=getattr(world, who), **kwargs)
    assert AuditEntry.objects.count() == entries
    assert _rows() == before
    assert _files(data_dir) == files


# --- another union's objects ----------------------------------------------------------------


def build_foreign(w) -> dict:
    """The hospital's campaign (with its 委托书), 郑护士's target and a slot."""
    target = _health_target(
        w, w.hospital, "郑护士", SimpleUploadedFile("委托函.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    )
    return {
        "code": w.hospital.code,
        "health_campaign": target.campaign_id,
        "health_target": target.pk,
        "health_slot": target.campaign.slots.first().pk,
    }


def f(pk=None):
    return lambda o: {"code": o["code"]} if pk is None else {"pk": o[pk]}


FILL = {
    "care:health_campaigns": f(),
    "care:health_settings": f(),
    "care:health_campaign": f("health_campaign"),
    "care:health_targets": f("health_campaign"),
    "care:health_export": f("health_campaign"),
    "care:health_entrust": f("health_campaign"),
    "care:health_slot": f("health_slot"),
    "care:health_book": f("health_target"),
    "care:health_confirm": f("health_target"),
    "care:health_cancel": f("health_target"),
    "care:health_done": f("health_target"),
    "care:health_absent": f("health_target"),
    "care:health_undo": f("health_target"),
}
SKIPPED = {
    "care:health_mine": "the user's own appointments; the member comes from the account",
}


def test_every_pattern_of_the_module_is_walked_or_skipped():
    from django.urls import get_resolver

    names = {
        f"care:{n}"
        for n in get_resolver().namespace_dict["care"][1].reverse_dict
        if isinstance(n, str) and n.startswith("health")
    }
    assert names == FILL.keys() | SKIPPED.keys()


def test_every_object_of_another_union_is_404(world, client_for, data_dir):
    foreign = build_foreign(world)
    stranger = client_for(world.chair)
    owner = Client()
    owner.force_login(world.outsider)
    for name, fill in FILL.items():
        url = reverse(name, kwargs=fill(foreign))
        got = {m: getattr(stranger, m)(url, {}).status_code for m in ("get", "post")}
        assert all(s in (404, 405) for s in got.values()) and 404 in got.values(), (url, got)
        seen = []
        for method in ("get", "post"):
            with transaction.atomic():
                seen.append(getattr(owner, method)(url, {}).status_code)
                transaction.set_rollback(True)
        assert any(s != 404 for s in seen), (url, seen)


# --- the 工作台's cost (tests/core/test_dashboard_cost.py) -----------------------------------


def grow_health(world, n: int) -> None:
    """``n`` health-check appointments in the school whose day has passed, unmarked."""
    from gonghui.care.models_health import HealthCampaign
    from gonghui.orgs.models import Member

    past = HEALTH_DAY - datetime.timedelta(days=3)
    campaign = HealthCampaign.objects.filter(union=world.school).first()
    if campaign is None:
        campaign = health_services.health_campaign_create(
            actor=None,
            union=world.school,
            year=(HEALTH_DAY - datetime.timedelta(days=10)).year,
            name="体检",
            provider="县医院",
            starts_on=HEALTH_DAY - datetime.timedelta(days=10),
            ends_on=HEALTH_DAY + datetime.timedelta(days=10),
            capacity=50,
            entrust_ref="委托函",
            workdays_only=False,
        )
    slot = campaign.slots.get(day=past)
    for i in range(campaign.targets.count(), n):
        member = Member.objects.create(union=world.school, name=f"体检{i}", sex="F")
        health_services.health_targets_add(actor=None, campaign=campaign, members=[member])
        target = campaign.targets.get(member=member)
        health_services.health_book(
            actor=None, target=target, slot=slot, today=past - datetime.timedelta(days=1)
        )


# the row of COST: counted with the other sources' in one query
COST = {"care.plugins_health.todos": ("chair", 1, lambda world: grow_health)}


def test_the_todo_source_costs_the_same_with_2_and_with_20_open_items(world):
    from gonghui.core import todo
    from tests.core.test_dashboard_cost import ask, name

    (source,) = [s for s in todo.SOURCES if name(s) in COST]
    who, queries, make = COST[name(source)]
    grow = make(world)
    for n in (2, 20):
        grow(world, n)
        found, cost = ask(source, False, world.users[who], world.school)
        assert found and all(t.count >= n for t in found), found
        assert cost == queries, f"{cost} queries with {n} open items, pinned {queries}"
    assert ask(source, False, world.outsider, world.school)[1] <= queries
    assert ask(source, False, world.fed_admin, world.fed)[1] <= queries
