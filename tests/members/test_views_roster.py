"""Roster pages: the list and its search, a member's page, reveal, lifecycle, applications,
export. Every page also refuses the outsider (the hospital's chair)."""

import datetime
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.core.models import AuditEntry, PendingUpload
from gonghui.members import services
from gonghui.members.models import ApplicationStatus, JoinApplication
from gonghui.orgs.models import Member, MemberStatus, Sex
from tests.conftest import id_number

TODAY = datetime.date.today()


def text(response) -> str:
    return response.content.decode()


def test_list_masks_mobiles_and_finds_by_initials(world, client_for):
    client = client_for(world.chair)
    page = text(client.get("/unions/school/members/"))
    assert "138****5678" in page and "13812345678" not in page
    response = client.get("/unions/school/members/?q=zhy", HTTP_HX_REQUEST="true")
    assert [m.name for m in response.context["page"]] == ["周会员"]
    assert "<html" not in text(response)  # the htmx fragment only


def test_list_refuses_outsiders_and_plain_members(world, client_for):
    # Not found for the hospital's chair; refused for a member of the school itself.
    assert client_for(world.outsider).get("/unions/school/members/").status_code == 404
    assert client_for(world.member).get("/unions/school/members/").status_code == 403


def test_federation_list_spans_its_unions_with_a_flat_query_count(world, client_for):
    client = client_for(world.fed_admin)
    response = client.get("/unions/fed/members/")
    assert response.status_code == 200
    assert {m.union.code for m in response.context["page"]} == {"school", "hospital"}
    with CaptureQueriesContext(connection) as small:
        client.get("/unions/fed/members/?q=z")
    for i in range(30):
        services.member_create(actor=None, union=world.hospital, name=f"张{i}", sex=Sex.MALE)
    with CaptureQueriesContext(connection) as big:
        client.get("/unions/fed/members/?q=z")
    assert len(big) == len(small)


def test_member_page_masks_numbers_for_the_treasurer(world, client_for):
    member = world.members["周会员"]
    page = text(client_for(world.treasurer).get(f"/members/{member.pk}/"))
    assert "110101***********2" in page and member.id_number not in page
    assert "显示</button>" not in page
    response = client_for(world.treasurer).post(f"/members/{member.pk}/reveal/id_number/")
    assert response.status_code == 403


def test_chair_reveals_a_number_and_the_look_is_audited(world, client_for):
    member = world.members["周会员"]
    client = client_for(world.chair)
    assert "显示</button>" in text(client.get(f"/members/{member.pk}/"))
    response = client.post(f"/members/{member.pk}/reveal/mobile/")
    assert text(response).strip() == "13812345678"
    entry = AuditEntry.objects.get(action="member.reveal")
    assert entry.actor == world.chair and entry.changes == {
        "mobile": ["138****5678", "已查看完整号码"]
    }


def test_a_member_sees_their_own_record_in_full(world, client_for):
    member = world.members["周会员"]
    page = text(client_for(world.member).get(f"/members/{member.pk}/"))
    assert member.id_number in page
    other = world.members["吴老师"]
    assert client_for(world.member).get(f"/members/{other.pk}/").status_code == 403


def test_outsider_cannot_open_a_school_member(world, client_for):
    member = world.members["周会员"]
    client = client_for(world.outsider)
    assert client.get(f"/members/{member.pk}/").status_code == 404
    assert client.get(f"/members/{member.pk}/edit/").status_code == 404
    assert client.post(f"/members/{member.pk}/reveal/mobile/").status_code == 404
    assert client.get(f"/members/{member.pk}/transfer/").status_code == 404


def test_adding_a_member_with_a_bad_id_shows_why_and_saves_nothing(world, client_for):
    before = Member.objects.count()
    response = client_for(world.chair).post(
        "/unions/school/members/new/",
        {"name": "冯老师", "id_type": "resident", "id_number": "110101198002025551"},
    )
    assert response.status_code == 200
    assert "校验位不符" in text(response)
    assert Member.objects.count() == before


def test_adding_a_member_from_the_page(world, client_for):
    response = client_for(world.chair).post(
        "/unions/school/members/new/",
        {
            "name": "冯老师",
            "id_type": "resident",
            "id_number": id_number("19800202", 555),
            "mobile": "13600001111",
            "group": world.chinese.pk,
            "is_teacher": "on",
            "joined_on": "2005-09-01",
        },
    )
    member = Member.objects.get(name="冯老师")
    assert response.url == f"/members/{member.pk}/"
    assert member.sex == Sex.MALE and member.is_teacher and member.group == world.chinese


