"""Democratic evaluation of managers (民主评议干部): each seated voting representative who
is present rates every listed manager on the evaluation's levels (满意 / 基本满意 / 不满意
by default) by secret ballot.

Secrecy follows the votes on motions (``services/polls.py``): an ``EvaluationBallot`` and
its ``EvaluationRating`` rows say what was given (random UUID keys, no voter, no time), an
``EvaluationMark`` says who has handed in a ballot (no ratings). ``evaluation_cast`` writes
both in one transaction; the unique mark is the guard against a second ballot; the audit
entry says that the representative took part, never how; at the close the ballots are
rewritten in random order with new keys.

A ballot must rate every manager: a ballot with a manager left unrated is refused (the
representative is told whom they missed), so every valid ballot counts for every manager
and 满意率 = (满意 + 基本满意) ÷ valid ballots has the same denominator on every row.

Opening needs the quorum of the union's congress settings (《企业民主管理规定》第十九条:
two thirds or more of all seated representatives present), as a poll does.

A paper evaluation (``on_paper``, 纸质评议票) opens the same way; ballots are handed out in
the hall and nobody casts on a phone. The counters' figures (发出, 收回, 无效, and per
manager the valid ballots per level) are entered by :func:`evaluation_paper`, which closes
it. The result table reads either source through one query (``queries.evaluation``).
"""

from __future__ import annotations

import random
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit

from ..models import (
    Evaluation,
    EvaluationBallot,
    EvaluationMark,
    EvaluationRating,
    EvaluationStatus,
    EvaluationSubject,
    Sitting,
    SittingStatus,
)
from ..queries.evaluation import evaluation_refusal
from ..queries.polls import seated_representative
from .common import person, require
from .polls import mark_once, start_vote

# 满意率警示线: managers rated satisfied by fewer than 60% of valid ballots are highlighted.
# 60% is the line most provincial and school rules on 民主评议干部 use (below it the
# Party committee talks to the cadre, 诫勉谈话); it is a field of each evaluation.
EVALUATION_THRESHOLD = Decimal("0.60")
DEFAULT_LEVELS = ("满意", "基本满意", "不满意")
MAX_LEVELS = 6
FOUR_PLACES = Decimal("0.0001")


def _lock(evaluation: Evaluation) -> Evaluation:
    """The evaluation row locked: open, cast and close serialise on it."""
    return (
        Evaluation.objects.select_for_update()
        .select_related("sitting__term__union")
        .get(pk=evaluation.pk)
    )


def _clean_levels(levels, satisfied_levels: int) -> list[str]:
    levels = [str(x).strip() for x in (levels or DEFAULT_LEVELS) if str(x).strip()]
    if len(levels) < 2 or len(levels) > MAX_LEVELS:
        raise ValidationError({"levels": f"评价等次须为 2 至 {MAX_LEVELS} 个。"})
    if len(set(levels)) != len(levels):
        raise ValidationError({"levels": "评价等次不能重复。"})
    if not 1 <= satisfied_levels < len(levels):
        raise ValidationError(
            {"satisfied_levels": "计入满意的等次须至少 1 个，且至少留 1 个等次不计入满意。"}
        )
    return levels


def _clean_threshold(threshold) -> Decimal:
    try:
        value = Decimal(EVALUATION_THRESHOLD if threshold is None else str(threshold))
    except InvalidOperation:
        raise ValidationError({"threshold": "满意率警示线须为 0 到 1 之间的小数。"}) from None
    if not Decimal(0) <= value <= Decimal(1):
        raise ValidationError({"threshold": "满意率警示线须为 0 到 1 之间的小数（如 0.60）。"})
    return value.quantize(FOUR_PLACES)


@transaction.atomic
def evaluation_create(
    *,
    actor,
    sitting: Sitting,
    title: str,
    subjects: list[tuple[str, str]],
    levels: list[str] | None = None,
    satisfied_levels: int = 2,
    threshold: Decimal | None = None,
    on_paper: bool = False,
) -> Evaluation:
    """Set up an evaluation of ``subjects`` ((姓名, 职务) pairs, in ballot order), by
    secret electronic ballot or, ``on_paper``, by paper ballots counted in the hall."""
    union = sitting.term.union
    require(actor, "congress.manage", union)
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status == SittingStatus.CLOSED:
        raise ValidationError("本次会议已闭会，不能再设置民主评议。")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写评议名称。"})
    levels = _clean_levels(levels, satisfied_levels)
    rows = [((n or "").strip(), (p or "").strip()) for n, p in subjects]
    rows = [(n, p) for n, p in rows if n]
    if not rows:
        raise ValidationError({"subjects": "请至少列出一名被评议人。"})
    names = [(n, p) for n, p in rows]
    if len(set(names)) != len(names):
        raise ValidationError({"subjects": "被评议人名单有重复（姓名和职务都相同）。"})
    evaluation = Evaluation.objects.create(
        sitting=sitting,
        title=title,
        levels=levels,
        satisfied_levels=satisfied_levels,
        threshold=_clean_threshold(threshold),
        on_paper=bool(on_paper),
    )
    EvaluationSubject.objects.bulk_create(
        [
            EvaluationSubject(evaluation=evaluation, name=n, post=p, order=i)
            for i, (n, p) in enumerate(rows, start=1)
        ]
    )
    audit.record(
        actor=person(actor),
        action="evaluation.create",
        obj=evaluation,
        changes={
            "subjects": [None, [f"{n}（{p}）" if p else n for n, p in rows]],
            "on_paper": [None, evaluation.on_paper],
        },
        union_id=union.pk,
    )
    return evaluation


