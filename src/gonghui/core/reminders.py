"""提醒: what is late or due, gathered for ``gonghui remind`` (run daily by cron).

A module registers a function with :func:`register` in its AppConfig.ready(); each takes
today's date and returns :class:`Reminder` items. Like ``core.todo``, core knows nothing of
what the modules keep. Sending them by e-mail is a later step; the command prints them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reminder:
    union: object  # gonghui.orgs.models.Union
    text: str  # one line in Chinese, e.g. "第3号提案《…》已超过办理期限"
    url: str  # the page where it is dealt with (a path)


SOURCES: list[Callable[[datetime.date], list[Reminder]]] = []


def register(source: Callable[[datetime.date], list[Reminder]]) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def collect(today: datetime.date) -> list[Reminder]:
    return [r for source in SOURCES for r in source(today)]
