"""What an upload leaves behind (issue 14): a discarded or expired pending upload is gone
from the database file itself, not only from its table; files written outside the
database are readable by the platform's own account only."""

from __future__ import annotations

import datetime
import os
import secrets
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gonghui.core import uploads
from gonghui.core.privatefiles import DIR_MODE, FILE_MODE
from gonghui.finance import attachments
from gonghui.plans.forms import PLAN_UPLOAD


def database_bytes() -> bytes:
    """The whole SQLite test database as it is in memory, free pages included."""
    return connection.connection.serialize()


def stored(world) -> tuple[bytes, object]:
    # A plan written out: more than a page of the database, so it also fills overflow pages.
    marker = secrets.token_hex(16).encode()
    data = b"\n".join(
        marker + f" 第{n}条：身份证号 110101199003070011".encode() for n in range(400)
    )
    pending = uploads.upload_store(
        owner=world.chair, union=world.school, kind=PLAN_UPLOAD, name="计划.txt", data=data
    )
    return marker, pending


def secure_delete(value: int | None = None) -> int:
    with connection.cursor() as cursor:
        if value is not None:
            cursor.execute(f"PRAGMA secure_delete = {value}")
        cursor.execute("PRAGMA secure_delete")
        return cursor.fetchone()[0]


@pytest.fixture
def sqlite_only():
    """SQLite as most builds ship it: deleted rows stay in free pages (Debian's build turns
    secure_delete on by default; python.org's and others do not)."""
    if connection.vendor != "sqlite":
        pytest.skip("free pages are SQLite's; PostgreSQL keeps dead rows until VACUUM")
    before = secure_delete()
    secure_delete(0)
    yield
    secure_delete(before)


def test_a_discarded_upload_is_overwritten_in_the_database_file(world, sqlite_only):
    marker, pending = stored(world)
    assert marker in database_bytes()
    uploads.upload_discard(pending)
    assert marker not in database_bytes()
    assert secure_delete() == 0  # back as it was for every other write


def test_a_plain_delete_would_leave_the_upload_in_the_file(world, sqlite_only):
    marker, pending = stored(world)
    type(pending).objects.filter(pk=pending.pk).delete()
    assert marker in database_bytes()  # what the two tests around this one guard against


def test_an_expired_upload_is_overwritten_too(world, sqlite_only):
    marker, pending = stored(world)
    later = pending.expires_at + datetime.timedelta(seconds=1)
    assert uploads.uploads_clear_expired(now=later) == 1
    assert marker not in database_bytes()


def test_voucher_attachments_are_private_to_the_platforms_account(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    root = tmp_path / "attachments"
    root.mkdir(mode=0o755)  # as an earlier version made it
    os.chmod(root, 0o755)
    sha, *_ = attachments.store(SimpleUploadedFile("发票.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64))
    path = attachments.path_for(sha)
    assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE
    assert stat.S_IMODE(path.parent.stat().st_mode) == DIR_MODE
    assert stat.S_IMODE(root.stat().st_mode) == DIR_MODE
