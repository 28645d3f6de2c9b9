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
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path
