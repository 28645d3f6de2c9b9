"""What an uploaded zip-based file (.xlsx, .ods, .docx) unpacks to, checked before any
parser opens it.

python-calamine inflates in Rust, python-docx and openpyxl through ``zipfile``, and none of
them limits what it inflates: a 1 MB .xlsx can unpack to a gigabyte of sheet XML (OWASP
File Upload Cheat Sheet: check what an archive unpacks to before using it). :func:`check`
refuses, with a Chinese message, a file whose members declare more than
``settings.UPLOAD_MAX_UNPACKED_MB`` in all, or whose member over 100 KB declares more than
``settings.UPLOAD_MAX_RATIO`` times its packed size (Apache POI's ZipSecureFile defaults).

The sizes a member declares in the central directory are only the first check: a crafted
archive can declare 1 KB and inflate to gigabytes. So every member is then inflated here,
1 MB at a time, the pieces counted and dropped, and the file is refused as soon as a member
inflates past what it declared. The parsers are given the same immutable bytes afterwards,
so they inflate no more than was counted here; the check itself holds one piece at a time.
Streaming the parsers' own reads through a cap is not possible: calamine reads inside Rust.

A ``watch`` callback, given each member's ZipInfo, sees its pieces on the way: core.sheetguard reads how large
a sheet is from its XML there, and the plans import counts XML elements.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError

MB = 1024 * 1024
# Members smaller than this are not held to the ratio (Apache POI's GRACE_ENTRY_SIZE): the
# small XML parts of a real file inflate 20 times and more, and cost nothing.
GRACE_BYTES = 100 * 1024
# A real .xlsx or .docx has tens of members, a .docx with many pictures a few hundred.
MAX_MEMBERS = 10_000
# The central directory is read by zipfile into one object per member; refused before that
# when larger than a directory of MAX_MEMBERS members with long names.
MAX_DIRECTORY_BYTES = MAX_MEMBERS * 200
PIECE = MB  # the most output one inflate step makes
STEP = 64 * 1024  # packed bytes given to one inflate step

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # zipfile's structFileHeader, 30 bytes
_END_RECORD = b"PK\x05\x06"


class UnpackError(ValidationError):
    """The file unpacks to more than an upload may; the message is Chinese."""


@dataclass(frozen=True)
class Sort:
    """What an upload is meant to be, for the messages: ``noun`` ("表格文件") and how to
    make a normal one (``fix``)."""

    noun: str
    fix: str


SPREADSHEET = Sort("表格文件", "请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。")
DOCUMENT = Sort(" Word 文档", "请用 Word 或 WPS 打开后另存为 .docx 再上传。")


class Watch(Protocol):
    def feed(self, piece: bytes) -> None: ...

    def close(self) -> None: ...


Watcher = Callable[[zipfile.ZipInfo], "Watch | None"]


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def max_unpacked_bytes() -> int:
    return int(settings.UPLOAD_MAX_UNPACKED_MB * MB)


def check(data: bytes, sort: Sort, *, watch: Watcher | None = None) -> None:
    """Refuse (:class:`UnpackError`) a zip archive that unpacks to more than the limits, or
    that cannot be checked. Anything that is not a zip archive passes untouched: the parser
    decides what it is."""
    if not is_zip(data):
        return
    members = _members(data, sort)
    limit = max_unpacked_bytes()
    if sum(info.file_size for info in members) > limit:
        raise _too_big(sort)
    for info in members:
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise UnpackError(
                f"文件经过加密或使用了{sort.noun}不用的压缩方式，无法读取。{sort.fix}"
            )
        if info.file_size > GRACE_BYTES and (
            info.file_size > settings.UPLOAD_MAX_RATIO * max(info.compress_size, 1)
        ):
            raise UnpackError(
                f"文件中有内容解压后超过压缩时的 {settings.UPLOAD_MAX_RATIO:g} 倍，"
                f"可能不是正常的{sort.noun}。{sort.fix}"
            )
    for info in members:
        seen = watch(info) if watch else None
        for piece in _inflate(data, info, sort):
            if seen is not None:
                seen.feed(piece)
        if seen is not None:
            seen.close()


def _too_big(sort: Sort) -> UnpackError:
    return UnpackError(
        f"文件解压后超过 {settings.UPLOAD_MAX_UNPACKED_MB:g} MB，可能不是正常的{sort.noun}。"
        f"{sort.fix}"
    )


def _damaged(sort: Sort) -> UnpackError:
    return UnpackError(f"文件已损坏或被改动过，无法读取。{sort.fix}")


def _members(data: bytes, sort: Sort) -> list[zipfile.ZipInfo]:
    end = data.rfind(_END_RECORD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise _damaged(sort)
    count, directory = struct.unpack_from("<HL", data, end + 10)
    if count > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:  # also Zip64's 0xFFFF…
        raise UnpackError(
            f"文件包含的部件超过 {MAX_MEMBERS} 个，可能不是正常的{sort.noun}。{sort.fix}"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, struct.error):
        raise _damaged(sort) from None
    if len(members) > MAX_MEMBERS:
        raise UnpackError(
            f"文件包含的部件超过 {MAX_MEMBERS} 个，可能不是正常的{sort.noun}。{sort.fix}"
        )
    return members


def _packed(data: bytes, info: zipfile.ZipInfo, sort: Sort) -> memoryview:
    """The member's packed bytes, where zipfile and calamine's zip reader both take them:
    after the local header the central directory points at, as long as the directory says."""
    offset = info.header_offset
    if offset < 0 or offset + _LOCAL_HEADER.size > len(data):
        raise _damaged(sort)
    header = _LOCAL_HEADER.unpack_from(data, offset)
    if header[0] != b"PK\x03\x04":
        raise _damaged(sort)
    start = offset + _LOCAL_HEADER.size + header[9] + header[10]
    if start + info.compress_size > len(data):
        raise _damaged(sort)
    return memoryview(data)[start : start + info.compress_size]


def _inflate(data: bytes, info: zipfile.ZipInfo, sort: Sort) -> Iterator[bytes]:
    """The member's content, a piece at a time; refused once it passes its declared size."""
    packed = _packed(data, info, sort)
    lied = UnpackError(
        f"文件中有内容解压后比文件自己记录的大小更大，可能不是正常的{sort.noun}。{sort.fix}"
    )
    if info.compress_type == zipfile.ZIP_STORED:
        if len(packed) > info.file_size:
            raise lied
        for start in range(0, len(packed), PIECE):
            yield bytes(packed[start : start + PIECE])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    made = 0
    try:
        for start in range(0, len(packed), STEP):
            rest: bytes | memoryview = packed[start : start + STEP]
            while rest and not inflater.eof:
                piece = inflater.decompress(rest, PIECE)
                rest = inflater.unconsumed_tail
                made += len(piece)
                if made > info.file_size:
                    raise lied
                if piece:
                    yield piece
            if inflater.eof:
                return
        piece = inflater.flush()
    except zlib.error:
        raise _damaged(sort) from None
    if made + len(piece) > info.file_size:
        raise lied
    if piece:
        yield piece


class ElementCount:
    """A watch that refuses XML parts holding more than ``limit`` elements in all: what
    python-docx parses into one lxml tree per part, some 120 bytes an element."""

    def __init__(self, limit: int, sort: Sort) -> None:
        self.limit, self.sort, self.count = limit, sort, 0

    def __call__(self, info: zipfile.ZipInfo) -> ElementCount | None:
        return self if info.filename.endswith((".xml", ".rels")) else None

    def feed(self, piece: bytes) -> None:
        self.count += piece.count(b"<") - piece.count(b"</")
        if self.count > self.limit:
            raise UnpackError(
                f"文件的内容结构过于庞大（超过 {_count(self.limit)} 个段落和格式标记），"
                f"可能不是正常的{self.sort.noun}。{self.sort.fix}"
            )

    def close(self) -> None:
        pass


def _count(n: int) -> str:
    """1000000 → "100 万"."""
    return f"{n // 10_000} 万" if n >= 10_000 and n % 10_000 == 0 else str(n)
