"""The women workers' page (``rights.view``): the 女职工委员会 or 女职工委员, the figures (女会员,
women's share of the congress seats against their share of the roster, the special contract,
妇科/两癌筛查 when care holds it) and the 爱心妈咪小屋, registered and changed by
``rights.change``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.pages import form_page, year_asked
from gonghui.core.queries import get_union

from . import queries_women as queries
from . import services_women as services
from .forms_women import MotherRoomForm

GRASSROOTS = "女职工工作页面属于基层工会，请进入所属基层工会。"


@login_required
def women(request, code):
    union = get_union(request.user, code, "rights.view", grassroots=GRASSROOTS)
    today = timezone.localdate()
    year = year_asked(request)
    shares = queries.shares(union)
    return render(
        request,
        "rights/women.html",
        {
            "union": union,
            "year": year,
            "shares": shares,
            "committee": queries.committee(union, shares.women),
            "contract": queries.special_contract(union, today),
            "screening": queries.screening(union, year),
            "rooms": list(queries.rooms(union)),
            "can_change": scoping.has_perm(request.user, "rights.change", union=union),
        },
    )


def _back(union) -> str:
    return reverse("rights:women", args=[union.code]) + "#rooms"


@login_required
def room_new(request, code):
    union = get_union(request.user, code, "rights.change", grassroots=GRASSROOTS)
    form = MotherRoomForm(request.POST or None, union=union, initial={"state": "open"})
    return form_page(
        request,
        form,
        save=lambda data: services.mother_room_create(actor=request.user, union=union, fields=data),
        success=lambda room: f"已登记{room.name}。",
        title="登记爱心妈咪小屋",
        union=union,
        back=_back(union),
        intro="爱心妈咪小屋供孕期、哺乳期女职工休息、哺乳和储存母乳；请如实勾选已有的设施。",
    )


@login_required
def room_edit(request, pk):
    room = queries.get_room(request.user, pk, "rights.change")
    initial = {
        "name": room.name,
        "place": room.place,
        "area": room.area,
        "facilities": room.facilities,
        "opened_on": room.opened_on,
        "keeper": room.keeper_id,
        "state": room.state,
        "note": room.note,
    }
    form = MotherRoomForm(request.POST or None, union=room.union, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.mother_room_update(actor=request.user, room=room, fields=data),
        success=lambda r: f"已保存{r.name}。",
        title=f"修改{room.name}",
        union=room.union,
        back=_back(room.union),
    )
