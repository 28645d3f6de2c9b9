"""金秋助学 rules without the database: the amount of each school level × hardship status
from the settings (本科 and 专科 both 高等教育), the window's edges (opening day, closing day,
the day after), and the month-days a setting accepts."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from gonghui.care import rules_bursary as rules
from gonghui.care.rules_bursary import Level

# a union's own figures, none equal to the examples, so a test cannot pass on the defaults
OWN = SimpleNamespace(
    filed_higher=Decimal("6000.00"),
    filed_high=Decimal("3500.00"),
    other_higher=Decimal("4500.00"),
    other_high=Decimal("2500.00"),
)


@pytest.mark.parametrize(
    ("level", "filed", "expected"),
    [
        (Level.UNDERGRADUATE, True, "6000.00"),
        (Level.COLLEGE, True, "6000.00"),
        (Level.HIGH_SCHOOL, True, "3500.00"),
        (Level.UNDERGRADUATE, False, "4500.00"),
        (Level.COLLEGE, False, "4500.00"),
        (Level.HIGH_SCHOOL, False, "2500.00"),
    ],
)
def test_amount_by_level_and_hardship_status(level, filed, expected):
    assert rules.amount_for(OWN, level, filed) == Decimal(expected)


def test_the_examples_are_tianmen_2024():
    examples = SimpleNamespace(**rules.EXAMPLE_AMOUNTS)
    assert rules.amount_for(examples, Level.UNDERGRADUATE, True) == Decimal("5000")
    assert rules.amount_for(examples, Level.HIGH_SCHOOL, True) == Decimal("3000")
    assert rules.amount_for(examples, Level.COLLEGE, False) == Decimal("4000")
    assert rules.amount_for(examples, Level.HIGH_SCHOOL, False) == Decimal("2000")
    assert rules.EXAMPLE_CLOSES == "08-27"
    assert any("军" in x for x in rules.EXAMPLE_EXCLUSIONS)
    assert any("定向" in x for x in rules.EXAMPLE_EXCLUSIONS)


def test_an_unknown_level_is_refused_in_chinese():
    with pytest.raises(ValidationError, match="请选择子女就读的学校类别"):
        rules.amount_for(OWN, "middle_school", False)


def test_window_edges():
    opens, closes = rules.window(2026, "07-01", "08-27")
    assert (opens, closes) == (datetime.date(2026, 7, 1), datetime.date(2026, 8, 27))
    assert not rules.in_window(datetime.date(2026, 6, 30), opens, closes)
    assert rules.in_window(datetime.date(2026, 7, 1), opens, closes)  # the opening day
    assert rules.in_window(datetime.date(2026, 8, 27), opens, closes)  # the closing day
    assert not rules.in_window(datetime.date(2026, 8, 28), opens, closes)  # the day after


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("08-27", "08-27"), ("8-27", "08-27"), ("8月27日", "08-27"), ("7/1", "07-01")],
)
def test_month_days_typed_in_several_ways(typed, stored):
    assert rules.parse_month_day(typed, "申请截止日期") == stored


@pytest.mark.parametrize("typed", ["", "08", "13-01", "02-30", "02-29", "八月", "08-27-2026"])
def test_month_days_that_do_not_exist_every_year_are_refused(typed):
    with pytest.raises(ValidationError, match="申请截止日期请填写月-日"):
        rules.parse_month_day(typed, "申请截止日期")
