"""How large the sheets of an .xlsx or .ods file are, read from their XML while
core.zipguard inflates it, before python-calamine builds them.

python-calamine holds a sheet as one rectangle from A1 to its last cell with a value (about
30 bytes a cell), on top of some 50 bytes for each value it read, and a failed allocation
in Rust aborts the whole worker: no exception reaches Django. A 1.5 KB .xlsx with values in
A1 and XFD1048576 asked for 512 GB here; an 800-byte .ods whose one row, repeated 100,000
times, repeats a value over 1,000 columns did the same. So a sheet is refused, with a
Chinese message, when it reaches past ``settings.UPLOAD_MAX_ROWS`` rows, or when its
rectangle (rows × columns from A1: iter_rows pads the rows above the first cell), its
values or the workbook's shared strings pass ``settings.UPLOAD_MAX_CELLS``.

.xlsx: Excel, WPS, openpyxl and xlsxwriter write every cell as ``<c r="B7" …>``. Then a
regular expression looks for the first cell past the rows and columns seen so far, with no
Python work per cell, and the bounds grow in steps of at most 1/32 (so a sheet may be
refused up to 3 % early). Any other form (a cell without ``r``, a namespace prefix, a
lowercase reference) is read tag by tag, as calamine counts positions.
.ods: read tag by tag, repeated rows and columns multiplied out.
.xls: its records, by core.xlsguard.
"""

from __future__ import annotations

import functools
import re
from zipfile import ZipInfo

from django.conf import settings

from . import xlsguard
from .zipguard import SPREADSHEET, UnpackError, Watch
from .zipguard import check as check_zip

_XLSB = "xl/workbook.bin"
# A tag longer than this is not in any spreadsheet a person saved.
MAX_TAG = 64 * 1024


def check(data: bytes) -> None:
    """Refuse (:class:`~gonghui.core.zipguard.UnpackError`) an .xlsx, .ods or .xls file
    that unpacks to too much or holds a sheet too large to load. Other bytes pass."""
    if xlsguard.is_xls(data):
        xlsguard.check(data, refuse_extent)
    else:
        check_zip(data, SPREADSHEET, watch=_watch)


def _watch(info: ZipInfo) -> Watch:
    name = info.filename
    if name == _XLSB:
        # calamine reads .xlsb too, whatever the file is called; its binary sheets cannot be
        # measured here.
        raise UnpackError("不支持 .xlsb 格式的表格，请用 Excel 另存为 .xlsx 再上传。")
    # Every member: the workbook may name any of them as a sheet, "image1.png" included.
    if name == "content.xml":  # the .ods sheets; an .xlsx may call a sheet that too
        return _Both(_OdsCells(), _XlsxCells(info.file_size))
    return _XlsxCells(info.file_size)


def refuse_extent(rows: int, cols: int, values: int = 0, *, seen=None) -> None:
    """Refuse a sheet reaching ``rows`` rows and ``cols`` columns from A1, holding
    ``values`` values, when that is past the limits. ``seen`` (rows, columns) is what the
    message says when the bounds were rounded up."""
    max_rows, max_cells = settings.UPLOAD_MAX_ROWS, settings.UPLOAD_MAX_CELLS
    if rows > max_rows:
        raise UnpackError(
            f"工作表超过 {max_rows} 行（算到最后一个有内容的单元格），无法导入。如果表格下方"
            "远处还有内容，请删除多余的行后另存再上传；名单确实这么长时，请分成几个文件导入。"
        )
    if rows * cols > max_cells:
        shown_rows, shown_cols = seen or (rows, cols)
        raise UnpackError(
            f"工作表从 A1 到最后一个有内容的单元格有 {shown_rows} 行 × {shown_cols} 列，超过了 "
            f"{max_cells} 个单元格的上限。常见原因是表格右侧或下方远处还有内容，请删除多余"
            "的行列后另存再上传，或把名单分成几个文件导入。"
        )
    if values > max_cells:
        raise UnpackError(
            f"表格中的单元格或文字超过 {max_cells} 个，无法导入，可能不是正常的表格文件。"
            f"{SPREADSHEET.fix}名单确实这么长时，请分成几个文件导入。"
        )


