"""Taking the books out of the platform: each download of statements (.xlsx) or of the audit
committee's report (.docx) is an audit entry, ``finance.export``, for a holder of
``finance.view`` on the union. The files are built by ``finance.spreadsheets`` and
``finance.documents`` before this short transaction (on SQLite a write transaction holds
the one write lock, and building a file takes seconds)."""

from __future__ import annotations

from django.db import transaction

from gonghui.core import audit, scoping
from gonghui.orgs.models import Union


@transaction.atomic
def finance_export(
    *, actor, union: Union, year: int, statements: list[str] | None = None, document: str = ""
) -> None:
    """Record that ``statements`` (their Chinese names) or ``document`` of ``year`` left."""
    scoping.require(actor, "finance.view", union=union)
    changes: dict = {}
    if statements is not None:
        changes["statements"] = [None, statements]
    if document:
        changes["document"] = [None, document]
    changes["year"] = [None, year]
    audit.record(actor=actor, action="finance.export", obj=union, changes=changes)
