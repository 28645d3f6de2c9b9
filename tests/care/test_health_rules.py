"""体检's pure rules (no database): who is due across an N-year interval at the boundary year,
the screening for women only and from the settings' age, the reasons, and the rate."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from gonghui.care import rules_health as rules

ON = datetime.date(2026, 5, 1)


def settings(general_years=1, screening_years=1, min_age=0):
    return SimpleNamespace(
        general_years=general_years, screening_years=screening_years, screening_min_age=min_age
    )


def person(sex="F", birth=datetime.date(1980, 6, 1), pk=1):
    return SimpleNamespace(pk=pk, sex=sex, birth_date=birth)


def due(member, last=None, year=2026, general=True, screening=True, **kw):
    return rules.member_due(
        member,
        year=year,
        on=ON,
        general=general,
        screening=screening,
        last=last or {},
        settings=settings(**kw),
    )


def test_every_two_years_the_boundary_is_the_second_year():
    assert rules.due_kind("常规体检", 2024, 2025, 2) is None
    assert rules.due_kind("常规体检", 2024, 2026, 2) == "上次常规体检 2024 年（每 2 年一次）"
    assert rules.due_kind("常规体检", 2023, 2026, 2) is not None
    assert rules.due_kind("常规体检", None, 2026, 2) == "无常规体检记录"
    # yearly: last year's check makes this year due, this year's does not
    assert rules.due_kind("常规体检", 2025, 2026, 1) is not None
    assert rules.due_kind("常规体检", 2026, 2026, 1) is None


def test_a_man_is_never_due_for_the_screening():
    man = person(sex="M")
    found = due(man)
    assert found.general and not found.screening
    assert found.reasons == ("无常规体检记录",)
    assert due(man, general=False) is None  # a screening-only campaign: not him


def test_a_woman_is_due_for_both_with_both_reasons():
    found = due(person(), last={"general": 2025, "screening": 2024}, screening_years=2)
    assert found.general and found.screening
    assert (
        found.reason_text
        == "上次常规体检 2025 年（每 1 年一次）；上次妇科/两癌筛查 2024 年（每 2 年一次）"
    )


def test_each_kind_has_its_own_interval():
    last = {"general": 2025, "screening": 2025}
    found = due(person(), last=last, general_years=2)
    # general every 2 years: not due; screening yearly: due
    assert found is not None and not found.general and found.screening
    assert due(person(), last=last, general_years=2, screening_years=2) is None


def test_the_screening_starts_at_the_settings_age():
    young = person(birth=datetime.date(1992, 5, 2))  # 33 on 1 May 2026, 34 the next day
    assert not due(young, general=False, min_age=34)
    assert due(young, general=False, min_age=33).screening
    on_birthday = person(birth=datetime.date(1992, 5, 1))
    assert due(on_birthday, general=False, min_age=34).screening
    unknown = person(birth=None)
    found = due(unknown, general=False, min_age=35)
    assert found.screening and found.reasons == ("无妇科/两癌筛查记录（出生日期未登记）",)
    assert due(person(birth=datetime.date(2000, 1, 1)), general=False, min_age=0).screening


def test_the_rate_is_a_percent_with_one_place_and_none_without_anyone_due():
    assert rules.rate(2, 3) == Decimal("66.7")
    assert rules.rate(3, 3) == Decimal("100.0")
    assert rules.rate(0, 4) == Decimal("0.0")
    assert rules.rate(0, 0) is None


def test_kinds_and_days_read_in_chinese():
    assert rules.kinds_text(True, True) == "常规体检、妇科/两癌筛查"
    assert rules.kinds_text(False, True) == "妇科/两癌筛查"
    assert rules.day_text(datetime.date(2026, 12, 3)) == "12月3日（周四）"
