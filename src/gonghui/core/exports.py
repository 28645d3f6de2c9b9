"""Stored text into files: what every .xlsx and .docx writer puts through before writing.

Text stored before the edges cleaned it (``core.text``) may hold anything, and one bad
character must not make a file fail for everyone. So a writer never hands stored text to
openpyxl, xlsxwriter or python-docx directly:

- **.xlsx** — ``XlsxSheet``, a sheet written row by row in constant memory (xlsxwriter),
  for lists that may be long (the member export: 200,000 rows); ``put(cell, value)`` for a
  cell of an openpyxl worksheet (the statements and other laid-out forms, a few hundred
  cells). Text is cleaned (``clean_text``), a literal ``_xHHHH_`` is escaped (``_x005F_``; xlsxwriter does this
  itself) so Excel shows it as typed instead of decoding it, and text Excel could take for
  a formula — beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (OWASP,
  "CSV Injection"), or one of Excel's error codes such as ``#N/A`` — is written as a text
  cell with Excel's quote prefix: it shows exactly as stored, and stays text when someone
  edits the cell. Numbers, dates and booleans pass unchanged (a negative amount stays a
  number).
- **.docx** — ``docx_text(value)``: cleaned, with every line break one ``\\n`` (python-docx
  makes each of ``\\r`` and ``\\n`` a break). ``core.documents`` applies it to every text
  it writes; a writer that sets ``cell.text`` or ``add_run`` itself goes through it too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter
from openpyxl.cell.cell import ERROR_CODES, Cell

from .text import clean_text

# Excel's limit on the characters in one cell; a longer text makes Excel "repair" the file.
CELL_LIMIT = 32767
# OWASP "CSV Injection": the first characters that make a spreadsheet read a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = re.compile(r"(?=_x[0-9A-Fa-f]{4}_)")
_SUSPECT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|_x")


def cell_text(value: str, *, escape: bool = True) -> str:
    """Stored text as a spreadsheet cell may hold it (see the module). ``escape=False``
    for a writer that escapes a literal ``_xHHHH_`` itself (xlsxwriter)."""
    if _SUSPECT.search(value):
        value = clean_text(value)
        if escape:
            value = _ESCAPE.sub("_x005F", value)
    return value[:CELL_LIMIT]


_FORMULA_FIRST = frozenset(FORMULA_START)
_ERRORS = frozenset(ERROR_CODES)


def _formula_like(text: str) -> bool:
    return text[:1] in _FORMULA_FIRST or text in _ERRORS


def put(cell: Cell, value) -> Cell:
    """Give ``cell`` the ``value``; stored text is written as text (see the module)."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = cell_text(value)
    cell.value = text
    if _formula_like(text):
        cell.data_type = "s"  # openpyxl reads "=…" as a formula and "#N/A" as an error
        cell.quotePrefix = True
    return cell


Style = Mapping[str, object]  # xlsxwriter format properties: {"bold": True, "border": 1}


class XlsxSheet:
    """A new .xlsx of one sheet, written top to bottom by xlsxwriter in ``constant_memory``
    mode: each row goes to a temporary file as soon as the next one begins, so memory does
    not grow with the rows, and ``close()`` zips the workbook into ``out`` (a file open for
    writing bytes). Every value goes through the module's rules: text cleaned and always a
    text cell (never a formula, a number or a link), formula-like text with the quote
    prefix; numbers (not booleans) as numbers, dates in ``date_format``, ``None`` and ``""``
    an empty cell.

    ``widths`` are the columns' widths in characters; ``freeze`` the (rows, columns) kept
    in view when scrolling. A style is a dict of xlsxwriter format properties."""

    def __init__(
        self,
        out: BinaryIO,
        name: str,
        *,
        widths: Sequence[float] = (),
        freeze: tuple[int, int] | None = None,
        date_format: str = "yyyy-mm-dd",
    ):
        self.book = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.ws = self.book.add_worksheet(name)
        self.row = 0
        self.date_format = date_format
        self._formats: dict[tuple, object] = {}
        self._quoted = self._format({}, quoted=True)
        self._date = self._format({}, date=True)
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        if freeze:
            self.ws.freeze_panes(*freeze)

    def _format(self, style: Style | None, *, quoted: bool = False, date: bool = False):
        """The workbook's format for ``style`` (None: none), with the quote prefix or the
        date format added; made once per workbook."""
        if style is None:  # most cells: no dictionary to look up
            return self._quoted if quoted else self._date if date else None
        key = (tuple(sorted(style.items())), quoted, date)
        if key not in self._formats:
            properties = dict(style)
            if quoted:
                properties["quote_prefix"] = True
            if date:
                properties["num_format"] = self.date_format
            self._formats[key] = self.book.add_format(properties) if properties else None
        return self._formats[key]

    def merged(self, value, width: int, style: Style | None = None) -> None:
        """One cell across the first ``width`` columns, as the next row (a title)."""
        text = cell_text(str(value), escape=False)
        fmt = self._format(style, quoted=_formula_like(text))
        self.ws.merge_range(self.row, 0, self.row, width - 1, text, fmt)
        self.row += 1

    def append(self, values: Iterable, style: Style | None = None) -> None:
        """``values`` as the next row; ``style`` for each of its cells."""
        row, ws = self.row, self.ws
        self.row += 1
        for col, value in enumerate(values):
            if isinstance(value, str):  # first: most cells of a list are text
                value = cell_text(value, escape=False)
                if value:
                    quoted = value[0] in _FORMULA_FIRST or value in _ERRORS  # _formula_like
                    ws.write_string(row, col, value, self._format(style, quoted=quoted))
                    continue
            if value is None or value == "":
                if style is not None:
                    ws.write_blank(row, col, None, self._format(style))
            elif isinstance(value, datetime.date):
                ws.write_datetime(row, col, value, self._format(style, date=True))
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, self._format(style))
            elif isinstance(value, int | float | Decimal):
                ws.write_number(row, col, value, self._format(style))
            else:
                raise TypeError(f"no cell for {type(value).__name__}")

    def close(self) -> None:
        self.book.close()


def docx_text(value) -> str:
    """Stored text as a Word run may hold it: cleaned, each line break one ``\\n``."""
    text = clean_text(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
