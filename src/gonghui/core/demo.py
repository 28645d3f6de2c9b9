"""The demo: a deterministic town federation that every module adds its data to.

A module registers a step with :func:`register` in its AppConfig.ready(); ``gonghui demo``
runs the steps in registration order inside one transaction. Steps must be deterministic
(seeded random, fixed dates), so two runs give the same data.
"""

from collections.abc import Callable

from django.db import transaction

DEMO_PASSWORD = "gonghui-demo-2026"
STEPS: list[tuple[str, Callable[[], None]]] = []


def register(name: str, step: Callable[[], None]) -> None:
    if all(n != name for n, _ in STEPS):
        STEPS.append((name, step))


@transaction.atomic
def build() -> None:
    for _name, step in STEPS:
        step()


def logins_table() -> str:
    from .models import User
    from .scoping import grants

    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}）：", ""]
    width = max((len(u.username) for u in User.objects.all()), default=8) + 2
    for user in User.objects.filter(grants__isnull=False).distinct().order_by("id"):
        held = [g for g in grants(user) if g.role != "member"] or grants(user)
        roles = "；".join(f"{g.get_role_display()}·{g.group or g.union or '全平台'}" for g in held)
        mobile = f"  手机 {user.mobile}" if user.mobile else ""
        lines.append(f"  {user.username.ljust(width)}{roles}{mobile}")
    return "\n".join(lines)
