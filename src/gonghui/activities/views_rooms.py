"""The 活动室 pages. The member's (phone-first): the union's rooms and one's bookings; a room's
week (one day at a time on a phone, the week as a grid on a desktop) with free slots to tap;
the booking form. The committee's: the rooms, a room's form with its hours in words, its
management page (closed periods, the coming bookings, 未使用), the limits and the use
statistics. ``activities.view`` reads, ``activities.change`` runs them; a member of the union
sees its rooms and books without a role."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error, form_page, year_asked
from gonghui.core.queries import get_union
from gonghui.core.settings_page import SettingsPage
from gonghui.core.settings_page import settings_page as settings_view
from gonghui.core.text import clean_text

from . import queries_rooms as queries
from . import rules_rooms as rules
from . import services_rooms as services
from . import services_rooms_approval as approval
from .forms_rooms import (
    BookingChangeForm,
    BookingForm,
    ClosureForm,
    RefuseForm,
    RoomForm,
    RoomSettingsForm,
)
from .models_rooms import BOOKING_HOLDS, BookingState
from .services import GRASSROOTS

SOURCE = (
    "示例值（没有全国或省里的统一规定，请按本会习惯修改）：每次最多 2 小时（晚间开放时段分给至少"
    "两拨人）；每人、每个小组每周最多 3 次（MRBS 用户提出的“每人每周期最多预约次数”，给更多人留出"
    "时间）；最多提前 14 天预约（Indico 会议室预约按房间设“最多提前天数”，两周能覆盖小组的双周活动，"
    "又不让一人占满整个学期）。工会委员会以工会名义预约不受这三项限制。"
)


def _expire(now, **where) -> None:
    """Bookings still waiting when their start has come are refused as 已过期 by the
    system before a page shows them (one query when none is due)."""
    for found in queries.rooms_with_due(now, **where):
        services.bookings_expire(actor=None, room=found, now=now)


def _day(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("day") or "")
    except ValueError:
        return timezone.localdate()


# --- the member -----------------------------------------------------------------------------


@login_required
def mine(request):
    union, rooms = queries.rooms_visible(request.user)
    now = timezone.now()
    _expire(now, user=request.user)
    bookings = list(queries.own_bookings(request.user)[:50])
    return render(
        request,
        "activities/rooms_mine.html",
        {
            "union": union,
            "rooms": rooms,
            "coming": [b for b in bookings if b.ends_at > now and b.state in BOOKING_HOLDS],
            "past": [b for b in bookings if b.ends_at <= now or b.state not in BOOKING_HOLDS],
            "now": now,
        },
    )


def _grid(days: list[queries.Day]) -> list[dict]:
    """The desktop week: one row per slot time, one cell per day (None: closed hours)."""
    times = sorted({timezone.localtime(s.starts).time() for d in days for s in d.slots})
    by_day = [{timezone.localtime(s.starts).time(): s for s in d.slots} for d in days]
    return [{"time": t, "cells": [cells.get(t) for cells in by_day]} for t in times]


@login_required
def room(request, pk):
    """A room's week; the chosen day (``?day=``) alone on a phone."""
    found = queries.get_room(request.user, pk, public=True)
    day = _day(request)
    monday, _ = rules.week_of(day)
    now = timezone.now()
    _expire(now, room=found)
    days = queries.week(found, monday, now)
    chosen = next(d for d in days if d.date == day)
    step = datetime.timedelta(days=7)
    return render(
        request,
        "activities/rooms_week.html",
        {
            "room": found,
            "union": found.union,
            "hours": queries.hours_of(found),
            "days": days,
            "chosen": chosen,
            "grid": _grid(days),
            "prev_week": monday - step,
            "next_week": monday + step,
            "today": timezone.localdate(),
            "can_manage": scoping.has_perm(request.user, "activities.view", union=found.union),
            "closures": queries.closures_of(found, now),
        },
    )


def _booking_form(request, found):
    committee = queries.may_manage(request.user, found.union)
    groups = queries.groups_led(request.user, found.union)
    if committee:
        groups = list(found.union.groups.filter(archived_at__isnull=True))
    initial = {"persons": 1, "weeks": 1}
    start = request.GET.get("start")
    if start:
        try:
            # a "+08:00" typed or pasted unencoded arrives as " 08:00"
            at = timezone.localtime(datetime.datetime.fromisoformat(start.replace(" ", "+")))
        except ValueError:
            at = None
        if at is not None:
            end = at + datetime.timedelta(hours=1)
            initial |= {"day": at.date(), "starts": at.time(), "ends": end.time()}
    return BookingForm(
        request.POST or None, initial=initial, groups=groups, committee=committee
    ), committee


