"""Plans built for the tests: a small school plan with sections, a month schedule, a
deadline, a recurring duty and targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.plans import services
from gonghui.plans.importer import ParsedItem, ParsedPlan, ParsedSection, ParsedTarget

YEAR = 2026


def parsed_plan(year: int = YEAR) -> ParsedPlan:
    return ParsedPlan(
        title=f"第一中学工会{year}年工作计划",
        guiding_idea="以服务教职工为中心。",
        sections=[ParsedSection("一", "加强组织建设"), ParsedSection("二", "丰富文体活动")],
        items=[
            ParsedItem(
                section=0,
                number="1、",
                text="发展新会员300人",
                targets=[ParsedTarget("发展新会员300人", "members.new", ">=", Decimal(300), "人")],
            ),
            ParsedItem(
                section=0,
                number="2、",
                text="5月前完成起草，8月前完成集体合同签订",
                months=[5, 8],
                due=datetime.date(year, 8, 31),
            ),
            ParsedItem(
                section=1,
                number="1、",
                text="每两周组织一次理论学习",
                rrule="FREQ=WEEKLY;INTERVAL=2",
            ),
            ParsedItem(
                section=None,
                number="",
                text="庆祝三八节，组织教职工踏青",
                months=[3],
                schedule=True,
            ),
            ParsedItem(section=None, number="", text="教师节慰问", months=[9], schedule=True),
        ],
    )


def make_plan(union, *, actor=None, year: int = YEAR):
    return services.plan_import(
        actor=actor, union=union, year=year, parsed=parsed_plan(year), source="测试"
    )
