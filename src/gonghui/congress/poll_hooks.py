"""Functions called when a motion poll's result becomes final — an electronic vote closed
or a paper count entered (not a VOID count: its re-vote decides) — inside the closing
service's transaction, with the closing actor: ``fn(*, actor, poll)``. Another app reacts
to a vote it put to the congress (rights: a collective contract's draft passes or goes back
to negotiation) without the congress knowing that app; a hook that raises rolls the close
back."""

from __future__ import annotations

from collections.abc import Callable

CLOSE_HOOKS: list[Callable] = []


def register_close_hook(fn: Callable) -> None:
    """Call ``fn(actor=, poll=)`` whenever a poll's result becomes final."""
    if fn not in CLOSE_HOOKS:
        CLOSE_HOOKS.append(fn)


def closed(actor, poll):
    """Run the hooks for a poll whose result is final (CLOSED); returns the poll."""
    from .models import PollStatus

    if poll.status == PollStatus.CLOSED:
        for fn in list(CLOSE_HOOKS):
            fn(actor=actor, poll=poll)
    return poll
