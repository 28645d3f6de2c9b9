"""The collective contract's papers: the 要约书 (reply deadline of 第三十二条), the minutes of a
协商会议, the 报送审查函 with its pack (the 职代会 resolution with attendance and vote counts,
the representatives without ID numbers, the sessions) and the contract text — printed
through LibreOffice within the GB/T 9704 text area, hostile typed text included; the
downloads (rights.view, recorded when a paper holds names)."""

from __future__ import annotations

import datetime
import io
import zipfile
from urllib.parse import quote

import pytest
from docx import Document

from gonghui.core.models import AuditEntry
from gonghui.rights import documents_contracts as papers
from gonghui.rights.models_contracts import ContractRepresentative, NegotiationSession
from tests.documents import pdf

from .tables_contract_figures import full_contract

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 9)


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _all(contract) -> dict[str, bytes]:
    session = contract.sessions.get(number=1)
    return {
        "offer": papers.offer_docx(contract),
        "minutes": papers.minutes_docx(session),
        "submission": papers.submission_docx(contract, TODAY),
        "text": papers.text_docx(contract),
    }


@pytest.fixture
def contract(world):
    members = [world.members[n] for n in ("李主席", "王委员", "吴老师")]
    return full_contract(world.school, members)


def test_the_offer_letter_names_both_sides_the_matters_and_the_reply_deadline(contract):
    text = _text(papers.offer_docx(contract))
    # delivered Tuesday 6 January 2026: 20 days → Monday 26 January
    assert "2026年1月26日前以书面形式予以回应" in text
    assert "第一中学工会（职工方）" in text and "第一中学：" in text
    assert "劳动报酬和工资增长" in text and "女职工特殊保护" in text
    assert "职工方首席代表（签字）：李主席" in text


def test_the_minutes_list_attendees_points_and_signature_boxes(contract):
    session = contract.sessions.get(number=2)
    text = _text(papers.minutes_docx(session))
    assert "第2次集体协商会议纪要" in text
    assert "李主席（首席代表）、王委员、吴老师" in text
    assert "张建国（首席代表）、刘芳、陈明" in text
    assert "夜班津贴每班提高至30元" in text
    for box in ("职工方首席代表", "用人单位方首席代表", "记录员"):
        assert box in text
    assert "黄小燕" in text


def test_the_submission_letter_carries_the_resolution_with_its_counts_and_the_representatives(
    contract,
):
    ContractRepresentative.objects.filter(contract=contract, name="吴老师").update(title="教师")
    text = _text(papers.submission_docx(contract, TODAY))
    assert "示范市人力资源和社会保障局：" in text
    assert "第三届第二次职工代表大会审议通过" in text
    # the pack, what the platform made marked so
    assert "职工代表大会审议通过的决议（含出席和表决情况，本平台生成，见附件一）" in text
    assert "协商代表的资格证明、身份证明和授权委托书" in text
    # the resolution: attendance, counts, the arithmetic of congress.queries.polls.result
    assert "应到代表 30 人，实到 27 人" in text
    assert "赞成 24 票，反对 2 票，弃权 1 票" in text
    assert "赞成 24 票 > 全体代表 30 人的半数 15 人，通过" in text
    assert "授权双方首席代表签字" in text
    # the representatives: names and posts, no ID number
    assert "职工方协商代表3人，用人单位方协商代表3人" in text
    assert "教师" in text and "人力资源部经理" in text
    for member in contract.union.members.exclude(id_number=""):
        assert member.id_number not in text
    assert "集体协商会议一览" in text


def test_a_late_submission_says_why(contract):
    contract.submitted_on = datetime.date(2026, 3, 20)  # signed 2 March: due 12 March
    contract.late_reason = "主管部门负责人出差"
    contract.save()
    text = _text(papers.submission_docx(contract, TODAY))
    assert "本合同应于2026年3月12日前报送，逾期报送的原因：主管部门负责人出差" in text


def test_the_text_is_the_passing_draft_with_the_parties_and_signature_boxes(contract):
    contract.drafts.filter(version=1).update(text="第一条 旧稿的文字")
    text = _text(papers.text_docx(contract))
    assert "职工工资年增长幅度不低于3%" in text and "旧稿的文字" not in text
    assert "甲方（用人单位）：第一中学" in text and "乙方（工会）：第一中学工会" in text
    assert "张建国" in text and "李主席" in text


