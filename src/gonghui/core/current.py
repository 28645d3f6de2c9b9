"""The union the user is working in, chosen with the organisation switcher."""

from . import scoping

SESSION_KEY = "gonghui_union"


def current_union(request):
    """The union chosen in the switcher if still in reach; else the user's top node.

    Group leaders and members have no union-wide view; for them it is the union of their
    grant, used only for labels."""
    if hasattr(request, "_gonghui_union"):
        return request._gonghui_union
    union = None
    user = request.user
    if user.is_authenticated:
        visible = scoping.unions(user, "org.view").filter(archived_at=None)
        chosen = request.session.get(SESSION_KEY)
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
