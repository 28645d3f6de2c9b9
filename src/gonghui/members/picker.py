"""The member picker: the one way a form chooses members of a union, whatever its size.

A ``<select>`` of every member put 200,000 names into the new-voucher page (47.7 MB,
23 s) and the union page, and 240 names in code-point order are no use either. The picker
is a search box (``core.widgets.SearchPicker``) that asks ``/unions/<code>/members/pick/``
for at most ``PICK_LIMIT`` matches, by pinyin order, on the roster's indexed search keys
(``members.queries.search_q``: the start of a name, full pinyin or initials, a member card
number, the last four digits of a mobile or ID number) or the name of their group. The form
posts member ids; the field (``MemberField``, ``MembersField``) checks them against the
union's candidates, so a member of another union is refused with a Chinese message
whatever was posted.

Each form that embeds a picker names its *purpose*: the permission its page needs on the
union, which the search endpoint asks for too (a page's picker searches no more than the
page may show), and whom it offers — current members (在会、退休), or those without a login
for a new account. The voucher's per-person list may also take whole groups ("g<id>"),
expanded on the server to the group's current members.

A purpose may instead be *within* one object of another app, where the right to choose is
a seat rather than a role (a representative writing someone in on an election's ballot,
or asking co-signers for a proposal): a function of that app, named in the purpose, finds
the object the search's ``item`` names, checks the user's right on it and says whom the
picker offers there. Such searchers are no roster readers: they search by name, pinyin and
group only and are shown the group only (``names_only``). A search whose words would tell
a secret (whom a voter writes in) goes by POST (``secret``), so nothing typed reaches an
access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.module_loading import import_string

from gonghui.core import scoping
from gonghui.core.queries import count_of
from gonghui.core.widgets import SearchPicker
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union, UnionGroup

from .queries import search_q

PICK_LIMIT = 20
# A group name typed into a picker finds the members of at most this many groups.
GROUPS_SEARCHED = 5


@dataclass(frozen=True)
class Purpose:
    perm: str  # what the page embedding the picker needs on the union
    without_account: bool = False  # only members with no login yet
    groups: bool = False  # whole groups may be chosen ("g<id>")
    former: bool = False  # former members too (transferred, left…), not only 在会/退休
    # The dotted path of ``fn(user, union, item: int) -> QuerySet[Member]``: the object
    # ``item`` names, the user's right on it (PermissionDenied, Http404), whom it offers.
    # ``perm`` is then not asked: the function decides (a seat is a right, not a role).
    within: str = ""
    names_only: bool = False  # matched on names and groups only; shown with the group only
    secret: bool = False  # searched by POST: what is typed stays out of every access log
    empty: str = "本工会还没有在册会员。"  # the answer when it offers nobody at all
    # the members of the union's whole subtree: a federation picks among its unions' members
    # (a 区域性/行业性 contract's workers' representatives); a grassroots union has no subtree
    subtree: bool = False


PURPOSES: dict[str, Purpose] = {
    "voucher": Purpose("finance.change", groups=True),  # a voucher line's 按人发放
    "aid": Purpose("finance.change"),  # a mutual-aid deposit or loan
    # Savings paid back, also to someone who has left (the service checks the balance).
    "aid_savings": Purpose("finance.change", former=True),
    "group": Purpose("group.change"),  # a group's leader
    "committee": Purpose("committee.change"),  # a committee position
    "congress": Purpose("congress.manage"),  # a representative elected or by-elected
    "plan": Purpose("plan.change"),  # the person responsible for a plan item
    "account": Purpose("role.change", without_account=True),  # a new account's member
    # 另选他人 on an election's ballot: for a representative who may vote in it now (or the
    # secretariat entering a paper count), members in good standing not on the ballot.
    "write_in": Purpose(
        "",
        within="gonghui.congress.queries.elections.write_in_pool",
        names_only=True,
        secret=True,
        empty="没有可以另选的会员。",
    ),
    # 附议人 of a proposal: for a seated representative, the sitting's other seated ones.
    "cosigner": Purpose(
        "",
        within="gonghui.congress.queries.proposals.cosigner_pool",
        names_only=True,
        empty="本届没有其他在任代表。",
    ),
}


def candidates(union: Union, purpose: Purpose) -> QuerySet[Member]:
    """The members a picker for ``purpose`` offers and its field accepts (nobody for a
    purpose ``within`` an object: its form passes the object's own ``queryset``)."""
    if purpose.within:
        return Member.objects.none()
    if purpose.subtree:
        qs = Member.objects.filter(union__path__startswith=union.path)
    else:
        qs = Member.objects.filter(union=union)
    if not purpose.former:
        qs = qs.filter(status__in=CURRENT_MEMBER_STATUSES)
    return qs.filter(user=None) if purpose.without_account else qs


def _is_id(value: str) -> bool:
    """A posted value that can be a row id: ASCII digits ("²" is a digit to Python, int()
    refuses it) that fit the database's 64-bit integer (a longer one overflows the query)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def pool(user, union: Union, purpose: Purpose, item: str = "") -> QuerySet[Member]:
    """Whom ``user`` may search for ``purpose`` in ``union`` (PermissionDenied, or Http404
    for an object they may not know, when they may not)."""
    if purpose.within:
        if not _is_id(item):
            raise Http404("没有指明在哪一项中选择。")
        return import_string(purpose.within)(user, union, int(item))
    scoping.require(user, purpose.perm, union=union)
    return candidates(union, purpose)


def live_groups(union: Union) -> QuerySet[UnionGroup]:
    return UnionGroup.objects.filter(union=union, archived_at=None)


def member_label(member: Member) -> str:
    return f"{member.name}（{member.group.name}）" if member.group_id else member.name


def group_label(group: UnionGroup, count: int) -> str:
    return f"{group.name}（全组 {count} 人）"


@dataclass
class Option:
    value: str
    label: str  # on the chip once chosen
    title: str  # in the list of matches
    detail: str = ""


@dataclass
class Matches:
    options: list[Option] = field(default_factory=list)
    more: bool = False


def clean_query(q: str) -> str:
    return " ".join(q.split())[:40]


def _matching_groups(union: Union, q: str) -> QuerySet[UnionGroup]:
    groups = live_groups(union)
    return groups.filter(name__contains=q) if q else groups


def _with_counts(groups: QuerySet[UnionGroup]) -> QuerySet[UnionGroup]:
    """Each group's current members as ``n`` (counted in the (group, status) index)."""
    return groups.annotate(n=count_of(Member.objects.current().filter(group=OuterRef("pk"))))


SHOWN = ("id", "name", "card_number", "group__name")


def _alternatives(union: Union, q: str, *, names_only: bool = False) -> list[Q]:
    """What ``q`` may match, one condition per index: ``search_q``'s alternatives (the
    start of a name through the pinyin index, pinyin or initials, the numbers) and, for
    Chinese text, the members of the first ``GROUPS_SEARCHED`` groups whose name holds it.
    ``names_only``: nothing for a number (it would test a card, mobile or ID number)."""
    if not q:
        return [Q()]
    if names_only and any(c.isdigit() for c in q):
        return []
    matched = search_q(q, subtree=True)
    if matched.connector == Q.OR and not matched.negated:
        found = [c if isinstance(c, Q) else Q(c) for c in matched.children]
    else:
        found = [matched]
    if not q.isascii():
        in_groups = _matching_groups(union, q).order_by("id").values("id")[:GROUPS_SEARCHED]
        found.append(Q(group_id__in=in_groups))
    return found


def _first_matches(pool: QuerySet[Member], alternatives: list[Q], n: int) -> list[int]:
    """The ids of the first ``n`` members of ``pool`` by pinyin matching any alternative.
    One query per alternative, each taking its own index and stopping after ``n`` rows:
    OR-ed into one WHERE, SQLite walks the union's whole pinyin index instead (0.8 s at
    200,000 members for "zw"; bench/README.md)."""
    keys: set[tuple[str, int]] = set()
    for alternative in alternatives:
        rows = pool.filter(alternative).order_by("name_pinyin", "id")
        keys.update(rows.values_list("name_pinyin", "id")[:n])
    return [pk for _, pk in sorted(keys)[:n]]


def search(user, union: Union, purpose: Purpose, q: str, item: str = "") -> Matches:
    """At most ``PICK_LIMIT`` candidates matching ``q`` (the first by pinyin when ``q`` is
    empty), with whole groups first where the purpose takes them: the groups with their
    current counts, one query per alternative of ``q`` (at most four) and the members
    found; the number depends on what was typed, never on the size of the roster."""
    members_pool = pool(user, union, purpose, item)
    q = clean_query(q)
    out = Matches()
    if purpose.groups:
        groups = _with_counts(_matching_groups(union, q)).order_by("name", "id")[:PICK_LIMIT]
        out.options += [
            Option(f"g{g.pk}", group_label(g, g.n), f"整组：{g.name}", f"{g.n} 人")
            for g in groups
            if g.n
        ]
    alternatives = _alternatives(union, q, names_only=purpose.names_only)
    ids = _first_matches(members_pool, alternatives, PICK_LIMIT + 1)
    found = {m.pk: m for m in members_pool.filter(pk__in=ids).select_related("group").only(*SHOWN)}
    members = [found[pk] for pk in ids]
    out.more = len(members) > PICK_LIMIT
    for m in members[:PICK_LIMIT]:
        card = "" if purpose.names_only else m.card_number
        detail = " · ".join(x for x in (m.group.name if m.group_id else "", card) if x)
        out.options.append(Option(str(m.pk), member_label(m), m.name, detail))
    return out


# --- form fields ------------------------------------------------------------------------


def _url(union: Union, purpose: str, item=None) -> str:
    url = f"{reverse('members:member_pick', args=[union.code])}?for={purpose}"
    return url if item is None else f"{url}&item={item}"


def _point(widget: SearchPicker, union: Union, purpose: str, item) -> None:
    """Aim ``widget`` at the search for ``purpose`` (within ``item``, if it names one)."""
    widget.url = _url(union, purpose, item)
    widget.post = PURPOSES[purpose].secret


class MemberField(forms.ModelChoiceField):
    """One member of the union, chosen with the picker. Call ``for_union`` in the form's
    ``__init__``; until then it accepts nobody."""

    default_error_messages = {"invalid_choice": "请从本工会的在册会员中选择。"}

    def __init__(self, *, purpose: str, **kwargs):
        self.purpose = purpose
        kwargs.setdefault("queryset", Member.objects.none())
        super().__init__(widget=SearchPicker(), **kwargs)

    def for_union(self, union: Union, queryset: QuerySet[Member] | None = None, item=None) -> None:
        """Offer and accept the purpose's members of ``union`` (or only ``queryset``, a
        part of them: the search still offers all, the field refuses the others); ``item``:
        the object a purpose ``within`` one searches in."""
        self.queryset = candidates(union, PURPOSES[self.purpose]) if queryset is None else queryset
        _point(self.widget, union, self.purpose, item)
        self.widget.labels = self._labels  # this form's copy of the field

    def to_python(self, value):
        if isinstance(value, str) and value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return super().to_python(value)

    def _labels(self, values: list[str]) -> list[tuple[str, str]]:
        wanted = [v for v in values if _is_id(v)]
        found = {str(m.pk): m for m in self.queryset.filter(pk__in=wanted).select_related("group")}
        return [(v, member_label(found[v])) for v in values if v in found]

    def label_from_instance(self, obj) -> str:
        return member_label(obj)


class MembersField(forms.Field):
    """Several members of the union (and, where the purpose allows, whole groups: values
    "g<id>"), chosen with the picker. Cleans to a list of members without repeats, those
    picked one by one first, then each group's current members by pinyin."""

    default_error_messages = {
        "invalid_choice": "请从本工会的在册会员中选择。",
        "invalid_group": "请从本工会的工会小组中选择。",
    }

    def __init__(self, *, purpose: str, **kwargs):
        self.purpose = purpose
        self.union: Union | None = None
        self.queryset: QuerySet[Member] | None = None
        super().__init__(widget=SearchPicker(multiple=True), **kwargs)

    def for_union(self, union: Union, queryset: QuerySet[Member] | None = None, item=None) -> None:
        """As ``MemberField.for_union``: only ``queryset`` accepted when given."""
        self.union = union
        self.queryset = queryset
        _point(self.widget, union, self.purpose, item)
        self.widget.labels = self._labels  # this form's copy of the field

    def _pool(self, union: Union) -> QuerySet[Member]:
        if self.queryset is not None:
            return self.queryset
        return candidates(union, PURPOSES[self.purpose])

    def _split(self, values) -> tuple[list[str], list[str]]:
        values = [str(v) for v in values or () if v not in (None, "")]
        groups = [v[1:] for v in values if v.startswith("g") and PURPOSES[self.purpose].groups]
        members = [v for v in values if not v.startswith("g")]
        return members, groups

    def _labels(self, values: list[str]) -> list[tuple[str, str]]:
        if self.union is None:
            return []
        member_ids, group_ids = self._split(values)
        found = {}
        if member_ids:
            members = self._pool(self.union).select_related("group")
            for m in members.filter(pk__in=[v for v in member_ids if _is_id(v)]):
                found[str(m.pk)] = member_label(m)
        if group_ids:
            for g in _with_counts(live_groups(self.union)).filter(
                pk__in=[v for v in group_ids if _is_id(v)]
            ):
                found[f"g{g.pk}"] = group_label(g, g.n)
        return [(v, found[v]) for v in values if v in found]

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]

    def clean(self, value) -> list[Member]:
        values = self.to_python(value)
        self.validate(values)
        self.run_validators(values)
        if not values or self.union is None:
            return []
        member_ids, group_ids = self._split(values)
        offered = self._pool(self.union)
        picked: list[Member] = []
        if member_ids:
            if not all(_is_id(v) for v in member_ids):
                raise forms.ValidationError(self.error_messages["invalid_choice"])
            by_pk = {str(m.pk): m for m in offered.filter(pk__in=member_ids)}
            if set(member_ids) - set(by_pk):
                raise forms.ValidationError(self.error_messages["invalid_choice"])
            picked = [by_pk[v] for v in dict.fromkeys(member_ids)]
        if group_ids:
            ids = {int(v) for v in group_ids if _is_id(v)}
            if len(ids) != len(set(group_ids)) or live_groups(self.union).filter(
                pk__in=ids
            ).count() != len(ids):
                raise forms.ValidationError(self.error_messages["invalid_group"])
            seen = {m.pk for m in picked}
            more = offered.filter(group_id__in=ids).order_by("name_pinyin", "id")
            picked += [m for m in more if m.pk not in seen]
        return picked
