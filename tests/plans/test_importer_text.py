"""Importer text clean-up: boiler-plate, broken lines, parts, numbered runs."""

from hypothesis import given
from hypothesis import strategies as st

from gonghui.plans.importer import ImportProblem, list_parts, parse_text, prepare
from gonghui.plans.importer.schedule import month_line, split_numbered
from gonghui.plans.importer.text import cn_to_int, number_of

BOILER = """2025年街道工会工作计划(通用3篇)
新的一年开始了，以下是小编为你整理的计划范文，仅供参考。
精编资料,供您参考
查看剩余2篇
欢迎阅读本文。
下面由小编为大家收集的范文
街道工会工作计划篇一
团结带领职工建功立业。
一、组织建设
1、年内发展会员40人。
规章制度
2、健全会员档案。
"""


def test_boilerplate_is_dropped_and_never_an_item():
    plan = parse_text(BOILER, year=2026)
    words = ("小编", "仅供参考", "供您参考", "查看剩余", "欢迎阅读", "篇)")
    texts = [item.text for item in plan.items] + [plan.guiding_idea, plan.title]
    assert not [t for t in texts if any(w in t for w in words)]
    assert [item.text for item in plan.items] == ["年内发展会员40人。", "健全会员档案。"]
    assert plan.title == "街道工会工作计划篇一"
    assert plan.guiding_idea == "团结带领职工建功立业。"


def test_teaser_containing_part_word_is_not_a_part():
    text = (
        "以下是整理的范文。机关工会工作计划篇一坚持以职工为中心，做好服务工作，努力营造和谐氛围..."
        "\n机关工会工作计划篇一\n1、开展读书会。\n机关工会工作计划篇二\n1、组织登山。\n"
    )
    assert list_parts(text) == [(1, "机关工会工作计划篇一"), (2, "机关工会工作计划篇二")]
    assert parse_text(text, year=2026, part=2).items[0].text == "组织登山。"


def test_missing_part_is_refused_in_chinese():
    import pytest

    text = "计划篇一\n1、甲。\n计划篇二\n1、乙。"
    with pytest.raises(ImportProblem, match="文档中没有第3篇，共2篇。"):
        parse_text(text, year=2026, part=3)


def test_plain_text_has_no_parts():
    assert list_parts("一、开展活动。\n1、植树。") == []


def test_page_break_joins_broken_sentence():
    text = "1、组织青年职工开展结对帮扶，通过师傅带徒弟、岗位练兵和\n\n技能比武等载体提升技能。\n2、开展健步走。"
    plan = parse_text(text, year=2026)
    assert [i.text for i in plan.items] == [
        "组织青年职工开展结对帮扶，通过师傅带徒弟、岗位练兵和技能比武等载体提升技能。",
        "开展健步走。",
    ]


def test_short_fragment_left_by_a_link_is_joined():
    lines = prepare("以非公企业为重点，进一步建立健全各项工资协商和集体\n合同\n制度，提高建制率。")
    assert lines == ["以非公企业为重点，进一步建立健全各项工资协商和集体合同制度，提高建制率。"]
    # a short title line keeps its fragment but not the paragraph after it
    lines = prepare("第三小学工会\n工作计划\n新的一年，我们将继续围绕学校中心工作开展工会活动。")
    assert lines == ["第三小学工会工作计划", "新的一年，我们将继续围绕学校中心工作开展工会活动。"]


def test_festival_dates_with_enumeration_comma_are_not_numbers():
    for line in ("3、8妇女节组织女职工踏青", "5、12护士节表彰优秀护士", "6、1儿童节慰问职工子女"):
        assert number_of(line) is None
    assert number_of("3、组织女职工踏青")[0] == "3、"
    plan = parse_text("1、三月开展活动，\n3、8妇女节组织女职工踏青。\n2、开展义诊。", year=2026)
    assert len(plan.items) == 2
    assert plan.items[0].months == [3]


def test_several_numbered_items_on_one_line_are_split():
    assert split_numbered("1、开展书画展2. 组织知识竞赛;3. 评选先进") == [
        ("1、", "开展书画展"),
        ("2.", "组织知识竞赛"),
        ("3.", "评选先进"),
    ]
    assert split_numbered("（1）健身操比赛（2）拔河") == [
        ("（1）", "健身操比赛"),
        ("（2）", "拔河"),
    ]
    assert split_numbered("①读书②观影") == [("①", "读书"), ("②", "观影")]
    # a range or a festival date is not the next number
    assert split_numbered("1、培训6-8期，5、12护士节慰问") == [
        ("1、", "培训6-8期，5、12护士节慰问")
    ]


def test_chinese_numerals():
    assert [cn_to_int(x) for x in ("一", "十", "十二", "二十三", "3", "百")] == [
        1,
        10,
        12,
        23,
        3,
        None,
    ]


def test_month_rows():
    assert month_line("三月份：组织植树") == ([3], "组织植树")
    assert month_line("7月8月份：暑期疗休养") == ([7, 8], "暑期疗休养")
    assert month_line("7-8月：暑期疗休养") == ([7, 8], "暑期疗休养")
    assert month_line("十一月份登山比赛") == ([11], "登山比赛")
    assert month_line("5月前完成起草") is None
    assert month_line("13月活动") is None


@given(st.text(max_size=300))
def test_no_crash_on_any_text(text):
    try:
        parse_text(text, year=2026)
    except ImportProblem as exc:
        assert str(exc)  # a message in Chinese, never a crash
    list_parts(text)


@given(
    st.lists(
        st.sampled_from(
            [
                "一、",
                "1、",
                "（一）",
                "(1)",
                "①",
                "3月",
                "三月份：",
                "篇一",
                "\n",
                "。",
                "，",
                "5、12",
                "活动",
                "...",
            ]
        ),
        max_size=40,
    )
)
def test_no_crash_on_plan_like_text(tokens):
    try:
        plan = parse_text("".join(tokens), year=2026)
    except ImportProblem:
        return
    plan.to_json()


@given(st.text(max_size=60))
def test_month_rows_never_invent_months(text):
    row = month_line(text)
    if row is not None:
        months, rest = row
        assert months and all(1 <= m <= 12 for m in months)
        assert text.endswith(rest)
