"""The roster export survives any stored text: control characters, OOXML escapes and
formula-like text in any member field (stored straight through the ORM, as old data may
be) give a file Excel opens, showing the cleaned text and no formula. The export reads
the members in a fixed number of queries, and a form cleans a name as it is typed."""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from gonghui.core.text import clean_text
from gonghui.members.columns import LABELS
from gonghui.orgs.models import Member, Sex, UnionGroup
from tests.conftest import id_number

PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Anything a database stores: every character but lone surrogates (neither engine takes
# them) and NUL (PostgreSQL refuses it in text), spliced with what breaks exports.
NASTY = st.sampled_from(
    ["=", "+", "-", "@", "\t", "\r", '=HYPERLINK("http://x.cn","点我")', "=cmd|' /C calc'!A0"]
)
PIECES = st.sampled_from(["_x0000_", "_x000B_", "\x0b", "\x1f", "\x85", "#N/A", "𠀀", "👨‍👩‍👧"])
STORED = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


def stored_text(limit: int):
    return st.builds(
        lambda start, body, piece: (start + body + piece)[:limit],
        st.one_of(st.just(""), NASTY),
        st.text(STORED, max_size=limit),
        st.one_of(st.just(""), PIECES),
    )


FIELDS = {
    "name": 50,
    "department": 60,
    "post": 60,
    "ethnicity": 12,
    "id_number": 32,
    "card_number": 30,
}
KEY_MOBILE = "13987654321"  # 吴老师's: the row under test is found by it


def export(client, query: str = "?full=1") -> bytes:
    response = client.get(f"/unions/school/members/export/{query}")
    assert response.status_code == 200
    return response.getvalue()


def rows_as_shown(content: bytes) -> list[list]:
    """The cells as Excel shows them (calamine decodes OOXML escapes as Excel does)."""
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def assert_no_formula(content: bytes) -> None:
    for row in load_workbook(io.BytesIO(content)).active.iter_rows():
        assert not [c.coordinate for c in row if c.data_type == "f"]


@PROPERTY
@given(st.fixed_dictionaries({f: stored_text(n) for f, n in FIELDS.items()}), stored_text(60))
@example(
    {
        "name": "吴\x0b老师_x0000_",
        "department": '=HYPERLINK("http://x.cn","点我")',
        "post": "=cmd|' /C calc'!A0",
        "ethnicity": "-1",
        "id_number": "@SUM(A1)",
        "card_number": "\tHY\r\n0002",
    },
    "+数学组\x1f",
)
def test_any_stored_text_exports_as_its_cleaned_text_and_never_as_a_formula(
    world, client_for, values, group_name
):
    assume(group_name != world.chinese.name)  # group names are unique in a union
    Member.objects.filter(mobile=KEY_MOBILE).update(**values)
    UnionGroup.objects.filter(pk=world.maths.pk).update(name=group_name)
    content = export(client_for(world.chair))
    assert_no_formula(content)
    rows = rows_as_shown(content)
    header = rows[1]
    row = next(r for r in rows[2:] if r[header.index(LABELS["mobile"])] == KEY_MOBILE)
    for field, value in {**values, "group": group_name}.items():
        assert row[header.index(LABELS[field])] == clean_text(value), field


def test_a_masked_export_of_nasty_text_opens_too(world, client_for):
    Member.objects.filter(mobile=KEY_MOBILE).update(name="=1+1\x0b", id_number="_x0000_\x0c")
    content = export(client_for(world.treasurer), "")
    assert_no_formula(content)
    assert "=1+1" in {cell for row in rows_as_shown(content) for cell in row}


def _members(world, group, count: int) -> None:
    Member.objects.bulk_create(
        Member(
            union=world.school,
            group=group,
            name=f"=会员{n}\x0b",
            sex=Sex.FEMALE,
            id_number=id_number("19900101", 100 + count + n),  # 103…, then 130…
            department="@教务处",
        )
        for n in range(count)
    )


def test_the_export_costs_the_same_queries_for_3_and_for_30_members(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.chair)
    counts = []
    for size in (3, 30):
        group = UnionGroup.objects.create(union=world.school, name=f"导出组{size}")
        _members(world, group, size)
        with CaptureQueriesContext(connection) as queries:
            content = export(client, f"?full=1&group={group.pk}")
        assert len(rows_as_shown(content)) == 2 + size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        export(client, f"?full=1&group={group.pk}")


def test_a_name_typed_with_a_control_character_is_stored_without_it(world, client_for):
    member = world.members["吴老师"]
    response = client_for(world.chair).post(
        f"/members/{member.pk}/edit/",
        {
            "name": "吴\x0b老师\n",
            "id_type": member.id_type,
            "sex": member.sex,
            "group": member.group_id,
            "department": "数学\x0c组_x0000_",
            "is_teacher": "on",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.department) == ("吴老师", "数学组")
