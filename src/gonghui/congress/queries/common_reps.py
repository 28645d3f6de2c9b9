""" "Is the signed-in user a representative of this term?" — the one check behind every
action a representative takes in person (check-in, proposing, co-signing, voting, rating
an answer). Those actions need no role: being a SEATED representative is the right."""

from __future__ import annotations

from operator import attrgetter

from gonghui.core import scoping
from gonghui.core.queries import get_scoped
from gonghui.orgs.queries import own_member

from ..models import CongressTerm, RepKind, Representative, RepStatus


def own_representative(user, term: CongressTerm) -> Representative | None:
    """The user's SEATED seat in ``term`` (voting or observer), or None.

    The seat is found through the user's own member record; a replaced, recalled or
    ended seat is no seat. Callers that need a vote check ``rep.kind == VOTING`` (or use
    :func:`own_voting_representative`): 列席代表 attend but never vote."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = own_member(user)
    if member is None:
        return None
    return (
        Representative.objects.select_related("member", "term", "constituency")
        .filter(term=term, member=member, status=RepStatus.SEATED)
        .first()
    )


def seat_of(user, term: CongressTerm) -> Representative | None:
    """:func:`own_representative`, asked once per term object: the getter asks it to let a
    representative in, the page asks again to offer the ballot."""
    seats = term.__dict__.setdefault("_seats", {})
    key = getattr(user, "pk", None)
    if key not in seats:
        seats[key] = own_representative(user, term)
    return seats[key]


def get_in_term(queryset, user, perm: str | None, *, term: str, seat: bool, missing: str, **lookup):
    """``core.queries.get_scoped`` for the congress's objects, which a seat makes known: a
    seated representative of the object's ``term`` (an attribute path) sees it without a
    role when ``seat`` is asked for (voting, proposing, checking in — being seated is the
    right); asking anything more of it, they are refused with 403, not told 404 — they know
    the sitting. Anyone else: 404 outside their grants, 403 within them without ``perm``."""

    def allow(obj) -> bool:
        known = attrgetter(term)(obj)
        if seat_of(user, known) is None:
            return False
        # ``perm=None`` asks nothing beyond the seat, as in ``get_scoped``.
        if perm is not None and not (seat and perm == "congress.view"):
            scoping.require(user, perm, union=known.union)
        return True

    return get_scoped(
        queryset, user, perm, union=f"{term}.union", allow=allow, missing=missing, **lookup
    )


def own_voting_representative(user, term: CongressTerm) -> Representative | None:
    """The user's SEATED VOTING seat in ``term``, or None (observers never vote)."""
    rep = own_representative(user, term)
    return rep if rep is not None and rep.kind == RepKind.VOTING else None


def presence_refusal(rep: Representative, sitting_id: int, opened_at, noun: str) -> str:
    """The attendance half of every voter rule (motions, evaluations, elections): checked in
    to the sitting, and before the vote opened — the present count is fixed then, so a later
    arrival voting would make more ballots than representatives present. "" when present."""
    from ..models import CheckIn

    checkin = CheckIn.objects.filter(sitting_id=sitting_id, representative=rep).first()
    if checkin is None:
        return f"您尚未报到，报到后才能参加{noun}。"
    if opened_at and checkin.at > opened_at:
        return f"您在{noun}开始后才报到，不参加本次{noun}。"
    return ""
