"""Voucher attachments: type by magic bytes, size limit, stored once by checksum outside the
database, refused when the file changed, never removed from a posted voucher; the pages."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import AuditEntry
from gonghui.finance import attachments
from gonghui.finance.models import Attachment
from gonghui.finance.services import attachments as attachment_services

from .vouchers_support import draft, posted

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"JFIF" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def upload(content: bytes, name="发票.png"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (PNG, "a.png", "image/png"),
        (JPEG, "收据.JPG", "image/jpeg"),
        (PDF, "签收单.pdf", "application/pdf"),
    ],
)
def test_receipts_are_stored_outside_the_database_under_their_checksum(
    world, data_dir, content, name, kind
):
    v = draft(world)
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=v, upload=upload(content, name)
    )
    sha = hashlib.sha256(content).hexdigest()
    assert (a.name, a.content_type, a.size, a.sha256) == (name, kind, len(content), sha)
    path = data_dir / "attachments" / sha[:2] / sha
    assert path.read_bytes() == content
    assert attachments.attachment_open(a) == content
    assert not [p for p in (data_dir / "attachments").iterdir() if p.name.startswith(".upload-")]
    entry = AuditEntry.objects.get(action="voucher.attach")
    assert entry.object_id == str(v.pk) and name in entry.changes["附件"][1]


def test_the_type_is_read_from_the_bytes_not_the_name(world, data_dir):
    v = draft(world)
    for content, name in (
        (b"MZ\x90\x00 not a receipt", "发票.png"),
        (b"<html>", "x.pdf"),
        (b"", "a.jpg"),
    ):
        with pytest.raises(ValidationError, match=r"JPG、PNG 图片或 PDF|空文件"):
            attachment_services.attachment_add(
                actor=world.treasurer, voucher=v, upload=upload(content, name)
            )
    # A PNG named .pdf is stored as what it is.
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=v, upload=upload(PNG, "scan.pdf")
    )
    assert a.content_type == "image/png"
    assert Attachment.objects.count() == 1


def test_size_limit_is_enforced_while_streaming(world, data_dir, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 1000)
    v = draft(world)
    with pytest.raises(ValidationError, match="不能超过"):
        attachment_services.attachment_add(
            actor=world.treasurer, voucher=v, upload=upload(PNG + b"\x00" * 1000)
        )
    assert Attachment.objects.count() == 0
    assert list((data_dir / "attachments").rglob("*")) == []  # no temp file left behind
    attachment_services.attachment_add(
        actor=world.treasurer, voucher=v, upload=upload(PNG + b"\x00" * (1000 - len(PNG)))
    )


def test_the_real_limit_is_ten_megabytes():
    assert attachments.MAX_BYTES == 10 * 1024 * 1024


def test_same_content_is_stored_once(world, data_dir):
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=draft(world), upload=upload(PNG, "1.png")
    )
    b = attachment_services.attachment_add(
        actor=world.treasurer, voucher=draft(world), upload=upload(PNG, "2.png")
    )
    assert a.sha256 == b.sha256
    assert len([p for p in (data_dir / "attachments").rglob("*") if p.is_file()]) == 1


def test_a_changed_or_missing_file_is_refused(world, data_dir):
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=draft(world), upload=upload(PDF, "x.pdf")
    )
    path = attachments.path_for(a.sha256)
    path.write_bytes(PDF.replace(b"obj", b"jbo"))
    with pytest.raises(ValidationError, match="与上传时的校验值不符"):
        attachments.attachment_open(a)
    path.unlink()
    with pytest.raises(ValidationError, match="文件不在存储目录中"):
        attachments.attachment_open(a)


def test_receipts_may_arrive_after_posting_but_never_leave(world, data_dir):
    v = posted(world)
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=v, upload=upload(JPEG, "迟到的发票.jpg")
    )
    with pytest.raises(ValidationError, match="不能删除"):
        attachment_services.attachment_remove(actor=world.treasurer, attachment=a)
    assert Attachment.objects.filter(pk=a.pk).exists()


def test_a_mistaken_upload_is_removed_from_a_draft(
    world, data_dir, django_capture_on_commit_callbacks
):
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=draft(world), upload=upload(PNG)
    )
    with django_capture_on_commit_callbacks(execute=True):
        attachment_services.attachment_remove(actor=world.treasurer, attachment=a)
    assert not Attachment.objects.exists()
    assert not attachments.path_for(a.sha256).exists()


# --- the pages ----------------------------------------------------------------------


def test_upload_and_download_through_the_pages(world, client_for, data_dir):
    v = draft(world)
    client = client_for(world.treasurer)
    response = client.post(
        f"/finance/vouchers/{v.pk}/attachments/", {"upload": upload(PDF, "签收单.pdf")}
    )
    assert response.status_code == 302
    a = Attachment.objects.get()
    page = client.get(f"/finance/vouchers/{v.pk}/").content.decode()
    assert "签收单.pdf" in page
    response = client_for(world.auditor).get(f"/finance/attachments/{a.pk}/")
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E7%AD%BE%E6%94%B6%E5%8D%95.pdf"
    )


def test_a_bad_upload_shows_the_reason(world, client_for, data_dir):
    v = draft(world)
    response = client_for(world.treasurer).post(
        f"/finance/vouchers/{v.pk}/attachments/",
        {"upload": upload(b"GIF89a....", "a.png")},
        follow=True,
    )
    assert "JPG、PNG 图片或 PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_download_of_a_changed_file_is_refused_with_a_message(world, client_for, data_dir):
    a = attachment_services.attachment_add(
        actor=world.treasurer, voucher=draft(world), upload=upload(PNG)
    )
    attachments.path_for(a.sha256).write_bytes(PNG + b"tampered")
    response = client_for(world.treasurer).get(f"/finance/attachments/{a.pk}/")
    assert response.status_code == 409 and "校验值不符" in response.content.decode()


def test_attachments_refuse_the_outsider(world, client_for, data_dir):
    v = draft(world)
    a = attachment_services.attachment_add(actor=world.treasurer, voucher=v, upload=upload(PNG))
    outsider = client_for(world.outsider)
    assert outsider.get(f"/finance/attachments/{a.pk}/").status_code == 404
    assert (
        outsider.post(f"/finance/vouchers/{v.pk}/attachments/", {"upload": upload(PNG)}).status_code
        == 404
    )
    assert outsider.post(f"/finance/attachments/{a.pk}/delete/").status_code == 404
    assert Attachment.objects.count() == 1
