"""Every roster read that depends on who asks: the searchable member list, one member's
page and history, join applications.

Search runs on indexed keys kept by the services (name_pinyin, name_initials, mobile_tail,
id_tail). Prefix matches are written as ranges (``key >= 'zw' AND key < 'zx'``) rather than
``LIKE 'zw%'``: SQLite only uses an index for LIKE under a NOCASE column or
``case_sensitive_like``, PostgreSQL only with a ``*_pattern_ops`` index, while a range uses
the plain B-tree index on both. The keys are lower-case ASCII, so the range means the same
under any collation.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied
from django.db.models import ExpressionWrapper, F, IntegerField, OrderBy, Q, QuerySet
from django.db.models.functions import ExtractYear

from gonghui.core import scoping
from gonghui.core.dates import add_years
from gonghui.core.pages import CappedPaginator
from gonghui.core.queries import get_scoped
from gonghui.orgs.models import (
    CURRENT_MEMBER_STATUSES,
    FEDERATION_KINDS,
    Member,
    MemberStatus,
    Union,
    UnionGroup,
)

from .models import ApplicationStatus, JoinApplication, MemberEvent
from .pinyin import name_pinyin
from .rules import AGE_BANDS

FLAGS = {"frontline": "is_frontline", "manager": "is_manager", "teacher": "is_teacher"}
# Blank dates sort last either way (PostgreSQL would put NULLs first when descending).
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "name": ("name_pinyin", "id"),
    "-joined": (F("joined_on").desc(nulls_last=True), "id"),
    "joined": (F("joined_on").asc(nulls_last=True), "id"),
    "age": (F("birth_date").desc(nulls_last=True), "id"),
    "-age": (F("birth_date").asc(nulls_last=True), "id"),
    "group": ("group__name", "name_pinyin", "id"),
}
# A role that may not reveal numbers sorts by age on the birth year alone (then by pinyin):
# the order inside a year would rank members by birthday, the part of the date it is not
# shown.
_YEAR = ExtractYear("birth_date")
YEAR_SORTS: dict[str, tuple[str | OrderBy, ...]] = SORTS | {
    "age": (OrderBy(_YEAR, descending=True, nulls_last=True), "name_pinyin", "id"),
    "-age": (OrderBy(_YEAR, nulls_last=True), "name_pinyin", "id"),
}
# A federation whose subtree holds at least this share of all unions lists its members by
# walking the pinyin index (see roster_scope).
DENSE_SHARE = 0.2


@dataclass
class RosterFilter:
    q: str = ""
    group: int | None = None
    status: str = "current"  # "current" (在会 + 退休), "all", or one MemberStatus
    sex: str = ""
    flag: str = ""
    employment: str = ""
    age: str = ""
    joined: int | None = None
    sort: str = ""

    @classmethod
    def from_query(cls, params) -> RosterFilter:
        """Read the list's GET parameters; anything malformed is ignored, not an error."""
        f = cls()
        f.q = " ".join(params.get("q", "").split())[:40]
        f.group = _int(params.get("group"))
        status = params.get("status", "current")
        f.status = status if status in {"current", "all", *MemberStatus.values} else "current"
        f.sex = params.get("sex", "") if params.get("sex") in ("M", "F") else ""
        f.flag = params.get("flag", "") if params.get("flag") in FLAGS else ""
        f.employment = params.get("employment", "")
        f.age = params.get("age", "") if params.get("age") in AGE_BANDS else ""
        f.joined = _int(params.get("joined"))
        f.sort = params.get("sort", "") if params.get("sort") in SORTS else ""
        return f

    def as_params(self, **override) -> dict[str, str]:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | override
        return {k: str(v) for k, v in values.items() if v not in ("", None)}

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.q or self.group or self.sex or self.flag or self.employment or self.age
        ) or bool(self.joined)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _prefix(field: str, value: str) -> Q:
    """``field`` starts with ``value``, as an index range."""
    return Q(**{f"{field}__gte": value, f"{field}__lt": value[:-1] + chr(ord(value[-1]) + 1)})


def _numbered(field: str, value: str) -> Q:
    """``field = value`` for a number whose only index is the partial unique one (blank
    numbers are not unique). Repeating the index's condition lets SQLite use that index;
    without it a four-digit search across a district reads every member (630 ms → 4 ms
    at a million members, bench/README.md)."""
    return Q(**{field: value}) & ~Q(**{field: ""})


_DIGITS = re.compile(r"^\d+[Xx]?$")
_LATIN = re.compile(r"^[a-z]+$")
_NUMBER = re.compile(r"^[A-Za-z0-9-]+$")


