"""Festivals, month mentions, deadlines and recurrences in item text."""

import datetime
from itertools import islice

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from gonghui.plans.importer.recur import rrule_for
from gonghui.plans.importer.when import deadlines, festival_months, months_and_due

D = datetime.date


@pytest.mark.parametrize(
    "text, months",
    [
        ("庆祝三八节，组织女职工赏花", [3]),
        ("“五一”劳动模范座谈", [5]),
        ("五四青年座谈会", [5]),
        ("“六一”为职工子女送礼物", [6]),
        ("七一重温入党誓词", [7]),
        ("八一走访退役军人职工", [8]),
        ("教师节表彰优秀班主任", [9]),
        ("国庆节升旗仪式", [10]),
        ("“十一”前后举办趣味运动会", [10]),
        ("元旦迎新长跑", [1]),
        ("护士节慰问一线护士", [5]),
        ("五一二护士节表彰", [5]),
        ("植树节义务植树", [3]),
        ("3、8妇女节座谈", [3]),
        ("学习“十一五”规划", []),
        ("举办第十八届运动会", []),
    ],
)
def test_solar_festivals(text, months):
    assert festival_months(text, 2026) == months


def test_lunar_festivals_follow_the_year():
    # 2026: 春节 17 Feb, 元宵 3 Mar, 端午 19 Jun, 中秋 25 Sep; 2025: 中秋 6 Oct, 元宵 12 Feb
    assert festival_months("春节慰问困难职工", 2026) == [2]
    assert festival_months("元宵节猜灯谜", 2026) == [3]
    assert festival_months("元宵节猜灯谜", 2025) == [2]
    assert festival_months("端午包粽子", 2026) == [6]
    assert festival_months("中秋节发放福利", 2026) == [9]
    assert festival_months("中秋节发放福利", 2025) == [10]


@pytest.mark.parametrize(
    "text, due, months",
    [
        ("5月前完成换届筹备", D(2026, 5, 31), [5]),
        ("2月底前上报年报", D(2026, 2, 28), [2]),
        ("7月底前完成审计", D(2026, 7, 31), [7]),
        ("十月中旬前完成评选", D(2026, 10, 20), [10]),
        ("12月15日前收齐会费", D(2026, 12, 15), [12]),
        ("上半年完成职代会", D(2026, 6, 30), []),
        ("下半年组织疗休养", D(2026, 12, 31), []),
        ("年底前建成职工书屋", D(2026, 12, 31), []),
        ("年内新建女职工休息室", D(2026, 12, 31), []),
        ("第一季度完成摸底", D(2026, 3, 31), []),
        ("四季度开展检查", D(2026, 12, 31), []),
        ("开展读书活动", None, []),
    ],
)
def test_deadlines(text, due, months):
    assert deadlines(text, 2026) == (due, months)


def test_several_deadlines_last_is_due_and_all_months_listed():
    months, due = months_and_due("4月前拟定工资协商要约，9月前完成协商并签字。", 2026)
    assert due == D(2026, 9, 30)
    assert months == [4, 9]


def test_month_mentions_but_not_spans():
    assert months_and_due("3月中期推选一名代表参加区工代会", 2026)[0] == [3]
    assert months_and_due("每3个月检查一次", 2026)[0] == []


@pytest.mark.parametrize(
    "text, rule",
    [
        ("每周五下午集中学习", "FREQ=WEEKLY;BYDAY=FR"),
        ("每周一、三晚开放健身房", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("每周一次例会", "FREQ=WEEKLY"),
        ("每周组织一次跑步", "FREQ=WEEKLY"),
        ("每两周组织一次理论学习", "FREQ=WEEKLY;INTERVAL=2"),
        ("每月召开委员会", "FREQ=MONTHLY"),
        ("每月一次民主恳谈", "FREQ=MONTHLY"),
        ("每两月通报经费收支", "FREQ=MONTHLY;INTERVAL=2"),
        ("每两个月走访一次", "FREQ=MONTHLY;INTERVAL=2"),
        ("每季度组织一次生日会", "FREQ=MONTHLY;INTERVAL=3"),
        ("每学期开展一次家访", "FREQ=YEARLY;BYMONTH=3,9"),
        ("每学期末评议干部", "FREQ=YEARLY;BYMONTH=1,7"),
        ("每学年召开教代会", "FREQ=YEARLY;BYMONTH=9"),
        ("每年组织体检", "FREQ=YEARLY"),
        ("每天开放阅览室", "FREQ=DAILY"),
        ("每月15日公布账目", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("组织一次春游", None),
    ],
)
def test_recurrences(text, rule):
    assert rrule_for(text) == rule
    if rule:
        assert list(islice(rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1)), 2))


