"""Word documents in the layout of Chinese official papers (GB/T 9704-2012 《党政机关公文
格式》): A4, margins 37/35/28/26 mm, title in 小标宋 二号 (22 pt), body in 仿宋 三号
(16 pt) with 28.95 pt line spacing. Fonts are named, not embedded: Word on the user's
machine substitutes its own 宋体/仿宋 when a font is missing.

Every text goes into the document through ``run`` (and the helpers built on it), which
cleans it with ``core.exports.docx_text``: stored text may hold characters XML cannot.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .exports import docx_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_SIZE = Pt(22)
BODY_SIZE = Pt(16)
LINE = Pt(28.95)
TABLE_SIZE = Pt(12)
SMALL_SIZE = Pt(14)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def run(paragraph, text: object, font: str = BODY_FONT, size=BODY_SIZE, *, bold=None):
    """A run of ``text`` (cleaned: any stored string) in ``font`` at ``size``; ``bold``
    None inherits the paragraph's style."""
    r = paragraph.add_run(docx_text(text))
    if bold is not None:
        r.bold = bold
    _font(r, font, size)
    return r


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = BODY_SIZE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    style.paragraph_format.line_spacing = LINE
    style.paragraph_format.space_after = Pt(0)
    return doc


def title(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(16)
    run(p, text, TITLE_FONT, TITLE_SIZE)


def para(
    doc: Document,
    text: str = "",
    *,
    indent: bool = True,
    align: str = "left",
    bold: bool = False,
    font: str = BODY_FONT,
):
    """A body paragraph; ``indent`` gives the two-character first-line indent."""
    p = doc.add_paragraph()
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    run(p, text, font, BODY_SIZE, bold=bold)
    return p


def line(doc, text: str = "", *, size=SMALL_SIZE, font=BODY_FONT, align="left", bold=False):
    """A compact paragraph (ballots, counting sheets, footers): single spacing, no indent."""
    p = doc.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.line_spacing = 1.2
    run(p, text, font, size, bold=bold)
    return p


def cell_text(cell, text: str, *, bold=False, align="center", size=TABLE_SIZE) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = ALIGN[align]
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    run(p, text, HEADING_FONT if bold else BODY_FONT, size, bold=bold)


def table(doc, header: list[str], rows: list[list[str]], *, height_mm: float | None = None):
    """A boxed table with a bold header row; ``height_mm`` fixes the body rows' height
    (room to sign or to mark a box)."""
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell_text(cell, text, bold=True)
    for values in rows:
        row = t.add_row()
        if height_mm:
            row.height = Mm(height_mm)
        for cell, text in zip(row.cells, values, strict=True):
            cell_text(cell, str(text))
    return t


def merged_row(t, text: str) -> None:
    """A row across the whole table (a group heading in a sign-in sheet)."""
    cells = t.add_row().cells
    cell = cells[0].merge(cells[-1])
    cell_text(cell, text, bold=True, align="left")


def signature(doc, union_name: str, day) -> None:
    """The issuer and the date, right-aligned under the text."""
    para(doc, indent=False)
    para(doc, union_name, indent=False, align="right")
    para(doc, cn_date(day), indent=False, align="right")


def cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
