"""Demo plan for 示范镇第一中学工会: its 2026 plan, imported through the importer from the
kind of text a union writes (sections, numbered items, targets, deadlines, recurrences and a
month schedule), with the first ten months carried out: items done on their days and linked
to the congress sitting and the vouchers that carried them out, a few left late.

The text is written for the demo; it is no one's real plan."""

from __future__ import annotations

import datetime

from gonghui.core.models import User
from gonghui.orgs.models import Union

from . import links, services
from .importer import parse_text
from .models import ItemStatus, OwnerRole, Plan

YEAR = 2026

TEXT = """示范镇第一中学工会2026年工作计划

以服务教职工为中心，围绕学校教育教学中心工作，履行维护、建设、参与、教育职能，推进民主管理，关心教职工生活，建设温馨和谐的“教工之家”。

一、加强组织建设
1、做好会员发展工作，年内发展新会员10人，会员入会率保持在90%以上。
2、每学期召开一次工会委员会会议，研究部署工会工作。
3、加强工会小组建设，每月开展一次小组活动。
二、推进民主管理
1、年内召开一次教职工代表大会，审议学校工作报告和工会经费收支情况报告。
2、做好提案征集和办理工作，提案按期办结率达到100%，提案满意率达到90%以上。
3、坚持校务公开，每月公开一次财务收支情况。
三、维护教职工权益
1、开展送温暖活动，春节、中秋走访慰问困难教职工和退休教职工，慰问不少于30人次。
2、5月前完成集体合同续签的协商，8月底前签订。
3、做好教职工体检工作，6月底前完成。
四、丰富文体活动
1、每周五下午开放教工活动室。
2、每季度组织一次教职工生日会。
五、加强工会自身建设
1、会费收缴率达到100%。
2、预算执行率达到90%以上。
3、年底前完成工会档案整理归档。

月度工作安排
一月份：召开工会委员会会议，制定年度工作计划；春节前走访慰问困难教职工。
二月份：开学慰问一线教职工。
三月份：庆祝“三八”妇女节，组织女教职工踏青。
四月份：教职工乒乓球比赛。
五月份：庆祝“五一”劳动节，表彰先进教职工。
六月份：组织教职工健康体检。
7月8月份：组织教职工暑期疗休养。
九月份：庆祝教师节，慰问新入职教师。
十月份：教职工秋季登山活动。
十一月份：特困教职工情况调查。
十二月份：年度工作总结，评选优秀工会小组。
"""

OWNERS = {
    "发展会员": OwnerRole.ORGANISATION,
    "小组": OwnerRole.ORGANISATION,
    "教职工代表大会": OwnerRole.CHAIR,
    "提案": OwnerRole.CHAIR,
    "送温暖": OwnerRole.WELFARE,
    "慰问": OwnerRole.WELFARE,
    "体检": OwnerRole.WELFARE,
    "集体合同": OwnerRole.CHAIR,
    "活动室": OwnerRole.CULTURE,
    "生日会": OwnerRole.CULTURE,
    "乒乓球": OwnerRole.CULTURE,
    "登山": OwnerRole.CULTURE,
    "疗休养": OwnerRole.CULTURE,
    "会费": OwnerRole.FINANCE,
    "预算": OwnerRole.FINANCE,
    "档案": OwnerRole.ORGANISATION,
}
# (words in the item, the day it was done); items of the schedule up to October are done,
# except the check-up, left late on purpose.
DONE = [
    ("每学期召开一次工会委员会会议", datetime.date(YEAR, 9, 4)),
    ("5月前完成集体合同续签", datetime.date(YEAR, 8, 26)),
    ("制定年度工作计划", datetime.date(YEAR, 1, 9)),
    ("开学慰问一线教职工", datetime.date(YEAR, 2, 27)),
    ("组织女教职工踏青", datetime.date(YEAR, 3, 7)),
    ("乒乓球比赛", datetime.date(YEAR, 4, 24)),
    ("表彰先进教职工", datetime.date(YEAR, 4, 30)),
    ("暑期疗休养", datetime.date(YEAR, 7, 20)),
    ("慰问新入职教师", datetime.date(YEAR, 9, 10)),
    ("秋季登山活动", datetime.date(YEAR, 10, 24)),
]
# Duties no module records yet, set 进行中 by hand with the reason (the others' statuses come
# from their records and targets: plans.status).
DOING = [
    ("每月开展一次小组活动", "小组活动记录在各小组台账，尚未录入平台"),
    ("每月公开一次财务", "每月在校务公开栏公布，公开记录尚未录入平台"),
]
# (words in the item, kind of record, words in the record's name)
LINKS = [
    ("送温暖活动", "voucher", "住院"),
    ("送温暖活动", "voucher", "春节"),
    ("秋季登山活动", "voucher", "登山"),
    ("每季度组织一次教职工生日会", "voucher", "生日"),
]


def _find(plan: Plan, words: str):
    return plan.items.filter(text__contains=words).order_by("order").first()


def build_plans() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Plan.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    plan = services.plan_import(
        actor=chair,
        union=school,
        year=YEAR,
        parsed=parse_text(TEXT, year=YEAR),
        source="示范镇第一中学工会2026年工作计划.docx",
    )
    for item in plan.items.all():
        role = next((r for words, r in OWNERS.items() if words in item.text), "")
        if role:
            services.item_save(
                actor=chair,
                plan=plan,
                item=item,
                text=item.text,
                section=item.section,
                number=item.number,
                months=item.months,
                due=item.due,
                rrule=item.rrule,
                in_schedule=item.in_schedule,
                owner_role=role,
            )
    for words, reason in DOING:
        item = _find(plan, words)
        if item is not None:
            services.item_set_status(actor=chair, item=item, status=ItemStatus.DOING, reason=reason)
    for words, day in DONE:
        item = _find(plan, words)
        if item is not None:
            services.item_set_status(actor=chair, item=item, status=ItemStatus.DONE, done_on=day)
    # The congress demo holds its sitting on the day the demo is built: when that is in the
    # plan's year, the sitting carries out the plan's 教代会 item.
    sitting_kind = links.kind("sitting")
    congress = _find(plan, "教职工代表大会")
    for sitting in sitting_kind.candidates(school, YEAR)[:1]:
        services.item_link(
            actor=chair,
            item=congress,
            obj=sitting,
            label=sitting_kind.name(sitting),
            on=sitting_kind.day(sitting),
        )
        services.item_set_status(
            actor=chair, item=congress, status=ItemStatus.DONE, done_on=sitting.date
        )
    for words, kind_key, record_words in LINKS:
        item, kind = _find(plan, words), links.kind(kind_key)
        if item is None:
            continue
        for record in kind.candidates(school, YEAR):
            if record_words in kind.name(record):
                services.item_link(
                    actor=chair, item=item, obj=record, label=kind.name(record), on=kind.day(record)
                )
