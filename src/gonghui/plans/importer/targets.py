"""Numeric targets in an item's text: "发展新会员300人", "签订率达95%以上", "培训6-8期".

A target is an Arabic number (or a range "6-8", "2－3", "2--3") followed by a unit (人, 人次,
名, 家, 期, 篇, %, …). A range proposes its lower bound; "1000多人次" proposes ≥ 1000.
"不超过/不高于/以内/以下" give "<=", "超过/高于" give ">", everything else ">=". Numbers that
are dates or times (5月, 2026年, 7：00), ordinals (第19), list numbers and "30分" carry no
unit from the list and are never targets. The metric is looked up in ``core.metrics`` on the
clause holding the number only, and kept only when its unit fits (% with %, 元 with money).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = (
    "人次",
    "万元",
    "课时",
    "小时",
    "人",
    "名",
    "家",
    "个",
    "期",
    "次",
    "篇",
    "项",
    "件",
    "场",
    "支",
    "户",
    "元",
    "所",
    "批",
    "份",
    "本",
    "天",
    "%",
)
NUM = r"\d+(?:\.\d+)?"
DASH = r"\s*(?:-{1,2}|－{1,2}|~|～|〜|—{1,2}|至|到)\s*"
TARGET_RE = re.compile(
    rf"(?<![\d.:：第xX])({NUM})(?:{DASH}({NUM}))?\s*(多|余)?\s*({'|'.join(map(re.escape, UNITS))})"
    r"(以上|以下|以内|左右)?"
)
CLAUSE_SPLIT = re.compile(r"[，,、；;。：:！!？?（）()“”\"\s]")
CLAUSE_MAX = 60  # a clause is read back this far from its number at most
LEADING_FILLER = re.compile(r"^(?:共计|共|约|计|累计|总计|合计|并|且|还|另|再)")
MONEY = {"元", "万元"}


@dataclass
class Found:
    text: str
    clause: str
    op: str
    value: Decimal
    unit: str


def _op(before: str, suffix: str | None) -> str:
    if suffix in ("以下", "以内") or re.search(r"(不超过|不高于|不多于|控制在|低于|少于)$", before):
        if re.search(r"(不低于|不少于)$", before):
            return ">="
        return "<="
    if re.search(r"(?<!不)(超过|高于|多于)$", before):
        return ">"
    return ">="


def find_targets(text: str) -> list[Found]:
    found: list[Found] = []
    previous_end = 0
    for m in TARGET_RE.finditer(text):
        unit = m.group(4)
        # the clause: from the last separator before the number to the end of the match
        window = max(0, m.start() - CLAUSE_MAX)
        start = window
        for sep in CLAUSE_SPLIT.finditer(text, window, m.start()):
            start = sep.end()
        start = max(start, previous_end)
        previous_end = m.end()
        before = text[start : m.start()]
        tail = text[m.end() : m.end() + 1]
        if unit == "个" and tail in ("月", "工"):
            continue  # "3个月", "2个工作日" are spans of time
        if unit in ("次", "人") and re.search(r"[届]$", before):
            continue
        clause = text[start : m.end()]
        shown = LEADING_FILLER.sub("", clause) or clause
        op = _op(before.rstrip("达到为在"), m.group(5))
        try:
            value = Decimal(m.group(1))
        except ArithmeticError:
            continue
        found.append(Found(shown, clause, op, value, unit))
    return found


def fits(metric_unit: str, unit: str) -> bool:
    if metric_unit == "%" or unit == "%":
        return metric_unit == unit
    if metric_unit in MONEY or unit in MONEY:
        return metric_unit in MONEY and unit in MONEY
    return True
