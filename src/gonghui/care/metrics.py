"""帮扶 figures for plan targets and the year-end summary (``core.metrics``): 建档困难职工数,
帮扶人次, 帮扶金额, 走访人次 and 五必访及时率. A federation's figures add up its subtree. Money
is summed in integer fen (``finance.queries.common.fen_total``), exact on both databases.

Each figure's rows come from one function (``_filed_rows``, ``_aid_rows``, ``_visit_rows``),
read for one union and its subtree (``members.metrics.one_union``) or grouped by the record's
own union for the kept parts a federation adds up (``members.metrics.by_union``,
``core.kept_figures``). A household, an aid and a visit belong to one union, so the parts of
a subtree add up to its figure exactly. 五必访及时率 is not kept: whether an unvisited event
counts depends on today's date, which no audited write moves."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from gonghui.core import metrics
from gonghui.finance.queries.common import fen_to_yuan, fen_total
from gonghui.members.metrics import by_union, in_union, one_union, percent

from .models import Aid, CareVisit, EventState, FileState, HardshipFile, LifeEvent, StateChange

AREA = "帮扶"


def _filed_rows(end: datetime.date):
    """Households on file at the end of the period: filed by then and not left before it."""
    # after the end's day in Shanghai, as an aware instant: ``at__date__gt`` made SQLite
    # call a Python date cast on every 退档 row (bench/README, care_federation)
    next_day = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
    left_later = StateChange.objects.filter(
        file=OuterRef("pk"),
        to_state=FileState.EXITED,
        at__gte=timezone.make_aware(next_day),
    )
    return HardshipFile.objects.filter(filed_on__lte=end).filter(
        Q(state=FileState.FILED) | Q(Exists(left_later), state=FileState.EXITED)
    )


def filed_count(union, start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal(one_union(_filed_rows(end), union, n=Count("id"))["n"])


def filed_by_union(start, end, ids) -> dict[int, dict]:
    return by_union(_filed_rows(end), ids, n=Count("id"))


def _aid_rows(start, end):
    return Aid.objects.filter(given_on__range=(start, end))


def aid_figures(union, start, end) -> dict:
    """帮扶人次 and 帮扶金额 in one read (``metrics.shared`` gives it to both figures)."""
    return one_union(_aid_rows(start, end), union, "file__", n=Count("id"), fen=fen_total("amount"))


def aid_by_union(start, end, ids) -> dict[int, dict]:
    return by_union(_aid_rows(start, end), ids, "file__", n=Count("id"), fen=fen_total("amount"))


def aid_count(union, start, end) -> Decimal:
    return Decimal(metrics.shared(aid_figures, union, start, end)["n"])


def aid_amount(union, start, end) -> Decimal:
    return fen_to_yuan(metrics.shared(aid_figures, union, start, end)["fen"])


def _visit_rows(start, end):
    return CareVisit.objects.filter(visited_on__range=(start, end))


def visits_in(union, start, end):
    """The visits made in the period (for a life event or in a campaign)."""
    return _visit_rows(start, end).filter(in_union(union))


def visit_count(union, start, end) -> Decimal:
    return Decimal(one_union(_visit_rows(start, end), union, n=Count("id"))["n"])


def visits_by_union(start, end, ids) -> dict[int, dict]:
    return by_union(_visit_rows(start, end), ids, n=Count("id"))


def timeliness(union, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """五必访 in the period: events whose visit fell due in it (``due``), and those visited
    by their due day (``on_time``). An event still within its days and not yet visited is
    not counted either way until it is visited or its day has passed; a withdrawn one
    never is."""
    decided = Q(visited_on__isnull=False) | Q(due_on__lt=timezone.localdate())
    return (
        LifeEvent.objects.filter(in_union(union), due_on__range=(start, end))
        .exclude(state=EventState.WITHDRAWN)
        .filter(decided)
        .aggregate(
            due=Count("id"),
            on_time=Count("id", filter=Q(visited_on__lte=F("due_on"))),
        )
    )


def visit_timely(union, start, end) -> Decimal | None:
    found = metrics.shared(timeliness, union, start, end)
    return percent(found["on_time"], found["due"])


METRICS = (
    metrics.Metric(
        key="care.filed",
        label="建档困难职工数",
        unit="户",
        area=AREA,
        compute=filed_count,
        kept=metrics.count(metrics.part("care.filed", filed_by_union, "n")),
        describe="期末仍在档的困难职工户数（已建档、未脱困退档）。上级工会按所辖基层工会合计。",
        aliases=("建档困难职工", "困难职工建档", "困难职工"),
    ),
    metrics.Metric(
        key="care.aid_count",
        label="帮扶人次",
        unit="人次",
        area=AREA,
        compute=aid_count,
        kept=metrics.count(metrics.part("care.aid_count", aid_by_union, "n")),
        describe="期间对建档困难职工记录的帮扶次数（资金、物资、就业、助学、医疗）。",
        aliases=("帮扶人次", "帮扶困难职工"),
        cumulative=True,
    ),
    metrics.Metric(
        key="care.aid_amount",
        label="帮扶金额",
        unit="元",
        area=AREA,
        compute=aid_amount,
        kept=metrics.yuan(metrics.part("care.aid_fen", aid_by_union, "fen")),
        describe="期间对建档困难职工记录的帮扶金额（物资、就业等按折价）合计。",
        aliases=("帮扶金额", "帮扶资金"),
        cumulative=True,
    ),
    metrics.Metric(
        key="care.visits",
        label="走访人次",
        unit="人次",
        area=AREA,
        compute=visit_count,
        kept=metrics.count(metrics.part("care.visits", visits_by_union, "n")),
        describe="期间走访慰问职工的次数：五必访（生病住院、结婚、生育等）和慰问活动的走访合计。",
        # not 慰问人次 / 走访慰问: finance.care_count's words (the 人次 paid)
        aliases=("走访人次", "走访慰问人次", "走访职工"),
        cumulative=True,
    ),
    metrics.Metric(
        key="care.visit_timely",
        label="五必访及时率",
        unit="%",
        area=AREA,
        compute=visit_timely,
        describe=(
            "应走访日期在期间内的五必访事件中，在规定天数内走访的百分比（尚在期限内、"
            "未走访的不计，已撤销的不计）；没有到期事件时无数据。"
        ),
        aliases=("五必访及时率", "走访及时率", "及时走访率"),
    ),
)
