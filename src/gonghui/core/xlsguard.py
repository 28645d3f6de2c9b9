"""How large the sheets of an .xls file are, read from its BIFF records before
python-calamine builds them (core.sheetguard does the same for .xlsx and .ods).

An .xls file is not packed, but calamine sizes a sheet by its DIMENSIONS record and by the
furthest cell: a 5.6 KB file whose DIMENSIONS record says 4 billion rows asked for 11 PB
here (the allocation fails and Rust aborts the worker), and one with a value in IV65536
took 1 GB. So the Workbook stream is found in the compound file (the "CFB" container of
Office 97–2003 files, [MS-CFB]) and its records walked: the row and column of each cell
with a value are held to the limits of core.sheetguard, and DIMENSIONS to the format's.
"""

from __future__ import annotations

import struct

from .zipguard import SPREADSHEET, UnpackError

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_STREAMS = {"workbook", "book"}  # BIFF8, BIFF5

BOF = {0x0809, 0x0409, 0x0209, 0x0009}
DIMENSIONS = {0x0200, 0x0000}
# Records with a value at (row u16, column u16) first: FORMULA, NUMBER, LABEL, BOOLERR, RK,
# LABELSST, RSTRING, and the BIFF2 forms. BLANK and MULBLANK hold no value: calamine skips
# them.
CELLS = {0x0006, 0x0206, 0x0406, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6}
CELLS |= {0x0002, 0x0003, 0x0004, 0x0005}
MULRK = 0x00BD  # row, first column, …, last column (u16 at the end)
MAX_ROWS, MAX_COLS = 65_536, 256  # BIFF8


def is_xls(data: bytes) -> bool:
    return data[:8] == SIGNATURE


def check(data: bytes, refuse_extent) -> None:
    """Call ``refuse_extent(rows, cols)`` for each sheet of an .xls file; a file whose
    container cannot be followed is refused."""
    for stream in _workbook_streams(data):
        try:
            _walk(stream, refuse_extent)
        except struct.error:  # a record longer than what is left of the stream
            raise _damaged() from None


def _damaged() -> UnpackError:
    return UnpackError(f"文件已损坏或被改动过，无法读取。{SPREADSHEET.fix}")


class _Container:
    """Just enough of [MS-CFB] to read streams: the FAT, the directory, the mini stream."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise _damaged()
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise _damaged()
        self.size = 1 << shift
        fat_sectors, directory, _, self.cutoff, mini_fat, _, difat, difat_count = (
            struct.unpack_from("<LLLLLLLL", data, 0x2C)
        )
        sectors = [s for s in struct.unpack_from("<109L", data, 0x4C) if s < _END]
        for sector in self._chain_of(difat, difat_count, lambda s: self._next_difat(s)):
            entries = struct.unpack_from(f"<{self.size // 4}L", self._sector(sector))
            sectors += [s for s in entries[:-1] if s < _END]
        self.fat: list[int] = []
        for sector in sectors[:fat_sectors]:
            self.fat += struct.unpack_from(f"<{self.size // 4}L", self._sector(sector))
        self.entries = self._directory(self.read(directory))
        root = self.entries[0] if self.entries else None
        if root is None or root[1] != 5:
            raise _damaged()
        self.mini_stream = self.read(root[2], root[3])
        table = self.read(mini_fat)
        self.mini_fat = list(struct.unpack(f"<{len(table) // 4}L", table))

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.size
        if start + self.size > len(self.data):
            raise _damaged()
        return self.data[start : start + self.size]

    def _next_difat(self, sector: int) -> int:
        return struct.unpack_from("<L", self._sector(sector), self.size - 4)[0]

    def _chain_of(self, start: int, limit: int, step) -> list[int]:
        chain: list[int] = []
        while start < _END:
            if len(chain) > limit:  # a loop
                raise _damaged()
            chain.append(start)
            start = step(start)
        return chain

    def _chain(self, start: int, table: list[int]) -> list[int]:
        def step(n: int) -> int:
            if n >= len(table):
                raise _damaged()
            return table[n]

        return self._chain_of(start, len(table), step)

    def read(self, start: int, size: int | None = None) -> bytes:
        out = b"".join(self._sector(n) for n in self._chain(start, self.fat))
        return out if size is None else out[:size]

    def read_mini(self, start: int, size: int) -> bytes:
        parts = []
        for n in self._chain(start, self.mini_fat):
            parts.append(self.mini_stream[n * 64 : n * 64 + 64])
        return b"".join(parts)[:size]

    @staticmethod
    def _directory(raw: bytes) -> list[tuple[str, int, int, int]]:
        entries = []
        for offset in range(0, len(raw) - 127, 128):
            length, kind = struct.unpack_from("<HB", raw, offset + 64)
            name = raw[offset : offset + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<LQ", raw, offset + 116)
            entries.append((name, kind, start, size & 0xFFFFFFFF))
        return entries


def _workbook_streams(data: bytes) -> list[bytes]:
    try:
        box = _Container(data)
        return [
            box.read_mini(start, size) if size < box.cutoff else box.read(start, size)
            for name, kind, start, size in box.entries
            if kind == 2 and name.lower() in _STREAMS
        ]
    except struct.error:
        raise _damaged() from None


def _walk(stream: bytes, refuse_extent) -> None:
    rows = cols = 0
    pos, end = 0, len(stream) - 4
    while pos <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if kind in BOF:
            refuse_extent(rows, cols)
            rows = cols = 0
        elif kind in CELLS and length >= 4:
            row, col = struct.unpack_from("<HH", body)
            rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind == MULRK and length >= 6:
            row = struct.unpack_from("<H", body)[0]
            col = struct.unpack_from("<H", body, length - 2)[0]
            rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind in DIMENSIONS:
            _dimensions(body)
    refuse_extent(rows, cols)


def _dimensions(body: bytes) -> None:
    """calamine reserves (untouched) memory for the rectangle a DIMENSIONS record states,
    blank formatted cells included; past the format's own 65,536 × 256 it is not a real file."""
    if len(body) >= 14:  # BIFF8: rows as u32
        last_row, _, last_col = struct.unpack_from("<LHH", body, 4)
    elif len(body) >= 8:
        last_row, _, last_col = struct.unpack_from("<HHH", body, 2)
    else:
        return
    if last_row > MAX_ROWS or last_col > MAX_COLS:
        raise _damaged()
