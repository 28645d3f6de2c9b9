"""What the management commands share in reading their arguments."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.http import Http404

from gonghui.core.queries import get_union


def union_argument(code: str, *, grassroots: str = ""):
    """The union a command's ``--union`` names. The command line runs as the system (the
    operator at the server holds no grants), so this is ``get_union`` with no user; an
    unknown code, or a federation where ``grassroots`` refuses one, is a CommandError."""
    try:
        return get_union(None, code, None, grassroots=grassroots)
    except Http404:
        raise CommandError(f"找不到代码为“{code}”的工会，请核对 --union。", returncode=1) from None
    except PermissionDenied as exc:
        raise CommandError(str(exc), returncode=1) from None


def import_json(summary: dict, *, written: bool, dry_run: bool) -> str:
    """The ``--json`` object of an import command. What was written and what would have
    been are different keys, so a refused all-or-nothing import never reads as done:
    ``{"written": false, "dry_run": false, "imported": null, "would_import": {"created":
    1821, …}, "rejected": [...]}``; after a write ``imported`` holds the counts and
    ``would_import`` is null."""
    counts = {k: v for k, v in summary.items() if k not in ("rejected", "written")}
    return json.dumps(
        {
            "written": written,
            "dry_run": dry_run,
            "imported": counts if written else None,
            "would_import": None if written else counts,
            "rejected": summary.get("rejected", []),
        },
        ensure_ascii=False,
        default=str,
    )
