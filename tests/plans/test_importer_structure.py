"""Sections, items and month schedules, on plans written for these tests."""

import datetime

from gonghui.plans.importer import parse_text

PLAN = """第二中学工会2026年工作计划
以习近平新时代中国特色社会主义思想为指导，团结动员教职工。
一、加强思想建设
组织教职工学习工会章程。
1、每两周组织一次理论学习。
2. 5月前完成委员换届筹备，8月前完成选举。
二、维护合法权益
（1）全面推行集体合同，签订率达95%以上。
（2）发展新会员30人。
三. 其他：
①做好会员档案；②收缴会费。
"""


def test_sections_and_numbered_items():
    plan = parse_text(PLAN, year=2026)
    assert plan.title == "第二中学工会2026年工作计划"
    assert plan.guiding_idea == "以习近平新时代中国特色社会主义思想为指导，团结动员教职工。"
    assert [(s.number, s.title) for s in plan.sections] == [
        ("一", "加强思想建设"),
        ("二", "维护合法权益"),
        ("三", "其他"),
    ]
    assert [(i.section, i.number, i.text) for i in plan.items] == [
        (0, "1、", "每两周组织一次理论学习。"),
        (0, "2.", "5月前完成委员换届筹备，8月前完成选举。"),
        (1, "（1）", "全面推行集体合同，签订率达95%以上。"),
        (1, "（2）", "发展新会员30人。"),
        (2, "①", "做好会员档案"),
        (2, "②", "收缴会费。"),
    ]
    first, second = plan.items[:2]
    assert first.rrule == "FREQ=WEEKLY;INTERVAL=2"
    assert second.due == datetime.date(2026, 8, 31) and second.months == [5, 8]


def test_headings_without_numbered_items_are_items():
    text = (
        "一、起草集体合同草案，5月前完成起草，8月前完成签订。\n"
        "二、开展劳动竞赛。\n"
        "三、关心困难职工\n"
        "春节前走访慰问困难职工家庭。\n"
    )
    plan = parse_text(text, year=2026)
    assert plan.sections == []
    assert [(i.section, i.number, i.text) for i in plan.items] == [
        (None, "一、", "起草集体合同草案，5月前完成起草，8月前完成签订。"),
        (None, "二、", "开展劳动竞赛。"),
        (None, "三、", "关心困难职工：春节前走访慰问困难职工家庭。"),
    ]
    assert plan.items[0].due == datetime.date(2026, 8, 31)
    assert plan.items[2].months == [2]  # 春节 2026 falls on 17 February


def test_subsections_are_sections_when_there_are_no_main_headings():
    plan = parse_text(
        "（一）组织建设\n1、建会。\n2、发展会员。\n（二）民主管理\n1、开好职代会。", year=2026
    )
    assert [s.title for s in plan.sections] == ["组织建设", "民主管理"]
    assert [i.section for i in plan.items] == [0, 0, 1]


def test_paragraph_after_an_item_carries_it_on():
    plan = parse_text(
        "1、做好宣传发动，扩大会员队伍\n社区要主动动员失业人员入会，年内增加会员10名。", year=2026
    )
    assert len(plan.items) == 1
    assert plan.items[0].text.endswith("年内增加会员10名。")
    assert plan.items[0].targets[0].value == 10


def schedule(plan):
    return [(i.months, i.text) for i in plan.items if i.schedule]


def test_schedule_month_with_colon_and_unnumbered_lines():
    text = "一、常规工作\n1、收缴会费。\n一月份召开二届三次职代会。\n走访困难职工。\n二月份：制定年度计划。\n三月份：组织“三八”节登山。\n"
    plan = parse_text(text, year=2026)
    assert schedule(plan) == [
        ([1], "召开二届三次职代会。"),
        ([1], "走访困难职工。"),
        ([2], "制定年度计划。"),
        ([3], "组织“三八”节登山。"),
    ]
    section = plan.sections[plan.items[-1].section]
    assert (section.number, section.title) == ("", "月度工作安排")
    assert [i.schedule for i in plan.items] == [False, True, True, True, True]


