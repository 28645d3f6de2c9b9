"""Uploads bounded by what they unpack to (issue 14, core.zipguard, core.sheetguard,
core.xlsguard): files that would take the worker's memory are refused with a Chinese
message on the upload form.

The upload pages run in a forked child (``os.fork``: the test's database, login and the
bomb come along), which resets its peak RSS when it starts; what the peak grows by is what
the request cost, and ``os.wait4`` reports the child's peak to the parent. The figures are
printed (``pytest -s``). On PostgreSQL the child talks over the parent's connection, inside
its transaction, while the parent waits, and leaves with ``os._exit`` so that it never
closes it; Django prepares no server-side statements there (prepare_threshold None). The bombs are built without inflating them: a deflated
megabyte of XML, ended by a full flush so that it refers to nothing before it, is repeated.
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gonghui.core import zipguard
from gonghui.core.spreadsheets import SpreadsheetFileError, open_workbook
from tests.conftest import id_number
from tests.finance.test_dues_support import charged_world

MB = 1024 * 1024
# What refusing a bomb may add to the worker at most.
MAX_GROWTH_MB = 300

# --- building archives by hand ---------------------------------------------------------------


def deflated(data: bytes) -> tuple[bytes, int, int]:
    """(packed, CRC-32, size) of ``data`` as a raw deflate stream."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def deflated_repeat(head: bytes, unit: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """(packed, CRC-32, size) of head + unit × times + tail, packing ``unit`` once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    return first + block * times + last, zlib.crc32(tail, crc), len(head + tail) + len(unit) * times


def stored(data: bytes) -> tuple[bytes, int, int, int]:
    return data, zlib.crc32(data), len(data), zipfile.ZIP_STORED


def archive(members: dict[str, tuple], *, declare=None, method=8) -> bytes:
    """A zip of already packed members (packed, CRC-32, size[, method]); ``declare``
    overrides the unpacked size the central directory (and local header) states for a
    member, as a crafted file lies."""
    declare = declare or {}
    out, directory = bytearray(), bytearray()
    for name, (packed, crc, size, *how) in members.items():
        raw = name.encode()
        stated = declare.get(name, size)
        fields = (
            20,
            0x800,
            how[0] if how else method,
            0,
            0x21,
            crc,
            len(packed),
            stated,
            len(raw),
            0,
        )
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields[:5], *fields[5:8],
                                 len(raw), 0, 0, 0, 0, 0, len(out)) + raw  # fmt: skip
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + raw + packed
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(directory), len(out), 0)  # fmt: skip
    return bytes(out + directory + end)


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'
    ),
}
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main"><sheetData><row r="1">'
    + "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABC", ("姓名", "身份证号码", "代扣金额"), strict=True)
    ).encode()
    + b"</row>"
)
SHEET_TAIL = b"</sheetData></worksheet>"
PERSON = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2" t="inlineStr"><is>'
    f'<t>{id_number("19800101", 111)}</t></is></c><c r="C2"><v>15</v></c></row>'
).encode()


def xlsx(sheet: tuple[bytes, int, int], *, declare=None) -> bytes:
    parts = {name: deflated(text.encode()) for name, text in XLSX_PARTS.items()}
    parts["xl/worksheets/sheet1.xml"] = sheet
    return archive(parts, declare=declare)


def sheet_xml(body: bytes) -> tuple[bytes, int, int]:
    return deflated(SHEET_HEAD + body + SHEET_TAIL)


