"""Who may see or change what. Every scoped query and every view goes through here.

A role is granted on an organisation node and reaches the node's whole subtree
(``Union.path`` prefix). A group leader's grant reaches their own group only; a member's
reaches their own record only. Permissions are named ``<area>.<verb>``; ROLE_PERMS is
the one table that says which role holds which.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import Role, RoleGrant

# area.verb — what each one lets a user do:
#   org.view        see a union's page, committee and figures
#   org.change      edit a union's own details (name, staff count, credit code…)
#   org.admin       create, move and archive unions *beneath* the node
#   group.view      see a union group and its members' names
#   group.change    create, rename, archive groups and set their leader
#   committee.change  record terms and positions
#   member.view     see the member list
#   member.change   add and edit members, run their lifecycle, import rosters
#   member.reveal   see a member's full ID and mobile number (each look is audited);
#                   everyone else sees them masked (PIPL: only roles that need them)
#   audit.view      read the audit trail
#   role.change     grant and revoke roles
#   self.view       see one's own member record
#   finance.view    read dues, vouchers, budgets, statements and findings
#   finance.change  record dues bases, runs and payments; draft and submit vouchers;
#                   draft budgets; answer the audit committee's findings
#   finance.approve approve and post vouchers — held only by the role the union's
#                   finance settings name (default 工会主席); never one's own voucher
#   finance.override let a voucher past a spending rule with a written reason (chair)
#   finance.rules   change the union's finance settings, spending rules, adopt and
#                   adjust budgets
#   finance.review  write the audit committee's findings and close them (经审)
#   congress.view   see the union's congress: terms, sittings, representatives, proposals
#                   and results (a representative's own actions — check-in, proposals,
#                   co-signing, voting — need no role: being seated is what counts)
#   congress.manage run the congress as its secretariat: terms, sittings, representatives,
#                   secretariat check-in, proposal review and hand-over, polls and counts
#   plan.view       see the union's annual plan, its calendar, targets and documents
#   plan.change     write and import the plan, mark items done, link records, copy it to next year
#   care.view       read the union's 困难职工档案 in full (household, income, illness): the
#                   most sensitive data here, so only the chair, the 经审 (read-only) and the
#                   committee member in charge of welfare (DUTY_PERMS); every look is audited.
#                   A member sees their own file without any role.
#   care.change     run the 帮扶 flow: 初审, 入户调查, 公示, 建档, 帮扶, 复核, 退档
#   care.rules      set the 帮扶 settings (the local 低保 line, the exclusions); a
#                   federation's reach the unions beneath it — no file is opened by it
#   activities.view   see the union's 文体活动 with their sign-up and waiting lists (a member
#                   sees the published activities of their union and signs up without a role)
#   activities.change create, edit, publish and cancel activities, run the lottery, sign
#                   people up and cancel their sign-ups; the activities settings
#   rights.view     see the union's 维权 records: collective contracts and their procedure,
#                   厂务公开, inspections and hazards, the women workers' page (a member
#                   reads what is published to them and asks questions without a role).
#                   Mediation cases are not among them: only the union's 劳动争议调解委员会
#                   reads those (a seat on it is what counts, like a congress seat)
#   rights.change   run them: offers, sessions, drafts, signing, submission; publications
#                   and answers; inspections, hazards, accidents; the mediation committee's
#                   members. A federation runs its own 区域性/行业性 contracts
#   rights.rules    set the legal-clock settings (a federation's reach the unions beneath it)
ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.PLATFORM_ADMIN: frozenset(
        {
            "org.view",
            "org.change",
            "org.admin",
            "group.view",
            "group.change",
            "committee.change",
            "member.view",
            "member.change",
            "member.reveal",
            "audit.view",
            "role.change",
            "finance.view",
            "finance.rules",
            "congress.view",
            "plan.view",
            "care.rules",
        }
    ),
    Role.FEDERATION_ADMIN: frozenset(
        {
            "org.view",
            "org.change",
            "org.admin",
            "group.view",
            "group.change",
            "committee.change",
            "member.view",
            "member.change",
            "member.reveal",
            "audit.view",
            "role.change",
            "finance.view",
            "finance.rules",
            "finance.review",
            "congress.view",
            "plan.view",
            "care.rules",
            "rights.view",
            "rights.change",
            "rights.rules",
        }
    ),
    Role.CHAIR: frozenset(
        {
            "org.view",
            "org.change",
            "group.view",
            "group.change",
            "committee.change",
            "member.view",
            "member.change",
            "member.reveal",
            "audit.view",
            "role.change",
            "self.view",
            "finance.view",
            "finance.change",
            "finance.approve",
            "finance.override",
            "finance.rules",
            "congress.view",
            "congress.manage",
            "plan.view",
            "plan.change",
            "care.view",
            "care.change",
            "care.rules",
            "activities.view",
            "activities.change",
            "rights.view",
            "rights.change",
            "rights.rules",
        }
    ),
    Role.COMMITTEE: frozenset(
        {
            "org.view",
            "group.view",
            "group.change",
            "member.view",
            "member.change",
            "member.reveal",
            "self.view",
            "finance.view",
            "finance.approve",
            "congress.view",
            "congress.manage",
            "plan.view",
            "plan.change",
            "activities.view",
            "activities.change",
            "rights.view",
            "rights.change",
        }
    ),
    Role.TREASURER: frozenset(
        {
            "org.view",
            "group.view",
            "member.view",
            "self.view",
            "finance.view",
            "finance.change",
            "finance.approve",
            "plan.view",
        }
    ),
    Role.AUDITOR: frozenset(
        {
            "org.view",
            "group.view",
            "member.view",
            "audit.view",
            "self.view",
            "finance.view",
            "finance.review",
            "plan.view",
            "care.view",
            "activities.view",
            "rights.view",
        }
    ),
    Role.GROUP_LEADER: frozenset({"group.view", "member.view", "self.view", "plan.view"}),
    Role.MEMBER: frozenset({"self.view"}),
}
# Rights that come from a committee post's 分工, not from a role: the member of the current
# 工会委员会 whose Position carries the duty 生活/福利 (orgs.models.Duty.WELFARE) holds these
# in that union, for as long as they hold the post (issue 16, Privacy: "the committee member
# in charge of welfare (a 分工 …)"). has_perm, require, reaches and union_filter all read
# them, so a view, a service and a list give the same answer. The committee member in
# charge of 文体 (Duty.CULTURE) runs the union's activities the same way, and those in charge
# of 维权, 劳动保护 and 女工 the union's 维权 records.
DUTY_PERMS: dict[str, frozenset[str]] = {
    "welfare": frozenset({"care.view", "care.change"}),
    "culture": frozenset({"activities.view", "activities.change"}),
    # 维权, 劳动保护 and 女工: the committee members who run contracts, openness, inspections
    # and the women workers' work
    "rights": frozenset({"rights.view", "rights.change"}),
    "safety": frozenset({"rights.view", "rights.change"}),
    "women": frozenset({"rights.view", "rights.change"}),
}
ALL_PERMS = frozenset().union(*ROLE_PERMS.values(), *DUTY_PERMS.values())
_DUTY_HELD = frozenset().union(*DUTY_PERMS.values())
# Roles a union chair may grant inside their own union; higher roles need a higher grant.
UNION_ROLES = (
    Role.CHAIR,
    Role.COMMITTEE,
    Role.TREASURER,
    Role.AUDITOR,
    Role.GROUP_LEADER,
    Role.MEMBER,
)


def grants(user) -> list[RoleGrant]:
    """The user's active grants, loaded once per request and cached on the user object.
    Each carries, in the same query, the duties with rights (DUTY_PERMS) its holder's post
    in the grant's union has (``duties``)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gonghui_grants", None)
    if cached is None:
        cached = list(_grants_with_duties().active().filter(user=user))
        user._gonghui_grants = cached
    return cached