class _Tags:
    """Feeds whole tags to ``_scan``: a tag cut between two pieces waits for the next."""

    def __init__(self) -> None:
        self._carry = b""

    def feed(self, piece: bytes) -> None:
        buf = self._carry + piece if self._carry else piece
        cut = buf.rfind(b"<")
        if cut >= 0 and buf.find(b">", cut) < 0:
            self._carry = buf[cut:]
            if len(self._carry) > MAX_TAG:
                raise UnpackError(f"文件内容异常，可能不是正常的表格文件。{SPREADSHEET.fix}")
            buf = buf[:cut]
        else:
            self._carry = b""
        self._scan(buf)

    def close(self) -> None:
        carry, self._carry = self._carry, b""
        self._scan(carry)

    def _scan(self, xml: bytes) -> None:
        raise NotImplementedError


class _Both:
    def __init__(self, *watches: Watch) -> None:
        self.watches = watches

    def feed(self, piece: bytes) -> None:
        for watch in self.watches:
            watch.feed(piece)

    def close(self) -> None:
        for watch in self.watches:
            watch.close()


# --- .xlsx ---------------------------------------------------------------------------------

# A cell, row or shared string with a namespace prefix: read tag by tag from there on.
_PREFIXED = re.compile(rb":(?:c|si|row)[\s>/]")
# calamine reserves room for as many shared strings as <sst uniqueCount="…"> says before
# reading one: 4,000,000,000 in a 1 KB file asked for 96 GB here.
_SST = re.compile(rb"sst(?=[\s>/])([^>]*)>")
_COUNT = re.compile(rb"""[Cc]ount\s*=\s*["']\s*([0-9]+)""")
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|si)(?=[\s/>])([^>]*)>")
_R = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"([A-Za-z]{1,20})([0-9]{1,20})")
# What an unreadable or absurd reference counts as: calamine's u32 arithmetic would wrap it
# to any place at all.
FAR = 10**20


def _ref(ref: bytes) -> tuple[int, int]:
    """(row, column), 1-based, of a reference such as ``B7``."""
    m = _REF.fullmatch(ref)
    if m is None:
        return FAR, FAR
    col = 0
    for letter in m[1].upper():
        col = col * 26 + letter - 64
    return int(m[2]), col


def _step(n: int) -> int:
    """``n`` rounded up to one of 32 steps per doubling, so the patterns stay few."""
    if n <= 64:
        return n
    shift = n.bit_length() - 6
    return ((n >> shift) + 1) << shift


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _after(text: str, top: str, run: str) -> list[str]:
    """Patterns for the runs of symbols (``run``, the greatest ``top``) as long as ``text``
    and after it: the first symbol that differs is greater. A longer run is greater still,
    so what follows need not be looked at."""
    return [
        f"{text[:i]}[{chr(ord(symbol) + 1)}-{top}]{run}{{{len(text) - i - 1}}}"
        for i, symbol in enumerate(text)
        if symbol < top
    ]


def _numbers_over(n: int) -> str:
    """The start of a decimal number (leading zeros allowed) greater than ``n``."""
    text = str(n)
    return "0*+(?:" + "|".join([f"[1-9][0-9]{{{len(text)}}}", *_after(text, "9", "[0-9]")]) + ")"


def _letters_over(n: int) -> str:
    """The start of a run of column letters (A = 1) for a column greater than ``n``."""
    text = _letters(n)
    return "(?:" + "|".join([f"[A-Z]{{{len(text) + 1}}}", *_after(text, "Z", "[A-Z]")]) + ")"


@functools.lru_cache(maxsize=2048)
def _beyond(rows: int, cols: int) -> re.Pattern[bytes]:
    """The first cell with a value (not ``<c …/>``) past ``rows`` or ``cols`` (group 1, its
    reference), or the first cell not written as ``<c r="A1"`` (no group 1). One pattern:
    every cell is one attempt of the regular expression engine, the cost of this check."""
    ref = f"{_letters_over(cols)}[A-Z]*+[0-9]++|[A-Z]++{_numbers_over(rows)}[0-9]*+"
    return re.compile(rf'<c(?: r="({ref})"[^>]*(?<!/)>|[\t\r\n>/]| (?!r="[A-Z]))'.encode())


