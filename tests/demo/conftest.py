"""The demo, built once for the whole package.

``gonghui demo`` takes about 6 s on SQLite and 11 s on PostgreSQL, so it is built once for
every test here, inside a transaction rolled back when the package's last test ends (which
brings the session's world back). The root conftest runs this package first, so xdist's
first batch hands all of it to one worker: one build per run, not one per worker and
module."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from ..conftest import FAST_HASHERS


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker):
    """What ``gonghui demo`` printed, with the demo in the database for the package."""
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("flush", interactive=False, verbosity=0)
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
