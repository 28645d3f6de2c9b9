"""Uploaded bytes → text: .docx (paragraphs and tables in document order) or .txt.

Word's automatic numbering is drawn back before its paragraphs ("一、", "1."; ``docx_numbers``).
A .docx table becomes one line a row, its cells separated by spaces; in a month table
(a header row such as "月份 活动内容 参加人员") the columns naming who takes part, who is
responsible or a note are left out, and a cell's paragraphs are its activities, one a line.
An empty file, a file that is not text (a picture or a program renamed .txt) and a .docx
without any text are refused with a message in Chinese.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath

from gonghui.core import zipguard

from .docx_numbers import Numbers
from .model import ImportProblem
from .schedule import month_group
from .tables import SIDE_HEADERS, WHOLE

# python-docx parses every XML part into an lxml tree, about 120 bytes an element (measured:
# 1.7 million elements, 200 MB). A 50-page plan with a table has some 33,000.
MAX_XML_ELEMENTS = 1_000_000
EMPTY_FILE = "上传的文件是空的，请选择写有计划的 .docx 或 .txt 文件。"
NO_TEXT = "文档中没有文字（可能只有图片或扫描件），请上传写有计划文字的 .docx 或 .txt 文件。"
NOT_TEXT = (
    "该文件不是文本文件（可能是图片、压缩包或其他程序的文件），请另存为 .txt 或 .docx 后再导入。"
)
# Control characters other than tab, line and page breaks: text never holds many.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _cell_lines(cell) -> list[str]:
    return [p.text.strip() for p in cell.paragraphs if p.text.strip()]


def _table_lines(table) -> list[str]:
    rows = [[_cell_lines(cell) for cell in row.cells] for row in table.rows]
    header = [" ".join(cell) for cell in rows[0]] if rows else []
    side = {i for i, words in enumerate(header) if re.sub(r"\s", "", words) in SIDE_HEADERS}
    lines: list[str] = []
    for row in rows:
        cells: list[list[str]] = []
        for i, cell in enumerate(row):
            if cell and i not in side and (not cells or cells[-1] != cell):  # merged cells repeat
                cells.append(cell)
        if cells and len(cells[0]) == 1 and month_group(cells[0][0], 0):
            # a month row: the month, then each activity on a line of its own
            lines.append(cells[0][0] + WHOLE)
            lines.extend(text + WHOLE for cell in cells[1:] for text in cell)
        elif cells:
            lines.append(" ".join(" ".join(cell) for cell in cells))
    return lines


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
    numbers = Numbers(document)
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(element, document).text
            number = numbers.number(element) if text.strip() else ""
            lines.append(f"{number}{text}" if number and not text.startswith(number) else text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(element, document)))
    text = "\n".join(lines)
    if not text.replace(WHOLE, "").strip():
        raise ImportProblem(NO_TEXT)
    return text


def _txt_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportProblem(NOT_TEXT)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
            raise ImportProblem(NOT_TEXT)
        if not text.strip():
            raise ImportProblem(EMPTY_FILE)
        return text
    raise ImportProblem("无法识别该 .txt 文件的编码，请另存为 UTF-8 后再导入。")


def read_document(data: bytes, filename: str) -> str:
    """The text of an uploaded plan; ImportProblem when it is not a readable .docx/.txt."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in (".docx", ".txt"):
        raise ImportProblem("只能导入 .docx 或 .txt 文件。")
    if not data:
        raise ImportProblem(EMPTY_FILE)
    return _docx_text(data) if suffix == ".docx" else _txt_text(data)
