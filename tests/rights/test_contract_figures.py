"""The collective contracts' figures: 集体合同签订 (a grassroots union: 0 or 1), 签订率 and
覆盖率 rolled up a federation of three unions — one signed, one covered by a 区域性
contract, one without — 覆盖职工数 without counting a union covered twice, "in force" on its
boundary days, the special contract's status for the women workers' page, the summary
paragraph and the plan link. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core import metrics
from gonghui.orgs import services as org_services
from gonghui.orgs.models import UnionKind
from gonghui.rights import plugins_contract_figures as plugins
from gonghui.rights import queries_contract_figures as queries
from gonghui.rights.models_contracts import ContractKind, ContractStage

from .tables_contract_figures import EFFECTIVE, EXPIRES, contract, in_force, regional

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def value(key: str, union, period=YEAR):
    return metrics.get(key).compute(union, *period)


@pytest.fixture
def town(world):
    """示范镇: the school signed its own contract (40 staff), the hospital (20 staff) is
    covered by the town's 区域性 contract, a factory (100 staff) has none; the regional
    contract also covers a firm with no union in the platform (50 workers)."""
    factory = org_services.union_create(
        actor=None,
        name="机械厂工会",
        code="factory",
        kind=UnionKind.ENTERPRISE,
        parent=world.fed,
        staff_count=100,
    )
    in_force(world.school, covered_workers=40)
    regional(world.fed, [("卫生院", 20, world.hospital), ("个体诊所", 50, None)])
    world.factory = factory
    return world


def test_signing_rate_and_coverage_roll_up_a_federation_of_three_unions(town):
    assert value("rights.contract_signed", town.school) == 1
    assert value("rights.contract_signed", town.hospital) == 1  # by the regional one
    assert value("rights.contract_signed", town.factory) == 0
    assert value("rights.contract_signed", town.fed) == 2
    assert value("rights.contract_rate", town.fed) == Decimal("66.67")
    assert value("rights.covered_workers", town.fed) == 40 + 20 + 50
    # the firm outside the platform is in neither side of the rate: (40 + 20) / 160
    assert value("rights.coverage_rate", town.fed) == Decimal("37.50")
    assert value("rights.contract_rate", town.factory) == 0
    assert value("rights.coverage_rate", town.hospital) == 100
    assert value("rights.covered_workers", town.hospital) == 20


def test_a_union_covered_twice_counts_once_with_its_own_contracts_workers(town):
    regional(town.fed, [("第一中学", 38, town.school)], title="教育系统行业性集体合同")
    assert value("rights.contract_signed", town.fed) == 2
    assert value("rights.covered_workers", town.fed) == 110
    assert value("rights.covered_workers", town.school) == 40


def test_only_live_grassroots_unions_and_general_contracts_count(town):
    in_force(town.factory, kind=ContractKind.WAGE, covered_workers=100)
    assert value("rights.contract_signed", town.factory) == 0
    assert value("rights.contract_rate", town.fed) == Decimal("66.67")
    empty = org_services.union_create(
        actor=None, name="空工会", code="empty", kind=UnionKind.ENTERPRISE, parent=town.fed
    )
    assert value("rights.contract_rate", town.fed) == Decimal("50.00")
    org_services.union_archive(actor=None, union=empty)
    assert value("rights.contract_rate", town.fed) == Decimal("66.67")


def test_in_force_on_its_boundary_days(world):
    found = in_force(world.school, covered_workers=40)

    def on(day):
        return value("rights.contract_signed", world.school, (YEAR[0], day))

    assert on(EFFECTIVE - datetime.timedelta(days=1)) == 0
    assert on(EFFECTIVE) == 1
    assert on(EXPIRES) == 1
    assert on(EXPIRES + datetime.timedelta(days=1)) == 0
    found.stage, found.ended_on = ContractStage.ENDED, datetime.date(2027, 6, 30)
    found.save()
    assert on(datetime.date(2027, 6, 29)) == 1
    assert on(datetime.date(2027, 6, 30)) == 0  # ended that day
    # an 审查意见书 cleared the effective date: not in force
    found.effective_on = None
    found.save()
    assert on(datetime.date(2026, 12, 31)) == 0


def test_a_federation_without_grassroots_unions_has_no_rate(world):
    lone = org_services.union_create(
        actor=None, name="新区总工会", code="newtown", kind=UnionKind.TOWN, parent=None
    )
    assert value("rights.contract_rate", lone) is None
    assert value("rights.coverage_rate", lone) is None
    assert value("rights.contract_signed", lone) == 0


def test_the_four_figures_take_two_queries_in_a_request(town):
    with metrics.request_memo(), CaptureQueriesContext(connection) as ctx:
        for key in ("contract_signed", "contract_rate", "covered_workers", "coverage_rate"):
            metrics.get(f"rights.{key}").value(town.fed, *YEAR)
    assert len(ctx.captured_queries) == 2


def test_plan_phrases_name_the_figures():
    assert metrics.match("8月前签订集体合同").key == "rights.contract_signed"
    assert metrics.match("集体合同签订率达到90%").key == "rights.contract_rate"
    assert metrics.match("集体合同覆盖职工数").key == "rights.covered_workers"
    assert metrics.match("集体合同覆盖率").key == "rights.coverage_rate"
    assert metrics.match("入会率达95%").key == "members.rate"
    assert metrics.get("rights.contract_rate").kept is None  # see the plugins' docstring


# --- the women workers' special contract ----------------------------------------------------


def test_the_special_contracts_status(world):
    assert queries.special_contract_status(world.school, datetime.date(2026, 5, 1)) is None
    contract(world.school, kind=ContractKind.WOMEN, title="女职工专项合同（放弃）",
             stage=ContractStage.ABANDONED)  # fmt: skip
    assert queries.special_contract_status(world.school, datetime.date(2026, 5, 1)) is None
    in_force(world.school, kind=ContractKind.WOMEN, title="女职工特殊权益专项集体合同")
    found = queries.special_contract_status(world.school, datetime.date(2026, 5, 1))
    assert found["stage"] == "已生效" and found["in_force"]
    assert (found["effective_on"], found["expires_on"]) == (EFFECTIVE, EXPIRES)
    assert found["renewal_opens"] == datetime.date(2028, 12, 25)
    assert not found["renewal_open"]
    found = queries.special_contract_status(world.school, datetime.date(2028, 12, 25))
    assert (found["stage"], found["renewal_open"]) == ("续订期内", True)
    found = queries.special_contract_status(world.school, datetime.date(2029, 3, 26))
    assert (found["stage"], found["in_force"]) == ("已期满", False)


# --- the summary ----------------------------------------------------------------------------


def _digits_are_figures(para) -> None:
    text = para.text
    for figure in sorted(para.figures, key=len, reverse=True):
        text = text.replace(figure, "")
    assert not re.search(r"\d", text), (para.text, para.figures)


def test_the_summary_tells_the_years_contracts_and_coverage(town):
    old = in_force(
        town.factory,
        title="旧合同",
        effective_on=datetime.date(2023, 1, 1),
        expires_on=datetime.date(2025, 12, 31),
        signed_on=datetime.date(2022, 12, 1),
        submitted_on=datetime.date(2022, 12, 5),
        received_on=datetime.date(2022, 12, 6),
        offered_on=datetime.date(2022, 10, 1),
        offer_delivered_on=datetime.date(2022, 10, 1),
    )
    in_force(town.factory, predecessor=old, title="续订合同", covered_workers=100)
    contract(town.factory, kind=ContractKind.WAGE, title="工资专项协议",
             offered_on=datetime.date(2026, 11, 2), offer_delivered_on=datetime.date(2026, 11, 3))  # fmt: skip
    (para,) = plugins.paragraphs(town.factory, *YEAR)
    text = para.text
    assert "全年发出集体合同要约2份" in text
    assert "签订集体合同1份（综合集体合同1份），其中续订1份" in text
    assert "报送人社部门审查1份" in text
    assert "年末生效的集体合同1份" in text and "覆盖职工100人，覆盖率100.00%" in text
    _digits_are_figures(para)
    (fed,) = plugins.paragraphs(town.fed, *YEAR)
    assert "所辖工会全年" in fed.text
    assert "所辖3家基层工会中3家签订或被区域性、行业性集体合同覆盖，签订率100.00%" in fed.text
    assert "区域性、行业性1份" in fed.text
    _digits_are_figures(fed)


def test_no_summary_without_contracts(world):
    assert plugins.paragraphs(world.school, *YEAR) == []


# --- the plan link --------------------------------------------------------------------------


def test_a_signed_contract_carries_out_a_plan_item(world):
    signed = in_force(world.school, title="2026年综合集体合同")
    contract(world.school, title="尚未签订")
    in_force(world.hospital, title="卫生院的")
    kind = plugins.link_kind()
    assert [c.title for c in kind.candidates(world.school, 2026)] == ["2026年综合集体合同"]
    assert kind.get(world.school, 2026, signed.pk) == signed
    assert kind.day(signed) == signed.signed_on
    assert kind.candidates(world.school, 2025).count() == 0


def test_the_plan_item_page_lists_the_contract(world, client_for):
    from gonghui.plans.models import Item
    from tests.plans.support import make_plan

    plan = make_plan(world.school, year=2026)
    item = Item.objects.filter(section__plan=plan).first()
    signed = in_force(world.school, title="2026—2029年度综合集体合同")
    client = client_for(world.chair)
    response = client.post(
        f"/plans/items/{item.pk}/links/", {"kind": "contract", "record": str(signed.pk)}
    )
    assert response.status_code in (200, 302)
    page = client.get(f"/plans/items/{item.pk}/").content.decode()
    assert "《2026—2029年度综合集体合同》签订" in page
    assert timezone.localdate()  # the page renders whatever today is
