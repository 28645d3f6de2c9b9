"""Word documents in the layout of Chinese official papers (GB/T 9704-2012 《党政机关公文
格式》): A4, margins 37/35/28/26 mm, title in 小标宋 二号 (22 pt), body in 仿宋 三号
(16 pt) with 28.95 pt line spacing, page numbers "— 1 —" in 宋体 四号 under the text area
(odd pages on the right, even pages on the left, each one character in). Fonts are named,
not embedded: Word on the user's machine substitutes its own 宋体/仿宋 when a font is
missing. The East Asian language is 中文(中国), so a reader without these fonts falls back
to a Simplified Chinese face.

Every text goes into the document through ``run`` (and the helpers built on it), which
cleans it with ``core.exports.docx_text``: stored text may hold characters XML cannot.

Every table is finished when the document is written (``to_bytes``): its columns are sized
to their contents within the text width (``fit_table``), it is centred, its header row
repeats on each page and no row breaks across pages. A table given ``widths`` keeps them.
How the documents print is tested by rendering them through LibreOffice
(tests/documents/, docs/documents.md).
"""

from __future__ import annotations

import io
import unicodedata

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from .exports import docx_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)
BODY_SIZE = Pt(16)
LINE = Pt(28.95)
TABLE_SIZE = Pt(12)
SMALL_SIZE = Pt(14)
PAGE_NUMBER_SIZE = Pt(14)  # 四号
# The style of every paragraph in a table cell: 小四, single spaced. Its paragraph mark
# sets the height of a cell's last line, so a cell in the body style (三号 at 28.95 pt)
# made every row a 三号 line high whatever its text.
TABLE_STYLE = "表格文字"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

# GB/T 9704-2012 5.2.1 and 5.2.2: the page and the text area (版心 156 mm × 225 mm).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM
# 7.5: the page number's dashes sit 7 mm under the text area; the footer's foot is put so.
FOOTER_MM = 25


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


