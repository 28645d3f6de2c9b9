"""The rest of the demo sitting: a finished paper evaluation of the school's leaders and a
counted paper election of the 第九届工会委员会 (the winners are not yet made the committee:
that button is left for the demo's chair to press). Called by ``demo.build_congress``."""

from __future__ import annotations

from gonghui.orgs.models import Body

from .models import RepKind
from .services import elections as election_services
from .services import evaluation as evaluation_services

LEADERS = [
    ("张校长", "校长"),
    ("刘书记", "党委书记"),
    ("陈副校长", "副校长（分管教学）"),
    ("黄副校长", "副校长（分管后勤）"),
    ("马主任", "办公室主任"),
]
# Per leader: the share of valid ballots rating 满意 and 基本满意 (the rest 不满意); the
# last is under the 60% line so the highlight shows.
SHARES = [(70, 25), (65, 30), (55, 35), (40, 30), (30, 25)]


def _split(valid: int, first: int, second: int) -> list[int]:
    a = valid * first // 100
    b = valid * second // 100
    return [a, b, valid - a - b]


def build_evaluation(chair, sitting) -> None:
    evaluation = evaluation_services.evaluation_create(
        actor=chair,
        sitting=sitting,
        title="2026年度学校领导班子成员民主评议",
        subjects=LEADERS,
        on_paper=True,
    )
    evaluation = evaluation_services.evaluation_open(actor=chair, evaluation=evaluation)
    present = evaluation.present
    valid = present - 1
    subjects = list(evaluation.subjects.order_by("order"))
    evaluation_services.evaluation_paper(
        actor=chair,
        evaluation=evaluation,
        issued=present,
        returned=present,
        invalid=1,
        counts={s.pk: _split(valid, *share) for s, share in zip(subjects, SHARES, strict=True)},
        scrutineers="监票人 王老师、计票人 李老师",
    )


def build_election(chair, sitting) -> None:
    """Eight candidates for seven seats (差额 5%: one more), counted from paper ballots."""
    reps = sitting.term.representatives.filter(kind=RepKind.VOTING).select_related("member")
    candidates = [r.member for r in reps.order_by("id")[:8]]
    election = election_services.election_create(
        actor=chair,
        sitting=sitting,
        title="选举第九届工会委员会委员",
        body=Body.COMMITTEE,
        seats=7,
        candidates=candidates,
        on_paper=True,
    )
    election = election_services.election_open(actor=chair, election=election)
    seated, present = election.seated, election.present
    valid = present - 1
    counts = {}
    cands = list(election.candidates.order_by("order"))
    for i, c in enumerate(cands[:7]):
        counts[c.pk] = (valid - i, i // 2, i - i // 2)
    last_yes = min(seated // 3, 21)  # under half of those entitled: not elected
    counts[cands[7].pk] = (last_yes, valid - last_yes, 0)
    election_services.election_paper(
        actor=chair,
        election=election,
        issued=present,
        returned=present,
        invalid=1,
        counts=counts,
        scrutineers="监票人 王老师、计票人 李老师",
    )
