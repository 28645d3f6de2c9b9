"""What every congress service shares: who the actor is, and the permission check.

Congress services check the actor's permission themselves, like finance's: the command line
and the API must not be a way round the secretariat's role. ``actor=None`` is the system
itself (the demo, a command run by the operator)."""

from __future__ import annotations

from gonghui.core import scoping
from gonghui.orgs.models import Union


def person(actor):
    """The user to record as having done it, or None for the system."""
    return actor if getattr(actor, "pk", None) else None


def require(actor, perm: str, union: Union) -> None:
    """PermissionDenied unless a person ``actor`` holds ``perm`` on ``union``."""
    if person(actor) is not None:
        scoping.require(actor, perm, union=union)
