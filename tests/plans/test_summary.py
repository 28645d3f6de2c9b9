"""The 年度工作总结 as prose from the records: the ``core.summary`` registry, the plan's
sections said item by item from their status, the areas without a section, the draft of
存在的不足, and the .docx — with no figure that did not come from the database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.core import metrics
from gonghui.core import summary as registry
from gonghui.members.metrics import _counts
from gonghui.members.summary import paragraphs as member_paragraphs
from gonghui.orgs.models import Member
from gonghui.plans.documents import format_figure, summary_docx
from gonghui.plans.models import Item, ItemStatus, Op, Plan, Section, Target
from gonghui.plans.summary import build
from gonghui.plans.summary.draft import CLOSING_HEADING, NO_SHORTFALLS, section_key

from .summary_support import (
    assert_every_paragraph_from_records,
    open_docx,
    tables,
    texts,
    unexplained,
)
from .test_documents import ROSTER_KEY, link, roster_metric  # noqa: F401 (a fixture)

ROSTER = ROSTER_KEY
YEAR = 2025
AFTER_YEAR = datetime.date(2026, 1, 10)
IN_YEAR = datetime.date(2025, 6, 30)


@pytest.fixture
def plan(world, roster_metric):  # noqa: F811 (the fixture imported above)
    """A school's 2025 plan: an item met by its figure, one short of it, a recurring duty
    with some records, one done by hand, one cancelled with its reason, a month activity
    carried out by a record and one whose month passed with nothing."""
    plan = Plan.objects.create(union=world.school, year=YEAR, title="第一中学工会2025年工作计划")
    org = Section.objects.create(plan=plan, order=1, number="一", title="加强组织建设")
    culture = Section.objects.create(plan=plan, order=2, number="二", title="丰富文体活动")
    months = Section.objects.create(plan=plan, order=3, number="", title="月度工作安排")

    def add(section, text, **fields):
        return Item.objects.create(
            plan=plan, section=section, order=plan.items.count() + 1, text=text, **fields
        )

    grow = add(org, "发展新会员，壮大会员队伍。", number="1、", due=datetime.date(YEAR, 8, 31))
    Target.objects.create(item=grow, metric=ROSTER, op=Op.GE, value=5, unit="人")
    big = add(org, "会员达到100人。", number="2、")
    Target.objects.create(item=big, metric=ROSTER, op=Op.GE, value=100, unit="人")
    study = add(org, "每季度组织一次理论学习。", number="3、", rrule="FREQ=MONTHLY;INTERVAL=3")
    link(study, world.chinese, "语文组理论学习", datetime.date(YEAR, 2, 20))
    link(study, world.maths, "数学组理论学习", datetime.date(YEAR, 5, 20))
    add(
        culture,
        "举办教职工运动会。",
        number="（1）",
        status=ItemStatus.DONE,
        done_on=datetime.date(YEAR, 5, 20),
        status_by_hand=True,
    )
    add(
        culture,
        "组织春游。",
        number="（2）",
        status=ItemStatus.DROPPED,
        status_by_hand=True,
        notes="天气原因",
    )
    outing = add(months, "庆祝三八妇女节", months=[3], in_schedule=True)
    link(outing, world.members["周会员"], "三八节座谈会", datetime.date(YEAR, 3, 8))
    add(months, "组织暑期疗养", months=[7, 8], in_schedule=True, notes="经费不足，推迟到明年")
    return plan


def key(section) -> str:
    """The key of a section's paragraphs: its title's."""
    return section_key(section.title, set())


def draft_of(plan, today=AFTER_YEAR):
    return build(plan.union, plan.year, today, plan)


def shown(draft, key: str) -> str:
    block = draft.block(key)
    assert block is not None, key
    return block.shown


# --- the registry ---------------------------------------------------------------------------


def test_every_module_contributes_through_the_registry():
    assert {"members", "finance", "congress", "plans"} <= set(registry.CONTRIBUTORS)


def test_the_writer_keeps_each_figure_as_printed():
    w = registry.Writer()
    text = (
        f"{w.n(9, '件')}{w.pct(Decimal('55.5555'))}{w.pct(Decimal('99.371'), 2)}"
        f"{w.yuan(Decimal('16650'))}{w.day(datetime.date(2026, 12, 2))}"
    )
    assert text == "9件55.6%99.37%16,650.00元12月2日"
    assert w.figures == ["9", "55.6", "99.37", "16,650.00", "12", "2"]


def test_the_check_finds_a_figure_the_records_did_not_give():
    assert unexplained("征集提案9件，立案5件", ["9", "5"]) == []
    assert unexplained("征集提案9件，立案5件", ["9"]) == ["5"]
    # a kept figure answers once: a second "9" is the test's to find
    assert unexplained("9件中9件", ["9"]) == ["9"]
    # a record's own words are taken whole
    assert unexplained("凭证 记-2025-0018 春节慰问", ["凭证 记-2025-0018 春节慰问"]) == []


# --- the plan, section by section -----------------------------------------------------------


def test_the_document_follows_the_plan_sections_and_says_each_item(plan):
    draft = draft_of(plan)
    headings = [b.text for b in draft.blocks if b.heading]
    assert headings[:3] == ["一、加强组织建设", "二、丰富文体活动", "月度工作安排"]
    assert headings[-1] == CLOSING_HEADING
    org = plan.sections.get(order=1)
    done = shown(draft, f"{key(org)}.done")
    # met by its live figure (7 members ≥ 5)
    members = Member.objects.filter(union=plan.union).count()
    assert done == (
        f"本部分计划3项，已完成1项：发展新会员，壮大会员队伍，目标已达成，"
        f"测试在册人数{members}人（目标≥5人，已达到）。"
    )
    rest = shown(draft, f"{key(org)}.open")
    assert "每季度组织一次理论学习，4次中已落实2次" in rest
    assert f"会员达到100人，目标未达成，测试在册人数{members}人（目标≥100人）" in rest
    culture = plan.sections.get(order=2)
    assert "举办教职工运动会，5月20日完成" in shown(draft, f"{key(culture)}.done")
    assert "组织春游，已取消，原因：天气原因" in shown(draft, f"{key(culture)}.open")
    schedule = plan.sections.get(order=3)
    assert "3月庆祝三八妇女节，已落实，落实记录有3月8日三八节座谈会" in shown(
        draft, f"{key(schedule)}.done"
    )
    # what was not done, and why (the item's notes)
    assert "7月、8月组织暑期疗养，8月已过，没有落实记录，原因：经费不足，推迟到明年" in shown(
        draft, f"{key(schedule)}.open"
    )


def test_the_opening_counts_the_items_by_their_records(plan):
    opening = shown(draft_of(plan), "plans.items")
    assert opening == (
        "本年度工作计划列出事项7项。截至12月31日，已完成3项，逾期或未落实3项，取消1项。"
    )


def test_the_shortfalls_are_drafted_from_the_facts(plan):
    text = shown(draft_of(plan), "shortfalls")
    members = Member.objects.filter(union=plan.union).count()
    assert text.splitlines() == [
        f"一是部分目标尚未达到：测试在册人数{members}人（目标≥100人）；",
        "二是部分计划事项未按期落实：7月、8月组织暑期疗养（8月已过，原因：经费不足，推迟到明年）；",
        "三是部分经常性工作缺少落实记录：每季度组织一次理论学习（4次中已落实2次）。",
    ]


def test_no_shortfalls_leaves_a_line_for_the_chair(world):
    plan = Plan.objects.create(union=world.school, year=YEAR, title="计划")
    assert shown(draft_of(plan), "shortfalls") == NO_SHORTFALLS


def test_an_area_with_records_but_no_section_is_still_reported(world):
    plan = Plan.objects.create(union=world.school, year=YEAR, title="计划")
    Section.objects.create(plan=plan, order=1, number="一", title="丰富文体活动")
    draft = draft_of(plan)
    roll = draft.block("members.roll")
    assert roll is not None
    at = draft.blocks.index(roll)
    assert draft.blocks[at - 1].heading and draft.blocks[at - 1].text == "组织建设和会员工作"


def test_a_section_takes_the_area_its_title_names(plan):
    draft = draft_of(plan)
    keys = [b.key or b.text for b in draft.blocks]
    assert keys.index("members.roll") < keys.index("二、丰富文体活动")
    assert keys.index("一、加强组织建设") < keys.index("members.roll")


def test_the_roster_paragraph_holds_the_roster(world):
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    [p] = member_paragraphs(world.school, start, end)
    counts = _counts(world.school, end)
    assert p.text.startswith(f"截至12月31日，共有会员{counts['total']}人")
    assert f"工会小组{world.school.groups.filter(archived_at=None).count()}个" in p.text
    assert not unexplained(p.text, p.figures)


def test_every_paragraph_states_only_figures_from_the_records(plan):
    for today in (AFTER_YEAR, IN_YEAR):
        assert_every_paragraph_from_records(draft_of(plan, today))


# --- the .docx ------------------------------------------------------------------------------


def test_the_docx_is_the_draft_with_title_tables_and_signature(plan):
    draft = draft_of(plan)
    doc = open_docx(summary_docx(plan, today=AFTER_YEAR))
    lines = texts(doc)
    assert lines[0] == "第一中学工会2025年工作总结"
    body = [line for b in draft.blocks for line in b.shown.splitlines()]
    assert lines[1 : 1 + len(body)] == body
    assert lines[-2:] == ["第一中学工会", "2026年1月10日"]
    found = tables(doc)
    # no column of notes written for federations in a union's document
    assert ("类别", "指标", "数值") in found
    assert not any("说明" in header for header in found)
    assert "上级工会按所辖基层工会合计" not in "".join(lines)
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    assert found[("类别", "指标", "数值")] == [
        [m.area, m.label, format_figure(m.value(plan.union, start, end), m.unit)]
        for m in metrics.all_metrics()
    ]
    targets = found[("事项", "目标", "实际", "结果")]
    assert [r[1:] for r in targets][:2] == [
        ["测试在册人数 ≥ 5人", f"{Member.objects.filter(union=plan.union).count()}人", "已达成"],
        ["测试在册人数 ≥ 100人", f"{Member.objects.filter(union=plan.union).count()}人", "未达成"],
    ]


def test_figures_stop_at_today_within_the_year(plan):
    seen = []

    def spy(union, start, end):
        seen.append((start, end))
        return None

    metrics.register(metrics.Metric("test.spy", "探针", "%", "测试", spy, "测试用。"))
    try:
        draft = draft_of(plan, IN_YEAR)
    finally:
        metrics.METRICS.pop("test.spy")
    assert set(seen) == {(datetime.date(YEAR, 1, 1), IN_YEAR)}
    assert ["测试", "探针", "—（无数据）"] in draft.metric_rows
    # in June the year is not over: short of 100 is 进行中, not 未达成
    assert "目标未达成" not in shown(draft, f"{key(plan.sections.get(order=1))}.open")
