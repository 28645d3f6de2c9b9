"""Shared set-up for the session-document tests (no tests here): a sitting with a finished
paper vote, an evaluation and an election, built through the real services, and a
reader that turns a .docx into its text."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document

from gonghui.congress.models import Election, Evaluation, Poll
from gonghui.congress.services import elections as election_services
from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import polls as poll_services

from .test_polls_fixtures import Congress, congress, open_poll


def docx_text(content: bytes) -> str:
    """Every paragraph, then every table row (cells joined by " | "), one per line."""
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def table_rows(content: bytes, index: int = 0) -> list[list[str]]:
    doc = Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for row in doc.tables[index].rows]


def paper_poll(world, c: Congress, *, title: str, yes: int, no: int, abstain: int, invalid=0):
    """A paper vote of everyone present, counted: 发出 = 收回 = present."""
    poll = open_poll(world, c, on_paper=True, title=title)
    return poll_services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=poll.present,
        returned=poll.present,
        invalid=invalid,
        yes=yes,
        no=no,
        abstain=abstain,
        scrutineers="监票人 王老师、计票人 李老师",
    )


def closed_evaluation(world, c: Congress, levels_by_voter: list[tuple[int, int]]) -> Evaluation:
    """张主任 and 刘主任 rated by the first representatives, one (张, 刘) pair each."""
    ev = evaluation_services.evaluation_create(
        actor=world.chair,
        sitting=c.sitting,
        title="中层干部民主评议",
        subjects=[("张主任", "教务处主任"), ("刘主任", "总务处主任")],
    )
    ev = evaluation_services.evaluation_open(actor=world.chair, evaluation=ev)
    zhang, liu = ev.subjects.order_by("order")
    for rep, (a, b) in zip(c.reps, levels_by_voter, strict=False):
        evaluation_services.evaluation_cast(
            actor=c.user(rep), evaluation=ev, ratings={zhang.pk: a, liu.pk: b}
        )
    return evaluation_services.evaluation_close(actor=world.chair, evaluation=ev)


def election(world, c: Congress, *, seats: int = 2, candidates: int = 3) -> Election:
    """选举第九届工会委员会委员 among the last ``candidates`` representatives' members."""
    people = [rep.member for rep in c.reps[-candidates:]]
    return election_services.election_create(
        actor=world.chair,
        sitting=c.sitting,
        title="选举第九届工会委员会委员",
        seats=seats,
        candidates=people,
    )


def closed_election(world, c: Congress, ballots: list[list[str]]) -> Election:
    """Each inner list is one voter's choices, candidate by candidate in ballot order."""
    el = election(world, c)
    el = election_services.election_open(actor=world.chair, election=el)
    listed = list(el.candidates.filter(is_write_in=False).order_by("order"))
    for rep, choices in zip(c.reps, ballots, strict=False):
        election_services.election_cast(
            actor=c.user(rep),
            election=el,
            choices={cand.pk: ch for cand, ch in zip(listed, choices, strict=True)},
        )
    return election_services.election_close(actor=world.chair, election=el)


@dataclass
class Hall:
    c: Congress
    poll: Poll
    evaluation: Evaluation
    election: Election


def small_hall(world) -> Hall:
    """Six representatives, all present: a passed paper vote (5 of 6), an evaluation and an
    election, all finished."""
    c = congress(world, 6)
    poll = paper_poll(world, c, title="关于《学校工作报告》的决议", yes=5, no=1, abstain=0)
    ev = closed_evaluation(world, c, [(0, 2), (0, 2), (1, 2), (2, 0)])
    el = closed_election(
        world,
        c,
        [
            ["yes", "yes", "no"],
            ["yes", "yes", "no"],
            ["yes", "no", "yes"],
            ["yes", "yes", "abstain"],
            ["no", "yes", "no"],
        ],
    )
    return Hall(c, poll, ev, el)
