"""疗休养 (rest and recuperation trips) rotated fairly: the example settings with their
sources, and the pure rules the services apply — the cost of a place, the caps per day, per
trip and per year, who is 即将退休, the order of the proposal, the categories' bits.

Sources (shared/DOMAIN-AREAS.md section (a)):
- 衢州市总工会 2021 (浙江工人日报 2021-05-11, epaper.zjgrrb.com): 职工疗休养 ≤ 600 元/人/天,
  ≤ 3,000 元/人/年, ≤ 5 days in the province (7 for 对口帮扶地区), at most 2 split trips a
  year; priority to 一线职工和艰苦岗位职工, 劳动模范, 高技能人才, 因工负伤职工, 即将退休职工.
  **The defaults here are these figures**, marked 示例: the one source seen with a yearly cap.
- 马鞍山市总工会 马工发〔2026〕4号 (encoded in the Anhui rules engine, search id
  71231926089): 1–2 days, ≤ 400 元/人/天, only at listed bases (or "皖美民宿"), 人身意外险
  bought, the 采购程序 recorded, family members pay themselves under a separate contract, no
  cash, no 变相旅游. A union in Anhui sets 400 and 2 days (the settings page says so).
- Eligibility (the same engine): 在职, 会员, 会费已缴, 工资已计入经费基数; dispatched staff
  benefit in one place only. Here: 在会 (not retired) members of the union with no unpaid
  dues charged up to the round's day (``finance.queries.dues.arrears_query``).
- A 疗休养 export of one company (search id 47660633814) counts by 有毒有害工种, 康复人员,
  先进人员, 献血人员: the other example categories.
- The weights of the categories are UNCONFIRMED (no source gives any): a setting.
- 即将退休 = reaching the statutory age within N years of the trip. The ages are examples:
  国发〔1978〕104号 (男 60, 女干部 55, 女工人 50), raised step by step from 2025 by
  《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》(2024-09-13); the
  setting is one age per sex, not the month-by-month table of the decision.
- A national rule for the rotation itself: UNCONFIRMED. The order used here (never been or
  longest since the last trip first, then the categories' weight, then seniority, then the
  member's number) is the platform's, stated on every page that shows it.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from gonghui.core.dates import add_years

SOURCE = "衢州市总工会 2021 年职工疗休养规定（浙江工人日报 2021-05-11）"
SOURCE_SHORT = "衢州市总工会 2021"
EXAMPLE_BASIS = "衢州市总工会 2021 年规定（示例标准）"
ANHUI = "马工发〔2026〕4号"
ANHUI_NOTE = (
    "马鞍山市总工会 马工发〔2026〕4号：每次 1–2 天，每人每天不超过 400 元，"
    "须在公布的疗休养基地（或“皖美民宿”）安排，购买人身意外险，履行采购程序。"
)
RETIRE_SOURCE = "国发〔1978〕104号；2025 年起按全国人大常委会决定渐进式延迟"

# EXAMPLES (衢州 2021): yuan per person per day, days per trip, yuan per person per year.
EXAMPLE_CAP_DAY = Decimal("600.00")
EXAMPLE_MAX_DAYS = 5
EXAMPLE_CAP_YEAR = Decimal("3000.00")
EXAMPLE_RETIRE_MALE = 60
EXAMPLE_RETIRE_FEMALE = 55
EXAMPLE_RETIRING_YEARS = 2
FRONTLINE = "一线/艰苦岗位"
RETIRING = "即将退休"

# (name, weight, shown in the 公示). 因工负伤 and 康复人员 say something of a person's health:
# the 公示 shows them as 优先照顾 (PIPL: health is sensitive personal information).
EXAMPLE_CATEGORIES = (
    (FRONTLINE, 3, True),
    ("劳动模范", 3, True),
    ("高技能人才", 2, True),
    ("因工负伤", 2, False),
    (RETIRING, 2, True),
    ("有毒有害工种", 2, True),
    ("康复人员", 1, False),
    ("先进人员", 1, True),
    ("献血人员", 1, True),
)
HIDDEN_LABEL = "优先照顾"
MAX_CATEGORIES = 20  # each is one bit of an integer column
NAME_MAX = 20
MAX_WEIGHT = 99
FEN = Decimal("0.01")


def example_categories() -> list[dict]:
    """The model field's default (a fresh list each time)."""
    return [{"name": n, "weight": w, "public": p} for n, w, p in EXAMPLE_CATEGORIES]


def categories_text(categories: list[dict]) -> str:
    """The settings' categories as the form's lines: "名称 权重" (+ " 不公示")."""
    return "\n".join(
        f"{c['name']} {c['weight']}{'' if c.get('public', True) else ' 不公示'}" for c in categories
    )


