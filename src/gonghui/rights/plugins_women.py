"""The women part of 维权 plugged into the platform (filled in by the part)."""

from __future__ import annotations


def connect(area: str) -> None:
    """Register the part's audit actions, nav entries, 待办, reminders, metrics, plan
    links, summary paragraphs and demo step."""
