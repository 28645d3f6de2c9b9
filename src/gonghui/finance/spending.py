"""The spending-rule engine (开支标准): which rules a union follows and whether a voucher
keeps to them.

A union follows its own rule rows first, then its nearest ancestor's (a federation sets the
standard for its district), then the platform's example rows (``union`` NULL, seeded from
``rules.DEFAULT_SPENDING_RULES``). Rules are matched by ``key``; an inactive row switches the
rule off for the union and its subtree.

The checks follow 《基层工会经费收支管理办法》（总工办发〔2017〕32 号）: festival and birthday
gifts per member per year, condolences per event, outings per person per day, prizes capped
and at most one winner in N participants, gifts in goods never cash or shopping cards. Issue
16 adds what the Anhui rules engine checks (皖工发〔2025〕18号): once a year *per illness*
(``times_event_year``, counted per member and ``VoucherShare.event_key``), retirement once
ever (``times_ever``), a hospital stay of more than N days (``min_days``) and categories
union funds may not pay at all (``forbid_union_funds``: health checks are the employer's).
The figures are the province's and are settings, never code.

A check is a fixed number of queries whatever the number of payees (a 春节 gift to 5,000
members is one voucher): the voucher's shares are read as plain rows, every running total
is one grouped query, and member names are read only for the members who break a rule.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, IntegerField, Q, Sum, Value, When

from gonghui.orgs.models import Member, Union

from .models import Category, PayForm, SpendingRule, Voucher, VoucherShare, VoucherStatus
from .money import FEN, ZERO, yuan

# Shares of these vouchers make a member's running total: once submitted a voucher is on
# its way to being paid, so a second voucher cannot slip under the cap beside it.
COUNTED_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED, VoucherStatus.POSTED)
# Limits that need to know who received what.
PER_PERSON_LIMITS = ("cap_year", "cap_event", "times_year", "times_event_year", "times_ever")
# Limits that add this voucher to what the member has had before.
RUNNING_LIMITS = ("cap_year", "times_year", "times_event_year", "times_ever")


@dataclass
class Violation:
    rule: SpendingRule
    member: Member | None
    cap: Decimal | int | None
    total: Decimal | int | None
    message: str

    def as_json(self) -> dict:
        """What ``Voucher.override_violations`` keeps: enough for the audit committee to read
        without the rule row, which may change later."""
        return {
            "rule": self.rule.key,
            "rule_name": self.rule.name,
            "member_id": self.member.pk if self.member else None,
            "member": self.member.name if self.member else "",
            "cap": None if self.cap is None else str(self.cap),
            "total": None if self.total is None else str(self.total),
            "message": self.message,
        }


@dataclass
class RuleEntry:
    """One rule as a union sees it: the row in force and where it comes from."""

    rule: SpendingRule
    origin: str  # "own", "parent", "platform"
    origin_union: Union | None
    own: SpendingRule | None  # the union's own row, if any (what 恢复继承 deletes)
    inherited: SpendingRule | None  # what the union would follow without its own row

    @property
    def origin_label(self) -> str:
        if self.origin == "own":
            return "本会"
        if self.origin == "parent":
            return f"上级 {self.origin_union.name}"
        return "平台示例"


def rule_table(union: Union) -> list[RuleEntry]:
    """Every rule key the union meets, active or not, with the row in force. Two queries."""
    chain = [union.pk, *reversed(union.ancestor_ids)]  # nearest first
    rows = list(
        SpendingRule.objects.filter(union_id__in=chain)
        .select_related("category", "category__parent", "union")
        .order_by()
    ) + list(
        SpendingRule.objects.filter(union__isnull=True)
        .select_related("category", "category__parent")
        .order_by()
    )
    rank = {uid: i for i, uid in enumerate(chain)}
    by_key: dict[str, list[SpendingRule]] = defaultdict(list)
    for row in rows:
        by_key[row.key].append(row)
    entries = []
    for key_rows in by_key.values():
        key_rows.sort(key=lambda r: rank.get(r.union_id or 0, len(chain)))
        top = key_rows[0]
        own = top if top.union_id == union.pk else None
        inherited = key_rows[1] if own is not None and len(key_rows) > 1 else None
        if own is None:
            inherited = top
        if top.union_id is None:
            origin, origin_union = "platform", None
        elif top.union_id == union.pk:
            origin, origin_union = "own", union
        else:
            origin, origin_union = "parent", top.union
        entries.append(RuleEntry(top, origin, origin_union, own, inherited))
    entries.sort(key=lambda e: (e.rule.category.code, e.rule.key))
    return entries


def effective_rules(union: Union) -> list[SpendingRule]:
    """The active rules the union follows: own rows override ancestors' by key, then the
    platform's examples; an inactive row switches the rule off."""
    return [e.rule for e in rule_table(union) if e.rule.active]


