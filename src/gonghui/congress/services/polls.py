"""Votes on motions (表决): items voted one by one, by electronic secret ballot or on paper.

The ballot itself — the lock, the voter's mark written with the ballot sealed until the
close, the shuffle at the close, the paper count, void and re-vote — is the secret-ballot
core's
(``congress/ballots.py``, box ``POLLS``); this module adds what is a motion's own: items
numbered in their sitting, the 赞成/反对/弃权 choice and its paper counts.

Rules (defaults of ``congress/rules.py``, per union in ``CongressSettings``):
《企业民主管理规定》第十九条 — votes open only with two thirds or more of ALL seated
representatives present; 第二十条 — a motion passes with more than half of ALL seated
representatives, not of those present or voting.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gonghui.core import audit
from gonghui.core.scoping import person, require

from .. import poll_hooks
from ..ballots import POLLS, Figures, Sheet, count, open_sitting
from ..models import Choice, Poll, Proposal, Sitting
from ..queries.polls import NOT_VOTABLE

MANAGE = "congress.manage"


def _numbered_next(sitting: Sitting, **fields) -> Poll:
    last = sitting.polls.aggregate(m=Max("order"))["m"] or 0
    return Poll.objects.create(sitting=sitting, order=last + 1, **fields)


def _votable(sitting: Sitting, proposal: Proposal | None) -> Proposal | None:
    if proposal is None:
        return None
    if proposal.sitting.term_id != sitting.term_id or proposal.status in NOT_VOTABLE:
        raise ValidationError(
            {
                "proposal": "只能表决本届已提交的提案（征集附议中、已撤回、已合并、"
                "不立案的提案除外）。"
            }
        )
    return proposal


@transaction.atomic
def poll_create(
    *,
    actor,
    sitting: Sitting,
    title: str,
    description: str = "",
    on_paper: bool = False,
    proposal: Proposal | None = None,
) -> Poll:
    """Add an item to vote on (决议草案, a report, a rule change), numbered next;
    ``proposal``: the term's proposal it puts to the vote, linked from the ballot page."""
    require(actor, MANAGE, union=sitting.term.union)
    sitting = open_sitting(sitting, "设置表决事项")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写表决事项。"})
    poll = _numbered_next(
        sitting,
        title=title,
        description=(description or "").strip(),
        on_paper=on_paper,
        proposal=_votable(sitting, proposal),
    )
    audit.record(
        actor=person(actor), action="poll.create", obj=poll, union_id=sitting.term.union_id
    )
    return poll


@transaction.atomic
def poll_open(*, actor, poll: Poll, pin: str = "") -> Poll:
    """Start the vote (quorum; seated, present and the union's ratios fixed on the poll);
    an electronic poll's ballots are sealed until the close, with the 总监票人's ``pin``
    if one is given."""
    require(actor, MANAGE, union=poll.sitting.term.union)
    return POLLS.open(actor=actor, item=poll, pin=pin)


@transaction.atomic
def vote_cast(*, actor, poll: Poll, choice: str) -> None:
    """One secret ballot by the actor's own seated, voting, checked-in representative
    record. Returns nothing: not even the caller gets a handle on the ballot row."""
    voter = POLLS.voter(actor=actor, item=poll)  # the representative in person
    if choice not in Choice.values:
        raise ValidationError("请选择赞成、反对或弃权。")
    POLLS.cast(voter, Sheet(fields={"choice": choice}))


@transaction.atomic
def poll_close(*, actor, poll: Poll, pin: str = "") -> Poll:
    """End an electronic vote: no more ballots; the sealed ballots are opened (``pin``: the
    one set at the opening, if any) and the result becomes visible; the close hooks of
    ``congress.poll_hooks`` run in the same transaction."""
    require(actor, MANAGE, union=poll.sitting.term.union)
    return poll_hooks.closed(actor, POLLS.close(actor=actor, item=poll, pin=pin))


@transaction.atomic
def poll_paper(
    *,
    actor,
    poll: Poll,
    issued: int,
    returned: int,
    invalid: int,
    yes: int,
    no: int,
    abstain: int,
    scrutineers: str,
) -> Poll:
    """The counters' figures of a paper vote; ends the poll. More ballots returned than
    issued makes the vote VOID (it must be held again), recorded with that reason."""
    require(actor, MANAGE, union=poll.sitting.term.union)

    def enter(poll: Poll, valid: int) -> None:
        counted = [count(yes, "赞成票数"), count(no, "反对票数"), count(abstain, "弃权票数")]
        if sum(counted) != valid:
            raise ValidationError(
                f"有效票 {valid} 张（收回 {poll.returned} − 无效 {poll.invalid}），"
                f"但赞成、反对、弃权合计 {sum(counted)} 张，请核对。"
            )
        poll.paper_yes, poll.paper_no, poll.paper_abstain = counted

    figures = Figures(issued, returned, invalid, scrutineers)
    return poll_hooks.closed(
        actor, POLLS.paper(actor=actor, item=poll, figures=figures, enter=enter)
    )


def _revote_note(order: int) -> str:
    return f"（第{order}项表决无效后重新表决）"


@transaction.atomic
def poll_revote(*, actor, poll: Poll) -> Poll:
    """重新表决: a VOID paper poll (more ballots returned than issued) is voted again as a
    new item, numbered next, with the same title and kind of ballot; its description says
    which item it repeats. The void poll stays on record as it is."""
    require(actor, MANAGE, union=poll.sitting.term.union)

    def again(poll: Poll, sitting: Sitting) -> tuple[Poll, dict]:
        note = _revote_note(poll.order)
        done = sitting.polls.filter(order__gt=poll.order, description__endswith=note).first()
        if done is not None:
            raise ValidationError(f"第{poll.order}项已安排重新表决（第{done.order}项）。")
        description = "\n".join(x for x in (poll.description.strip(), note) if x)
        new = _numbered_next(
            sitting,
            title=poll.title,
            description=description,
            on_paper=poll.on_paper,
            proposal=poll.proposal,
        )
        return new, {
            "revote_of": [None, f"第{poll.order}项《{poll.title}》（无效）"],
            "order": [None, new.order],
        }

    return POLLS.revote(actor=actor, item=poll, again=again)
