"""The checks one member record must pass, written once and used by the forms, the
services, the join application and the spreadsheet import.

Each check returns ``(field, message)`` pairs rather than raising, so the import can report
every problem of a row against its column, and the services can raise them together as one
``ValidationError``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.core.dates import add_years

from .choices import GB11643_TYPES
from .idcard import MOBILE_RE, IdNumberError, normalize_number, parse_id_number
from .pinyin import name_pinyin
from .rules import MIN_JOIN_AGE

Problems = list[tuple[str, str]]

# The fields of one person's record, in the one order the services, the import and the
# generator share (the import compares value tuples in this order).
PERSON_FIELDS = (
    "name",
    "sex",
    "ethnicity",
    "id_type",
    "id_number",
    "birth_date",
    "mobile",
    "education",
    "political_status",
    "department",
    "post",
    "employment",
    "is_frontline",
    "is_manager",
    "is_teacher",
    "joined_on",
    "card_number",
)


def check_person(values: dict[str, Any], *, today: datetime.date) -> Problems:
    """Normalise ``values`` in place (numbers, name) and return what is wrong with them.

    Fills ``birth_date`` and ``sex`` from a resident ID number when they are missing and
    reports them when they contradict it.
    """
    problems: Problems = []
    name = clean_name(str(values.get("name") or ""))
    values["name"] = name
    if not name:
        problems.append(("name", "姓名不能为空。"))

    number = normalize_number(str(values.get("id_number") or ""))
    values["id_number"] = number
    id_type = values.get("id_type") or "resident"
    if number and id_type in GB11643_TYPES:
        try:
            facts = parse_id_number(number, today=today)
        except IdNumberError as exc:
            problems.append(("id_number", str(exc)))
        else:
            if values.get("birth_date") is None:
                values["birth_date"] = facts.birth_date
            elif values["birth_date"] != facts.birth_date:
                problems.append(
                    (
                        "birth_date",
                        f"出生日期 {values['birth_date']:%Y-%m-%d} 与身份证号中的 "
                        f"{facts.birth_date:%Y-%m-%d} 不一致。",
                    )
                )
            if not values.get("sex"):
                values["sex"] = facts.sex
            elif values["sex"] != facts.sex:
                said, derived = _sex_label(values["sex"]), _sex_label(facts.sex)
                problems.append(
                    ("sex", f"性别填的是“{said}”，身份证号第 17 位表示“{derived}”，二者不一致。")
                )
    if not values.get("sex"):
        problems.append(("sex", "请填写性别（男/女）。"))

    mobile = normalize_number(str(values.get("mobile") or ""))
    if mobile.startswith("+86"):
        mobile = mobile[3:]
    values["mobile"] = mobile
    if mobile and not MOBILE_RE.match(mobile):
        problems.append(("mobile", f"手机号码“{mobile}”格式不对，应为 1 开头的 11 位数字。"))

    joined, birth = values.get("joined_on"), values.get("birth_date")
    if joined is not None:
        if joined > today:
            problems.append(("joined_on", f"入会时间 {joined:%Y-%m-%d} 晚于今天。"))
        elif birth is not None and joined < add_years(birth, MIN_JOIN_AGE):
            problems.append(
                (
                    "joined_on",
                    f"入会时间 {joined:%Y-%m-%d} 时未满 {MIN_JOIN_AGE} 周岁"
                    f"（出生于 {birth:%Y-%m-%d}），请核对。",
                )
            )
    if birth is not None and birth > today:
        problems.append(("birth_date", f"出生日期 {birth:%Y-%m-%d} 晚于今天。"))
    return problems


# CJK characters and the middle dots of transliterated names (阿依古丽·买买提).
_CJK = "[\u2e80-\u9fff\uf900-\ufaff\u00b7\u30fb]"
_CJK_GAP = re.compile(f"(?<={_CJK}) | (?={_CJK})")


def clean_name(name: str) -> str:
    """ "张  伟" (spaces typed to line up two-character names) → "张伟"; a Latin name keeps
    one space between its words: "Anna  Müller" → "Anna Müller"."""
    parts = name.split()
    if len(parts) <= 1:  # no inner spaces: nearly every name
        return parts[0] if parts else ""
    return _CJK_GAP.sub("", " ".join(parts))


def _sex_label(code: str) -> str:
    return {"M": "男", "F": "女"}.get(code, code)


def raise_problems(problems: Problems) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


def search_keys(name: str, mobile: str, id_number: str) -> dict[str, str]:
    """The indexed search columns of a member, from the fields they follow."""
    full, initials = name_pinyin(name)
    return {
        "name_pinyin": full[:120],
        "name_initials": initials[:30],
        "mobile_tail": mobile[-4:],
        "id_tail": id_number[-4:],
    }