# --- checking a voucher ------------------------------------------------------------------


@dataclass(slots=True)
class _Share:
    """One payee of this voucher, as a plain row (no member instance)."""

    member_id: int
    amount: Decimal
    event_key: str


@dataclass(slots=True)
class _Found:
    """A violation before its member's name is known: the message is ``head`` + name +
    ``tail``. Names are read once, for the members that break a rule, not for every payee."""

    rule: SpendingRule
    member_id: int | None
    cap: Decimal | int | None
    total: Decimal | int | None
    head: str
    tail: str = ""


@dataclass(slots=True)
class _Tally:
    """A member's payments under one rule: amount and times in the year, times ever, and
    times in the year per event key."""

    amount: Decimal = ZERO
    times: int = 0
    ever: int = 0
    events: dict[str, int] = field(default_factory=dict)


def _applies(rule: SpendingRule, line) -> bool:
    # A rule on a top category (e.g. 501 职工活动支出) covers its sub-items too.
    return rule.category_id in (line.category_id, line.category.parent_id)


def _year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)


def _prefix(rule: SpendingRule) -> str:
    return f"违反开支标准【{rule.name}】："


def _cite(rule: SpendingRule) -> str:
    """The document a decision rests on, ending the messages of the event rules."""
    if rule.source:
        return f"。依据：{rule.source.rstrip('。.； ')}"
    if rule.union is not None:
        return f"。依据：{rule.union.name}开支标准"
    return "。依据：平台示例标准"


def check_voucher(voucher: Voucher) -> list[Violation]:
    """Every way the voucher breaks a rule the union follows, in line order. A reversal only
    ever takes money back, so it is never checked."""
    if voucher.is_reversal or voucher.kind != "expense":
        return []
    lines = list(voucher.lines.select_related("category").order_by("id"))
    rules = [r for r in effective_rules(voucher.union) if any(_applies(r, ln) for ln in lines)]
    if not rules:
        return []
    shares = _shares_of(lines)
    found: list[_Found] = []
    for rule in rules:
        for line in lines:
            if _applies(rule, line):
                found.extend(_line_checks(rule, line, shares.get(line.pk, [])))
    found.extend(_running_checks(voucher, rules, lines, shares))
    return _named(found)


def _shares_of(lines) -> dict[int, list[_Share]]:
    """The voucher's shares by line, in the order they were written: one query."""
    out: dict[int, list[_Share]] = defaultdict(list)
    rows = (
        VoucherShare.objects.filter(line_id__in=[ln.pk for ln in lines])
        .order_by("id")
        .values_list("line_id", "member_id", "amount", "event_key")
    )
    for line_id, member_id, amount, event_key in rows:
        out[line_id].append(_Share(member_id, amount, event_key))
    return out


def _named(found: list[_Found]) -> list[Violation]:
    ids = {f.member_id for f in found if f.member_id is not None}
    members = Member.objects.only("id", "name").in_bulk(ids) if ids else {}
    out = []
    for f in found:
        member = members.get(f.member_id) if f.member_id is not None else None
        message = f.head + (member.name if member else "") + f.tail
        out.append(Violation(f.rule, member, f.cap, f.total, message))
    return out


