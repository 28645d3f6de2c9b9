"""Reading the spreadsheets people actually fill in: which sheet, which row is the header,
which column is which, and what a cell holding a date, a number or a code really means.
Shared by every import (the roster, payroll lists and sheets); each import decides what to
do with the values.

python-calamine reads .xlsx, .xls and .ods (it sniffs the format from the bytes, so the
file name does not matter) about ten times faster than openpyxl; cells arrive as ``str``,
``float``, ``int``, ``bool``, ``datetime.date``/``datetime``, ``time`` or ``timedelta``,
with ``""`` for an empty cell. A .csv file (UTF-8 or the GBK Excel writes on a Chinese
Windows) is read here into the same shape.

What a file may unpack to, and how large its sheets may be, is checked before calamine
opens it (core.sheetguard, core.zipguard): calamine has no limits of its own and builds a
whole sheet at once, so openpyxl's streaming read_only mode has no counterpart to turn on.
A .csv file is held to the same rows and cells.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from . import sheetguard
from .text import clean_text
from .zipguard import UnpackError

# Full-width digits and letters (Ｘ), ideographic and no-break spaces: what comes with
# numbers typed on a Chinese input method or pasted from Word.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def to_halfwidth(value: str) -> str:
    return value.translate(_FULLWIDTH)


# The header is usually the first row, but many rosters put a merged title row (and a
# "填表单位/日期" row) above it.
HEADER_SCAN_ROWS = 15
# Sheets whose name says "roster" are read first; otherwise the sheets in order.
PREFERRED_SHEET_WORDS = ("花名册", "会员", "名册", "名单")


class SpreadsheetFileError(ValidationError):
    """The file as a whole cannot be imported (not a spreadsheet, no header row)."""


@dataclass
class Header:
    sheet_name: str
    row: int  # 1-based Excel row number of the header
    columns: dict[int, str]  # cell index → field
    texts: dict[int, str]  # cell index → the header text as written in the file
    unknown: list[str]


@dataclass
class Sheet:
    header: Header
    rows: Iterator[tuple[int, list]]  # (1-based Excel row number, cells) after the header


def read_bytes(path_or_file: str | Path | bytes | BinaryIO) -> bytes:
    """The whole file, from a path, bytes or an open (uploaded) file."""
    if isinstance(path_or_file, bytes | bytearray):
        return bytes(path_or_file)
    if isinstance(path_or_file, str | Path):
        return Path(path_or_file).read_bytes()
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
    return path_or_file.read()


def open_workbook(data: bytes, filename: str = "") -> Any:
    """The workbook of an .xlsx/.xls/.ods file, or of a .csv file when ``filename`` says so
    (the Excel reader does not open .csv). A file that unpacks to too much, or whose sheet
    is too large to load, is refused here, before anything is read."""
    if filename.lower().endswith(".csv"):
        return _CsvWorkbook(_csv_text(data))
    try:
        sheetguard.check(data)
    except UnpackError as exc:
        raise SpreadsheetFileError(exc.message) from None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own error types, one per format
        raise SpreadsheetFileError(
            "无法读取该文件：请上传 Excel（.xlsx/.xls）或 WPS/LibreOffice（.ods）表格文件；"
            "如果是 .csv 或加密的文件，请先用 Excel 另存为 .xlsx。"
        ) from None


def _refuse_extent(rows: int, cols: int) -> None:
    try:
        sheetguard.refuse_extent(rows, cols)
    except UnpackError as exc:
        raise SpreadsheetFileError(exc.message) from None


class _CsvSheet:
    def __init__(self, text: str) -> None:
        self._text = text

    def iter_rows(self):
        return csv.reader(io.StringIO(self._text))


class _CsvWorkbook:
    """A .csv file dressed as a one-sheet workbook for :func:`read_sheet`. The rows are
    counted first and then read one at a time, so a file of many tiny rows is refused
    before it becomes millions of lists."""

    def __init__(self, text: str) -> None:
        self.sheet_names = ["CSV"]
        self._sheet = _CsvSheet(text)
        rows = cols = 0
        try:
            for row in self._sheet.iter_rows():
                rows += 1
                cols = max(cols, len(row))
                if rows > settings.UPLOAD_MAX_ROWS:
                    break
        except csv.Error:  # a cell over 128 KB (csv.field_size_limit), an open quote…
            raise SpreadsheetFileError(
                "无法读取该 .csv 文件（有的单元格过长或引号不成对），请用 Excel 另存为 .xlsx 后再上传。"
            ) from None
        _refuse_extent(rows, cols)

    def get_sheet_by_name(self, name: str) -> _CsvSheet:
        return self._sheet


def _csv_text(data: bytes) -> str:
    # Excel on a Chinese Windows saves .csv as GBK; elsewhere UTF-8 (often with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetFileError("无法读取该 .csv 文件的文字编码，请用 Excel 另存为 .xlsx 后再上传。")


_HEADER_JUNK = re.compile(r"[*]|[(](必填|选填|必填项|选填项)[)]")
_HEADER_HINT = re.compile(r"[(][^()]*[)]$")


def header_key(text) -> str:
    """The comparable form of a header cell: half-width, no spaces or line breaks, no
    required-field stars or "（必填）"."""
    if text is None:
        return ""
    key = "".join(to_halfwidth(str(text)).split())
    return _HEADER_JUNK.sub("", key)


def match_header(text, aliases: dict[str, str]) -> str | None:
    key = header_key(text)
    if not key:
        return None
    field = aliases.get(key)
    if field is None:
        # "出生日期(格式:1985-03-01)", "入会时间（年月）": a hint in brackets after the name.
        field = aliases.get(_HEADER_HINT.sub("", key))
    return field


def _sheet_order(workbook) -> list[str]:
    names = list(workbook.sheet_names)
    preferred = [n for n in names if any(w in n for w in PREFERRED_SHEET_WORDS)]
    return preferred + [n for n in names if n not in preferred]


def read_sheet(
    workbook, aliases: dict[str, str], *, required: str, ignored: frozenset = frozenset()
) -> Sheet:
    """Find the sheet and header row: among the first rows, the one whose cells match the
    most known column names and include the ``required`` field. Columns mapping to a field
    already seen, and columns nobody knows, are listed in ``unknown``."""
    for name in _sheet_order(workbook):
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception:  # a chart sheet or a damaged sheet: try the next one
            continue
        # iter_rows() starts at the sheet's first row even when that row is empty (it pads
        # the rows above the used area) and at the first used column, so the n-th row it
        # yields is Excel row n (tests/members/test_import.py checks this).
        first_row = 1
        rows = sheet.iter_rows()
        head: list[list] = []
        for row in rows:
            head.append(row)
            if len(head) >= HEADER_SCAN_ROWS:
                break
        best, best_score = None, 0
        for i, row in enumerate(head):
            fields = [match_header(c, aliases) for c in row]
            if required not in fields:
                continue
            score = len({f for f in fields if f})
            if score > best_score:
                best, best_score = i, score
        if best is None:
            continue
        columns: dict[int, str] = {}
        texts: dict[int, str] = {}
        unknown: list[str] = []
        seen: set[str] = set()
        for col, cell in enumerate(head[best]):
            text = " ".join(str(cell).split()) if cell is not None else ""
            if not text:
                continue
            field = match_header(cell, aliases)
            if field is None or field in seen:
                unknown.append(text)
                continue
            seen.add(field)
            if field not in ignored:
                columns[col] = field
                texts[col] = text
        header = Header(name, first_row + best, columns, texts, unknown)

        def data_rows(head=head, best=best, rows=rows, first_row=first_row):
            number = first_row + best
            for row in head[best + 1 :]:
                number += 1
                yield number, row
            for row in rows:
                number += 1
                yield number, row

        return Sheet(header, data_rows())
    raise SpreadsheetFileError(
        f"找不到表头行：在各工作表的前 {HEADER_SCAN_ROWS} 行中没有找到“姓名”列。"
        "请确认表格第一行（或标题下面一行）是“姓名、性别、身份证号码……”这样的列名。"
    )


# --- cells --------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is Chinese."""