def test_transfer_out_page_then_download_the_letter(world, client_for):
    member = world.members["周会员"]
    client = client_for(world.chair)
    response = client.post(
        f"/members/{member.pk}/transfer/",
        {"on": TODAY.isoformat(), "to_name": "外县第二中学工会", "reason": "工作调动"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED
    event = member.events.get(kind="transfer_out")
    page = text(client.get(f"/members/{member.pk}/"))
    assert "下载转会介绍信" in page
    letter = client.get(f"/members/{member.pk}/letters/{event.pk}/")
    assert letter["Content-Type"].endswith("wordprocessingml.document")
    assert (
        client_for(world.treasurer).get(f"/members/{member.pk}/letters/{event.pk}/").status_code
        == 403
    )


def test_transfer_form_needs_exactly_one_destination(world, client_for):
    member = world.members["周会员"]
    response = client_for(world.chair).post(
        f"/members/{member.pk}/transfer/", {"on": TODAY.isoformat()}
    )
    assert "选填一项" in text(response)


def test_leave_page_records_removal(world, client_for):
    member = world.members["周会员"]
    client_for(world.chair).post(
        f"/members/{member.pk}/leave/",
        {"on": TODAY.isoformat(), "removal": "1", "reason": "连续六个月未缴会费"},
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.REMOVED


# --- applications ---------------------------------------------------------------------


def test_someone_applies_from_the_public_form_and_the_chair_approves(world, client):
    response = client.post(
        "/join/school/",
        {
            "name": "冯晓",
            "id_type": "resident",
            "id_number": id_number("19950505", 124),
            "mobile": "13700001234",
            "agree": "on",
        },
    )
    assert "申请已提交" in text(response)
    application = JoinApplication.objects.get()
    client.force_login(world.chair)
    assert "冯晓" in text(client.get("/unions/school/applications/"))
    response = client.post(
        f"/applications/{application.pk}/",
        {"decision": "approve", "joined_on": TODAY.isoformat(), "group": world.chinese.pk},
    )
    member = Member.objects.get(name="冯晓")
    # The answer is the new member's login slip, with a link to their record.
    assert "登录通知单" in text(response) and f"/members/{member.pk}/" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_public_form_explains_a_bad_id(world, client):
    response = client.post(
        "/join/school/",
        {
            "name": "冯晓",
            "id_type": "resident",
            "id_number": "110101199505051241",
            "mobile": "13700001234",
            "agree": "on",
        },
    )
    assert "校验位不符" in text(response)
    assert not JoinApplication.objects.exists()


def test_rejection_from_the_page_needs_a_reason(world, client_for):
    application = services.member_apply(
        union=world.school, name="冯晓", id_number=id_number("19950505", 124), mobile="13700001234"
    )
    client = client_for(world.chair)
    response = client.post(f"/applications/{application.pk}/", {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    client.post(
        f"/applications/{application.pk}/", {"decision": "reject", "reason": "非本单位职工"}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_applications_are_the_committees_business(world, client_for):
    application = services.member_apply(
        union=world.school, name="冯晓", id_number=id_number("19950505", 124), mobile="13700001234"
    )
    for user, status in ((world.outsider, 404), (world.treasurer, 403), (world.group_leader, 403)):
        client = client_for(user)
        assert client.get("/unions/school/applications/").status_code == status
        assert client.get(f"/applications/{application.pk}/").status_code == status


# --- export ---------------------------------------------------------------------------


def _sheet_text(response) -> str:
    wb = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for row in wb.active.iter_rows(values_only=True)
    )


def test_export_is_masked_and_says_who_took_it(world, client_for):
    response = client_for(world.treasurer).get("/unions/school/members/export/")
    sheet = _sheet_text(response)
    assert "138****5678" in sheet and "13812345678" not in sheet
    assert "treasurer" in sheet or "赵财务" in sheet
    entry = AuditEntry.objects.get(action="member.export")
    assert entry.actor == world.treasurer
    assert (
        client_for(world.treasurer).get("/unions/school/members/export/?full=1").status_code == 403
    )


def test_chair_exports_full_numbers_of_a_filtered_list(world, client_for):
    sheet = _sheet_text(client_for(world.chair).get("/unions/school/members/export/?q=zhy&full=1"))
    assert "13812345678" in sheet and "吴老师" not in sheet


def test_outsider_cannot_export(world, client_for):
    assert client_for(world.outsider).get("/unions/school/members/export/").status_code == 404


def test_the_edit_form_keeps_numbers_masked_and_blank_keeps_them(world, client_for):
    member = world.members["周会员"]
    client = client_for(world.chair)
    page = text(client.get(f"/members/{member.pk}/edit/"))
    assert member.id_number not in page and "110101***********2" in page
    data = {
        "name": "周会员",
        "sex": "M",
        "id_type": "resident",
        "id_number": "",
        "mobile": "",
        "group": world.chinese.pk,
        "joined_on": "2008-09-01",
        "card_number": "HY0001",
        "department": "初三年级",
    }
    assert client.post(f"/members/{member.pk}/edit/", data).status_code == 302
    fresh = Member.objects.get(pk=member.pk)
    assert (fresh.id_number, fresh.mobile) == (member.id_number, member.mobile)
    assert fresh.department == "初三年级"


def _token(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]+)"', text(response))[1]


def test_an_imported_member_has_its_history_and_its_audit_history(world, client_for):
    """Through the pages: upload, preview, 确认导入; the new member's page shows the 入会
    step the import wrote, and its 查看修改记录 opens the import's entry."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "身份证号码", "入会时间", "工会小组"])
    wb.active.append(["冯老师", id_number("19800202", 555), "2003-09-01", "语文组"])
    buffer = io.BytesIO()
    wb.save(buffer)
    client = client_for(world.chair)
    upload = SimpleUploadedFile("a.xlsx", buffer.getvalue())
    preview = client.post("/unions/school/members/import/", {"file": upload})
    response = client.post("/unions/school/members/import/apply/", {"token": _token(preview)})
    assert response.status_code == 302
    member = Member.objects.get(name="冯老师")
    page = text(client.get(f"/members/{member.pk}/"))
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "2003-09-01 入会 第一中学工会 （导入花名册“a.xlsx”）" in words
    assert "导入花名册“a.xlsx”" in page and "查看修改记录" in page
    history = client.get(f"/audit/orgs.member/{member.pk}/")
    assert history.status_code == 200
    assert "修改历史：冯老师" in text(history) and "导入花名册" in text(history)
    assert client_for(world.outsider).get(f"/audit/orgs.member/{member.pk}/").status_code == 404
    assert client_for(world.treasurer).get(f"/audit/orgs.member/{member.pk}/").status_code == 403


def test_a_member_moved_by_an_import_has_the_group_step(world, client_for):
    from openpyxl import Workbook

    member = world.members["周会员"]  # in 语文组
    wb = Workbook()
    wb.active.append(["姓名", "身份证号码", "工会小组"])
    wb.active.append(["周会员", member.id_number, "数学组"])
    buffer = io.BytesIO()
    wb.save(buffer)
    client = client_for(world.chair)
    upload = SimpleUploadedFile("调整.xlsx", buffer.getvalue())
    preview = client.post("/unions/school/members/import/", {"file": upload})
    client.post("/unions/school/members/import/apply/", {"token": _token(preview)})
    page = text(client.get(f"/members/{member.pk}/"))
    assert "调整小组" in page and "调入「数学组」" in page and "导入花名册“调整.xlsx”" in page
    history = text(client.get(f"/audit/orgs.member/{member.pk}/"))
    assert "修改历史：周会员" in history and "导入花名册" in history and "添加会员" in history


def test_full_export_link_only_for_roles_that_may_reveal(world, client_for):
    assert "full=1" in text(client_for(world.chair).get("/unions/school/members/?q=zhy"))
    assert "full=1" not in text(client_for(world.treasurer).get("/unions/school/members/"))


def test_a_federation_export_says_which_union_each_member_is_in(world, client_for):
    sheet = _sheet_text(client_for(world.fed_admin).get("/unions/fed/members/export/"))
    assert "所在工会" in sheet and "卫生院工会" in sheet and "第一中学工会" in sheet


def test_a_group_leader_cannot_open_another_unions_roster(world, client_for):
    client = client_for(world.group_leader)
    assert client.get("/unions/hospital/members/").status_code == 404
    assert client.get("/unions/hospital/members/export/").status_code == 404
    assert client.get("/unions/school/members/").status_code == 200


def _roster_upload(name="花名册.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "身份证号码"])
    wb.active.append(["冯老师", id_number("19800202", 555)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_uploaded_rosters_do_not_pile_up(world, client_for):
    client = client_for(world.chair)
    client.post("/unions/school/members/import/", {"file": _roster_upload()})
    preview = client.post("/unions/school/members/import/", {"file": _roster_upload()})
    assert PendingUpload.objects.count() == 1  # the second upload replaced the first
    response = client.post("/unions/school/members/import/apply/", {"token": _token(preview)})
    assert response.status_code == 302 and Member.objects.filter(name="冯老师").exists()
    assert not PendingUpload.objects.exists()  # written, then deleted


def test_lifecycle_pages_say_what_was_recorded(world, client_for):
    member = world.members["吴老师"]
    response = client_for(world.chair).post(
        f"/members/{member.pk}/retire/", {"on": TODAY.isoformat()}, follow=True
    )
    assert "「吴老师」已登记为“退休”。" in text(response)
