"""Whole-database backup and restore: SQLite's online backup API, or pg_dump/pg_restore.

A backup file records which engine wrote it (SQLite files start with "SQLite format 3",
pg_dump custom archives with "PGDMP"), so a restore refuses a file of the other kind
with a clear message instead of failing half-way.
"""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

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


def backup(target: Path) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite():
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot while others keep writing.
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
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


def restore(source: Path) -> None:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
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