# --- one line against one rule ----------------------------------------------------------


def _line_checks(rule: SpendingRule, line, shares: list[_Share]) -> list[_Found]:
    out = _form_checks(rule, line)
    p = _prefix(rule)
    if not shares and any(getattr(rule, f) is not None for f in PER_PERSON_LIMITS):
        out.append(
            _Found(
                rule,
                None,
                None,
                None,
                f"{p}「{line.category.name}」须按人列明发放名单和每人金额，才能核对每人标准。",
            )
        )
    if rule.min_days is not None:
        out.extend(_days_over(rule, line))
    if rule.times_event_year is not None and any(not s.event_key for s in shares):
        out.append(
            _Found(
                rule,
                None,
                rule.times_event_year,
                None,
                f"{p}「{line.category.name}」须在“事由”中写明慰问的事项（如病种），才能核对"
                f"同一事项每人每年 {rule.times_event_year} 次的标准{_cite(rule)}。",
            )
        )
    if rule.cap_event is not None:
        out.extend(
            _Found(
                rule,
                s.member_id,
                rule.cap_event,
                s.amount,
                p,
                f" 本次 {yuan(s.amount)} 元，超过每人每次 {yuan(rule.cap_event)} 元的上限。",
            )
            for s in shares
            if s.amount > rule.cap_event
        )
    if rule.cap_day is not None:
        out.extend(_day_checks(rule, rule.cap_day, line, shares))
    if rule.winners_one_in is not None:
        out.extend(_winner_checks(rule, line, len(shares)))
    return out


def _form_checks(rule: SpendingRule, line) -> list[_Found]:
    """What the line is paid for and how, whoever receives it."""
    out: list[_Found] = []
    p = _prefix(rule)
    if rule.forbid_union_funds:
        out.append(
            _Found(
                rule,
                None,
                None,
                line.amount,
                f"{p}「{line.category.name}」不得使用工会经费列支{_cite(rule)}。",
            )
        )
    if rule.forbid_cash and line.pay_form == PayForm.CASH:
        out.append(
            _Found(rule, None, None, None, f"{p}不得发放现金，请改为实物或指定商户提货凭证。")
        )
    if rule.forbid_card and line.pay_form == PayForm.CARD:
        out.append(
            _Found(rule, None, None, None, f"{p}不得发放购物卡，请改为实物或指定商户提货凭证。")
        )
    return out


def _days_over(rule: SpendingRule, line) -> list[_Found]:
    """The line's 天数 must be more than N: at N it is refused, at N + 1 it passes."""
    n = rule.min_days
    p = _prefix(rule)
    if line.days is None:
        text = f"{p}请填写天数：天数超过 {n} 天方可列支{_cite(rule)}。"
        return [_Found(rule, None, n, None, text)]
    if line.days <= n:
        text = f"{p}天数 {line.days} 天，未超过 {n} 天，不符合列支条件{_cite(rule)}。"
        return [_Found(rule, None, n, line.days, text)]
    return []


def _winner_checks(rule: SpendingRule, line, winners: int) -> list[_Found]:
    n = rule.winners_one_in or 1
    p = _prefix(rule)
    if not line.participants:
        return [
            _Found(
                rule,
                None,
                None,
                winners,
                f"{p}请填写参与人数，以核对获奖面（每 {n} 名参与者至多 1 人获奖）。",
            )
        ]
    if winners * n > line.participants:
        most = line.participants // n
        return [
            _Found(
                rule,
                None,
                most,
                winners,
                f"{p}获奖 {winners} 人，参与 {line.participants} 人，超过每 {n} 名参与者"
                f"至多 1 人获奖的限制（最多 {most} 人）。",
            )
        ]
    return []


