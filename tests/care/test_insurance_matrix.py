"""互助保障 against the project's three tables, in their own format so their rows can be
copied there: the role × page matrix (tests/core/test_role_matrix.py), the services refused
to a user without the permission with nothing written (tests/core/test_service_actors.py),
and every URL pattern walked with another union's objects (tests/core/test_scoped_404.py):
404 to a stranger by GET and POST, a real page to the owner."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.care import services_insurance as insurance_services
from gonghui.core.models import AuditEntry
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body
from tests.core.test_role_matrix import GONE, LOGIN, NO, OK, ROLES
from tests.core.test_service_actors import _files, _rows

# --- the role matrix ------------------------------------------------------------------------

PAGES = {
    "insurance_plans": lambda w: "/unions/school/care/insurance/",
    "insurance_fed": lambda w: "/unions/fed/care/insurance/",
    "insurance_rates": lambda w: "/unions/school/care/insurance/rates/",
    "insurance_rates_fed": lambda w: "/unions/fed/care/insurance/rates/",
    "insurance_plan_new": lambda w: "/unions/school/care/insurance/new/",
    "insurance_mine": lambda w: "/care/insurance/mine/",
}
# fmt: off
MATRIX = {
    #                       anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # 互助保障: the plans as the hardship files (care.view); a new plan needs care.change; the
    # 投保率 (counts only) for whoever reads the union (org.view), a federation's tree for
    # its staff; one's own cover and claims for every account.
    "insurance_plans":     (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "insurance_fed":       (LOGIN, NO,   NO,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "insurance_rates":     (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "insurance_rates_fed": (LOGIN, OK,   OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "insurance_plan_new":  (LOGIN, NO,   NO,   OK,   NO,   NO,   NO,   NO,   NO,   GONE, GONE),
    "insurance_mine":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
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

TODAY = timezone.localdate()


def _insurance_plan(w, union=None):
    start = TODAY - datetime.timedelta(days=30)
    return insurance_services.insurance_plan_create(
        actor=None,
        union=union or w.school,
        name="职工住院医疗互助保障",
        kind="hospital",
        provider_kind="mutual",
        provider="示范市职工互助保障会",
        premium="60",
        max_benefit="50000",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=364),
        eligibility="all",
    )


def _insurance_enrolled(w, union=None, name="吴老师"):
    plan = _insurance_plan(w, union)
    insurance_services.insurance_enrol(
        actor=None, plan=plan, members=[w.members[name]], on=plan.starts_on
    )
    return plan


def _insurance_claim(w, union=None, name="吴老师"):
    plan = _insurance_enrolled(w, union, name)
    return insurance_services.insurance_claim_record(
        actor=None,
        plan=plan,
        member=w.members[name],
        event_on=TODAY,
        claimed="1000",
        diagnosis="肺炎",
    )


def _insurance_plan_fields():
    start = TODAY - datetime.timedelta(days=30)
    return {
        "name": "职工住院医疗互助保障",
        "kind": "hospital",
        "provider_kind": "mutual",
        "provider": "示范市职工互助保障会",
        "premium": "40",
        "max_benefit": "",
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=364),
        "eligibility": "all",
        "notes": "",
    }


CASES = {
    # care: 互助保障 (the claim is 吴老师's: the plain member's own would be theirs to read)
    "insurance_plan_create": (
        insurance_services.insurance_plan_create,
        lambda w: {"union": w.school, **_insurance_plan_fields()},
    ),
    "insurance_plan_update": (
        insurance_services.insurance_plan_update,
        lambda w: {"plan": _insurance_plan(w), **_insurance_plan_fields()},
    ),
    "insurance_plan_renew": (
        insurance_services.insurance_plan_renew,
        lambda w: {"plan": _insurance_enrolled(w)},
    ),
    "insurance_enrol": (insurance_services.insurance_enrol, lambda w: {"plan": _insurance_plan(w)}),
    "insurance_withdraw": (
        insurance_services.insurance_withdraw,
        lambda w: {"enrollment": _insurance_enrolled(w).enrollments.get(), "reason": "调离"},
    ),
    "insurance_premium_draft": (
        insurance_services.insurance_premium_draft,
        lambda w: {"plan": _insurance_enrolled(w)},
    ),
    "insurance_claim_record": (
        insurance_services.insurance_claim_record,
        lambda w: {
            "plan": _insurance_enrolled(w),
            "member": w.members["吴老师"],
            "event_on": TODAY,
            "claimed": "1000",
        },
    ),
    "insurance_claim_review": (
        insurance_services.insurance_claim_review,
        lambda w: {"claim": _insurance_claim(w)},
    ),
    "insurance_claim_pay": (
        insurance_services.insurance_claim_pay,
        lambda w: {"claim": _insurance_claim(w), "paid": "800"},
    ),
    "insurance_claim_deny": (
        insurance_services.insurance_claim_deny,
        lambda w: {"claim": _insurance_claim(w), "reason": "既往症"},
    ),
    "insurance_claim_view": (
        insurance_services.insurance_claim_view,
        lambda w: {"claim": _insurance_claim(w)},
    ),
    "insurance_export_record": (
        insurance_services.insurance_export_record,
        lambda w: {"plan": _insurance_enrolled(w), "count": 1, "masked": True},
    ),
}


def test_every_service_of_the_module_has_a_case():
    public = {
        name
        for name, fn in vars(insurance_services).items()
        if callable(fn)
        and not name.startswith("_")
        and getattr(fn, "__module__", "") == insurance_services.__name__
        and name.startswith("insurance_")
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
    """The hospital's plan (郑护士 enrolled), her enrolment and her claim."""
    claim = _insurance_claim(w, w.hospital, "郑护士")
    return {
        "code": w.hospital.code,
        "insurance_plan": claim.plan_id,
        "insurance_enrollment": claim.enrollment_id,
        "insurance_claim": claim.pk,
    }


def f(pk=None):
    return lambda o: {"code": o["code"]} if pk is None else {"pk": o[pk]}


FILL = {
    "care:insurance": f(),
    "care:insurance_rates": f(),
    "care:insurance_plan_new": f(),
    "care:insurance_plan": f("insurance_plan"),
    "care:insurance_plan_edit": f("insurance_plan"),
    "care:insurance_enrol": f("insurance_plan"),
    "care:insurance_premium": f("insurance_plan"),
    "care:insurance_renew": f("insurance_plan"),
    "care:insurance_export": f("insurance_plan"),
    "care:insurance_claim_new": f("insurance_plan"),
    "care:insurance_withdraw": f("insurance_enrollment"),
    "care:insurance_claim": f("insurance_claim"),
    "care:insurance_claim_review": f("insurance_claim"),
    "care:insurance_claim_pay": f("insurance_claim"),
    "care:insurance_claim_deny": f("insurance_claim"),
}
SKIPPED = {
    "care:insurance_mine": "the user's own cover and claims; the member comes from the account",
}


def test_every_pattern_of_the_module_is_walked_or_skipped():
    from django.urls import get_resolver

    names = {
        f"care:{n}"
        for n in get_resolver().namespace_dict["care"][1].reverse_dict
        if isinstance(n, str) and n.startswith("insurance")
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
