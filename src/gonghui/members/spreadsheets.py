"""Writing roster spreadsheets: the import template and the export of a member list.

Both use the import's columns (``columns.COLUMNS``) in the same order and headers, so an
unmasked export re-imports without changes. The template is laid out with openpyxl; the
export streams rows through xlsxwriter in constant-memory mode (``core.exports.XlsxSheet``),
so its memory does not grow with the roster.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gonghui.core import exports
from gonghui.core.masks import mask_id, mask_mobile
from gonghui.orgs.models import Member, Union

from .choices import ETHNICITIES, Education, Employment, IdType, Political
from .columns import COLUMNS, LABELS

TEMPLATE_ROWS = 1000  # rows prepared with text formats and drop-down lists
TEXT_FIELDS = ("id_number", "mobile", "card_number")
DATE_FIELDS = ("birth_date", "joined_on")
DATE_FORMAT = "yyyy-mm-dd"
WIDTHS = {
    "name": 10,
    "sex": 6,
    "ethnicity": 8,
    "id_type": 14,
    "id_number": 22,
    "birth_date": 12,
    "mobile": 14,
    "education": 12,
    "political_status": 12,
    "department": 14,
    "post": 12,
    "employment": 10,
    "is_frontline": 9,
    "is_manager": 12,
    "is_teacher": 6,
    "joined_on": 12,
    "card_number": 16,
    "group": 12,
}
YES_NO = ("是", "否")
# Drop-down lists: field → its choices (kept on a hidden sheet; Excel limits a list typed
# into the validation itself to 255 characters, which the 58 民族 names exceed).
LISTS: dict[str, tuple[str, ...]] = {
    "sex": ("男", "女"),
    "ethnicity": ETHNICITIES,
    "id_type": tuple(IdType.labels),
    "education": tuple(Education.labels),
    "political_status": tuple(Political.labels),
    "employment": tuple(Employment.labels),
    "is_frontline": YES_NO,
    "is_manager": YES_NO,
    "is_teacher": YES_NO,
}
REQUIRED = {c.field for c in COLUMNS if c.required}
HELP: dict[str, str] = {
    "name": "必填。与身份证件上的姓名一致。",
    "sex": "男 或 女。填了居民身份证号码的可不填，系统按号码第 17 位判断；填了则须与号码一致。",
    "ethnicity": "从下拉列表选择，如 汉族、回族；也可只写“汉”。",
    "id_type": "从下拉列表选择；不填视为居民身份证。",
    "id_number": "必填，导入时按它识别会员：已有的更新，没有的新增。本列已设为文本格式，"
    "请勿改成数字格式，否则 18 位号码的末几位会被 Excel 改成 0。末位 x 大小写均可。",
    "birth_date": "可不填，系统按身份证号码推算；填了须与号码一致。可写 1985-03-14、"
    "1985/3/14、1985.3.14、1985年3月14日、19850314，或只写到月份：1985.03、1985年3月。",
    "mobile": "11 位手机号码。",
    "education": "从下拉列表选择；也可写 本科、大专、中专 等简称。",
    "political_status": "从下拉列表选择；也可写 党员、团员 等简称。",
    "department": "所在部门或科室。",
    "post": "岗位或职务。",
    "employment": "从下拉列表选择，如 在编、合同制、劳务派遣。",
    "is_frontline": "是 或 否（职工代表大会统计一线职工比例用）。",
    "is_manager": "是 或 否（中层及以上管理人员）。",
    "is_teacher": "是 或 否（学校工会统计教师代表比例用）。",
    "joined_on": "入会日期，写法同出生日期；不能晚于今天，也不能早于年满 16 周岁。",
    "card_number": "会员证号，全系统不能重复；没有可不填。本列为文本格式。",
    "group": "所在工会小组的名称；本工会还没有的小组，导入时会自动新建。",
}
EXAMPLE = {
    "name": "张示例",
    "sex": "男",
    "ethnicity": "汉族",
    "id_type": IdType.RESIDENT.label,
    "id_number": "110105198503141235",
    "birth_date": datetime.date(1985, 3, 14),
    "mobile": "13800138000",
    "education": Education.BACHELOR.label,
    "political_status": Political.CPC.label,
    "department": "办公室",
    "post": "科员",
    "employment": Employment.CONTRACT.label,
    "is_frontline": "否",
    "is_manager": "否",
    "is_teacher": "否",
    "joined_on": datetime.date(2008, 7, 1),
    "card_number": "",
    "group": "",
}

_THIN = Side(style="thin", color="999999")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _letter(field: str) -> str:
    return get_column_letter([c.field for c in COLUMNS].index(field) + 1)


def header_text(field: str, label: str) -> str:
    return f"{label}*" if field in REQUIRED else label


def roster_template() -> bytes:
    """The import template: the 花名册 sheet with styled headers, text-formatted number
    columns, drop-down lists and one example row, plus a 填写说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    lists = wb.create_sheet("选项")
    notes = wb.create_sheet("填写说明")
    wb.move_sheet(notes, offset=-1)  # 花名册, 填写说明, 选项

    for col, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(row=1, column=col, value=header_text(column.field, column.label))
        cell.font = REQUIRED_FONT if column.field in REQUIRED else HEADER_FONT
        cell.fill, cell.border, cell.alignment = HEADER_FILL, HEADER_BORDER, CENTER
        cell.comment = Comment(HELP[column.field], "工会")
        ws.column_dimensions[letter].width = WIDTHS[column.field]
        if column.field in TEXT_FIELDS:
            # Cells formatted as text keep all 18 digits of an ID number as typed.
            for row in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=row, column=col).number_format = "@"
        elif column.field in DATE_FIELDS:
            for row in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=row, column=col).number_format = DATE_FORMAT
        value = EXAMPLE[column.field]
        if value != "":
            ws.cell(row=2, column=col, value=value)
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 30

    lists.sheet_state = "hidden"
    for n, (field, options) in enumerate(LISTS.items(), start=1):
        letter = get_column_letter(n)
        lists.cell(row=1, column=n, value=LABELS[field])
        for row, option in enumerate(options, start=2):
            lists.cell(row=row, column=n, value=option)
        target = _letter(field)
        dv = DataValidation(
            type="list",
            formula1=f"'选项'!${letter}$2:${letter}${len(options) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从列表中选择",
            error="请从下拉列表中选择一项。",
        )
        dv.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(dv)
    for field in DATE_FIELDS:
        target = _letter(field)
        hint = DataValidation(
            showInputMessage=True,
            promptTitle="日期",
            prompt="如 1985-03-14，或只写到月份：1985.03、1985年3月",
        )
        hint.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(hint)

    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 90
    notes.append(["会员花名册填写说明"])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append(
        [
            "请在“花名册”工作表中每行填写一名会员，第 2 行是示例，导入前请删除或改成真实"
            "会员。列的顺序可以调整，表头上方可以有标题行；带 * 的列必须填写。"
        ]
    )
    notes.append([])
    notes.append(["列名", "是否必填", "填写说明"])
    for cell in notes[4]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
    for column in COLUMNS:
        notes.append(
            [column.label, "必填" if column.field in REQUIRED else "选填", HELP[column.field]]
        )
        notes.cell(row=notes.max_row, column=3).alignment = Alignment(wrap_text=True)
    notes.append([])
    notes.append(
        [
            "导入规则：默认“全部正确才导入”——只要有一行有误，就不会写入任何数据，请按提示"
            "（行号、列名、原因）改正后重新导入；也可以选择“跳过有误的行”，只导入正确的行。"
        ]
    )
    notes.append(["空行会被自动跳过；同一证件号码或会员证号在表中只能出现一次。"])

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- export ----------------------------------------------------------------------

