"""Voucher attachments (凭证附件): receipts and sign-off sheets as JPEG, PNG or PDF.

Files live outside the database under ``DATA_DIR/attachments/<sha[:2]>/<sha>``, named by
their SHA-256: the same scan uploaded twice is stored once, and a file changed on disk no
longer matches its name and the checksum in its row, so it is refused when opened
(《会计档案管理办法》: 会计档案应当保证真实、完整). A file is written to a temporary name
and renamed into place, so a reader never sees half a file. Files are 0600 and their
directories 0700 (core.privatefiles).

This module is the file store and opens files; adding and removing a voucher's
attachments are services (``finance.services.attachments``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from gonghui.core.privatefiles import private_dir

from .models import Attachment

# A phone photo of a receipt is 2–5 MB and a scanned multi-page PDF rarely passes 8 MB;
# 10 MB keeps every real receipt while stopping a video or an archive sent by mistake.
MAX_BYTES = 10 * 1024 * 1024
# The type is decided by the first bytes of the file, never by its name or the browser's
# claim: a renamed .exe must not pass as a receipt.
MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)
CHUNK = 64 * 1024


def root() -> Path:
    return Path(settings.DATA_DIR) / "attachments"


def path_for(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None."""
    for magic, content_type, ext in MAGIC:
        if head.startswith(magic):
            return content_type, ext
    return None


def _chunks(upload):
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK)
        return
    while True:
        block = upload.read(CHUNK)
        if not block:
            return
        yield block


def safe_name(name: str, ext: str) -> str:
    base = Path(str(name or "").replace("\\", "/")).name.strip() or f"附件{ext}"
    return base[-200:]


def store(upload) -> tuple[str, int, str, str]:
    """Write the upload into the store; returns (sha256, size, content type, extension).
    Refuses a file that is too large or not JPEG/PNG/PDF, writing nothing."""
    directory = private_dir(root())
    digest = hashlib.sha256()
    size = 0
    kind = None
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".upload-")  # 0600
    try:
        with os.fdopen(fd, "wb") as tmp:
            for block in _chunks(upload):
                if size == 0:
                    kind = sniff(block[:16])
                    if kind is None:
                        raise ValidationError(
                            "附件只能是 JPG、PNG 图片或 PDF 文件（按文件内容识别，改扩展名无效）。"
                        )
                size += len(block)
                if size > MAX_BYTES:
                    raise ValidationError(
                        f"附件不能超过 {MAX_BYTES // (1024 * 1024)} MB，请压缩图片或分开上传。"
                    )
                digest.update(block)
                tmp.write(block)
            tmp.flush()
            os.fsync(tmp.fileno())
        if size == 0 or kind is None:
            raise ValidationError("附件是空文件。")
        sha = digest.hexdigest()
        final = path_for(sha)
        private_dir(final.parent)
        if final.exists():
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, final)
        return sha, size, kind[0], kind[1]
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def attachment_open(attachment: Attachment) -> bytes:
    """The file's bytes after checking them against the checksum recorded at upload."""
    path = path_for(attachment.sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(
            f"附件「{attachment.name}」的文件不在存储目录中，请联系管理员从备份恢复。"
        ) from None
    if len(data) != attachment.size or hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise ValidationError(
            f"附件「{attachment.name}」与上传时的校验值不符，文件可能已被改动，已拒绝打开。"
            "请联系管理员从备份恢复。"
        )
    return data
