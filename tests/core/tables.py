"""The project's three access tables, and how a module adds its rows to them.

- ``test_role_matrix``: every role against every page family (PAGES, MATRIX);
- ``test_service_actors``: every service refuses a user without the permission and writes
  nothing (MODULES, CASES);
- ``test_scoped_404``: every URL pattern, filled with another union's objects, is 404 to a
  stranger (``foreign(world) -> {field: id}``, FILL, SKIPPED).

The core apps keep their rows in those files. A newer part keeps its rows beside its own
tests, in a module named in :data:`PARTS` that defines any of the names above — so a new
module adds one line here instead of fifty to three files, and the three tests still walk
everything (a pattern or services module nobody lists still fails them).
"""

from __future__ import annotations

import importlib
from types import ModuleType

PARTS = (
    "tests.care.tables_donations",
    "tests.care.tables_insurance",
    "tests.care.tables_health",
    "tests.care.tables_rest",
    "tests.activities.tables_activities",
    "tests.rights.tables_rights",
    "tests.rights.tables_contracts",
    "tests.rights.tables_openness",
    "tests.rights.tables_safety",
    "tests.rights.tables_mediation",
    "tests.rights.tables_women",
    "tests.rights.tables_contract_figures",
)

ROLES = (
    "anonymous",
    "platform_admin",
    "fed_admin",
    "chair",
    "committee",
    "treasurer",
    "auditor",
    "group_leader",
    "member",
    "outsider",
    "nobody",
)
OK, NO, GONE, LOGIN = 200, 403, 404, "login"


def parts() -> list[ModuleType]:
    found = []
    for name in PARTS:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def merged(attr: str) -> dict:
    """The parts' ``attr`` dicts in one; a key given twice is an error, not an override."""
    out: dict = {}
    for part in parts():
        rows = getattr(part, attr, {})
        twice = out.keys() & rows.keys()
        assert not twice, f"{part.__name__}.{attr} repeats {sorted(twice)}"
        out.update(rows)
    return out


def modules() -> list[str]:
    return [m for part in parts() for m in getattr(part, "MODULES", ())]


def foreign(world) -> dict:
    """Every part's objects in the hospital union, by Foreign field name."""
    out: dict = {}
    for part in parts():
        build = getattr(part, "foreign", None)
        if build is not None:
            out.update(build(world))
    return out


class A(str):
    """The name of a Foreign field (an object's id), as opposed to a literal slug."""


def f(pk: str | None = None, **slugs):
    """The kwargs of a pattern: ``pk`` names the Foreign field of its object; the others
    are literal slugs, or Foreign fields wrapped in :class:`A`."""
    if pk is not None:
        slugs["pk"] = A(pk)
    return lambda o: {k: getattr(o, v) if isinstance(v, A) else v for k, v in slugs.items()}
