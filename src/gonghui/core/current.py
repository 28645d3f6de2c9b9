"""The union the user is working in, chosen with the organisation switcher."""

from . import scoping
from .models import Role

SESSION_KEY = "gonghui_union"


def view_roots(user) -> list | None:
    """The unions at the top of the user's ``org.view`` reach, from the grants loaded for the
    request (no query); None for a platform administrator, whose reach has no top."""
    roots = {}
    for g in scoping.grants(user):
        if "org.view" not in scoping.ROLE_PERMS[g.role]:
            continue
        if g.role == Role.PLATFORM_ADMIN:
            return None
        if g.group_id is None:
            roots[g.union_id] = g.union
    return list(roots.values())


def current_union(request):
    """The union chosen in the switcher if still in reach; else the user's top node.

    Group leaders and members have no union-wide view; for them it is the union of their
    grant, used only for labels. A union that is the node of one of the user's grants comes
    from the grants already loaded; a union beneath one is looked up."""
    if hasattr(request, "_gonghui_union"):
        return request._gonghui_union
    union = None
    user = request.user
    if user.is_authenticated:
        chosen = request.session.get(SESSION_KEY)
        roots = view_roots(user)
        if roots is not None:
            live = [u for u in roots if u.archived_at is None]
            if chosen:
                union = next((u for u in live if u.pk == chosen), None)
            elif len(roots) == 1:
                # One grant: its node comes first in path order, whatever the collation.
                union = live[0] if live else None
        if union is None and (roots is None or roots):
            visible = scoping.unions(user, "org.view").filter(archived_at=None)
            if chosen:
                union = visible.filter(pk=chosen).first()
            if union is None:
                union = visible.order_by("path").first()
        if union is None:
            union = next((g.union for g in scoping.grants(user) if g.union_id), None)
    request._gonghui_union = union
    return union


def set_current_union(request, union) -> None:
    request.session[SESSION_KEY] = union.pk
    request._gonghui_union = union