def test_schedule_numbered_runs_themes_and_two_months():
    text = (
        "3月份1、植树活动2、女职工座谈\n"
        "4月读书月\n"
        "5月 劳动竞赛\n"
        "1、技能比武2. 表彰先进\n"
        "7月8月份：组织疗休养\n"
    )
    plan = parse_text(text, year=2026)
    assert schedule(plan) == [
        ([3], "植树活动"),
        ([3], "女职工座谈"),
        ([4], "读书月"),  # a month row with only a theme is its one activity
        ([5], "技能比武"),  # the theme "劳动竞赛" heads the numbered activities
        ([5], "表彰先进"),
        ([7, 8], "组织疗休养"),
    ]


def test_schedule_under_its_own_heading():
    text = "一、日常工作\n1、收缴会费。\n二、月度安排\n9月：教师节表彰。\n10月：国庆游园。"
    plan = parse_text(text, year=2026)
    assert [s.title for s in plan.sections] == ["日常工作", "月度安排"]
    assert [i.section for i in plan.items if i.schedule] == [1, 1]


def test_month_inside_a_paragraph_is_not_a_schedule():
    text = "1、加强学习。5月份各分会组织职工学习安全知识，6月份举办知识竞赛。\n2、开展培训。"
    plan = parse_text(text, year=2026)
    assert not [i for i in plan.items if i.schedule]
    assert plan.items[0].months == [5, 6]
    # a single line starting with a month is not a schedule either
    plan = parse_text("1、加强学习。\n5月份组织职工学习安全知识。", year=2026)
    assert not [i for i in plan.items if i.schedule]


def test_to_json_shape():
    plan = parse_text(PLAN, year=2026)
    data = plan.to_json()
    assert set(data) == {"sections", "items"}
    assert data["sections"][0] == {"title": "加强思想建设", "items": [0, 1]}
    assert data["items"][3] == {
        "section": "维护合法权益",
        "text": "发展新会员30人。",
        "months": [],
        "due": None,
        "rrule": None,
        "targets": [
            {
                "text": "发展新会员30人",
                "metric": data["items"][3]["targets"][0]["metric"],
                "op": ">=",
                "value": 30,
                "unit": "人",
            }
        ],
    }
    assert data["items"][1]["due"] == "2026-08-31"
    assert data["items"][0]["rrule"] == "FREQ=WEEKLY;INTERVAL=2"


def test_long_closing_paragraph_ends_the_schedule():
    closing = (
        "我们工会委员会将在党支部的统一领导下，围绕学校中心工作，依照法律和工会章程独立自主地开展工作，"
        * 2
    )
    text = f"三月份：植树。\n四月份：春游。\n{closing}\n"
    plan = parse_text(text, year=2026)
    assert [i.text for i in plan.items] == ["植树。", "春游。"]


def test_unnumbered_schedule_heading_line():
    text = "1、收缴会费。\n全年工作安排：\n6月：端午包粽子。\n8月：高温慰问。"
    plan = parse_text(text, year=2026)
    assert [s.title for s in plan.sections] == ["全年工作安排"]
    assert [(i.section, i.months) for i in plan.items] == [(None, []), (0, [6]), (0, [8])]


def test_guiding_idea_under_its_own_heading():
    text = "一、指导思想\n以服务职工为中心，建设职工之家。\n二、重点工作\n1、发展会员。\n"
    for source in (text, text.replace("\n", "")):
        plan = parse_text(source, year=2026)
        assert plan.guiding_idea == "以服务职工为中心，建设职工之家。"
        assert [s.title for s in plan.sections] == ["重点工作"]
        assert [i.text for i in plan.items] == ["发展会员。"]


def test_sub_headings_with_items_beneath_are_the_sections():
    text = "三、主要工作\n（一）民主管理\n1、召开教代会。\n（二）文体活动\n1、组织登山。\n"
    plan = parse_text(text, year=2026)
    assert [(s.number, s.title) for s in plan.sections] == [
        ("（一）", "民主管理"),
        ("（二）", "文体活动"),
    ]
    assert [(i.section, i.text) for i in plan.items] == [(0, "召开教代会。"), (1, "组织登山。")]


def test_a_schedule_heading_after_the_guiding_idea_is_no_title():
    plan = parse_text("围绕中心，服务大局。\n全年工作安排\n三月：植树\n四月：春游\n", year=2026)
    assert (plan.title, plan.guiding_idea) == ("", "围绕中心，服务大局。")
    assert [s.title for s in plan.sections] == ["全年工作安排"]
