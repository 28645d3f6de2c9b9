"""Every write to the organisation tree. Each service is atomic and writes its audit entry.

Each service first checks its actor (``scoping.require``; ``actor=None`` is the system):
``org.change`` on the union for its own details; ``org.admin`` on the *parent* to create,
move or archive a union (a federation administrator manages the unions beneath their
node, not the node itself; a node without a parent is the platform administrator's);
``group.change`` for groups; ``committee.change`` for terms and positions; ``role.change``
to open an account. Then the business rules, raised as ``ValidationError`` with a Chinese
message saying what to fix.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core.dates import add_years

from .models import (
    FEDERATION_KINDS,
    HEAD_POSTS,
    POSTS_BY_BODY,
    Body,
    CommitteeTerm,
    Member,
    MemberStatus,
    Position,
    Post,
    Union,
    UnionGroup,
)
from .rules import COMMITTEE_TERM_YEARS
from .validators import normalize_uscc

UNION_FIELDS = ("name", "kind", "employer_name", "credit_code", "staff_count", "founded_on")


def _check_parent(*, kind: str, parent: Union | None) -> None:
    if parent is None:
        if kind not in FEDERATION_KINDS:
            raise ValidationError({"parent": "基层工会必须隶属于一个上级工会，请选择上级工会。"})
        return
    if parent.archived_at is not None:
        raise ValidationError({"parent": f"上级工会「{parent}」已归档，不能在其下新建或移入工会。"})
    if not parent.is_federation:
        raise ValidationError(
            {
                "parent": f"「{parent}」是基层工会，其下不能再设工会；上级工会须为总工会、镇街工会或行业工会。"
            }
        )


@transaction.atomic
def union_create(
    *,
    actor,
    name: str,
    code: str,
    kind: str,
    parent: Union | None,
    employer_name: str = "",
    credit_code: str = "",
    staff_count: int = 0,
    founded_on: datetime.date | None = None,
) -> Union:
    scoping.require(actor, "org.admin", union=parent)
    if parent is not None:
        # Lock and re-read: the parent may have been archived or moved since the form loaded.
        parent = Union.objects.select_for_update().get(pk=parent.pk)
    _check_parent(kind=kind, parent=parent)
    union = Union(
        name=name.strip(),
        code=code.strip(),
        kind=kind,
        parent=parent,
        employer_name=employer_name.strip(),
        credit_code=normalize_uscc(credit_code),
        staff_count=staff_count,
        founded_on=founded_on,
        path="/",
    )
    if Union.objects.filter(code=union.code).exists():
        # Checked here: full_clean's generic "具有 代码 的 工会 已存在" names no remedy.
        raise ValidationError({"code": f"代码「{union.code}」已存在，请换一个代码。"})
    union.full_clean()
    union.save()
    # The id is known only after the insert; the path ends with it.
    union.path = f"{parent.path if parent else '/'}{union.pk}/"
    Union.objects.filter(pk=union.pk).update(path=union.path)
    audit.record(actor=actor, action="union.create", obj=union)
    return union


@transaction.atomic
def union_update(*, actor, union: Union, **fields) -> Union:
    unknown = set(fields) - set(UNION_FIELDS)
    if unknown:
        raise TypeError(f"union_update cannot change {sorted(unknown)}")
    scoping.require(actor, "org.change", union=union)
    union = Union.objects.select_for_update().get(pk=union.pk)
    before = audit.snapshot(union)
    if "credit_code" in fields:
        fields["credit_code"] = normalize_uscc(fields["credit_code"] or "")
    for key, value in fields.items():
        setattr(union, key, value.strip() if isinstance(value, str) else value)
    if union.kind not in FEDERATION_KINDS and union.children.filter(archived_at=None).exists():
        raise ValidationError({"kind": "该工会下还有下级工会，不能改为基层工会类型。"})
    if union.kind in FEDERATION_KINDS and union.groups.filter(archived_at=None).exists():
        raise ValidationError({"kind": "该工会下设有工会小组，不能改为上级工会类型。"})
    _check_parent(kind=union.kind, parent=union.parent)
    union.full_clean()
    union.save()
    audit.record(actor=actor, action="union.update", obj=union, before=before)
    return union


@transaction.atomic
def union_move(*, actor, union: Union, new_parent: Union) -> Union:
    """``org.admin`` on the union's present parent and on its new one."""
    union = Union.objects.select_for_update(of=("self",)).select_related("parent").get(pk=union.pk)
    new_parent = Union.objects.select_for_update().get(pk=new_parent.pk)
    scoping.require(actor, "org.admin", union=union.parent)
    scoping.require(actor, "org.admin", union=new_parent)
    if new_parent.path.startswith(union.path):
        raise ValidationError(
            {
                "parent": f"不能把「{union}」移到它自己或它的下级工会「{new_parent}」之下，这会形成循环。"
            }
        )
    _check_parent(kind=union.kind, parent=new_parent)
    before = audit.snapshot(union)
    old_path = union.path
    new_path = f"{new_parent.path}{union.pk}/"
    # One UPDATE rewrites the prefix of the whole subtree; Substr is 1-based on both databases.
    Union.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1))
    )
    Union.objects.filter(pk=union.pk).update(parent=new_parent)
    union.refresh_from_db()
    audit.record(actor=actor, action="union.move", obj=union, before=before)
    return union


