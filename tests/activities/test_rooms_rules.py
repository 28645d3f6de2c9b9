"""活动室 rules: opening hours read from the words a notice on the door uses, the days
through the plans importer's recurrence parser; half-open ranges (touching is not
overlapping); the windows of a day."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.activities import rules_rooms as rules

T = datetime.time


@pytest.mark.parametrize(
    ("words", "rrule", "starts", "ends"),
    [
        ("每日7:20-7:50", "FREQ=DAILY", T(7, 20), T(7, 50)),
        ("每天 6:30~8:00", "FREQ=DAILY", T(6, 30), T(8, 0)),
        ("每周一、三、五中午12:00-13:30", "FREQ=WEEKLY;BYDAY=MO,WE,FR", T(12), T(13, 30)),
        ("工作日18:00-21:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", T(18), T(21)),
        ("每周一至五 12:00—13:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", T(12), T(13, 30)),
        ("周二、四晚上7点-9点半", "FREQ=WEEKLY;BYDAY=TU,TH", T(19), T(21, 30)),
        ("每周六下午", "FREQ=WEEKLY;BYDAY=SA", T(14), T(18)),
        ("每周一、三、五中午", "FREQ=WEEKLY;BYDAY=MO,WE,FR", T(12), T(14)),
        ("周末9:00-17:00", "FREQ=WEEKLY;BYDAY=SA,SU", T(9), T(17)),
        ("每星期三下午3:00-5:00", "FREQ=WEEKLY;BYDAY=WE", T(15), T(17)),
    ],
)
def test_opening_hours_are_read_from_the_words_of_a_notice(words, rrule, starts, ends):
    found = rules.parse_hours(words)
    assert (found.rrule, found.starts, found.ends) == (rrule, starts, ends)


def test_the_rule_is_said_back_in_words():
    assert str(rules.parse_hours("每周一、三、五中午12:00-13:30")) == "每周一、三、五 12:00-13:30"
    assert str(rules.parse_hours("每日7:20-7:50")) == "每天 07:20-07:50"


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("18:00-21:00", "哪几天"),
        ("每周8:00-9:00", "每周哪几天"),
        ("每月15日8:00-9:00", "哪几天"),
        ("每两周周五8:00-9:00", "哪几天"),
        ("每日", "没有写开放时间"),
        ("每日21:00-18:00", "结束时间要晚于开始时间"),
        ("每日25:00-26:00", "24 小时制"),
        ("", "请填写开放时间"),
    ],
)
def test_words_that_do_not_say_when_are_refused_in_chinese(words, said):
    with pytest.raises(ValidationError) as caught:
        rules.parse_hours(words)
    assert said in " ".join(caught.value.messages)


def test_several_rules_one_a_line_or_separated_by_semicolons():
    found = rules.parse_lines("每日7:20-7:50\n\n每周六下午；工作日18:00-21:00")
    assert [h.words for h in found] == ["每日7:20-7:50", "每周六下午", "工作日18:00-21:00"]


def _at(h, m=0, day=2):
    return datetime.datetime(2099, 3, day, h, m)


def test_touching_ranges_do_not_overlap_and_any_shared_minute_does():
    assert not rules.overlaps(_at(18), _at(19), _at(19), _at(20))
    assert not rules.overlaps(_at(19), _at(20), _at(18), _at(19))
    assert rules.overlaps(_at(18), _at(19, 1), _at(19), _at(20))
    assert rules.overlaps(_at(18), _at(21), _at(19), _at(20))  # inside
    assert rules.overlaps(_at(19), _at(20), _at(19), _at(20))  # the same


def test_a_booking_fits_inside_one_window_of_its_day():
    hours = rules.parse_lines("每日7:20-7:50\n每周一、三、五中午12:00-13:30")
    monday, tuesday = 2, 3  # 2 March 2099 is a Monday
    assert rules.within_hours(hours, _at(12, 0, monday), _at(13, 30, monday))
    assert not rules.within_hours(hours, _at(12, 0, tuesday), _at(13, 0, tuesday))
    assert not rules.within_hours(hours, _at(13, 0, monday), _at(13, 31, monday))
    assert not rules.within_hours(hours, _at(7, 20, monday), _at(12, 30, monday))  # spans a gap
    assert rules.within_hours(hours, _at(7, 20, tuesday), _at(7, 50, tuesday))


def test_windows_of_a_day_are_merged_where_they_touch():
    hours = rules.parse_lines("工作日18:00-19:00\n每周一19:00-21:00\n每日7:20-7:50")
    monday = datetime.date(2099, 3, 2)
    assert rules.windows(hours, monday) == [(T(7, 20), T(7, 50)), (T(18), T(21))]
    assert rules.windows(hours, monday + datetime.timedelta(days=5)) == [(T(7, 20), T(7, 50))]


def _span(h1, h2, persons):
    return (_at(*h1) if isinstance(h1, tuple) else _at(h1), _at(h2), persons)


def test_the_peak_counts_the_persons_present_at_once_not_every_overlapping_booking():
    spans = [_span(18, 19, 5), _span(19, 20, 4), _span((18, 30), 21, 3)]
    # 18:00-20:00 overlaps all three, but at most 5 + 3 = 8 are there at once (18:30-19:00)
    assert rules.peak(spans, _at(18), _at(20)) == (8, _at(18, 30))
    # those who leave at 19:00 and those who come then are not counted together
    assert rules.peak(spans, _at(19), _at(21)) == (7, _at(19))
    assert rules.peak(spans, _at(21), _at(22)) == (0, None)
    # only what lies within the range counts
    assert rules.peak([_span(17, 22, 2), _span(20, 21, 6)], _at(18), _at(19)) == (2, _at(18))
