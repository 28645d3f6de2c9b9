"""The importer's result: a plan as parsed, before anything is saved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


class ImportProblem(ValueError):
    """The document cannot be read or the part asked for does not exist (Chinese message)."""


@dataclass
class ParsedTarget:
    text: str
    metric: str | None
    op: str
    value: Decimal
    unit: str

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "metric": self.metric,
            "op": self.op,
            "value": json_number(self.value),
            "unit": self.unit,
        }


@dataclass
class ParsedItem:
    section: int | None
    number: str
    text: str
    months: list[int] = field(default_factory=list)
    due: datetime.date | None = None
    rrule: str | None = None
    targets: list[ParsedTarget] = field(default_factory=list)
    schedule: bool = False


@dataclass
class ParsedSection:
    number: str
    title: str


@dataclass
class ParsedPlan:
    title: str = ""
    guiding_idea: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "sections": [
                {
                    "title": section.title,
                    "items": [i for i, item in enumerate(self.items) if item.section == s],
                }
                for s, section in enumerate(self.sections)
            ],
            "items": [
                {
                    "section": (
                        self.sections[item.section].title if item.section is not None else None
                    ),
                    "text": item.text,
                    "months": list(item.months),
                    "due": item.due.isoformat() if item.due else None,
                    "rrule": item.rrule,
                    "targets": [target.to_json() for target in item.targets],
                }
                for item in self.items
            ],
        }


def json_number(value: Decimal) -> int | float:
    """Decimal("95") → 95, Decimal("6.5") → 6.5 (the shortest float that prints the same)."""
    if value == value.to_integral_value():
        return int(value)
    return float(str(value.normalize()))