@transaction.atomic
def union_archive(*, actor, union: Union) -> Union:
    union = Union.objects.select_for_update(of=("self",)).select_related("parent").get(pk=union.pk)
    scoping.require(actor, "org.admin", union=union.parent)
    if union.archived_at is not None:
        raise ValidationError(f"「{union}」已经归档。")
    members = Member.objects.current().filter(union=union).count()
    if members:
        raise ValidationError(
            f"「{union}」仍有 {members} 名会员，不能归档。请先为这些会员办理转会或离会。"
        )
    children = union.children.filter(archived_at=None).count()
    if children:
        raise ValidationError(
            f"「{union}」下还有 {children} 个未归档的下级工会，请先处理下级工会。"
        )
    before = audit.snapshot(union)
    union.archived_at = timezone.now()
    union.save(update_fields=["archived_at"])
    audit.record(actor=actor, action="union.archive", obj=union, before=before)
    return union


# --- groups -----------------------------------------------------------------


def _check_leader(union: Union, leader: Member | None) -> None:
    if leader is None:
        return
    if leader.union_id != union.pk or leader.status not in (
        MemberStatus.ACTIVE,
        MemberStatus.RETIRED,
    ):
        raise ValidationError(
            {"leader": f"「{leader}」不是「{union}」的在会会员，不能担任小组长。"}
        )


@transaction.atomic
def group_create(
    *,
    actor,
    union: Union,
    name: str,
    leader: Member | None = None,
    for_retirees: bool = False,
) -> UnionGroup:
    scoping.require(actor, "group.change", union=union)
    if union.is_federation:
        raise ValidationError("工会小组只能设在基层工会内。")
    if union.archived_at is not None:
        raise ValidationError(f"「{union}」已归档，不能新建小组。")
    _check_leader(union, leader)
    group = UnionGroup(union=union, name=name.strip(), leader=leader, for_retirees=for_retirees)
    group.full_clean()
    group.save()
    audit.record(actor=actor, action="group.create", obj=group)
    return group


@transaction.atomic
def group_update(
    *,
    actor,
    group: UnionGroup,
    name: str,
    leader: Member | None,
    for_retirees: bool | None = None,
) -> UnionGroup:
    group = UnionGroup.objects.select_for_update().select_related("union").get(pk=group.pk)
    scoping.require(actor, "group.change", union=group.union)
    _check_leader(group.union, leader)
    before = audit.snapshot(group)
    group.name = name.strip()
    group.leader = leader
    if for_retirees is not None:
        group.for_retirees = for_retirees
    group.full_clean()
    group.save()
    audit.record(actor=actor, action="group.update", obj=group, before=before)
    return group


@transaction.atomic
def group_archive(*, actor, group: UnionGroup) -> UnionGroup:
    group = UnionGroup.objects.select_for_update().select_related("union").get(pk=group.pk)
    scoping.require(actor, "group.change", union=group.union)
    if group.archived_at is not None:
        raise ValidationError(f"小组「{group}」已经归档。")
    members = Member.objects.current().filter(group=group).count()
    if members:
        raise ValidationError(
            f"小组「{group}」仍有 {members} 名会员，不能归档。请先把他们调到其他小组。"
        )
    before = audit.snapshot(group)
    group.archived_at = timezone.now()
    group.save(update_fields=["archived_at"])
    audit.record(actor=actor, action="group.archive", obj=group, before=before)
    return group


# --- committees -------------------------------------------------------------


@transaction.atomic
def term_create(
    *,
    actor,
    union: Union,
    body: str,
    number: int,
    elected_on: datetime.date,
    term_years: int,
    ends_on: datetime.date | None = None,
) -> CommitteeTerm:
    scoping.require(actor, "committee.change", union=union)
    if union.archived_at is not None:
        raise ValidationError(f"「{union}」已归档。")
    if term_years not in COMMITTEE_TERM_YEARS:
        raise ValidationError(
            {
                "term_years": "基层工会委员会每届任期三年或者五年（《工会法》第十五条），请填写 3 或 5。"
            }
        )
    if elected_on > timezone.localdate():
        raise ValidationError({"elected_on": "选举日期不能晚于今天。"})
    ends_on = ends_on or add_years(elected_on, term_years)
    if ends_on <= elected_on:
        raise ValidationError({"ends_on": "届满日期必须晚于选举日期。"})
    current = CommitteeTerm.objects.filter(union=union, body=body, closed_on=None).first()
    if current is not None:
        raise ValidationError(
            f"「{union}」的{current}仍在任。请先在该届页面办理换届（填写换届日期），再录入新一届。"
        )
    term = CommitteeTerm(
        union=union,
        body=body,
        number=number,
        elected_on=elected_on,
        term_years=term_years,
        ends_on=ends_on,
    )
    term.full_clean()
    term.save()
    audit.record(actor=actor, action="term.create", obj=term)
    return term


