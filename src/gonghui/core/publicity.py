"""公示 (publicity): the kinds modules register, and the rule for the period.

A module registers each kind of 公示 it opens from its ``AppConfig.ready()``::

    from gonghui.core.publicity import register_kind
    register_kind("care.hardship", "困难职工建档", "care.change")

``perm`` is the permission that manages 公示 of that kind: open it, answer its objections,
close it (``core.services_publicity``). Members need no permission to see their union's
公示 or to object: being a current member of the union is what counts.

The period is counted in working days (``core.dates.is_workday``: weekends, public holidays
and the weekend days worked in exchange). The default, ``settings.PUBLICITY_WORKDAYS`` or
:data:`DEFAULT_WORKDAYS`, is an EXAMPLE: provinces and funds differ, and a kind may carry its
own (``register_kind(..., workdays=7)``). See docs/publicity.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from .dates import is_workday

# 公示期 5 个工作日 — an example, not a national rule. The 帮扶 flow is 申请 → 初审 → 入户调查
# → 审核 → 网上公示, 无异议 → 建档 (kjrzhgh.com/?Col8/Col24/123.html, cited in
# shared/DOMAIN-AREAS.md (a)), and 金秋助学 pays "after 公示无异议" (Tianmen 2024,
# hb.news.163.com/24/0819/…); the local 帮扶 and 金秋助学 rules we read set 公示不少于5个工作日.
# No national figure was found: a province that says otherwise sets PUBLICITY_WORKDAYS.
DEFAULT_WORKDAYS = 5
MAX_WORKDAYS = 60


@dataclass(frozen=True)
class Kind:
    key: str  # "care.hardship"
    label: str  # "困难职工建档"
    perm: str  # the permission that opens, answers and closes 公示 of this kind
    workdays: int | None = None  # this kind's own period; None: the setting


KINDS: dict[str, Kind] = {}


def register_kind(key: str, label: str, perm: str, *, workdays: int | None = None) -> Kind:
    """Register a kind of 公示; call from ``AppConfig.ready()``. Registering the same key
    again with the same values is harmless (tests, reloads); with others it is an error."""
    from . import scoping

    if perm not in scoping.ALL_PERMS:
        raise ImproperlyConfigured(f"publicity kind {key!r}: unknown permission {perm!r}")
    kind = Kind(key, label, perm, workdays)
    if KINDS.get(key, kind) != kind:
        raise ImproperlyConfigured(f"publicity kind {key!r} registered twice, differently")
    KINDS[key] = kind
    return kind


def kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValidationError(f"没有名为「{key}」的公示类别。") from None


def kind_label(key: str) -> str:
    found = KINDS.get(key)
    return found.label if found else key


def default_workdays(key: str | None = None) -> int:
    """The period of a kind, in working days: its own, else the setting, else 5."""
    own = KINDS[key].workdays if key in KINDS else None
    return int(own or getattr(settings, "PUBLICITY_WORKDAYS", DEFAULT_WORKDAYS))


def period_end(start: datetime.date, workdays: int) -> datetime.date:
    """The last day of a period of ``workdays`` working days that starts on ``start``.

    The first day counts when it is a working day, as notices write it ("公示时间：8月19日至
    8月23日（5个工作日）", Monday to Friday); a 公示 put up on a Saturday or a holiday starts
    counting on the next working day."""
    if workdays < 1:
        raise ValidationError("公示期至少为 1 个工作日。")
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == workdays:
                return day
        day += datetime.timedelta(days=1)


def connect() -> None:
    """Register the audit actions, the 待办, the 提醒 and the navigation
    entry of 公示 (``CoreConfig.ready``)."""
    from . import audit, nav, reminders, todo, todos_publicity

    todo.register(todos_publicity.todos, daily=True)
    reminders.register(todos_publicity.reminders)
    item = nav.NavItem("公示", "core:publicity_mine", None, per_union=False, menu="mine")
    if item not in nav.NAV:
        nav.NAV.append(item)

    audit.register_actions(
        {
            "publicity.open": "发布公示",
            "publicity.close": "结束公示",
            "publicity.notice": "下载公示通知",
            "objection.raise": "对公示提出异议",
            "objection.answer": "答复公示异议",
        },
        area="公示",
    )
