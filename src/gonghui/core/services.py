"""Writes to accounts and role grants, each atomic and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from . import audit, scoping
from .models import Role, RoleGrant, User


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str = "",
    mobile: str | None = None,
    password: str | None = None,
    union=None,
) -> User:
    """``union`` is where the account was opened, so the entry shows in that union's log."""
    user = User(username=username.strip(), full_name=full_name.strip(), mobile=mobile or None)
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
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The hash itself is never recorded; the entry says that the password changed.
    audit.record(
        actor=actor, action="user.set_password", obj=user, changes={"password": ["*", "*"]}
    )
    return user


@transaction.atomic
def role_grant(*, actor, user: User, role: str, union=None, group=None) -> RoleGrant:
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
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
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
    if actor is not None and actor.pk != user.pk and not scoping.is_platform_admin(actor):
        raise ValidationError("只能修改自己的邮箱。")
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