class _XlsxCells(_Tags):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.rows = self.cols = self.values = self.strings = 0
        self.seen = (0, 0)  # the furthest row and column actually read, for the message
        # Counting takes a pass over the XML: only when the part is large enough to hold
        # more values (10 bytes at least, <c><v/></c>) or shared strings (<si/>) than allowed.
        limit = settings.UPLOAD_MAX_CELLS
        self.count_values, self.count_strings = size > 10 * limit, size > 5 * limit
        self.exact = False
        self.row = self.col = 0  # the position counters of tag-by-tag reading

    def _scan(self, xml: bytes) -> None:
        for m in _SST.finditer(xml):
            if xml[m.start() - 1 : m.start()] in (b"<", b":"):
                for count in _COUNT.findall(m[1]):
                    self.strings = max(self.strings, int(count) if len(count) < 20 else FAR)
        if not self.exact and _PREFIXED.search(xml):
            self._go_exact()
        if not self.exact:
            self._scan_fast(xml)
        if self.exact:  # from the start of this piece: positions come from r when given
            self._scan_tags(xml)
        refuse_extent(self.rows, self.cols, max(self.values, self.strings), seen=self.seen)

    def _go_exact(self) -> None:
        # A row or cell without r follows the furthest one seen so far.
        self.exact, self.row, self.col = True, self.rows, self.cols

    def _scan_fast(self, xml: bytes) -> None:
        if self.count_values:
            self.values += xml.count(b"</c>")
        if self.count_strings:
            self.strings += xml.count(b"<si")
        pos = 0
        while m := _beyond(self.rows, self.cols).search(xml, pos):
            if m[1] is None:
                self._go_exact()
                return
            row, col = _ref(m[1])
            self.rows, self.cols = max(self.rows, _step(row)), max(self.cols, _step(col))
            self.seen = (max(self.seen[0], row), max(self.seen[1], col))
            refuse_extent(self.rows, self.cols, seen=self.seen)
            pos = m.end()

    def _scan_tags(self, xml: bytes) -> None:
        for m in _TAG.finditer(xml):
            closing, name, attrs = m.groups()
            if closing:
                continue
            if name == b"si":
                self.strings += 1
                continue
            r = _R.search(attrs)
            if name == b"row":
                self.row = _ref(b"A" + r[1])[0] if r else self.row + 1
                self.col = 0
                continue
            row, self.col = _ref(r[1]) if r else (self.row, self.col + 1)
            if not attrs.endswith(b"/"):
                self.values += 1
                self.rows, self.cols = max(self.rows, row), max(self.cols, self.col)
                self.seen = (self.rows, self.cols)
                refuse_extent(self.rows, self.cols)


# --- .ods ----------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(table|table-row|table-cell|covered-table-cell)"
    rb"(?=[\s/>])([^>]*)>"
)
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["']\s*([0-9]+)""")
_COLS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["']\s*([0-9]+)""")


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    if m is None:
        return 1
    return max(1, int(m[1])) if len(m[1]) < 20 else FAR


class _OdsCells(_Tags):
    """Each <table:table> a sheet; a row with a value, repeated n times, is n rows."""

    def __init__(self) -> None:
        super().__init__()
        self._sheet()

    def _sheet(self) -> None:
        self.rows = self.cols = self.values = self.row = 0
        self._row(1)

    def _row(self, repeat: int) -> None:
        self.repeat, self.col, self.row_cols, self.row_values = repeat, 0, 0, 0

    def _scan(self, xml: bytes) -> None:
        for m in _ODS_TAG.finditer(xml):
            closing, name, attrs = m.groups()
            if name == b"table":
                if not closing:
                    self._sheet()
            elif name == b"table-row":
                if closing:
                    self._end_row()
                else:
                    self._row(_repeat(_ROWS_REPEATED, attrs))
                    if attrs.endswith(b"/"):
                        self._end_row()
            elif not closing:
                self.col += _repeat(_COLS_REPEATED, attrs)
                if not attrs.endswith(b"/") or b"value-type" in attrs:
                    self.row_cols = self.col
                    self.row_values += _repeat(_COLS_REPEATED, attrs)

    def _end_row(self) -> None:
        self.row += self.repeat
        if self.row_values:
            self.rows, self.cols = self.row, max(self.cols, self.row_cols)
            self.values += self.row_values * self.repeat
            refuse_extent(self.rows, self.cols, self.values)
        self._row(1)
