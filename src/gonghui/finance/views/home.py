"""The finance home page: a grassroots union's year at a glance and what waits for the
person looking; a federation's table of its unions. Thin: check access, read, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.queries import get_union

from ..queries import home as queries


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def finance_home(request, code):
    union = get_union(request.user, code, "finance.view")
    set_current_union(request, union)
    year = _year(request)
    user = request.user
    perms = {
        p.replace("finance.", "can_"): scoping.has_perm(user, p, union=union)
        for p in ("finance.change", "finance.rules", "finance.review")
    }
    if union.is_federation:
        rows, total = queries.district(union, year)
        return render(
            request,
            "finance/home.html",
            {"union": union, "year": year, "rows": rows, "total": total, **perms},
        )
    return render(
        request,
        "finance/home.html",
        {
            "union": union,
            "year": year,
            "figures": queries.union_year(union, year),
            "waiting": queries.waiting(user, union),
            **perms,
        },
    )
