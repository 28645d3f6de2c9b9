"""Ballots sealed while a vote is open (congress/sealing.py, used by congress/ballots.py).

Nine representatives cast known ballots, in a known order, in an open poll, an open
evaluation and an open election at once. A copy of the database taken then — the SQLite
online backup that ``gonghui backup`` makes, or on PostgreSQL the tables read with their
ctid and xmin — must hold no choice, and nothing in it may line a ballot up with a voter.
At the close the urn opens into exactly the known ballots; with another SECRET_KEY (or
without the PIN) it does not open and nothing changes.

Runs on SQLite and PostgreSQL (the branches say where the two differ).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.congress import sealing
from gonghui.congress.ballots import ELECTIONS, EVALUATIONS, POLLS, BallotBox
from gonghui.congress.models import (
    Ballot,
    BallotMark,
    ElectionBallot,
    ElectionMark,
    ElectionStatus,
    ElectionVote,
    EvaluationBallot,
    EvaluationMark,
    EvaluationRating,
    PollStatus,
    SealedUrn,
)
from gonghui.congress.queries import elections as election_queries
from gonghui.congress.queries import evaluation as evaluation_queries
from gonghui.congress.queries import polls as poll_queries
from gonghui.congress.services import elections as election_services
from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import polls as poll_services
from gonghui.core.models import AuditEntry, AuditHead

from .test_elections_services import new_election
from .test_evaluation_services import ballot as ratings_of
from .test_evaluation_services import make as new_evaluation
from .test_polls_fixtures import Congress, congress, open_poll

# What the nine cast, in this order (representative 0 first).
POLL = ["yes", "no", "abstain", "yes", "yes", "no", "abstain", "yes", "no"]
EVALUATION = [(0, 1, 2), (2, 2, 2), (1, 0, 0), (0, 0, 0), (2, 1, 0), (1, 1, 1), (0, 2, 1)]
EVALUATION += [(2, 0, 2), (1, 2, 0)]
# Two seats, three candidates; True: the ballot also writes in the last representative.
# Ballots 3 and 7 approve three people for two seats: invalid.
ELECTION = [
    (("yes", "no", "abstain"), False),
    (("yes", "yes", "no"), False),
    (("no", "yes", "yes"), False),
    (("yes", "yes", "yes"), False),
    (("abstain", "no", "no"), True),
    (("yes", "no", "no"), True),
    (("no", "no", "no"), False),
    (("yes", "yes", "no"), True),
    (("no", "abstain", "yes"), False),
]
N = len(POLL)
BALLOT_TABLES = (Ballot, EvaluationBallot, EvaluationRating, ElectionBallot, ElectionVote)
MARK_TABLES = (BallotMark, EvaluationMark, ElectionMark)


@dataclass
class Open:
    c: Congress
    poll: object
    evaluation: object
    election: object

    def items(self) -> list[tuple[BallotBox, object]]:
        return [(POLLS, self.poll), (EVALUATIONS, self.evaluation), (ELECTIONS, self.election)]


def _open(world, pin: str = "") -> Open:
    c = congress(world, N)
    poll = poll_services.poll_create(actor=world.chair, sitting=c.sitting, title="绩效工资方案")
    poll = poll_services.poll_open(actor=world.chair, poll=poll, pin=pin)
    evaluation = evaluation_services.evaluation_open(
        actor=world.chair, evaluation=new_evaluation(world, c), pin=pin
    )
    election = election_services.election_open(
        actor=world.chair, election=new_election(world, c, seats=2, n=3), pin=pin
    )
    for rep in c.reps:
        c.user(rep)  # their sign-ins exist before anyone votes
    return Open(c, poll, evaluation, election)


def _cast(v: Open) -> None:
    cands = list(v.election.candidates.order_by("order"))
    written_in = v.c.reps[-1].member
    for i, rep in enumerate(v.c.reps):
        user = v.c.user(rep)
        poll_services.vote_cast(actor=user, poll=v.poll, choice=POLL[i])
        evaluation_services.evaluation_cast(
            actor=user, evaluation=v.evaluation, ratings=ratings_of(v.evaluation, EVALUATION[i])
        )
        marks, write_in = ELECTION[i]
        election_services.election_cast(
            actor=user,
            election=v.election,
            choices={cand.pk: m for cand, m in zip(cands, marks, strict=True)},
            write_ins=[written_in] if write_in else [],
        )


def _close(world, v: Open, pin: str = "") -> None:
    poll_services.poll_close(actor=world.chair, poll=v.poll, pin=pin)
    evaluation_services.evaluation_close(actor=world.chair, evaluation=v.evaluation, pin=pin)
    election_services.election_close(actor=world.chair, election=v.election, pin=pin)


# --- reading the database as a copy of it would -----------------------------------------------


def _value(v):
    """A cell as something hashable (bytea as bytes, jsonb as its text on PostgreSQL)."""
    if isinstance(v, memoryview):
        return bytes(v)
    if isinstance(v, dict | list):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return v


def _rows() -> dict[str, Counter]:
    """Every row of every table (what a dump of the database holds); on PostgreSQL with the
    row version's xmin and ctid, so a row written again unchanged counts as changed."""
    system = "xmin::text, ctid::text, " if connection.vendor == "postgresql" else ""
    out = {}
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT {system}* FROM {connection.ops.quote_name(table)}")
            out[table] = Counter(tuple(_value(v) for v in row) for row in cur.fetchall())
    return out


