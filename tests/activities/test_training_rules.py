"""培训's rules without a database: 课时, completion at and just below the threshold, the
hours and 人次 of a course, the session a phone shows first, the certificate number."""

import datetime
from decimal import Decimal

import pytest

from gonghui.activities import training_rules as rules

D = Decimal


@pytest.mark.parametrize(
    ("given", "hours"),
    [("2", D("2.0")), ("1.5", D("1.5")), (" 0.5 ", D("0.5")), ("12", D("12.0")), (3, D("3.0"))],
)
def test_hours_take_one_decimal_place(given, hours):
    assert rules.clean_hours(given) == hours


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("1.25", "一位小数"),
        ("abc", "数字"),
        ("", "数字"),
        ("NaN", "数字"),
        ("0", "0.5 到 12.0"),
        ("-1", "0.5 到 12.0"),
        ("12.5", "0.5 到 12.0"),
    ],
)
def test_bad_hours_are_refused_in_chinese(given, says):
    with pytest.raises(ValueError, match=says):
        rules.clean_hours(given)


def test_the_percent_is_a_whole_number_from_1_to_100():
    assert rules.clean_percent("80") == 80
    for bad in ("0", "101", "八十", "80.5"):
        with pytest.raises(ValueError):
            rules.clean_percent(bad)


def test_completion_counts_the_threshold_itself_and_not_a_tenth_below():
    assert rules.completed(D("8.0"), D("10.0"), 80)
    assert not rules.completed(D("7.9"), D("10.0"), 80)
    # 4 of 5 hours is exactly 80 %; 4 of 5.5 is 72.7 %
    assert rules.completed(D("4.0"), D("5.0"), 80)
    assert not rules.completed(D("4.0"), D("5.5"), 80)
    assert rules.completed(D("5.0"), D("5.0"), 100)
    assert not rules.completed(D("0"), D("0"), 80)  # no hours, nobody completes


def test_the_least_hours_needed_always_suffice():
    for total in (D("5.0"), D("4.5"), D("7.3"), D("10.0"), D("1.5")):
        for percent in (1, 33, 67, 80, 86, 100):
            least = rules.needed(total, percent)
            assert rules.completed(least, total, percent)
            assert not rules.completed(least - D("0.1"), total, percent) or least == D("0.1")


def test_a_course_tallies_each_trainees_hours_and_completion():
    hours = {1: D("2.0"), 2: D("2.0"), 3: D("1.0")}
    attended = {"甲": [1, 2], "乙": [1, 3], "丙": [1, 2, 3], "丁": [], "戊": [2, 2, 9]}
    found = rules.tally(hours, attended, 80)
    assert found["甲"].hours == D("4.0") and found["甲"].completed  # 80 %
    assert found["乙"].hours == D("3.0") and not found["乙"].completed  # 60 %
    assert found["丙"].hours == D("5.0") and found["丙"].completed
    assert found["丁"].hours == 0 and not found["丁"].completed
    # a repeated or unknown session adds nothing
    assert found["戊"].hours == D("2.0") and found["戊"].sessions == frozenset({2})
    assert rules.person_times(attended) == 2 + 2 + 3 + 0 + 2
    assert not rules.tally(hours, {"甲": [1, 2]}, 81)["甲"].completed


def test_a_share_is_printed_with_one_place():
    assert rules.share(D("4.0"), D("6.0")) == D("66.7")
    assert rules.share(D("1"), D("0")) is None


def test_the_phone_shows_the_first_session_not_yet_ended():
    t = datetime.datetime(2026, 3, 1, 9, 0)
    h = datetime.timedelta(hours=2)
    spans = [(t, t + h), (t + 7 * h, t + 8 * h), (t + 20 * h, t + 21 * h)]
    assert rules.current_index(spans, t - h) == 0
    assert rules.current_index(spans, t + 3 * h) == 1
    assert rules.current_index(spans, t + 30 * h) == 2
    assert rules.current_index([], t) == 0


def test_certificate_numbers_run_per_year():
    assert rules.certificate_number(2026, 7) == "20260007"
    assert rules.certificate_number(2026, 1234) == "20261234"
    assert rules.hours_label(D("2.0")) == "2" and rules.hours_label(D("1.5")) == "1.5"
