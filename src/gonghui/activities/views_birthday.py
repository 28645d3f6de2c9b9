"""生日会 pages: a quarter's birthday list per 工会小组 (phone-first) with the quarter's parties
and their gift vouchers; "创建本季度生日会" (the new-activity form, prefilled); the gift (a
draft voucher through the spending rules). ``activities.view`` reads, ``activities.change``
acts. What a birthday shows is ``birthday_rules`` (never the year; the day only to a viewer
who cannot rebuild the birth date the roster masks)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union

from . import birthday_rules as rules
from . import queries, services, services_birthday
from . import queries_birthday as bq
from .forms import LOCAL, ActivityForm
from .forms_birthday import GiftForm
from .models import Audience, Kind, State
from .views import _form_page

GRASSROOTS = services.GRASSROOTS


def shows_day(user, union) -> bool:
    """The day of a birthday is shown unless the viewer reads the roster's years
    (``member.view``) without ``member.reveal``: see ``birthday_rules``."""
    if scoping.has_perm(user, "member.reveal", union=union):
        return True
    return not scoping.has_perm(user, "member.view", union=union)


def _url(union, year: int, quarter: int, name: str = "activities:birthdays") -> str:
    return reverse(name, args=[union.code]) + f"?year={year}&quarter={quarter}"


@login_required
def page(request, code):
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    today = timezone.localdate()
    year, quarter = rules.parse_period(request.GET.get("year"), request.GET.get("quarter"), today)
    members = bq.quarter_members(union, year, quarter)
    can_change = scoping.has_perm(request.user, "activities.change", union=union)
    parties = bq.parties(union, year, quarter)
    for party in parties:
        party.label = party.phase_label()
        # one form per party: its own ids (the names are the same: one form is sent)
        initial = _gift_initial(members, today, party)
        party.form = GiftForm(members=members, initial=initial, auto_id=f"id_p{party.pk}_%s")
        party.gift = getattr(party, "birthday_gift", None)
        party.giftable = (
            can_change
            and party.state != State.CANCELLED
            and not (party.gift and party.gift.voucher_id)
        )
    first, last = rules.quarter_bounds(year, quarter)
    return render(
        request,
        "activities/birthday_list.html",
        {
            "union": union,
            "year": year,
            "quarter": quarter,
            "quarter_name": rules.QUARTER_NAMES[quarter],
            "first": first,
            "last": last,
            "count": len(members),
            "groups": bq.by_group(members, year, day=shows_day(request.user, union)),
            "parties": parties,
            "can_change": can_change,
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "rule": bq.gift_rule(union),
            "undated": bq.undated_count(union),
            "quarters": [(q, rules.QUARTER_NAMES[q]) for q in rules.QUARTERS],
            "prev": _url(union, *_step(year, quarter, -1)),
            "next": _url(union, *_step(year, quarter, 1)),
            "party_url": _url(union, year, quarter, "activities:birthday_party"),
        },
    )


def _step(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def _gift_initial(members, today, party) -> dict:
    """Everyone on the list; dated today, or the party's day when today is in another year
    (the spending rules count a year's gifts by the voucher's date)."""
    day = today if today.year == bq.year_of(party) else timezone.localdate(party.starts_at)
    return {"date": day, "members": [m.pk for m in members]}


@login_required
def party(request, code):
    """创建本季度生日会: the new-activity form, prefilled for the quarter's birthday members."""
    union = get_union(request.user, code, "activities.change", grassroots=GRASSROOTS)
    today = timezone.localdate()
    year, quarter = rules.parse_period(request.GET.get("year"), request.GET.get("quarter"), today)
    starts = rules.party_start(year, quarter, today)
    count = len(bq.quarter_members(union, year, quarter))
    initial = {
        "kind": Kind.BIRTHDAY,
        "title": rules.party_title(year, quarter),
        "starts_at": starts.strftime(LOCAL),
        "ends_at": (starts + datetime.timedelta(hours=rules.PARTY_HOURS)).strftime(LOCAL),
        "audience": Audience.BIRTHDAY,
        "quarter": quarter,
        "members_only": True,
        "capacity": max(count, 1),
        "cost_per_head": 0,
    }
    form = ActivityForm(request.POST or None, union=union, initial=initial)

    def save(f):
        return services.activity_save(
            actor=request.user,
            union=union,
            fields=f.service_fields(),
            groups=f.cleaned_data.get("groups"),
        )

    back = _url(union, year, quarter)
    title = f"创建{year}年{rules.QUARTER_NAMES[quarter]}生日会"
    return _form_page(request, union, form, save, title, back)


@login_required
@require_POST
def gift(request, pk):
    activity = queries.get_activity(request.user, pk, "activities.change")
    year = bq.year_of(activity)
    back = _url(activity.union, year, activity.quarter or 1)
    members = bq.quarter_members(activity.union, year, activity.quarter or 1)
    form = GiftForm(request.POST, members=members)
    if not form.is_valid():
        messages.error(request, "请填写每人金额和业务日期，并从名单中选择会员。")
        return redirect(back)
    data = form.cleaned_data
    try:
        found = services_birthday.birthday_gift_draft(
            actor=request.user,
            activity=activity,
            amount=data["amount"],
            date=data["date"],
            pay_form=data["pay_form"],
            payee=data.get("payee") or "",
            member_ids=data.get("members") or [],
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            f"已生成生日慰问凭证草稿（{found.persons}人，每人{found.amount}元），"
            "请财务人员在“经费”中提交审批。",
        )
    return redirect(back)
