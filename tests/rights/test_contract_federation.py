"""A township federation's 区域性 contract: its workers' representatives are members of the
unions beneath it, offered by the picker and accepted by the form; a member elsewhere is not."""

import datetime

import pytest

from gonghui.rights import services_contracts as services
from gonghui.rights.models_contracts import ContractKind, ContractScope

pytestmark = pytest.mark.django_db
D = datetime.date


def _regional(world):
    return services.contract_offer(
        actor=world.fed_admin,
        union=world.fed,
        kind=ContractKind.WAGE,
        scope=ContractScope.REGIONAL,
        title="示范镇区域性工资专项集体协议",
        employer="示范镇企业联合会",
        offered_on=D(2026, 3, 2),
        delivered_on=D(2026, 3, 2),
        term_years=1,
        today=D(2026, 4, 1),
    )


def test_the_picker_offers_the_members_of_the_unions_beneath(client, world):
    contract = _regional(world)
    client.force_login(world.fed_admin)
    found = client.get("/unions/fed/members/pick/", {"for": "contract_rep", "q": "王委员"})
    assert found.status_code == 200 and "王委员" in found.content.decode()
    member = world.members["王委员"]
    answer = client.post(
        f"/rights/contracts/{contract.pk}/reps/new/",
        {"side": "workers", "member": member.pk, "appointed_on": "2026-03-10", "chief": "on"},
    )
    assert answer.status_code == 302, answer.content.decode()[-1500:]
    assert contract.representatives.get().member == member


def test_a_grassroots_union_still_offers_only_its_own(world):
    from gonghui.members.picker import PURPOSES, candidates

    pool = candidates(world.school, PURPOSES["contract_rep"])
    assert set(pool.values_list("union_id", flat=True)) == {world.school.pk}
