"""Writes of the core app — accounts, role grants, per-union settings rows, notices — each
atomic and audited in the same transaction.

Every service starts with ``scoping.require(actor, <permission>, …)``: ``actor=None`` is the
system itself (the demo, a command the operator runs) and passes; a person needs the
permission. Accounts and grants need ``role.change`` on the union concerned (a platform
administrator's grant, on no union, needs it platform-wide); one's own password, e-mail and
notices are one's own to change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import audit, queries, scoping
from .codes import one_time_password
from .models import Notice, Role, RoleGrant, User
from .union_settings import inherited

if TYPE_CHECKING:
    from .reminders import Reminder


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str = "",
    mobile: str | None = None,
    password: str | None = None,
    union=None,
    must_change_password: bool = False,
) -> User:
    """``union`` is where the account was opened, so the entry shows in that union's log.
    Opening an account is part of granting roles: ``role.change`` on ``union`` (without a
    union: platform-wide). ``must_change_password``: the password is a one-time one that
    the owner replaces at the first login, and it expires (``one_time_password_at``)."""
    scoping.require(actor, "role.change", union=union)
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        mobile=mobile or None,
        must_change_password=must_change_password,
        one_time_password_at=timezone.now() if must_change_password and password else None,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(actor=actor, action="user.create", obj=user, union_id=union.pk if union else None)
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    """One's own password (修改密码: the form has checked the old one); anyone else's only by
    a platform administrator. The password validators apply (their messages in Chinese).
    Choosing one's own password lifts the must-change flag; a password someone else chose
    sets it and starts its expiry."""
    own = scoping.person(actor) is not None and actor.pk == user.pk
    if not own:  # another's: platform admin's
        scoping.require(actor, "role.change")
    user = User.objects.select_for_update().get(pk=user.pk)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    before = audit.snapshot(user)
    user.set_password(password)
    user.must_change_password = not own and actor is not None
    user.one_time_password_at = timezone.now() if user.must_change_password else None
    user.save(update_fields=["password", "must_change_password", "one_time_password_at"])
    # The hash itself is never recorded; the entry says that the password changed.
    changes = audit.diff(before, audit.snapshot(user)) | {"password": ["*", "*"]}
    audit.record(actor=actor, action="user.set_password", obj=user, changes=changes)
    return user


def _account_unions(user: User) -> tuple[list, bool]:
    """The unions an account belongs to — its own member record's and those of its active
    grants — and whether it holds a grant on no union (a platform administrator's)."""
    from gonghui.orgs.models import Member, Union

    grants = list(RoleGrant.objects.active().filter(user=user).values_list("union_id", flat=True))
    ids = {pk for pk in grants if pk is not None}
    ids.update(Member.objects.filter(user=user).values_list("union_id", flat=True))
    return list(Union.objects.filter(pk__in=ids)), None in grants


@transaction.atomic
def password_reset(*, actor, user: User) -> str:
    """重置密码: give ``user`` a new one-time password and return it (to be shown once, on the
    slip, and never stored in clear); at the next login the owner must choose their own.
    ``role.change`` on *every* union the account belongs to (its member record's, its
    grants'), so a chair resets their own members' logins but never one that also holds a
    role elsewhere — that is for whoever holds role.change over all of it (a federation or
    platform administrator). An account with no union is the platform administrators'. The
    account's lockout (too many wrong passwords) is lifted with it. The password logs in
    for ``GONGHUI_ONE_TIME_PASSWORD_DAYS`` (``core.backends.one_time_password_expires``)."""
    unions, platform = _account_unions(user)
    for union in unions:
        scoping.require(actor, "role.change", union=union)
    if platform or not unions:
        scoping.require(actor, "role.change")
    if scoping.person(actor) is not None and actor.pk == user.pk:
        raise ValidationError("不能重置自己的密码，请在「我的」页面修改密码。")
    user = User.objects.select_for_update().get(pk=user.pk)
    password = one_time_password()
    before = audit.snapshot(user)
    user.set_password(password)
    user.must_change_password = True
    user.one_time_password_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "one_time_password_at"])
    changes = audit.diff(before, audit.snapshot(user)) | {"password": ["*", "*"]}
    audit.record(
        actor=actor,
        action="user.password_reset",
        obj=user,
        changes=changes,
        union_id=unions[0].pk if len(unions) == 1 else None,
    )
    axes_reset(username=user.get_username())
    return password


