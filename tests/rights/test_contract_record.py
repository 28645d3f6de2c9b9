"""补录: a contract signed before the union used the platform is entered from its paper
record — in force on its dates, only the deadlines after it took effect apply, and a
renewal names it as its predecessor."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.rights import queries_contracts as q
from gonghui.rights import services_contracts_after as after
from gonghui.rights.models_contracts import CollectiveContract, ContractKind
from gonghui.rights.queries import settings_for
from tests.rights.support_contracts import offered

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 9, 1)


def _record(world, **fields):
    data = dict(
        actor=world.chair,
        union=world.school,
        kind=ContractKind.GENERAL,
        title="第一中学集体合同（2023）",
        employer="第一中学",
        signed_on=D(2023, 10, 10),
        effective_on=D(2023, 11, 1),
        term_years=3,
        today=TODAY,
    )
    data.update(fields)
    return after.contract_record_existing(**data)


def test_in_force_on_its_dates_and_only_later_deadlines_apply(world):
    contract = _record(world)
    assert contract.expires_on == D(2026, 10, 31)
    assert contract.covered_workers == world.school.staff_count
    assert CollectiveContract.objects.filter(pk=contract.pk).filter(q.in_force(TODAY)).exists()
    keys = [
        d.key for d in q.deadlines(contract, settings_for(world.school), TODAY, reps=[], reports=[])
    ]
    assert "reply" not in keys and "submit" not in keys and "publish" not in keys
    # the renewal window opened on 31 July 2026, three months before expiry
    assert "renewal" in keys
    due = q.due_querysets(world.school, TODAY)
    assert due["renewal"].filter(pk=contract.pk).exists()
    assert not due["publish"].filter(pk=contract.pk).exists()


def test_a_renewal_names_it_as_its_predecessor(world):
    old = _record(world)
    new = offered(world, predecessor=old, offered_on=D(2026, 8, 20), delivered_on=D(2026, 8, 21))
    assert new.predecessor == old
    assert not q.due_querysets(world.school, TODAY)["renewal"].filter(pk=old.pk).exists()


def test_bad_dates_and_overlaps_are_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError, match="生效日期不能早于签字日期"):
        _record(world, effective_on=D(2023, 10, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _record(world, signed_on=D(2026, 9, 2), effective_on=D(2026, 9, 2))
    _record(world)
    with pytest.raises(ValidationError, match="已有这一期间"):
        _record(world, signed_on=D(2024, 10, 10), effective_on=D(2024, 11, 1))
    assert CollectiveContract.objects.filter(union=world.school).count() == 1


def test_the_page_records_it(client, world):
    client.force_login(world.chair)
    answer = client.post(
        "/unions/school/rights/contracts/record/",
        {
            "kind": ContractKind.GENERAL,
            "scope": "single",
            "title": "第一中学集体合同（2024）",
            "employer": "第一中学",
            "term_years": "3",
            "signed_on": "2024-03-01",
            "effective_on": "2024-03-20",
            "text": "第一条 为维护双方合法权益……",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    contract = CollectiveContract.objects.get(union=world.school)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "按原件补录" in page and "2027-03-19" in page
    assert contract.drafts.get().text.startswith("第一条")