EXPORT_HEADERS = ("序号", *(c.label for c in COLUMNS), "状态")
SEX = {"M": "男", "F": "女"}
ID_TYPES = dict(IdType.choices)
EDUCATION = dict(Education.choices)
POLITICAL = dict(Political.choices)
EMPLOYMENT = dict(Employment.choices)
STATUSES = dict(Member._meta.get_field("status").choices)
YES_NO_OF = {True: "是", False: "否"}


def _local(moment) -> str:
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment:%Y-%m-%d %H:%M}"
    return f"{moment:%Y-%m-%d}"


def _member_row(n: int, m: Member, *, masked: bool, with_union: bool) -> tuple:
    """One member's row, in ``EXPORT_HEADERS`` order (``core.exports.XlsxSheet`` cleans the
    stored text and never writes it as a formula)."""
    return (
        n,
        m.name,
        SEX.get(m.sex, ""),
        m.ethnicity,
        ID_TYPES.get(m.id_type, ""),
        mask_id(m.id_number) if masked else m.id_number,
        m.birth_date,
        mask_mobile(m.mobile) if masked else m.mobile,
        EDUCATION.get(m.education, ""),
        POLITICAL.get(m.political_status, ""),
        m.department,
        m.post,
        EMPLOYMENT.get(m.employment, ""),
        YES_NO_OF[m.is_frontline],
        YES_NO_OF[m.is_manager],
        YES_NO_OF[m.is_teacher],
        m.joined_on,
        m.card_number,
        m.group.name if m.group_id else "",
        STATUSES.get(m.status, m.status),
        *([m.union.name] if with_union else []),
    )