def _day_checks(rule: SpendingRule, cap: Decimal, line, shares: list[_Share]) -> list[_Found]:
    """share ÷ days ≤ cap, compared as share ≤ cap × days so no division rounds a fen."""
    p = _prefix(rule)
    days = line.days or 1
    limit = cap * days
    if shares:
        return [
            _Found(
                rule,
                s.member_id,
                cap,
                s.amount,
                p,
                f" 本次 {yuan(s.amount)} 元（{days} 天），超过每人每天"
                f" {yuan(cap)} 元的上限（合计不超过 {yuan(limit)} 元）。",
            )
            for s in shares
            if s.amount > limit
        ]
    if not line.participants:
        return [
            _Found(rule, None, None, None, f"{p}请填写参与人数或人员名单，以核对每人每天标准。")
        ]
    allowed = limit * line.participants
    if line.amount > allowed:
        per = (line.amount / line.participants / days).quantize(FEN)
        return [
            _Found(
                rule,
                None,
                cap,
                line.amount,
                f"{p}{line.participants} 人 {days} 天共 {yuan(line.amount)} 元，约每人每天"
                f" {yuan(per)} 元，超过每人每天 {yuan(cap)} 元的上限"
                f"（合计不超过 {yuan(allowed)} 元）。",
            )
        ]
    return []


# --- running totals: this voucher plus what came before -----------------------------------


def _running_checks(voucher, rules, lines, shares) -> list[_Found]:
    running = [r for r in rules if any(getattr(r, f) is not None for f in RUNNING_LIMITS)]
    mine = {rule.pk: _mine(rule, lines, shares) for rule in running}
    if not any(mine.values()):
        return []
    prior, parent_of = _prior(voucher, running)
    out: list[_Found] = []
    for rule in running:
        before = _before(rule, prior, parent_of)
        for member_id, tally in mine[rule.pk].items():
            out.extend(_member_checks(rule, member_id, tally, before.get(member_id) or _Tally()))
    return out


def _mine(rule: SpendingRule, lines, shares) -> dict[int, _Tally]:
    """This voucher's payments under the rule per member, in the order members first
    appear: a member may be on several lines."""
    out: dict[int, _Tally] = {}
    for line in lines:
        if not _applies(rule, line):
            continue
        for s in shares.get(line.pk, ()):
            tally = out.get(s.member_id)
            if tally is None:
                tally = out[s.member_id] = _Tally()
            tally.amount += s.amount
            tally.times += 1
            if s.event_key:
                tally.events[s.event_key] = tally.events.get(s.event_key, 0) + 1
    return out


