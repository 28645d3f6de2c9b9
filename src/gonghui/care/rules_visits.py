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
- 慰问金 is paid through the books (``care.payments``), in the expense category below for
  the event's kind or the campaign's kind, so finance's spending rules for that category
  (``finance.rules.DEFAULT_SPENDING_RULES``) check it when the voucher is submitted.
"""

from __future__ import annotations

import datetime

from gonghui.finance.rules import CATEGORIES

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


# --- 慰问金: the expense category a visit's money is booked in --------------------------------

# The categories are finance's (《工会会计制度》 sub-items, ``finance.rules.CATEGORIES``).
HOSPITAL_CATEGORY = "50103"  # 住院慰问: 1,000/次, once a year per illness, > 3 days (示例)
WARMTH_CATEGORY = "50202"  # 维权支出—送温暖
# A life event's kind (the union's 五必访 list, free text) → its category. The example list's
# kinds map to the 501 sub-item of the same name, whose spending rule is made for it: 结婚
# and 生育 once a year, 退休 once in a life, 会员去世 (paid to the family) and 直系亲属去世
# by the event. 发生意外 and 家庭困难 have no 501 sub-item: they are 送温暖 to a member in
# difficulty (维权支出), not an employee benefit. A kind a union adds itself goes by its
# words (``visit_category``).
KIND_CATEGORIES = {
    "生病住院": HOSPITAL_CATEGORY,
    "住院": HOSPITAL_CATEGORY,
    "结婚": "50104",
    "生育": "50105",
    "退休": "50106",
    "会员去世": "50107",
    "直系亲属去世": "50108",
    "发生意外": WARMTH_CATEGORY,
    "家庭困难": WARMTH_CATEGORY,
}
# A campaign's kind (``models.CampaignKind`` values) → its category. 春节送温暖 and 重阳节
# 慰问退休职工 visit people the union cares for (filed hardship households, retirees): 送温暖,
# not 节日慰问 — 50101 is the festival gift to every member, capped per member and year
# (2,200 元, 安徽 2025 示例) and goods only (总工办发〔2017〕32号 第八条), and finance counts
# 50202, not 50101, among its 慰问 categories (``finance.metrics.CARE_CATEGORIES``). 夏送清凉
# (防暑降温 for front-line staff) is booked as 劳动保护 (维权支出) — the usual practice, no
# source seen that fixes it (UNCONFIRMED). A 节日慰问 campaign is 节日慰问, with its cap.
CAMPAIGN_CATEGORIES = {
    "spring": WARMTH_CATEGORY,
    "summer": "50203",
    "chongyang": WARMTH_CATEGORY,
    "holiday": "50101",
    "other": WARMTH_CATEGORY,
}
ILLNESS_MAX = 60
MAX_STAY_DAYS = 999


def visit_category(kind: str) -> str:
    """The expense category of a life event's 慰问金: the example kinds by name; a union's own
    kind by its words (住院 → 住院慰问 unless it is a relative's stay, 去世 → a member's or a
    relative's death), else 送温暖."""
    kind = str(kind or "").strip()
    if kind in KIND_CATEGORIES:
        return KIND_CATEGORIES[kind]
    relative = "亲属" in kind or "家属" in kind
    if "去世" in kind or "病故" in kind:
        return "50108" if relative else "50107"
    if "住院" in kind and not relative:
        return HOSPITAL_CATEGORY
    return WARMTH_CATEGORY


def is_hospital(kind: str) -> bool:
    """A 住院慰问: its money needs the stay's days and the illness."""
    return visit_category(kind) == HOSPITAL_CATEGORY


def illness_key(text: str) -> str:
    """The event key of a 住院慰问 (the spending rule's "同一病种每年一次" counts by it): the
    illness as typed, spaces collapsed and brackets made full-width, and "住院（…）" put
    round a bare illness — so "肺炎", "住院(肺炎)" and "住院（肺炎）" are one illness, as the
    treasurer writes it on a voucher line (docs/finance-vouchers.md)."""
    words = " ".join(str(text or "").split()).replace("(", "（").replace(")", "）")
    if not words:
        return ""
    return words if words.startswith("住院") else f"住院（{words}）"


def category_name(code: str) -> str:
    """The category's name as finance lists it (住院慰问, 送温暖 …), for the pages."""
    return next((name for c, name, _kind, _parent in CATEGORIES if c == code), code)
