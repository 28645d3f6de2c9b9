"""Reads of accounts and the audit trail that depend on who is asking."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from . import scoping
from .models import AuditEntry, Role, RoleGrant


def audit_entries(user) -> QuerySet[AuditEntry]:
    """Entries about unions within the user's audit reach. Platform-wide entries (accounts
    that belong to no union) are visible to platform administrators only."""
    q = scoping.union_filter(user, "audit.view", prefix="union__")
    if scoping.is_platform_admin(user):
        q = Q()
    return AuditEntry.objects.filter(q).select_related("union").order_by("-id")


def object_history(user, *, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
    if not entries.exists():
        raise PermissionDenied("没有这条历史记录，或您无权查看。")
    visible = audit_entries(user).filter(object_type=object_type, object_id=object_id)
    if not visible.exists():
        raise PermissionDenied("您无权查看这条历史记录。")
    return visible


def union_grants(user, union) -> QuerySet[RoleGrant]:
    scoping.require(user, "role.change", union=union)
    return (
        RoleGrant.objects.active()
        .filter(union=union)
        .select_related("user", "group")
        .order_by("role", "user__username")
    )


def grantable_roles(user, union) -> list[Role]:
    if union.is_federation:
        return [Role.FEDERATION_ADMIN]
    return list(scoping.UNION_ROLES)


# A district federation reaches thousands of unions; a drop-down of all of them is both
# useless and the heaviest part of every page. Past this many, the switcher offers the
# current union's neighbourhood and a way to the full, searchable list.
SWITCHER_LIMIT = 60


def switcher_unions(user, current) -> tuple[list, bool]:
    """(unions for the navbar's switcher in tree order, whether the list is cut short)."""
    reach = (
        scoping.unions(user, "org.view")
        .filter(archived_at=None)
        .only("id", "name", "code", "path", "kind")
    )
    rows = list(reach.order_by("path")[: SWITCHER_LIMIT + 1])
    if len(rows) <= SWITCHER_LIMIT:
        return rows, False
    # The roots of the user's grants, the current union with its ancestors, its children.
    roots = [g.union_id for g in scoping.grants(user) if g.union_id]
    near = set(roots)
    if current is not None:
        near |= {*current.ancestor_ids, current.pk}
    q = Q(pk__in=near)
    if current is not None:
        q |= Q(parent_id=current.pk)
    rows = list(reach.filter(q).order_by("path")[:SWITCHER_LIMIT])
    return rows, True
