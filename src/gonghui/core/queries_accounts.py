"""Reads of accounts for the password pages (the rest of core's reads: ``core.queries``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from .models import RoleGrant, User


def get_union_account(user, union, pk: int) -> User:
    """An account that belongs to ``union`` — its member record is there, or it holds an
    active grant on the union itself — for a caller who already passed
    ``core.queries.get_union(user, code, "role.change")``. 404 for any other id, so an
    account elsewhere is not admitted to exist. Whether the caller may reset it (every
    union the account belongs to) is the service's question."""
    from gonghui.orgs.models import Member

    found = (
        User.objects.filter(pk=pk)
        .filter(
            Q(Exists(Member.objects.filter(user=OuterRef("pk"), union=union)))
            | Q(Exists(RoleGrant.objects.active().filter(user=OuterRef("pk"), union=union)))
        )
        .first()
    )
    if found is None:
        raise Http404("没有这个账号，或您无权查看。")
    return found