@functools.cache
def gigabyte_sheet() -> tuple[bytes, int, int]:
    """1 GB of sheet XML, the same person over and over, in 4.3 MB: without the guard
    calamine took 1.4 GB for it."""
    unit = PERSON * (MB // len(PERSON))
    return deflated_repeat(SHEET_HEAD, unit, 1024, SHEET_TAIL)


def docx_with(document: tuple[bytes, int, int]) -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {info.filename: deflated(source.read(info)) for info in source.infolist()}
    parts["word/document.xml"] = document
    return archive(parts)


@functools.cache
def gigabyte_docx() -> bytes:
    """1 GB of document XML in 3.8 MB: without the guard python-docx took 5.8 GB (when
    it was stopped)."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    paragraph = "<w:p><w:r><w:t>一、加强组织建设，发展新会员300人。</w:t></w:r></w:p>".encode()
    unit = paragraph * (MB // len(paragraph))
    return docx_with(deflated_repeat(head, unit, 1024, b"</w:body></w:document>"))


# --- the guard on its own ------------------------------------------------------------------


def refused(data: bytes, filename: str = "") -> str:
    with pytest.raises(SpreadsheetFileError) as caught:
        open_workbook(data, filename)
    return caught.value.message


def real_roster(rows: int = 3) -> bytes:
    book = Workbook()
    book.active.append(["姓名", "身份证号码", "入会时间"])
    for n in range(rows):
        book.active.append([f"会员{n}", id_number("19800101", 100 + n % 800), "2003-09-01"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_real_workbook_passes():
    sheet = open_workbook(real_roster(2000)).get_sheet_by_name("Sheet")
    assert len(sheet.to_python()) == 2001 and sheet.to_python()[1][0] == "会员0"


def test_what_an_archive_declares_is_held_to_the_limits(settings):
    message = refused(xlsx(gigabyte_sheet()))
    assert message.startswith("文件解压后超过 300 MB，可能不是正常的表格文件。")
    assert "另存为 .xlsx" in message
    settings.UPLOAD_MAX_UNPACKED_MB = 2000  # then the ratio: a gigabyte from a megabyte
    assert "解压后超过压缩时的 100 倍" in refused(xlsx(gigabyte_sheet()))


def test_a_member_that_inflates_past_what_it_declares_is_refused():
    # Declared 64 KB (too small for the ratio check to look at), inflates to a gigabyte.
    lying = xlsx(gigabyte_sheet(), declare={"xl/worksheets/sheet1.xml": 64 * 1024})
    assert "解压后比文件自己记录的大小更大" in refused(lying)


def test_damaged_encrypted_and_crowded_archives_are_refused(monkeypatch):
    whole = xlsx(sheet_xml(PERSON))
    assert "已损坏" in refused(whole[: len(whole) // 2] + whole[-22:])
    stored = archive({"a.xml": (b"x", zlib.crc32(b"x"), 1)}, method=12)  # bzip2
    assert "不用的压缩方式" in refused(stored)
    monkeypatch.setattr(zipguard, "MAX_MEMBERS", 3)
    assert "部件超过 3 个" in refused(whole)


def test_a_cell_far_away_is_refused_before_calamine_reserves_its_rectangle():
    # Values in A1 and XFD1048576: 1.5 KB that calamine would turn into a 512 GB request,
    # which aborts the process. Also written in lowercase and without r, as calamine reads.
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    assert "工作表超过 250000 行" in refused(xlsx(sheet_xml(far)))
    lower = b'<row r="9"><c r="a9"><v>1</v></c><c r="xfd100000"><v>1</v></c></row>'
    assert "超过了 5000000 个单元格的上限" in refused(xlsx(sheet_xml(lower)))
    no_refs = b'<row r="300000"><c><v>1</v></c></row>'
    assert "工作表超过 250000 行" in refused(xlsx(sheet_xml(no_refs)))
    wide = (
        b'<row r="2"><c r="A2"><v>1</v></c></row><row r="100000"><c r="BZ100000"><v>1</v></c></row>'
    )
    assert "有 100000 行 × 78 列" in refused(xlsx(sheet_xml(wide)))


def test_the_patterns_find_exactly_the_cells_past_a_bound():
    from gonghui.core.sheetguard import _letters, _letters_over, _numbers_over

    for bound in (*range(0, 60), 99, 100, 701, 702, 703, 1000, 16384, 200_704):
        past_column = re.compile(_letters_over(bound) + "[A-Z]*[0-9]")
        past_row = re.compile("[A-Z]+" + _numbers_over(bound))
        for n in {*range(1, 60), 99, 100, 101, 701, 702, 703, 999, 1000, 1001, bound, bound + 1}:
            assert bool(past_column.fullmatch(_letters(n) + "7")) == (n > bound), (bound, n)
            assert bool(past_row.match(f"B{n}")) == (n > bound), (bound, n)
            assert bool(past_row.match(f"B000{n}")) == (n > bound), (bound, n)


def test_formatted_empty_cells_far_away_do_not_count():
    styled = b'<row r="2"><c r="A2"><v>1</v></c><c r="XFD1048576" s="1"/></row>'
    assert open_workbook(xlsx(sheet_xml(styled))).get_sheet_by_name("花名册").total_height == 1


def test_a_shared_string_table_that_announces_billions_is_refused():
    parts = {name: deflated(text.encode()) for name, text in XLSX_PARTS.items()}
    parts["xl/sharedStrings.xml"] = deflated(
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(PERSON)
    assert "单元格或文字超过 5000000 个" in refused(archive(parts))


def ods(rows: bytes) -> bytes:
    content = (
        b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
        b'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:'
        b'table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b'<office:spreadsheet><table:table table:name="S">'
        + rows
        + b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        b'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        b'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        b'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        b'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    return archive(
        {
            "mimetype": stored(b"application/vnd.oasis.opendocument.spreadsheet"),
            "META-INF/manifest.xml": deflated(manifest),
            "content.xml": deflated(content),
        }
    )


VALUE = b'<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'


def test_repeated_ods_rows_and_columns_are_multiplied_out():
    # 800 bytes: one row repeated 100,000 times, its value repeated over 1,000 columns.
    repeated = VALUE.replace(b"table-cell ", b'table-cell table:number-columns-repeated="1000" ', 1)
    bomb = (
        b'<table:table-row table:number-rows-repeated="100000">' + repeated + b"</table:table-row>"
    )
    assert "100000 行 × 1000 列" in refused(ods(bomb))
    endless = b'<table:table-row table:number-rows-repeated="' + b"9" * 5000 + b'">' + VALUE
    assert "工作表超过 250000 行" in refused(ods(endless + b"</table:table-row>"))
    # What LibreOffice writes after the last row: empty rows and cells, repeated.
    tail = (
        b'<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        b'table:number-columns-repeated="16384"/></table:table-row>'
    )
    sheet = open_workbook(ods(b"<table:table-row>" + VALUE + b"</table:table-row>" + tail))
    assert sheet.get_sheet_by_name("S").to_python() == [[1.0]]


def biff(cells) -> bytes:
    """A BIFF8 workbook stream with one sheet "S" of NUMBER cells (row, col, value)."""

    def record(kind: int, body: bytes = b"") -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    def bof(kind: int) -> bytes:
        return record(0x0809, struct.pack("<HHHHLL", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    rows = max(r for r, _, _ in cells) + 1
    cols = max(c for _, c, _ in cells) + 1
    sheet = bof(0x10) + record(0x0200, struct.pack("<LLHHH", 0, rows, 0, cols, 0))
    sheet += b"".join(record(0x0203, struct.pack("<HHHd", r, c, 15, v)) for r, c, v in cells)
    head = bof(5) + record(0x0042, struct.pack("<H", 1200))
    offset = len(head) + 4 + 9 + 4  # BOUNDSHEET and EOF come before the sheet
    head += record(0x0085, struct.pack("<LBBBB", offset, 0, 0, 1, 0) + b"S") + record(0x000A)
    return head + sheet + record(0x000A)


def compound_file(stream: bytes) -> bytes:
    """An Office 97–2003 compound file ([MS-CFB], version 3) holding ``stream`` as
    "Workbook", padded past the mini-stream cutoff: stream sectors, directory, FAT."""
    end, free, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
    stream = stream.ljust(4096, b"\x00")
    n = -(-len(stream) // 512)
    fat = [*range(1, n), end, end, 0xFFFFFFFD]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = nostream) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        links = struct.pack("<HBBLLL", len(raw), kind, 1, nostream, nostream, child)
        return raw.ljust(64, b"\x00") + links + bytes(36) + struct.pack("<LQ", start, size)

    directory = entry("Root Entry", 5, end, 0, child=1) + entry("Workbook", 2, 0, len(stream))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9L", 0, 1, n, 0, 4096, end, 0, end, 0)
        + struct.pack("<109L", n + 1, *[free] * 108)
    )
    return (
        header
        + stream.ljust(n * 512, b"\x00")
        + directory.ljust(512, b"\x00")
        + struct.pack("<128L", *fat)
    )


def test_an_xls_sheet_is_measured_by_its_records():
    small = open_workbook(compound_file(biff([(0, 0, 1.0), (1, 1, 2.5)])))
    assert small.get_sheet_by_name("S").to_python() == [[1.0, ""], ["", 2.5]]
    # 5.6 KB that calamine turns into a gigabyte: a value in IV65536.
    far = compound_file(biff([(0, 0, 1.0), (65535, 255, 2.0)]))
    assert "65536 行 × 256 列" in refused(far)
    stream = biff([(0, 0, 1.0)])
    filler = 4096 - len(stream) - 8  # a record the reader skips, then a cut-off NUMBER
    cut_off = stream + struct.pack("<HH", 0x003C, filler) + bytes(filler) + b"\x03\x02\x20\x00"
    assert "已损坏" in refused(compound_file(cut_off))
    # A DIMENSIONS record past what the format allows: calamine would reserve petabytes.
    lying = far.replace(
        struct.pack("<LLHH", 0, 65536, 0, 256), struct.pack("<LLHH", 0, 2**31, 0, 9999)
    )
    assert "已损坏" in refused(lying)


def test_a_csv_of_tiny_rows_or_a_huge_cell_is_refused(settings):
    settings.UPLOAD_MAX_ROWS = 1000
    assert "工作表超过 1000 行" in refused(b"a\n" * 1001, "代扣.csv")
    assert open_workbook(b"a\n" * 1000, "代扣.csv").get_sheet_by_name("CSV")
    assert "有的单元格过长" in refused(b'"' + b"x" * 200_000 + b'"\n', "代扣.csv")


def test_a_docx_of_too_many_elements_is_refused():
    from gonghui.plans.importer import ImportProblem, read_document

    document = docx_with(
        deflated(b"<w:document><w:body>" + b"<w:p/>" * 2000 + b"</w:body></w:document>")
    )
    count = zipguard.ElementCount(1000, zipguard.DOCUMENT)
    with pytest.raises(zipguard.UnpackError, match="超过 1000 个段落和格式标记"):
        zipguard.check(document, zipguard.DOCUMENT, watch=count)
    with pytest.raises(ImportProblem, match="文件解压后超过 300 MB，可能不是正常的 Word 文档"):
        read_document(gigabyte_docx(), "计划.docx")


# --- the real upload pages, in a child process ---------------------------------------------


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def in_child(post) -> tuple[str, int, int]:
    """Run ``post()`` (a request through the test client; returns the response) in a
    forked child; returns the page, and the child's RSS when it started and at its peak, in
    KB. The peak is reset at the start (/proc/self/clear_refs), so it is this request's."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest, never closing the parent's database
        os.close(read)
        code = 0
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak RSS starts again from here
        start = _status("VmRSS")
        try:
            page = post().content
        except BaseException as exc:  # reported to the parent below
            page, code = repr(exc).encode(), 1
        with os.fdopen(write, "wb") as out:
            out.write(f"{start} {_status('VmHWM')}\n".encode() + page)
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        figures, _, page = pipe.read().partition(b"\n")
    _, status, usage = os.wait4(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, page[:2000]
    start, peak = map(int, figures.split())
    # The kernel's ru_maxrss for the child and its last VmHWM differ by a few pages.
    return page.decode(), start, max(peak, usage.ru_maxrss)


def measured(label: str, data: bytes, post, expect: str) -> None:
    page, start, peak = in_child(post)
    grew = (peak - start) / 1024
    size = f"{len(data) / MB:.1f} MB" if len(data) > MB else f"{len(data) / 1024:.1f} KB"
    print(
        f"\n[upload bombs] {label} ({size} file): "
        f"peak RSS {peak / 1024:.0f} MB, +{grew:.1f} MB for the request",
        end="",
    )
    assert expect in page, page[-3000:]
    assert grew < MAX_GROWTH_MB


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_roster_bombs_are_refused_on_the_import_page(world, client_for):
    client = client_for(world.chair)
    page = reverse("members:member_import", args=["school"])
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    for label, data, message in [
        ("roster .xlsx, 1 GB of sheet XML", xlsx(gigabyte_sheet()), "文件解压后超过 300 MB"),
        (
            "roster .xlsx, the same, its directory saying 64 KB",
            xlsx(gigabyte_sheet(), declare={"xl/worksheets/sheet1.xml": 64 * 1024}),
            "解压后比文件自己记录的大小更大",
        ),
        ("roster .xlsx, values in A1 and XFD1048576", xlsx(sheet_xml(far)), "工作表超过 250000 行"),
        (
            "roster .xls, a value in IV65536",
            compound_file(biff([(0, 0, 1.0), (65535, 255, 2.0)])),
            "65536 行 × 256 列",
        ),
    ]:
        name = "花名册.xls" if label.startswith("roster .xls,") else "花名册.xlsx"
        post = lambda d=data, n=name: client.post(page, {"file": upload(n, d)})  # noqa: E731
        measured(label, data, post, message)


def test_a_thousand_row_roster_for_reference(world, client_for):
    client = client_for(world.chair)
    page = reverse("members:member_import", args=["school"])
    data = real_roster(1000)
    post = lambda: client.post(page, {"file": upload("花名册.xlsx", data)})  # noqa: E731
    measured("roster .xlsx, 1,000 real rows (for reference)", data, post, "确认导入")


def test_dues_batch_bombs_are_refused_on_the_import_page(world, client_for):
    charged = charged_world(world)
    client = client_for(charged.treasurer)
    page = reverse("finance:dues_import", args=["school"])
    fields = {"month": "2026-10", "method": "payroll"}
    for label, name, data, message in [
        ("dues .xlsx, 1 GB of sheet XML", "代扣.xlsx", xlsx(gigabyte_sheet()), "解压后超过 300 MB"),
        ("dues .csv, 5,000,000 tiny rows", "代扣.csv", b"a\n" * 5_000_000, "工作表超过 250000 行"),
    ]:
        post = lambda n=name, d=data: client.post(page, {**fields, "file": upload(n, d)})  # noqa: E731
        measured(label, data, post, message)


def test_a_plan_docx_bomb_is_refused_on_the_import_page(world, client_for):
    client = client_for(world.chair)
    page = reverse("plans:import", args=["school"])
    data = gigabyte_docx()
    post = lambda: client.post(page, {"year": 2026, "file": upload("计划.docx", data)})  # noqa: E731
    measured(
        "plan .docx, 1 GB of document XML",
        data,
        post,
        "文件解压后超过 300 MB，可能不是正常的 Word 文档",
    )
