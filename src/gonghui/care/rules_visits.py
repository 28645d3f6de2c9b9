"""走访慰问 (五必访) rules with their sources: the example list of events a visit must
follow, and the example number of days within which it is due.

- 五必访 has no national list. The example is 浙财院工〔2004〕16号 (浙江财经学院工会,
  law.zufe.edu.cn/info/2102/17834.htm): 婚丧喜庆、生病住院、发生意外、生活困难、生孩子或离岗
  退休, spelt out below as the events a committee records (a hospital's version swaps in
  体检休养、家庭矛盾、重大节日: shared/DOMAIN-AREAS.md section (a)). Every union edits the list
  in its settings, or inherits its federation's.
- The number of days is UNCONFIRMED: no source seen fixes one. 7 days is an example with no
  legal claim, a setting of the union. Days are calendar days from the event's date: a
  visit on the N-th day after the event is on time, on the day after that it is late.
"""

from __future__ import annotations

import datetime

# 浙财院工〔2004〕16号's five occasions, as events (an EXAMPLE; each union edits the list).
EXAMPLE_VISIT_KINDS = (
    "生病住院",
    "结婚",
    "生育",
    "直系亲属去世",
    "会员去世",
    "退休",
    "发生意外",
    "家庭困难",
)
VISIT_KINDS_SOURCE = (
    "浙财院工〔2004〕16号：婚丧喜庆、生病住院、发生意外、生活困难、生孩子或离岗退休"
)

# UNCONFIRMED: an example, no source fixes the days.
EXAMPLE_VISIT_DAYS = 7
MAX_VISIT_DAYS = 90
MAX_KINDS = 20
KIND_MAX_LENGTH = 20


def example_visit_kinds() -> list[str]:
    """The model field's default (a fresh list each time)."""
    return list(EXAMPLE_VISIT_KINDS)


def due_on(occurred_on: datetime.date, days: int) -> datetime.date:
    """The last day a visit is on time: ``days`` calendar days after the event."""
    return occurred_on + datetime.timedelta(days=days)


def on_time(visited_on: datetime.date, due: datetime.date) -> bool:
    return visited_on <= due