@transaction.atomic
def evaluation_open(*, actor, evaluation: Evaluation) -> Evaluation:
    """Start the evaluation; fixes seated and present as of now (quorum as for polls)."""
    union = evaluation.sitting.term.union
    require(actor, "congress.manage", union)
    evaluation = _lock(evaluation)
    before = audit.snapshot(evaluation)
    if evaluation.status != EvaluationStatus.DRAFT:
        raise ValidationError(f"该评议{evaluation.get_status_display()}，不能再开始。")
    start_vote(evaluation, union, verb="开始评议")
    evaluation.save()
    audit.record(
        actor=person(actor),
        action="evaluation.open",
        obj=evaluation,
        before=before,
        union_id=union.pk,
    )
    return evaluation


@transaction.atomic
def evaluation_cast(*, actor, evaluation: Evaluation, ratings: dict[int, int]) -> None:
    """One secret ballot: ``ratings`` maps every subject's id to a level index. Returns
    nothing, so not even the caller holds the ballot."""
    if person(actor) is None:
        raise PermissionDenied("评议须由代表本人登录后进行。")
    evaluation = _lock(evaluation)
    rep = seated_representative(actor, evaluation.sitting.term)
    refusal = evaluation_refusal(rep, evaluation)
    if refusal:
        raise ValidationError(refusal)
    subjects = list(evaluation.subjects.order_by("order", "id"))
    known = {s.pk for s in subjects}
    if set(ratings) - known:
        raise ValidationError("选票上有不在本次评议名单中的人员。")
    missing = [s.name for s in subjects if s.pk not in ratings]
    if missing:
        raise ValidationError(f"请对每一位被评议人选择评价等次，尚未评价：{'、'.join(missing)}。")
    if any(not 0 <= level < len(evaluation.levels) for level in ratings.values()):
        raise ValidationError("评价等次无效。")
    mark_once(EvaluationMark, "您已参加过本次评议。", evaluation=evaluation, representative=rep)
    ballot = EvaluationBallot.objects.create(evaluation=evaluation)
    EvaluationRating.objects.bulk_create(
        [EvaluationRating(ballot=ballot, subject_id=s.pk, level=ratings[s.pk]) for s in subjects]
    )
    audit.record(
        actor=actor,
        action="evaluation.vote",
        obj=evaluation,
        changes={"voted": [None, rep.member.name]},
        union_id=evaluation.sitting.term.union_id,
    )


def _shuffle_ballots(evaluation: Evaluation) -> None:
    """Rewrite the ballots in random order with new keys (see ``polls._shuffle_ballots``)."""
    ballots: dict = {}
    for ballot_id, subject_id, level in EvaluationRating.objects.filter(
        ballot__evaluation=evaluation
    ).values_list("ballot_id", "subject_id", "level"):
        ballots.setdefault(ballot_id, []).append((subject_id, level))
    sheets = list(ballots.values())
    random.SystemRandom().shuffle(sheets)
    EvaluationRating.objects.filter(ballot__evaluation=evaluation).delete()
    EvaluationBallot.objects.filter(evaluation=evaluation).delete()
    new = [EvaluationBallot(evaluation=evaluation) for _ in sheets]
    EvaluationBallot.objects.bulk_create(new)
    EvaluationRating.objects.bulk_create(
        [
            EvaluationRating(ballot=b, subject_id=subject_id, level=level)
            for b, sheet in zip(new, sheets, strict=True)
            for subject_id, level in sheet
        ]
    )


@transaction.atomic
def evaluation_close(*, actor, evaluation: Evaluation) -> Evaluation:
    """End the evaluation: no more ballots; the result table becomes visible."""
    require(actor, "congress.manage", evaluation.sitting.term.union)
    evaluation = _lock(evaluation)
    before = audit.snapshot(evaluation)
    if evaluation.status != EvaluationStatus.OPEN:
        raise ValidationError("该评议不在进行中。")
    if evaluation.on_paper:
        raise ValidationError("纸质评议请录入计票结果，录入后自动结束。")
    _shuffle_ballots(evaluation)
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.closed_at = timezone.now()
    evaluation.save()
    audit.record(
        actor=person(actor),
        action="evaluation.close",
        obj=evaluation,
        before=before,
        union_id=evaluation.sitting.term.union_id,
    )
    return evaluation


