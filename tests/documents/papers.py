"""Every kind of .docx the product writes, built from the ``world`` fixture through the
real services and document functions, with contents long enough to test the layout: a
plan of three sections and a twelve-month schedule, a year of books, proposals with long
titles, a sitting with a vote, an evaluation and an election counted, and an evaluation of
15 managers and an election of 11 from 13 candidates not yet held. No tests here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from gonghui.congress import papers
from gonghui.congress.papers_ballots import roster_count
from gonghui.congress.services import elections as election_services
from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import proposals as proposal_services
from gonghui.finance import documents as finance_documents
from gonghui.finance.queries.statements import statements
from gonghui.members import services as member_services
from gonghui.plans import documents as plan_documents
from gonghui.plans import services as plan_services
from gonghui.plans.importer import ParsedItem, ParsedPlan, ParsedSection, ParsedTarget

from ..congress.papers_support import small_hall
from ..congress.proposal_world import answered, collecting, submitted
from ..congress.support import seat
from ..congress.test_polls_fixtures import check_in

YEAR = 2026


@dataclass
class Paper:
    """A document and what its print must show: how many pages, and some of its words."""

    content: bytes
    pages: range
    phrases: tuple[str, ...] = ()
    numbered: bool = True  # carries page numbers (a ballot paper must not)
    together: tuple[str, ...] = ()  # words that must print on one page


def plan_text() -> ParsedPlan:
    """A plan as people type it: numbered items (two carrying their number in the text as
    well), deadlines, a recurrence, targets and a month schedule."""
    sections = [
        ParsedSection("一", "加强组织建设，提升服务能力"),
        ParsedSection("二", "一、推进民主管理"),  # a title that repeats its number
        ParsedSection("三", "关心教职工生活，维护合法权益"),
    ]
    items = [
        ParsedItem(
            0,
            "1、",
            "1、做好会员发展工作，年内发展新会员10人，会员入会率保持在90%以上。",
            targets=[ParsedTarget("发展新会员10人", "members.new", ">=", 10, "人")],
        ),
        ParsedItem(0, "2、", "2.每学期召开一次工会委员会会议，研究部署工会工作。"),
        ParsedItem(0, "3、", "加强工会小组建设，每月开展一次小组活动。", rrule="FREQ=MONTHLY"),
        ParsedItem(
            1,
            "1、",
            "年内召开一次教职工代表大会，审议学校工作报告和工会经费收支情况报告。",
            due=datetime.date(YEAR, 12, 31),
        ),
        ParsedItem(1, "2、", "做好提案征集和办理工作，提案按期办结率达到100%。"),
        ParsedItem(
            2,
            "（1）",
            "（1）开展送温暖活动，春节、中秋走访慰问困难教职工和退休教职工，慰问不少于30人次。",
        ),
        ParsedItem(2, "（2）", "5月前完成集体合同续签的协商，8月底前签订。", months=[5, 8]),
    ]
    schedule = [
        ([1], "召开工会委员会会议，制定年度工作计划；春节前走访慰问困难教职工。"),
        ([3], "庆祝“三八”妇女节，组织女教职工踏青。"),
        ([3], "3、8妇女节座谈会"),
        ([5], "庆祝“五一”劳动节，表彰先进教职工，组织教职工趣味运动会。"),
        ([7, 8], "七、八月份组织教职工暑期疗休养。"),
        ([9], "1、庆祝教师节，慰问新入职教师。"),
        ([12], "年度工作总结，评选优秀工会小组和优秀工会积极分子。"),
    ]
    items += [ParsedItem(None, "", text, months=m, schedule=True) for m, text in schedule]
    return ParsedPlan(
        title=f"第一中学工会{YEAR}年工作计划",
        guiding_idea="以服务教职工为中心，围绕学校教育教学中心工作，履行维护、建设、参与、"
        "教育职能，推进民主管理，关心教职工生活，建设温馨和谐的“教工之家”。",
        sections=sections,
        items=items,
    )


def plan_papers(world) -> dict[str, Paper]:
    plan = plan_services.plan_import(
        actor=world.chair, union=world.school, year=YEAR, parsed=plan_text(), source="测试"
    )
    summary = plan_documents.summary_docx(plan, today=datetime.date(YEAR, 12, 31))
    return {
        "plan": Paper(plan_documents.plan_docx(plan), range(1, 4), ("工作计划", "月度工作安排")),
        "summary": Paper(summary, range(1, 9), ("工作总结",)),
    }


def union_papers(world) -> dict[str, Paper]:
    """The audit report (needs the ``books`` fixture), the 转会介绍信 and the 提案汇编."""
    report = finance_documents.audit_report(actor=None, statements=statements(world.school, YEAR))
    member = world.members["周会员"]
    event = member_services.member_transfer(
        actor=world.chair,
        member=member,
        to_name="外县第二中学工会",
        on=datetime.date(YEAR, 6, 30),
        reason="工作调动",
    )
    letter = member_services.transfer_letter_issue(actor=world.chair, event=event)
    sitting, reps = collecting(world)
    titles = [
        "关于改善教师午餐条件的提案",
        "关于延长体育馆对教职工开放时间并增设夜间照明和淋浴设施以方便教职工锻炼身体的提案",
        "关于设立教职工子女寒暑假托管班的提案",
    ]
    for title in titles[:2]:
        answered(world, sitting, reps, title)
    submitted(world, sitting, reps, titles[2])
    book = proposal_services.proposals_book_export(actor=world.chair, sitting=sitting)
    count = sitting.proposals.count()
    return {
        "audit-report": Paper(report, range(1, 5), ("经费审查工作报告", "收支结余")),
        "transfer-letter": Paper(letter, range(1, 2), ("工会会员组织关系介绍信", "回执")),
        # cover, index, a page each, figures
        "proposals": Paper(book, range(count + 3, count + 4), ("提案汇编", titles[1])),
    }


def _big_evaluation(world, sitting):
    subjects = [(f"中层干部{i:02d}", "教务处副主任（分管教学）") for i in range(1, 16)]
    return evaluation_services.evaluation_create(
        actor=world.chair, sitting=sitting, title="中层干部民主评议", subjects=subjects
    )


def _big_election(world, c):
    people = [rep.member for rep in c.reps[-13:]]
    return election_services.election_create(
        actor=world.chair,
        sitting=c.sitting,
        title="选举第九届工会委员会委员",
        seats=11,
        candidates=people,
    )


def congress_papers(world) -> dict[str, Paper]:
    """The session documents of a sitting: a counted paper vote, a closed evaluation and
    election, and an evaluation of 15 managers and an election of 11 from 13 not yet held."""
    hall = small_hall(world)
    c = hall.c
    _term, more = seat(world, 14)
    check_in(c.sitting, more)
    c.reps.extend(more)
    big_ev, big_el = _big_evaluation(world, c.sitting), _big_election(world, c)
    built: dict[str, Paper] = {}
    for kind, pages, phrase in (
        ("notice", range(1, 4), "会议议程"),
        ("signin", range(1, 4), "签到表"),
        ("resolutions", range(1, 4), "决议"),
        ("announcement", range(1, 5), "公示"),
    ):
        content, _name = papers.build(c.sitting, kind)
        built[kind] = Paper(content, pages, (phrase,))
    items = {
        "poll": hall.poll,
        "evaluation": hall.evaluation,
        "election": hall.election,
        "big-evaluation": big_ev,
        "big-election": big_el,
    }
    for name, obj in items.items():
        ballot_pages = roster_count(obj)  # one ballot a page, two 表决票 a page
        if name == "poll":
            ballot_pages = -(-ballot_pages // 2)
        content, _name = papers.build(c.sitting, "ballots", obj)
        built[f"{name}-ballots"] = Paper(
            content, range(ballot_pages, ballot_pages + 1), ("票",), numbered=False
        )
        content, _name = papers.build(c.sitting, "count", obj)
        # The scrutineers sign on one page (a long list of names may take three).
        built[f"{name}-count"] = Paper(
            content, range(1, 4), ("计票单",), together=("计票人（签字）", "总监票人（签字）")
        )
    return built
