"""Files the platform writes outside the database hold what the database holds (voucher
attachments: receipts with names and amounts; backups: everything), so only the account
that runs the platform may read them: directories 0700, files 0600, whatever the umask.
``tempfile.mkstemp`` already creates files 0600; a directory needs :func:`private_dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make ``path`` (and any missing parent) and keep it 0700, also when an earlier
    version made it with the umask's 0755."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for level in reversed(missing):  # a parent made here is private too, not the umask's
        level.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(level, DIR_MODE)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path