def _paper_figures(evaluation: Evaluation, issued, returned, invalid) -> int:
    """Check the counters' three figures; the number of valid ballots."""
    if any(not isinstance(v, int) or v < 0 for v in (issued, returned, invalid)):
        raise ValidationError("票数须为不小于 0 的整数。")
    if returned > issued:
        # Evaluation has no VOID state (unlike a poll): nothing is recorded, the
        # evaluation stays open and the ballots are handed out and counted again.
        raise ValidationError(
            f"收回票数多于发出票数，本次评议无效，请重新组织评议（发出 {issued} 张，"
            f"收回 {returned} 张）。"
        )
    if invalid > returned:
        raise ValidationError({"invalid": f"无效票 {invalid} 张多于收回的 {returned} 张。"})
    if issued > (evaluation.present or 0):
        raise ValidationError(
            {"issued": f"发出评议票 {issued} 张多于开始评议时实到的 {evaluation.present} 名代表。"}
        )
    return returned - invalid


def _paper_counts(evaluation, subjects, counts, valid: int, returned: int, invalid: int) -> dict:
    """Per subject, the valid ballots per level: every level given (0 or more), summing to
    the valid ballots — a rating left blank on a paper ballot is not a fourth level, the
    counters decide (as for an electronic ballot, every valid ballot rates everyone)."""
    n = len(evaluation.levels)
    known = {s.pk for s in subjects}
    if set(counts) - known:
        raise ValidationError("计票结果中有不在本次评议名单中的人员。")
    clean = {}
    for s in subjects:
        row = counts.get(s.pk)
        if row is None or len(row) != n:
            raise ValidationError(f"请填写{s.name}在每个评价等次的票数。")
        if any(not isinstance(c, int) or c < 0 for c in row):
            raise ValidationError(f"{s.name}的票数须为不小于 0 的整数。")
        if sum(row) != valid:
            raise ValidationError(
                f"{s.name}的各等次票数合计 {sum(row)} 张，与有效票 {valid} 张"
                f"（收回 {returned} − 无效 {invalid}）不符，请核对。"
            )
        clean[s.pk] = list(row)
    return clean


@transaction.atomic
def evaluation_paper(
    *,
    actor,
    evaluation: Evaluation,
    issued: int,
    returned: int,
    invalid: int,
    counts: dict[int, list[int]],
    scrutineers: str,
) -> Evaluation:
    """The counters' figures of a paper evaluation; closes it. ``counts`` maps each
    subject's id to its valid ballots per level (in the order of ``levels``). Every check
    runs before anything is written: a refusal records nothing."""
    require(actor, "congress.manage", evaluation.sitting.term.union)
    evaluation = _lock(evaluation)
    before = audit.snapshot(evaluation)
    if not evaluation.on_paper:
        raise ValidationError("该评议为电子评议，不能录入纸质计票结果。")
    if evaluation.status != EvaluationStatus.OPEN:
        raise ValidationError("该评议不在进行中（须先开始评议，发出评议票）。")
    valid = _paper_figures(evaluation, issued, returned, invalid)
    subjects = list(evaluation.subjects.order_by("order", "id"))
    clean = _paper_counts(evaluation, subjects, counts, valid, returned, invalid)
    scrutineers = (scrutineers or "").strip()
    if not scrutineers:
        raise ValidationError({"scrutineers": "请填写监票人、计票人。"})
    for s in subjects:
        s.paper = clean[s.pk]
    EvaluationSubject.objects.bulk_update(subjects, ["paper"])
    evaluation.issued, evaluation.returned, evaluation.invalid = issued, returned, invalid
    evaluation.scrutineers = scrutineers[:200]
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.closed_at = timezone.now()
    evaluation.save()
    levels = evaluation.levels
    changes = audit.diff(before, audit.snapshot(evaluation))
    changes["counts"] = [
        None,
        [
            f"{s.name}：" + "、".join(f"{lv} {c}" for lv, c in zip(levels, s.paper, strict=True))
            for s in subjects
        ],
    ]
    audit.record(
        actor=person(actor),
        action="evaluation.paper",
        obj=evaluation,
        changes=changes,
        union_id=evaluation.sitting.term.union_id,
    )
    return evaluation


@transaction.atomic
def evaluation_export(*, actor, evaluation: Evaluation) -> bytes:
    """The result table as .xlsx, for the congress's viewers and the term's representatives
    once closed; the export is audited (who took it) and the file names its taker."""
    from .. import evaluation_xlsx
    from ..queries.evaluation import visible_result
    from ..queries.polls import sitting_access

    if person(actor) is not None:
        sitting_access(actor, evaluation.sitting)
    result = visible_result(evaluation)
    if result is None:
        raise ValidationError("评议结束后才能导出结果。")
    who = person(actor)
    name = (getattr(who, "full_name", "") or who.get_username()) if who else "系统"
    union = evaluation.sitting.term.union
    content = evaluation_xlsx.workbook(result, exported_by=f"{name}（{union.name}）")
    audit.record(
        actor=who,
        action="evaluation.export",
        obj=evaluation,
        changes={"导出": [None, evaluation_xlsx.filename(result)]},
        union_id=union.pk,
    )
    return content
