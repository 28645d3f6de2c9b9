"""Masks for personal numbers (PIPL): what every page, export and audit entry shows to a role
that may not see the number in full. Revealing the whole number is a separate, audited act
(``member.reveal``).

A mask is only as good as the other fields shown beside it. A resident ID number (GB 11643)
is a 6-digit address code, the 8-digit birth date, a 3-digit sequence code (odd for men) and a
check character computed from the other 17: whoever holds the area, the birth date and the
sequence digits holds the number. So the ID mask keeps the address code and the check
character only, and a role that may not reveal the number sees the birth date as its year
(``mask_birth_date``): area + year + sex + check leave about 16,600 candidates
(365 days × 500 same-sex sequence codes ÷ 11 check characters), and a revealing role, who also
sees the whole birth date, is still some 45 candidates away from the number — the number
itself takes the audited reveal. GB/T 35273-2020 《个人信息安全规范》 §7.2 (个人信息的展示
限制) asks for display-time de-identification against insiders without a need to know; it
sets no pattern, the one here is chosen so that no combination of shown fields rebuilds it.
"""

from __future__ import annotations

import datetime


def mask_id(number: str) -> str:
    """110101199003071234 → 110101***********4: the address code and the check character
    stay; the birth date and the sequence code go. A first-generation 15-digit number (and the
    old 15-character foreign permanent residence number) ends in its sequence code, so only
    its first six stay. Short document numbers (passports, travel permits: no birth date in
    them) keep their first and last two characters. Masking a masked number again gives the
    same mask, so numbers that entered the audit trail under an older mask read alike."""
    if not number:
        return ""
    if len(number) >= 18:
        return number[:6] + "*" * (len(number) - 7) + number[-1]
    if len(number) >= 14:
        return number[:6] + "*" * (len(number) - 6)
    if len(number) > 4:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * len(number)


def mask_mobile(number: str) -> str:
    """13812345678 → 138****5678."""
    if not number:
        return ""
    if len(number) >= 7:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    return "*" * len(number)


def mask_birth_date(value) -> str:
    """1985-03-01 (a date or its ISO text) → 1985-**-**: the year stays, so the roster's age
    bands still read, and the month and day — the part of the ID number the mask hides —
    go. The year does not change on the birthday, so looking again on another day tells
    nothing more."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-**-**"
    text = str(value)
    return f"{text[:4]}-**-**" if text[:4].isdigit() else "****-**-**"


# The personal fields, by the name every model gives them (Member, JoinApplication, User):
# what the audit pages mask for every reader.
PERSONAL_MASKS = {"id_number": mask_id, "mobile": mask_mobile, "birth_date": mask_birth_date}


def mask_value(field: str, value):
    """Mask by field name: ``mobile`` as a phone number, anything else as an ID number.
    Values that are not text (None, a count) pass unchanged."""
    if not isinstance(value, str):
        return value
    return mask_mobile(value) if field == "mobile" else mask_id(value)
