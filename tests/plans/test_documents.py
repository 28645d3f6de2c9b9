"""The plan as a Word file: opened with python-docx, its text, tables and fonts checked
against the database (the year-end summary: tests/plans/test_summary*.py)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import metrics
from gonghui.orgs.models import Member
from gonghui.plans.documents import format_figure, plan_docx
from gonghui.plans.models import Item, ItemLink, ItemStatus, Op, OwnerRole, Plan, Section, Target
from gonghui.plans.recurrence import describe as rrule_words

ROSTER_KEY = "test.roster"


def _roster(union, start, end):
    return Decimal(Member.objects.filter(union=union).count())


@pytest.fixture
def roster_metric():
    """A metric with a known compute: the union's members on record."""
    metric = metrics.Metric(
        key=ROSTER_KEY,
        label="测试在册人数",
        unit="人",
        area="测试",
        compute=_roster,
        describe="测试用：工会在册会员人数。",
    )
    metrics.register(metric)
    yield metric
    metrics.METRICS.pop(ROSTER_KEY, None)


def link(item, obj, label, day):
    return ItemLink.objects.create(
        item=item,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        label=label,
        linked_on=day,
    )


@pytest.fixture
def plan(world, roster_metric):
    school = world.school
    plan = Plan.objects.create(
        union=school,
        year=2025,
        title="第一中学工会2025年工作计划",
        guiding_idea="坚持以职工为中心，围绕学校中心工作开展工会工作。",
    )
    org = Section.objects.create(plan=plan, order=1, number="一", title="加强组织建设")
    culture = Section.objects.create(plan=plan, order=2, number="二", title="丰富文体活动")
    months = Section.objects.create(plan=plan, order=3, number="", title="月度工作安排")
    Item.objects.create(plan=plan, order=0, text="全年工作要点：服务教职工。")
    grow = Item.objects.create(
        plan=plan,
        section=org,
        order=1,
        number="1、",
        text="发展新会员，壮大会员队伍。",
        due=datetime.date(2025, 8, 31),
        owner_role=OwnerRole.ORGANISATION,
    )
    Item.objects.create(
        plan=plan,
        section=org,
        order=2,
        number="2、",
        text="组织理论学习。",
        rrule="FREQ=WEEKLY;INTERVAL=2",
        owner=world.members["王委员"],
        status=ItemStatus.DOING,
    )
    games = Item.objects.create(
        plan=plan,
        section=culture,
        order=3,
        number="（1）",
        text="举办教职工运动会。",
        status=ItemStatus.DONE,
        done_on=datetime.date(2025, 5, 20),
    )
    Item.objects.create(
        plan=plan,
        section=culture,
        order=4,
        number="（2）",
        text="组织春游。",
        status=ItemStatus.DROPPED,
        notes="天气原因",
    )
    for order, text, on in [
        (5, "庆祝三八妇女节", [3]),
        (6, "植树活动", [3]),
        (7, "暑期疗养", [7, 8]),
    ]:
        Item.objects.create(
            plan=plan, section=months, order=order, text=text, months=on, in_schedule=True
        )
    Target.objects.create(item=grow, metric=ROSTER_KEY, op=Op.GE, value=5, unit="人")
    Target.objects.create(item=grow, metric=ROSTER_KEY, op=Op.GE, value=100, unit="人")
    Target.objects.create(item=grow, text="签订率达95%以上", op=Op.GE, value=95, unit="%")
    link(games, world.chinese, "语文组承办教职工运动会", datetime.date(2025, 5, 18))
    link(games, world.members["周会员"], "周会员获男子100米第一名", datetime.date(2025, 5, 20))
    return plan


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def east_asia(run) -> str | None:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def table_with(doc, header: list[str]):
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells] == header:
            return table
    raise AssertionError(f"no table {header}")


def rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows[1:]]


# --- the plan ------------------------------------------------------------------------


def test_plan_title_sections_and_items_as_typed(plan):
    doc = open_docx(plan_docx(plan))
    lines = texts(doc)
    assert lines[0] == "第一中学工会2025年工作计划"
    # The plan's own sections are numbered from 一: the added heading takes no number.
    assert lines[1] == "指导思想"
    assert lines[2] == "坚持以职工为中心，围绕学校中心工作开展工会工作。"
    assert "一、加强组织建设" in lines and "二、丰富文体活动" in lines
    # The item without a section stands where its order puts it: before section 一.
    assert lines.index("全年工作要点：服务教职工。") < lines.index("一、加强组织建设")
    grow = next(t for t in lines if t.startswith("1、发展新会员"))
    assert "完成期限：2025年8月31日" in grow
    assert "责任人：组织委员" in grow
    assert "目标：测试在册人数 ≥ 5人" in grow
    assert "目标：签订率达95%以上" in grow
    study = next(t for t in lines if t.startswith("2、组织理论学习"))
    assert "每两周一次" in study and "责任人：王委员" in study
    assert any(t.startswith("（1）举办教职工运动会") for t in lines)
    # Section headings in 黑体, the deadline note in a smaller run.
    head = next(p for p in doc.paragraphs if p.text == "一、加强组织建设")
    assert east_asia(head.runs[0]) == "黑体"
    para = next(p for p in doc.paragraphs if p.text.startswith("1、发展新会员"))
    assert para.runs[-1].font.size < para.runs[0].font.size
    # Signature: the union and a date at the end.
    assert lines[-2] == "第一中学工会"
    assert lines[-1].endswith("日")