def search_q(q: str, *, subtree: bool, reveal: bool = False) -> Q:
    """One box for everything a committee member might type: a name or its start, full
    pinyin or initials ("zhangwei", "zw"), the last four digits of a mobile or ID number,
    a whole mobile, ID or member card number.

    A search must not test what the page hides: for a searcher without ``member.reveal``
    (``reveal=False``, the default) a number matches only on what that role is shown — the
    last four digits of a mobile (its mask shows them), a whole mobile on its shown first
    three and last four, a member card number — never on an ID number or its last four
    (the mask hides them), so typing guesses at a birth date or a sequence code learns
    nothing."""
    q = q.replace(" ", "")
    if not q:
        return Q()
    if _DIGITS.match(q):
        q = q.upper()
        if len(q) == 4:
            tails = Q(mobile_tail=q) | Q(id_tail=q) if reveal else Q(mobile_tail=q)
            return tails | _numbered("card_number", q)
        if len(q) == 11 and q.isdigit():
            mobile = Q(mobile=q) if reveal else Q(mobile_tail=q[-4:], mobile__startswith=q[:3])
            return mobile | _numbered("card_number", q)
        if not reveal:
            return _numbered("card_number", q)
        return _numbered("id_number", q) | _numbered("card_number", q)
    if _NUMBER.match(q) and any(c.isdigit() for c in q):
        # A passport number or a member card number such as HY0001.
        card = _numbered("card_number", q)
        return _numbered("id_number", q.upper()) | card if reveal else card
    lowered = q.lower()
    if _LATIN.match(lowered):
        return _prefix("name_initials", lowered) | _prefix("name_pinyin", lowered)
    if subtree:
        # Across a federation's whole tree a substring match would read every row; the
        # start of the name narrows through the pinyin index first.
        full, _ = name_pinyin(q)
        return (_prefix("name_pinyin", full) & Q(name__startswith=q)) if full else Q(name=q)
    return Q(name__contains=q) | _numbered("card_number", q)


def roster_scope(user, union: Union) -> QuerySet[Member]:
    """The members ``user`` may list under ``union``: a grassroots union's own members, or
    for a federation every member in its subtree; a group leader only their groups."""
    if union.is_federation:
        if not scoping.has_perm(user, "member.view", union=union):
            raise PermissionDenied("您没有权限查看该范围的会员。")
        units = Union.objects.filter(path__startswith=union.path)
        if units.count() < DENSE_SHARE * Union.objects.count():
            return Member.objects.filter(union_id__in=units.values("id"))
        # Most of the database is in this subtree. Given ``union_id IN (…)`` SQLite reads
        # the whole subtree through the union index and sorts it (1.2 s at a million
        # members); hiding union_id behind ``+ 0`` makes it walk the pinyin (or search)
        # index in page order instead and stop after one page (4 ms). A small subtree is
        # the other way round, hence the choice by share.
        return Member.objects.alias(
            in_union=ExpressionWrapper(F("union_id") + 0, output_field=IntegerField())
        ).filter(in_union__in=units.values("id"))
    qs = Member.objects.filter(union=union)
    if scoping.has_perm(user, "member.view", union=union):
        return qs
    led = list(
        UnionGroup.objects.filter(
            pk__in=scoping.group_ids(user, "member.view"), union=union
        ).values_list("pk", flat=True)
    )
    if not led:  # no grant here, or a group leader of another union's group
        raise PermissionDenied("您没有权限查看该工会的会员。")
    return qs.filter(group_id__in=led)


def roster(
    user, union: Union, f: RosterFilter, *, today: datetime.date | None = None
) -> QuerySet[Member]:
    today = today or datetime.date.today()
    qs = roster_scope(user, union)
    reveal = scoping.has_perm(user, "member.reveal", union=union)
    if f.status == "current":
        qs = qs.filter(status__in=CURRENT_MEMBER_STATUSES)
    elif f.status != "all":
        qs = qs.filter(status=f.status)
    qs = qs.filter(search_q(f.q, subtree=union.is_federation, reveal=reveal))
    if f.group:
        qs = qs.filter(group_id=f.group)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.flag:
        qs = qs.filter(**{FLAGS[f.flag]: True})
    if f.employment:
        qs = qs.filter(employment=f.employment)
    if f.age:
        qs = qs.filter(_age_band(f.age, today, exact=reveal))
    if f.joined:
        qs = qs.filter(
            joined_on__gte=datetime.date(f.joined, 1, 1),
            joined_on__lt=datetime.date(f.joined + 1, 1, 1),
        )
    default = ("name_pinyin", "id") if union.is_federation else SORTS["group"]
    order = SORTS.get(f.sort, default) if reveal else YEAR_SORTS.get(f.sort, default)
    return qs.select_related("group", "union").order_by(*order)


