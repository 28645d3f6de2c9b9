"""Reads of accounts and the audit trail that depend on who is asking."""

from collections.abc import Callable
from operator import attrgetter
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Model, Q, QuerySet, Subquery
from django.http import Http404

from . import audit, scoping
from .models import AuditEntry, Notice, Role, RoleGrant

# --- the one way to fetch a scoped object -------------------------------------------------


M = TypeVar("M", bound=Model)


def get_scoped(
    queryset: QuerySet[M],
    user,
    perm: str | None,
    *,
    union,
    missing: str,
    group: str | None = None,
    allow: Callable[[M], bool] | None = None,
    **lookup,
) -> M:
    """The object of ``queryset`` matching ``lookup`` that ``user`` may ``perm`` on.

    ``union`` (and ``group``) name the attribute path from the object to its union (group),
    e.g. ``"sitting.term.union"`` (``""``: the object is the union or group itself); or
    ``union`` is the union itself when ``queryset`` is already limited to one union the
    caller fetched (a member's account in a fund they have since left).

    The answer is **404** when there is no such object *or* it lies outside every grant of
    the user (they must not learn that it exists), and 403 only when it is within their
    reach but the permission is not theirs (a treasurer opening the roles page of their own
    union). ``perm=None``: reach is enough here and the caller's query checks the rest (a
    roster a group leader sees in part). ``allow(obj)`` is a right that is not a role,
    checked first: one's own member record, a seat in the congress (it may refuse with
    PermissionDenied itself). ``user=None`` is the system itself, as in ``scoping.require``
    (a command the operator runs at the server).

    Every app's ``queries.get_<thing>`` is this one call (healthchecks'
    ``_get_check_for_user`` is the model)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(missing)
    if allow is not None and allow(obj):
        return obj
    owner = _at(obj, union) if isinstance(union, str) else union
    if user is not None and not scoping.reaches(user, owner):
        raise Http404(missing)
    if perm is not None:
        scoping.require(user, perm, union=owner, group=None if group is None else _at(obj, group))
    return obj


def _at(obj, path: str):
    return obj if path == "" else attrgetter(path)(obj)


def get_union(user, code: str, perm: str | None = "org.view", *, grassroots: str = ""):
    """The union of a URL's ``code`` if ``user`` holds ``perm`` on it (404 outside their
    reach, 403 within it without the permission). ``grassroots``, when given, is the message
    refusing a federation: pages of books, congresses and plans belong to grassroots unions.
    The one getter of a union by its code: every page under ``/unions/<code>/`` starts here."""
    from gonghui.orgs.models import Union

    union = get_scoped(
        Union.objects.select_related("parent"),
        user,
        perm,
        union="",
        missing="没有这个工会，或您无权查看。",
        code=code,
    )
    if grassroots and union.is_federation:
        raise PermissionDenied(grassroots)
    return union


def get_grant(user, pk: int, perm: str = "role.change") -> RoleGrant:
    """A role grant on a union the user may ``perm`` on (a platform administrator's grant,
    which names no union, reaches only platform administrators)."""
    return get_scoped(
        RoleGrant.objects.select_related("union", "user", "group"),
        user,
        perm,
        union="union",
        missing="没有这项授权，或您无权查看。",
        pk=pk,
    )


def audit_entries(user) -> QuerySet[AuditEntry]:
    """Entries about unions within the user's audit reach. Platform-wide entries (accounts
    that belong to no union) are visible to platform administrators only."""
    q = scoping.union_filter(user, "audit.view", prefix="union__")
    if scoping.is_platform_admin(user):
        q = Q()
    return AuditEntry.objects.filter(q).select_related("union").order_by("-id")


def object_history(user, *, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """One object's entries, if the user may read its union's trail: 404 when there are
    none or they concern a union outside the user's reach, 403 within reach without
    ``audit.view``."""
    history = audit.history_filter(object_type, object_id)  # with the batches that wrote it
    visible = audit_entries(user).filter(history)
    if visible.exists():
        return visible
    entry = AuditEntry.objects.filter(history).select_related("union").first()
    if entry is None or not scoping.reaches(user, entry.union):
        raise Http404("没有这条历史记录，或您无权查看。")
    raise PermissionDenied("您无权查看这条历史记录。")


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
    from .current import view_roots

    tops = view_roots(user)
    if tops is not None and len(tops) == 1 and not tops[0].is_federation:
        # A grassroots union has no children: the reach is the union itself (no query).
        return [u for u in tops if u.archived_at is None], False
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


def notified_user_ids(key: str, users) -> set[int]:
    """Which of ``users`` already have the notice ``key`` (the system's read before
    ``services.notice_create`` writes the rest)."""
    return set(Notice.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))


class _Counted(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def count_of(rows: QuerySet) -> Subquery:
    """How many ``rows``, as a scalar subquery to annotate onto another query, so that
    several counts cost one statement (and the ORM composes it faster than a GROUP BY)."""
    return _Counted(rows.order_by().values("pk"))
