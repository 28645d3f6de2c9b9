"""The member export as written by xlsxwriter (issue 14): every row of the roster, in the
list's order, across the reader's chunks; stored text that looks like a formula is a text
cell; dates are dates; the title, header and frozen panes are where a treasurer expects."""

from __future__ import annotations

import datetime
import io

from openpyxl import load_workbook

from gonghui.members.bulk import fill_union
from gonghui.members.columns import LABELS
from gonghui.orgs.models import Member

HEADER_ROW = 2  # the title, then the column headers


def export(client, query: str) -> bytes:
    response = client.get(f"/unions/school/members/export/{query}")
    assert response.status_code == 200
    return response.getvalue()


def test_a_formula_in_a_department_opens_as_text(world, client_for):
    member = world.members["吴老师"]
    Member.objects.filter(pk=member.pk).update(department='=HYPERLINK("x")', post="-1")
    ws = load_workbook(io.BytesIO(export(client_for(world.chair), "?full=1"))).active
    header = [c.value for c in ws[HEADER_ROW]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[1].value == "吴老师")
    department = row[header.index(LABELS["department"])]
    post = row[header.index(LABELS["post"])]
    assert (department.data_type, department.value) == ("s", '=HYPERLINK("x")')
    assert (post.data_type, post.value) == ("s", "-1")
    assert department.quotePrefix and post.quotePrefix  # stays text when edited in Excel
    assert row[0].data_type == "n" and not row[1].quotePrefix


def test_a_roster_of_2000_exports_every_row_in_the_lists_order(world, client_for):
    fill_union(world.school, 2100, seed=5)
    current = Member.objects.current().filter(union=world.school)
    expected = sorted(
        current.values_list("joined_on", "id", "id_number", "birth_date"),
        key=lambda m: (m[0] is None, m[0] or datetime.date.min, m[1]),
    )
    assert len(expected) > 2000  # more than one chunk of the reader

    ws = load_workbook(io.BytesIO(export(client_for(world.chair), "?full=1&sort=joined"))).active
    header = [c.value for c in ws[HEADER_ROW]]
    number = header.index(LABELS["id_number"])
    born, joined = header.index(LABELS["birth_date"]), header.index(LABELS["joined_on"])
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(expected) + 1))  # 序号
    assert [r[number] for r in rows] == [m[2] or None for m in expected]  # "": an empty cell
    as_datetime = datetime.datetime.combine
    assert [r[joined] for r in rows] == [
        m[0] and as_datetime(m[0], datetime.time()) for m in expected
    ]
    assert [r[born] for r in rows] == [
        m[3] and as_datetime(m[3], datetime.time()) for m in expected
    ]


def test_the_title_and_header_stay_in_view_and_the_title_spans_the_columns(world, client_for):
    ws = load_workbook(io.BytesIO(export(client_for(world.treasurer), ""))).active
    assert ws.freeze_panes == "C3"  # the title, the header, 序号 and 姓名
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:T1"]
    assert ws["A1"].font.b and ws["A1"].value.startswith("第一中学工会会员名单（导出人：")
    assert all(c.font.b and c.fill.fgColor.rgb == "FFDDEBF7" for c in ws[HEADER_ROW])
    assert ws.column_dimensions["F"].width > 20  # 证件号码: 18 digits visible
