"""生日会 rules without a database: quarters, 29 February in a year without it, what a
birthday shows (never the year), the party's default time and the period in a URL."""

import datetime

import pytest

from gonghui.activities import birthday_rules as rules

LEAP_DAY = datetime.date(1988, 2, 29)


@pytest.mark.parametrize(
    ("month", "quarter"), [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)]
)
def test_every_month_is_in_its_quarter(month, quarter):
    assert rules.quarter_of(datetime.date(2026, month, 1)) == quarter
    assert month in rules.months_of(quarter)


def test_quarter_bounds():
    assert rules.quarter_bounds(2028, 1) == (datetime.date(2028, 1, 1), datetime.date(2028, 3, 31))
    assert rules.quarter_bounds(2026, 4) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )


def test_a_29_february_birthday_is_kept_on_28_february_in_a_common_year():
    assert rules.birthday_in(LEAP_DAY, 2026) == datetime.date(2026, 2, 28)
    assert rules.birthday_in(LEAP_DAY, 2028) == datetime.date(2028, 2, 29)
    assert rules.moved(LEAP_DAY, 2026) and not rules.moved(LEAP_DAY, 2028)
    assert rules.quarter_of(rules.birthday_in(LEAP_DAY, 2026)) == 1
    assert rules.label(LEAP_DAY, 2026, day=True) == "2月29日（2026年按2月28日）"
    assert rules.label(LEAP_DAY, 2028, day=True) == "2月29日"


def test_a_birthday_never_shows_the_year():
    birth = datetime.date(1985, 3, 1)
    assert rules.label(birth, 2026, day=True) == "3月1日"
    assert rules.label(birth, 2026, day=False) == "3月"
    assert "1985" not in rules.label(birth, 2026, day=True)


def test_the_party_defaults_to_the_25th_of_the_last_month_or_a_week_ahead():
    today = datetime.date(2026, 2, 1)
    assert rules.party_start(2026, 1, today) == datetime.datetime(2026, 3, 25, 15)
    late = datetime.date(2026, 3, 28)
    assert rules.party_start(2026, 1, late) == datetime.datetime(2026, 4, 4, 15)
    assert rules.party_title(2026, 3) == "2026年第三季度集体生日会"


def test_the_period_in_a_url_falls_back_to_today():
    today = datetime.date(2026, 8, 3)
    assert rules.parse_period("2027", "1", today) == (2027, 1)
    assert rules.parse_period(None, None, today) == (2026, 3)
    assert rules.parse_period("x", "9", today) == (2026, 3)
    assert rules.parse_period("99999", "2", today) == (2026, 2)
