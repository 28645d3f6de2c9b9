"""维权设置: the cited defaults, inherited from a federation, changed by the chair only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.rights import queries, rules, services

pytestmark = pytest.mark.django_db


def test_defaults_cite_the_law(world):
    current = queries.settings_for(world.school)
    assert current.inherited_from == "defaults"
    assert (current.offer_reply_days, current.submit_days, current.review_days) == (20, 10, 15)
    assert current.mediation_days == rules.MEDIATION_DAYS == 15
    assert current.renewal_months == 3


def test_a_federation_sets_them_for_the_unions_beneath(world):
    services.rights_settings_save(
        actor=world.fed_admin, union=world.fed, fields={"publish_days": 5}
    )
    current = queries.settings_for(world.school)
    assert current.publish_days == 5
    assert current.inherited_from == world.fed


def test_the_committee_reads_and_may_not_change(world):
    with pytest.raises(PermissionDenied):
        services.rights_settings_save(
            actor=world.committee, union=world.school, fields={"publish_days": 5}
        )


def test_out_of_range_is_refused_in_chinese(world):
    with pytest.raises(ValidationError) as exc:
        services.rights_settings_save(
            actor=world.chair, union=world.school, fields={"review_days": 0}
        )
    assert "审查期限应在 1 到 60 之间" in str(exc.value)
    assert queries.settings_for(world.school).inherited_from == "defaults"


def test_the_page_shows_the_source_and_saves(client, world):
    client.force_login(world.chair)
    page = client.get("/unions/school/rights/settings/")
    assert "集体合同规定" in page.content.decode()
    answer = client.post(
        "/unions/school/rights/settings/",
        {
            **{k: getattr(queries.settings_for(world.school), k) for k in services.SETTING_LIMITS},
            "submit_days": 7,
        },
    )
    assert answer.status_code == 302
    assert queries.settings_for(world.school).submit_days == 7
    client.force_login(world.auditor)
    page = client.get("/unions/school/rights/settings/")
    assert (
        "7 天" in page.content.decode() and "<form" not in page.content.decode().split("<main")[-1]
    )