def test_plan_schedule_is_a_month_table(plan):
    doc = open_docx(plan_docx(plan))
    table = table_with(doc, ["月份", "工作安排"])
    by_month = {r[0]: r[1] for r in rows(table)}
    assert list(by_month) == ["3月", "7月", "8月"]
    assert by_month["3月"].splitlines() == ["1、庆祝三八妇女节", "2、植树活动"]
    assert by_month["7月"] == "1、暑期疗养" and by_month["8月"] == "1、暑期疗养"
    # Schedule activities are in the table, not repeated as paragraphs.
    assert not any("植树活动" in t for t in texts(doc))
    assert "月度工作安排" in texts(doc)


def test_plan_fonts(plan):
    doc = open_docx(plan_docx(plan))
    assert east_asia(doc.paragraphs[0].runs[0]) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("全年工作要点"))
    assert east_asia(body.runs[0]) == "仿宋_GB2312"
    note = next(p for p in doc.paragraphs if p.text.startswith("1、发展新会员")).runs[-1]
    assert east_asia(note) == "仿宋_GB2312"


def test_guiding_idea_heading_not_doubled(world):
    plan = Plan.objects.create(
        union=world.school, year=2026, title="计划", guiding_idea="以职工为中心。"
    )
    Section.objects.create(plan=plan, order=1, number="一", title="指导思想")
    Section.objects.create(plan=plan, order=2, number="二", title="主要工作")
    lines = texts(open_docx(plan_docx(plan)))
    assert lines[1:4] == ["一、指导思想", "以职工为中心。", "二、主要工作"]


def test_guiding_idea_numbered_heading_when_sections_have_no_numbers(world):
    plan = Plan.objects.create(
        union=world.school, year=2026, title="计划", guiding_idea="以职工为中心。"
    )
    Section.objects.create(plan=plan, order=1, number="", title="组织建设")
    lines = texts(open_docx(plan_docx(plan)))
    assert lines[1:4] == ["一、指导思想", "以职工为中心。", "组织建设"]


def test_added_heading_unnumbered_when_sections_start_at_one(world):
    plan = Plan.objects.create(
        union=world.school, year=2026, title="计划", guiding_idea="以职工为中心。"
    )
    Section.objects.create(plan=plan, order=1, number="一", title="组织建设")
    lines = texts(open_docx(plan_docx(plan)))
    assert lines[1:4] == ["指导思想", "以职工为中心。", "一、组织建设"]


# --- wording ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("95.5"), "%", "95.50%"),
        (Decimal("100"), "%", "100.00%"),
        (Decimal("1234.5"), "元", "1,234.50元"),
        (Decimal("300"), "人", "300人"),
        (Decimal("6.50"), "期", "6.5期"),
        (None, "人", "—（无数据）"),
    ],
)
def test_format_figure(value, unit, text):
    assert format_figure(value, unit) == text


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;INTERVAL=2", "每两周一次"),
        ("FREQ=WEEKLY;BYDAY=FR", "每周五"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "每两周周五"),
        ("FREQ=MONTHLY", "每月一次"),
        ("FREQ=MONTHLY;INTERVAL=2", "每两个月一次"),
        ("FREQ=MONTHLY;INTERVAL=3", "每季度一次"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "每月最后一个周五"),
        ("FREQ=YEARLY;BYMONTH=3,9", "每学期（3月、9月）"),
        ("FREQ=YEARLY;BYMONTH=1,7", "每学期末（1月、7月）"),
        ("FREQ=YEARLY;BYMONTH=5", "每年5月"),
        ("FREQ=DAILY", "每天"),
        ("FREQ=WEEKLY;COUNT=10", "每周一次，共10次"),
        ("", ""),
        ("FREQ=HOURLY", "重复：FREQ=HOURLY"),
    ],
)
def test_rrule_words(rule, words):
    assert rrule_words(rule) == words


@given(st.text())
def test_rrule_words_never_crashes(text):
    assert isinstance(rrule_words(text), str)


@given(
    st.lists(
        st.sampled_from(
            [
                "FREQ=WEEKLY",
                "INTERVAL=0",
                "INTERVAL=12",
                "BYDAY=9FR",
                "BYDAY=,",
                "BYMONTH=13",
                "BYMONTH=a",
                "BYMONTHDAY=1,",
                "COUNT=x",
                "UNTIL=2026",
                "FREQ=YEARLY",
                "=",
            ]
        )
    )
)
def test_rrule_words_never_crashes_on_rule_pieces(pieces):
    assert isinstance(rrule_words(";".join(pieces)), str)
