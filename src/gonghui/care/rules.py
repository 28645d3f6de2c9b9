"""困难职工 rules with their sources: the tier formula, the example 低保 line and exclusions.

Sources (shared/DOMAIN-AREAS.md section (a)):
- the three tiers, as the 全总 scheme is applied by provinces: pdsgh.org/index.php/node/16762
  and the Qingdao self-test (isunte.cn/p/226478.html);
- the flow 申请 → 初审 → 入户调查 + 《家庭经济状况核对授权委托书》 → 公示 → 建档, yearly 复核,
  脱困退档 and 返困 re-entry: kjrzhgh.com/?Col8/Col24/123.html, mencius.gov.cn item 17784;
- the example 低保 line: Rushan 2025, 1,062 元/月 (鲁会办〔2020〕58号 as applied there,
  630319.com). There is no national line: every union must set its own (``CareSettings``),
  or inherit its federation's.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

FEN = Decimal("0.01")

# An EXAMPLE, not a national figure: Rushan (乳山市) 2025 urban 低保, 1,062 元/月.
EXAMPLE_DIBAO = Decimal("1062.00")

# Exclusions the committee checks before 初审 — EXAMPLES from the sources above; a union
# edits them in its settings.
EXAMPLE_EXCLUSIONS = [
    "家庭成员拥有两套及以上住房，或拥有非生活必需的机动车辆。",
    "子女自费就读收费标准高于公办学校两倍以上的民办学校。",
    "有劳动能力而拒不就业，或拒绝接受帮扶部门介绍工作。",
    "拒不配合入户调查或家庭经济状况核对，或隐瞒家庭收入、提供虚假材料。",
]

# 意外致困: the year's costs that caused the hardship exceed this share of family income.
ACCIDENT_COST_SHARE = Decimal("0.8")


class Tier(models.TextChoices):
    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"
    NONE = "none", "不符合条件"


class Cause(models.TextChoices):
    NONE = "", "无"
    DISASTER = "disaster", "自然灾害"
    ACCIDENT = "accident", "意外事故"
    ILLNESS = "illness", "重大疾病"


def per_capita_monthly(income: Decimal, rigid: Decimal, household: int) -> Decimal:
    """(家庭年可支配收入 − 刚性支出) / 12 / 共同生活人口, to the fen (half up)."""
    if household < 1:
        raise ValueError("household must be at least 1")
    return ((income - rigid) / 12 / household).quantize(FEN, rounding=ROUND_HALF_UP)


def tier(
    *,
    income: Decimal,
    rigid: Decimal,
    household: int,
    dibao: Decimal,
    cause: str = "",
    hardship_cost: Decimal = Decimal(0),
) -> Tier:
    """The 困难职工 tier of a household, by the 全总 scheme as provinces apply it
    (pdsgh.org/index.php/node/16762; Qingdao self-test isunte.cn/p/226478.html):

    - per-capita monthly income = (家庭年可支配收入 − 刚性支出) / 12 / 共同生活人口;
    - 深度困难 when it is below the local 低保 line;
    - 相对困难 when it is below twice the line;
    - 意外致困 when the household was struck by a disaster, an accident or a major illness,
      or the year's costs that caused the hardship exceed 80% of the family's income;
    - otherwise 不符合条件.

    Income tiers come first (a deeply poor household struck by illness is 深度困难, the
    higher help). At exactly the line a household is not below it."""
    per_capita = per_capita_monthly(income, rigid, household)
    if per_capita < dibao:
        return Tier.DEEP
    if per_capita < 2 * dibao:
        return Tier.RELATIVE
    if cause in (Cause.DISASTER, Cause.ACCIDENT, Cause.ILLNESS):
        return Tier.ACCIDENT
    # income is above 0 here: a household with none is below the line already
    if hardship_cost > ACCIDENT_COST_SHARE * income:
        return Tier.ACCIDENT
    return Tier.NONE
