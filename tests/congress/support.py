"""Helpers for congress tests: many representatives at once, through the real services.

``seat(world, n)`` adds ``n`` new members to the school and seats them as voting
representatives of the school's open 教职工代表大会 term (created if there is none), after
seating the named world members (``named=("周会员",)`` makes ``world.member`` a
representative). Returns ``(term, reps)`` with the named members' seats first.
"""

from __future__ import annotations

import datetime

from gonghui.congress.models import CongressKind, CongressTerm, RepKind
from gonghui.congress.services import terms as term_services
from gonghui.members import services as member_services
from gonghui.orgs.models import Sex

TERM_START = datetime.date(2025, 9, 1)


def school_term(world, *, kind: str = CongressKind.STAFF) -> CongressTerm:
    """The school's open term of ``kind``, created (第八届, from 2025-09-01) if there is none."""
    term = CongressTerm.objects.filter(union=world.school, kind=kind, closed_on=None).first()
    if term is None:
        term = term_services.term_create(
            actor=None, union=world.school, kind=kind, number=8, starts_on=TERM_START, years=5
        )
    return term


def seat(
    world,
    n: int,
    *,
    named: tuple[str, ...] = (),
    kind: str = RepKind.VOTING,
    term: CongressTerm | None = None,
    **profile,
):
    """Seat the ``named`` world members, then ``n`` new members (代表001, 代表002, … alternately
    women and men, alternately in 语文组 and 数学组; ``profile`` fields apply to them all)."""
    term = term or school_term(world)
    reps = []
    for name in named:
        member = world.members[name]
        reps.append(
            term_services.rep_elect(
                actor=None,
                term=term,
                member=member,
                constituency=member.group,
                elected_on=TERM_START,
                kind=kind,
            )
        )
    start = term.representatives.count() + 1
    for i in range(start, start + n):
        group = world.chinese if i % 2 else world.maths
        member = member_services.member_create(
            actor=None,
            union=world.school,
            name=f"代表{i:03d}",
            sex=Sex.FEMALE if i % 2 else Sex.MALE,
            group=group,
            **profile,
        )
        reps.append(
            term_services.rep_elect(
                actor=None,
                term=term,
                member=member,
                constituency=group,
                elected_on=TERM_START,
                kind=kind,
            )
        )
    return term, reps
