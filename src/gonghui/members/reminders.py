"""入会申请 waiting for a decision, for ``gonghui remind`` (``core.reminders``) and for the
notice sent the moment an application arrives (``services.member_apply``). The 工作台's
待办 is ``members.todos.applications``. Registered in ``MembersConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gonghui.core.models import Role, RoleGrant, User
from gonghui.core.reminders import Reminder

from .models import ApplicationStatus, JoinApplication

# Who decides applications: the union's own 工会主席 and 工会委员 (member.change); the
# federation's administrators hold it too, but a grassroots union's intake is not theirs.
DECIDERS = (Role.CHAIR, Role.COMMITTEE)


def deciders(union_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active accounts holding a deciding role on each union itself, by union id (one
    query for all)."""
    grants = (
        RoleGrant.objects.active()
        .filter(role__in=DECIDERS, union_id__in=set(union_ids), user__is_active=True)
        .select_related("user")
        .order_by("union_id", "user_id")
    )
    result: dict[int, list[User]] = {}
    for g in grants:
        users = result.setdefault(g.union_id, [])
        if g.user not in users:
            users.append(g.user)
    return result


def application_reminder(application: JoinApplication, users: list[User]) -> Reminder:
    where = " ".join(x for x in (application.department, application.post) if x)
    return Reminder(
        union=application.union,
        text=f"新的入会申请：{application.name}" + (f"（{where}）" if where else "") + "，请审批",
        url=reverse("members:application_detail", args=[application.pk]),
        key=f"application.{application.pk}.new",
        recipients=tuple(users),
    )


def pending_applications(today) -> list[Reminder]:
    """One reminder per application still waiting (two queries in all); each is delivered
    once (its key), so the daily run only e-mails the notice that the application's arrival
    already wrote."""
    pending = list(
        JoinApplication.objects.filter(status=ApplicationStatus.PENDING, union__archived_at=None)
        .select_related("union")
        .order_by("id")
    )
    users = deciders(a.union_id for a in pending)
    return [application_reminder(a, users.get(a.union_id, [])) for a in pending]
