"""Numbering as plans write it: styles mixed in one document, gaps, two items on one line,
sub-items inline after a colon, ASCII and full-width punctuation alike."""

import pytest

from gonghui.plans.importer import parse_text


def items(text):
    return [(i.number, i.text) for i in parse_text(text, year=2026).items]


def test_arabic_styles_mixed_in_one_list():
    text = "1、开展读书活动。\n2. 组织登山。\n3．走访困难职工。\n4,收缴会费。\n5，发展会员。\n"
    assert [n for n, _ in items(text)] == ["1、", "2.", "3．", "4,", "5，"]
    assert [t for _, t in items(text)][-1] == "发展会员。"


@pytest.mark.parametrize("a, b", [("（1）", "（2）"), ("(1)", "(2)"), ("1）", "2）"), ("①", "②")])
def test_bracketed_and_circled_numbers(a, b):
    assert items(f"一、组织建设\n{a}发展会员。\n{b}建好档案。\n") == [
        (a, "发展会员。"),
        (b, "建好档案。"),
    ]


@pytest.mark.parametrize("one, two", [("一、", "二、"), ("一. ", "二. "), ("一，", "二，")])
def test_chinese_section_numbers_in_every_style(one, two):
    plan = parse_text(f"{one}组织建设\n1、发展会员。\n{two}文体活动\n1、组织登山。\n", year=2026)
    assert [s.title for s in plan.sections] == ["组织建设", "文体活动"]
    assert [i.section for i in plan.items] == [0, 1]


def test_all_styles_in_one_document():
    text = (
        "一、组织建设\n"
        "（一）会员发展\n"
        "1、发展新会员20人。\n"
        "2. 建好会员档案。\n"
        "（二）小组建设\n"
        "(1)每月开展小组活动。\n"
        "②评选优秀小组。\n"
        "二. 文体活动\n"
        "1,组织登山。\n"
        "（一）举办健步走。\n"
    )
    plan = parse_text(text, year=2026)
    # a （一） heading with numbered items beneath is the section; one without is an item
    assert [(s.number, s.title) for s in plan.sections] == [
        ("（一）", "会员发展"),
        ("（二）", "小组建设"),
        ("二", "文体活动"),
    ]
    assert [(i.section, i.number) for i in plan.items] == [
        (0, "1、"),
        (0, "2."),
        (1, "(1)"),
        (1, "②"),
        (2, "1,"),
        (2, "（一）"),
    ]


def test_gaps_in_the_numbering():
    text = "1、读书。\n2、登山。\n4、书法。\n一、组织建设\n三、文体活动\n1、唱歌。"
    flat = text.replace("\n", "")
    for source in (text, flat):
        plan = parse_text(source, year=2026)
        assert [i.text for i in plan.items][:3] == ["读书。", "登山。", "书法。"]
    assert items("1、读书；2、登山；4、书法。")[2] == ("4、", "书法。")


def test_two_numbered_items_on_one_line():
    assert items("1、开展书画展2. 组织知识竞赛。\n3、评选先进；4、表彰。") == [
        ("1、", "开展书画展"),
        ("2.", "组织知识竞赛。"),
        ("3、", "评选先进"),
        ("4、", "表彰。"),
    ]


def test_sub_items_inline_after_a_colon_become_items_under_the_label():
    plan = parse_text(
        "1、组织春秋游：（1）4月左右组织一次春游；（2）10月左右组织一次秋游。\n2、开展读书活动。",
        year=2026,
    )
    assert [(i.number, i.text, i.months) for i in plan.items] == [
        ("（1）", "组织春秋游：4月左右组织一次春游", [4]),
        ("（2）", "组织春秋游：10月左右组织一次秋游。", [10]),
        ("2、", "开展读书活动。", []),
    ]


def test_sub_items_of_the_same_style_after_a_colon():
    plan = parse_text("4、做好以下工作：1、收缴会费；2、发展会员。\n5、开展登山活动。", year=2026)
    assert [i.text for i in plan.items] == [
        "做好以下工作：收缴会费",
        "做好以下工作：发展会员。",
        "开展登山活动。",
    ]


def test_ascii_and_full_width_punctuation_read_alike():
    wide = (
        "一、组织建设：\n（1）5月前完成换届；\n（2）每周五开放活动室。\n二、文体活动\n1．组织登山。"
    )
    ascii_ = "一、组织建设:\n(1)5月前完成换届;\n(2)每周五开放活动室.\n二、文体活动\n1.组织登山."

    def seen(text):
        plan = parse_text(text, year=2026)
        return (
            [s.title for s in plan.sections],
            [(i.section, i.months, i.due, i.rrule) for i in plan.items],
        )

    assert seen(wide) == seen(ascii_)
    assert seen(wide)[0] == ["组织建设", "文体活动"]


def test_bulleted_items_and_activities():
    text = "一、文体活动\n● 组织登山。\n◆开展读书活动\n- 书法比赛。\n二、月度安排\n三月：\n● 植树\n● 三八节\n四月：\n■春游\n"
    plan = parse_text(text, year=2026)
    assert [(i.section, i.number, i.months, i.text) for i in plan.items] == [
        (0, "", [], "组织登山。"),
        (0, "", [], "开展读书活动"),
        (0, "", [], "书法比赛。"),
        (1, "", [3], "植树"),
        (1, "", [3], "三八节"),
        (1, "", [4], "春游"),
    ]
    flat = parse_text(text.replace("\n", "").replace("- ", "● "), year=2026)
    assert [(i.months, i.text) for i in flat.items if i.schedule] == [
        ([3], "植树"),
        ([3], "三八节"),
        ([4], "春游"),
    ]
