"""The roster's figures for plan targets and the year-end summary (``core.metrics``).

Membership on a day is read from the record's ``status`` and ``status_on``: a member counts
on ``end`` when they had joined by then (or the join date is unknown) and were still in good
standing (``orgs.queries.CURRENT``) or left only after ``end``. A transfer inside the tree
moves the record, so it counts where the member is now. A federation's figures add up its
whole subtree (members only belong to grassroots unions), as ``orgs.queries.figures`` does.

A federation reads 会员总数 from kept per-union parts (``core.kept_figures``): the roll's
count grouped by the member's union, from the same rows as the direct count (:func:`roll`),
so the parts of a subtree add up to its figure exactly (a member is on one union's roll).
:func:`one_union` and :func:`by_union` are the pair every module's kept figure uses.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core import metrics
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, FEDERATION_KINDS, Member, Sex, Union

CENT = Decimal("0.01")


def percent(part, whole) -> Decimal | None:
    """part ÷ whole × 100 with two places, half up; None when there is no whole. The metric
    registry's one rounding of a rate (the pages' own figures show one place)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def in_union(union: Union, prefix: str = "") -> Q:
    """Rows of ``union``; for a federation, of every union in its subtree (one LIKE on the
    materialised path, the same reach as ``orgs.queries.figures``)."""
    if union.is_federation:
        return Q(**{f"{prefix}union__path__startswith": union.path})
    return Q(**{f"{prefix}union": union})


def one_union(rows: QuerySet, union: Union, prefix: str = "", **aggregates) -> dict:
    """``aggregates`` of ``rows`` of ``union`` (its subtree for a federation): the figure read
    directly, as a grassroots union's page asks for it."""
    return rows.filter(in_union(union, prefix)).aggregate(**aggregates)


def by_union(
    rows: QuerySet, union_ids: Collection[int] | None, prefix: str = "", **aggregates
) -> dict[int, dict]:
    """The same ``aggregates`` of the same ``rows`` grouped by the record's own union (the
    column :func:`in_union` filters on), limited to ``union_ids`` (None: every union): the
    kept parts a federation's figure adds up (``core.kept_figures``). A union with no rows
    is absent."""
    column = f"{prefix}union"
    if union_ids is not None:
        rows = rows.filter(**{f"{column}__in": list(union_ids)})
    grouped = rows.order_by().values(column).annotate(**aggregates)
    return {row.pop(column): row for row in grouped}


def on_roll(end: datetime.date, prefix: str = "") -> Q:
    """The member (``prefix`` reaches it from another model: "member__") was in good standing
    on ``end``: joined by then (or the date unknown), and current now or left only after it.
    The one rule of 会员总数, and of every figure that counts members on the roll (参保人数,
    参与率)."""
    joined = Q(**{f"{prefix}joined_on__lte": end}) | Q(**{f"{prefix}joined_on__isnull": True})
    standing = Q(**{f"{prefix}status__in": CURRENT_MEMBER_STATUSES}) | Q(
        **{f"{prefix}status_on__gt": end}
    )
    return joined & standing


def roll(end: datetime.date) -> QuerySet[Member]:
    """Members in good standing on ``end``, of any union."""
    return Member.objects.filter(on_roll(end))


def _counts(union: Union, end: datetime.date) -> dict:
    return one_union(
        roll(end), union, total=Count("pk"), women=Count("pk", filter=Q(sex=Sex.FEMALE))
    )


def roll_by_union(start, end: datetime.date, union_ids) -> dict[int, dict]:
    """会员总数's parts: the roll on ``end`` counted per union."""
    return by_union(roll(end), union_ids, total=Count("pk"))


def _staff(union: Union) -> int:
    """职工人数: the union's own figure; a federation's is its live grassroots unions' sum."""
    if not union.is_federation:
        return union.staff_count
    return (
        Union.objects.filter(path__startswith=union.path, archived_at=None)
        .exclude(kind__in=FEDERATION_KINDS)
        .aggregate(n=Sum("staff_count"))["n"]
        or 0
    )


def total(union, start, end) -> Decimal:
    return Decimal(metrics.shared(_counts, union, end)["total"])


def new(union, start, end) -> Decimal:
    return Decimal(Member.objects.filter(in_union(union), joined_on__range=(start, end)).count())


def rate(union, start, end) -> Decimal | None:
    staff = _staff(union)
    if not staff:
        return None
    return percent(metrics.shared(_counts, union, end)["total"], staff)


def women_share(union, start, end) -> Decimal | None:
    counts = metrics.shared(_counts, union, end)
    return percent(counts["women"], counts["total"])


AREA = "会员"
# 会员总数's kept part, also 投保率's denominator (care.plugins_insurance)
TOTAL = metrics.part("members.total", roll_by_union, "total")
SUBTREE = "上级工会按所辖基层工会合计。"

METRICS = (
    metrics.Metric(
        key="members.total",
        label="会员总数",
        unit="人",
        area=AREA,
        compute=total,
        kept=metrics.count(TOTAL),
        describe="期末在册会员人数（含退休会员；期末前已转出、离会、除名、去世的不计）。" + SUBTREE,
        aliases=("会员总数", "会员人数"),
    ),
    metrics.Metric(
        key="members.new",
        label="新入会人数",
        unit="人",
        area=AREA,
        compute=new,
        describe="入会时间在期间内的会员人数（之后离会的也计入）。" + SUBTREE,
        aliases=(
            "新会员",
            "发展会员",
            "新入会",
            "入会人数",
            "增加会员",
            "吸收会员",
            "发展新会员",
        ),
        cumulative=True,
    ),
    metrics.Metric(
        key="members.rate",
        label="入会率",
        unit="%",
        area=AREA,
        compute=rate,
        describe="期末会员总数占职工人数的百分比；未填职工人数时无数据。" + SUBTREE,
        aliases=("入会率",),
    ),
    metrics.Metric(
        key="members.women_share",
        label="女会员占比",
        unit="%",
        area=AREA,
        compute=women_share,
        describe="期末会员中女会员所占百分比；没有会员时无数据。" + SUBTREE,
        aliases=("女会员占比", "女会员比例"),
    ),
)


def register_all() -> None:
    metrics.register(*METRICS)
