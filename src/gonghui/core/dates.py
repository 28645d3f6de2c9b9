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
    weekend days worked in exchange, 调休) for the years its release lists, else
    Monday–Friday (the State Council publishes each year's holidays in the autumn before)."""
    import chinese_calendar
    from chinese_calendar.constants import holidays

    first, last = min(holidays).year, max(holidays).year
    if first <= day.year <= last:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier); past the month's end, its last day
    (31 May − 3 months = 28 or 29 February)."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))