@transaction.atomic
def term_close(*, actor, term: CommitteeTerm, closed_on: datetime.date) -> CommitteeTerm:
    term = CommitteeTerm.objects.select_for_update().select_related("union").get(pk=term.pk)
    scoping.require(actor, "committee.change", union=term.union)
    if term.closed_on is not None:
        raise ValidationError(f"{term}已于 {term.closed_on} 换届。")
    if closed_on < term.elected_on:
        raise ValidationError({"closed_on": "换届日期不能早于本届选举日期。"})
    before = audit.snapshot(term)
    term.closed_on = closed_on
    term.save(update_fields=["closed_on"])
    Position.objects.filter(term=term, ended_on=None).update(ended_on=closed_on)
    audit.record(actor=actor, action="term.close", obj=term, before=before)
    return term


@transaction.atomic
def position_add(
    *, actor, term: CommitteeTerm, member: Member, post: str, duty: str = ""
) -> Position:
    term = CommitteeTerm.objects.select_for_update().select_related("union").get(pk=term.pk)
    scoping.require(actor, "committee.change", union=term.union)
    if term.closed_on is not None:
        raise ValidationError(f"{term}已换届，不能再增加职务。")
    if member.union_id != term.union_id or member.status not in (
        MemberStatus.ACTIVE,
        MemberStatus.RETIRED,
    ):
        raise ValidationError(
            {"member": f"「{member}」不是「{term.union}」的在会会员，不能担任委员会职务。"}
        )
    allowed = POSTS_BY_BODY[Body(term.body)]
    if post not in allowed:
        names = "、".join(p.label for p in allowed)
        raise ValidationError({"post": f"{term.get_body_display()}的职务只能是：{names}。"})
    if post in HEAD_POSTS and term.positions.filter(post=post, ended_on=None).exists():
        raise ValidationError({"post": f"本届已有{Post(post).label}，请先让其卸任。"})
    position = Position(term=term, member=member, post=post, duty=duty)
    position.full_clean()
    position.save()
    audit.record(actor=actor, action="position.add", obj=position, union_id=term.union_id)
    return position


@transaction.atomic
def position_end(*, actor, position: Position, ended_on: datetime.date) -> Position:
    position = (
        Position.objects.select_for_update().select_related("term__union").get(pk=position.pk)
    )
    scoping.require(actor, "committee.change", union=position.term.union)
    return _position_end(actor=actor, position=position, ended_on=ended_on)


def _position_end(*, actor, position: Position, ended_on: datetime.date) -> Position:
    if position.ended_on is not None:
        raise ValidationError("该职务已卸任。")
    before = audit.snapshot(position)
    position.ended_on = ended_on
    position.save(update_fields=["ended_on"])
    audit.record(
        actor=actor,
        action="position.end",
        obj=position,
        before=before,
        union_id=position.term.union_id,
    )
    return position


@transaction.atomic
def member_account_open(
    *,
    actor,
    union: Union,
    username: str,
    full_name: str,
    mobile: str | None,
    password: str,
    member: Member | None = None,
    must_change_password: bool = True,
):
    """Open a login account for someone in ``union``; link it to their member record and
    give it the 会员 role, so they can see their own record at once (``role.change``).
    The password is one the chair chose: its owner replaces it at the first login
    (``must_change_password``; only the demo's published logins keep theirs)."""
    from gonghui.core import services as core_services
    from gonghui.core.models import Role

    scoping.require(actor, "role.change", union=union)
    if member is not None:
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.union_id != union.pk or member.user_id is not None:
            raise ValidationError({"member": f"「{member}」不属于本工会或已有账号。"})
    user = core_services.user_create(
        actor=actor,
        username=username,
        full_name=full_name,
        mobile=mobile,
        password=password,
        union=union,
        must_change_password=must_change_password,
    )
    if member is not None:
        before = audit.snapshot(member)
        member.user = user
        member.save(update_fields=["user"])
        audit.record(actor=actor, action="member.link_user", obj=member, before=before)
        core_services.role_grant(actor=actor, user=user, role=Role.MEMBER, union=union)
    return user


@transaction.atomic
def duties_release(*, actor, member: Member, on: datetime.date) -> None:
    """Someone who is no longer a member of the union leaves its posts: committee positions
    end on ``on`` and groups they led lose their leader (each audited). Called by the
    roster's transfer, leave and death, so it needs what they need — ``member.change`` on
    the member's union — not ``committee.change``: a committee member who records a death
    does not decide the committee, the death does."""
    scoping.require(actor, "member.change", union=member.union)
    positions = (
        Position.objects.select_for_update()
        .select_related("term")
        .filter(member=member, ended_on=None)
    )
    for position in positions:
        _position_end(actor=actor, position=position, ended_on=on)
    for group in UnionGroup.objects.select_for_update().filter(leader=member):
        before = audit.snapshot(group)
        group.leader = None
        group.save(update_fields=["leader"])
        audit.record(actor=actor, action="group.update", obj=group, before=before)
