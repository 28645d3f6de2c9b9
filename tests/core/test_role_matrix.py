"""Every role against every page family: allowed (200), refused (403), not shown to exist
(404: the page's union lies outside every grant of the user) or sent to log in.

The table below is the specification; derive a row from ROLE_PERMS in core/scoping.py and
from what the view checks. The school union is the one under test: its chair, committee
member, treasurer, auditor, group leader (语文组) and member hold their grants there;
``outsider`` chairs the hospital union next door and ``nobody`` has an account but no role.
"""

import datetime
from urllib.parse import urlsplit

import pytest

from gonghui.core.models import AuditEntry, Role, RoleGrant
from gonghui.orgs import services
from gonghui.orgs.models import Body, Union, UnionGroup, UnionKind
from tests.core import tables
from tests.core.tables import GONE, LOGIN, NO, OK, ROLES

# Where each page family lives in the test world.
PAGES = {
    "dashboard": lambda w: "/",
    "union_list": lambda w: "/unions/",
    "union_school": lambda w: "/unions/school/",
    "union_fed": lambda w: "/unions/fed/",
    "union_edit": lambda w: "/unions/school/edit/",
    "union_create": lambda w: "/unions/fed/new/",
    "union_move": lambda w: "/unions/school/move/",
    "group_own": lambda w: f"/groups/{w.chinese.pk}/",  # the group leader's 语文组
    "group_other": lambda w: f"/groups/{w.maths.pk}/",  # 数学组: not the leader's
    "group_edit": lambda w: f"/groups/{w.chinese.pk}/edit/",
    "group_create": lambda w: "/unions/school/groups/new/",
    "member_list": lambda w: "/unions/school/members/",
    "member_create": lambda w: "/unions/school/members/new/",
    "member_page": lambda w: f"/members/{w.members['周会员'].pk}/",  # in the leader's group
    "member_other": lambda w: f"/members/{w.members['吴老师'].pk}/",  # 数学组
    "member_edit": lambda w: f"/members/{w.members['周会员'].pk}/edit/",
    "member_import": lambda w: "/unions/school/members/import/",
    "member_export": lambda w: "/unions/school/members/export/",
    "applications": lambda w: "/unions/school/applications/",
    "term_create": lambda w: "/unions/school/terms/new/",
    "term_page": lambda w: f"/terms/{_committee_term(w).pk}/",
    "roles": lambda w: "/unions/school/roles/",
    "audit_list": lambda w: "/audit/",
    "union_history": lambda w: f"/audit/orgs.union/{w.school.pk}/",
    "me": lambda w: "/me/",
    "finance_home": lambda w: "/unions/school/finance/",
    "finance_fed": lambda w: "/unions/fed/finance/",
    "vouchers": lambda w: "/unions/school/finance/vouchers/",
    "voucher_new": lambda w: "/unions/school/finance/vouchers/new/",
    "spending_rules": lambda w: "/unions/school/finance/rules/",
    "finance_settings": lambda w: "/unions/school/finance/settings/",
    "budget_new": lambda w: "/unions/school/finance/budget/new/",
    "statements": lambda w: "/unions/school/finance/statements/2026/",
    "finding_new": lambda w: "/unions/school/finance/findings/new/",
    "dues_month": lambda w: "/unions/school/finance/dues/",
    "dues_pay": lambda w: "/unions/school/finance/dues/pay/",
    "dues_import": lambda w: "/unions/school/finance/dues/import/",
    "aid_fund": lambda w: "/unions/school/finance/aid/",
    "my_dues": lambda w: "/me/dues/",
    "payroll": lambda w: "/unions/school/finance/payroll/2026/",
    "congress_home": lambda w: "/unions/school/congress/",
    "congress_fed": lambda w: "/unions/fed/congress/",
    "congress_settings": lambda w: "/unions/school/congress/settings/",
    "congress_mine": lambda w: "/congress/mine/",
    "plans_home": lambda w: "/unions/school/plans/",
    "plans_fed": lambda w: "/unions/fed/plans/",
    "plan_import": lambda w: "/unions/school/plans/import/",
    "plan_new": lambda w: "/unions/school/plans/new/",
    "summary_school": lambda w: "/unions/school/summary/2026/",
    "summary_fed": lambda w: "/unions/fed/summary/2026/",
    "care_files": lambda w: "/unions/school/care/",
    "care_fed": lambda w: "/unions/fed/care/",
    "care_settings": lambda w: "/unions/school/care/settings/",
    "care_mine": lambda w: "/care/mine/",
    "care_visits": lambda w: "/unions/school/care/visits/",
    "care_campaigns": lambda w: "/unions/school/care/campaigns/",
    "care_my_events": lambda w: "/care/mine/events/",
    "bursary_rounds": lambda w: "/unions/school/care/bursary/",
    "bursary_settings": lambda w: "/unions/school/care/bursary/settings/",
    "bursary_mine": lambda w: "/care/bursary/",
}

