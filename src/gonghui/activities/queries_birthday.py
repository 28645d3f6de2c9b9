"""Reads of 生日会: a quarter's birthday list from the roster (current members born in the
quarter's months — the same rule as the audience 当季生日会员, ``queries.in_audience``), the
quarter's parties with their gift vouchers, and the spending rule the gift is judged by."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.utils import timezone

from gonghui.finance import spending
from gonghui.finance.models import SpendingRule
from gonghui.finance.rules import DEFAULT_SPENDING_RULES
from gonghui.orgs.models import Member, Union

from . import birthday_rules as rules
from .models import Activity, Audience, Kind, State

# The spending rule a birthday gift is judged by (finance.rules: 生日慰问, 50102).
GIFT_RULE = "birthday"
GIFT_CATEGORY = cast(
    str, next(r["category"] for r in DEFAULT_SPENDING_RULES if r["key"] == GIFT_RULE)
)
NO_GROUP = "未分组"


@dataclass
class Row:
    member: Member
    when: str  # "3月14日" or "3月", never the year
    moved: bool  # 29 February in a year without it


@dataclass
class Group:
    name: str
    rows: list[Row] = field(default_factory=list)


def quarter_members(union: Union, year: int, quarter: int) -> list[Member]:
    """The union's current members (在会, 退休) whose birthday falls in the quarter, by month
    and day, then name. One query."""
    found = list(
        Member.objects.current()
        .filter(union=union, birth_date__month__in=rules.months_of(quarter))
        .select_related("group")
        .only("id", "name", "birth_date", "group__name", "union_id", "status")
    )
    found.sort(key=lambda m: (rules.sort_key(m.birth_date), m.name, m.pk))
    return found


def undated_count(union: Union) -> int:
    """Current members of the union whose record has no birth date (not on any list)."""
    return Member.objects.current().filter(union=union, birth_date__isnull=True).count()


def by_group(members: list[Member], year: int, *, day: bool) -> list[Group]:
    """The list per 工会小组 (those without a group last), each by birthday."""
    groups: dict[str, Group] = {}
    for m in members:
        name = m.group.name if m.group is not None else NO_GROUP
        born = m.birth_date
        assert born is not None  # the list holds only members born in the quarter's months
        row = Row(m, rules.label(born, year, day=day), rules.moved(born, year))
        groups.setdefault(name, Group(name)).rows.append(row)
    return sorted(groups.values(), key=lambda g: (g.name == NO_GROUP, g.name))


def parties(union: Union, year: int, quarter: int) -> list[Activity]:
    """The quarter's 生日会 of the union (kind 生日会 for the 当季生日会员 of ``quarter``,
    starting in ``year``), with their gifts and vouchers, cancelled ones last. One query."""
    found = Activity.objects.filter(
        union=union,
        kind=Kind.BIRTHDAY,
        audience=Audience.BIRTHDAY,
        quarter=quarter,
        starts_at__year=year,
    ).select_related("union", "birthday_gift", "birthday_gift__voucher")
    return sorted(found, key=lambda a: (a.state == State.CANCELLED, a.starts_at, a.pk))


def gift_rule(union: Union) -> SpendingRule | None:
    """The 生日慰问 rule the union follows (its own, its federation's or the platform's
    example), or None when it has switched it off."""
    for rule in spending.effective_rules(union):
        if rule.key == GIFT_RULE:
            return rule
    return None


def gift_category(union: Union) -> str:
    """The expense category of the gift: the rule's, else the seed's 50102 生日慰问."""
    rule = gift_rule(union)
    return rule.category.code if rule is not None else GIFT_CATEGORY


def gifted(union: Union, year: int) -> set[int]:
    """The members of the union given a birthday gift in ``year`` (a share on a submitted,
    approved or posted line of the gift's category dated that year): those the spending
    rule's once-a-year limit would refuse a second. One query."""
    from gonghui.finance.models import VoucherShare

    return set(
        VoucherShare.objects.filter(
            line__union=union,
            line__category__code=gift_category(union),
            line__status__in=spending.COUNTED_STATUSES,
            line__date__year=year,
            amount__gt=0,
        ).values_list("member_id", flat=True)
    )


def year_of(activity: Activity) -> int:
    return timezone.localtime(activity.starts_at).year
