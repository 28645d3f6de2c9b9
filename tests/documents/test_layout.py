"""The GB/T 9704 layout of ``core.documents`` in the .docx itself (no rendering): the page
and its margins, page numbers, tables sized to the text width, and the plan's numbering
and date."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_LEADER
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import audit
from gonghui.core import documents as d
from gonghui.core.models import AuditEntry
from gonghui.plans.documents import item_text, plan_docx, schedule_rows, without_number
from gonghui.plans.models import Item, Plan, Section


def opened(content: bytes):
    return Document(io.BytesIO(content))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def grid_mm(table) -> list[float]:
    return [int(c.get(qn("w:w"))) / 1440 * 25.4 for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]


# --- the page ------------------------------------------------------------------------------


def test_a_document_is_a4_with_the_gbt_9704_margins_and_page_numbers():
    doc = opened(d.to_bytes(d.new_document()))
    section = doc.sections[0]
    page = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    # stored in twips: to a hundredth of a millimetre
    assert [x.mm for x in page] == pytest.approx([210, 297], abs=0.01)
    assert [x.mm for x in margins] == pytest.approx([37, 35, 28, 26], abs=0.01)
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    shown = ["".join(t.text for t in p._p.iter(qn("w:t"))) for p in (odd, even)]
    assert shown == ["— 1 —", "— 1 —"]  # the PAGE field shows 1 until the reader computes it
    assert odd.alignment == d.ALIGN["right"] and even.alignment == d.ALIGN["left"]
    assert odd._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_a_ballot_paper_has_no_page_number():
    doc = opened(d.to_bytes(d.new_document(page_numbers=False)))
    assert not doc.settings.odd_and_even_pages_header_footer
    assert all(not p.text for p in doc.sections[0].footer.paragraphs)


def test_text_put_in_without_run_is_in_the_body_font_and_chinese():
    """``cell.text = …`` used to come out in the template's Japanese theme font."""
    doc = opened(d.to_bytes(d.new_document()))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == d.BODY_FONT
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    lang = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


# --- tables --------------------------------------------------------------------------------


def test_every_table_is_sized_to_the_text_width_with_room_where_it_is_needed():
    doc = d.new_document()
    d.table(
        doc,
        ["编号", "案由", "提案人", "状态"],
        [["第1号", "关于" + "改善" * 30, "周会员", "已立案"]],
    )
    d.table(doc, ["序号", "姓名", "本人签名"], [["1", "周会员", ""]])
    d.table(doc, ["序号", "候选人姓名", "赞成", "不赞成", "弃权"], [["另选他人", "", "", "—", "—"]])
    # a table built by hand, as the audit report's, is fitted as well
    loose = doc.add_table(rows=1, cols=2)
    loose.rows[0].cells[0].text, loose.rows[0].cells[1].text = "项目", "金额（元）"
    index, signin, ballot, report = opened(d.to_bytes(doc)).tables
    for table in (index, signin, ballot, report):
        assert sum(grid_mm(table)) == pytest.approx(d.TEXT_WIDTH_MM, abs=0.5)
        assert table.alignment == WD_TABLE_ALIGNMENT.CENTER
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    number, subject, proposer, status = grid_mm(index)
    assert subject > 90 and max(number, proposer, status) < 25  # the long text gets the room
    assert grid_mm(signin)[2] > 100  # the empty column is where people sign
    yes, no, abstain = grid_mm(ballot)[2:]
    assert yes == pytest.approx(no) == pytest.approx(abstain)  # "—" marks a box too


def test_cells_are_in_the_table_style_so_rows_are_as_high_as_their_text():
    doc = d.new_document()
    d.table(doc, ["赞成", "反对", "弃权"], [["", "", ""]])
    cell = opened(d.to_bytes(doc)).tables[0].rows[1].cells[0]
    assert cell.paragraphs[0].style.name == d.TABLE_STYLE
    assert cell.paragraphs[0].style.font.size == d.TABLE_SIZE


def test_given_widths_are_kept():
    doc = d.new_document()
    d.table(doc, ["月份", "工作安排"], [["1月", "慰问"]], widths=[20, 136])
    assert grid_mm(opened(d.to_bytes(doc)).tables[0]) == pytest.approx([20, 136], abs=0.1)


@pytest.mark.parametrize(
    ("natural", "blank", "expected"),
    [
        # all fit: the rest goes to the blank columns (boxes, signatures)
        ([20, 30, 20], [False, False, True], [20, 30, 106]),
        # all fit, none blank: in proportion
        ([10, 30], [False, False], [39, 117]),
        # too wide: the narrow columns keep their width, the wide one takes the rest
        ([15, 300, 20], [False, False, False], [15, 121, 20]),
    ],
)
def test_column_widths(natural, blank, expected):
    widths = d.column_widths(natural, [0] * len(natural), blank, 156)
    assert widths == pytest.approx(expected)
    assert sum(widths) == pytest.approx(156)


