"""Migrate the test database once, then copy it.

Applying every migration from scratch takes about 25 s of CPU (Django renders the models of
each step; every app's models point at the union and the member), and each pytest-xdist
worker of each leg of ``make test`` did it. Now the first worker of a run migrates and keeps
the result as a template; the other workers, and later runs while no migration changed,
copy it in well under a second:

- SQLite: the template is a file ``$GONGHUI_DATA_DIR/test-template-<key>.sqlite3``, copied into
  the worker's in-memory test database with SQLite's backup API;
- PostgreSQL: the template is a database ``test_tpl_<name>_<key>`` on the same server, and the
  worker's test database is created from it (``CREATE DATABASE … TEMPLATE``).

``<key>`` is a hash of every migration file of the project and the versions of Django and of
the apps that bring migrations, so a changed or added migration builds a new template (and
the old ones are removed). A file lock in ``$GONGHUI_DATA_DIR`` makes one worker build while
the others wait. The template is what ``migrate`` made, so the tests still run on the schema
the migrations give, on both databases.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sqlite3
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.core import management
from django.db import connection
from django.db.migrations.loader import MigrationLoader

MIGRATING_DISTRIBUTIONS = ("Django", "django-axes")


def template_key() -> str:
    digest = hashlib.sha256()
    for dist in MIGRATING_DISTRIBUTIONS:
        digest.update(f"{dist}={metadata.version(dist)};".encode())
    digest.update(django.get_version().encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app_label, name in sorted(loader.disk_migrations):
        module = loader.disk_migrations[(app_label, name)].__module__
        digest.update(f"{app_label}.{name}".encode())
        path = Path(__import__(module, fromlist=["_"]).__file__)
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def _locked(data_dir: Path):
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "test-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def install() -> None:
    """Route the next ``migrate`` of the test database creation through the template."""
    real = management.call_command

    def call_command(name, *args, **options):
        if name != "migrate" or options.get("database", "default") != "default":
            return real(name, *args, **options)
        management.call_command = real  # once: later calls are the tests' own
        data_dir = Path(settings.DATA_DIR)
        with _locked(data_dir):
            if connection.vendor == "sqlite":
                return _sqlite(real, data_dir, args, options)
            if connection.vendor == "postgresql":
                return _postgresql(real, data_dir, args, options)
            return real(name, *args, **options)

    management.call_command = call_command


def _sqlite(real, data_dir: Path, args, options) -> None:
    key = template_key()
    template = data_dir / f"test-template-{key}.sqlite3"
    connection.ensure_connection()
    if template.exists():
        with sqlite3.connect(template) as source:
            source.backup(connection.connection)
        source.close()
        return
    real("migrate", *args, **options)
    for old in data_dir.glob("test-template-*.sqlite3"):
        old.unlink(missing_ok=True)
    partial = data_dir / f".test-template-{key}.{os.getpid()}"
    with sqlite3.connect(partial) as target:
        connection.connection.backup(target)
    target.close()
    partial.replace(template)


def _postgresql(real, data_dir: Path, args, options) -> None:
    name = connection.settings_dict["NAME"]
    shared = re.sub(r"_gw\d+$", "", name.removeprefix("test_"))  # one for all xdist workers
    prefix = f"test_tpl_{shared}"[:48]
    template = f"{prefix}_{template_key()}"
    with _maintenance() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if cursor.fetchone() is not None:
            connection.close()
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
    real("migrate", *args, **options)
    connection.close()  # a template must have no session
    with _maintenance() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [prefix.replace("_", r"\_") + r"\_%", template],
        )
        for (old,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')


@contextmanager
def _maintenance():
    """A cursor on the server's ``postgres`` database, outside any transaction."""
    with connection._nodb_cursor() as cursor:
        yield cursor


def build() -> None:
    """Make the template of the test database ``DATABASE_URL`` names, and nothing more.

    ``make test`` runs this for the PostgreSQL leg while the SQLite leg runs: the SQLite
    leg's first minute has a core idle (one worker migrates, the other waits for it), and
    the PostgreSQL leg then starts from a template instead of migrating (about 25 s)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    install()
    made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    teardown_databases(made, verbosity=0)


if __name__ == "__main__":
    build()
