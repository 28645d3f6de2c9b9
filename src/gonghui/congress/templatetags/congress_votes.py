"""Template helpers of the vote pages (表决, 民主评议, 选举): whether a breadcrumb may link a
page (only for those who may open it, so a representative without a role is never sent
to a 403), and whether an open vote was sealed with the 总监票人's PIN (the close then asks
for it)."""

from __future__ import annotations

from django import template

from gonghui.core import scoping

from ..ballots import ELECTIONS, EVALUATIONS, POLLS

register = template.Library()

BOXES = {box.name: box for box in (POLLS, EVALUATIONS, ELECTIONS)}


@register.simple_tag(takes_context=True)
def may(context, perm: str, union) -> bool:
    """``{% may "org.view" union as can_see_union %}``: the signed-in user holds ``perm``
    on ``union`` (the permission the linked page's getter asks)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and scoping.has_perm(user, perm, union=union)


@register.filter
def sealed_with_pin(item) -> bool:
    """``{% if poll|sealed_with_pin %}``: the open vote's urn needs the PIN to open."""
    return BOXES[item._meta.model_name].sealed_with_pin(item)
