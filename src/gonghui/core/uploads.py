"""A spreadsheet upload waiting between its preview and 确认导入.

The file is kept under ``GONGHUI_DATA_DIR/uploads/<folder>/`` with a random name, and the
session remembers it (token, path, union, original name and whatever the page adds).
Rosters and payroll lists are full of ID numbers and wages, so they must not pile up:
a new upload or a finished import deletes the waiting file, and every upload older than
a day is swept whenever another one arrives.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

MAX_AGE = datetime.timedelta(days=1)


def upload_dir(folder: str) -> Path:
    path = Path(settings.DATA_DIR) / "uploads" / folder
    path.mkdir(parents=True, exist_ok=True)
    return path


def forget(request, key: str, folder: str) -> None:
    """Delete the session's waiting upload under ``key`` and every upload in ``folder``
    older than MAX_AGE."""
    pending = request.session.pop(key, None)
    if pending:
        Path(pending["path"]).unlink(missing_ok=True)
    cutoff = (timezone.now() - MAX_AGE).timestamp()
    for old in upload_dir(folder).iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def keep(request, key: str, folder: str, *, union, upload, data: bytes, **extra) -> Path:
    """Store ``data`` (the uploaded file's bytes) for its 确认导入 and remember it in the
    session under ``key``; the earlier waiting upload is deleted first."""
    forget(request, key, folder)
    token = uuid.uuid4().hex
    path = upload_dir(folder) / f"{token}{Path(upload.name).suffix.lower() or '.xlsx'}"
    path.write_bytes(data)
    request.session[key] = {
        "token": token,
        "path": str(path),
        "union": union.pk,
        "filename": upload.name,
        **extra,
    }
    return path
