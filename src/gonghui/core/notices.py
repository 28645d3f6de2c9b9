"""站内提醒: deliver ``core.reminders`` as :class:`~gonghui.core.models.Notice` rows, one per
user per event key, and e-mail them when SMTP is configured (``settings.EMAIL_HOST``).

``gonghui remind`` calls :func:`deliver` once a day. A notice is written at most once per
(user, key) — the unique constraint is the last guard when two runs overlap — so the
command can run any number of times a day. Mail goes out after the notices are committed:
an SMTP failure leaves the notice in place (unmailed, retried by the next run while the
reminder still stands) and is counted, never raised.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet

from . import services
from .models import Notice, Role, RoleGrant, User
from .reminders import Reminder

log = logging.getLogger(__name__)

ALL = services.ALL_NOTICES

# --- reads ------------------------------------------------------------------------------


def chair_users(union_ids) -> dict[int, list[User]]:
    """Active accounts holding an active 工会主席 grant, by union id (one query)."""
    result: dict[int, list[User]] = {}
    grants = (
        RoleGrant.objects.active()
        .filter(role=Role.CHAIR, union_id__in=set(union_ids), user__is_active=True)
        .select_related("user")
        .order_by("union_id", "user_id")
    )
    for g in grants:
        users = result.setdefault(g.union_id, [])
        if g.user not in users:
            users.append(g.user)
    return result


def user_notices(user) -> QuerySet[Notice]:
    """The user's own notices, newest first."""
    return Notice.objects.filter(user=user).select_related("union").order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at=None).count()


def own_notice(user, pk: int) -> Notice | None:
    """The notice ``pk`` if it is the user's; nobody reads another's notices."""
    return Notice.objects.filter(user=user, pk=pk).first()


# --- delivery (the writes are core.services.notice_create / notice_mark_emailed) ----------


@dataclass
class Delivered:
    reminder: Reminder
    recipients: int = 0
    new: list[Notice] = field(default_factory=list)


@dataclass
class Run:
    delivered: list[Delivered]
    emailed: int = 0
    failed: int = 0

    @property
    def new_count(self) -> int:
        return sum(len(d.new) for d in self.delivered)


def recipients(reminders: list[Reminder]) -> list[list[User]]:
    """Each reminder's users: its own, else its union's chairs (one query for all)."""
    chairs = chair_users(r.union.pk for r in reminders if not r.recipients)
    result = []
    for r in reminders:
        users = list(r.recipients) if r.recipients else chairs.get(r.union.pk, [])
        seen: set[int] = set()
        result.append([u for u in users if u.is_active and not (u.pk in seen or seen.add(u.pk))])
    return result


def _mail_body(notice: Notice) -> str:
    url = notice.url
    if url.startswith("/") and settings.GONGHUI_SITE_URL:
        url = settings.GONGHUI_SITE_URL.rstrip("/") + url
    lines = [notice.text, ""]
    if url:
        lines += [f"办理页面：{url}", ""]
    lines.append("——基层工会工作平台（此邮件由系统自动发送，请勿直接回复）")
    return "\n".join(lines)


def send(notice: Notice) -> bool:
    """Mail one notice to its user, then stamp it (``services.notice_mark_emailed``); False
    when sending failed. The mail goes out outside any transaction: a slow SMTP server never
    holds the database's write lock."""
    union = f"【{notice.union.name}】" if notice.union_id else ""
    try:
        send_mail(
            subject=f"{union}工作提醒：{notice.text[:40]}",
            message=_mail_body(notice),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notice.user.email],
        )
    except Exception:  # any SMTP or network error: keep the notice, count the failure
        log.warning("提醒邮件发送失败：notice %s → %s", notice.pk, notice.user.email, exc_info=True)
        return False
    services.notice_mark_emailed(notice=notice)
    return True


def mail_enabled() -> bool:
    return bool(settings.EMAIL_HOST)


def deliver(reminders: list[Reminder]) -> Run:
    """Write the notices the reminders call for and mail what is unmailed."""
    run = Run(delivered=[])
    for reminder, users in zip(reminders, recipients(reminders), strict=True):
        new = services.notice_create(reminder=reminder, users=users)
        run.delivered.append(Delivered(reminder, len(users), new))
    if not mail_enabled():
        return run
    keys = {r.key for r in reminders if r.key}
    unmailed = (
        Notice.objects.filter(key__in=keys, emailed_at=None, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "union")
        .order_by("id")
    )
    for notice in unmailed:
        if send(notice):
            run.emailed += 1
        else:
            run.failed += 1
    return run
