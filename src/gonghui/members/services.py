"""Every write to the roster. Each function is one transaction with its audit entry.

Each service first checks its actor (``scoping.require``; ``actor=None`` is the system — the
demo, an operator's command): ``member.change`` on the member's union to add, edit, move a
member through their lifecycle and decide applications; ``member.reveal`` to see a full ID
or mobile number. The one write without an actor is :func:`member_apply`: the public 入会申请
form, sent by someone the platform does not know yet, recorded as the system's and inert
until a ``member.change`` holder approves or rejects it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core.codes import one_time_password, random_code
from gonghui.core.masks import mask_id, mask_mobile
from gonghui.core.models import Role, RoleGrant, User
from gonghui.core.services import notice_create
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, MemberStatus, Union, UnionGroup

from . import queries
from .choices import IdType
from .models import REFERENCE_LENGTH, ApplicationStatus, EventKind, JoinApplication, MemberEvent
from .pinyin import name_pinyin
from .reminders import application_reminder, deciders
from .validation import PERSON_FIELDS, check_person, raise_problems, search_keys

# The fields of a member record a form may set.
PROFILE_FIELDS = (*PERSON_FIELDS, "group")


def _today() -> datetime.date:
    return timezone.localdate()


def _check_group(union: Union, group: UnionGroup | None) -> None:
    if group is not None and (group.union_id != union.pk or group.archived_at is not None):
        raise ValidationError({"group": f"小组「{group}」不属于「{union}」或已归档。"})


def _check_unique(member: Member) -> None:
    """Say which member already holds the number, in words the committee can act on."""
    others = Member.objects.exclude(pk=member.pk).select_related("union")
    if member.id_number:
        other = others.filter(id_number=member.id_number).first()
        if other is not None:
            where = (
                "本工会"
                if other.union_id == member.union_id
                else f"「{other.union}」({other.get_status_display()})"
            )
            raise ValidationError(
                {
                    "id_number": f"证件号码 {mask_id(member.id_number)} 已登记在{where}的会员「{other}」名下。"
                }
            )
    if member.card_number and others.filter(card_number=member.card_number).exists():
        raise ValidationError({"card_number": f"会员证号 {member.card_number} 已被使用。"})


def _apply(member: Member, values: dict[str, Any]) -> None:
    problems = check_person(values, today=_today())
    raise_problems(problems)
    for field, value in values.items():
        setattr(member, field, value.strip() if isinstance(value, str) else value)
    for field, value in search_keys(member.name, member.mobile, member.id_number).items():
        setattr(member, field, value)
    _check_unique(member)
    member.full_clean(validate_constraints=False)


def _save(member: Member) -> None:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # a concurrent writer took the number after our check
        raise ValidationError("证件号码或会员证号刚被其他记录使用，请刷新后重试。") from None


@transaction.atomic
def member_create(
    *,
    actor,
    union: Union,
    name: str,
    sex: str = "",
    group: UnionGroup | None = None,
    user=None,
    **profile: Any,
) -> Member:
    """Add a member directly (the committee's own entry, or the demo). ``profile`` takes
    any of PROFILE_FIELDS."""
    scoping.require(actor, "member.change", union=union)
    if union.is_federation:
        raise ValidationError("会员只能加入基层工会。")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    _check_group(union, group)
    member = Member(union=union, user=user)
    _apply(member, {"name": name, "sex": sex, "group": group, **profile})
    _save(member)
    audit.record(actor=actor, action="member.create", obj=member)
    MemberEvent.objects.create(
        member=member,
        kind=EventKind.JOIN,
        on=member.joined_on or _today(),
        union=union,
        recorded_by=scoping.person(actor),
    )
    return member


@transaction.atomic
def member_update(*, actor, member: Member, **profile: Any) -> Member:
    """Change any of PROFILE_FIELDS; a group change is also a dated event."""
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = Member.objects.select_for_update().select_related("union").get(pk=member.pk)
    scoping.require(actor, "member.change", union=member.union)
    if "group" in profile:
        _check_group(member.union, profile["group"])
    before = audit.snapshot(member)
    old_group = member.group_id
    values = {f: getattr(member, f) for f in PROFILE_FIELDS} | profile
    _apply(member, values)
    _save(member)
    audit.record(actor=actor, action="member.update", obj=member, before=before)
    if member.joined_on and str(member.joined_on) != before["joined_on"]:
        # The 入会 step of the history is the record's join date, corrected with it.
        member.events.filter(kind=EventKind.JOIN).update(on=member.joined_on)
    if member.group_id != old_group:
        MemberEvent.objects.create(
            member=member,
            kind=EventKind.GROUP,
            on=_today(),
            union=member.union,
            reason=f"调入「{member.group}」" if member.group else "移出小组",
            recorded_by=scoping.person(actor),
        )
    return member


@transaction.atomic
def member_reveal(*, actor, member: Member, field: str) -> str:
    """Return the full ID or mobile number; the look itself is an audit entry (PIPL)."""
    scoping.require(actor, "member.reveal", union=member.union)
    if field not in Member.AUDIT_MASKED:
        raise ValueError(field)
    value = getattr(member, field)
    masked = mask_mobile(value) if field == "mobile" else mask_id(value)
    audit.record(
        actor=actor, action="member.reveal", obj=member, changes={field: [masked, "已查看完整号码"]}
    )
    return value


def _check_current(member: Member) -> None:
    if member.status not in CURRENT_MEMBER_STATUSES:
        raise ValidationError(
            f"「{member}」当前状态为“{member.get_status_display()}”，不能办理此事项。"
        )


def _check_date(on: datetime.date, member: Member) -> None:
    if on > _today():
        raise ValidationError({"on": "日期不能晚于今天。"})
    if member.joined_on and on < member.joined_on:
        raise ValidationError({"on": f"日期早于入会时间 {member.joined_on:%Y-%m-%d}。"})


def _status_change(
    *,
    actor,
    member: Member,
    status: str,
    on: datetime.date,
    kind: str,
    action: str,
    reason: str = "",
    group: UnionGroup | Literal[False] | None = False,
    **event: Any,
) -> MemberEvent:
    before = audit.snapshot(member)
    member.status, member.status_on = status, on
    if group is not False:
        member.group = group
    member.save()
    audit.record(actor=actor, action=action, obj=member, before=before)
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        union=member.union,
        reason=reason,
        recorded_by=scoping.person(actor),
        **event,
    )


def _release_duties(*, actor, member: Member, on: datetime.date) -> None:
    from gonghui.orgs import services as org_services

    org_services.duties_release(actor=actor, member=member, on=on)


def _locked(member: Member) -> Member:
    """The member's row, locked and read afresh: the permission is checked on the union the
    member belongs to *now* (the caller's copy may be older than a transfer)."""
    return (
        Member.objects.select_for_update(of=("self",))
        .select_related("union", "group")
        .get(pk=member.pk)
    )


@transaction.atomic
def member_transfer(
    *,
    actor,
    member: Member,
    on: datetime.date,
    to_union: Union | None = None,
    to_name: str = "",
    reason: str = "",
) -> MemberEvent:
    """转会. Inside the tree the record moves to ``to_union`` with its history; to a union
    outside the tree (``to_name``) the member is marked 已转出 and the returned event carries
    the 转会介绍信 number (the letter itself: ``members.documents.transfer_letter``)."""
    member = _locked(member)
    scoping.require(actor, "member.change", union=member.union)
    _check_current(member)
    _check_date(on, member)
    source = member.union
    if to_union is not None:
        if to_union.pk == source.pk:
            raise ValidationError({"to_union": "转入工会不能是会员现在所在的工会。"})
        if to_union.is_federation or to_union.archived_at is not None:
            raise ValidationError({"to_union": f"「{to_union}」不是在用的基层工会，不能接收会员。"})
        if not queries.same_tree(source, to_union):
            raise ValidationError(
                {"to_union": f"「{to_union}」不在本系统同一组织体系内，请按转出办理。"}
            )
        _release_duties(actor=actor, member=member, on=on)
        before = audit.snapshot(member)
        member.union, member.group = to_union, None
        member.save()
        audit.record(
            actor=actor, action="member.transfer", obj=member, before=before, union_id=source.pk
        )
        MemberEvent.objects.create(
            member=member,
            kind=EventKind.TRANSFER_OUT,
            on=on,
            union=source,
            other_union=to_union,
            reason=reason,
            recorded_by=scoping.person(actor),
        )
        return MemberEvent.objects.create(
            member=member,
            kind=EventKind.TRANSFER_IN,
            on=on,
            union=to_union,
            other_union=source,
            reason=reason,
            recorded_by=scoping.person(actor),
        )
    to_name = " ".join(to_name.split())
    if not to_name:
        raise ValidationError({"to_name": "请填写转入单位的工会名称。"})
    Union.objects.select_for_update().filter(pk=source.pk).first()  # serialise letter numbers
    issued = (
        MemberEvent.objects.filter(union=source, kind=EventKind.TRANSFER_OUT, on__year=on.year)
        .exclude(letter_number="")
        .count()
    )
    _release_duties(actor=actor, member=member, on=on)
    return _status_change(
        actor=actor,
        member=member,
        status=MemberStatus.TRANSFERRED,
        on=on,
        kind=EventKind.TRANSFER_OUT,
        action="member.transfer",
        reason=reason,
        group=None,
        other_name=to_name,
        letter_number=f"〔{on.year}〕转字第{issued + 1}号",
    )


@transaction.atomic
def member_retire(*, actor, member: Member, on: datetime.date) -> MemberEvent:
    """退休: still a member; moves to the union's retirees' group when it has one."""
    member = _locked(member)
    scoping.require(actor, "member.change", union=member.union)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            f"「{member}」当前状态为“{member.get_status_display()}”，不能办理退休。"
        )
    _check_date(on, member)
    retirees = UnionGroup.objects.filter(
        union=member.union, for_retirees=True, archived_at=None
    ).first()
    return _status_change(
        actor=actor,
        member=member,
        status=MemberStatus.RETIRED,
        on=on,
        kind=EventKind.RETIRE,
        action="member.retire",
        group=retirees if retirees is not None else False,
        reason=f"转入「{retirees}」" if retirees else "",
    )


@transaction.atomic
def member_leave(
    *, actor, member: Member, on: datetime.date, reason: str, removal: bool = False
) -> MemberEvent:
    """离会 (the member's own wish) or 除名 (the committee's decision); both need a reason."""
    member = _locked(member)
    scoping.require(actor, "member.change", union=member.union)
    _check_current(member)
    _check_date(on, member)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写" + ("除名" if removal else "离会") + "原因。"})
    _release_duties(actor=actor, member=member, on=on)
    return _status_change(
        actor=actor,
        member=member,
        status=MemberStatus.REMOVED if removal else MemberStatus.LEFT,
        on=on,
        kind=EventKind.REMOVE if removal else EventKind.LEAVE,
        action="member.remove" if removal else "member.leave",
        reason=reason,
        group=None,
    )


@transaction.atomic
def member_death(*, actor, member: Member, on: datetime.date, reason: str = "") -> MemberEvent:
    member = _locked(member)
    scoping.require(actor, "member.change", union=member.union)
    _check_current(member)
    _check_date(on, member)
    _release_duties(actor=actor, member=member, on=on)
    return _status_change(
        actor=actor,
        member=member,
        status=MemberStatus.DECEASED,
        on=on,
        kind=EventKind.DEATH,
        action="member.death",
        reason=reason.strip(),
    )


# --- 入会申请 -------------------------------------------------------------------

APPLICATION_FIELDS = (
    "name",
    "sex",
    "ethnicity",
    "id_type",
    "id_number",
    "birth_date",
    "mobile",
    "education",
    "political_status",
    "department",
    "post",
    "employment",
    "statement",
)


@transaction.atomic
def member_apply(*, union: Union, **values: Any) -> JoinApplication:
    """An applicant's own form; no login needed, hence no actor: a public write, recorded as
    the system's (the applicant is nobody the platform knows yet). It grants nothing — the
    application waits for a ``member.change`` holder, who is sent a 站内提醒 at once. The
    application carries its 查询码 (``reference``) for the applicant's status page. Refused
    when the number is already a member's or has an application waiting."""
    if union.is_federation or union.archived_at is not None:
        raise ValidationError("只能申请加入在用的基层工会。")
    values = {k: values[k] for k in APPLICATION_FIELDS if values.get(k) is not None}
    values.setdefault("id_type", IdType.RESIDENT)
    values.setdefault("birth_date", None)
    problems = check_person(values, today=_today())
    if not values["id_number"]:
        problems.append(("id_number", "请填写证件号码。"))
    if not values["mobile"]:
        problems.append(("mobile", "请填写手机号码，以便工会与您联系。"))
    raise_problems(problems)
    if Member.objects.current().filter(id_number=values["id_number"]).exists():
        raise ValidationError({"id_number": "该证件号码已是工会会员，无需再次申请。"})
    if JoinApplication.objects.filter(
        id_number=values["id_number"], status=ApplicationStatus.PENDING
    ).exists():
        raise ValidationError({"id_number": "该证件号码已有一份待审批的申请，请等待工会审批。"})
    application = JoinApplication(union=union, reference=_new_reference(), **values)
    application.full_clean()
    application.save()
    audit.record(actor=None, action="member.apply", obj=application)
    # The committee hears of it at once (站内提醒; e-mailed by the next `gonghui remind`).
    users = deciders([union.pk]).get(union.pk, [])
    notice_create(reminder=application_reminder(application, users), users=users)
    return application


def _new_reference() -> str:
    """A 查询码 no application has (the unique constraint is the last guard)."""
    while True:
        code = random_code(REFERENCE_LENGTH)
        if not JoinApplication.objects.filter(reference=code).exists():
            return code


def _pending(application: JoinApplication) -> JoinApplication:
    application = (
        JoinApplication.objects.select_for_update().select_related("union").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(f"该申请已{application.get_status_display()}，不能重复审批。")
    return application


@dataclass
class Approval:
    """What approving an application made: the member and their login. ``password`` is the
    one-time password of a new account, to be printed on the slip once and never stored in
    clear; None when an account with the applicant's mobile existed and was linked."""

    member: Member
    user: User
    password: str | None


@transaction.atomic
def application_approve(
    *,
    actor,
    application: JoinApplication,
    joined_on: datetime.date,
    group: UnionGroup | None = None,
    card_number: str = "",
) -> Approval:
    """批准入会: the member record, and their login — an existing account with the same
    mobile linked, else a new one with a one-time password to change at the first login —
    with the 会员 role, so the new member sees their own record. The login is a consequence
    of admitting the member, so ``member.change`` suffices (no ``role.change``)."""
    scoping.require(actor, "member.change", union=application.union)
    application = _pending(application)
    profile = {
        f: getattr(application, f) for f in APPLICATION_FIELDS if f not in ("name", "statement")
    }
    member = member_create(
        actor=actor,
        union=application.union,
        name=application.name,
        group=group,
        joined_on=joined_on,
        card_number=card_number.strip(),
        **profile,
    )
    before = audit.snapshot(application)
    application.status = ApplicationStatus.APPROVED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.member = member
    application.save()
    audit.record(actor=actor, action="member.approve", obj=application, before=before)
    user, password = _open_login(actor, member)
    return Approval(member=member, user=user, password=password)


def _open_login(actor, member: Member) -> tuple[User, str | None]:
    """Link the member to the account that has their mobile (when it is nobody else's
    member record), else open one with a one-time password; grant it the 会员 role."""
    user = User.objects.filter(mobile=member.mobile).first() if member.mobile else None
    password = None
    if user is None or Member.objects.filter(user=user).exists():
        password = one_time_password()
        # The mobile logs in too, so it goes with the new account unless another has it.
        mobile = member.mobile or None if user is None else None
        user = User(
            username=_free_username(member.name),
            full_name=member.name,
            mobile=mobile,
            must_change_password=True,
            one_time_password_at=timezone.now(),
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        audit.record(actor=actor, action="user.create", obj=user, union_id=member.union_id)
    before = audit.snapshot(member)
    member.user = user
    member.save(update_fields=["user"])
    audit.record(actor=actor, action="member.link_user", obj=member, before=before)
    if not RoleGrant.objects.active().filter(user=user, union=member.union).exists():
        grant = RoleGrant.objects.create(
            user=user, role=Role.MEMBER, union=member.union, granted_by=scoping.person(actor)
        )
        audit.record(actor=actor, action="role.grant", obj=grant)
        scoping.forget(user)
    return user, password


def _free_username(name: str) -> str:
    """The name's pinyin (张伟 → zhangwei), numbered when taken (zhangwei2, …)."""
    base = "".join(c for c in name_pinyin(name)[0] if c.isascii() and c.isalnum()) or "member"
    base = base[:140]
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    n = 1
    while (candidate := base if n == 1 else f"{base}{n}") in taken:
        n += 1
    return candidate


@transaction.atomic
def application_reject(*, actor, application: JoinApplication, reason: str) -> JoinApplication:
    scoping.require(actor, "member.change", union=application.union)
    application = _pending(application)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "不批准时须写明理由，申请人会看到它。"})
    before = audit.snapshot(application)
    application.status = ApplicationStatus.REJECTED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.decision_reason = reason
    application.save()
    audit.record(actor=actor, action="member.reject", obj=application, before=before)
    return application


# --- what leaves the platform -------------------------------------------------------------


@transaction.atomic
def roster_export_record(*, actor, union: Union, count: int, masked: bool) -> None:
    """Record that ``count`` members of ``union`` left in a roster file (PIPL: every export
    says who took it), for a holder of ``member.view`` — a group leader's grant reaches
    their own groups, which is what their roster query gave them — and ``member.reveal``
    for full numbers. The file is built before this short transaction: on SQLite a write
    transaction holds the one write lock, and building a large file takes seconds."""
    led = UnionGroup.objects.filter(
        union=union, pk__in=scoping.group_ids(actor, "member.view") if actor else []
    ).first()
    scoping.require(actor, "member.view", union=union, group=led)
    if not masked:
        scoping.require(actor, "member.reveal", union=union)
    audit.record(
        actor=actor,
        action="member.export",
        obj=union,
        changes={"count": [None, count], "masked": [None, masked]},
    )


@transaction.atomic
def transfer_letter_issue(*, actor, event: MemberEvent) -> bytes:
    """The 转会介绍信 of a transfer out of the tree. It carries the full ID number, so
    issuing it needs ``member.change`` and is an audit entry."""
    from .documents import transfer_letter_docx

    member = event.member
    scoping.require(actor, "member.change", union=event.union)
    content = transfer_letter_docx(event)
    audit.record(
        actor=actor,
        action="member.letter",
        obj=member,
        changes={"letter_number": [None, event.letter_number]},
        union_id=event.union_id,
    )
    return content
