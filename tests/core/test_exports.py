"""``core.exports.XlsxSheet``: a long list written row by row by xlsxwriter keeps every rule
of ``core.exports`` — stored text is cleaned and always a text cell, formula-like text has
the quote prefix, a literal ``_xHHHH_`` shows as typed, numbers and dates keep their type."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from gonghui.core.exports import CELL_LIMIT, XlsxSheet

FORMULAS = ['=HYPERLINK("http://x.cn","点我")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(1)"]


def written(*rows, title=None) -> bytes:
    out = io.BytesIO()
    sheet = XlsxSheet(out, "表", widths=[12, 8], freeze=(1, 0))
    if title is not None:
        sheet.merged(title, 4, {"bold": True})
    for values, style in rows:
        sheet.append(values, style)
    sheet.close()
    return out.getvalue()


def shown(content: bytes) -> list[list]:
    """The cells as Excel shows them (calamine decodes OOXML escapes as Excel does)."""
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_formula_like_text_is_a_text_cell_and_shows_as_stored():
    values = [*FORMULAS, "\t制表", "#N/A", -5, 3.5, Decimal("-12.30"), "办公室\x0b", "_x0041_"]
    content = written((values, None))
    cells = next(load_workbook(io.BytesIO(content)).active.iter_rows())
    assert [c.data_type for c in cells] == ["s"] * 7 + ["n"] * 3 + ["s", "s"]
    assert all(c.quotePrefix for c in cells[:7]) and not any(c.quotePrefix for c in cells[7:])
    assert shown(content)[0] == [*FORMULAS, "\t制表", "#N/A", -5, 3.5, -12.3, "办公室", "_x0041_"]


def test_dates_booleans_and_empty_values_keep_their_kind():
    day = datetime.date(2008, 7, 1)
    content = written(([day, True, None, "", "\x0b", "末"], None))
    cells = next(load_workbook(io.BytesIO(content)).active.iter_rows())
    assert (cells[0].value, cells[0].number_format) == (datetime.datetime(2008, 7, 1), "yyyy-mm-dd")
    assert cells[1].value is True
    assert [c.value for c in cells[2:]] == [None, None, None, "末"]


def test_a_styled_row_a_merged_title_widths_and_frozen_rows():
    header = (
        {"bold": True, "pattern": 1, "bg_color": "#DDEBF7"},
        {"bold": True, "num_format": "0"},
    )
    content = written(
        (["姓名", "=x"], header[0]),
        ([datetime.date(2020, 1, 2), 7], header[1]),
        title="=工会名单",
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"]
    title = ws["A1"]
    assert (title.value, title.data_type, title.font.b, title.quotePrefix) == (
        "=工会名单",
        "s",
        True,
        True,
    )
    assert ws["A2"].fill.fgColor.rgb == "FFDDEBF7" and ws["B2"].quotePrefix
    assert ws["B2"].font.b and not ws["A2"].quotePrefix
    assert ws["A3"].number_format == "yyyy-mm-dd" and ws["A3"].font.b  # a date in a styled row
    assert ws.freeze_panes == "A2" and ws.column_dimensions["A"].width > 12


def test_text_longer_than_a_cell_holds_is_cut_and_unknown_values_are_refused():
    assert len(shown(written((["长" * (CELL_LIMIT + 10)], None)))[0][0]) == CELL_LIMIT
    with pytest.raises(TypeError):
        written(([object()], None))