@transaction.atomic
def role_grant(*, actor, user: User, role: str, union=None, group=None) -> RoleGrant:
    """``role.change`` on the union the grant is on (a group leader's: the group's union; a
    platform administrator's: platform-wide)."""
    scoping.require(
        actor,
        "role.change",
        union=None if role == Role.PLATFORM_ADMIN else (group.union if group else union),
    )
    if role == Role.PLATFORM_ADMIN:
        union = group = None
    elif role == Role.GROUP_LEADER:
        if group is None:
            raise ValidationError({"group": "授予小组长角色时必须选择所在的工会小组。"})
        union = group.union
    else:
        group = None
        if union is None:
            raise ValidationError({"union": "请选择授权的工会。"})
    if union is not None and union.archived_at is not None:
        raise ValidationError({"union": f"「{union}」已归档，不能再授权。"})
    if role in (Role.CHAIR, Role.COMMITTEE, Role.TREASURER, Role.AUDITOR, Role.MEMBER) and (
        union.is_federation
    ):
        raise ValidationError({"role": "该角色只能授予在基层工会。"})
    if role == Role.FEDERATION_ADMIN and not union.is_federation:
        raise ValidationError({"role": "上级工会管理员只能授予在上级工会。"})
    if RoleGrant.objects.active().filter(user=user, role=role, union=union, group=group).exists():
        raise ValidationError(f"「{user}」已经拥有这个角色。")
    grant = RoleGrant(
        user=user,
        role=role,
        union=union,
        group=group,
        granted_by=actor if getattr(actor, "pk", None) else None,
    )
    grant.full_clean()
    grant.save()
    audit.record(actor=actor, action="role.grant", obj=grant, union_id=union.pk if union else None)
    scoping.forget(user)
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant) -> RoleGrant:
    """``role.change`` on the grant's union (platform-wide for a grant on no union)."""
    grant = (
        RoleGrant.objects.select_for_update(of=("self",)).select_related("union").get(pk=grant.pk)
    )
    scoping.require(actor, "role.change", union=grant.union)
    if grant.revoked_at is not None:
        raise ValidationError("该授权已撤销。")
    if getattr(actor, "pk", None) == grant.user_id and grant.role in (
        Role.PLATFORM_ADMIN,
        Role.FEDERATION_ADMIN,
        Role.CHAIR,
    ):
        raise ValidationError("不能撤销自己的管理角色，请由其他管理员办理。")
    before = audit.snapshot(grant)
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="role.revoke", obj=grant, before=before)
    scoping.forget(grant.user)
    return grant


@transaction.atomic
def account_email_set(*, actor, user: User, email: str) -> User:
    """The address reminders are e-mailed to; blank clears it. Only the account's owner
    (or a platform administrator) changes it."""
    if scoping.person(actor) is None or actor.pk != user.pk:  # another's: platform admin's
        scoping.require(actor, "role.change")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError({"email": "邮箱地址格式不正确。"}) from exc
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email == email:
        return user
    before = audit.snapshot(user)
    user.email = email
    user.save(update_fields=["email"])
    audit.record(actor=actor, action="user.email", obj=user, before=before)
    return user


# --- per-union settings rows ------------------------------------------------------------