def _prior(voucher: Voucher, rules: list[SpendingRule]) -> tuple[list[tuple], dict[int, int]]:
    """[(member_id, category_id, event_key, amount in the year, times in the year, times
    ever)] of the voucher's payees from every counted voucher but this one, and each
    covered category's parent. One grouped query however many members (plus the small
    category table): a reversal's negative shares take both the amount and the count back.
    Without a once-ever rule only the voucher's calendar year is read."""
    top = {r.category_id for r in rules}
    parent_of = dict(
        Category.objects.filter(Q(pk__in=top) | Q(parent_id__in=top)).values_list("pk", "parent_id")
    )
    by_event = any(r.times_event_year is not None for r in rules)
    ever = any(r.times_ever is not None for r in rules)
    start, end = _year_bounds(voucher.date)
    payees = VoucherShare.objects.filter(line__voucher_id=voucher.pk).values("member_id")
    rows = VoucherShare.objects.filter(
        member_id__in=payees,
        line__category_id__in=list(parent_of),
        line__status__in=COUNTED_STATUSES,
    ).exclude(line__voucher_id=voucher.pk)
    sign = Case(When(amount__lt=0, then=Value(-1)), default=Value(1), output_field=IntegerField())
    if ever:
        in_year = Q(line__date__gte=start, line__date__lt=end)
        money = DecimalField(max_digits=14, decimal_places=2)
        year_amount = Sum(Case(When(in_year, then="amount"), default=Value(0), output_field=money))
        year_times = Sum(
            Case(When(in_year, then=sign), default=Value(0), output_field=IntegerField())
        )
    else:
        rows = rows.filter(line__date__gte=start, line__date__lt=end)
        year_amount, year_times = Sum("amount"), Sum(sign)
    keys = ["member_id", "line__category_id"] + (["event_key"] if by_event else [])
    grouped = (
        rows.values(*keys)
        .annotate(total=year_amount, times=year_times, **({"ever": Sum(sign)} if ever else {}))
        .order_by()
        .values_list(*keys, "total", "times", *(["ever"] if ever else []))
    )
    # SQLite sums a decimal column in floating point (Django hands back the float as a
    # Decimal, e.g. 2200.0000000000005); every share has two places, so rounding the sum to
    # the fen gives the exact total back. PostgreSQL's numeric sum is exact already.
    out = []
    for row in grouped:
        member_id, category_id = row[0], row[1]
        event_key = row[2] if by_event else ""
        total, times = row[len(keys)], row[len(keys) + 1]
        amount = Decimal(total or 0).quantize(FEN, rounding=ROUND_HALF_UP)
        out.append((member_id, category_id, event_key, amount, times, row[-1] if ever else times))
    return out, parent_of


def _before(rule: SpendingRule, prior: list[tuple], parent_of: dict[int, int]) -> dict[int, _Tally]:
    out: dict[int, _Tally] = {}
    for member_id, category_id, event_key, amount, times, ever in prior:
        if rule.category_id not in (category_id, parent_of.get(category_id)):
            continue
        tally = out.get(member_id)
        if tally is None:
            tally = out[member_id] = _Tally()
        tally.amount += amount
        tally.times += times
        tally.ever += ever
        if event_key:
            tally.events[event_key] = tally.events.get(event_key, 0) + times
    return out


def _member_checks(
    rule: SpendingRule, member_id: int, mine: _Tally, before: _Tally
) -> list[_Found]:
    out: list[_Found] = []
    p = _prefix(rule)
    if rule.cap_year is not None and before.amount + mine.amount > rule.cap_year:
        amount = before.amount + mine.amount
        tail = (
            f" 本年已发 {yuan(before.amount)} 元，本次 {yuan(mine.amount)} 元，"
            f"合计 {yuan(amount)} 元，超过每人每年 {yuan(rule.cap_year)} 元的上限。"
        )
        out.append(_Found(rule, member_id, rule.cap_year, amount, p, tail))
    if rule.times_year is not None and before.times + mine.times > rule.times_year:
        total = before.times + mine.times
        tail = (
            f" 本年已发放 {before.times} 次，本次 {mine.times} 次，合计 {total} 次，"
            f"超过每人每年 {rule.times_year} 次的上限。"
        )
        out.append(_Found(rule, member_id, rule.times_year, total, p, tail))
    if rule.times_event_year is not None:
        n = rule.times_event_year
        for event, times in mine.events.items():
            had = before.events.get(event, 0)
            if had + times > n:
                tail = (
                    f" 本年已因“{event}”发放 {had} 次，本次 {times} 次，合计 {had + times} 次，"
                    f"超过同一事项每人每年 {n} 次的上限{_cite(rule)}。"
                )
                out.append(_Found(rule, member_id, n, had + times, p, tail))
    if rule.times_ever is not None and before.ever + mine.times > rule.times_ever:
        ever = before.ever + mine.times
        tail = (
            f" 已发放 {before.ever} 次，本次 {mine.times} 次，合计 {ever} 次，"
            f"超过每人累计 {rule.times_ever} 次的上限（不分年度）{_cite(rule)}。"
        )
        out.append(_Found(rule, member_id, rule.times_ever, ever, p, tail))
    return out
