"""Panels of the 工作台: a module registers a function in its AppConfig.ready() that takes
the user, the current union and today, and returns a :class:`Panel` (a template and its
context) or None when it has nothing to show. Like ``core.todo``, core knows nothing of what
the modules keep; the plan module's panel shows this month's items and the targets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


SOURCES: list[Callable] = []


def register(source: Callable) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def panels(user, union, today) -> list[Panel]:
    return [p for source in SOURCES if (p := source(user, union, today)) is not None]
