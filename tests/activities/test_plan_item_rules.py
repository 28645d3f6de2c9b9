"""A new activity from a plan item, without a database: the kind guessed from the item's
words, the title, and a start in the item's month."""

import datetime

import pytest

from gonghui.activities import plan_item_rules as rules
from gonghui.activities.models import Kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("组织教职工乒乓球比赛（小组循环赛）", Kind.SPORTS),
        ("举办羽毛球联赛", Kind.SPORTS),
        ("秋季教职工运动会", Kind.SPORTS),
        ("三八妇女节女教职工活动", Kind.FESTIVAL),
        ("五一劳动节慰问", Kind.FESTIVAL),
        ("端午节包粽子", Kind.FESTIVAL),
        ("工会干部培训", Kind.TRAINING),
        ("心理健康讲座", Kind.LECTURE),
        ("组织春游", Kind.TRIP),
        ("秋游", Kind.TRIP),
        ("参观红色教育基地", Kind.TRIP),
        ("每季度为会员过集体生日", Kind.BIRTHDAY),
        # the first rule that matches wins: a birthday party in March is not a 三八 event,
        # a training that is also a lecture is a training
        ("三八节当月集体生日会", Kind.BIRTHDAY),
        ("培训讲座", Kind.TRAINING),
        ("召开职代会", ""),
        ("", ""),
    ],
)
def test_the_kind_is_guessed_from_the_words(text, kind):
    assert rules.guess_kind(text) == kind


def test_the_title_is_the_first_sentence_cut_short():
    assert rules.title_of("  组织春游。地点另定；费用工会承担") == "组织春游"
    assert len(rules.title_of("乒" * 100)) == rules.TITLE_MAX


def test_the_start_is_in_the_items_month():
    today = datetime.date(2026, 1, 10)
    assert rules.start_in(2026, [4, 10], today) == datetime.datetime(2026, 4, 15, 15)
    # this month, the 15th passed: the month's last day
    assert rules.start_in(2026, [1], datetime.date(2026, 1, 20)) == datetime.datetime(
        2026, 1, 31, 15
    )
    # the first month has passed: the next one
    assert rules.start_in(2026, [3, 9], datetime.date(2026, 5, 1)) == datetime.datetime(
        2026, 9, 15, 15
    )
    # no month, or every month past: a week from today
    assert rules.start_in(2026, [], today) == datetime.datetime(2026, 1, 17, 15)
    assert rules.start_in(2026, [2], datetime.date(2026, 6, 1)) == datetime.datetime(2026, 6, 8, 15)