def _book(request, found, form):
    d = form.cleaned_data
    start, end = form.moments()
    args = {
        "actor": request.user,
        "room": found,
        "starts_at": start,
        "ends_at": end,
        "purpose": d["purpose"],
        "persons": d["persons"],
        "group": d.get("group"),
        "as_committee": bool(d.get("as_committee")),
    }
    if d["weeks"] > 1:
        made, skipped = services.booking_series(weeks=d["weeks"], **args)
        waits = "，等待工会审批" if made[0].state == BookingState.PENDING else ""
        messages.success(request, f"已预约 {len(made)} 次{waits}。")
        if skipped:
            messages.warning(
                request,
                f"跳过 {len(skipped)} 次：" + "；".join(str(s) for s in skipped),
            )
        return made[0]
    booking = services.booking_make(**args)
    s, e = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    when = f"{found.name} {s:%m月%d日 %H:%M}-{e:%H:%M}"
    if booking.state == BookingState.PENDING:
        messages.success(request, f"已提交预约 {when}，等待工会审批，结果会通知您。")
    else:
        messages.success(request, f"已预约 {when}。")
    return booking


@login_required
def book(request, pk):
    found = queries.get_room(request.user, pk, public=True)
    form, committee = _booking_form(request, found)
    if request.method == "POST" and form.is_valid():
        try:
            booking = _book(request, found, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(booking.get_absolute_url())
    limits = queries.settings_for(found.union)
    return render(
        request,
        "activities/rooms_book.html",
        {
            "room": found,
            "union": found.union,
            "form": form,
            "limits": limits,
            "committee": committee,
            "hours": queries.hours_of(found),
        },
    )


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = queries.get_booking(request.user, pk)
    try:
        services.booking_cancel(
            actor=request.user, booking=booking, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "已取消预约。")
    return redirect(request.POST.get("next") or reverse("activities:rooms_mine"))


@login_required
@require_POST
def booking_no_show(request, pk):
    booking = queries.get_booking(request.user, pk)
    try:
        services.booking_no_show(
            actor=request.user, booking=booking, no_show=request.POST.get("no_show") != "0"
        )
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect(reverse("activities:rooms_manage", args=[booking.room_id]))


@login_required
def booking_edit(request, pk):
    """改约: the booker before the start, or the committee: the time, the room, the persons."""
    booking = queries.get_booking(request.user, pk)
    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    initial = {
        "room": booking.room_id,
        "day": start.date(),
        "starts": start.time(),
        "ends": end.time(),
        "persons": booking.persons,
    }
    form = BookingChangeForm(
        request.POST or None, initial=initial, rooms=queries.rooms_of(booking.union)
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            changed = services.booking_change(
                actor=request.user,
                booking=booking,
                starts_at=starts_at,
                ends_at=ends_at,
                persons=form.cleaned_data["persons"],
                room=form.cleaned_data["room"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            waits = "，等待工会审批" if changed.state == BookingState.PENDING else ""
            messages.success(request, f"已改约{waits}。")
            return redirect(changed.get_absolute_url())
    return render(
        request,
        "activities/rooms_edit_booking.html",
        {"booking": booking, "union": booking.union, "form": form},
    )


def _decided(request, found, verb: str) -> None:
    if not found:
        messages.warning(request, "这条预约开始时还没有审批，已过期作废，并已通知预约人。")
        return
    times = f"（共 {len(found)} 次）" if len(found) > 1 else ""
    messages.success(request, f"已{verb}{found[0].booker}的预约{times}，已通知预约人。")


@login_required
@require_POST
def booking_approve(request, pk):
    booking = queries.get_booking(request.user, pk)
    try:
        found = approval.booking_approve(actor=request.user, booking=booking)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        _decided(request, found, "通过")
    return redirect(request.POST.get("next") or booking.get_absolute_url())


@login_required
@require_POST
def booking_refuse(request, pk):
    booking = queries.get_booking(request.user, pk)
    reason = clean_text(request.POST.get("reason", ""), multiline=False)
    try:
        found = approval.booking_refuse(actor=request.user, booking=booking, reason=reason)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        _decided(request, found, "退回")
    return redirect(request.POST.get("next") or booking.get_absolute_url())


# --- the committee --------------------------------------------------------------------------


@login_required
def pending(request, code):
    """The union's bookings waiting for approval (a series once, with its count)."""
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    _expire(timezone.now(), union=union)
    seen: dict = {}
    for b in queries.pending_of(union):
        key = b.series or b.pk
        if key in seen:
            seen[key]["count"] += 1
        else:
            seen[key] = {"booking": b, "count": 1}
    return render(
        request,
        "activities/rooms_pending.html",
        {
            "union": union,
            "rows": list(seen.values()),
            "can_change": queries.may_manage(request.user, union),
            "refuse": RefuseForm(),
        },
    )


@login_required
def rooms_list(request, code):
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    return render(
        request,
        "activities/rooms_list.html",
        {
            "union": union,
            "rooms": list(queries.rooms_of(union)),
            "can_change": queries.may_manage(request.user, union),
        },
    )


def _save_room(actor, union, data, room=None):
    fields = {k: data[k] for k in services.ROOM_FIELDS}
    with transaction.atomic():
        found = services.room_save(actor=actor, union=union, fields=fields, room=room)
        services.room_hours_set(actor=actor, room=found, text=data["hours"])
    return found


@login_required
def room_create(request, code):
    union = get_union(request.user, code, "activities.change", grassroots=GRASSROOTS)
    return form_page(
        request,
        RoomForm(request.POST or None, initial={"kind": "home", "book_by": "members"}),
        save=lambda data: _save_room(request.user, union, data),
        success=lambda r: f"已添加活动室“{r.name}”。",
        title="添加活动室",
        union=union,
        back=reverse("activities:rooms_list", args=[union.code]),
    )


@login_required
def room_edit(request, pk):
    found = queries.get_room(request.user, pk, "activities.change")
    initial = {k: getattr(found, k) for k in services.ROOM_FIELDS}
    initial["hours"] = "\n".join(h.words for h in queries.hours_of(found))
    return form_page(
        request,
        RoomForm(request.POST or None, initial=initial),
        save=lambda data: _save_room(request.user, found.union, data, found),
        success=lambda r: f"已保存活动室“{r.name}”。",
        title=f"修改活动室 · {found.name}",
        union=found.union,
        back=reverse("activities:rooms_manage", args=[found.pk]),
    )


@login_required
def room_manage(request, pk):
    """Closed periods (POST adds one), the coming bookings, the past month's (未使用)."""
    found = queries.get_room(request.user, pk)
    form = ClosureForm(request.POST or None)
    here = reverse("activities:rooms_manage", args=[pk])
    _expire(timezone.now(), room=found)
    if request.method == "POST":
        scoping.require(request.user, "activities.change", union=found.union)
        if form.is_valid():
            try:
                _, hit = services.closure_add(actor=request.user, room=found, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"已登记停用时段，取消了其中的 {len(hit)} 个预约并通知预约人。"
                )
                return redirect(here)
    now = timezone.now()
    return render(
        request,
        "activities/rooms_manage.html",
        {
            "room": found,
            "union": found.union,
            "hours": queries.hours_of(found),
            "closures": queries.closures_of(found, now),
            "coming": queries.upcoming_for(found, now),
            "recent": queries.recent_for(found, now),
            "form": form,
            "refuse": RefuseForm(),
            "can_change": queries.may_manage(request.user, found.union),
        },
    )


@login_required
@require_POST
def closure_withdraw(request, pk):
    closure = queries.get_closure(request.user, pk)
    try:
        services.closure_withdraw(actor=request.user, closure=closure)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "已撤销停用时段，活动室恢复开放。")
    return redirect(reverse("activities:rooms_manage", args=[closure.room_id]))


@login_required
@require_POST
def room_archive(request, pk):
    found = queries.get_room(request.user, pk, "activities.change")
    try:
        services.room_archive(actor=request.user, room=found)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已停用“{found.name}”，之后的预约已取消并通知预约人。")
    return redirect(reverse("activities:rooms_list", args=[found.union.code]))


ROOM_SETTINGS = SettingsPage(
    current=queries.settings_for,
    form=RoomSettingsForm,
    save=services.room_settings_save,
    title="活动室预约设置",
    saved="已保存活动室预约设置。",
    read_only="activities/rooms_settings.html",
    view="activities.view",
    change="activities.change",
    grassroots=GRASSROOTS,
    back="activities:rooms_list",
    source=SOURCE,
)


@login_required
def settings_page(request, code):
    """The union's booking limits: the committee changes them, the 经审 reads them."""
    return settings_view(request, code, ROOM_SETTINGS)


@login_required
def stats(request, code):
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    year = year_asked(request)
    return render(
        request,
        "activities/rooms_stats.html",
        {
            "union": union,
            "year": year,
            "years": [year - 1, year + 1],
            "found": queries.use_statistics(union, year),
        },
    )
