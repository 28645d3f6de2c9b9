"""The congress's 待办 on the 工作台 (``core.todo``): votes waiting for the user, and, for the
secretariat, proposals past their deadline. One query each, however many sittings, votes,
representatives or proposals there are (pinned by tests/core/test_dashboard_cost.py).

The voter rule is stated once, in the secret-ballot core (``BallotBox.refusal``): a SEATED
VOTING representative of the term, in an OPEN electronic vote, CHECKED IN to the sitting no
later than the vote opened, who has not voted yet. :func:`_waiting_sql` asks the same of the
database for every open vote of the union at once, so the 待办 costs one statement instead
of four per open vote; tests/congress/test_todos.py checks the two agree case by case.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.todo import Todo
from gonghui.orgs.models import Member

from .models import (
    BallotMark,
    CheckIn,
    CongressTerm,
    Election,
    ElectionMark,
    Evaluation,
    EvaluationMark,
    Poll,
    RepKind,
    Representative,
    RepStatus,
    Sitting,
)
from .queries import proposals as proposal_queries

OPEN = "open"
# (kind, item model, mark model, the 待办's text, the page of the first waiting item)
VOTES = (
    ("poll", Poll, BallotMark, "待表决的事项", "congress:poll_detail"),
    ("evaluation", Evaluation, EvaluationMark, "待参加的民主评议", "congress:evaluation_detail"),
    ("election", Election, ElectionMark, "待投票的选举", "congress:election_detail"),
)


def _waiting_sql(kind: str, item_model, mark_model) -> str:
    """The open electronic votes of one kind in a union that a user may cast now: the voter
    rule as SQL. Parameters: kind, union id, user id."""
    q = connection.ops.quote_name
    item = q(item_model._meta.db_table)
    mark = q(mark_model._meta.db_table)
    mark_item = q(mark_model._meta.get_field(item_model._meta.model_name).column)
    return f"""
        SELECT %s, i.id FROM {item} i
        JOIN {q(Sitting._meta.db_table)} s ON s.id = i.sitting_id
        JOIN {q(CongressTerm._meta.db_table)} t ON t.id = s.term_id
        JOIN {q(Representative._meta.db_table)} r ON r.term_id = s.term_id
            AND r.status = '{RepStatus.SEATED}' AND r.kind = '{RepKind.VOTING}'
        JOIN {q(Member._meta.db_table)} m ON m.id = r.member_id
        JOIN {q(CheckIn._meta.db_table)} c ON c.sitting_id = i.sitting_id
            AND c.representative_id = r.id AND (i.opened_at IS NULL OR c.at <= i.opened_at)
        WHERE t.union_id = %s AND m.user_id = %s AND i.status = '{OPEN}' AND NOT i.on_paper
            AND NOT EXISTS (
                SELECT 1 FROM {mark} k WHERE k.{mark_item} = i.id AND k.representative_id = r.id
            )"""


def votes(user, union) -> list[Todo]:
    """待表决的事项, 待参加的民主评议, 待投票的选举: one line per kind with something waiting,
    linking to the first one. One statement, the three kinds as a UNION ALL, written out in
    SQL: the ORM took ten times longer to compose the nested subqueries than the database
    took to answer (under a millisecond), on every view of the 工作台."""
    if union.is_federation or not getattr(user, "is_authenticated", False):
        return []
    sql = " UNION ALL ".join(_waiting_sql(kind, item, mark) for kind, item, mark, _, _ in VOTES)
    params = [p for kind, *_ in VOTES for p in (kind, union.pk, user.pk)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict[str, list[int]] = {}
    for kind, pk in rows:
        found.setdefault(kind, []).append(pk)
    return [
        Todo(text, len(found[kind]), reverse(url, args=[min(found[kind])]))
        for kind, _, _, text, url in VOTES
        if kind in found
    ]


def overdue_proposals(user, union) -> list[Todo]:
    """For the secretariat: proposals past their deadline, linking to the latest sitting
    that has any. One aggregate query."""
    if union.is_federation or not scoping.has_perm(user, "congress.manage", union=union):
        return []
    found = (
        proposal_queries.overdue(timezone.localdate(), union)
        .order_by()
        .aggregate(n=Count("pk"), sitting=Max("sitting_id"))
    )
    if not found["n"]:
        return []
    url = reverse("congress:proposal_list", args=[found["sitting"]]) + "?status=overdue"
    return [Todo("超期未答复的提案", found["n"], url)]