def cell_text(value) -> str:
    """A text cell as one line: numbers that Excel stored as numbers come back without a
    trailing ".0". Control characters (the ``\x00`` calamine decodes from ``_x0000_``, an
    undecoded ``_x000B_``) are dropped here, at the import's edge (``core.text``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return " ".join(clean_text(value).split())
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d}"
    return str(value)


# Up to 15 significant digits survive Excel's number cells (IEEE double, shown with 15).
EXACT_DIGITS = 15


def number_text(value, *, what: str) -> str:
    """A code (ID, phone, card number) that may have arrived as a number cell. A number
    longer than 15 digits has already lost its last digits inside Excel: refuse it and say
    how to fix the column."""
    if isinstance(value, bool):
        raise CellError(f"{what}不能是“是/否”。")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"{what}被存成了小数“{value}”，请检查。")
        if abs(value) >= 10**EXACT_DIGITS:
            raise CellError(lost_digits_message(what, value))
        return str(int(value))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise CellError(f"{what}被 Excel 识别成了日期或时间，请把该列设为“文本”格式后重新输入。")
    return to_halfwidth(str(value))


def lost_digits_message(what: str, value) -> str:
    return (
        f"{what}被 Excel 存成了数字（显示为 {float(value):.5E}），超过 15 位的数字末几位已被"
        f"改成 0，原号码无法恢复。修改方法：选中该列，设置单元格格式为“文本”，再重新输入完整号码；"
        f"或在号码前加英文单引号 ' 再输入。"
    )


# --- dates --------------------------------------------------------------------

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Lotus leap-year bug kept)
MIN_YEAR, MAX_YEAR = 1900, 2100
# Serials below 61 fall before Excel's fictitious 1900-02-29 and count from another day;
# nobody on a roster was born or joined then.
_MIN_SERIAL = 61
_MAX_SERIAL = (datetime.date(MAX_YEAR, 12, 31) - EXCEL_EPOCH).days

_DATE_YMD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE_YM = re.compile(r"^(\d{4})(\d{2})$")
_DATE_SEP = re.compile(
    r"^(\d{4})\s*[./\-年]\s*(\d{1,2})\s*"
    r"(?:(?:[./\-月]\s*(\d{1,2})\s*日?)|月?)"
    r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_YEAR_ONLY = re.compile(r"^(\d{4})\s*年?$")


def _make_date(year: int, month: int, day: int | None, raw) -> tuple[datetime.date, bool]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"日期“{raw}”的年份不合理。")
    if not 1 <= month <= 12:
        raise CellError(f"日期“{raw}”的月份不对。")
    try:
        return datetime.date(year, month, day or 1), day is None
    except ValueError:
        raise CellError(f"日期“{raw}”不存在（该月没有这一天）。") from None


def parse_date(value) -> tuple[datetime.date | None, bool]:
    """(date, month_only) from a cell; ``(None, False)`` for an empty cell.

    Accepts Excel date cells, Excel serial numbers, 19850301, 1985.03 (typed into a number
    cell), and text as 1985-3-1, 1985/03/01, 1985.3.1, 1985年3月1日, 1985.03, 1985年3月,
    1985-03. A month without a day means the first of that month.
    """
    if value is None or value == "":
        return None, False
    if isinstance(value, datetime.datetime):
        return value.date(), False
    if isinstance(value, datetime.date):
        return value, False
    if isinstance(value, bool | datetime.time | datetime.timedelta):
        raise CellError("这里应填日期，如 1985-03-01。")
    if isinstance(value, int | float):
        return _parse_number_date(value)
    text = to_halfwidth(str(value)).strip()
    if not text:
        return None, False
    m = _DATE_SEP.match(text)
    if m:
        day = int(m[3]) if m[3] else None
        return _make_date(int(m[1]), int(m[2]), day, text)
    m = _DATE_YMD.match(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    m = _DATE_YM.match(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), None, text)
    if _YEAR_ONLY.match(text):
        raise CellError(f"日期“{text}”只有年份，请至少写到月份，如 {text.rstrip('年')}-01。")
    raise CellError(f"看不懂日期“{text}”，请写成 1985-03-01、1985.03 或 1985年3月1日 这样的格式。")


def _parse_number_date(value: float | int) -> tuple[datetime.date, bool]:
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError("这里应填日期，如 1985-03-01。")
    if isinstance(value, float) and not value.is_integer():
        # 1985.03 typed into a number cell: the digits after the point are the month.
        # (In this range repr() is the shortest plain decimal that reads back the same.)
        year, _, frac = repr(value).partition(".")
        if MIN_YEAR <= value < MAX_YEAR + 1 and len(frac) <= 2:
            if frac == "1":
                raise CellError(
                    f"“{value}”被 Excel 存成了数字，分不清是 1 月还是 10 月（1985.10 会变成 "
                    "1985.1）。请改写为 1985-01 或 1985-10，或把该列设为“文本”格式后重新输入。"
                )
            return _make_date(int(year), int(frac), None, value)
        raise CellError(f"看不懂日期“{value}”，请写成 1985-03-01 这样的格式。")
    number = int(value)
    if 19000101 <= number <= 21001231:
        return _make_date(number // 10000, number // 100 % 100, number % 100, number)
    if 190001 <= number <= 210012:
        return _make_date(number // 100, number % 100, None, number)
    if MIN_YEAR <= number <= MAX_YEAR:
        raise CellError(f"日期“{number}”只有年份，请至少写到月份，如 {number}-01。")
    if _MIN_SERIAL <= number <= _MAX_SERIAL:
        # A date cell whose format was changed to "常规": Excel shows its serial number.
        return EXCEL_EPOCH + datetime.timedelta(days=number), False
    raise CellError(f"看不懂日期“{number}”，请写成 1985-03-01 这样的格式。")
