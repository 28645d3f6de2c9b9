"""The demo's mediation at the demo factory (a committee of three, one case settled by
agreement, one open within its deadline, ``tiaojie`` seated and shown the 待办-free case list)
and the demo school's 爱心妈咪小屋. Built from the steps it needs on an empty site."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core import demo
from gonghui.core.models import User
from gonghui.orgs.models import Union
from gonghui.rights import queries_mediation as queries
from gonghui.rights.models_mediation import CaseState, MediationCase
from gonghui.rights.models_women import MotherRoom


def test_the_demo_factory_has_a_committee_and_two_cases(empty_db, client):
    steps = dict(demo.STEPS)
    steps["orgs"]()
    steps["rights.mediation"]()
    steps["rights.mediation"]()  # idempotent
    steps["rights.women"]()
    steps["rights.women"]()
    factory = Union.objects.get(code="demo-factory")
    assert queries.current(factory).count() == 3
    states = sorted(MediationCase.objects.filter(union=factory).values_list("state", flat=True))
    assert states == sorted([CaseState.AGREED, CaseState.ACCEPTED])
    today = timezone.localdate()
    open_case = MediationCase.objects.get(union=factory, state=CaseState.ACCEPTED)
    assert not open_case.overdue(today) and open_case.mediators.count() == 2
    user = User.objects.get(username="tiaojie")
    assert queries.has_seat(user, factory)
    client.force_login(user)
    page = client.get(reverse("rights:mediation_cases", args=["demo-factory"]))
    assert page.status_code == 200 and "（" in page.content.decode()
    assert MotherRoom.objects.filter(union__code="demo-school").count() == 1
