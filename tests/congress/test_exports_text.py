"""The session documents survive any stored text: a proposal title or reason, or a
representative's name, holding control characters, OOXML escapes or formula-like text
(stored straight through the ORM, as old data may be) still gives a 提案汇编, a 签到表 and
a whole archive that Word and Excel open, showing the cleaned text."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gonghui.congress.models import EvaluationSubject, Poll, Proposal, Sitting
from gonghui.core.text import clean_text
from gonghui.orgs.models import Member

from .papers_support import small_hall
from .proposal_world import collecting, submitted

PROPERTY = settings(
    max_examples=6,  # each example builds three files, the archive five documents
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Anything a database stores (no lone surrogates, no NUL: PostgreSQL refuses it), spliced
# with what breaks documents.
STORED = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
PIECES = st.sampled_from(["", "_x0000_", "_x000B_", "\x0b", "\x0c", "\x1f", "\x85", "=1+1"])


def stored_text(limit: int):
    return st.builds(
        lambda a, body, b: (a + body + b)[:limit],
        PIECES,
        st.text(STORED, max_size=limit),
        PIECES,
    )


def shown(text: str) -> str:
    """How Word shows stored text once cleaned: each line break is one break."""
    return clean_text(text).replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def get_file(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return response.content


@pytest.fixture
def proposal(world):
    sitting, reps = collecting(world)
    return submitted(world, sitting, reps)


@PROPERTY
@given(stored_text(100), stored_text(300), stored_text(50), stored_text(60))
@example("关于\x0b食堂_x0000_的提案", "理由\r\n第二行\x0c", "周\x0b会员", '=HYPERLINK("x")')
def test_papers_and_archive_show_any_stored_text_cleaned(
    world, client_for, proposal, title, reason, name, department
):
    Proposal.objects.filter(pk=proposal.pk).update(title=title, reason=reason)
    Member.objects.filter(pk=world.members["周会员"].pk).update(name=name, department=department)
    client = client_for(world.chair)
    base = f"/congress/sittings/{proposal.sitting_id}"

    book = paragraphs(get_file(client, f"{base}/papers/proposals.docx"))
    assert f"案由：{shown(title)}" in book
    assert f"提案人：{shown(name)}" in book
    start = book.index("理由") + 1
    given_reason = book[start : book.index("建议措施", start)]
    assert given_reason == (shown(reason).splitlines() or [""])

    signin = Document(io.BytesIO(get_file(client, f"{base}/papers/signin.docx")))
    names = [row.cells[1].text for row in signin.tables[0].rows]
    assert shown(name) in names

    archive = zipfile.ZipFile(io.BytesIO(get_file(client, f"{base}/archive.zip")))
    for member in archive.namelist():
        if member.endswith(".docx"):
            Document(io.BytesIO(archive.read(member)))  # Word opens it
    archive.read("目录.txt").decode("utf-8-sig")


def test_a_whole_sitting_with_nasty_titles_and_names_archives(world, client_for):
    hall = small_hall(world)
    nasty = "=cmd|' /C calc'!A0\x0b_x0000_"
    Poll.objects.filter(pk=hall.poll.pk).update(title=f"表决\x0c{nasty}", description=nasty)
    EvaluationSubject.objects.filter(evaluation=hall.evaluation).update(
        name="@张\x1f主任", post="-教务处\x0b"
    )
    Sitting.objects.filter(pk=hall.c.sitting.pk).update(place="礼堂\x0b")
    for candidate in hall.election.candidates.select_related("member"):
        Member.objects.filter(pk=candidate.member_id).update(name=f"+{candidate.member.name}\x0b")
    content = get_file(
        client_for(world.chair), f"/congress/sittings/{hall.c.sitting.pk}/archive.zip"
    )
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert any(n.startswith("表决事项01_表决=cmd") for n in names)  # cleaned file name
    for member in names:
        if member.endswith(".docx"):
            Document(io.BytesIO(archive.read(member)))
    book = next(n for n in names if n.endswith(".xlsx"))
    cells = [c for row in load_workbook(io.BytesIO(archive.read(book))).active for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {"@张主任", "-教务处"} <= {c.value for c in cells}
    index = archive.read("目录.txt").decode("utf-8-sig")
    assert "礼堂　" in index and "\x0b" not in index
