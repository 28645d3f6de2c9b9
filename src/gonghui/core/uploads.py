"""One upload flow for every import: upload → size and type checked at the edge → preview
(a dry run of the import's service) → 确认导入 or 放弃.

- **Kinds.** Each import declares its :class:`Kind` (the roster, a payroll-deduction list,
  a payroll sheet, a plan document): what files it takes and how to say so in Chinese. The
  largest file of each kind is ``settings.UPLOAD_LIMITS_MB`` — the one place that knows it
  (nginx's ``client_max_body_size`` must be above the largest; docs/deployment.md).
- **At the edge.** :class:`UploadField` refuses a file of the wrong type or over the limit
  in the form, with a Chinese message, before any import code reads it.
- **Pending files in the database.** Between the preview and 确认导入 the file waits in a
  :class:`~gonghui.core.models.PendingUpload` row (owner, union, kind, name, bytes,
  SHA-256, the form's other choices), not on an app server's disk, so any app server
  behind nginx can apply a preview made on another. The preview page carries the row's
  random token; only the user who uploaded it can apply or discard it. A row expires after
  ``settings.UPLOAD_PENDING_HOURS`` (default 2): rosters and payroll lists hold ID numbers
  and wages. Expired rows are deleted whenever a new one is stored, by ``gonghui remind``
  and by ``gonghui clearuploads``. On SQLite they are deleted with ``secure_delete`` on, so
  their bytes are overwritten in the database file rather than left in free pages.
- **Pages.** :func:`preview` and :func:`apply` are the two steps every import page takes;
  the page supplies the service call (``dry_run=True`` for the preview) and its messages.

A pending file is scratch, not a record: storing and deleting one writes no audit entry.
The import it leads to records the file's name and SHA-256 in its own entry.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from .models import PendingUpload
from .pages import flash_error

MB = 1024 * 1024
EXPIRED = "导入已过期，请重新上传文件。"


@dataclass(frozen=True)
class Kind:
    """One kind of upload. ``key`` names its limit in ``settings.UPLOAD_LIMITS_MB`` and its
    pending rows; ``accept`` says in Chinese which files it takes ("Excel 文件（.xlsx、.xls）
    或 .ods 文件"); ``too_big`` ends the message for a file over the limit."""

    key: str
    suffixes: tuple[str, ...]
    accept: str
    too_big: str = "请检查是否选错了文件。"

    @property
    def max_mb(self) -> float:
        return settings.UPLOAD_LIMITS_MB[self.key]

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * MB)

    def check_name(self, name: str) -> None:
        if not name.lower().endswith(self.suffixes):
            raise ValidationError(f"请上传 {self.accept}。", code="upload_type")

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise ValidationError(
                f"文件超过 {self.max_mb:g} MB，{self.too_big}", code="upload_size"
            )
        if size == 0:
            raise ValidationError("文件是空的，请检查是否选错了文件。", code="upload_empty")


KINDS: dict[str, Kind] = {}


def kind(key: str, *, suffixes: tuple[str, ...], accept: str, too_big: str = "") -> Kind:
    """Declare a kind of upload (once, at import time of the module that imports it)."""
    if key not in settings.UPLOAD_LIMITS_MB:
        raise LookupError(f"settings.UPLOAD_LIMITS_MB has no limit for upload kind {key!r}")
    declared = Kind(key, suffixes, accept, too_big or Kind.too_big)
    KINDS[key] = declared
    return declared


class UploadField(forms.FileField):
    """A file field that refuses a file of the wrong type or over its kind's limit."""

    def __init__(self, upload_kind: Kind, **kwargs: Any) -> None:
        self.kind = upload_kind
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": ",".join(upload_kind.suffixes)}),
        )
        kwargs.setdefault("help_text", f"不超过 {upload_kind.max_mb:g} MB。")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            self.kind.check_name(upload.name)
            self.kind.check_size(upload.size)
        return upload


# --- pending files ------------------------------------------------------------------------


def _now() -> datetime.datetime:
    return timezone.now()


