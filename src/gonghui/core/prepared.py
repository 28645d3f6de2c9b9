"""Large downloads prepared in the background (生成后下载), so that no request waits past
the app server's timeout: a 200,000-member roster takes half a minute to write, more on a
loaded machine, and gunicorn ends a request at 30 s (docs/deployment.md).

- **Asking.** A page calls :func:`prepare` with what to write (``build``, a function that
  writes the file into the binary file it is given and returns how many rows it wrote) and
  redirects to the file's own page (``core:prepared``). ``build`` runs after the request's
  transaction commits, in a thread of the app server that took the request, with its own
  database connection; whatever it records (the export's audit entry) it records there.
- **In the database.** The file waits in a :class:`~gonghui.core.models.PreparedFile` row
  (owner, union, name, bytes), not on one server's disk, so any app server behind nginx
  serves the page and the download. When it is ready its owner gets a 站内提醒 with the
  link, in case they left the page. Only its owner can open it, by its random token. A
  row expires after ``settings.PREPARED_FILE_HOURS`` (default 2: a roster holds ID
  numbers); expired rows are deleted whenever a new one is asked for, by ``gonghui
  remind`` and by ``gonghui clearuploads``, like pending uploads (``core.uploads``).
- **Failing.** An error in ``build`` marks the file 生成失败 with a Chinese reason; a file
  still 正在生成 after ``STALE_MINUTES`` (its server stopped) is shown as failed too.

``settings.PREPARE_IN_BACKGROUND`` is off in tests, where every test runs inside one
transaction that a second connection could not see: ``build`` then runs when the test's
transaction would commit (``django_capture_on_commit_callbacks``), in the same thread.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import tempfile
import threading
import weakref
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from .models import PreparedFile
from .reminders import Reminder
from .services import notice_create
from .uploads import forget

log = logging.getLogger(__name__)

STALE_MINUTES = 30
IN_MEMORY = 4 * 1024 * 1024  # bytes kept in memory while writing; more go to a temporary file

Build = Callable[[BinaryIO], int]


def prepared_clear_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete every prepared file past its expiry; returns how many."""
    return forget(PreparedFile.objects.filter(expires_at__lte=now or timezone.now()))


def prepare(*, owner, union, kind: str, name: str, content_type: str, build: Build) -> PreparedFile:
    """Ask for a file to be written in the background; returns its row (正在生成)."""
    now = timezone.now()
    prepared_clear_expired(now=now)
    row = PreparedFile.objects.create(
        token=secrets.token_hex(16),
        owner=owner,
        union=union,
        kind=kind,
        name=name[:200],
        content_type=content_type,
        created_at=now,
        expires_at=now + datetime.timedelta(hours=settings.PREPARED_FILE_HOURS),
    )
    if settings.PREPARE_IN_BACKGROUND:
        transaction.on_commit(lambda: _in_thread(row.pk, build))
    else:
        transaction.on_commit(lambda: _write(row.pk, build))
    return row


RUNNING: weakref.WeakSet[threading.Thread] = weakref.WeakSet()  # for a test to wait on


def _in_thread(pk: int, build: Build) -> None:
    thread = threading.Thread(
        target=_write, args=(pk, build), kwargs={"own_connection": True}, daemon=True
    )
    RUNNING.add(thread)
    thread.start()


def _write(pk: int, build: Build, *, own_connection: bool = False) -> None:
    try:
        with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as out:
            rows = build(out)
            out.seek(0)
            data = out.read()
        PreparedFile.objects.filter(pk=pk).update(
            status=PreparedFile.READY,
            data=data,
            size=len(data),
            rows=rows,
            finished_at=timezone.now(),
        )
        _tell_owner(pk)
    except Exception:
        log.exception("prepared file %s failed", pk)
        PreparedFile.objects.filter(pk=pk).update(
            status=PreparedFile.FAILED,
            error="生成文件时出错，请稍后重试；如果一再失败，请联系系统管理员查看日志。",
            finished_at=timezone.now(),
        )
    finally:
        if own_connection:
            connections.close_all()  # this thread's own, never the request's


def _tell_owner(pk: int) -> None:
    """A 站内提醒 to the owner, who may have left the page: the file is ready, with its link."""
    row = PreparedFile.objects.defer("data").select_related("owner", "union").get(pk=pk)
    reminder = Reminder(
        union=row.union,
        text=f"{row.name} 已生成，请在{settings.PREPARED_FILE_HOURS:g}小时内下载",
        url=reverse("core:prepared", args=[row.token]),
        key=f"prepared.{row.token}",
    )
    notice_create(reminder=reminder, users=[row.owner])


def prepared_find(*, owner, token: str) -> PreparedFile | None:
    """The owner's prepared file with this token, not expired; one still 正在生成 long
    after it was asked for is returned as failed (its server stopped)."""
    if not token or not getattr(owner, "pk", None):
        return None
    row = (
        PreparedFile.objects.defer("data")
        .filter(token=token, owner=owner, expires_at__gt=timezone.now())
        .select_related("union")
        .first()
    )
    stale = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    if row is not None and row.status == PreparedFile.PENDING and row.created_at < stale:
        row.status = PreparedFile.FAILED
        row.error = "生成超时（服务器可能已重启），请重新导出。"
    return row


def prepared_data(row: PreparedFile) -> bytes:
    data = PreparedFile.objects.filter(pk=row.pk).values_list("data", flat=True).first()
    return bytes(data or b"")  # a memoryview on PostgreSQL
