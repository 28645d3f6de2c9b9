"""The one upload flow (core.uploads): a file checked at the edge, kept in the database
between its preview and 确认导入, applied from any app server, discarded, expired."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from gonghui.core import uploads
from gonghui.core.models import PendingUpload
from gonghui.members.forms import ROSTER_UPLOAD
from gonghui.orgs.models import Member
from tests.conftest import id_number

IMPORT = "/unions/school/members/import/"
APPLY = "/unions/school/members/import/apply/"
ROOT = Path(__file__).resolve().parents[2]


def roster(*people) -> bytes:
    wb = Workbook()
    wb.active.append(["姓名", "身份证号码", "入会时间"])
    for row in people or [("冯老师", id_number("19800202", 555), "2003-09-01")]:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def server(user) -> Client:
    """Another app server: a client with its own session, sharing only the database."""
    client = Client()
    client.force_login(user)
    return client


def token_of(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode())[1]


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_preview_made_on_one_server_is_applied_on_another(world):
    first, second = server(world.chair), server(world.chair)
    preview = first.post(IMPORT, {"file": SimpleUploadedFile("花名册.xlsx", roster())})
    assert preview.status_code == 200 and "新增 <strong>1</strong> 人" in preview.content.decode()
    pending = PendingUpload.objects.get()
    assert (pending.owner, pending.union, pending.kind) == (world.chair, world.school, "roster")
    assert pending.name == "花名册.xlsx" and len(pending.sha256) == 64
    assert pending.size == len(bytes(pending.data)) and pending.token == token_of(preview)
    assert not Member.objects.filter(name="冯老师").exists()  # a preview writes nothing
    done = second.post(APPLY, {"token": token_of(preview)}, follow=True)
    assert "导入完成：新增 1 人" in messages_of(done)
    assert Member.objects.filter(name="冯老师", union=world.school).exists()
    assert not PendingUpload.objects.exists()  # applied, then deleted


def test_only_the_uploader_can_apply_their_preview(world):
    preview = server(world.chair).post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", roster())})
    committee = server(world.committee)  # may import too, but did not upload this file
    response = committee.post(APPLY, {"token": token_of(preview)}, follow=True)
    assert "导入已过期，请重新上传文件。" in messages_of(response)
    assert not Member.objects.filter(name="冯老师").exists()
    assert server(world.outsider).post(APPLY, {"token": token_of(preview)}).status_code == 404
    assert PendingUpload.objects.count() == 1


def test_a_preview_expires(world, settings):
    settings.UPLOAD_PENDING_HOURS = 2
    client = server(world.chair)
    preview = client.post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", roster())})
    pending = PendingUpload.objects.get()
    assert pending.expires_at - pending.created_at == datetime.timedelta(hours=2)
    PendingUpload.objects.filter(pk=pending.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post(APPLY, {"token": token_of(preview)}, follow=True)
    assert "导入已过期，请重新上传文件。" in messages_of(response)
    assert not Member.objects.filter(name="冯老师").exists()


def test_expired_uploads_are_cleared_when_another_is_stored_and_by_the_commands(world, capsys):
    def store(user):
        return uploads.upload_store(
            owner=user, union=world.school, kind=ROSTER_UPLOAD, name="a.xlsx", data=b"x"
        )

    def expire(pending):
        PendingUpload.objects.filter(pk=pending.pk).update(expires_at=timezone.now())

    old = store(world.committee)
    expire(old)
    fresh = store(world.chair)  # someone else's upload sweeps the expired one
    assert list(PendingUpload.objects.all()) == [fresh]
    expire(fresh)
    call_command("clearuploads")
    assert "已删除过期的上传文件 1 个。" in capsys.readouterr().out
    expire(store(world.chair))
    call_command("remind", "--date", "2026-06-01")
    assert not PendingUpload.objects.exists()


def test_a_new_upload_replaces_the_owners_earlier_one(world):
    client = server(world.chair)
    first = client.post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", roster())})
    second = client.post(IMPORT, {"file": SimpleUploadedFile("b.xlsx", roster())})
    assert PendingUpload.objects.get().name == "b.xlsx"
    stale = client.post(APPLY, {"token": token_of(first)}, follow=True)
    assert "导入已过期" in messages_of(stale)
    assert "导入完成" in messages_of(client.post(APPLY, {"token": token_of(second)}, follow=True))


def test_discard_deletes_the_file_and_writes_nothing(world):
    client = server(world.chair)
    preview = client.post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", roster())})
    assert "放弃" in preview.content.decode()
    response = client.post(APPLY, {"token": token_of(preview), "discard": "1"}, follow=True)
    assert "已放弃导入“a.xlsx”，上传的文件已删除。" in messages_of(response)
    assert response.redirect_chain[-1][0] == IMPORT
    assert not PendingUpload.objects.exists() and not Member.objects.filter(name="冯老师").exists()


def test_a_file_over_the_limit_is_refused_at_the_edge_in_chinese(world, settings):
    settings.UPLOAD_LIMITS_MB = {**settings.UPLOAD_LIMITS_MB, "roster": 0.01}  # 10 KiB
    client = server(world.chair)
    big = SimpleUploadedFile("a.xlsx", roster() + b"\0" * 20_000)
    page = client.post(IMPORT, {"file": big}).content.decode()
    assert "文件超过 0.01 MB，请检查是否选错了文件。" in page
    assert not PendingUpload.objects.exists()


@pytest.mark.parametrize(
    ("url", "fields", "name", "message"),
    [
        (IMPORT, {}, "a.pdf", "请上传 Excel 文件（.xlsx、.xls）或 .ods 文件。"),
        (
            "/unions/school/finance/dues/import/",
            {"month": "2026-10", "method": "payroll"},
            "a.docx",
            "请上传 Excel 文件（.xlsx、.xls）、.ods 或 .csv 文件。",
        ),
        ("/unions/school/finance/dues/bases/import/", {}, "a.txt", "或 .csv 文件。"),
        ("/unions/school/plans/import/", {"year": "2026"}, "a.xlsx", "请上传 .docx 或 .txt 文件。"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_at_the_edge_in_chinese(
    world, url, fields, name, message
):
    client = server(world.chair if "plans" in url or "members" in url else world.treasurer)
    page = client.post(url, {"file": SimpleUploadedFile(name, b"PK\3\4x"), **fields})
    assert message in page.content.decode()
    assert not PendingUpload.objects.exists()


def test_an_empty_file_is_refused(world):
    page = server(world.chair).post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", b"")})
    body = page.content.decode()
    assert "import-preview" not in body and not PendingUpload.objects.exists()
    assert any(m in body for m in ("空文件", "文件是空的", "必填")), "a Chinese reason"
    with pytest.raises(ValidationError, match="文件是空的"):
        ROSTER_UPLOAD.check_size(0)


def test_a_file_the_import_cannot_read_is_not_kept(world):
    page = server(world.chair).post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", b"not excel")})
    assert "无法读取该文件" in page.content.decode()
    assert not PendingUpload.objects.exists()


def test_every_kind_has_its_limit_and_nginx_takes_the_largest():
    assert {"roster", "dues_payments", "dues_bases", "plan"} <= set(uploads.KINDS)
    for kind in uploads.KINDS.values():
        assert kind.max_bytes == django_settings.UPLOAD_LIMITS_MB[kind.key] * 1024 * 1024
    largest = max(django_settings.UPLOAD_LIMITS_MB.values())
    doc = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    nginx = int(re.search(r"client_max_body_size (\d+)m;", doc)[1])
    assert nginx > largest  # above it: the form's Chinese message, not nginx's 413 page


def test_the_plan_import_keeps_its_document_and_discards_it(world):
    client = server(world.chair)
    text = "一、思想建设\n1、每两周组织一次政治理论学习。\n2、三八节组织女职工活动。\n"
    preview = client.post("/unions/school/plans/import/", {"year": "2026", "text": text})
    assert "核对导入的计划" in preview.content.decode()
    pending = PendingUpload.objects.get()
    assert (pending.kind, pending.name, bytes(pending.data)) == (
        "plan",
        "粘贴的文本.txt",
        text.strip().encode(),
    )
    other = server(world.chair)  # another server reads the document again for 另一篇
    again = other.post(
        "/unions/school/plans/import/", {"step": "part", "part": "1", "token": pending.token}
    )
    assert "核对导入的计划" in again.content.decode()
    gone = other.post(
        "/unions/school/plans/import/", {"step": "discard", "token": pending.token}, follow=True
    )
    assert "已放弃导入" in messages_of(gone) and not PendingUpload.objects.exists()
    expired = other.post(
        "/unions/school/plans/import/", {"step": "save", "token": pending.token}, follow=True
    )
    assert "导入已过期" in messages_of(expired)
