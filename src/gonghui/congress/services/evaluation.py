"""Democratic evaluation of managers (民主评议干部): each seated voting representative who
is present rates every listed manager on the evaluation's levels (满意 / 基本满意 / 不满意
by default) by secret ballot.

The ballot is the secret-ballot core's (``congress/ballots.py``, box ``EVALUATIONS``): an
``EvaluationBallot`` and its ``EvaluationRating`` lines say what was given (random UUID
keys, no voter, no time), an ``EvaluationMark`` says who has handed in a ballot (no
ratings); both are written in one transaction (the ballot sealed in the evaluation's urn
while it is open), the unique mark stops a second ballot, the audit entry says that the
representative took part, never how, and at the close the urn is opened and the ballots
written in random order with new keys.

A ballot must rate every manager: a ballot with a manager left unrated is refused (the
representative is told whom they missed), so every valid ballot counts for every manager
and 满意率 = (满意 + 基本满意) ÷ valid ballots has the same denominator on every row.

Opening needs the quorum of the union's congress settings (《企业民主管理规定》第十九条:
two thirds or more of all seated representatives present), as a poll does.

A paper evaluation (``on_paper``, 纸质评议票) opens the same way; ballots are handed out in
the hall and nobody casts on a phone. The counters' figures (发出, 收回, 无效, and per
manager the valid ballots per level) are entered by :func:`evaluation_paper`, which closes
it; an evaluation has no VOID state, so more ballots returned than issued is refused and
the ballots are handed out and counted again. The result table reads either source through
one query (``queries.evaluation``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit
from gonghui.core.scoping import person, require

from ..ballots import EVALUATIONS, Figures, Sheet, count, open_sitting
from ..models import Evaluation, EvaluationSubject, Sitting
from ..queries.evaluation import visible_result
from ..queries.polls import sitting_access

MANAGE = "congress.manage"

# 满意率警示线: managers rated satisfied by fewer than 60% of valid ballots are highlighted.
# 60% is the line most provincial and school rules on 民主评议干部 use (below it the
# Party committee talks to the cadre, 诫勉谈话); it is a field of each evaluation.
EVALUATION_THRESHOLD = Decimal("0.60")
DEFAULT_LEVELS = ("满意", "基本满意", "不满意")
MAX_LEVELS = 6
FOUR_PLACES = Decimal("0.0001")


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
    require(actor, MANAGE, union=sitting.term.union)
    sitting = open_sitting(sitting, "设置民主评议")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写评议名称。"})
    levels = _clean_levels(levels, satisfied_levels)
    rows = [((n or "").strip(), (p or "").strip()) for n, p in subjects]
    rows = [(n, p) for n, p in rows if n]
    if not rows:
        raise ValidationError({"subjects": "请至少列出一名被评议人。"})
    if len(set(rows)) != len(rows):
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
        union_id=sitting.term.union_id,
    )
    return evaluation


@transaction.atomic
def evaluation_open(*, actor, evaluation: Evaluation, pin: str = "") -> Evaluation:
    """Start the evaluation; fixes seated and present as of now (quorum as for polls);
    electronic ballots are sealed until the close (with the 总监票人's ``pin``, if given)."""
    require(actor, MANAGE, union=evaluation.sitting.term.union)
    return EVALUATIONS.open(actor=actor, item=evaluation, pin=pin)


@transaction.atomic
def evaluation_cast(*, actor, evaluation: Evaluation, ratings: dict[int, int]) -> None:
    """One secret ballot: ``ratings`` maps every subject's id to a level index. Returns
    nothing, so not even the caller holds the ballot."""
    voter = EVALUATIONS.voter(actor=actor, item=evaluation)  # the representative in person
    evaluation = voter.item
    subjects = list(evaluation.subjects.order_by("order", "id"))
    if set(ratings) - {s.pk for s in subjects}:
        raise ValidationError("选票上有不在本次评议名单中的人员。")
    missing = [s.name for s in subjects if s.pk not in ratings]
    if missing:
        raise ValidationError(f"请对每一位被评议人选择评价等次，尚未评价：{'、'.join(missing)}。")
    if any(not 0 <= level < len(evaluation.levels) for level in ratings.values()):
        raise ValidationError("评价等次无效。")
    lines = [{"subject_id": s.pk, "level": ratings[s.pk]} for s in subjects]
    EVALUATIONS.cast(voter, Sheet(lines=lines))


@transaction.atomic
def evaluation_close(*, actor, evaluation: Evaluation, pin: str = "") -> Evaluation:
    """End the evaluation: no more ballots; the sealed ballots are opened (``pin``: the one
    set at the opening, if any) and the result table becomes visible (a paper evaluation
    is closed by its count)."""
    require(actor, MANAGE, union=evaluation.sitting.term.union)
    return EVALUATIONS.close(actor=actor, item=evaluation, pin=pin)


def _paper_counts(evaluation: Evaluation, subjects, counts, valid: int) -> dict[int, list[int]]:
    """Per subject, the valid ballots per level: every level given (0 or more), summing to
    the valid ballots — a rating left blank on a paper ballot is not a fourth level, the
    counters decide (as for an electronic ballot, every valid ballot rates everyone)."""
    n = len(evaluation.levels)
    if set(counts) - {s.pk for s in subjects}:
        raise ValidationError("计票结果中有不在本次评议名单中的人员。")
    clean = {}
    for s in subjects:
        row = counts.get(s.pk)
        if row is None or len(row) != n:
            raise ValidationError(f"请填写{s.name}在每个评价等次的票数。")
        row = [count(c, f"{s.name}的票数") for c in row]
        if sum(row) != valid:
            raise ValidationError(
                f"{s.name}的各等次票数合计 {sum(row)} 张，与有效票 {valid} 张"
                f"（收回 {evaluation.returned} − 无效 {evaluation.invalid}）不符，请核对。"
            )
        clean[s.pk] = row
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
    subject's id to its valid ballots per level (in the order of ``levels``). A refusal
    records nothing (more returned than issued included: there is no VOID evaluation)."""
    require(actor, MANAGE, union=evaluation.sitting.term.union)

    def enter(evaluation: Evaluation, valid: int) -> dict:
        subjects = list(evaluation.subjects.order_by("order", "id"))
        clean = _paper_counts(evaluation, subjects, counts, valid)
        for s in subjects:
            s.paper = clean[s.pk]
        EvaluationSubject.objects.bulk_update(subjects, ["paper"])
        levels = evaluation.levels
        shown = [
            f"{s.name}："
            + "、".join(f"{lv} {c}" for lv, c in zip(levels, clean[s.pk], strict=True))
            for s in subjects
        ]
        return {"counts": [None, shown]}

    figures = Figures(issued, returned, invalid, scrutineers)
    return EVALUATIONS.paper(actor=actor, item=evaluation, figures=figures, enter=enter)


@transaction.atomic
def evaluation_export(*, actor, evaluation: Evaluation) -> bytes:
    """The result table as .xlsx, for the congress's viewers and the term's representatives
    once closed; the export is audited (who took it) and the file names its taker."""
    who = person(actor)
    if who is not None:
        sitting_access(who, evaluation.sitting)  # congress.view, or a seat in the term
    from .. import evaluation_xlsx

    result = visible_result(evaluation)
    if result is None:
        raise ValidationError("评议结束后才能导出结果。")
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
