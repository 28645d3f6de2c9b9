"""The tier formula (DOMAIN-AREAS (a)) pinned at the 低保 line and twice the line, to the fen,
and the line inherited from the federation."""

from decimal import Decimal

import pytest

from gonghui.care import services
from gonghui.care.queries import settings_for
from gonghui.care.rules import Tier, per_capita_monthly, tier

LINE = Decimal("1062.00")  # Rushan 2025, the example


def _tier(per_capita: str, **kw) -> Tier:
    # one person, no rigid expenses: the yearly income is twelve months of per_capita
    income = Decimal(per_capita) * 12
    return tier(income=income, rigid=Decimal(0), household=1, dibao=LINE, **kw)


@pytest.mark.parametrize(
    ("per_capita", "expected"),
    [
        ("1061.99", Tier.DEEP),  # just below the line
        ("1062.00", Tier.RELATIVE),  # at the line: not below it
        ("1062.01", Tier.RELATIVE),
        ("2123.99", Tier.RELATIVE),  # just below twice the line
        ("2124.00", Tier.NONE),  # at twice the line
        ("2124.01", Tier.NONE),
    ],
)
def test_tier_at_the_line(per_capita, expected):
    assert _tier(per_capita) == expected


def test_per_capita_is_income_less_rigid_over_twelve_over_household():
    # (60,000 − 9,000) / 12 / 4 = 1,062.50
    assert per_capita_monthly(Decimal("60000"), Decimal("9000"), 4) == Decimal("1062.50")
    assert tier(income=Decimal("60000"), rigid=Decimal("9000"), household=4, dibao=LINE) == (
        Tier.RELATIVE
    )
    # one more person in the household: 850.00, below the line
    assert tier(income=Decimal("60000"), rigid=Decimal("9000"), household=5, dibao=LINE) == (
        Tier.DEEP
    )


def test_accident_by_cause_or_by_costs_over_80_percent_of_income():
    assert _tier("2500.00", cause="illness") == Tier.ACCIDENT
    assert _tier("2500.00", cause="disaster") == Tier.ACCIDENT
    # income 30,000: costs over 24,000 make it 意外致困, 24,000 exactly does not
    assert _tier("2500.00", hardship_cost=Decimal("24000.01")) == Tier.ACCIDENT
    assert _tier("2500.00", hardship_cost=Decimal("24000.00")) == Tier.NONE
    # below the line, illness or not: 深度困难 (the higher help)
    assert _tier("1000.00", cause="illness") == Tier.DEEP


def test_a_union_without_settings_inherits_the_federations_line(world):
    assert settings_for(world.school).dibao == LINE  # the example, until someone sets one
    services.care_settings_save(actor=world.fed_admin, union=world.fed, fields={"dibao": "1000.00"})
    found = settings_for(world.school)
    assert found.dibao == Decimal("1000.00")
    assert found.inherited_from == world.fed
    # 999.99 a month for one person: below the federation's 1,000, so 深度困难
    file = services.hardship_apply(
        actor=world.chair,
        member=world.members["周会员"],
        household=[{"relation": "本人", "name": "周会员", "age": 41, "standing": "employed"}],
        income="11999.88",
        rigid="0",
    )
    assert file.tier == Tier.DEEP
    assert file.assessments.get().dibao == Decimal("1000.00")


def test_settings_refuse_a_bad_line_and_write_nothing(world):
    with pytest.raises(Exception) as exc:
        services.care_settings_save(actor=world.chair, union=world.school, fields={"dibao": "-1"})
    assert "不能为负数" in str(exc.value)
    with pytest.raises(Exception) as exc:
        services.care_settings_save(
            actor=world.chair, union=world.school, fields={"dibao": "1062.001"}
        )
    assert "两位小数" in str(exc.value)
    assert settings_for(world.school).inherited_from == "defaults"
