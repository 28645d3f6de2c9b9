"""Uploads → text: .docx paragraphs and tables in order, .txt in any common encoding."""

import copy
import io

import docx
import pytest

from gonghui.plans.importer import ImportProblem, parse_text, read_document
from gonghui.plans.importer.tables import WHOLE


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("实验小学工会2026年工作计划")
    document.add_paragraph("一、建家活动")
    document.add_paragraph("1、每月一次开放职工书屋。")
    table = document.add_table(rows=3, cols=2)
    for row, (month, what) in zip(
        table.rows,
        [("月份", "活动"), ("9月", "教师节表彰"), ("10月", "国庆诗会")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = month, what
    document.add_paragraph("二、财务管理")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_table_rows_in_order():
    text = read_document(docx_bytes(), "计划.DOCX")
    assert [line.replace(WHOLE, "") for line in text.splitlines()] == [
        "实验小学工会2026年工作计划",
        "一、建家活动",
        "1、每月一次开放职工书屋。",
        "月份 活动",
        "9月",  # a month row: the month, then its activities one a line
        "教师节表彰",
        "10月",
        "国庆诗会",
        "二、财务管理",
    ]
    plan = parse_text(text, year=2026)
    assert plan.items[0].text == "每月一次开放职工书屋。"  # the header row is dropped
    assert plan.items[0].rrule == "FREQ=MONTHLY"
    assert [(i.months, i.text) for i in plan.items if i.schedule] == [
        ([9], "教师节表彰"),
        ([10], "国庆诗会"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_txt_encodings(encoding):
    assert read_document("一、组织建设".encode(encoding), "plan.txt") == "一、组织建设"


def test_refusals_are_chinese():
    with pytest.raises(ImportProblem, match=r"只能导入 \.docx 或 \.txt 文件"):
        read_document(b"%PDF", "plan.pdf")
    with pytest.raises(ImportProblem, match="无法读取"):
        read_document(b"not a zip", "plan.docx")
    with pytest.raises(ImportProblem, match="编码"):
        read_document(b"\x81\xff\x81\xff", "plan.txt")


def test_a_docx_month_table_drops_who_takes_part_and_splits_a_cells_activities():
    document = docx.Document()
    document.add_paragraph("实验小学工会2026年工作计划")
    table = document.add_table(rows=3, cols=3)
    rows = [
        ("月份", "活动内容", "参加人员"),
        ("三月", "三八节座谈\n女职工踏青", "全体女职工"),
        ("四月", "乒乓球赛", "全体教职工"),
    ]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_text(read_document(buffer.getvalue(), "计划.docx"), year=2026)
    assert [(i.months, i.text) for i in plan.items] == [
        ([3], "三八节座谈"),
        ([3], "女职工踏青"),
        ([4], "乒乓球赛"),
    ]


def _list_levels(document, levels: dict[int, tuple[str, str]]) -> str:
    """The numId of "List Number" with its levels given the number format and text Word
    would have ({0: ("chineseCounting", "%1、"), 1: ("decimal", "%2.")})."""
    from docx.oxml.ns import qn

    num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    ref = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == ref
    )
    first = abstract.find(qn("w:lvl"))
    for ilvl, (fmt, text) in levels.items():
        level = next(
            (x for x in abstract.findall(qn("w:lvl")) if x.get(qn("w:ilvl")) == str(ilvl)), None
        )
        if level is None:  # the template's list has one level: add the others like it
            level = copy.deepcopy(first)
            level.set(qn("w:ilvl"), str(ilvl))
            abstract.append(level)
        level.find(qn("w:numFmt")).set(qn("w:val"), fmt)
        level.find(qn("w:lvlText")).set(qn("w:val"), text)
    return str(num_id)


def _listed(document, text: str, num_id: str, ilvl: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph(text)
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(ilvl)), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    paragraph._p.get_or_add_pPr().append(num_pr)


def test_word_automatic_numbering_is_read_as_the_numbers_it_shows():
    document = docx.Document()
    document.add_paragraph("实验小学工会2026年工作计划")
    num_id = _list_levels(document, {0: ("chineseCounting", "%1、"), 1: ("decimal", "%2.")})
    for text, level in [
        ("组织建设", 0),
        ("发展新会员20人。", 1),
        ("每两周组织一次理论学习。", 1),
        ("文体活动", 0),
        ("组织登山。", 1),
    ]:
        _listed(document, text, num_id, level)
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_document(buffer.getvalue(), "计划.docx")
    assert "一、组织建设" in text and "二、文体活动" in text and "2.每两周" in text
    plan = parse_text(text, year=2026)
    assert [(s.number, s.title) for s in plan.sections] == [("一", "组织建设"), ("二", "文体活动")]
    assert [(i.section, i.number, i.text) for i in plan.items] == [
        (0, "1.", "发展新会员20人。"),
        (0, "2.", "每两周组织一次理论学习。"),
        (1, "1.", "组织登山。"),
    ]


def test_a_document_without_a_numbering_part_is_read_as_its_plain_text():
    # WPS and converters may write no numbering.xml at all: the typed numbers are the text
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    for line in ("实验小学工会2026年工作计划", "一、组织建设", "1.发展新会员20人。"):
        document.add_paragraph(line)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.NUMBERING:
            del document.part.rels[r_id]
    buffer = io.BytesIO()
    document.save(buffer)
    assert b"numbering.xml" not in buffer.getvalue()
    plan = parse_text(read_document(buffer.getvalue(), "计划.docx"), year=2026)
    assert [(s.number, s.title) for s in plan.sections] == [("一", "组织建设")]
    assert [i.text for i in plan.items] == ["发展新会员20人。"]


def _num(document, abstract_id: str, num_id: str, *, link: str | None = None):
    """A list instance ``num_id`` of abstract list ``abstract_id``, which, with ``link``,
    is a new abstract list that only names a numbering style (``w:numStyleLink``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    if link is not None:
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), abstract_id)
        style_link = OxmlElement("w:numStyleLink")
        style_link.set(qn("w:val"), link)
        abstract.append(style_link)
        numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    numbering.append(num)
    return num


def test_a_list_restarted_by_an_override_or_linked_to_a_style_shows_its_numbers():
    """WPS and Word restart a list with ``w:lvlOverride``/``w:startOverride`` and give a
    list its levels through a numbering style (``w:numStyleLink``): the numbers come out
    as Word draws them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("实验小学工会2026年工作计划")
    style_num = _list_levels(document, {0: ("chineseCounting", "%1、"), 1: ("decimal", "%2.")})
    numbering = document.part.numbering_part.element
    style_abstract = (
        next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == style_num)
        .find(qn("w:abstractNumId"))
        .get(qn("w:val"))
    )
    # the style's list names the style back, as Word writes a numbering style
    abstract = next(
        a for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == style_abstract
    )  # fmt: skip
    back = OxmlElement("w:styleLink")
    back.set(qn("w:val"), "ListNumber")
    abstract.insert(0, back)
    _num(document, "90", "90", link="ListNumber")  # levels from the style's list
    restarted = _num(document, style_abstract, "91")  # the same list from 三 on
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "3")
    override.append(start)
    restarted.append(override)
    for text, num_id, level in [
        ("组织建设", "90", 0),
        ("发展新会员20人。", "90", 1),
        ("文体活动", "91", 0),
        ("组织登山。", "91", 1),
    ]:
        _listed(document, text, num_id, level)
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_document(buffer.getvalue(), "计划.docx")
    assert "一、组织建设" in text and "1.发展新会员20人。" in text
    assert "三、文体活动" in text and "1.组织登山。" in text
