"""The applicant's own look-up of their 入会申请: no account, so no user to scope by — the
查询码 and the mobile's last four digits together are the key."""

from __future__ import annotations

from gonghui.orgs.models import Union

from .models import JoinApplication


def application_status(union: Union, reference: str, mobile_tail: str) -> JoinApplication | None:
    return (
        JoinApplication.objects.filter(
            union=union, reference=reference, mobile__endswith=mobile_tail
        )
        .select_related("member__user")
        .first()
    )


def open_grassroots_union(code: str) -> Union | None:
    """The union a public 入会 page names: grassroots and not archived."""
    union = Union.objects.filter(code=code, archived_at=None).first()
    return None if union is None or union.is_federation else union


def login_with_mobile(application: JoinApplication):
    """The account approving would link (one with the applicant's mobile and no member record
    yet: ``services._open_login``), for the approval page to say so beforehand."""
    from gonghui.core.models import User

    return (
        User.objects.filter(mobile=application.mobile, member__isnull=True).first()
        if application.mobile
        else None
    )
