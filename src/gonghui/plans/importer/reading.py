"""Uploaded bytes → text: .docx (paragraphs and tables in document order) or .txt."""

from __future__ import annotations

import io
from pathlib import PurePath

from gonghui.core import zipguard

from .model import ImportProblem

# python-docx parses every XML part into an lxml tree, about 120 bytes an element (measured:
# 1.7 million elements, 200 MB). A 50-page plan with a table has some 33,000.
MAX_XML_ELEMENTS = 1_000_000


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        zipguard.check(
            data,
            zipguard.DOCUMENT,
            watch=zipguard.ElementCount(MAX_XML_ELEMENTS, zipguard.DOCUMENT),
        )
    except zipguard.UnpackError as exc:
        raise ImportProblem(exc.message) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken file
        raise ImportProblem("无法读取该 .docx 文件，请确认文件没有损坏。") from exc
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                lines.append(" ".join(cells))
    return "\n".join(lines)


def read_document(data: bytes, filename: str) -> str:
    """The text of an uploaded plan; ImportProblem when it is not a readable .docx/.txt."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".docx":
        return _docx_text(data)
    if suffix == ".txt":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ImportProblem("无法识别该 .txt 文件的编码，请另存为 UTF-8 后再导入。")
    raise ImportProblem("只能导入 .docx 或 .txt 文件。")