_with_duties: QuerySet[RoleGrant] | None = None
# One bit per duty that carries rights, for the grants' one subquery.
_DUTY_BITS = {key: 1 << i for i, key in enumerate(DUTY_PERMS)}


def _grants_with_duties() -> QuerySet[RoleGrant]:
    """Every grant with its union and ``duty_mask``, the duties of DUTY_PERMS its holder's
    posts in the grant's union carry (one bit each). Never evaluated itself: each request
    filters a copy. Built once per process, because resolving the subquery cost more than
    running it (one subquery rather than one per duty: 8 ms a request became 1 on SQLite)."""
    global _with_duties
    if _with_duties is None:
        _with_duties = RoleGrant.objects.select_related("union").annotate(duty_mask=_duty_mask())
    return _with_duties


def _duty_mask():
    """The sum of the distinct bits of the current 工会委员会 posts with rights held by the
    grant's user in the grant's union: two posts of one duty add its bit once."""
    from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Body, Position

    bit = Case(*(When(duty=key, then=Value(b)) for key, b in _DUTY_BITS.items()), default=0)
    posts = (
        Position.objects.filter(
            member__user=OuterRef("user_id"),
            member__union=OuterRef("union_id"),
            member__status__in=CURRENT_MEMBER_STATUSES,
            ended_on__isnull=True,
            term__union=OuterRef("union_id"),
            term__closed_on__isnull=True,
            term__body=Body.COMMITTEE,
            duty__in=list(_DUTY_BITS),
        )
        .order_by()
        .values("member__user")
        .annotate(mask=Sum(bit, distinct=True))
        .values("mask")
    )
    return Coalesce(Subquery(posts, output_field=IntegerField()), 0)


