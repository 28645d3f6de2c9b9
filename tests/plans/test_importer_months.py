"""Month schedules: headings in every form, a month table flattened one cell per line, rows
that name who takes part or hold a note, festival dates written like numbers."""

import pytest

from gonghui.plans.importer import parse_text
from gonghui.plans.importer.schedule import month_line


@pytest.mark.parametrize(
    "line, months, rest",
    [
        ("三月份：组织植树", [3], "组织植树"),
        ("3月份组织植树", [3], "组织植树"),
        ("3月 组织植树", [3], "组织植树"),
        ("元月：春节慰问", [1], "春节慰问"),
        ("七、八月份：暑期疗休养", [7, 8], "暑期疗休养"),
        ("七月、八月：暑期疗休养", [7, 8], "暑期疗休养"),
        ("7,8月：暑期疗休养", [7, 8], "暑期疗休养"),
        ("7，8月：暑期疗休养", [7, 8], "暑期疗休养"),
        ("7-8月：暑期疗休养", [7, 8], "暑期疗休养"),
        ("1~2月：寒假慰问", [1, 2], "寒假慰问"),
        ("7月8月份：暑期疗休养", [7, 8], "暑期疗休养"),
        ("4月左右：组织春游", [4], "组织春游"),
        ("3月上旬：召开教代会", [3], "召开教代会"),
        ("十月中旬 秋季运动会", [10], "秋季运动会"),
        ("12月下旬：年度总结", [12], "年度总结"),
        ("十一月份登山比赛", [11], "登山比赛"),
    ],
)
def test_month_headings_in_every_form(line, months, rest):
    assert month_line(line) == (months, rest)


@pytest.mark.parametrize(
    "line", ["5月前完成起草", "5月底前上报", "3月6日召开", "13月活动", "1、2月份召开"]
)
def test_deadlines_dates_and_numbered_items_are_not_month_headings(line):
    assert month_line(line) is None


def test_a_schedule_with_every_heading_form():
    text = (
        "元月：春节慰问困难职工。\n"
        "三月上旬：召开教代会。\n"
        "4月左右：组织春游。\n"
        "七、八月份：暑期疗休养。\n"
        "10-11月：秋季运动会。\n"
    )
    for source in (text, text.replace("\n", "")):
        plan = parse_text(source, year=2026)
        assert [(i.months, i.text) for i in plan.items] == [
            ([1], "春节慰问困难职工。"),
            ([3], "召开教代会。"),
            ([4], "组织春游。"),
            ([7, 8], "暑期疗休养。"),
            ([10, 11], "秋季运动会。"),
        ]


def test_a_month_table_flattened_one_cell_per_line():
    text = "月份\n活动内容\n参加人员\n三月\n三八节女职工座谈\n全体女职工\n四月\n春季运动会\n全体教职工\n五月\n读书月\n各工会小组成员\n"
    plan = parse_text(text, year=2026)
    assert [(i.months, i.text) for i in plan.items] == [
        ([3], "三八节女职工座谈"),
        ([4], "春季运动会"),
        ([5], "读书月"),
    ]


def test_a_month_table_with_bars_keeps_only_the_activity_column():
    text = (
        "时间 |\n活动内容 |\n参加范围 |\n"
        "一月 |\n春节联欢会 职代会 |\n全院职工 职工代表 |\n"
        "二月 |\n元宵节猜灯谜 |\n全院职工 |\n"
    )
    for source in (text, text.replace("\n", "")):
        plan = parse_text(source, year=2026)
        assert [(i.months, i.text) for i in plan.items] == [
            ([1], "春节联欢会"),
            ([1], "职代会"),
            ([2], "元宵节猜灯谜"),
        ]


def test_rows_that_are_participants_or_notes_are_not_activities():
    text = (
        "1-2月：寒假\n"
        "3月：\n"
        "植树活动\n"
        "全体教职工\n"
        "负责人：工会办公室\n"
        "4月：\n"
        "教职工乒乓球赛\n"
        "待定\n"
    )
    plan = parse_text(text, year=2026)
    assert [(i.months, i.text) for i in plan.items] == [([3], "植树活动"), ([4], "教职工乒乓球赛")]


def test_a_numbered_activity_carries_its_remark_on():
    text = "3月\n1、教职工田径运动会\n在入场式后举行广播体操表演。\n4月\n1、趣味比赛"
    plan = parse_text(text, year=2026)
    assert [(i.months, i.text) for i in plan.items] == [
        ([3], "教职工田径运动会在入场式后举行广播体操表演。"),
        ([4], "趣味比赛"),
    ]


def test_sections_numbered_again_under_each_month_are_activities():
    text = "5月\n一、网球团体赛。\n二、乒乓球团体赛。\n6月\n一、羽毛球团体赛。\n"
    plan = parse_text(text, year=2026)
    assert plan.sections[0].title == "月度工作安排"
    assert [(i.months, i.text) for i in plan.items] == [
        ([5], "网球团体赛。"),
        ([5], "乒乓球团体赛。"),
        ([6], "羽毛球团体赛。"),
    ]


@pytest.mark.parametrize(
    "written, month",
    [("3.8", 3), ("三.八", 3), ("5.12", 5), ("3、8", 3), ("三八", 3), ("5.1", 5)],
)
def test_festival_dates_written_like_numbers(written, month):
    text = f"1、{written}节慰问职工。\n2、开展读书活动。\n{written}节前走访困难职工。\n"
    plan = parse_text(text, year=2026)
    assert [i.number for i in plan.items] == ["1、", "2、"]
    assert plan.items[0].months == [month]
    assert plan.items[1].text.endswith("走访困难职工。")  # the festival line carries item 2 on


def test_a_festival_date_at_the_start_of_a_line_is_not_a_heading():
    plan = parse_text(
        "一、关爱女职工\n三.八节组织女职工踏青。\n3、8妇女节发放慰问品。\n", year=2026
    )
    assert plan.sections == []
    assert len(plan.items) == 1
    assert plan.items[0].months == [3]


def test_a_table_copied_with_tabs_between_its_cells():
    text = (
        "月份\t活动内容\t参加人员\n"
        "3月\t三八节座谈 女职工踏青\t全体女职工\n"
        "4月\t乒乓球赛\t全体教职工\n"
        "5月\t\t\n"
        "6月\t端午包粽子\t各工会小组\n"
    )
    plan = parse_text(text, year=2026)
    assert [(i.months, i.text) for i in plan.items] == [
        ([3], "三八节座谈"),
        ([3], "女职工踏青"),
        ([4], "乒乓球赛"),
        ([6], "端午包粽子"),
    ]


def test_a_full_stop_typed_in_ascii_ends_a_sentence():
    text = "一. 组织建设\n1.发展会员.2.建好档案.\n二. 文体活动\n三.八节组织女职工踏青.每周五开放活动室.\n"
    plan = parse_text(text.replace("\n", ""), year=2026)
    assert [s.title for s in plan.sections] == ["组织建设"]
    assert [(i.number, i.text) for i in plan.items][:2] == [
        ("1.", "发展会员。"),
        ("2.", "建好档案。"),
    ]
    assert plan.items[2].months == [3] and plan.items[2].rrule == "FREQ=WEEKLY;BYDAY=FR"
