"""Shared set-up for the vote tests (no tests here): an open sitting of the school's term
with ``n`` voting representatives, some of them checked in, each able to sign in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from gonghui.congress.models import CheckIn, Representative, Sitting, SittingStatus
from gonghui.congress.services import polls as services
from gonghui.core.models import User
from gonghui.orgs.models import Member

from .support import seat


@dataclass
class Congress:
    term: object
    sitting: Sitting
    reps: list[Representative]

    def user(self, rep: Representative) -> User:
        """The sign-in of a representative (created on first use)."""
        member = Member.objects.get(pk=rep.member_id)
        if member.user_id is None:
            user = User.objects.create(username=f"rep{rep.pk}", full_name=member.name)
            Member.objects.filter(pk=member.pk).update(user=user)
            return user
        return member.user


def congress(world, n: int, *, present: int | None = None, named=("周会员",)) -> Congress:
    """``n`` voting representatives (``named`` world members first) and an OPEN sitting where
    the first ``present`` of them (all by default) have checked in."""
    term, reps = seat(world, n - len(named), named=named)
    sitting = Sitting.objects.create(
        term=term,
        number=4,
        date=datetime.date(2026, 3, 20),
        status=SittingStatus.OPEN,
    )
    check_in(sitting, reps[: n if present is None else present])
    return Congress(term, sitting, reps)


def check_in(sitting, reps) -> None:
    CheckIn.objects.bulk_create([CheckIn(sitting=sitting, representative=r) for r in reps])


def open_poll(world, c: Congress, *, on_paper=False, title="关于《教职工绩效工资分配方案》的决议"):
    poll = services.poll_create(
        actor=world.chair, sitting=c.sitting, title=title, on_paper=on_paper
    )
    return services.poll_open(actor=world.chair, poll=poll)


def cast(c: Congress, poll, choices) -> None:
    """The first ``len(choices)`` representatives vote, in order."""
    for rep, choice in zip(c.reps, choices, strict=False):
        services.vote_cast(actor=c.user(rep), poll=poll, choice=choice)
