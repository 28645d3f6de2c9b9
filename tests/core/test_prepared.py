"""Large exports written in the background (core.prepared): a roster of more rows than
``EXPORT_BACKGROUND_ROWS`` is not written inside the request (gunicorn would end it at 30 s)
but in a thread; the page says 正在生成 and asks again until the file is ready, then offers
it to its owner only, for ``PREPARED_FILE_HOURS``. The test settings write it when the
request's transaction commits; the last test runs the real thread on both databases."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gonghui.core import prepared
from gonghui.core.models import AuditEntry, Notice, PreparedFile
from gonghui.orgs.models import Member

EXPORT = "/unions/school/members/export/"


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_BACKGROUND_ROWS = 3
    return settings


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] is not None]


def test_a_large_export_is_written_after_the_request_and_downloaded_by_its_owner(
    world, client_for, small_limit, django_capture_on_commit_callbacks
):
    chair = client_for(world.chair)
    with django_capture_on_commit_callbacks(execute=True) as written:
        response = chair.get(EXPORT)
    assert len(written) == 1  # the file is written once the request has committed
    row = PreparedFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:prepared", args=[row.token])
    page = chair.get(response["Location"]).content.decode()
    current = Member.objects.current().filter(union=world.school).count()
    assert f"已生成：共 {current} 行" in page and "只有您本人可以下载" in page
    download = chair.get(reverse("core:prepared_download", args=[row.token]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    exported = rows_of(download.content)
    assert len(exported) == current
    assert all("*" in (r[5] or "*") for r in exported)  # masked, as the page export is
    entry = AuditEntry.objects.filter(action="member.export").latest("id")
    assert entry.actor_id == world.chair.pk
    # a 站内提醒 with the link, for a chair who left the page
    notice = Notice.objects.get(user=world.chair, key=f"prepared.{row.token}")
    assert notice.url == response["Location"] and "已生成，请在2小时内下载" in notice.text

    # nobody else opens it, even in the same union; once expired, nobody at all
    treasurer = client_for(world.treasurer)
    assert treasurer.get(response["Location"]).status_code == 404
    assert treasurer.get(reverse("core:prepared_download", args=[row.token])).status_code == 404
    PreparedFile.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    assert chair.get(response["Location"]).status_code == 404


def test_while_it_is_written_the_page_says_so_and_asks_again(world, client_for, small_limit):
    chair = client_for(world.chair)
    response = chair.get(EXPORT)  # the transaction never commits: still being written
    page = chair.get(response["Location"]).content.decode()
    assert "正在生成" in page and 'hx-trigger="every 2s"' in page
    token = PreparedFile.objects.get().token
    assert chair.get(reverse("core:prepared_download", args=[token])).status_code == 404
    # the part the page asks for again is the status alone
    part = chair.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<div id="prepared"') and "<html" not in part
    # a file its server never finished (restarted) is said to have failed
    PreparedFile.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    page = chair.get(response["Location"]).content.decode()
    assert "生成失败" in page and "请重新导出" in page and "every 2s" not in page


def test_a_small_export_is_still_sent_at_once(world, client_for):
    response = client_for(world.chair).get(EXPORT)
    assert response.status_code == 200 and not PreparedFile.objects.exists()


def test_a_build_that_fails_is_reported_in_chinese(world, django_capture_on_commit_callbacks):
    def build(out):
        raise RuntimeError("disk full")

    with django_capture_on_commit_callbacks(execute=True):
        row = prepared.prepare(
            owner=world.chair,
            union=world.school,
            kind="roster",
            name="名单.xlsx",
            content_type="application/octet-stream",
            build=build,
        )
    found = prepared.prepared_find(owner=world.chair, token=row.token)
    assert found.status == PreparedFile.FAILED and "生成文件时出错" in found.error


def test_expired_files_are_deleted_when_another_is_asked_for_and_by_the_commands(world, capsys):
    def ask(user):
        return prepared.prepare(
            owner=user,
            union=world.school,
            kind="roster",
            name="名单.xlsx",
            content_type="application/octet-stream",
            build=lambda out: 0,
        )

    def expire(row):
        PreparedFile.objects.filter(pk=row.pk).update(expires_at=timezone.now())

    old = ask(world.committee)
    expire(old)
    fresh = ask(world.chair)
    assert list(PreparedFile.objects.all()) == [fresh]
    expire(fresh)
    call_command("clearuploads")
    assert "已删除过期的导出文件 1 个。" in capsys.readouterr().out
    expire(ask(world.chair))
    call_command("remind", "--date", "2026-06-01")
    assert not PreparedFile.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_real_thread_writes_it_with_its_own_connection(world, client_for, small_limit):
    small_limit.PREPARE_IN_BACKGROUND = True
    chair = client_for(world.chair)
    response = chair.get(EXPORT)
    for thread in list(prepared.RUNNING):
        thread.join()
    row = PreparedFile.objects.get()
    assert row.status == PreparedFile.READY, row.error
    download = chair.get(reverse("core:prepared_download", args=[row.token]))
    assert len(rows_of(download.content)) == row.rows > 3
    assert response["Location"].endswith(f"/files/{row.token}/")
