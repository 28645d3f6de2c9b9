"""Masks for personal numbers (PIPL): what every page, export and audit entry shows to a role
that may not see the number in full. Revealing the whole number is a separate, audited act
(``member.reveal``)."""

from __future__ import annotations


def mask_id(number: str) -> str:
    """110101199003071234 → 110101********1234: the region and the last four stay, the
    birth date goes. Short document numbers keep their first and last two characters."""
    if not number:
        return ""
    if len(number) >= 14:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
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


def mask_value(field: str, value):
    """Mask by field name: ``mobile`` as a phone number, anything else as an ID number."""
    if not isinstance(value, str):
        return value
    return mask_mobile(value) if field == "mobile" else mask_id(value)