def forget(rows) -> int:
    """Delete pending uploads; returns how many. SQLite leaves a deleted row's bytes in the
    file's free pages until they are reused, unless ``secure_delete`` is on
    (https://sqlite.org/pragma.html#pragma_secure_delete): on for these deletes only, as
    it costs a write of every page freed."""
    if connection.vendor != "sqlite":
        return rows.delete()[0]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA secure_delete = 1")
        try:
            return rows.delete()[0]
        finally:
            cursor.execute(f"PRAGMA secure_delete = {int(before)}")


def uploads_clear_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete every pending upload past its expiry; returns how many."""
    return forget(PendingUpload.objects.filter(expires_at__lte=now or _now()))


@transaction.atomic
def upload_store(
    *,
    owner,
    union,
    kind: Kind,
    name: str,
    data: bytes,
    params: dict[str, Any] | None = None,
) -> PendingUpload:
    """Keep ``data`` until 确认导入. The owner's earlier pending upload of the same kind
    for the same union is replaced, and expired uploads of anyone are deleted."""
    kind.check_name(name)
    kind.check_size(len(data))
    now = _now()
    uploads_clear_expired(now=now)
    forget(PendingUpload.objects.filter(owner=owner, union=union, kind=kind.key))
    return PendingUpload.objects.create(
        token=secrets.token_hex(16),
        owner=owner,
        union=union,
        kind=kind.key,
        name=name[:200],
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        params=params or {},
        created_at=now,
        expires_at=now + datetime.timedelta(hours=settings.UPLOAD_PENDING_HOURS),
    )


def upload_find(*, owner, union, kind: Kind, token: str) -> PendingUpload | None:
    """The owner's pending upload with this token, of this kind and union, not expired."""
    if not token or not getattr(owner, "pk", None):
        return None
    pending = PendingUpload.objects.filter(
        token=token, owner=owner, union=union, kind=kind.key, expires_at__gt=_now()
    ).first()
    if pending is not None:
        pending.data = bytes(pending.data)  # a memoryview on PostgreSQL
    return pending


def upload_discard(pending: PendingUpload) -> None:
    forget(PendingUpload.objects.filter(pk=pending.pk))


# --- the two steps of an import page -------------------------------------------------------


class Result(Protocol):
    """What an import service returns: whether it wrote, and how many rows it refused."""

    written: bool
    rejected_rows: int


R = TypeVar("R")
W = TypeVar("W", bound=Result)


@dataclass
class Preview(Generic[R]):
    pending: PendingUpload
    result: R

    @property
    def token(self) -> str:
        return self.pending.token


def preview(
    request: HttpRequest,
    *,
    union,
    kind: Kind,
    upload,
    dry_run: Callable[[bytes], R],
    params: dict[str, Any] | None = None,
) -> Preview[R]:
    """Run the import as a dry run on the uploaded file, then keep the file for 确认导入.
    A file the import refuses as a whole raises its ValidationError and is not kept."""
    data = upload.read()
    result = dry_run(data)
    pending = upload_store(
        owner=request.user, union=union, kind=kind, name=upload.name, data=data, params=params
    )
    return Preview(pending, result)


def apply(
    request: HttpRequest,
    *,
    union,
    kind: Kind,
    run: Callable[[PendingUpload, bool], W],
    again: str,
    done: Callable[[W], HttpResponse],
) -> HttpResponse:
    """The POST of the preview page: 放弃 (``discard``) deletes the waiting file; 确认导入
    calls ``run(pending, skip_invalid)`` (the service, not a dry run) and, once it has
    written, deletes the file and returns ``done(result)``. Anything else goes back to the
    upload page (``again``) with a message; a file with rejected rows stays for another try
    with “跳过有误的行”."""
    pending = upload_find(
        owner=request.user, union=union, kind=kind, token=request.POST.get("token", "")
    )
    if pending is None:
        messages.error(request, EXPIRED)
        return redirect(again)
    if request.POST.get("discard"):
        upload_discard(pending)
        messages.info(request, f"已放弃导入“{pending.name}”，上传的文件已删除。")
        return redirect(again)
    try:
        result = run(pending, request.POST.get("skip_invalid") == "1")
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(again)
    if not result.written:
        messages.error(
            request,
            f"有 {result.rejected_rows} 行有误，未写入任何数据。可修改文件后重新上传，"
            "或勾选“跳过有误的行”。",
        )
        return redirect(again)
    upload_discard(pending)
    return done(result)
