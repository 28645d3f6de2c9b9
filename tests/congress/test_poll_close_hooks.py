"""The close hooks of a motion poll: called once the result is final (an electronic close,
a paper count), inside the same transaction, and not for a VOID paper count."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.congress import poll_hooks
from gonghui.congress.models import PollStatus
from gonghui.congress.services import polls as services

from .test_polls_fixtures import cast, congress, open_poll


@pytest.fixture
def calls(monkeypatch):
    seen = []
    monkeypatch.setattr(poll_hooks, "CLOSE_HOOKS", [])
    poll_hooks.register_close_hook(lambda *, actor, poll: seen.append((actor, poll.status)))
    return seen


def test_an_electronic_close_calls_the_hooks_with_the_closer(world, calls):
    c = congress(world, 3)
    poll = open_poll(world, c)
    cast(c, poll, ["yes", "yes"])
    services.poll_close(actor=world.chair, poll=poll)
    assert calls == [(world.chair, PollStatus.CLOSED)]


def test_a_paper_count_calls_them_and_a_void_one_does_not(world, calls):
    c = congress(world, 3)
    poll = open_poll(world, c, on_paper=True)
    figures = dict(invalid=0, yes=3, no=0, abstain=0, scrutineers="甲、乙")
    services.poll_paper(actor=world.chair, poll=poll, issued=3, returned=4, **figures)
    assert calls == []
    again = services.poll_revote(actor=world.chair, poll=poll)
    services.poll_open(actor=world.chair, poll=again)
    services.poll_paper(actor=world.chair, poll=again, issued=3, returned=3, **figures)
    assert calls == [(world.chair, PollStatus.CLOSED)]


def test_a_hook_refusing_rolls_the_close_back(world, monkeypatch):
    monkeypatch.setattr(poll_hooks, "CLOSE_HOOKS", [])

    def refuse(*, actor, poll):
        raise ValidationError("不行")

    poll_hooks.register_close_hook(refuse)
    c = congress(world, 3)
    poll = open_poll(world, c)
    with pytest.raises(ValidationError):
        services.poll_close(actor=world.chair, poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
