"""Who owns a plan item: the member named on it, else the committee member whose post or
分工 the item's ``owner_role`` names in the committee term in office on the day asked.

For many items at once (``gonghui remind``) pass an :class:`Owners` index built once for
all the unions concerned, so resolving owners costs two queries in all, not two per item.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from gonghui.core.notices import chair_users
from gonghui.orgs.models import Body, Position

from .models import Item, OwnerRole

HEAD_ROLES = {OwnerRole.CHAIR.value, OwnerRole.VICE_CHAIR.value}


class Owners:
    """Committee positions in office on ``on`` and chair accounts, for a set of unions."""

    def __init__(self, union_ids, on: datetime.date):
        union_ids = set(union_ids)
        self.on = on
        self.positions: dict[int, list[Position]] = {}
        rows = (
            Position.objects.filter(
                Q(ended_on=None) | Q(ended_on__gt=on),
                Q(term__closed_on=None) | Q(term__closed_on__gt=on),
                term__union_id__in=union_ids,
                term__body=Body.COMMITTEE,
                term__elected_on__lte=on,
            )
            .select_related("term", "member__user")
            .order_by("term__union_id", "id")
        )
        for p in rows:
            self.positions.setdefault(p.term.union_id, []).append(p)
        self._union_ids = union_ids
        self._chairs: dict[int, list] | None = None

    def chairs(self, union_id: int) -> list:
        if self._chairs is None:
            self._chairs = chair_users(self._union_ids)
        return self._chairs.get(union_id, [])


def _matches(position: Position, role: str) -> bool:
    if role in HEAD_ROLES:
        return position.post == role
    return position.duty == role


def owner_members(item: Item, on: datetime.date, owners: Owners | None = None) -> list:
    """The members who own ``item`` on the day ``on``: its named owner, else the holders of
    the post (主席/副主席) or 分工 its ``owner_role`` names; empty when neither is set."""
    if item.owner_id:
        return [item.owner]
    if not item.owner_role:
        return []
    union_id = item.plan.union_id
    owners = owners or Owners([union_id], on)
    result = []
    for p in owners.positions.get(union_id, []):
        if _matches(p, item.owner_role) and p.member not in result:
            result.append(p.member)
    return result


def owner_users(item: Item, on: datetime.date, owners: Owners | None = None) -> list:
    """The owners' active accounts; the union's chairs when no owner has one."""
    union_id = item.plan.union_id
    owners = owners or Owners([union_id], on)
    users = []
    for member in owner_members(item, on, owners):
        user = member.user if member.user_id else None
        if user is not None and user.is_active and user not in users:
            users.append(user)
    return users or list(owners.chairs(union_id))


def owner_label(item: Item) -> str:
    """ "文体委员 王老师", "工会主席", "王老师" or "—" for the item's owner as written."""
    role = item.get_owner_role_display() if item.owner_role else ""
    name = item.owner.name if item.owner_id else ""
    return " ".join(part for part in (role, name) if part) or "—"
