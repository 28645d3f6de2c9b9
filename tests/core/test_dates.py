"""Working days in mainland China: holidays are off, 调休 weekends are worked."""

import datetime

from gonghui.core.dates import is_workday


def test_national_day_is_off_and_the_makeup_saturday_is_worked():
    assert is_workday(datetime.date(2026, 10, 1)) is False  # 国庆, a Thursday
    assert is_workday(datetime.date(2026, 10, 10)) is True  # 调休: a Saturday worked
    assert is_workday(datetime.date(2026, 10, 12)) is True  # an ordinary Monday


def test_a_year_the_calendar_does_not_know_falls_back_to_monday_to_friday():
    assert is_workday(datetime.date(2099, 6, 1)) is True  # a Monday
    assert is_workday(datetime.date(2099, 6, 6)) is False  # a Saturday