@given(
    st.lists(
        st.tuples(st.floats(5, 400), st.floats(0, 60), st.booleans()),  # natural, least, blank
        min_size=1,
        max_size=12,
    )
)
def test_column_widths_always_fill_the_text_width_exactly(columns):
    natural, least, blank = (list(x) for x in zip(*columns, strict=True))
    widths = d.column_widths(natural, least, blank, 156)
    assert sum(widths) == pytest.approx(156)
    assert all(w > 0 for w in widths)


def test_a_cut_line_spans_the_text_width_whatever_the_font():
    doc = d.new_document()
    p = d.cut_line(doc, "沿此线剪开")
    stops = [(s.position, s.leader) for s in p.paragraph_format.tab_stops]
    assert stops[-1][0].mm == pytest.approx(d.TEXT_WIDTH_MM, abs=0.01)
    assert all(leader == WD_TAB_LEADER.DASHES for _, leader in stops)


# --- the plan ------------------------------------------------------------------------------


WRITTEN = timezone.localdate() - datetime.timedelta(days=400)  # long before any download


@pytest.fixture
def plan(world):
    plan = Plan.objects.create(union=world.school, year=2026, title="第一中学工会2026年工作计划")
    written = datetime.datetime.combine(WRITTEN, datetime.time(9))
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.make_aware(written))
    plan.refresh_from_db()
    organise = Section.objects.create(plan=plan, order=1, number="一", title="一、加强组织建设")
    rows = [
        (organise, "1、", "1、做好会员发展工作。", False, []),
        (organise, "2", "2.每学期召开一次工会委员会会议。", False, []),
        (organise, "（3）", "（三）加强小组建设。", False, []),
        (organise, "4、", "5月前完成集体合同续签。", False, []),
        (None, "", "1、庆祝“三八”妇女节。", True, [3]),
        (None, "", "3、8妇女节座谈会", True, [3]),
        (None, "", "七、八月份组织暑期疗休养。", True, [7]),
    ]
    for order, (section, number, text, schedule, months) in enumerate(rows, start=1):
        Item.objects.create(
            plan=plan,
            section=section,
            order=order,
            number=number,
            text=text,
            in_schedule=schedule,
            months=months,
        )
    return plan


def test_the_plan_prints_each_number_once(plan):
    lines = texts(opened(plan_docx(plan)))
    assert "一、加强组织建设" in lines
    assert "1、做好会员发展工作。" in lines
    assert "2、每学期召开一次工会委员会会议。" in lines
    assert "（3）加强小组建设。" in lines
    assert "4、5月前完成集体合同续签。" in lines
    assert not [t for t in lines if t.startswith(("1、1", "2、2", "一、一"))]


def test_the_schedule_numbers_each_month_itself_and_keeps_festivals_and_month_pairs(plan):
    rows = dict(schedule_rows(list(plan.items.filter(in_schedule=True))))
    assert rows["3月"] == ["1、庆祝“三八”妇女节。", "2、3、8妇女节座谈会"]
    assert rows["7月"] == ["1、七、八月份组织暑期疗休养。"]


@pytest.mark.parametrize(
    ("text", "number", "printed"),
    [
        ("1、做好", "1、", "做好"),
        ("1、做好", "2、", "1、做好"),  # another number: the text's own stays
        ("一、推进民主管理", "一", "推进民主管理"),
        ("十二、年终总结", "十二", "年终总结"),
        ("① 慰问", "1", "慰问"),
        ("3.8妇女节活动", "3", "3.8妇女节活动"),
        ("5.12护士节", "", "5.12护士节"),
        ("七、八月份疗休养", "", "七、八月份疗休养"),
        ("2、十一月份培训", "2", "十一月份培训"),
    ],
)
def test_without_number(text, number, printed):
    assert without_number(text, number) == printed


def test_item_text_adds_the_separator_once(plan):
    item = Item(plan=plan, order=9, number="5", text="5、做好档案工作")
    assert item_text(item) == "5、做好档案工作"


def test_the_plan_carries_its_own_date_not_the_download_date(plan):
    lines = texts(opened(plan_docx(plan)))
    assert lines[-2:] == ["第一中学工会", d.cn_date(WRITTEN)]


def test_the_plan_download_is_logged_under_its_own_action(plan, world, client_for):
    url = reverse("plans:document", args=[world.school.code, plan.year, "plan"])
    response = client_for(world.committee).get(url)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="plan.download")
    assert entry.actor == world.committee and entry.object_id == str(plan.pk)
    assert not AuditEntry.objects.filter(action__in=["plan.export", "plan.summary_export"])
    assert audit.ACTIONS["plan.download"] == "下载年度工作计划"


def test_a_percentage_is_measured_as_wide_as_the_fallback_font_sets_it():
    """Without 仿宋 (LibreOffice on a machine without the Chinese fonts) Latin text falls back
    to DejaVu Sans: digits 0.636 em, "." 0.318, "%" 0.95. A column sized for "93.88%" by the
    estimate must hold it there too, or the summary's 实际 column prints "93.88" over "%"."""
    dejavu_em = 4 * 0.636 + 0.318 + 0.95
    assert d.text_width_mm("93.88%", 12) >= dejavu_em * 12 * 25.4 / 72