def new_document(*, page_numbers: bool = True) -> Document:
    """An empty A4 document in the GB/T 9704 layout. ``page_numbers=False`` for papers
    that must not carry one (a ballot paper: a number would tell whose it is)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    _defaults(doc)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = BODY_SIZE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    style.paragraph_format.line_spacing = LINE
    style.paragraph_format.space_after = Pt(0)
    cells = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = style
    cells.font.size = TABLE_SIZE
    cells.paragraph_format.line_spacing = 1.0
    cells.paragraph_format.first_line_indent = Pt(0)
    if page_numbers:
        doc.settings.odd_and_even_pages_header_footer = True
        section.footer_distance = Mm(FOOTER_MM)
        _page_number(section.footer, "right")
        _page_number(section.even_page_footer, "left")
    return doc


def _defaults(doc: Document) -> None:
    """The template's defaults name theme fonts (a Japanese 明朝 for East Asian text) and
    English as the East Asian language: text put in without ``run`` (``cell.text``) came
    out in those. Name the body font and 中文(中国) instead."""
    r_pr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    r_pr = r_pr.find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), BODY_FONT)
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _page_number(footer, side: str) -> None:
    """ "— 7 —" (GB/T 9704 7.5): odd pages one character in from the right, even pages
    one character in from the left."""
    p = footer.paragraphs[0]
    p.alignment = ALIGN[side]
    fmt = p.paragraph_format
    fmt.line_spacing, fmt.first_line_indent = 1.0, Pt(0)
    if side == "right":
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    run(p, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    p._p.append(field)
    number = run(p, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._element
    field.append(number)  # the run shown until the reader computes the field
    run(p, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def title(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(16)
    p.paragraph_format.keep_with_next = True
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
    """A body paragraph; ``indent`` gives the two-character first-line indent. One in
    ``HEADING_FONT`` is a heading: it stays on the page of the text that follows it."""
    p = doc.add_paragraph()
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    if font == HEADING_FONT:
        p.paragraph_format.keep_with_next = True
    run(p, text, font, BODY_SIZE, bold=bold)
    return p


def line(doc, text: str = "", *, size=SMALL_SIZE, font=BODY_FONT, align="left", bold=False):
    """A compact paragraph (ballots, counting sheets, footers): single spacing, no indent;
    in ``HEADING_FONT``, kept with what follows."""
    p = doc.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.line_spacing = 1.2
    if font == HEADING_FONT:
        p.paragraph_format.keep_with_next = True
    run(p, text, font, size, bold=bold)
    return p


def cut_line(doc, label: str, *, size=TABLE_SIZE):
    """A dashed line across the text width with ``label`` in its middle ("沿此线剪开"):
    the dashes are tab leaders, so the line fits the page whatever the font."""
    p = line(doc, size=size)
    p.alignment = ALIGN["left"]
    stops = p.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER, WD_TAB_LEADER.DASHES)
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DASHES)
    run(p, f"\t{label}\t", BODY_FONT, size)
    return p


def cell_text(cell, text: str, *, bold=False, align="center", size=TABLE_SIZE) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = ALIGN[align]
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    run(p, text, HEADING_FONT if bold else BODY_FONT, size, bold=bold)


def table(
    doc,
    header: list[str],
    rows: list[list[str]],
    *,
    height_mm: float | None = None,
    widths: list[float] | None = None,
):
    """A boxed table with a bold header row; ``height_mm`` fixes the body rows' height
    (room to sign or to mark a box). Columns are sized when the document is written
    (``fit_table``) unless ``widths`` (mm, summing to at most the text width) fix them."""
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
    if widths:
        set_widths(t, widths)
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


# --- tables that fit the page -----------------------------------------------------------

PADDING_MM = 2 * 1.9 + 0.6  # the cell's left and right margins ("Table Grid"), and a little
BOX_MM = 20.0  # the least room of a column left blank to be written in (签名, a ballot box)
PLACEHOLDERS = {"", "—", "-", "－", "／", "/"}  # what a blank box may hold ("—": not to fill)
PT_MM = 25.4 / 72
WIDE_LATIN = frozenset("%@MW")


def text_width_mm(text: str, size_pt: float) -> float:
    """How wide ``text`` sets in a CJK font: a full-width character is one em, "%" and the
    widest capitals too, any other 0.6 em. Digits are half an em in 仿宋 but 0.64 in the
    DejaVu Sans LibreOffice falls back to without it, where "%" is 0.95: so "93.88%" fits
    on one line in both."""
    ems = sum(
        1.0 if c in WIDE_LATIN or unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in text
    )
    return ems * size_pt * PT_MM


def _cell_width_mm(tc) -> float:
    widest = 0.0
    for p in tc.iter(qn("w:p")):
        sizes = [s.get(qn("w:val")) for s in p.iter(qn("w:sz"))]
        size = int(sizes[0]) / 2 if sizes else TABLE_SIZE.pt  # the table style's
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        widest = max(widest, text_width_mm(text, size))
    return widest + PADDING_MM


def column_widths(
    natural: list[float], least: list[float], blank: list[bool], total: float
) -> list[float]:
    """Widths (mm) summing to ``total``: when every column fits on one line, each gets its
    natural width and the room left goes to the blank columns (places to write), else to
    all in proportion; when not, the columns narrower than an equal share keep their
    width and the wide ones share the rest in proportion, none under its ``least``."""
    n = len(natural)
    if sum(natural) <= total:
        grow = [i for i in range(n) if blank[i]] or list(range(n))
        weight = sum(natural[i] for i in grow) or 1.0
        extra = total - sum(natural)
        return [natural[i] + (extra * natural[i] / weight if i in grow else 0) for i in range(n)]
    kept: dict[int, float] = {}
    while True:
        rest = [i for i in range(n) if i not in kept]
        room = total - sum(kept.values())
        narrow = [i for i in rest if natural[i] <= room / len(rest)]
        if not narrow or len(narrow) == len(rest):
            break
        kept.update({i: natural[i] for i in narrow})
    weight = sum(natural[i] for i in rest) or 1.0
    widths = [kept.get(i, room * natural[i] / weight) for i in range(n)]
    widths = [max(w, min(least[i], total / n)) for i, w in enumerate(widths)]
    scale = total / sum(widths)
    return [w * scale for w in widths] if scale < 1 else widths


def fit_table(t, total_mm: float = TEXT_WIDTH_MM) -> None:
    """Size the columns of ``t`` to their contents within ``total_mm`` (``column_widths``):
    the header row's texts are the least widths; a column whose body is empty (or "—") is
    a box to write in."""
    cols = len(t.columns)
    natural, least, filled = [0.0] * cols, [0.0] * cols, [False] * cols
    for r, tr in enumerate(t._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            if tc.grid_span == 1 and col < cols:
                width = _cell_width_mm(tc)
                natural[col] = max(natural[col], width)
                if r == 0:
                    least[col] = width
                elif "".join(x.text or "" for x in tc.iter(qn("w:t"))).strip() not in PLACEHOLDERS:
                    filled[col] = True
            col += tc.grid_span
    blank = [not f and len(t.rows) > 1 for f in filled]
    natural = [max(w, BOX_MM) if b else w for w, b in zip(natural, blank, strict=True)]
    set_widths(t, column_widths(natural, least, blank, total_mm))


def set_widths(t, widths_mm: list[float]) -> None:
    """Fix the columns at ``widths_mm``: the grid, every cell (a merged one spans the sum)
    and the table's own width, with the fixed layout so no reader widens it."""
    twips = [int(Emu(Mm(w)).twips) for w in widths_mm]
    t.autofit = False
    for col, width in zip(t.columns, twips, strict=True):
        col.width = Emu(width * 635)
    for tr in t._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            tc.width = Emu(sum(twips[col : col + tc.grid_span]) * 635)
            col += tc.grid_span
    tbl_w = t._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        t._tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(twips)))


def _row_flags(t) -> None:
    """The header row repeats on each page; no row breaks across two pages."""
    for i, row in enumerate(t.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader")
        if i == 0 and tr_pr.find(qn("w:tblHeader")) is None:
            tr_pr.append(OxmlElement("w:tblHeader"))


def finish_tables(doc) -> None:
    """Fit, centre and flag every table; a cell paragraph left in the body style takes the
    table style."""
    for t in doc.tables:
        for p in t._tbl.iter(qn("w:p")):
            p_pr = p.get_or_add_pPr()
            if p_pr.pStyle is None:
                p_pr.style = doc.styles[TABLE_STYLE].style_id
        layout = t._tbl.tblPr.find(qn("w:tblLayout"))
        if layout is None or layout.get(qn("w:type")) != "fixed":
            fit_table(t)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        _row_flags(t)


def to_bytes(doc: Document) -> bytes:
    finish_tables(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
