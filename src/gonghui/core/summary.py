"""年度工作总结的段落: each module writes, from its own records, what it did for a union in a
period, as prose a union secretary would write ("全年召开第八届第一次教职工代表大会，征集提案
9件，立案5件，立案率55.6%；已答复4件，其中按期办结1件。").

A module registers a contributor with :func:`register` in its AppConfig.ready(), like
``core.metrics``: ``fn(union, start, end) -> list[Paragraph]``. For a federation the
contributor adds up the unions beneath it (sums, never a list of each union). Core knows
nothing of what the modules keep; ``plans.summary`` puts the paragraphs into the document
under the plan's sections.

**Every figure comes from the database.** A contributor writes each figure through a
:class:`Writer`, which keeps it in ``Paragraph.figures`` as printed; the tests read every
paragraph and find no digit that is not a figure kept so, a date, or a record's own words.
A contributor writes nothing when its records are empty (no "召开职代会0次").

A paragraph may be a **shortfall** (``shortfall=True``: an unanswered proposal, members in
arrears): those become the draft of "存在的不足和明年打算", for the chair to edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Paragraph:
    key: str  # "congress.sittings": module, dot, name; the chair's edit is kept under it
    area: str  # "职代会": the heading it goes under when no plan section takes it
    text: str
    figures: tuple[str, ...] = ()  # every figure the text states, as printed
    # Words of a plan section's title this paragraph belongs under ("民主管理", "职代会").
    topics: tuple[str, ...] = ()
    shortfall: bool = False  # a fact for 存在的不足


Contributor = Callable[[object, datetime.date, datetime.date], list[Paragraph]]


@dataclass
class Writer:
    """Builds a paragraph's text and keeps each figure it prints."""

    figures: list[str] = field(default_factory=list)

    def _keep(self, text: str) -> str:
        self.figures.append(text)
        return text

    def n(self, value, unit: str = "") -> str:
        """A count: 9 → "9件"."""
        return self._keep(plain(value)) + unit

    def pct(self, value, places: int = 1) -> str:
        """A rate, with the places the module's own pages print: "55.6%", "99.37%"."""
        step = Decimal(1).scaleb(-places)
        return self._keep(f"{Decimal(value).quantize(step, ROUND_HALF_UP):f}") + "%"

    def yuan(self, value) -> str:
        """Money with two places and thousands: "16,650.00元"."""
        return self._keep(f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,}") + "元"

    def figure(self, value, unit: str) -> str:
        """A metric's figure as the plan pages print it (two places for a rate, yuan with
        thousands, a count plain): "99.37%", "16,650.00元", "230人"."""
        if unit == "%":
            return self.pct(value, 2)
        if unit == "元":
            return self.yuan(value)
        return self.n(value, unit)

    def day(self, value: datetime.date) -> str:
        """A day of the period: "12月2日"."""
        return f"{self._keep(str(value.month))}月{self._keep(str(value.day))}日"

    def words(self, text: str) -> str:
        """A record's own words (a sitting's name, a proposal's title): their digits are the
        record's, kept as they are."""
        return self._keep(text)

    def para(self, key: str, area: str, text: str, **extra) -> Paragraph:
        return Paragraph(key, area, text, tuple(self.figures), **extra)


def plain(value) -> str:
    """300.00 → "300", 6.50 → "6.5"."""
    text = f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


CONTRIBUTORS: dict[str, Contributor] = {}


def register(key: str, fn: Contributor) -> None:
    """Add a module's contributor under ``key`` ("congress"); the order of registration is
    the order of the areas in the document."""
    CONTRIBUTORS[key] = fn


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """Every module's paragraphs for ``union`` and the period, in registration order."""
    out: list[Paragraph] = []
    for fn in CONTRIBUTORS.values():
        out.extend(fn(union, start, end))
    return out
