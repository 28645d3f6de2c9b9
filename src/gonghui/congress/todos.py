"""The congress's 待办 on the 工作台 (``core.todo``): votes waiting for the user, and, for the
secretariat, proposals past their deadline. One query each, however many sittings, votes,
representatives or proposals there are (pinned by tests/core/test_dashboard_cost.py).

The voter rule is stated once, in the secret-ballot core (``BallotBox.refusal``): a SEATED
VOTING representative of the term, in an OPEN electronic vote, CHECKED IN to the sitting no
later than the vote opened, who has not voted yet. :func:`_waiting` asks the same of the
database for every open vote of the union at once, so the 待办 costs one statement instead
of four per open vote; tests/congress/test_todos.py checks the two agree case by case.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, Max, OuterRef, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.todo import Todo

from .models import (
    BallotMark,
    CheckIn,
    Election,
    ElectionMark,
    Evaluation,
    EvaluationMark,
    Poll,
    RepKind,
    Representative,
    RepStatus,
)
from .queries import proposals as proposal_queries

OPEN = "open"
# (kind, item model, mark model, the 待办's text, the page of the first waiting item)
VOTES = (
    ("poll", Poll, BallotMark, "待表决的事项", "congress:poll_detail"),
    ("evaluation", Evaluation, EvaluationMark, "待参加的民主评议", "congress:evaluation_detail"),
    ("election", Election, ElectionMark, "待投票的选举", "congress:election_detail"),
)


def _waiting(user, union, kind: str, item_model, mark_model):
    """The open electronic votes of ``union`` of one kind that ``user`` may cast now, as
    (kind, pk) rows."""
    name = item_model._meta.model_name
    checked_in = CheckIn.objects.filter(
        sitting_id=OuterRef(OuterRef("sitting_id")), representative=OuterRef("pk")
    ).filter(at__lte=Coalesce(OuterRef(OuterRef("opened_at")), F("at")))
    voted = mark_model.objects.filter(
        **{name: OuterRef(OuterRef("pk")), "representative": OuterRef("pk")}
    )
    seat = Representative.objects.filter(
        term_id=OuterRef("sitting__term_id"),
        member__user=user,
        status=RepStatus.SEATED,
        kind=RepKind.VOTING,
    ).filter(Exists(checked_in), ~Exists(voted))
    return (
        item_model.objects.filter(
            Exists(seat), sitting__term__union=union, status=OPEN, on_paper=False
        )
        .annotate(kind=Value(kind))
        .values_list("kind", "pk")
        .order_by()
    )


def votes(user, union) -> list[Todo]:
    """待表决的事项, 待参加的民主评议, 待投票的选举: one line per kind with something waiting,
    linking to the first one. One query (the three kinds as one UNION ALL)."""
    if union.is_federation or not getattr(user, "is_authenticated", False):
        return []
    parts = [_waiting(user, union, kind, item, mark) for kind, item, mark, _, _ in VOTES]
    rows = list(parts[0].union(*parts[1:], all=True))
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
