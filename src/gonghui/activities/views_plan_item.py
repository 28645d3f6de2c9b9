"""创建活动 from a plan item: the new-activity form prefilled from the item (its words for the
title and the kind, its month for the date: ``plan_item_rules``); saving links the activity to
the item (``services_plan_item``). The button is on the plan item page
(``plugins_plan_item.create_action``) for whoever holds ``activities.change`` and
``plan.change`` in the union."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from gonghui.core.queries import get_union
from gonghui.plans import queries as plan_queries

from . import birthday_rules, services, services_plan_item
from . import plan_item_rules as rules
from .forms import LOCAL, ActivityForm
from .models import Audience, Kind
from .views import _form_page


def initial_of(item, today: datetime.date) -> dict:
    """The form's values from the item: title, kind, a start in its month, two hours."""
    starts = rules.start_in(item.plan.year, sorted(plan_queries.item_months(item)), today)
    kind = rules.guess_kind(item.text)
    initial = {
        "kind": kind,
        "title": rules.title_of(item.text),
        "starts_at": starts.strftime(LOCAL),
        "ends_at": (starts + datetime.timedelta(hours=rules.HOURS)).strftime(LOCAL),
        "audience": Audience.ALL,
        "members_only": True,
        "cost_per_head": 0,
        "description": item.text,
    }
    if kind == Kind.BIRTHDAY:
        initial["audience"] = Audience.BIRTHDAY
        initial["quarter"] = birthday_rules.quarter_of(starts.date())
    return initial


@login_required
def create(request, pk):
    item = plan_queries.get_plan_item(request.user, pk, "plan.change")
    union = get_union(
        request.user, item.plan.union.code, "activities.change", grassroots=services.GRASSROOTS
    )
    form = ActivityForm(
        request.POST or None, union=union, initial=initial_of(item, timezone.localdate())
    )

    def save(f):
        return services_plan_item.activity_for_plan_item(
            actor=request.user,
            item=item,
            fields=f.service_fields(),
            groups=f.cleaned_data.get("groups"),
        )

    title = f"为计划事项新建活动：{rules.title_of(item.text)}"
    return _form_page(request, union, form, save, title, item.get_absolute_url())
