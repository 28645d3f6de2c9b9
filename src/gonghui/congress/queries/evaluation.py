"""Democratic evaluation (民主评议): who may see and hand in a ballot, and the result table.

满意率 = (ratings on the satisfied levels) ÷ valid ballots, computed in :func:`satisfaction`
only, as an exact Decimal to four places; a manager is highlighted when it is BELOW the
evaluation's threshold (exactly at the line is not highlighted: "低于" the line).

The per-level counts come from one of two sources — the stored electronic ballots, or the
counters' figures of a paper evaluation (``EvaluationSubject.paper``) — through
:func:`level_counts`; everything after that (valid, satisfied, 满意率, the highlight) is one
code path for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from ..ballots import EVALUATIONS
from ..models import (
    Evaluation,
    EvaluationBallot,
    EvaluationRating,
    EvaluationStatus,
    Sitting,
)
from .common_reps import get_in_term

FOUR_PLACES = Decimal("0.0001")


# The voter rule and the marks are the secret-ballot core's (congress/ballots.py).
evaluation_refusal = EVALUATIONS.refusal
has_voted = EVALUATIONS.has_voted
voted_ids = EVALUATIONS.voted_ids
marks_count = EVALUATIONS.marks_count


def get_evaluation(user, pk: int, perm: str = "congress.view", *, seat: bool = False) -> Evaluation:
    """A democratic evaluation; with ``seat``, a seated representative of the term passes
    without a role."""
    return get_in_term(
        Evaluation.objects.select_related("sitting__term__union"),
        user,
        perm,
        term="sitting.term",
        seat=seat,
        missing="没有这项民主评议。",
        pk=pk,
    )


def evaluations_of(sitting: Sitting):
    """A sitting's evaluations with their number of subjects and of ballots marked."""
    return sitting.evaluations.annotate(
        n_subjects=Count("subjects", distinct=True), cast=Count("marks", distinct=True)
    ).order_by("id")


# --- the result -------------------------------------------------------------------------


def satisfaction(satisfied: int, valid: int) -> Decimal | None:
    """满意率 as a Decimal to four places (0.8333), None when there is no valid ballot."""
    if not valid:
        return None
    return (Decimal(satisfied) / Decimal(valid)).quantize(FOUR_PLACES, ROUND_HALF_UP)


def below(rate: Decimal | None, threshold: Decimal) -> bool:
    """Highlighted: a rate strictly below the threshold (no ballots: not highlighted)."""
    return rate is not None and rate < threshold


def percent(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


@dataclass
class SubjectResult:
    order: int
    name: str
    post: str
    counts: list[int]
    valid: int
    satisfied: int
    rate: Decimal | None
    highlighted: bool
    labels: list[str] = field(default_factory=list)

    @property
    def level_counts(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))

    @property
    def rate_label(self) -> str:
        return percent(self.rate)


@dataclass
class EvaluationResult:
    evaluation: Evaluation
    levels: list[str]
    ballots: int
    rows: list[SubjectResult]

    @property
    def threshold_label(self) -> str:
        return percent(self.evaluation.threshold)

    @property
    def highlighted(self) -> list[SubjectResult]:
        return [r for r in self.rows if r.highlighted]


def level_counts(evaluation: Evaluation, subjects) -> tuple[dict[int, list[int]], int]:
    """Per subject the count per level, and the number of valid ballots, from the paper
    figures of a paper evaluation or from the stored electronic ballots."""
    levels = len(evaluation.levels)
    counts = {s.pk: [0] * levels for s in subjects}
    if evaluation.on_paper:
        for s in subjects:
            if isinstance(s.paper, list) and len(s.paper) == levels:
                counts[s.pk] = [int(c) for c in s.paper]
        valid = (evaluation.returned or 0) - (evaluation.invalid or 0)
        return counts, max(valid, 0)
    for subject_id, level, n in (
        EvaluationRating.objects.filter(ballot__evaluation=evaluation)
        .values_list("subject_id", "level")
        .annotate(n=Count("pk"))
        .values_list("subject_id", "level", "n")
    ):
        if subject_id in counts and 0 <= level < levels:
            counts[subject_id][level] += n
    return counts, EvaluationBallot.objects.filter(evaluation=evaluation).count()


def result(evaluation: Evaluation) -> EvaluationResult:
    """The table of a CLOSED evaluation (callers show it only after close). Every valid
    ballot rates every subject (the service refuses partial ballots, and a paper count
    whose levels do not sum to the valid ballots), so the valid ballots of a subject are
    the sum of its counts; computing them per subject keeps that true on its face."""
    levels = list(evaluation.levels)
    subjects = list(evaluation.subjects.order_by("order", "id"))
    counts, ballots = level_counts(evaluation, subjects)
    rows = []
    for s in subjects:
        c = counts[s.pk]
        valid = sum(c)
        satisfied = sum(c[: evaluation.satisfied_levels])
        rate = satisfaction(satisfied, valid)
        rows.append(
            SubjectResult(
                s.order,
                s.name,
                s.post,
                c,
                valid,
                satisfied,
                rate,
                below(rate, evaluation.threshold),
                levels,
            )
        )
    return EvaluationResult(evaluation, levels, ballots, rows)


def visible_result(evaluation: Evaluation) -> EvaluationResult | None:
    """The result once closed; None before (hidden from everyone, secretariat included)."""
    return result(evaluation) if evaluation.status == EvaluationStatus.CLOSED else None