# The export's title and header, as the template's header looks (HEADER_FONT, …).
EXPORT_TITLE = {"bold": True, "font_size": 14}
EXPORT_HEADER = {
    "bold": True,
    "pattern": 1,
    "bg_color": "#DDEBF7",
    "border": 1,
    "border_color": "#999999",
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}


def write_roster(
    out: BinaryIO,
    members_iterable: Iterable[Member],
    *,
    masked: bool,
    exported_by: str,
    exported_at,
    union_name: str,
    with_union: bool = False,
) -> None:
    """Write a member list as .xlsx into ``out`` (a file open for writing bytes): a title
    row saying who exported it and when, then the template's columns (plus 序号 and 状态,
    which the import ignores, and 所在工会 for a federation's list). ``masked`` hides the
    middle of ID and mobile numbers. Give members with ``group`` (and ``union``) selected.

    Each row goes to xlsxwriter's temporary file as the next one begins, so memory does not
    grow with the roster, and the workbook is zipped straight into ``out``."""
    headers = [*EXPORT_HEADERS, "所在工会"] if with_union else list(EXPORT_HEADERS)
    widths = [6, *(WIDTHS[c.field] for c in COLUMNS), 8, 30]
    sheet = exports.XlsxSheet(
        out, "会员名单", widths=widths[: len(headers)], freeze=(2, 2), date_format=DATE_FORMAT
    )
    note = "，证件号码和手机号码已隐去部分数字，本表不能用于导入" if masked else ""
    sheet.merged(
        f"{union_name}会员名单（导出人：{exported_by}，导出时间：{_local(exported_at)}{note}）",
        len(headers),
        EXPORT_TITLE,
    )
    sheet.append(headers, EXPORT_HEADER)
    for n, m in enumerate(members_iterable, start=1):
        sheet.append(_member_row(n, m, masked=masked, with_union=with_union))
    sheet.close()


def roster_export(members_iterable: Iterable[Member], **options) -> bytes:
    """``write_roster`` into memory (``options`` are its keywords)."""
    out = io.BytesIO()
    write_roster(out, members_iterable, **options)
    return out.getvalue()  # the buffer itself, not a copy


def _actor_name(actor) -> str:
    if not getattr(actor, "pk", None):
        return "系统"
    return getattr(actor, "full_name", "") or actor.get_username()


def write_members(out: BinaryIO, *, actor, union: Union, queryset, masked: bool) -> int:
    """Export ``queryset`` (members of ``union``, already filtered and scoped by the caller)
    into ``out`` and return how many rows it holds. One query reads the members, in chunks
    (a server-side cursor on PostgreSQL); the export is recorded by
    ``services.roster_export_record``: who, how many rows, masked or not."""
    from .services import roster_export_record

    count = 0

    def counted():
        nonlocal count
        # A union's own list needs no union per row (所在工会 is a federation's column).
        related = ("group", "union") if union.is_federation else ("group",)
        rows = queryset.select_related(None).select_related(*related)
        for member in rows.iterator(chunk_size=2000):
            count += 1
            yield member

    write_roster(
        out,
        counted(),
        masked=masked,
        exported_by=_actor_name(actor),
        exported_at=timezone.now(),
        union_name=union.name,
        with_union=union.is_federation,
    )
    roster_export_record(actor=actor, union=union, count=count, masked=masked)
    return count


def members_export(*, actor, union: Union, queryset, masked: bool) -> bytes:
    """``write_members`` into memory (the command's file; tests). A page sends the file
    from a temporary file instead (``members.views.member_export``)."""
    out = io.BytesIO()
    write_members(out, actor=actor, union=union, queryset=queryset, masked=masked)
    return out.getvalue()
