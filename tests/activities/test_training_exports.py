"""结业证书 (.docx): opened with python-docx (hostile names survive as plain text), printed
through LibreOffice (A4 landscape, one certificate a page, its text within the page)."""

import io

import pytest
from docx import Document

from gonghui.activities import exports_training, services, services_training
from gonghui.activities.models_training import TrainingCertificate
from gonghui.members.services import member_create
from tests.documents import pdf

from .support import NOW, signup
from .support_training import DAY, START, attend, make_course

pytestmark = pytest.mark.django_db
HOSTILE = ("=cmd|' /C calc'!A0", "李\x0b四")


@pytest.fixture
def certificates(world):
    course = make_course(world.school, title="工会干部“依法维权”专题培训班（第一期）")
    signup(world, course, "周会员")
    attend(world, course, "周会员", [1, 2, 3])
    for name in HOSTILE:
        member = member_create(actor=None, union=world.school, name="占位", sex="M")
        type(member).objects.filter(pk=member.pk).update(name=name)
        member.refresh_from_db()
        reg = services.registration_signup(actor=None, activity=course, member=member, now=NOW)
        for s in course.training_sessions.all():
            from gonghui.activities import services_checkin

            services_checkin.checkin_mark(
                actor=None, registration=reg, session=s.checkin, now=s.starts_at
            )
    services_training.training_certificates_issue(actor=None, activity=course, now=START + 4 * DAY)
    return list(TrainingCertificate.objects.filter(activity=course).select_related("union"))


def test_the_certificates_open_with_hostile_names_kept_as_text(certificates):
    content = exports_training.certificates_docx(certificates)
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count("结 业 证 书") == 3
    assert "=cmd|' /C calc'!A0" in text  # text, nothing evaluates it in Word
    assert "李四" in text and "\x0b" not in text
    assert "完成学习5课时（共5课时）" in text
    numbers = [c.number for c in certificates]
    assert all(f"证书编号：{n}" in text for n in numbers)
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape


def test_the_certificates_print_one_a_page_on_a4_landscape(certificates, tmp_path):
    content = exports_training.certificates_docx(certificates)
    printed = pdf.render({"certs": content}, tmp_path)["certs"]
    assert len(printed.pages) == 3
    for page, cert in zip(printed.pages, certificates, strict=True):
        assert (round(page.width_pt), round(page.height_pt)) == (842, 595)
        flat = page.text.replace(" ", "")
        assert "结业证书" in flat and cert.number in flat and "特发此证" in flat
        assert cert.union.name.replace(" ", "") in flat
        for word in page.words:  # within the margins (22 mm), clear of the border (8 mm in)
            assert word.x0 > 20 and word.x1 < 297 - 20, word
            assert word.y0 > 20 and word.y1 < 210 - 20, word
