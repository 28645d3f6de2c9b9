"""Mediation test helpers: a seat on a union's committee for a world member, and a case
through the services at fixed days."""

from __future__ import annotations

import datetime

from gonghui.rights import services_mediation as services
from gonghui.rights.models_mediation import ClaimKind, MediatorPost, MediatorSide

# Monday 2 November 2026: 15 days later is Tuesday 17 November, a working day.
APPLIED = datetime.date(2026, 11, 2)
SINCE = datetime.date(2026, 1, 5)
CLAIM = "2026年9月至10月加班工资未发，共计3,200元。"


def seat(world, name: str = "周会员", union=None, post=MediatorPost.MEMBER, since=SINCE):
    """``name`` (a member of the school by default) on the committee from ``since``."""
    member = world.members[name]
    return services.mediator_add(
        actor=None,
        union=union or member.union,
        member=member,
        side=MediatorSide.WORKERS,
        post=post,
        since=since,
        today=max(since, APPLIED),
    )


def case(world, union=None, applicant="吴老师", applied_on=APPLIED, **more):
    union = union or world.school
    member = world.members[applicant] if applicant else None
    return services.case_create(
        actor=None,
        union=union,
        applicant=member,
        applicant_name="" if member else "临时工 甲",
        respondent="第一中学",
        claim_kind=ClaimKind.PAY,
        claim=CLAIM,
        applied_on=applied_on,
        today=applied_on + datetime.timedelta(days=40),
        **more,
    )


def accepted(world, union=None, applicant="吴老师", **more):
    c = case(world, union, applicant, **more)
    return services.case_accept(actor=None, case=c, accepted_on=c.applied_on, today=c.applied_on)


def agreed(world, union=None, applicant="吴老师"):
    c = accepted(world, union, applicant)
    return services.case_agree(
        actor=None,
        case=c,
        on=c.applied_on + datetime.timedelta(days=3),
        agreement="一、学校于2026年11月30日前支付加班工资3,200元。\n二、双方再无争议。",
        today=c.applied_on + datetime.timedelta(days=3),
    )
