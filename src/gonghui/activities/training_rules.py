"""The rules of 培训 (a training course), as pure functions with their sources: a session's
课时, the hours a trainee attended, who completed the course (结业), the figures of a course
(期数, 课时, 人次) and the certificate number.

**A course is one 期.** A training activity (kind 培训) with its sessions (课次) is one run
of a course: a union's year counts its 期数 as the training activities held that year that
have sessions (the year plans' "培训6-8期，1000多人次", shared/DOMAIN.md).

**人次** of a course = the trainees checked in, summed over its sessions (sessions ×
attendees): one who came to three sessions is three 人次. Companions have no place in a
training (a course that allows them is refused sessions), so a check-in is one person.

**课时** (class hours) are a session's own, one decimal place (1.5 = one and a half class
hours); the course's total is their sum; a trainee's hours are those of the sessions they
checked in to (late or marked by the organiser counts: the organiser judges the door).

**Completion** (结业): the trainee attended at least ``percent`` % of the course's total
课时 (inclusive). The example is 80 %, marked 示例 — provinces and training bodies differ:

- a training centre's rule (学员成绩考试及补考制度, 61taotao.com/office/1307672.html): leave
  "不得超过培训课时数20%" — attend at least 80 % of the hours;
- stricter, for cadres in residential training (中共中央组织部《关于在干部教育培训中进一步加强
  学员管理的规定》, 2013, as quoted at zzb.whpu.edu.cn/info/1034/3308.htm): "累计请假时间超过
  总学时1/7的，按退学处理" — about 85.7 %;
- looser, a language centre (admin.must.edu.tw, 成績單及結業證書): absence under 25 % of the
  hours — 75 %.

A union's spare-time course (evenings, a Saturday morning) sits nearer the training centre
than the cadre school, hence 80 %; set 86 for the cadre rule.

**Certificate numbers** (证书编号) run per union and year from 1: "2026" and four digits
("20260007"), so a number read off a certificate finds one record in the union's year."""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

EXAMPLE_COMPLETION_PERCENT = 80
MIN_PERCENT, MAX_PERCENT = 1, 100
HOURS_MIN = Decimal("0.5")
HOURS_MAX = Decimal("12.0")  # one sitting; a whole day's course is two or three sessions
HOURS_STEP = Decimal("0.1")
TEXT_MAX = 100
MAX_SESSIONS = 60
SEQ_DIGITS = 4


def clean_hours(value: object) -> Decimal:
    """A session's 课时 from a form or an import: a number with at most one decimal place,
    0.5 to 12. Raises ``ValueError`` with the Chinese reason."""
    text = str(value if value is not None else "").strip()
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise ValueError("课时须为数字，如 2 或 1.5。") from None
    if not hours.is_finite():
        raise ValueError("课时须为数字，如 2 或 1.5。")
    if hours != hours.quantize(HOURS_STEP):
        raise ValueError("课时最多保留一位小数，如 1.5。")
    if not HOURS_MIN <= hours <= HOURS_MAX:
        raise ValueError(f"每次课的课时应在 {HOURS_MIN} 到 {HOURS_MAX} 之间。")
    return hours.quantize(HOURS_STEP)


def clean_percent(value: object) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError("结业要求须为整数（百分比）。") from None
    if not MIN_PERCENT <= number <= MAX_PERCENT:
        raise ValueError(f"结业要求应在 {MIN_PERCENT}% 到 {MAX_PERCENT}% 之间。")
    return number


def completed(attended: Decimal, total: Decimal, percent: int) -> bool:
    """结业: ``attended`` hours are at least ``percent`` % of ``total`` (exact decimals, the
    threshold itself included). A course without hours completes nobody."""
    if total <= 0:
        return False
    return attended * 100 >= total * percent


def share(attended: Decimal, total: Decimal) -> Decimal | None:
    """Attended hours as a percentage of the total, one place (the pages' figure)."""
    if total <= 0:
        return None
    return (attended * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def needed(total: Decimal, percent: int) -> Decimal:
    """The least hours that complete the course, one place, rounded up (so the figure the
    page prints always suffices)."""
    exact = total * percent / 100
    rounded = exact.quantize(HOURS_STEP, ROUND_HALF_UP)
    return rounded if rounded >= exact else rounded + HOURS_STEP


@dataclass(frozen=True)
class Tally:
    """One trainee on a course: the sessions attended, their hours, completion."""

    sessions: frozenset
    hours: Decimal
    completed: bool


def tally(
    hours: Mapping[Hashable, Decimal],
    attended: Mapping[Hashable, Iterable[Hashable]],
    percent: int,
) -> dict[Hashable, Tally]:
    """For each trainee (a key of ``attended``: the sessions they checked in to), the hours
    of those sessions (``hours``: each session's 课时; a session not in it counts nothing)
    and whether that completes the course at ``percent``."""
    total = sum(hours.values(), Decimal(0))
    out = {}
    for key, sessions in attended.items():
        mine = frozenset(s for s in sessions if s in hours)
        got = sum((hours[s] for s in mine), Decimal(0))
        out[key] = Tally(mine, got, completed(got, total, percent))
    return out


def person_times(attended: Mapping[Hashable, Iterable[Hashable]]) -> int:
    """人次 of a course: attendances summed over its sessions."""
    return sum(len(set(s)) for s in attended.values())


def current_index(spans: Sequence[tuple[datetime.datetime, datetime.datetime]], now) -> int:
    """Which session a phone shows first: the first not yet ended, else the last (the
    sessions in order). 0 for none."""
    for i, (_start, end) in enumerate(spans):
        if now < end:
            return i
    return max(len(spans) - 1, 0)


def default_index(days: Sequence[datetime.date], today: datetime.date) -> int:
    """Which session the generic QR and roll pages open on: today's, else the next one
    (the first whose day is today or later), else the last (the sessions in order, by
    their local start dates). 0 for none."""
    for i, day in enumerate(days):
        if day >= today:
            return i
    return max(len(days) - 1, 0)


def session_label(index: int, topic: str, start: datetime.datetime) -> str:
    """A session as a trainee reads it on the scan page: "第2次课 · 劳动法基础 · 12月5日
    14:00" (``start`` in local time)."""
    return f"第{index}次课 · {topic} · {start.month}月{start.day}日 {start:%H:%M}"


def certificate_number(year: int, seq: int) -> str:
    """证书编号: the year and the union's running number in it, "20260007"."""
    return f"{year}{seq:0{SEQ_DIGITS}d}"


def hours_label(value: Decimal | None) -> str:
    """课时 as printed: "2", "1.5" (no trailing zero)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(HOURS_STEP):f}"
    return text[:-2] if text.endswith(".0") else text
