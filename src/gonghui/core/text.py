"""Text at the edges: one cleaning for everything people type, paste or upload.

A character that XML 1.0 cannot hold (a vertical tab pasted from Word, a NUL from a
spreadsheet cell written as ``_x0000_``) is invisible on a page but makes every .xlsx and
.docx holding it fail to build (openpyxl and lxml refuse it). ``clean_text`` takes such
characters out where text comes in — every form (``core.forms.StyledForm``), the
spreadsheet import (``core.spreadsheets.cell_text``) — and the writers of files
(``core.exports``) apply it again to what is already stored.

What goes: the C0 controls (U+0000–U+001F) and DEL, the C1 controls (U+0080–U+009F),
lone surrogates, the non-characters U+FFFE and U+FFFF, and the OOXML escapes
``_xHHHH_`` (ECMA-376 Part 1, §22.9.2.19 ST_Xstring) that stand for any of these — a
spreadsheet reader that leaves ``_x000B_`` undecoded would otherwise pass the control
character on to the next writer. Tab, line feed and carriage return stay in multi-line
text and go from a single line. Everything else stays: CJK of every plane, rare
characters, emoji with their joiners and variation selectors.
"""

from __future__ import annotations

import re

# Removed in any text.
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_MULTILINE = re.compile(f"[{_ALWAYS}]")
_SINGLE_LINE = re.compile(f"[{_ALWAYS}\t\n\r]")
# An escape for a character that is removed anyway (any of the above, tab and line breaks
# included: a decoded break is kept only where it was a real one).
_CONTROL_ESCAPE = re.compile(
    r"_x(?:00[01][0-9A-Fa-f]|007[Ff]|00[89][0-9A-Fa-f]|[Dd][89A-Fa-f][0-9A-Fa-f]{2}|[Ff]{3}[EeFf])_"
)


def clean_text(value: object, *, multiline: bool = True) -> str:
    """``value`` as text without what XML 1.0 and Excel cannot hold (see the module).

    ``multiline=False`` is for one-line fields (a name, a department): tab and line breaks
    go too. ``None`` is the empty string. Idempotent: cleaning twice changes nothing."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = (_MULTILINE if multiline else _SINGLE_LINE).sub("", text)
    if "_x" in text:
        # Taking an escape out can join the text around it into another ("_x00_x0000_0B_"):
        # repeat until none is left (each round removes seven characters).
        while True:
            shorter = _CONTROL_ESCAPE.sub("", text)
            if shorter == text:
                break
            text = shorter
    return text


def clean_post(data, *, multiline: bool = True):
    """A copy of a ``QueryDict`` (``request.POST``) with every value cleaned, for the few
    views that read what was typed without a form (a form cleans its own fields:
    ``core.forms.StyledForm``)."""
    cleaned = data.copy()
    for key, values in data.lists():
        cleaned.setlist(key, [clean_text(v, multiline=multiline) for v in values])
    return cleaned
