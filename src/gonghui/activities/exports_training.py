"""结业证书 as a Word document: one certificate per page, A4 landscape (the usual layout of
a training certificate printed on plain paper or pre-printed card), framed by a double
border, in the fonts of ``core.documents`` (小标宋 title, 仿宋 text; named, the reader's
own CJK face substitutes). The text is the usual wording of a union's training
certificate: who, the course and its dates, the hours attended of the hours in all, 准予结业,
特发此证, the union (to stamp over) and the date, and the number.

Every text goes through ``core.documents.run`` (``core.exports.docx_text``): a name typed
as ``=cmd|…`` stays text, a control character is taken out."""

from __future__ import annotations

from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gonghui.core import documents as d

from . import training_rules as rules
from .models_training import TrainingCertificate

MARGIN_MM = 22
TITLE_SIZE = Pt(40)
TEXT_SIZE = Pt(20)  # 二号 is 22: one size down leaves the long course names a line
LINE = Pt(36)
BORDER_COLOUR = "A50000"


def _landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(d.PAGE_HEIGHT_MM), Mm(d.PAGE_WIDTH_MM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "double")
        line.set(qn("w:sz"), "18")  # eighths of a point
        line.set(qn("w:space"), "24")  # points from the page's edge
        line.set(qn("w:color"), BORDER_COLOUR)
        borders.append(line)
    sect = section._sectPr
    # pgBorders comes after pgMar in the schema's order
    sect.insert(sect.index(sect.find(qn("w:pgMar"))) + 1, borders)


def _p(doc, align: str = "left", *, before: float = 0, after: float = 0, indent: bool = False):
    p = doc.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, **d.ALIGN}[align]
    fmt = p.paragraph_format
    fmt.line_spacing = LINE  # exact: the page holds the whole text whatever the face
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Pt(TEXT_SIZE.pt * 2)
    return p


def _span(cert: TrainingCertificate) -> str:
    activity = cert.activity
    first = timezone.localtime(activity.starts_at).date()
    last = timezone.localtime(activity.ends_at).date()
    if first == last:
        return f"于{d.cn_date(first)}"
    return f"于{d.cn_date(first)}至{d.cn_date(last)}"


def _page(doc, cert: TrainingCertificate, *, first: bool) -> None:
    number = _p(doc, "right")
    number.paragraph_format.page_break_before = not first  # no empty paragraph to spill
    d.run(number, f"证书编号：{cert.number}", d.BODY_FONT, d.TABLE_SIZE)
    title = _p(doc, "center", after=18)
    title.paragraph_format.line_spacing = Pt(60)
    d.run(title, "结 业 证 书", d.TITLE_FONT, TITLE_SIZE)
    who = _p(doc)
    d.run(who, cert.name, d.BODY_FONT, TEXT_SIZE, bold=True)
    d.run(who, " 同志：", d.BODY_FONT, TEXT_SIZE)
    body = _p(doc, indent=True)
    d.run(
        body,
        f"{_span(cert)}参加{cert.union.name}举办的“{cert.activity.title}”，"
        f"完成学习{rules.hours_label(cert.hours)}课时（共{rules.hours_label(cert.total_hours)}"
        "课时），达到结业要求，准予结业。",
        d.BODY_FONT,
        TEXT_SIZE,
    )
    d.run(_p(doc, indent=True), "特发此证。", d.BODY_FONT, TEXT_SIZE)
    issuer = _p(doc, "right", before=24)
    d.run(issuer, cert.union.name, d.BODY_FONT, TEXT_SIZE)
    d.run(_p(doc, "right"), d.cn_date(cert.issued_on), d.BODY_FONT, TEXT_SIZE)


def certificates_docx(certs: list[TrainingCertificate]) -> bytes:
    """The certificates, one per page, in the order given."""
    doc = d.new_document(page_numbers=False)
    _landscape(doc)
    for i, cert in enumerate(certs):
        _page(doc, cert, first=i == 0)
    return d.to_bytes(doc)


def file_name(cert: TrainingCertificate | None, title: str) -> str:
    from gonghui.congress.papers import safe_name

    if cert is not None:
        return f"{safe_name(cert.name)}-结业证书-{cert.number}.docx"
    return f"{safe_name(title)}-结业证书.docx"
