"""A small realistic world: 示范镇总工会 over a school union and a hospital union.

Accounts: platform admin, federation admin, and in the school a chair, a committee
member, a treasurer, an auditor, a group leader and a member; ``outsider`` chairs the
hospital union and must be refused everything in the school.

The world is built once per test session (per xdist worker), committed to the test
database by ``django_db_setup`` as pytest-django documents ("Populate the test
database"), so every database test starts with it in place. Each test runs in a
transaction that is rolled back, so its writes never reach the next test; ``world``
hands each test its own copy of the Python objects. Transactional tests (live server,
threads, backups) commit and flush the database when they end; ``world`` notices the
flush and builds the world again, committed, for the transactional tests that follow.
"""

import copy
import datetime
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

from gonghui.core import services as core_services
from gonghui.core.backup import sqlite_copy
from gonghui.core.models import Role, User
from gonghui.members import services as member_services
from gonghui.members.idcard import id_check_char
from gonghui.orgs import services
from gonghui.orgs.models import Member, Sex, Union, UnionGroup, UnionKind

from . import template_db

PASSWORD = "correct-horse-42"


def id_number(birth: str, order: int, area: str = "110101") -> str:
    """A valid GB 11643 number: ``birth`` as YYYYMMDD, ``order`` odd for men, even for women."""
    first17 = f"{area}{birth}{order:03d}"
    return first17 + id_check_char(first17)


# Argon2 is the production hasher (settings.PASSWORD_HASHERS[0]); tests need speed.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Packages run first, in this order: under xdist the first contiguous batch (a quarter of a
# worker's share) goes to one worker, so a package-scoped build (the demo) happens once.
RUN_FIRST = ("tests/demo/",)


# A test without one of these never reaches the test database: pytest-django refuses it
# any query ("Database access not allowed"). The tests that start a ``gonghui`` process give
# it a SQLite file of their own (tests/core/test_cli.py).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)  # after pytest-django's grouping (plain, transactional, no db)
def pytest_collection_modifyitems(config, items):
    def first(item) -> bool:
        path = item.nodeid
        return any(path.startswith(prefix) for prefix in RUN_FIRST)

    items[:] = [i for i in items if first(i)] + [i for i in items if not first(i)]
    _database_independent_once(config, items)


def _database_independent_once(config, items) -> None:
    """On the PostgreSQL leg of ``make test``, leave out the tests that use no database: the
    SQLite leg has run them, and they cannot tell the two apart (parsers, rules, documents,
    the command line on its own files). GONGHUI_TEST_EVERYTHING=1 keeps them; a selection
    of nothing but such tests keeps them too, so a narrowed run still runs something."""
    if connection.vendor != "postgresql" or os.environ.get("GONGHUI_TEST_EVERYTHING") == "1":
        return
    independent = [i for i in items if not uses_database(i)]
    if not independent or len(independent) == len(items):
        return
    config.hook.pytest_deselected(items=independent)
    items[:] = [i for i in items if uses_database(i)]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@dataclass
class World:
    fed: Union
    school: Union
    hospital: Union
    chinese: UnionGroup
    maths: UnionGroup
    ward: UnionGroup
    members: dict[str, Member]
    users: dict[str, User]

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def make_user(username: str, role: str | None = None, *, union=None, group=None, member=None):
    user = core_services.user_create(
        actor=None, username=username, full_name=username, password=PASSWORD
    )
    if member is not None:
        Member.objects.filter(pk=member.pk).update(user=user)
    if role is not None:
        core_services.role_grant(actor=None, user=user, role=role, union=union, group=group)
    return user


