"""Personal numbers: resident ID numbers (GB 11643), mobile numbers, and how both are
cleaned up when they arrive from a spreadsheet and masked when they are shown.

Checking an ID number is a few lines of a national standard, so it is done here by hand
(ARCHITECTURE.md: "ID-card checks are fine by hand").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from operator import mul

from gonghui.core.spreadsheets import to_halfwidth

# GB 11643-1999 《公民身份号码》: 6-digit address code, 8-digit birth date, 3-digit order
# code (odd for men, even for women), then a check character over the first 17 digits
# (ISO 7064 MOD 11-2). 港澳台居民居住证 numbers (address codes 81/82/83) follow the
# same layout and the same check.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")
# Mainland mobile numbers: 11 digits starting 1[3-9] (工信部 numbering plan).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_number(value: str) -> str:
    """Half-width, no spaces of any kind, no hyphens, upper case (a lowercase x at the end
    of an ID number is common)."""
    if value.isascii() and value.isalnum():  # the usual case; an import calls this 300k times
        return value.upper()
    return "".join(to_halfwidth(value).split()).replace("-", "").upper()


def id_check_char(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError(first17)
    return ID_CHECK_CHARS[sum(map(mul, map(int, first17), ID_WEIGHTS)) % 11]


@dataclass(frozen=True)
class IdFacts:
    birth_date: datetime.date
    sex: str  # "M" or "F", as orgs.models.Sex


class IdNumberError(ValueError):
    """A resident ID number that cannot be right; the message is Chinese, for the user."""


def parse_id_number(number: str, *, today: datetime.date | None = None) -> IdFacts:
    """Check an 18-character resident ID number and return the birth date and sex it carries.
    ``number`` must already be normalised."""
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为 18 位，当前为 {len(number)} 位。")
    if not ID_RE.match(number):
        raise IdNumberError("身份证号前 17 位应为数字，最后一位为数字或 X。")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期“{number[6:14]}”不是有效日期。") from None
    if birth.year < 1900 or birth > (today or datetime.date.today()):
        raise IdNumberError(f"身份证号中的出生日期“{number[6:14]}”不合理。")
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            f"身份证号校验位不符（第 18 位应为“{expected}”，实为“{number[17]}”），请核对是否抄错。"
        )
    return IdFacts(birth_date=birth, sex="M" if int(number[16]) % 2 else "F")