def test_every_paper_prints_within_the_margins(contract, tmp_path, settings):
    built = _all(contract)
    rendered = pdf.render(built, tmp_path)
    phrases = {
        "offer": ("集体合同协商要约书", "答复期限"),
        "minutes": ("集体协商会议纪要", "用人单位方首席代表"),
        "submission": ("报送材料", "应到代表", "协商代表名单"),
        "text": ("第一章总则", "乙方（工会）"),
    }
    pages = {"offer": range(1, 3), "minutes": range(1, 4), "submission": range(3, 7)}
    found = []
    for name in built:
        found += pdf.problems(
            name,
            rendered[name],
            pages=pages.get(name, range(1, 3)),
            numbered=True,
            phrases=phrases[name],
        )
    assert found == [], "\n".join(found)


HOSTILE = "=cmd|' /C calc'!A0\x07\x0b\x1b" + "很长的一行没有标点" * 40 + "x" * 300


def test_hostile_typed_text_goes_through_every_paper(world, tmp_path):
    contract = full_contract(
        world.school,
        [world.members["李主席"]],
        title='=HYPERLINK("x")合同\x0c',
        text=HOSTILE + "\n第一章\x08 总则\n" + HOSTILE,
        offer_text=HOSTILE,
        late_reason=HOSTILE,
        authority="+cmd\x01",
    )
    contract.employer = "@SUM(1)\x1f单位"
    contract.save()
    NegotiationSession.objects.filter(contract=contract).update(
        place=HOSTILE[:100],
        recorder="-2+3\x02",
        topics=HOSTILE,
        minutes=HOSTILE,
        agreed=HOSTILE,
        open_points=HOSTILE,
    )
    ContractRepresentative.objects.filter(contract=contract).update(title="=1+1\x03")
    built = _all(contract)
    for name, content in built.items():
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            xml = z.read("word/document.xml").decode()
        for ch in "\x01\x02\x03\x07\x08\x0b\x0c\x1b\x1f":
            assert ch not in xml, (name, repr(ch))
        assert "=cmd" in xml or name in ("minutes", "text"), name
    rendered = pdf.render(built, tmp_path)
    found = []
    for name in built:
        found += pdf.problems(name, rendered[name], pages=range(1, 12), numbered=True)
    assert found == [], "\n".join(found)


# --- the downloads --------------------------------------------------------------------------


def test_the_downloads_are_word_files_and_papers_with_names_are_recorded(
    world, contract, client_for
):
    client = client_for(world.chair)
    session = contract.sessions.get(number=1)
    before = AuditEntry.objects.count()
    for url, name in (
        (f"/rights/contracts/{contract.pk}/papers/offer.docx", "协商要约书"),
        (f"/rights/contracts/{contract.pk}/papers/submission.docx", "报送审查函"),
        (f"/rights/contract-sessions/{session.pk}/minutes.docx", "第1次协商会议纪要"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].endswith("wordprocessingml.document")
        assert quote(name) in response["Content-Disposition"]
        Document(io.BytesIO(response.content))
    entries = AuditEntry.objects.order_by("id")[before:]
    assert [e.action for e in entries] == ["rights.contract_paper"] * 3
    assert [e.changes["paper"][1] for e in entries] == [
        "集体合同协商要约书",
        "报送审查函",
        "协商会议纪要",
    ]
    assert all(e.union_id == world.school.pk and e.actor == world.chair for e in entries)
    # the text holds no names: not recorded
    response = client.get(f"/rights/contracts/{contract.pk}/papers/text.docx")
    assert response.status_code == 200
    assert AuditEntry.objects.count() == before + 3


def test_a_plain_member_and_the_next_union_get_no_paper(world, contract, client_for):
    url = f"/rights/contracts/{contract.pk}/papers/submission.docx"
    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.fed_admin).get(url).status_code == 200


def test_the_contract_pages_include_lists_every_paper(contract):
    from django.template.loader import render_to_string

    sessions = list(contract.sessions.order_by("number"))
    html = render_to_string(
        "rights/_contract_documents.html", {"contract": contract, "sessions": sessions}
    )
    for url in (
        f"/rights/contracts/{contract.pk}/papers/offer.docx",
        f"/rights/contracts/{contract.pk}/papers/submission.docx",
        f"/rights/contracts/{contract.pk}/papers/text.docx",
        *(f"/rights/contract-sessions/{s.pk}/minutes.docx" for s in sessions),
    ):
        assert f'href="{url}"' in html
    assert "第2次协商会议纪要" in html
