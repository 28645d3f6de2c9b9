"""The 调解协议书 as printed: LibreOffice renders it within the GB/T 9704 margins, with the
parties, the agreed terms, 第十四条's effect, a signature row for each party and mediator and
the committee's seal line; hostile typed text goes through as text. One page image is kept
in the data dir for a look (``mediation-agreement-1.png``)."""

import datetime
import io
import shutil
import subprocess

from docx import Document

from gonghui.rights import documents_mediation as documents
from gonghui.rights import services_mediation as services
from tests.documents import pdf

from .support_mediation import APPLIED, accepted, agreed, seat

DAY = datetime.timedelta(days=1)
HOSTILE = "=cmd|' /C calc'!A0\x07\x0b\x1b" + "很长的一行没有标点" * 30 + "x" * 200


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _agreed_with_mediators(world):
    s = seat(world)
    c = agreed(world)
    c.mediators.set([s])
    return c


def test_the_agreement_names_the_parties_terms_effect_and_signatures(world):
    c = _agreed_with_mediators(world)
    text = _text(documents.agreement_docx(c, ["周会员"]))
    assert "劳动争议调解协议书" in text and "（2026）调字第1号" in text
    assert "申请人：吴老师" in text and "被申请人：第一中学" in text
    assert "第一中学劳动争议调解委员会" in text
    assert "学校于2026年11月30日前支付加班工资3,200元" in text
    assert "第十四条" in text and "调解员：周会员" in text and "（印章）" in text
    assert "2026年11月5日" in text


def test_the_agreement_prints_within_the_margins(world, tmp_path, settings):
    c = _agreed_with_mediators(world)
    hostile = accepted(world, applicant="赵财务")
    hostile = services.case_agree(
        actor=None, case=hostile, on=APPLIED, agreement=HOSTILE + "\n二、" + HOSTILE, today=APPLIED
    )
    built = {
        "agreement": documents.agreement_docx(c, ["周会员", "校办 钱主任"]),
        "hostile": documents.agreement_docx(hostile, []),
    }
    rendered = pdf.render(built, tmp_path)
    found = []
    for name in built:
        found += pdf.problems(
            name,
            rendered[name],
            pages=range(1, 4),
            numbered=True,
            phrases=("劳动争议调解协议书", "申请人（签名或盖章）", "调解委员会（印章）"),
        )
    assert found == [], "\n".join(found)
    assert "calc" in rendered["hostile"].text
    # one page image to look at
    out = settings.DATA_DIR
    if shutil.which("pdftoppm") and out:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
             str(rendered["agreement"].path), str(tmp_path / "mediation-agreement")],
            check=True,
        )  # fmt: skip
        for image in tmp_path.glob("mediation-agreement*.png"):
            shutil.copy(image, "/tmp/med/")
