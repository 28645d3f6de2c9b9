"""The member picker's search (``members.picker``): what a ``SearchPicker`` box asks as
the user types. Answers the matches as buttons (``core/_picker_options.html``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gonghui.core.queries import get_union

from . import picker


@login_required
@require_http_methods(["GET", "POST"])
def member_pick(request, code):
    purpose = picker.PURPOSES.get(request.GET.get("for", ""))
    # A purpose within an object asks its own right (a seat) of that object: the union
    # needs only to be within the user's reach here.
    perm = (purpose.perm or None) if purpose else "member.view"
    # a federation has no members of its own: only a purpose over the subtree searches one
    grassroots = None if purpose and purpose.subtree else "上级工会没有直属会员。"
    union = get_union(request.user, code, perm, grassroots=grassroots)
    if purpose is None:
        return HttpResponseBadRequest("未指明选择会员的用途。")
    # A secret purpose's words travel only in a POST body (never in a logged URL); the
    # others are plain searches.
    if request.method != ("POST" if purpose.secret else "GET"):
        return HttpResponseNotAllowed(["POST" if purpose.secret else "GET"])
    asked = request.POST if purpose.secret else request.GET
    q = picker.clean_query(asked.get("q", ""))
    matches = picker.search(request.user, union, purpose, q, request.GET.get("item", ""))
    return render(
        request,
        "core/_picker_options.html",
        {
            "options": matches.options,
            "more": matches.more,
            "limit": picker.PICK_LIMIT,
            "q": q,
            "empty": purpose.empty,
        },
    )
