from . import scoping
from .current import current_union
from .nav import NAV


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    union = current_union(request)
    items = []
    for item in NAV:
        if item.needs is not None and (
            union is None or not scoping.has_perm(user, item.needs, union=union)
        ):
            continue
        if item.grassroots_only and (union is None or union.is_federation):
            continue
        url = item.url(union) if item.per_union else item.url(None)
        items.append({"label": item.label, "url": url, "active": request.path == url})
    return {
        "nav_items": items,
        "current_union": union,
        "switchable_unions": list(
            scoping.unions(user, "org.view")
            .filter(archived_at=None)
            .only("id", "name", "code", "path")
        ),
        "user_reach": scoping.reach_label(user),
    }
