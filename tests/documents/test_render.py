"""Every kind of .docx the product writes, printed as users print them: converted to PDF by
LibreOffice (``soffice``, installed by ``make test``) and measured on the page. Each one is
A4; nothing is printed outside the GB/T 9704 text area (37/35/28/26 mm) but the page
number "— N —" under it, odd pages on the right and even on the left (a ballot paper has
none); its Chinese text is in the PDF; its page count is sane — a ballot takes one page,
two 表决票 share one, a counting sheet's signatures stay on one page. One soffice call per test (the
documents are built from the ``world`` fixture in ``papers.py``); ``pdf.py`` measures."""

from __future__ import annotations

from gonghui.core import documents as d

from ..finance.test_statements_views import books  # noqa: F401 (the year of books)
from . import papers, pdf


def printed(built: dict[str, papers.Paper], tmp_path, **more: bytes) -> tuple[dict, list[str]]:
    """The documents rendered in one call, and every problem found on their pages."""
    contents = {name: paper.content for name, paper in built.items()} | more
    rendered = pdf.render(contents, tmp_path)
    found = []
    for name, paper in built.items():
        found += pdf.problems(
            name,
            rendered[name],
            pages=paper.pages,
            numbered=paper.numbered,
            phrases=paper.phrases,
            together=paper.together,
        )
    return rendered, found


def too_wide() -> bytes:
    """A table of 240 mm on a page of 156: what the measuring must catch."""
    doc = d.new_document()
    d.title(doc, "超宽表格")
    d.table(doc, ["项目", "金额（元）"], [["会费收入", "64,251.40"]], widths=[120, 120])
    return d.to_bytes(doc)


def test_the_plan_summary_audit_report_letter_and_proposals_print_within_the_margins(
    world,
    books,  # noqa: F811
    tmp_path,
):
    built = papers.plan_papers(world) | papers.union_papers(world)
    rendered, found = printed(built, tmp_path, control=too_wide())
    assert found == [], "\n".join(found)
    # The measuring sees a table wider than the page.
    control = pdf.problems("control", rendered["control"], pages=range(1, 2), numbered=True)
    assert any("wider than the text area" in p for p in control), control


def test_the_session_papers_print_one_ballot_a_page_and_no_page_numbers_on_ballots(world, tmp_path):
    built = papers.congress_papers(world)
    _rendered, found = printed(built, tmp_path)
    assert found == [], "\n".join(found)