def _age_band(band: str, today: datetime.date, *, exact: bool) -> Q:
    """Members whose age falls in ``band``. Exact for a role that may reveal numbers (it sees
    birth dates); for any other, by birth year (age = this year − birth year), the one part
    of the birth date it is shown: an exact band would move on the birthday, and comparing
    the list on two days would tell the day."""
    _, low, high = AGE_BANDS[band]
    if exact:
        # age >= low ⇔ born on or before today - low years; age < high ⇔ born after
        # today - high years.
        return Q(birth_date__lte=add_years(today, -low), birth_date__gt=add_years(today, -high))
    return Q(
        birth_date__lt=datetime.date(today.year - low + 1, 1, 1),
        birth_date__gte=datetime.date(max(today.year - high + 1, 1), 1, 1),
    )


def roster_page(qs: QuerySet[Member], number, per_page: int = 50):
    return CappedPaginator(qs, per_page).get_page(number)


def roster_groups(user, union: Union) -> QuerySet[UnionGroup]:
    """The groups offered in the list's filter."""
    if union.is_federation:
        return UnionGroup.objects.none()
    qs = UnionGroup.objects.filter(union=union, archived_at=None).order_by("name")
    if scoping.has_perm(user, "member.view", union=union):
        return qs
    return qs.filter(pk__in=scoping.group_ids(user, "member.view"))


# --- one member ---------------------------------------------------------------------


def get_member(user, pk: int, perm: str = "member.view", *, union: Union | None = None) -> Member:
    """A member the user may ``perm`` on (``member.view`` on the union or on their group), or
    for ``member.view`` their own record (``self.view``). With ``union`` (a page under
    ``/unions/<code>/``), a member of any other union is 404."""

    def own(member: Member) -> bool:
        return perm == "member.view" and user.is_authenticated and member.user_id == user.pk

    members = Member.objects.all() if union is None else Member.objects.filter(union=union)
    return get_scoped(
        members.select_related("union", "group", "user"),
        user,
        perm,
        union="union",
        group="group",
        allow=own,
        missing="没有这名会员，或您无权查看。",
        pk=pk,
    )


def can_reveal(user, member: Member) -> bool:
    return scoping.has_perm(user, "member.reveal", union=member.union)


def member_history(member: Member) -> QuerySet[MemberEvent]:
    return member.events.select_related(
        "union", "other_union", "recorded_by", "import_run"
    ).order_by("on", "id")


def transfer_targets(user, member: Member) -> QuerySet[Union]:
    """Grassroots unions in the same tree the member may be transferred to."""
    root = member.union.path.split("/")[1]
    return (
        Union.objects.filter(path__startswith=f"/{root}/", archived_at=None)
        .exclude(pk=member.union_id)
        .exclude(kind__in=FEDERATION_KINDS)
        .order_by("path")
    )


# --- applications ----------------------------------------------------------------------


def applications(user, union: Union, status: str = ApplicationStatus.PENDING):
    scoping.require(user, "member.change", union=union)
    qs = JoinApplication.objects.filter(union=union)
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("decided_by", "member")


def get_application(user, pk: int, perm: str = "member.change") -> JoinApplication:
    return get_scoped(
        JoinApplication.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing="没有这份入会申请，或您无权查看。",
        pk=pk,
    )


def pending_application_count(union: Union) -> int:
    return JoinApplication.objects.filter(union=union, status=ApplicationStatus.PENDING).count()


def resolve_names(union: Union, keys: list[str]) -> tuple[dict[str, Member], list[str]]:
    """Names or 会员证号 typed by a person → ({key: current member of ``union``}, problems).
    A card number wins over a name; a name two current members share must be given as a
    card number. Problems are Chinese sentences naming the key."""
    wanted = {k for k in keys if k}
    if not wanted:
        return {}, []
    found = list(
        Member.objects.current()
        .filter(union=union)
        .filter(Q(card_number__in=wanted) | Q(name__in=wanted))
        .only("id", "name", "card_number", "union_id", "status")
    )
    by_card = {m.card_number: m for m in found if m.card_number}
    by_name: dict[str, list[Member]] = {}
    for m in found:
        by_name.setdefault(m.name, []).append(m)
    out, problems = {}, []
    for key in dict.fromkeys(k for k in keys if k):
        member = by_card.get(key)
        if member is None:
            named = by_name.get(key, [])
            if len(named) > 1:
                problems.append(f"“{key}”：有 {len(named)} 名在册会员叫{key}，请改用会员证号。")
                continue
            member = named[0] if named else None
        if member is None:
            problems.append(f"“{key}”：本工会没有这名在册会员（可填姓名或会员证号）。")
            continue
        out[key] = member
    return out, problems


def same_tree(a: Union, b: Union) -> bool:
    """Do the two unions hang under the same root (one organisation tree on this platform)?
    A member moves between them by 转会 with their record; to anywhere else they 转出."""
    return a.path.split("/")[1] == b.path.split("/")[1]
