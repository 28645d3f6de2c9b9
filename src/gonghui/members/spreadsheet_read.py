"""Reading a roster spreadsheet as people actually fill it in: which sheet, which row is the
header, which column is which, and what a cell holding a date, a number or a choice
really means. ``importing`` decides what to do with the values.

python-calamine reads .xlsx, .xls and .ods (it sniffs the format from the bytes, so the
file name does not matter) about ten times faster than openpyxl; cells arrive as ``str``,
``float``, ``int``, ``bool``, ``datetime.date``/``datetime``, ``time`` or ``timedelta``,
with ``""`` for an empty cell.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from gonghui.orgs.models import Member

from .choices import ETHNICITIES, Education, Employment, IdType, Political, normalize_ethnicity
from .idcard import to_halfwidth

# The header is usually the first row, but many rosters put a merged title row (and a
# "填表单位/日期" row) above it.
HEADER_SCAN_ROWS = 15
# Sheets whose name says "roster" are read first; otherwise the sheets in order.
PREFERRED_SHEET_WORDS = ("花名册", "会员", "名册", "名单")


class RosterFileError(ValidationError):
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


def open_workbook(data: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own error types, one per format
        raise RosterFileError(
            "无法读取该文件：请上传 Excel（.xlsx/.xls）或 WPS/LibreOffice（.ods）表格文件；"
            "如果是 .csv 或加密的文件，请先用 Excel 另存为 .xlsx。"
        ) from None


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


def _sheet_order(workbook: CalamineWorkbook) -> list[str]:
    names = list(workbook.sheet_names)
    preferred = [n for n in names if any(w in n for w in PREFERRED_SHEET_WORDS)]
    return preferred + [n for n in names if n not in preferred]


def read_sheet(
    workbook: CalamineWorkbook, aliases: dict[str, str], *, required: str, ignored: frozenset
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
    raise RosterFileError(
        f"找不到表头行：在各工作表的前 {HEADER_SCAN_ROWS} 行中没有找到“姓名”列。"
        "请确认表格第一行（或标题下面一行）是“姓名、性别、身份证号码……”这样的列名。"
    )


# --- cells --------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is Chinese."""


