"""Plans whose line breaks were lost or moved: a whole plan on one line, lines broken in the
middle of a sentence, page numbers left between the pages."""

import datetime

from gonghui.plans.importer import parse_text, prepare

PLAN = """第三中学工会2026年工作计划
以服务教职工为中心，建设温馨和谐的教工之家。
一、组织建设
1、年内发展新会员20人。
2、每两周组织一次理论学习。
二、民主管理
（1）5月前完成集体合同续签的协商。
（2）每学期召开一次教代会。
三、月度安排
三月份：庆祝“三八”节，组织女教职工踏青。
四月份：教职工乒乓球比赛。
五月份：表彰先进教职工。
"""


def shape(plan):
    return (
        plan.title,
        [s.title for s in plan.sections],
        [(i.number, i.text, i.months, i.due, i.rrule, i.schedule) for i in plan.items],
    )


def test_a_plan_without_any_line_break_reads_as_with_them():
    flat = PLAN.replace("\n", "")
    assert shape(parse_text(flat, year=2026)) == shape(parse_text(PLAN, year=2026))
    plan = parse_text(flat, year=2026)
    assert plan.title == "第三中学工会2026年工作计划"
    assert [s.title for s in plan.sections] == ["组织建设", "民主管理", "月度安排"]
    assert [(i.months, i.text) for i in plan.items if i.schedule] == [
        ([3], "庆祝“三八”节，组织女教职工踏青。"),
        ([4], "教职工乒乓球比赛。"),
        ([5], "表彰先进教职工。"),
    ]
    assert plan.items[2].due == datetime.date(2026, 5, 31)


def test_a_flat_plan_with_ascii_punctuation_reads_the_same():
    ascii_flat = (
        PLAN.replace("\n", "")
        .replace("，", ",")
        .replace("：", ":")
        .replace("（", "(")
        .replace("）", ")")
        .replace("“", '"')
        .replace("”", '"')
    )
    plan = parse_text(ascii_flat, year=2026)
    assert [i.number for i in plan.items] == ["1、", "2、", "(1)", "(2)", "", "", ""]
    assert [i.months for i in plan.items if i.schedule] == [[3], [4], [5]]
    assert plan.items[1].rrule == "FREQ=WEEKLY;INTERVAL=2"


def test_a_heading_run_into_its_first_item_is_cut_before_the_item():
    plan = parse_text(
        "工会工作计划一、关心职工身心健康1、走访慰问生病住院的职工。2、开展健步走活动。", year=2026
    )
    assert plan.title == "工会工作计划"
    assert [s.title for s in plan.sections] == ["关心职工身心健康"]
    assert [i.text for i in plan.items] == ["走访慰问生病住院的职工。", "开展健步走活动。"]


def test_a_line_broken_in_the_middle_of_a_sentence_is_joined():
    text = (
        "1、组织青年教师开展师徒结对活动，通过岗位练兵、基本功竞赛等载体提升教师\n"
        "的业务能力。\n"
        "2、做好教职工体检工\n"
        "作。\n"
    )
    plan = parse_text(text, year=2026)
    assert [i.text for i in plan.items] == [
        "组织青年教师开展师徒结对活动，通过岗位练兵、基本功竞赛等载体提升教师的业务能力。",
        "做好教职工体检工作。",
    ]


def test_a_stray_page_number_is_dropped_and_the_sentence_joined():
    text = (
        "1、组织教职工参加区教育工会举办的各项文体比赛活动，力争取得\n"
        "- 2 -\n"
        "好成绩。\n"
        "2\n"
        "2、开展读书活动。\n"
        "第 3 页 共 4 页\n"
        "3、走访困难教职工。\n"
    )
    plan = parse_text(text, year=2026)
    assert [i.text for i in plan.items] == [
        "组织教职工参加区教育工会举办的各项文体比赛活动，力争取得好成绩。",
        "开展读书活动。",
        "走访困难教职工。",
    ]


def test_a_page_number_inside_a_flat_line_is_dropped():
    lines = prepare("1、组织教职工开展读书活动- 3 -，撰写读书心得。2、开展登山活动。")
    assert lines == [
        "1、组织教职工开展读书活动",
        "，撰写读书心得。",
        "2、开展登山活动。",
    ] or lines == [
        "1、组织教职工开展读书活动，撰写读书心得。",
        "2、开展登山活动。",
    ]
    plan = parse_text("1、组织教职工开展读书活动- 3 -，撰写读书心得。2、开展登山活动。", year=2026)
    assert [i.text for i in plan.items] == [
        "组织教职工开展读书活动，撰写读书心得。",
        "开展登山活动。",
    ]
