"""Reads of the organisation tree that depend on who is asking (through core.scoping)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.queries import count_of, get_scoped

from .models import (
    FEDERATION_KINDS,
    CommitteeTerm,
    Member,
    MemberStatus,
    Position,
    Post,
    Sex,
    Union,
    UnionGroup,
)
from .rules import TERM_WARNING_DAYS

CURRENT = Q(status__in=(MemberStatus.ACTIVE, MemberStatus.RETIRED))
POST_ORDER = Case(
    *[
        When(post=p, then=Value(i))
        for i, p in enumerate(
            [Post.CHAIR, Post.DIRECTOR, Post.VICE_CHAIR, Post.VICE_DIRECTOR, Post.MEMBER]
        )
    ],
    output_field=IntegerField(),
)


def get_group(user, pk: int, perm: str = "group.view") -> UnionGroup:
    return get_scoped(
        UnionGroup.objects.select_related("union", "leader"),
        user,
        perm,
        union="union",
        group="",
        missing="没有这个工会小组。",
        pk=pk,
    )


def get_term(user, pk: int, perm: str = "org.view") -> CommitteeTerm:
    return get_scoped(
        CommitteeTerm.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing="没有这一届委员会。",
        pk=pk,
    )


def get_position(user, term: CommitteeTerm, pk, perm: str = "committee.change") -> Position:
    """A position of ``term`` (one of another term is 404, whoever asks)."""
    return get_scoped(
        Position.objects.filter(term=term).select_related("member", "term__union"),
        user,
        perm,
        union="term.union",
        missing="没有这个职务。",
        pk=pk,
    )


def _count(queryset, by: str = "union") -> Coalesce:
    """A per-union (or per-``by``) count as a correlated subquery. Two Count(...,
    distinct=True) joins would multiply members by groups before de-duplicating
    (bench/README.md: 25× the raw SQL); a subquery is also computed only for the rows a
    page shows."""
    counted = queryset.filter(**{by: OuterRef("pk")}).order_by().values(by)
    return Coalesce(
        Subquery(counted.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
        0,
    )


def union_tree(user) -> QuerySet[Union]:
    """Unions in reach, in tree order, with their current member and group counts."""
    return (
        scoping.unions(user, "org.view")
        .select_related("parent")
        .annotate(
            member_count=_count(Member.objects.filter(CURRENT)),
            group_count=_count(UnionGroup.objects.filter(archived_at=None)),
        )
        .order_by("path")
    )


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole in percent to one decimal, half up; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Past this many unions the 下属工会 page shows the top two levels of the tree and a search,
# not every union of a county (10,000 rows: 1.4 s and 3.5 MB a page).
UNION_LIST_LIMIT = 300


def union_overview(user, q: str = "") -> tuple[list[Union], bool]:
    """The 下属工会 page: (unions in tree order, whether deeper levels were left out).

    Each row carries ``total_members``, ``total_staff`` and ``join_rate`` (入会率 = members
    ÷ staff) over its whole subtree, also when the subtree's rows are not shown: the totals
    come from two grouped queries over the reach and one pass in Python."""
    reach = scoping.unions(user, "org.view")
    skeleton = list(
        reach.order_by("path").values_list("id", "path", "kind", "staff_count", "archived_at")
    )
    if not skeleton:
        return [], False
    members = dict(
        Member.objects.filter(CURRENT, union__in=reach)
        .order_by()
        .values("union")
        .annotate(n=Count("id"))
        .values_list("union", "n")
    )
    totals = {pk: [0, 0] for pk, *_ in skeleton}
    for pk, path, kind, staff, archived in skeleton:
        counted_staff = 0 if kind in FEDERATION_KINDS or archived else (staff or 0)
        for node in path.strip("/").split("/"):
            total = totals.get(int(node))
            if total is not None:
                total[0] += members.get(pk, 0)
                total[1] += counted_staff
    cut = False
    shown = union_tree(user)
    if q:
        shown = shown.filter(Q(name__icontains=q) | Q(code__icontains=q))[:UNION_LIST_LIMIT]
    elif len(skeleton) > UNION_LIST_LIMIT:
        top = min(path.count("/") for _, path, *_ in skeleton)
        shown = shown.filter(pk__in=[pk for pk, path, *_ in skeleton if path.count("/") <= top + 1])
        cut = True
    rows = list(shown)
    for u in rows:
        u.total_members, u.total_staff = totals[u.pk]
        u.join_rate = percent(u.total_members, u.total_staff)
    return rows, cut


def federations_for_move(user, union: Union) -> QuerySet[Union]:
    """Federations the user administers that ``union`` may move under (not its own subtree)."""
    return (
        scoping.unions(user, "org.admin")
        .filter(kind__in=("federation", "town", "industry"), archived_at=None)
        .exclude(path__startswith=union.path)
        .exclude(pk=union.parent_id)
        .order_by("path")
    )


@dataclass
class Figures:
    unions: int
    grassroots: int
    members: int
    women: int
    staff: int
    groups: int

    @property
    def join_rate(self) -> Decimal | None:
        """入会率 = members ÷ staff, in percent to one decimal."""
        return percent(self.members, self.staff)

    @property
    def women_share(self) -> Decimal | None:
        return percent(self.women, self.members)


def figures(union: Union) -> Figures:
    """Counts for a union and its whole subtree; staff counts come from grassroots unions.
    One query for a grassroots union (it has no subtree), three for a federation. Members
    are counted inside the (union, status, sex) index, never from their rows: a union of
    200,000 costs about 30 ms (bench/README.md, "Pages at 200,000 members")."""
    if not union.is_federation:
        members = Member.objects.filter(CURRENT, union=union)
        archived, staff, total, women, groups = (
            Union.objects.filter(pk=union.pk)
            .annotate(
                n_total=count_of(members),
                n_women=count_of(members.filter(sex=Sex.FEMALE)),
                n_groups=count_of(UnionGroup.objects.filter(union=union, archived_at=None)),
            )
            .values_list("archived_at", "staff_count", "n_total", "n_women", "n_groups")
            .get()
        )
        live = archived is None
        return Figures(
            unions=int(live),
            grassroots=int(live),
            members=total,
            women=women,
            staff=staff if live else 0,
            groups=groups if live else 0,
        )
    grassroots = ~Q(kind__in=FEDERATION_KINDS)
    counts = Union.objects.filter(path__startswith=union.path, archived_at=None).aggregate(
        unions=Count("id"),
        grassroots=Count("id", filter=grassroots),
        staff=Coalesce(Sum("staff_count", filter=grassroots), 0),
    )
    people = Member.objects.filter(CURRENT, union__path__startswith=union.path).aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE))
    )
    # Groups of an archived union are left as they were; they no longer count.
    groups = UnionGroup.objects.filter(
        union__path__startswith=union.path, union__archived_at=None, archived_at=None
    ).count()
    return Figures(
        unions=counts["unions"],
        grassroots=counts["grassroots"],
        members=people["total"],
        women=people["women"],
        staff=counts["staff"],
        groups=groups,
    )


def dashboard_figures(user, union: Union | None) -> Figures | None:
    if union is None or not scoping.has_perm(user, "org.view", union=union):
        return None
    return figures(union)


# The union page lists this many groups; the rest are found through the roster's group
# filter (an employer of 200,000 has thousands of groups).
GROUP_LIST_LIMIT = 100
# A group's page lists this many of its members (by pinyin).
GROUP_MEMBERS_SHOWN = 200


def union_groups(union: Union) -> QuerySet[UnionGroup]:
    """Live groups with their current members (counted in the (group, status) index)."""
    return (
        union.groups.filter(archived_at=None)
        .select_related("leader")
        .annotate(member_count=_count(Member.objects.filter(CURRENT), by="group"))
        .order_by("id")
    )


def live_groups(union: Union) -> QuerySet[UnionGroup]:
    return union.groups.filter(archived_at=None).order_by("id")


def current_terms(union: Union) -> list[CommitteeTerm]:
    positions = (
        Position.objects.filter(ended_on=None).select_related("member").order_by(POST_ORDER, "id")
    )
    return list(
        union.terms.filter(closed_on=None)
        .prefetch_related(Prefetch("positions", queryset=positions, to_attr="current_positions"))
        .order_by("body")
    )


def past_terms(union: Union) -> QuerySet[CommitteeTerm]:
    return union.terms.exclude(closed_on=None).order_by("body", "-number")


def term_positions(term: CommitteeTerm) -> QuerySet[Position]:
    return term.positions.select_related("member").order_by("ended_on", POST_ORDER, "id")


def term_warnings(user) -> list[tuple[CommitteeTerm, str]]:
    """Current terms in reach that have ended or end within the warning window."""
    horizon = timezone.localdate() + datetime.timedelta(days=TERM_WARNING_DAYS)
    terms = (
        CommitteeTerm.objects.filter(
            scoping.union_filter(user, "org.view", prefix="union__"),
            closed_on=None,
            ends_on__lte=horizon,
            union__archived_at=None,
        )
        .select_related("union")
        .order_by("ends_on")
    )
    return [(t, t.warning()) for t in terms]


def visible_members(user, union: Union) -> QuerySet[Member]:
    """Members of ``union`` the user may list: the whole union with member.view there,
    otherwise only the groups they lead."""
    qs = Member.objects.filter(union=union).select_related("group")
    if scoping.has_perm(user, "member.view", union=union):
        return qs
    return qs.filter(group_id__in=scoping.group_ids(user, "member.view"))


def own_member(user) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("union", "group").filter(user=user).first()


def led_groups(user) -> QuerySet[UnionGroup]:
    return UnionGroup.objects.filter(
        pk__in=scoping.group_ids(user, "group.view"), archived_at=None
    ).select_related("union")