# The expected outcome of a GET for each role, in the order of ROLES.
# fmt: off
MATRIX = {
    #                     anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    "dashboard":         (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "union_list":        (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   OK,   NO),
    "union_school":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "union_fed":         (LOGIN, OK,   OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "union_edit":        (LOGIN, OK,   OK,   OK,   NO,   NO,   NO,   NO,   NO,   GONE, GONE),
    "union_create":      (LOGIN, OK,   OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "union_move":        (LOGIN, OK,   OK,   NO,   NO,   NO,   NO,   NO,   NO,   GONE, GONE),
    "group_own":         (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   NO,   GONE, GONE),
    "group_other":       (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "group_edit":        (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "group_create":      (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    # A group leader lists their own group's members; a member sees only their own record.
    "member_list":       (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   NO,   GONE, GONE),
    "member_create":     (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "member_page":       (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   GONE, GONE),
    "member_other":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "member_edit":       (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "member_import":     (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "member_export":     (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   NO,   GONE, GONE),
    "applications":      (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    # Terms and posts are the chair's (committee.change); committee members only view them.
    "term_create":       (LOGIN, OK,   OK,   OK,   NO,   NO,   NO,   NO,   NO,   GONE, GONE),
    "term_page":         (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "roles":             (LOGIN, OK,   OK,   OK,   NO,   NO,   NO,   NO,   NO,   GONE, GONE),
    # The audit list shows the trail of the user's current union: the outsider sees the
    # hospital's (test_views_audit checks that no school entry is among them).
    "audit_list":        (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   OK,   NO),
    "union_history":     (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    # Every account has its own page (修改密码, e-mail), with a member record or without.
    "me":                (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    # Money: the committee, the treasurer and the audit committee read the books; the
    # treasurer and the chair write them; only the 经审 (and the federation) write findings.
    "finance_home":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "finance_fed":       (LOGIN, OK,   OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "vouchers":          (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "voucher_new":       (LOGIN, NO,   NO,   OK,   NO,   OK,   NO,   NO,   NO,   GONE, GONE),
    "spending_rules":    (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "finance_settings":  (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "budget_new":        (LOGIN, NO,   NO,   OK,   NO,   OK,   NO,   NO,   NO,   GONE, GONE),
    "statements":        (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "finding_new":       (LOGIN, NO,   OK,   NO,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "dues_month":        (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "dues_pay":          (LOGIN, NO,   NO,   OK,   NO,   OK,   NO,   NO,   NO,   GONE, GONE),
    "dues_import":       (LOGIN, NO,   NO,   OK,   NO,   OK,   NO,   NO,   NO,   GONE, GONE),
    "aid_fund":          (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    # Everyone with a member record sees their own dues (the outsider: the hospital's).
    "my_dues":           (LOGIN, NO,   NO,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   NO),
    "payroll":           (LOGIN, NO,   NO,   OK,   NO,   OK,   NO,   NO,   NO,   GONE, GONE),
    # The congress: the committee runs it; a federation keeps no congress of its own; every
    # account has its own (possibly empty) page of proposals and co-signature requests.
    "congress_home":     (LOGIN, OK,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "congress_fed":      (LOGIN, NO,   NO,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "congress_settings": (LOGIN, NO,   NO,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "congress_mine":     (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    # The annual plan: the committee writes it, those who read the books read it too; a
    # federation writes none of its own.
    "plans_home":        (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "plans_fed":         (LOGIN, NO,   NO,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "plan_import":       (LOGIN, NO,   NO,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "plan_new":          (LOGIN, NO,   NO,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    # The year-end summary is read by whoever reads the plan; a federation's by its staff.
    "summary_school":    (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "summary_fed":       (LOGIN, OK,   OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    # Hardship files: the chair and the 经审 (read-only) only, and the committee member with
    # the welfare 分工 (tests/care/test_privacy.py); no administrator above the union. The
    # settings (the 低保 line) are set by the chair or, for the unions below, the federation.
    "care_files":        (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "care_fed":          (LOGIN, NO,   NO,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "care_settings":     (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    # Every account has its own 帮扶 page (an account without a member record is told so).
    "care_mine":         (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    # 走访慰问 and its campaigns: those who see the files (events name illnesses and deaths).
    "care_visits":       (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "care_campaigns":    (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "care_my_events":    (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    # 金秋助学: the rounds as the files; the settings as the care settings; one's own page.
    "bursary_rounds":    (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "bursary_settings":  (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "bursary_mine":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


PAGES.update(tables.merged("PAGES"))  # the newer parts' rows (tests/core/tables.py)
MATRIX.update(tables.merged("MATRIX"))


def test_matrix_is_complete():
    assert MATRIX.keys() == PAGES.keys()
    for family, row in MATRIX.items():
        assert len(row) == len(ROLES), family
        assert row[0] == LOGIN, f"{family}: every page needs a login"


def _committee_term(world):
    """The school's 工会委员会 term, made for the one page that shows it: every other page
    answers the same without it, and making it is most of a case's setup."""
    return services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=datetime.date(2022, 6, 1),
        term_years=5,
    )


CASES = [
    pytest.param(role, family, expected, id=f"{role}-{family}")
    for family, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("role", "family", "expected"), CASES)
def test_access(role, family, expected, world, client, client_for):
    url = PAGES[family](world)
    if role != "anonymous":
        client = client_for(getattr(world, role))
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == "/login/"
        assert location.query == f"next={url}"
    else:
        assert response.status_code == expected, response.content.decode()[:2000]
    if expected == NO:
        # The Chinese refusal page, not Django's bare one.
        assert "无权访问" in response.content.decode()
    if expected == GONE:
        assert "页面不存在" in response.content.decode()


# --- writes -------------------------------------------------------------------------------
# Each write endpoint refuses these roles and writes nothing: 403 within their reach, 404
# where the union lies outside every grant they hold; a control case proves the same
# request does write when an entitled role sends it.

REFUSED_WRITERS = ("outsider", "member", "nobody", "group_leader", "treasurer", "auditor")


@pytest.fixture
def write_world(world):
    # An empty union under the federation, so archiving it would succeed if allowed.
    world.empty = services.union_create(
        actor=None, name="幼儿园工会", code="kindergarten", kind=UnionKind.SCHOOL, parent=world.fed
    )
    world.treasurer_grant = RoleGrant.objects.active().get(
        user=world.treasurer, role=Role.TREASURER
    )
    return world


def _post_group_create(client, w):
    return client.post("/unions/school/groups/new/", {"name": "英语组"})


def _post_union_archive(client, w):
    return client.post(f"/unions/{w.empty.code}/archive/")


def _post_role_revoke(client, w):
    return client.post(f"/roles/{w.treasurer_grant.pk}/revoke/")


def _state(w):
    return (
        UnionGroup.objects.filter(name="英语组").count(),
        Union.objects.get(pk=w.empty.pk).archived_at,
        RoleGrant.objects.get(pk=w.treasurer_grant.pk).revoked_at,
        AuditEntry.objects.count(),
    )


WRITES = {
    "group_create": (_post_group_create, "chair"),
    "union_archive": (_post_union_archive, "fed_admin"),
    "role_revoke": (_post_role_revoke, "chair"),
}
# Who gets 404 rather than 403: the school's people do not reach the kindergarten next door.
OUT_OF_REACH = {
    "group_create": {"outsider", "nobody"},
    "union_archive": set(REFUSED_WRITERS),
    "role_revoke": {"outsider", "nobody"},
}


@pytest.mark.parametrize("role", REFUSED_WRITERS)
@pytest.mark.parametrize("endpoint", WRITES)
def test_write_refused(endpoint, role, write_world, client_for):
    before = _state(write_world)
    response = WRITES[endpoint][0](client_for(getattr(write_world, role)), write_world)
    assert response.status_code == (404 if role in OUT_OF_REACH[endpoint] else 403)
    assert _state(write_world) == before


@pytest.mark.parametrize("endpoint", WRITES)
def test_write_refused_anonymous(endpoint, write_world, client):
    before = _state(write_world)
    response = WRITES[endpoint][0](client, write_world)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert _state(write_world) == before


@pytest.mark.parametrize("endpoint", WRITES)
def test_write_allowed_control(endpoint, write_world, client_for):
    post, role = WRITES[endpoint]
    before = _state(write_world)
    response = post(client_for(getattr(write_world, role)), write_world)
    assert response.status_code == 302
    after = _state(write_world)
    assert after != before
    assert after[3] == before[3] + 1  # exactly one audit entry
