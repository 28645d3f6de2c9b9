"""The sign-up list (.xlsx) and the sign-in sheet (.docx) as the committee opens them: every
sign-up with its state and check-in; a name typed as a formula stays text, a control
character pasted from Word is gone; the sheet prints on A4 within the margins, its header
row on every page and its signature column blank (rendered by LibreOffice)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from gonghui.activities import exports_checkin, services, services_checkin
from gonghui.activities.models import Activity, Registration
from gonghui.members.services import member_create
from tests.documents import pdf

from .support import NOW, START, make_activity, signup

pytestmark = pytest.mark.django_db
HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture
def activity(world):
    """Four sign-ups (one waiting), one hostile name and one pasted control character; the
    first checked in by scan, the second marked late by the organiser."""
    found = make_activity(world.school, capacity=6, title="春游")
    first = signup(world, found, "周会员", companions=2)
    second = signup(world, found, "李主席", companions=1)
    signup(world, found, "王委员")
    signup(world, found, "赵财务", companions=2)  # 7 > 6: waits
    Registration.objects.filter(pk=second.pk).update(name=HOSTILE, companion_names="太太\x0b儿子")
    Activity.objects.filter(pk=found.pk).update(title="春游\x0b梅花山")  # stored before cleaning
    token = services_checkin.checkin_session_open(actor=None, activity=found).token
    services_checkin.checkin_scan(
        actor=world.member, activity=found, token=token, now=START - datetime.timedelta(minutes=5)
    )
    second.refresh_from_db()
    services_checkin.checkin_mark(
        actor=world.chair, registration=second, now=START + datetime.timedelta(minutes=20)
    )
    found.refresh_from_db()
    assert first.persons == 3
    return found


def test_the_sign_up_list_opens_in_excel_with_every_sign_up_and_formulas_as_text(activity):
    book = openpyxl.load_workbook(io.BytesIO(exports_checkin.signup_xlsx(activity)))
    ws = book["报名名单"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert "春游梅花山" in rows[0][0] and "\x0b" not in rows[0][0]
    assert rows[1][:4] == ["序号", "姓名", "小组", "人数（含本人）"]
    by_name = {r[1]: r for r in rows[2:6]}
    assert set(by_name) == {"周会员", HOSTILE, "王委员", "赵财务"}
    zhou = by_name["周会员"]
    assert (zhou[2], zhou[3], zhou[5], zhou[8], zhou[9]) == ("语文组", 3, "已报名", None, "扫码")
    hostile = by_name[HOSTILE]
    assert (hostile[4], hostile[8], hostile[9]) == ("太太儿子", "是", "组织者登记")
    cell = next(c for c in ws["B"] if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    assert by_name["赵财务"][5] == "候补中" and by_name["赵财务"][7] is None
    assert by_name["王委员"][7] is None  # not checked in
    assert "报名（已占名额）6 人，签到 5 人次" in rows[-1][1]


def _texts(row) -> list[str]:
    return [c.text for c in row.cells]


def test_the_sign_in_sheet_lists_the_places_with_a_blank_signature_column(activity):
    doc = Document(io.BytesIO(exports_checkin.signin_docx(activity)))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    table = doc.tables[0]
    header = table.rows[0]
    assert _texts(header) == ["序号", "姓名", "小组", "人数", "家属姓名", "签到时间", "本人签名"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    body = [_texts(r) for r in table.rows[1:]]
    names = [r[1] for r in body]
    assert names[:3] == ["周会员", HOSTILE, "王委员"]  # places only: 赵财务 waits
    assert "赵财务" not in names
    assert len(body) == 3 + exports_checkin.BLANK_ROWS
    assert body[1][4].startswith("太太") and body[1][4].endswith("儿子")
    assert "\x0b" not in "".join("".join(r) for r in body)
    assert body[0][5] and not body[2][5]  # 周会员 scanned, 王委员 did not
    assert all(r[6] == "" for r in body)  # the signature column is blank
    run = next(r for r in header.cells[1].paragraphs[0].runs if r.text == "姓名")
    assert run._element.rPr.rFonts.get(qn("w:eastAsia"))  # a CJK font named for Chinese text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "报名 3 份，共 6 人（含家属）" in text and "组织者（签字）" in text


def test_the_sign_in_sheet_prints_on_a4_with_its_header_on_every_page(world, tmp_path):
    activity = make_activity(world.school, capacity=60, companions_allowed=False, max_companions=0)
    for i in range(40):
        member = member_create(actor=None, union=world.school, name=f"会员{i:02d}", sex="F")
        services.registration_signup(actor=None, activity=activity, member=member, now=NOW)
    printed = pdf.render({"signin": exports_checkin.signin_docx(activity)}, tmp_path)["signin"]
    found = pdf.problems(
        "signin", printed, pages=range(2, 5), numbered=True, phrases=("签到表", "会员39")
    )
    assert found == [], "\n".join(found)
    for page in printed.pages:  # the header row repeats
        assert "本人签名" in page.text.replace(" ", ""), page.number


def test_the_downloads_are_the_committees_and_named_after_the_activity(world, client_for, activity):
    chair = client_for(world.chair)
    response = chair.get(reverse("activities:export_signups", args=[activity.pk]))
    assert response.status_code == 200
    assert "%E6%8A%A5%E5%90%8D%E5%90%8D%E5%8D%95" in response["Content-Disposition"]  # 报名名单
    response = chair.get(reverse("activities:export_signin", args=[activity.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    member = client_for(world.member)
    assert member.get(reverse("activities:export_signin", args=[activity.pk])).status_code == 403
