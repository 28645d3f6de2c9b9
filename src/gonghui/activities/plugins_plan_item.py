"""The plan item page's "新建文体活动" button (``plans.links.CREATE_ACTIONS``)."""

from __future__ import annotations

from django.urls import reverse

from gonghui.core import scoping


def create_action(user, item) -> tuple[str, str] | None:
    """The button, for a holder of ``activities.change`` and ``plan.change`` (the link) in a
    grassroots union's plan."""
    union = item.plan.union
    if union.is_federation:
        return None
    if not scoping.has_perm(user, "activities.change", union=union):
        return None
    if not scoping.has_perm(user, "plan.change", union=union):
        return None
    return "为此事项新建文体活动", reverse("activities:from_plan_item", args=[item.pk])


def connect() -> None:
    from gonghui.plans import links

    if create_action not in links.CREATE_ACTIONS:
        links.CREATE_ACTIONS.append(create_action)