def _copy_bytes(tmp_path) -> bytes:
    """The database as a backup holds it: on SQLite the online backup API's copy (what
    ``gonghui backup`` makes, every page, free ones included) read as a file; on PostgreSQL
    every value of every row."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return copy.read_bytes()
    parts = []
    for rows in _rows().values():
        for row in rows:
            parts += [v if isinstance(v, bytes) else str(v).encode() for v in row]
    return b"\n".join(parts)


def _urn(box: BallotBox, item) -> SealedUrn:
    return SealedUrn.objects.get(kind=box.name, item_id=item.pk)


def _urn_pages() -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pageno FROM dbstat WHERE name = %s ORDER BY pageno", ["congress_sealedurn"]
        )
        return [row[0] for row in cur.fetchall()]


def _sheet(box: BallotBox, plaintext: bytes):
    """An opened ballot as something hashable: (fields, lines) sorted."""
    sheet = box._unpack(plaintext)
    lines = sorted((tuple(sorted(x.items())) for x in sheet.lines), key=repr)
    return tuple(sorted(sheet.fields.items())), tuple(lines)


# --- while open --------------------------------------------------------------------------------


# Transactional: every cast commits on its own, as on a site (PostgreSQL gives each its
# transaction id), and the SQLite backup runs with no transaction open, as it does there.
@pytest.mark.django_db(transaction=True)
def test_an_open_vote_writes_no_ballot_row_and_no_choice_anywhere(world, tmp_path):
    v = _open(world)
    before = _rows()
    _cast(v)
    after = _rows()
    # The casting wrote the marks (who voted), the audit entries (that they voted), and
    # rewrote the one urn row of each vote: no other table changed (on PostgreSQL: holds
    # a row version written by a cast's transaction).
    changed = {t for t in after if after[t] != before[t]}
    allowed = {m._meta.db_table for m in (*MARK_TABLES, SealedUrn, AuditEntry, AuditHead)}
    assert changed <= allowed, changed - allowed
    for model in BALLOT_TABLES:
        assert not model.objects.exists()
    for mark in MARK_TABLES:  # who voted, nothing more: a random key, the item, the seat
        assert mark._meta.pk.name == "id"
        assert len(mark._meta.concrete_fields) == 3 and mark.objects.count() == N
    votes = AuditEntry.objects.filter(action__endswith=".vote")
    assert {tuple(e.changes) for e in votes} == {("voted",)} and votes.count() == 3 * N
    labels = ("赞成", "反对", "弃权", "不赞成", "满意", "基本满意", "不满意")
    new_rows = [row for t in changed for row in after[t] - before[t]]
    for row in new_rows:
        for cell in row:
            assert cell not in {"yes", "no", "abstain"}
            assert not (isinstance(cell, str) and any(w in cell for w in labels)), cell
    # Each urn keeps its length from the opening whatever the ballots say, and no ballot
    # in it — opened here with the server's key, which no copy holds — appears in plain
    # anywhere in a copy of the database.
    copy = _copy_bytes(tmp_path)
    assert all(s in copy for s in sealing.sealed(_urn(POLLS, v.poll)))  # the copy has the urn
    for box, item in v.items():
        urn = _urn(box, item)
        assert (
            len(urn.slots)
            == item.seated * (urn.size + sealing.SEAL)
            == N * len(sealing.sealed(urn)[0])
        )
        for plaintext in sealing.unseal(urn):
            (n,) = sealing.LENGTH.unpack_from(plaintext)
            assert plaintext[sealing.LENGTH.size : sealing.LENGTH.size + n] not in copy
            assert plaintext not in copy


def test_nothing_in_an_open_vote_lines_a_ballot_up_with_its_voter(world):
    v = _open(world)
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cur:
        cur.execute(
            "SELECT kind, item_id, "
            + ("rowid" if sqlite else "ctid::text")
            + " FROM congress_sealedurn"
        )
        opened_at = {(kind, item): pos for kind, item, pos in cur.fetchall()}
    pages = _urn_pages() if sqlite else None
    _cast(v)
    # The marks are in the order of casting (rowid / ctid / xmin): they may be, because
    # there is no ballot row to set beside them. Every order of the urn table — its
    # physical order, xmin, key, every column — gives one row per vote, never a ballot.
    assert not any(model.objects.exists() for model in BALLOT_TABLES)
    with connection.cursor() as cur:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cur, "congress_sealedurn")
        ]
        orders = ["rowid"] if sqlite else ["ctid", "xmin::text::bigint"]
        for order in orders + columns:
            cur.execute(f"SELECT kind, item_id FROM congress_sealedurn ORDER BY {order}")
            assert sorted(cur.fetchall()) == sorted(opened_at)
        if sqlite:
            # The same rows as at the opening, overwritten in place: not one page of the urn
            # table moved, so no earlier state of an urn lies in the file's free pages.
            cur.execute("SELECT kind, item_id, rowid FROM congress_sealedurn")
            assert {(k, i): r for k, i, r in cur.fetchall()} == opened_at
            assert _urn_pages() == pages
        else:
            # PostgreSQL writes each new version of the row elsewhere (and keeps the dead
            # one until VACUUM): one row per vote, so where it lies says nothing.
            cur.execute("SELECT count(*) FROM congress_sealedurn")
            assert cur.fetchone()[0] == len(opened_at)
    for box, item in v.items():
        urn = _urn(box, item)
        slots = [
            bytes(urn.slots)[i : i + urn.size + sealing.SEAL]
            for i in range(0, len(urn.slots), urn.size + sealing.SEAL)
        ]
        filled = sealing.sealed(urn)
        # Inside the urn the ballots lie in the order of their own random bytes, the empty
        # slots after them: a ballot's place is a function of its ciphertext, not of when
        # it came.
        assert filled == sorted(filled) and slots[: len(filled)] == filled
        assert set(slots[len(filled) :]) <= {bytes(urn.size + sealing.SEAL)}
        assert len(filled) == box.marks_count(item) == box.sealed_count(item) == N


def test_the_close_opens_the_urn_into_the_ballots_cast(world):
    v = _open(world)
    _cast(v)
    urns = {
        box.name: Counter(_sheet(box, p) for p in sealing.unseal(_urn(box, item)))
        for box, item in v.items()
    }
    _close(world, v)
    assert not SealedUrn.objects.exists()
    # The poll.
    r = poll_queries.result(v.poll)
    assert (r.yes, r.no, r.abstain) == (POLL.count("yes"), POLL.count("no"), POLL.count("abstain"))
    # The evaluation: per manager, the count per level.
    table = evaluation_queries.result(v.evaluation)
    assert table.ballots == N
    for i, row in enumerate(table.rows):
        assert row.counts == [[sheet[i] for sheet in EVALUATION].count(level) for level in range(3)]
    # The election: valid ballots approve at most two; the write-in counts as 赞成.
    count = election_queries.result(v.election)
    valid = [(m, w) for m, w in ELECTION if m.count("yes") + w <= 2]
    assert (count.cast, count.invalid) == (N, N - len(valid))
    cands = list(v.election.candidates.order_by("order"))
    tally = {row.member_id: (row.yes, row.no, row.abstain) for row in count.rows}
    for i, cand in enumerate(cands):
        marks = [m[i] for m, _ in valid]
        assert tally[cand.member_id] == (
            marks.count("yes"),
            marks.count("no"),
            marks.count("abstain"),
        )
    assert tally[v.c.reps[-1].member_id][0] == sum(w for _, w in valid)
    # And the rows written are the ballots the urn held, whole.
    assert Counter(
        (("choice", c),) for c in Ballot.objects.values_list("choice", flat=True)
    ) == Counter(fields for fields, _ in urns["poll"].elements())
    assert sum(urns["election"].values()) == ElectionBallot.objects.count() == N
    assert EvaluationBallot.objects.count() == N and EvaluationRating.objects.count() == 3 * N


def test_ballots_of_every_shape_seal_to_one_size(world):
    # An invalid election ballot has no lines; a valid one may write in as many people as
    # there are seats: padded, both are the same number of bytes.
    v = _open(world)
    urn = _urn(ELECTIONS, v.election)
    biggest = [{"candidate_id": 2**62, "choice": "abstain"}] * 3 + [
        {"write_in_id": 2**62, "choice": "yes"}
    ] * 2
    from gonghui.congress.ballots import Sheet

    small = ELECTIONS._pack(Sheet(fields={"valid": False}), urn.size)
    big = ELECTIONS._pack(Sheet(fields={"valid": True}, lines=biggest), urn.size)
    assert len(small) == len(big) == urn.size
    with pytest.raises(RuntimeError, match="larger than its vote allows"):
        ELECTIONS._pack(Sheet(fields={"valid": True}, lines=biggest * 2), urn.size)


# --- the keys ------------------------------------------------------------------------------------


def test_another_secret_key_cannot_close_and_changes_nothing(world, settings):
    v = _open(world)
    _cast(v)
    opened_with = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-set-while-the-votes-were-open"
    before = _rows()
    for box, item in v.items():
        with pytest.raises(ValidationError) as exc:
            _close_one(world, box, item)
        assert "服务器的密钥（SECRET_KEY）已不是开始" in exc.value.messages[0]
        assert "选票仍然密封，没有任何改动" in exc.value.messages[0]
    assert _rows() == before
    v.poll.refresh_from_db()
    assert v.poll.status == PollStatus.OPEN
    # The old key named as a fallback (Django's way of rotating SECRET_KEY) opens them.
    settings.SECRET_KEY_FALLBACKS = [opened_with]
    _close(world, v)
    assert poll_queries.result(v.poll).yes == POLL.count("yes")
    v.election.refresh_from_db()
    assert v.election.status == ElectionStatus.CLOSED


def _close_one(world, box: BallotBox, item, pin: str = ""):
    close = {
        "poll": lambda: poll_services.poll_close(actor=world.chair, poll=item, pin=pin),
        "evaluation": lambda: evaluation_services.evaluation_close(
            actor=world.chair, evaluation=item, pin=pin
        ),
        "election": lambda: election_services.election_close(
            actor=world.chair, election=item, pin=pin
        ),
    }
    return close[box.name]()


def test_with_a_pin_the_server_key_alone_does_not_open_the_urn(world):
    c = congress(world, 3)
    poll = poll_services.poll_create(actor=world.chair, sitting=c.sitting, title="议题")
    with pytest.raises(ValidationError, match="监票口令至少 6 位"):
        poll_services.poll_open(actor=world.chair, poll=poll, pin="123")
    poll = poll_services.poll_open(actor=world.chair, poll=poll, pin="  7391-46 ")
    for rep, choice in zip(c.reps, ["yes", "yes", "no"], strict=True):
        poll_services.vote_cast(actor=c.user(rep), poll=poll, choice=choice)
    with pytest.raises(sealing.PinNeeded):
        sealing.private_key(_urn(POLLS, poll))  # SECRET_KEY is not enough
    with pytest.raises(ValidationError, match="开始表决时设置了监票口令"):
        poll_services.poll_close(actor=world.chair, poll=poll)
    with pytest.raises(ValidationError, match="监票口令不正确"):
        poll_services.poll_close(actor=world.chair, poll=poll, pin="7391-47")
    assert POLLS.sealed_count(poll) == 3 and not Ballot.objects.exists()
    poll_services.poll_close(actor=world.chair, poll=poll, pin="7391-46")
    r = poll_queries.result(poll)
    assert (r.yes, r.no, r.abstain) == (2, 1, 0)


def test_a_paper_vote_has_no_urn(world):
    c = congress(world, 3)
    poll = open_poll(world, c, on_paper=True)
    assert poll.status == PollStatus.OPEN and not SealedUrn.objects.exists()
