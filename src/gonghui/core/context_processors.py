from . import scoping
from .current import current_union
from .nav import MENUS, NAV
from .queries import switcher_unions


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
        items.append(
            {"label": item.label, "url": url, "active": request.path == url, "menu": item.menu}
        )
    menus = [
        {"label": label, "items": inside, "active": any(i["active"] for i in inside)}
        for key, label in MENUS.items()
        if (inside := [i for i in items if i["menu"] == key])
    ]
    switchable, more = switcher_unions(user, union)
    return {
        "nav_items": [i for i in items if not i["menu"]],
        "nav_menus": menus,
        "current_union": union,
        "switchable_unions": switchable,
        "switcher_more": more,
        "user_reach": scoping.reach_label(user),
    }
