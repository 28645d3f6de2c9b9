"""提醒: what is late or due, gathered for ``gonghui remind`` (run daily by cron).

A module registers a function with :func:`register` in its AppConfig.ready(); each takes
today's date and returns :class:`Reminder` items. Like ``core.todo``, core knows nothing of
what the modules keep. ``core.notices`` delivers them as in-app notices (and e-mail).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gonghui.orgs.models import Union


@dataclass(frozen=True)
class Reminder:
    union: Union
    text: str  # one line in Chinese, e.g. "第3号提案《…》已超过办理期限"
    url: str  # the page where it is dealt with (a path)
    # Names the event ("plan.item.42.week") so a daily run delivers each notice once; a
    # reminder without a key is only listed, never delivered.
    key: str = ""
    # Users to notify; empty means the union's chairs (active 工会主席 grants).
    recipients: tuple = ()


SOURCES: list[Callable[[datetime.date], list[Reminder]]] = []


def register(source: Callable[[datetime.date], list[Reminder]]) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def collect(today: datetime.date) -> list[Reminder]:
    return [r for source in SOURCES for r in source(today)]