def build_world() -> World:
    """Create the world through the production services (so its audit entries exist)."""
    fed = services.union_create(
        actor=None, name="示范镇总工会", code="fed", kind=UnionKind.TOWN, parent=None
    )
    school = services.union_create(
        actor=None,
        name="第一中学工会",
        code="school",
        kind=UnionKind.SCHOOL,
        parent=fed,
        employer_name="第一中学",
        staff_count=40,
        founded_on=datetime.date(1990, 9, 1),
    )
    hospital = services.union_create(
        actor=None,
        name="卫生院工会",
        code="hospital",
        kind=UnionKind.HOSPITAL,
        parent=fed,
        staff_count=20,
    )
    chinese = services.group_create(actor=None, union=school, name="语文组")
    maths = services.group_create(actor=None, union=school, name="数学组")
    ward = services.group_create(actor=None, union=hospital, name="内科")
    people = [
        ("李主席", Sex.FEMALE, chinese),
        ("王委员", Sex.MALE, chinese),
        ("赵财务", Sex.FEMALE, maths),
        ("钱经审", Sex.MALE, maths),
        ("孙组长", Sex.FEMALE, chinese),
        ("周会员", Sex.MALE, chinese),
        ("吴老师", Sex.FEMALE, maths),
    ]
    members = {
        name: member_services.member_create(actor=None, union=school, name=name, sex=sex, group=g)
        for name, sex, g in people
    }
    # Two full records: the roster tests search, mask and reveal these numbers.
    member_services.member_update(
        actor=None,
        member=members["周会员"],
        id_number=id_number("19850301", 123),
        mobile="13812345678",
        joined_on=datetime.date(2008, 9, 1),
        card_number="HY0001",
    )
    member_services.member_update(
        actor=None,
        member=members["吴老师"],
        id_number=id_number("19920715", 246),
        mobile="13987654321",
        joined_on=datetime.date(2015, 9, 1),
        is_teacher=True,
    )
    members["郑护士"] = member_services.member_create(
        actor=None, union=hospital, name="郑护士", sex=Sex.FEMALE, group=ward
    )
    users = {
        "platform_admin": make_user("platform_admin", Role.PLATFORM_ADMIN),
        "fed_admin": make_user("fed_admin", Role.FEDERATION_ADMIN, union=fed),
        "chair": make_user("chair", Role.CHAIR, union=school, member=members["李主席"]),
        "committee": make_user("committee", Role.COMMITTEE, union=school, member=members["王委员"]),
        "treasurer": make_user("treasurer", Role.TREASURER, union=school, member=members["赵财务"]),
        "auditor": make_user("auditor", Role.AUDITOR, union=school, member=members["钱经审"]),
        "group_leader": make_user(
            "group_leader", Role.GROUP_LEADER, group=chinese, member=members["孙组长"]
        ),
        "member": make_user("member", Role.MEMBER, union=school, member=members["周会员"]),
        "outsider": make_user("outsider", Role.CHAIR, union=hospital, member=members["郑护士"]),
        "nobody": make_user("nobody"),
    }
    for m in members.values():
        m.refresh_from_db()
    return World(fed, school, hospital, chinese, maths, ward, members, users)


# The session's world as built and committed by django_db_setup: never handed to a test
# (tests mutate what they get), only copied.
_session_world: World | None = None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """The test database is migrated once per run, then copied (tests/template_db.py)."""
    template_db.install()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _session_world
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        if Union.objects.exists():  # --reuse-db keeps the last session's rows
            call_command("flush", interactive=False, verbosity=0)
        with transaction.atomic():
            built = build_world()
        for user in built.users.values():
            user.__dict__.pop("_gonghui_grants", None)  # grants are loaded per test
        _session_world = built


def _session_world_in_database() -> bool:
    # A transactional test flushes the database when it ends, world and all.
    return (
        _session_world is not None
        and Union.objects.filter(pk=_session_world.fed.pk, code="fed").exists()
    )


@pytest.fixture
def world(db) -> World:
    """A fresh copy of the session's world; in a transactional test whose database an
    earlier transactional test has flushed, a newly built (committed) world."""
    if _session_world_in_database():
        return copy.deepcopy(_session_world)
    # Only after a flush. In a plain test (not expected: pytest-django runs them before the
    # transactional ones) the build is rolled back with the test.
    return build_world()


@pytest.fixture(scope="session")
def _sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """This worker's test database (every migration applied, and the session's world)
    copied into a file once, between tests, when no transaction holds it."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("migrated") / "site.sqlite3"
    with django_db_blocker.unblock():
        sqlite_copy(path)
    return path


@pytest.fixture
def migrated_sqlite(db, _sqlite_copy, tmp_path):
    """A SQLite file with every migration applied, for a test that runs the real
    ``gonghui`` command in a child process: copying it takes milliseconds where
    ``gonghui migrate`` takes seconds. Only the SQLite leg has a database to copy."""
    if _sqlite_copy is None:
        pytest.skip("one SQLite file suffices; the PostgreSQL leg has none to copy")
    return Path(shutil.copy(_sqlite_copy, tmp_path / "site.sqlite3"))


@pytest.fixture
def empty_db(db):
    """The database as a fresh site has it, for this test only: everything (the session's
    world included) is flushed inside the test's transaction and comes back when that is
    rolled back. For what only makes sense on an empty site (``gonghui demo``)."""
    assert connection.in_atomic_block, "empty_db flushes for real in a transactional test"
    call_command("flush", interactive=False, verbosity=0)


def union_form_data(union, **changes):
    """The union edit form as the page would post it, with ``changes`` applied."""
    data = {
        "name": union.name,
        "code": union.code,
        "kind": union.kind,
        "employer_name": union.employer_name,
        "credit_code": union.credit_code,
        "staff_count": union.staff_count,
        "founded_on": union.founded_on.isoformat() if union.founded_on else "",
    }
    data.update(changes)
    return data


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
