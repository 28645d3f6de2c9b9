"""待办: what waits for the signed-in user, shown at the top of the 工作台.

A module registers a function with :func:`register` in its AppConfig.ready(); each takes
the user and the current union and returns :class:`Todo` items. Core knows nothing of
what the modules keep; it only lists what they report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    text: str  # e.g. "待审批的凭证"
    count: int
    url: str
    capped: bool = False  # the module counted only so far: show "10+"


SOURCES: list[Callable] = []


def register(source: Callable) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def items(user, union) -> list[Todo]:
    if union is None:
        return []
    return [todo for source in SOURCES for todo in source(user, union) if todo.count]
