"""Reads of 公示 (``core.publicity``): what a module asks of its subject, what members and
managers see. A member sees the open 公示 of their own union and only their own objections;
those who hold a kind's permission on the union see all of that kind, with every objection.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gonghui.orgs.models import Member, Union

from . import publicity, scoping
from .models import Objection, Publicity, PublicityOutcome, PublicityStatus
from .queries import get_scoped

CLEARED = (PublicityOutcome.NONE, PublicityOutcome.REJECTED)


def publicity_for(subject) -> Publicity | None:
    """The latest 公示 of a record (the one a module passed as ``subject``), or None."""
    if subject is None or subject.pk is None:
        return None
    return (
        Publicity.objects.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk)
        .order_by("-id")
        .first()
    )


def cleared(item: Publicity | None) -> bool:
    """May the decision proceed? Only after the 公示 closed 无异议 or 异议不成立."""
    return item is not None and item.status == PublicityStatus.CLOSED and item.outcome in CLEARED


def managed_kinds(user, union: Union) -> list[str]:
    """The kinds whose 公示 the user manages on the union."""
    return [k.key for k in publicity.KINDS.values() if scoping.has_perm(user, k.perm, union=union)]


def manages(user, item: Publicity) -> bool:
    found = publicity.KINDS.get(item.kind)
    return found is not None and scoping.has_perm(user, found.perm, union=item.union)


def own_member(user, union: Union | None = None) -> Member | None:
    """The user's current membership (in ``union`` when given), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = Member.objects.current().filter(user=user).select_related("union")
    if union is not None:
        found = found.filter(union=union)
    return found.first()


def open_for_member(user) -> QuerySet[Publicity]:
    """The open 公示 of the union the user is a current member of (the phone list)."""
    member = own_member(user)
    if member is None:
        return Publicity.objects.none()
    return Publicity.objects.filter(union_id=member.union_id, status=PublicityStatus.OPEN)


def for_managers(user, union: Union) -> QuerySet[Publicity]:
    """Every 公示 of the union of the kinds the user manages, with their waiting objections."""
    return (
        Publicity.objects.filter(union=union, kind__in=managed_kinds(user, union))
        .select_related("union")
        .annotate(waiting=Count("objections", filter=Q(objections__answered_at__isnull=True)))
    )


def get_publicity(user, pk: int) -> Publicity:
    """A 公示 the user may open: one of their own union's, or one they manage. 404 outside
    their reach (nobody learns that another union's 公示 exists), 403 within it otherwise."""
    member: dict[int, Member | None] = {}

    def is_member(item: Publicity) -> bool:
        member[item.pk] = own_member(user, item.union)
        return member[item.pk] is not None

    item = get_scoped(
        Publicity.objects.select_related("union"),
        user,
        None,
        union="union",
        missing="没有找到这条公示。",
        allow=is_member,
        pk=pk,
    )
    if not (member.get(item.pk) or manages(user, item)):
        raise PermissionDenied("您没有查看这条公示的权限。")
    return item


def get_objection(user, pk: int) -> Objection:
    """An objection, for those who manage its 公示 only."""
    found = get_scoped(
        Objection.objects.select_related("publicity__union", "member"),
        user,
        None,
        union="publicity.union",
        missing="没有找到这条异议。",
        pk=pk,
    )
    if not manages(user, found.publicity):
        raise PermissionDenied("只有工会委员会可以查看和答复异议。")
    return found


def objections_for(user, item: Publicity) -> QuerySet[Objection]:
    """All objections for a manager; a member's own only — never another member's."""
    found = item.objections.select_related("member", "answered_by")
    if manages(user, item):
        return found
    member = own_member(user, item.union)
    return found.filter(member=member) if member else found.none()


def waiting_objections(user, union: Union) -> int:
    """Objections waiting for the user's answer (the 待办)."""
    return Objection.objects.filter(
        publicity__union=union,
        publicity__kind__in=managed_kinds(user, union),
        answered_at__isnull=True,
    ).count()


def dashboard_querysets(user, union: Union, today: datetime.date) -> dict[str, QuerySet]:
    """The 工作台's rows, for ``core.todo`` to count with the other sources': the open 公示
    of ``union`` when the user is its current member; of the kinds the user manages, the
    objections waiting for an answer and the open 公示 whose period is over with none
    waiting. (A waiting objection belongs to an open 公示: closing needs every one answered.)"""
    kinds = managed_kinds(user, union)
    waiting = Objection.objects.filter(publicity=OuterRef("pk"), answered_at__isnull=True)
    member = Member.objects.current().filter(user_id=user.pk, union=union)
    on_show = Publicity.objects.filter(union=union, status=PublicityStatus.OPEN)
    return {
        "on_show": on_show.filter(Exists(member)),
        "waiting": Objection.objects.filter(
            publicity__union=union,
            publicity__status=PublicityStatus.OPEN,
            publicity__kind__in=kinds,
            answered_at__isnull=True,
        ),
        "closable": on_show.filter(kind__in=kinds, ends_on__lt=today).filter(~Exists(waiting)),
    }


def closable(user, union: Union, today: datetime.date) -> int:
    """Open 公示 whose period is over with every objection answered: 结束公示 is due."""
    return dashboard_querysets(user, union, today)["closable"].count()
