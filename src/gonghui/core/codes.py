"""Random codes a person reads off paper or a screen and types in: one-time passwords and
reference numbers. Letters and digits that look alike in print or handwriting (0/O, 1/I/L)
are left out, so a code copied by hand is copied right."""

from __future__ import annotations

import re
import secrets

# Base 31: digits 2-9 and the capitals without I, L, O.
UNAMBIGUOUS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(length: int, alphabet: str = UNAMBIGUOUS) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def one_time_password() -> str:
    """Ten characters (about 49 bits), lower case: typed on a phone without switching the
    keyboard's case. Valid until its owner changes it at the first login."""
    return random_code(10, UNAMBIGUOUS.lower())


def normalise_code(typed: str) -> str:
    """What a person typed for a code: upper case, spaces and dashes dropped."""
    return re.sub(r"[\s\-_]", "", typed or "").upper()
