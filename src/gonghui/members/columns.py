"""The roster's columns (花名册): their labels and the headers people write for them, in the
order of the template and the export, what a masked export writes in each, and how a choice,
a yes/no, an ethnicity or a card number cell is read. The template and the export
(``spreadsheets``) write them; the import (``importing``) reads them through
``core.spreadsheets``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from gonghui.core.masks import mask_birth_date, mask_id, mask_mobile
from gonghui.core.spreadsheets import CellError, cell_text, header_key, number_text, to_halfwidth
from gonghui.orgs.models import Member

from .choices import ETHNICITIES, Education, Employment, IdType, Political, normalize_ethnicity


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the header the template and the export write
    aliases: tuple[str, ...] = ()
    required: bool = False
    # What a masked export writes instead of the value (core.masks); None: the value itself.
    masked: Callable[[Any], Any] | None = None


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
        masked=mask_id,
    ),
    Column("birth_date", "出生日期", ("出生年月", "出生年月日", "生日"), masked=mask_birth_date),
    Column(
        "mobile",
        "手机号码",
        ("联系电话", "手机", "手机号", "电话", "电话号码", "联系方式"),
        masked=mask_mobile,
    ),
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
MASKED = {c.field: c.masked for c in COLUMNS if c.masked is not None}
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


# --- the masked export ---------------------------------------------------------------------


def mask_member(member: Member) -> Member:
    """``member`` as a masked export writes it: each masked column holds its masked value (the
    ID number without its birth date and sequence code, the birth date as its year, the
    mobile's middle digits hidden). Never save what this returns."""
    for field, mask in MASKED.items():
        if value := getattr(member, field):
            setattr(member, field, mask(value))
    return member


class _MaskedMembers(ModelIterable):
    def __iter__(self):
        for member in super().__iter__():
            yield mask_member(member)


def masked_members(queryset: QuerySet[Member]) -> QuerySet[Member]:
    """The members of ``queryset`` masked as they are read from the database: a masked export
    never holds a full number or birth date, whichever writer lays out its cells (chained
    ``select_related``/``iterator`` calls keep the masking)."""
    masked = queryset.all()
    masked._iterable_class = _MaskedMembers
    return masked
