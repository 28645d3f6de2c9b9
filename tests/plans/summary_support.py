"""Reading a 年度工作总结 in the tests: the .docx's paragraphs and tables, and the check that
no paragraph states a figure that did not come from the records."""

from __future__ import annotations

import io
import re
from collections import Counter

from docx import Document

# A figure as the summary prints one: 9, 55.6, 16,650.00, 2026.
TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")


def unexplained(text: str, figures) -> list[str]:
    """The figures in ``text`` that are not among ``figures`` (what the paragraph's
    ``core.summary.Writer`` kept, each read from the database). A record's own words kept
    whole (an item's text, a voucher's name) are taken out first; then every run of digits
    left must match a kept figure, each kept figure matching once."""
    rest = text
    for words in sorted((f for f in figures if not TOKEN.fullmatch(f)), key=len, reverse=True):
        rest = rest.replace(words, " ")
    pool = Counter(f for f in figures if TOKEN.fullmatch(f))
    bad = []
    for token in TOKEN.findall(rest):
        if pool[token]:
            pool[token] -= 1
        else:
            bad.append(token)
    return bad


def assert_every_paragraph_from_records(draft) -> None:
    for block in draft.paragraphs():
        assert not unexplained(block.text, block.figures), (block.key, block.text)


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def tables(doc) -> dict[tuple[str, ...], list[list[str]]]:
    """Each table by its header row: its other rows as text."""
    return {
        tuple(c.text for c in t.rows[0].cells): [[c.text for c in r.cells] for r in t.rows[1:]]
        for t in doc.tables
    }
