"""The congress's paragraphs of the 年度工作总结 (``core.summary``): the sittings held in the
period with their proposals (the counts of ``queries.proposals.figures``, added sitting by
sitting, the rate taken once from the sums as ``congress.metrics`` does) and what they voted
through; a shortfall for proposals assigned and still unanswered. A federation's paragraph
adds up the congresses of the unions beneath it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef

from gonghui.core import summary
from gonghui.core.summary import Paragraph, Writer
from gonghui.members.metrics import in_union

from .metrics import HELD
from .models import Answer, Poll, PollStatus, Proposal, Sitting
from .queries import polls as poll_queries
from .queries.proposals import ASSIGNED, OVERDUE_STATUSES, figures

AREA = "职代会"
TOPICS = (
    "民主管理",
    "职代会",
    "教代会",
    "职工代表大会",
    "民主",
    "厂务公开",
    "校务公开",
    "院务公开",
)


def _rate(part: int, whole: int) -> Decimal:
    return Decimal(part) * 100 / Decimal(whole)


def _held(union, start, end) -> list[Sitting]:
    return list(
        Sitting.objects.filter(in_union(union, "term__"), date__range=(start, end), status__in=HELD)
        .select_related("term")
        .order_by("date", "pk")
    )


def _proposal_sums(sittings: list[Sitting], end: datetime.date) -> dict[str, int]:
    sums = dict.fromkeys(("submitted", "accepted", "assigned", "closed_on_time"), 0)
    for sitting in sittings:
        f = figures(sitting, end)
        sums["submitted"] += f.submitted
        sums["accepted"] += f.accepted + f.merged
        sums["assigned"] += f.assigned
        sums["closed_on_time"] += f.closed_on_time
    answered = Exists(Answer.objects.filter(proposal=OuterRef("pk")))
    assigned = Proposal.objects.filter(sitting__in=sittings, status__in=ASSIGNED)
    sums["answered"] = assigned.filter(answered).count()
    return sums


def _passed(sittings: list[Sitting]) -> list[str]:
    closed = Poll.objects.filter(sitting__in=sittings, status=PollStatus.CLOSED).order_by("pk")
    return [p.title for p in closed if poll_queries.result(p).passed]


def _proposals_text(w: Writer, s: dict[str, int]) -> str:
    if not s["submitted"]:
        return "未收到提案"
    text = f"征集提案{w.n(s['submitted'], '件')}，立案{w.n(s['accepted'], '件')}"
    text += f"，立案率{w.pct(_rate(s['accepted'], s['submitted']))}"
    if s["assigned"]:
        text += f"；交办{w.n(s['assigned'], '件')}，已答复{w.n(s['answered'], '件')}"
        text += f"，其中按期办结{w.n(s['closed_on_time'], '件')}"
    return text


def _held_text(w: Writer, union, sittings: list[Sitting]) -> str:
    if union.is_federation:
        return f"所辖基层工会全年共召开职代会（教代会）{w.n(len(sittings), '次')}"
    if len(sittings) == 1:
        s = sittings[0]
        return f"{w.day(s.date)}召开{w.words(s.name)}"
    named = "、".join(f"{w.words(s.name)}（{w.day(s.date)}）" for s in sittings)
    return f"全年召开职代会{w.n(len(sittings), '次')}：{named}"


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    sittings = _held(union, start, end)
    if not sittings:
        return []
    w = Writer()
    sums = _proposal_sums(sittings, end)
    text = f"{_held_text(w, union, sittings)}，{_proposals_text(w, sums)}。"
    passed = _passed(sittings)
    if passed and not union.is_federation:
        text += f"大会表决通过{'、'.join(w.words(t) for t in passed)}。"
    elif passed:
        text += f"表决通过事项{w.n(len(passed), '项')}。"
    out = [w.para("congress.sittings", AREA, text, topics=TOPICS)]
    late = _unanswered(union, end)
    if late:
        out.append(late)
    return out


def _unanswered(union, end: datetime.date) -> Paragraph | None:
    """Proposals assigned and not answered (or sent back for another answer) by ``end``."""
    waiting = Proposal.objects.filter(
        in_union(union, "sitting__term__"), status__in=OVERDUE_STATUSES
    ).exclude(sitting__date__gt=end)
    n = waiting.count()
    if not n:
        return None
    w = Writer()
    late = waiting.filter(due_on__lt=end).count()
    text = f"已交办的提案中有{w.n(n, '件')}尚未办结答复"
    if late:
        text += f"，其中{w.n(late, '件')}已超过办理期限"
    return w.para("congress.unanswered", AREA, text + "。", topics=TOPICS, shortfall=True)


def register_all() -> None:
    summary.register("congress", paragraphs)