def cell_text(value) -> str:
    """A text cell as one line: numbers that Excel stored as numbers come back without a
    trailing ".0"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
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


# --- the roster's columns ------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the header the template and the export write
    aliases: tuple[str, ...] = ()
    required: bool = False


# In the order of the template and the export; the import takes any order.
COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("名字", "会员姓名", "职工姓名"), required=True),
    Column("sex", "性别"),
    Column("ethnicity", "民族"),
    Column("id_type", "证件类型", ("证件种类",)),
    Column(
        "id_number",
        "证件号码",
        ("身份证号码", "身份证号", "身份证", "公民身份号码", "身份证件号码", "证件号"),
        required=True,
    ),
    Column("birth_date", "出生日期", ("出生年月", "出生年月日", "生日")),
    Column("mobile", "手机号码", ("联系电话", "手机", "手机号", "电话", "电话号码", "联系方式")),
    Column("education", "学历", ("文化程度", "最高学历")),
    Column("political_status", "政治面貌"),
    Column("department", "部门", ("科室", "所在部门", "所在科室")),
    Column("post", "岗位/职务", ("岗位", "职务", "岗位职务")),
    Column("employment", "用工形式", ("用工性质", "用工类型")),
    Column("is_frontline", "一线职工", ("是否一线职工",)),
    Column(
        "is_manager",
        "中层及以上管理人员",
        ("中层以上", "是否中层", "中层及以上", "是否中层及以上管理人员"),
    ),
    Column("is_teacher", "教师", ("是否教师",)),
    Column("joined_on", "入会时间", ("入会日期", "入会年月")),
    Column("card_number", "会员证号", ("会员证编号", "会员卡号")),
    Column("group", "工会小组", ("小组", "所在小组", "所属小组")),
)
LABELS = {c.field: c.label for c in COLUMNS}
# Columns the export writes (and people add) that the import knows and leaves alone.
IGNORED_HEADERS = {"序号": "_seq", "状态": "_status", "会员状态": "_status"}
ALIASES: dict[str, str] = {
    header_key(alias): c.field for c in COLUMNS for alias in (c.label, *c.aliases)
} | {header_key(k): v for k, v in IGNORED_HEADERS.items()}


# --- choice columns: labels and the variants people type -----------------------


def _choice_key(text: str) -> str:
    return "".join(to_halfwidth(text).split()).upper()


def _choices(choices, extra: dict[str, str]) -> dict[str, str]:
    table = {_choice_key(label): value for value, label in choices.choices}
    table.update({_choice_key(k): str(v) for k, v in extra.items()})
    return table


SEX_VALUES = {"男": "M", "男性": "M", "M": "M", "MALE": "M", "女": "F", "女性": "F", "F": "F"}
SEX_VALUES |= {"FEMALE": "F"}
ID_TYPE_VALUES = _choices(
    IdType,
    {
        "身份证": IdType.RESIDENT,
        "二代身份证": IdType.RESIDENT,
        "居民身份证号码": IdType.RESIDENT,
        "居住证": IdType.RESIDENCE_PERMIT,
        "港澳居民居住证": IdType.RESIDENCE_PERMIT,
        "台湾居民居住证": IdType.RESIDENCE_PERMIT,
        "港澳通行证": IdType.HK_MO_PASS,
        "回乡证": IdType.HK_MO_PASS,
        "台胞证": IdType.TW_PASS,
        "台湾通行证": IdType.TW_PASS,
        "外国护照": IdType.PASSPORT,
        "永居证": IdType.FOREIGN_PR,
        "外国人永久居留证": IdType.FOREIGN_PR,
        "其他": IdType.OTHER,
    },
)
EDUCATION_VALUES = _choices(
    Education,
    {
        "博士": Education.DOCTOR,
        "研究生": Education.MASTER,
        "硕士": Education.MASTER,
        "本科": Education.BACHELOR,
        "大学": Education.BACHELOR,
        "学士": Education.BACHELOR,
        "大专": Education.COLLEGE,
        "专科": Education.COLLEGE,
        "高职": Education.COLLEGE,
        "中专": Education.SECONDARY,
        "中技": Education.SECONDARY,
        "技校": Education.SECONDARY,
        "职高": Education.SECONDARY,
        "中职": Education.SECONDARY,
        "初中": Education.JUNIOR,
        "小学": Education.JUNIOR,
    },
)
POLITICAL_VALUES = _choices(
    Political,
    {
        "党员": Political.CPC,
        "共产党员": Political.CPC,
        "中国共产党党员": Political.CPC,
        "预备党员": Political.CPC_PROBATION,
        "团员": Political.LEAGUE,
        "共青团": Political.LEAGUE,
        "无党派": Political.NONPARTISAN,
        **dict.fromkeys(
            ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"),
            Political.DEMOCRATIC,
        ),
        **dict.fromkeys(
            ("民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员"),
            Political.DEMOCRATIC,
        ),
        "九三学社社员": Political.DEMOCRATIC,
        "台盟盟员": Political.DEMOCRATIC,
    },
)
EMPLOYMENT_VALUES = _choices(
    Employment,
    {
        "编制内": Employment.ESTABLISHED,
        "正式在编": Employment.ESTABLISHED,
        "在编人员": Employment.ESTABLISHED,
        "事业编制": Employment.ESTABLISHED,
        "行政编制": Employment.ESTABLISHED,
        "合同": Employment.CONTRACT,
        "合同工": Employment.CONTRACT,
        "劳动合同": Employment.CONTRACT,
        "劳动合同制": Employment.CONTRACT,
        "聘用": Employment.CONTRACT,
        "派遣": Employment.DISPATCHED,
        "返聘": Employment.REHIRED,
        "兼职": Employment.PART_TIME,
    },
)
YES_NO = {
    **dict.fromkeys(("是", "√", "✓", "✔", "Y", "YES", "1", "TRUE", "对"), True),
    **dict.fromkeys(("否", "×", "✗", "N", "NO", "0", "FALSE", "不是", ""), False),
}
CHOICE_HINTS = {
    "sex": "男、女",
    "id_type": "、".join(IdType.labels),
    "education": "、".join(Education.labels),
    "political_status": "、".join(Political.labels),
    "employment": "、".join(Employment.labels),
}


def choice_value(table: dict, value, field: str) -> str:
    """The stored value for a choice cell, or raise CellError naming the accepted values."""
    text = value if value.__class__ is str else cell_text(value)
    hit = table.get(text)
    if hit is None:
        key = _choice_key(text)
        hit = table.get(key)
        if hit is None:
            if not key:
                return ""
            raise CellError(f"“{text}”不是可选的{LABELS[field]}，可填：{CHOICE_HINTS[field]}。")
    return hit


def flag_value(value, field: str) -> bool:
    if value is True or value is False:
        return value
    hit = YES_NO.get(value) if value.__class__ is str else None
    if hit is None:
        hit = YES_NO.get(_choice_key(cell_text(value)))
        if hit is None:
            raise CellError(f"“{cell_text(value)}”不是是/否，{LABELS[field]}一栏请填“是”或“否”。")
    return hit


_ETHNICITY_SET = frozenset(ETHNICITIES)


def ethnicity_cell(value) -> str:
    text = cell_text(value)
    if text in _ETHNICITY_SET or not text:
        return text
    normalised = normalize_ethnicity(to_halfwidth(text))
    if normalised in _ETHNICITY_SET:
        return normalised
    raise CellError(f"“{text}”不是民族名称，请填写如“汉族”“回族”（56个民族之一，或“其他”）。")


def choice_parser(table: dict, field: str):
    def parse(value) -> str:
        return choice_value(table, value, field)

    return parse


def flag_parser(field: str):
    def parse(value) -> bool:
        return flag_value(value, field)

    return parse


CARD_MAX = Member._meta.get_field("card_number").max_length


def card_cell(value) -> str:
    if value == "" or value is None:
        return ""
    if value.__class__ is str and value.isascii():
        card = value.strip()
        if " " in card or "\t" in card:
            card = " ".join(card.split())
    else:
        card = " ".join(number_text(value, what="会员证号").split())
    if len(card) > CARD_MAX:
        raise CellError(f"会员证号太长（最多 {CARD_MAX} 位）。")
    return card
