"""Whole-database backup and restore: SQLite's online backup API, or pg_dump/pg_restore.

A backup file records which engine wrote it (SQLite files start with "SQLite format 3",
pg_dump custom archives with "PGDMP"), so a restore refuses a file of the other kind
with a clear message instead of failing half-way.

Files the database refers to but does not hold (voucher attachments, under
``GONGHUI_DATA_DIR/attachments/``) are copied beside the backup file, into
``<backup>.files/``. They are named by their SHA-256 and never change, so a copy is
skipped when the same name is already there: the next backup into the same folder only
adds the new files. A restore copies back the ones missing from the data folder.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

from .privatefiles import FILE_MODE, private_dir

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _pg_env_and_args() -> tuple[dict, list[str]]:
    import os

    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    args = ["-d", s["NAME"]]
    if s.get("HOST"):
        args += ["-h", s["HOST"]]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", s["USER"]]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}，请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。"
        )
    return path


# Folders under DATA_DIR whose files rows of the database point at. A module that stores
# files outside the database adds its folder here.
FILE_DIRS = ("attachments",)


def files_dir(backup_file: Path) -> Path:
    return Path(f"{backup_file}.files")


def _copy_tree(source: Path, target: Path) -> int:
    """Copy the files of ``source`` missing from ``target``; returns how many were copied."""
    copied = 0
    if not source.is_dir():
        return 0
    for path in source.rglob("*"):
        if not path.is_file():
            continue
        dest = target / path.relative_to(source)
        if dest.exists():
            continue
        private_dir(dest.parent)
        partial = dest.with_name(dest.name + ".partial")
        shutil.copy2(path, partial)
        os.chmod(partial, FILE_MODE)
        partial.replace(dest)
        copied += 1
    return copied


def _data_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR)


def backup(target: Path) -> int:
    """Back up the database to ``target`` and the stored files beside it; returns how many
    files were copied."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Everything the database holds is in the file: only this account may read it.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    os.chmod(target, FILE_MODE)
    _backup_database(target)
    return sum(_copy_tree(_data_dir() / name, files_dir(target) / name) for name in FILE_DIRS)


def sqlite_copy(target: Path) -> None:
    """The SQLite database copied into ``target``: the online backup API copies a
    consistent snapshot while others keep writing (not inside a transaction of ours)."""
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)
    finally:
        dest.close()


def _backup_database(target: Path) -> None:
    if _is_sqlite():
        sqlite_copy(target)
        return
    env, args = _pg_env_and_args()
    result = subprocess.run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "-f",
            str(target),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")


def restore(source: Path) -> int:
    """Restore the database from ``source`` and put back the stored files missing from the
    data folder; returns how many files were copied back."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    _restore_database(source)
    return sum(_copy_tree(files_dir(source) / name, _data_dir() / name) for name in FILE_DIRS)


def _restore_database(source: Path) -> None:
    head = source.read_bytes()[:16]
    if _is_sqlite():
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError("这不是 SQLite 备份文件（当前数据库是 SQLite）。")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            connections.close_all()
            connection.ensure_connection()
            src.backup(connection.connection)
        finally:
            src.close()
        return
    if not head.startswith(PG_MAGIC):
        raise BackupError(
            "这不是 PostgreSQL 备份文件（pg_dump 自定义格式），当前数据库是 PostgreSQL。"
        )
    env, args = _pg_env_and_args()
    connections.close_all()
    result = subprocess.run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
