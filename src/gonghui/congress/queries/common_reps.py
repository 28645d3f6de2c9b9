""" "Is the signed-in user a representative of this term?" — the one check behind every
action a representative takes in person (check-in, proposing, co-signing, voting, rating
an answer). Those actions need no role: being a SEATED representative is the right."""

from __future__ import annotations

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
