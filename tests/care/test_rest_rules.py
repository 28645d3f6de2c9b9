"""疗休养's pure rules (no database): the categories' lines, the caps per day, per trip and per
year at the cap and a fen over it, who is 即将退休, the public names of the 公示, the order."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from gonghui.care import rules_rest as rules


def settings(**over):
    data = {
        "cap_day": rules.EXAMPLE_CAP_DAY,
        "max_days": rules.EXAMPLE_MAX_DAYS,
        "cap_year": rules.EXAMPLE_CAP_YEAR,
        "basis": rules.EXAMPLE_BASIS,
        "retire_age_male": 60,
        "retire_age_female": 55,
        "retiring_years": 2,
    }
    data.update(over)
    return SimpleNamespace(**data)


def test_the_examples_are_quzhou_2021_and_say_so():
    assert (
        Decimal("600.00"),
        5,
        Decimal("3000.00"),
    ) == (rules.EXAMPLE_CAP_DAY, rules.EXAMPLE_MAX_DAYS, rules.EXAMPLE_CAP_YEAR)
    assert "衢州" in rules.EXAMPLE_BASIS and "示例" in rules.EXAMPLE_BASIS
    names = [c["name"] for c in rules.example_categories()]
    for name in ("一线/艰苦岗位", "劳动模范", "高技能人才", "因工负伤", "即将退休"):
        assert name in names
    assert {c["name"] for c in rules.example_categories() if not c["public"]} == {
        "因工负伤",
        "康复人员",
    }


def test_categories_round_trip_through_their_lines():
    text = rules.categories_text(rules.example_categories())
    assert "因工负伤 2 不公示" in text
    assert rules.parse_categories(text) == rules.example_categories()
    assert rules.parse_categories("劳动模范 3\n\n 献血人员　1 ") == [
        {"name": "劳动模范", "weight": 3, "public": True},
        {"name": "献血人员", "weight": 1, "public": True},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("劳动模范", "第 1 行应写成"),
        ("劳动模范 三", "第 1 行应写成"),
        ("劳动模范 100", "0 到 99"),
        ("劳动模范 1\n劳动模范 2", "重复"),
        ("一二三四五六七八九十一二三四五六七八九十一 1", "太长"),
        ("\n".join(f"类别{i} 1" for i in range(21)), "最多 20 个"),
    ],
)
def test_bad_category_lines_are_refused(text, message):
    with pytest.raises(ValidationError, match=message):
        rules.parse_categories(text)


def test_the_cost_of_a_place():
    assert rules.cost_of(Decimal("600.00"), 5) == Decimal("3000.00")
    assert rules.cost_of(Decimal("333.33"), 3) == Decimal("999.99")


def test_per_day_and_days_at_the_cap_pass_and_over_it_are_refused_with_the_basis():
    s = settings()
    assert rules.trip_problems(s, cost_per_day=Decimal("600.00"), days=5) == {}
    over_day = rules.trip_problems(s, cost_per_day=Decimal("600.01"), days=1)
    assert "每人每天不超过 600.00 元" in over_day["cost_per_day"]
    assert "衢州" in over_day["cost_per_day"]
    assert "不超过 5 天" in rules.trip_problems(s, cost_per_day=Decimal("1"), days=6)["days"]
    # the Anhui example: 400 a day, 2 days
    anhui = settings(cap_day=Decimal("400"), max_days=2, basis="马工发〔2026〕4号")
    assert rules.trip_problems(anhui, cost_per_day=Decimal("400.00"), days=2) == {}
    assert (
        "马工发〔2026〕4号" in rules.trip_problems(anhui, cost_per_day=Decimal("1"), days=3)["days"]
    )
    # one trip dearer than the year's cap
    one = rules.trip_problems(
        settings(cap_year=Decimal("1000")), cost_per_day=Decimal("600"), days=2
    )
    assert "每人每年" in one["cost_per_day"]


def test_the_yearly_cap_at_the_cap_and_a_fen_over():
    s = settings()
    assert rules.over_year(s, before=Decimal("2000.00"), cost=Decimal("1000.00")) == ""
    message = rules.over_year(s, before=Decimal("2000.01"), cost=Decimal("1000.00"))
    assert "3,000.01" in message and "每人每年 3,000.00 元" in message and "衢州" in message


def test_names_of_a_mask_and_the_public_names():
    categories = rules.example_categories()
    bit = rules.bits(categories)
    mask = bit["劳动模范"] | bit["因工负伤"] | bit["康复人员"]
    assert rules.names_of(mask, categories) == ["劳动模范", "因工负伤", "康复人员"]
    assert rules.names_of(mask, categories, public_only=True) == ["劳动模范", "优先照顾"]
    assert rules.names_of(0, categories) == []


def test_retiring_is_reaching_the_age_within_the_years():
    born = rules.retiring_born_by(settings(), datetime.date(2026, 7, 1))
    assert born == {"M": datetime.date(1968, 7, 1), "F": datetime.date(1973, 7, 1)}


def test_the_order_never_been_then_longest_then_weight_then_seniority_then_number():
    rows = [
        (2024, 9, datetime.date(1990, 1, 1), 1),
        (None, 0, None, 2),
        (2020, 0, datetime.date(2000, 1, 1), 3),
        (None, 3, datetime.date(2010, 1, 1), 4),
        (None, 0, datetime.date(2005, 1, 1), 5),
        (None, 0, None, 6),
    ]
    ordered = [r[3] for r in sorted(rows, key=rules.sort_key)]
    assert ordered == [4, 5, 2, 6, 3, 1]
    assert rules.years_since(2026, 2023) == 3 and rules.years_since(2026, None) is None


def test_the_weight_of_a_mask_in_python_and_in_sql():
    categories = rules.example_categories()
    bit = rules.bits(categories)
    mask = bit["劳动模范"] | bit["康复人员"]
    assert rules.weight_of(mask, categories) == 4
    sql = rules.weight_sql(categories, "s.mask")
    assert sql.startswith("(CASE WHEN (s.mask & 1) <> 0 THEN 3 ELSE 0 END + ")
    assert rules.weight_sql([{"name": "x", "weight": 0}], "m") == "(0)"