@transaction.atomic
def union_settings_save(
    *,
    actor,
    perm: str,
    model,
    union,
    fields: dict[str, Any],
    allowed: tuple[str, ...] | list[str],
    clean: Callable[[str, Any], Any],
    action: str,
    copy: Callable[[str, Any], Any] = lambda field, value: value,
    source: Callable | None = None,
):
    """Change the named ``fields`` of the union's own settings row of ``model`` (finance,
    congress, …), for a holder of ``perm`` on the union. A union without its own row gets
    one made of the values it inherited (``source(union)``, default
    ``union_settings.inherited``, each passed through ``copy``), so later changes above it
    no longer reach it. ``clean(field, value)`` validates one value, raising ValidationError
    with a Chinese message; all problems come back at once and nothing is written. One
    audit entry, ``action``."""
    scoping.require(actor, perm, union=union)
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {model._meta.label} fields: {sorted(unknown)}")
    problems: dict[str, list[str]] = {}
    cleaned = {}
    for field, value in fields.items():
        try:
            cleaned[field] = clean(field, value)
        except ValidationError as exc:
            problems[field] = exc.messages
    if problems:
        raise ValidationError(problems)
    row = model.objects.select_for_update().filter(union=union).first()
    if row is None:
        base = source(union) if source else inherited(model, union)
        row = model(union=union, **{f: copy(f, getattr(base, f)) for f in allowed})
        before = None
    else:
        before = audit.snapshot(row)
    for field, value in cleaned.items():
        setattr(row, field, value)
    row.save()
    changes = audit.diff(before, audit.snapshot(row))
    changes.pop("updated_at", None)
    audit.record(actor=actor, action=action, obj=row, changes=changes)
    return row


# --- notices (站内提醒) -------------------------------------------------------------------
# Delivering and mailing notices are the system's own writes (``gonghui remind``): no person
# asks for them, so they take no actor and their audit entries name none. Reading one is
# its owner's: nobody marks another's notices.

NOTICE_TEXT_MAX = Notice._meta.get_field("text").max_length
NOTICE_URL_MAX = Notice._meta.get_field("url").max_length
ALL_NOTICES = "all"


@transaction.atomic
def notice_create(*, reminder: Reminder, users: list[User]) -> list[Notice]:
    """Write the reminder's notice for each user who has not had it (one per user and
    event key; the unique constraint is the last guard when two runs overlap); returns the
    new ones. A system write."""
    if not reminder.key or not users:
        return []
    had = queries.notified_user_ids(reminder.key, users)
    created = []
    for user in users:
        if user.pk in had:
            continue
        notice = Notice(
            user=user,
            union=reminder.union,
            key=reminder.key,
            text=reminder.text[:NOTICE_TEXT_MAX],
            url=reminder.url[:NOTICE_URL_MAX],
        )
        try:
            # A run that overlaps this one may have written the row since the read above;
            # the savepoint keeps the rest of the transaction when the constraint says so.
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue
        audit.record(actor=None, action="notice.create", obj=notice)
        created.append(notice)
    return created


@transaction.atomic
def notice_mark_emailed(*, notice: Notice) -> Notice:
    """Stamp ``emailed_at`` once the notice's mail went out (``core.notices`` sends it
    first, outside any transaction, and calls this only for a sent mail). A system write."""
    before = audit.snapshot(notice)
    notice.emailed_at = timezone.now()
    Notice.objects.filter(pk=notice.pk).update(emailed_at=notice.emailed_at)
    audit.record(actor=None, action="notice.email", obj=notice, before=before)
    return notice


@transaction.atomic
def notice_read(*, actor, notice: Notice | str) -> int:
    """Mark one of the actor's own notices, or all of them (``ALL_NOTICES``), as read;
    returns how many. Another's notice is refused (PermissionDenied)."""
    mine = isinstance(notice, str) or notice.user_id == getattr(actor, "pk", None)
    if scoping.person(actor) is None or not mine:
        raise PermissionDenied("这不是您的提醒。")
    now = timezone.now()
    if isinstance(notice, str):
        if notice != ALL_NOTICES:
            raise ValueError(notice)
        count = Notice.objects.filter(user=actor, read_at=None).update(read_at=now)
        if count:
            audit.record(
                actor=actor, action="notice.read", obj=actor, changes={"notices_read": [0, count]}
            )
        return count
    if notice.read_at is not None:
        return 0
    before = audit.snapshot(notice)
    notice.read_at = now
    notice.save(update_fields=["read_at"])
    audit.record(actor=actor, action="notice.read", obj=notice, before=before)
    return 1
