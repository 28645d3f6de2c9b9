"""An activity created from a plan item (计划事项): saved as any new activity (a draft,
``services.activity_save``) and linked to the item as its 落实记录 (``plans.services.item_link``)
in one transaction, so an item never points at an activity that was not saved, nor an
activity made for an item stays unlinked. The link is dated by the activity's start, as the
plan's 文体活动 link kind dates it; the plan counts a linked record from that day."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core import scoping
from gonghui.plans import services as plan_services
from gonghui.plans.models import Item

from . import services
from .models import Activity


@transaction.atomic
def activity_for_plan_item(*, actor, item: Item, fields: dict[str, Any], groups=None) -> Activity:
    """A new activity of the item's union, linked to ``item``. Needs ``activities.change``
    (the activity) and ``plan.change`` (the link, checked by ``item_link``); refused as
    ``activity_save`` refuses, nothing written."""
    union = item.plan.union
    scoping.require(actor, "activities.change", union=union)
    activity = services.activity_save(actor=actor, union=union, fields=fields, groups=groups)
    plan_services.item_link(
        actor=actor,
        item=item,
        obj=activity,
        label=activity.title,
        on=timezone.localdate(activity.starts_at),
    )
    return activity
