"""A collective contract of the school walked through the real services to any stage, on
fixed dates (chosen so the boundary days are working days):

- 要约 delivered Tue 3 March 2026: reply due Mon 23 March (day 20);
- sessions 25 March and 8 April, draft 10 April; the 职代会 vote closed 28 May (the poll's
  ``closed_at`` moved to that day after the real close: the vote happens now);
- signed Mon 1 June: submission due Thu 11 June (day 10);
- received 11 June: review due Fri 26 June (day 15), effective Sat 27 June;
- 3 years: expires 26 June 2029, the renewal window opens 26 March 2029.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.congress.models import Poll
from gonghui.congress.services import polls as poll_services
from gonghui.rights import services_contracts as services
from gonghui.rights.models_contracts import ContractKind, OfferSide
from tests.congress.test_polls_fixtures import Congress, cast, congress

D = datetime.date
DELIVERED = D(2026, 3, 3)
REPLY_DUE = D(2026, 3, 23)
SESSION_1, SESSION_2, DRAFTED = D(2026, 3, 25), D(2026, 4, 8), D(2026, 4, 10)
VOTED = D(2026, 5, 28)
SIGNED = D(2026, 6, 1)
SUBMIT_DUE = D(2026, 6, 11)
RECEIVED = D(2026, 6, 11)
REVIEW_DUE, EFFECTIVE = D(2026, 6, 26), D(2026, 6, 27)
EXPIRES, RENEWAL_OPENS = D(2029, 6, 26), D(2029, 3, 26)
LATER = D(2026, 9, 1)  # "today" for the steps above
TITLE = "第一中学集体合同"


def offered(world, *, actor="chair", **fields):
    """A 要约 of the school by its chair (``actor=None``: the system)."""
    data = dict(
        union=world.school,
        kind=ContractKind.GENERAL,
        title=TITLE,
        employer="第一中学",
        offered_on=DELIVERED,
        delivered_on=DELIVERED,
        offer_text="就工资、工时、休假等事项进行集体协商。",
        term_years=3,
        today=LATER,
    )
    data.update(fields)
    actor = world.chair if actor == "chair" else actor
    return services.contract_offer(actor=actor, **data)


def sides(world, contract, *, n: int = 2, on=DELIVERED):
    """``n`` representatives each side, the first of each chief: 王委员, 吴老师… for the
    workers; 校长, 副校长… for the employer."""
    names = ["王委员", "吴老师", "赵财务", "孙组长"]
    employer = ["刘校长", "陈副校长", "张主任", "黄主任"]
    reps = []
    for i in range(n):
        reps.append(
            services.representative_add(
                actor=world.chair,
                contract=contract,
                side=OfferSide.WORKERS,
                member=world.members[names[i]],
                chief=i == 0,
                appointed_on=on,
                today=LATER,
            )
        )
        reps.append(
            services.representative_add(
                actor=world.chair,
                contract=contract,
                side=OfferSide.EMPLOYER,
                name=employer[i],
                chief=i == 0,
                appointed_on=on,
                today=LATER,
            )
        )
    return reps


def session(world, contract, held_on=SESSION_1, **fields):
    data = dict(
        held_on=held_on,
        chaired_by=OfferSide.WORKERS,
        recorder="钱记录",
        minutes="双方就工资增长幅度交换意见。",
        attendees=list(contract.representatives.filter(left_on=None)),
        today=LATER,
    )
    data.update(fields)
    return services.session_record(actor=world.chair, contract=contract, **data)


def negotiating(world):
    """Offered, answered, two a side, two sessions and a draft."""
    c = offered(world)
    services.contract_reply(
        actor=world.chair, contract=c, replied_on=REPLY_DUE, reply_text="同意协商。", today=LATER
    )
    sides(world, c)
    s1 = session(world, c)
    session(world, c, SESSION_2, chaired_by=OfferSide.EMPLOYER)
    services.draft_add(
        actor=world.chair,
        contract=c,
        text="第一条 ……",
        changes="第一稿",
        session=s1,
        created_on=DRAFTED,
        today=LATER,
    )
    c.refresh_from_db()
    return c


def to_congress(world, contract, *, n: int = 3, present: int | None = None, on_paper=False):
    """The contract's latest draft put to an open sitting of the school's congress of ``n``
    representatives (``present`` checked in); returns (congress, poll)."""
    cong: Congress = congress(world, n, present=present)
    draft = contract.drafts.order_by("-version").first()
    poll = services.draft_to_congress(
        actor=world.chair, draft=draft, sitting=cong.sitting, on_paper=on_paper
    )
    return cong, poll


def vote(world, contract, *, passed: bool = True, on=VOTED):
    """The draft voted on electronically (3 seated, all present): 2 yes passes, 1 fails;
    the close moved to ``on``."""
    cong, poll = to_congress(world, contract)
    poll_services.poll_open(actor=world.chair, poll=poll)
    cast(cong, poll, ["yes", "yes", "no"] if passed else ["yes", "no", "no"])
    poll_services.poll_close(actor=world.chair, poll=poll)
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(15)))
    Poll.objects.filter(pk=poll.pk).update(closed_at=moment)
    contract.refresh_from_db()
    return poll


def approved(world):
    c = negotiating(world)
    vote(world, c)
    return c


def signed(world):
    c = approved(world)
    return services.contract_sign(actor=world.chair, contract=c, signed_on=SIGNED, today=LATER)


def submitted(world, **fields):
    c = signed(world)
    data = dict(submitted_on=SIGNED, received_on=RECEIVED, authority="县人社局", today=LATER)
    data.update(fields)
    return services.contract_submit(actor=world.chair, contract=c, **data)
