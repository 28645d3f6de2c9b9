"""Helpers for the 厂务公开 tests: a fixed clock, the school's catalogue adopted, and a
publication recorded through the service."""

from __future__ import annotations

import datetime

from gonghui.rights import queries_openness as queries
from gonghui.rights import services_openness as services
from gonghui.rights.models_openness import OpennessChannel

D = datetime.date
TODAY = D(2026, 12, 3)


def adopt(union, today: datetime.date = TODAY) -> dict:
    """The union's catalogue (copied from its template), by name."""
    services.openness_adopt(actor=None, union=union, today=today)
    return {c.name: c for c in queries.categories(union)}


def publish(
    union,
    category,
    *,
    published_on,
    period=None,
    year=None,
    event_on=None,
    title="10月份工资奖金发放情况",
    actor=None,
    today=TODAY,
    **kw,
):
    return services.openness_publish(
        actor=actor,
        union=union,
        category=category,
        year=year if year is not None else (event_on or published_on).year,
        period=period,
        event_on=event_on,
        title=title,
        published_on=published_on,
        channel=kw.pop("channel", OpennessChannel.BOARD),
        today=today,
        **kw,
    )