@given(st.text(max_size=200), st.integers(min_value=2000, max_value=2100))
def test_no_crash_and_valid_rules(text, year):
    months, due = months_and_due(text, year)
    assert all(1 <= m <= 12 for m in months)
    assert due is None or due.year == year
    rule = rrule_for(text)
    if rule:
        rrulestr(rule, dtstart=datetime.datetime(year, 1, 1))


@given(
    st.lists(
        st.sampled_from(
            ["每", "周", "两", "月", "季度", "学期", "末", "五", "一", "15", "日", "、"]
        ),
        max_size=12,
    )
)
def test_recurrence_fragments_never_emit_invalid_rules(tokens):
    rule = rrule_for("".join(tokens))
    if rule:
        rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "text, rule",
    [
        ("每两周组织一次理论学习，时间定在周五下午。", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("每两周的周五下午集中学习", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("每周组织一次健步走。活动安排在星期二、星期四傍晚。", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("每周一至周五开放阅览室", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("每周开放一次，上周五已开放", "FREQ=WEEKLY"),
        ("每周一次例会，纪念建党105周年", "FREQ=WEEKLY"),
    ],
)
def test_a_weekday_anywhere_in_the_item(text, rule):
    assert rrule_for(text) == rule


@pytest.mark.parametrize(
    "text, rule",
    [
        ("每月最后一个周五召开工会委员会", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("每月第二个周一开放职工书屋", "FREQ=MONTHLY;BYDAY=2MO"),
        ("每月的第一个星期三组织政治学习", "FREQ=MONTHLY;BYDAY=1WE"),
        ("每月召开一次委员会，安排在最后一个周五", "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_positional_weekdays(text, rule):
    assert rrule_for(text) == rule
    first = rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1))[0]
    assert first.month == 1  # dateutil reads it: a day in January 2026


def test_school_terms_follow_the_school_calendar():
    from gonghui.plans.recurrence import describe, occurrences

    term = rrule_for("每学期召开一次教代会")
    year = rrule_for("每学年评选一次优秀班主任")
    assert [d.month for d in occurrences(term, year=2026)] == [3, 9]
    assert [d.month for d in occurrences(year, year=2026)] == [9]
    assert describe(term).startswith("每学期") and describe(year).startswith("每学年")
    assert [d.month for d in occurrences(rrule_for("每学期末评议干部"), year=2026)] == [1, 7]


@pytest.mark.parametrize(
    "text, due",
    [
        ("上半年退休人员座谈会", None),
        ("第一季度旅游", None),
        ("回顾上半年工作，查找不足", None),
        ("上半年完成职代会换届", D(2026, 6, 30)),
        ("上半年，召开一次职代会", D(2026, 6, 30)),
        ("力争第三季度前建成职工书屋", D(2026, 9, 30)),
        ("下半年组织疗休养", D(2026, 12, 31)),
        ("年底前完成档案整理", D(2026, 12, 31)),
        ("5月前完成换届筹备", D(2026, 5, 31)),
    ],
)
def test_periods_that_name_a_thing_are_not_deadlines(text, due):
    assert deadlines(text, 2026)[0] == due


def test_a_schedule_row_named_after_a_quarter_keeps_its_month_only():
    from gonghui.plans.importer import parse_text

    plan = parse_text(
        "二月：第一季度旅游\n五月：第二季度旅游\n六月：上半年退休人员座谈会\n", year=2026
    )
    assert [(i.months, i.due) for i in plan.items] == [([2], None), ([5], None), ([6], None)]


@pytest.mark.parametrize(
    "text, due",
    [
        ("6月底完成教职工体检", D(2026, 6, 30)),
        ("5月内完成集体合同起草", D(2026, 5, 31)),
        ("三月底完成换届", D(2026, 3, 31)),
        ("3月中旬召开教代会", None),  # when it happens, not a deadline
        # "N月完成…" says by when as plainly as "N月底前完成…"
        ("3月完成工会会员信息核对", D(2026, 3, 31)),
        ("在10月份完成会员信息更新工作", D(2026, 10, 31)),
        ("七、八月完成疗休养", D(2026, 8, 31)),
        ("9月10日完成教代会换届", D(2026, 9, 10)),
        ("3月份开展三八节活动", None),
    ],
)
def test_end_of_month_wording_is_a_deadline(text, due):
    assert deadlines(text, 2026)[0] == due
