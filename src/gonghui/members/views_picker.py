"""The member picker's search (``members.picker``): what a ``SearchPicker`` box asks as
the user types. Answers the matches as buttons (``core/_picker_options.html``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.core.queries import get_union

from . import picker


@login_required
@require_GET
def member_pick(request, code):
    purpose = picker.PURPOSES.get(request.GET.get("for", ""))
    perm = purpose.perm if purpose else "member.view"
    union = get_union(request.user, code, perm, grassroots="上级工会没有直属会员。")
    if purpose is None:
        return HttpResponseBadRequest("未指明选择会员的用途。")
    q = picker.clean_query(request.GET.get("q", ""))
    matches = picker.search(request.user, union, purpose, q)
    return render(
        request,
        "core/_picker_options.html",
        {
            "options": matches.options,
            "more": matches.more,
            "limit": picker.PICK_LIMIT,
            "q": q,
            "empty": "本工会还没有在册会员。",
        },
    )