def duties(user) -> list[tuple[int, str, str]]:
    """(union id, union path, duty) of the user's current posts whose duty carries rights
    (DUTY_PERMS). Read with the grants, in their one query: a post's rights hold in a union
    where the user's login has a grant, as every login linked to a member has (会员,
    ``orgs.services.member_account_open``)."""
    found = {
        (g.union_id, g.union.path, key)
        for g in grants(user)
        if g.union_id is not None
        for key, bit in _DUTY_BITS.items()
        if g.duty_mask & bit
    }
    return sorted(found)


def _duty_unions(user, perm: str) -> list[tuple[int, str]]:
    if perm not in _DUTY_HELD:
        return []
    return [(uid, path) for uid, path, duty in duties(user) if perm in DUTY_PERMS[duty]]


def forget(user) -> None:
    """Drop the cached grants and posts (after a grant or revoke in the same request)."""
    user.__dict__.pop("_gonghui_grants", None)


def _with_perm(user, perm: str) -> list[RoleGrant]:
    if perm not in ALL_PERMS:
        raise ValueError(f"unknown permission {perm!r}")
    return [g for g in grants(user) if perm in ROLE_PERMS[g.role]]


def is_platform_admin(user) -> bool:
    return any(g.role == Role.PLATFORM_ADMIN for g in grants(user))


def has_perm(user, perm: str, *, union=None, group=None) -> bool:
    """May ``user`` do ``perm`` on ``union`` (and, for group-level checks, ``group``)?"""
    if group is not None and union is None:
        union = group.union
    for g in _with_perm(user, perm):
        if g.role == Role.PLATFORM_ADMIN:
            return True
        if union is None or not union.path.startswith(g.union.path):
            continue
        # A group grant reaches its group only, except for one's own record (self.view),
        # which belongs to the person whichever group they sit in.
        if g.group_id is None or perm == "self.view":
            return True
        if group is not None and group.pk == g.group_id:
            return True
    # A post's right reaches its own union only (a grassroots union has no subtree).
    return union is not None and any(uid == union.pk for uid, _ in _duty_unions(user, perm))


def person(actor):
    """The user to record as having done something, or None for the system itself."""
    return actor if actor is not None and getattr(actor, "pk", None) else None


def require(actor, perm: str, *, union=None, group=None) -> None:
    """PermissionDenied unless ``actor`` holds ``perm`` on ``union`` (or ``group``).

    The one permission check of views *and* services: every service starts with it, so the
    command line and the API are no way round a role. ``actor=None`` is the system itself
    (the demo, a command the operator runs on the server) and passes; an anonymous visitor
    is not None and holds nothing."""
    if actor is None:
        return
    if not has_perm(actor, perm, union=union, group=group):
        raise PermissionDenied("您没有权限进行此操作。")


def reaches(user, union) -> bool:
    """Does any of the user's grants reach ``union`` at all (whatever the permission)?
    Outside their reach an object is answered with 404, never 403: a user must not learn
    that another union's voucher or member exists."""
    for g in grants(user):
        if g.role == Role.PLATFORM_ADMIN:
            return True
        if union is not None and g.union_id is not None and union.path.startswith(g.union.path):
            return True
    # A post that carries rights (DUTY_PERMS) reaches its union, even without a role there.
    return union is not None and any(uid == union.pk for uid, _, _ in duties(user))


def union_filter(user, perm: str, *, prefix: str = "") -> Q:
    """A Q that keeps rows whose union (reached by ``prefix``) is in the user's reach for
    ``perm`` at union level. Matches nothing when the user has no such grant."""
    q = Q(pk__in=[])
    for g in _with_perm(user, perm):
        if g.role == Role.PLATFORM_ADMIN:
            return Q()
        if g.group_id is None:
            q |= Q(**{f"{prefix}path__startswith": g.union.path})
    for _, path in _duty_unions(user, perm):
        q |= Q(**{f"{prefix}path": path})
    return q


def group_ids(user, perm: str) -> list[int]:
    """Groups reached through group-level grants (a group leader's own group)."""
    return [g.group_id for g in _with_perm(user, perm) if g.group_id is not None]


def unions(user, perm: str = "org.view") -> QuerySet:
    from gonghui.orgs.models import Union

    return Union.objects.filter(union_filter(user, perm))


def reach_label(user) -> str:
    """A short Chinese description of the user's roles, for the page header."""
    parts = []
    for g in grants(user):
        where = "全平台" if g.union_id is None else g.union.name
        parts.append(f"{g.get_role_display()}（{where}）")
    return "、".join(parts)
