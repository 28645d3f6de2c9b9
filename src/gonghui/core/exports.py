"""Stored text into files: what every .xlsx and .docx writer puts through before writing.

Text stored before the edges cleaned it (``core.text``) may hold anything, and one bad
character must not make a file fail for everyone. So a writer never hands stored text to
openpyxl or python-docx directly:

- **.xlsx** — ``put(cell, value)`` for a worksheet's cell, ``row(ws, values)`` for a
  write-only sheet's ``append``. Text is cleaned (``clean_text``), a literal ``_xHHHH_`` is
  escaped (``_x005F_``) so Excel shows it as typed instead of decoding it, and text Excel
  could take for a formula — beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (OWASP, "CSV Injection"), or one of Excel's error codes such as ``#N/A`` — is
  written as a text cell with Excel's quote prefix: it shows exactly as stored, and stays
  text when someone edits the cell. Numbers, dates and booleans pass unchanged (a negative
  amount stays a number).
- **.docx** — ``docx_text(value)``: cleaned, with every line break one ``\\n`` (python-docx
  makes each of ``\\r`` and ``\\n`` a break). ``core.documents`` applies it to every text
  it writes; a writer that sets ``cell.text`` or ``add_run`` itself goes through it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell

from .text import clean_text

# Excel's limit on the characters in one cell; a longer text makes Excel "repair" the file.
CELL_LIMIT = 32767
# OWASP "CSV Injection": the first characters that make a spreadsheet read a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = re.compile(r"(?=_x[0-9A-Fa-f]{4}_)")
_SUSPECT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|_x")


def cell_text(value: str) -> str:
    """Stored text as a spreadsheet cell may hold it (see the module)."""
    if _SUSPECT.search(value):
        value = _ESCAPE.sub("_x005F", clean_text(value))
    return value[:CELL_LIMIT]


def _formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START) or text in ERROR_CODES


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


def row(ws, values: Iterable) -> list:
    """A row for a write-only sheet's ``append``: text cleaned, formula-like text in a text
    cell with the quote prefix, everything else (numbers, dates, cells) as given — build a
    styled cell with ``put(WriteOnlyCell(ws), text)``.
    Cheap for plain text, so a roster of 200,000 rows streams at the same pace."""
    out = []
    for value in values:
        if isinstance(value, str):
            value = cell_text(value)
            if _formula_like(value):
                value = put(WriteOnlyCell(ws), value)
        out.append(value)
    return out


def docx_text(value) -> str:
    """Stored text as a Word run may hold it: cleaned, each line break one ``\\n``."""
    text = clean_text(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
