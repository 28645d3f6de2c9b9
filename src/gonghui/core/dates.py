"""Calendar arithmetic on business dates, shared by every module."""

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Full years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_workday(day: datetime.date) -> bool:
    """A working day in mainland China: chinesecalendar's (public holidays and the
    weekend days worked in exchange, 调休) for the years it covers, else Monday–Friday."""
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the installed release does not cover
        return day.weekday() < 5