def parse_categories(value) -> list[dict]:
    """Lines "名称 权重 [不公示]" (a list of dicts passes through checked)."""
    if isinstance(value, list):
        lines = [categories_text(value)] if value else []
        value = "\n".join(lines)
    found: list[dict] = []
    for number, line in enumerate(str(value or "").splitlines(), start=1):
        parts = line.replace("　", " ").split()
        if not parts:
            continue
        hidden = parts[-1] == "不公示"
        if hidden:
            parts = parts[:-1]
        if len(parts) != 2 or not parts[1].isdigit():
            raise ValidationError(
                f"第 {number} 行应写成“类别名称 权重”，如“劳动模范 3”（不公示的加“不公示”）。"
            )
        name, weight = parts[0], int(parts[1])
        if len(name) > NAME_MAX:
            raise ValidationError(f"类别名称“{name[:10]}…”太长，不超过 {NAME_MAX} 字。")
        if not 0 <= weight <= MAX_WEIGHT:
            raise ValidationError(f"“{name}”的权重应为 0 到 {MAX_WEIGHT} 的整数。")
        if any(c["name"] == name for c in found):
            raise ValidationError(f"类别“{name}”重复。")
        found.append({"name": name, "weight": weight, "public": not hidden})
    if len(found) > MAX_CATEGORIES:
        raise ValidationError(f"优先类别最多 {MAX_CATEGORIES} 个。")
    return found


# --- money and caps ---------------------------------------------------------------------


def cost_of(cost_per_day: Decimal, days: int) -> Decimal:
    """What one place costs: per day × days, to the fen."""
    return (Decimal(cost_per_day) * int(days)).quantize(FEN, rounding=ROUND_HALF_UP)


def trip_problems(settings, *, cost_per_day: Decimal, days: int) -> dict[str, str]:
    """A round's cost and length against the settings, each refusal with its 依据."""
    problems = {}
    basis = _basis(settings)
    if days < 1:
        problems["days"] = "天数至少 1 天。"
    elif days > settings.max_days:
        problems["days"] = f"每次疗休养不超过 {settings.max_days} 天（依据：{basis}）。"
    if cost_per_day > settings.cap_day:
        problems["cost_per_day"] = (
            f"每人每天不超过 {settings.cap_day:,.2f} 元，本批 {cost_per_day:,.2f} 元"
            f"（依据：{basis}）。"
        )
    elif days >= 1 and cost_of(cost_per_day, days) > settings.cap_year:
        problems["cost_per_day"] = (
            f"每人每次 {cost_of(cost_per_day, days):,.2f} 元已超过每人每年 "
            f"{settings.cap_year:,.2f} 元（依据：{basis}）。"
        )
    return problems


def over_year(settings, *, before: Decimal, cost: Decimal) -> str:
    """ "" when earlier trips this year plus this one keep within the yearly cap (at the cap
    is within), else the refusal with its 依据."""
    total = Decimal(before) + Decimal(cost)
    if total <= settings.cap_year:
        return ""
    return (
        f"本年度已安排疗休养 {before:,.2f} 元，加上本批 {cost:,.2f} 元共 {total:,.2f} 元，"
        f"超过每人每年 {settings.cap_year:,.2f} 元（依据：{_basis(settings)}）。"
    )


def _basis(settings) -> str:
    return getattr(settings, "basis", "") or "本会疗休养设置"


# --- categories, retirement, the order --------------------------------------------------


def bits(categories: list[dict]) -> dict[str, int]:
    """Each category's bit in ``RestEntry.mask``, by its place in the list."""
    return {c["name"]: 1 << i for i, c in enumerate(categories)}


def names_of(mask: int, categories: list[dict], *, public_only: bool = False) -> list[str]:
    """The categories a mask holds, in the settings' order; for the 公示 a hidden one reads
    优先照顾 (once)."""
    out: list[str] = []
    for i, c in enumerate(categories):
        if mask & (1 << i):
            name = c["name"] if c.get("public", True) or not public_only else HIDDEN_LABEL
            if name not in out:
                out.append(name)
    return out


def weight_of(mask: int, categories: list[dict]) -> int:
    """The sum of the weights of the categories a mask holds."""
    return sum(int(c["weight"]) for i, c in enumerate(categories) if mask & (1 << i))


def weight_sql(categories: list[dict], column: str) -> str:
    """:func:`weight_of` as an SQL expression over an integer ``column`` (numbers only)."""
    terms = [
        f"CASE WHEN ({column} & {1 << i}) <> 0 THEN {int(c['weight'])} ELSE 0 END"
        for i, c in enumerate(categories)
        if int(c["weight"])
    ]
    return f"({' + '.join(terms) or '0'})"


def retiring_born_by(settings, starts_on: datetime.date) -> dict[str, datetime.date]:
    """Per sex, the latest birth date of someone who reaches the retirement age within
    ``retiring_years`` of the trip's first day (or has reached it and still works)."""
    horizon = add_years(starts_on, settings.retiring_years)
    return {
        "M": add_years(horizon, -settings.retire_age_male),
        "F": add_years(horizon, -settings.retire_age_female),
    }


def years_since(year: int, last_year: int | None) -> int | None:
    """Years since the last trip (None: never been)."""
    return None if last_year is None else year - last_year


def sort_key(row) -> tuple:
    """The proposal's order, the same as the SQL's (tests compare them): never been first,
    then the longest since the last trip, the categories' weight (high first), seniority
    (joined earlier first; unknown last), the member's number."""
    last_year, weight, joined_on, member_id = row
    return (
        last_year is not None,
        last_year or 0,
        -weight,
        joined_on is None,
        joined_on or datetime.date.min,
        member_id,
    )
