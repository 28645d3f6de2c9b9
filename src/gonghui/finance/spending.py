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
members is one voucher): the voucher's lines are counted in SQL, their shares read as plain
rows only where a rule looks at each amount, the running totals of each rule are one grouped
query whose HAVING keeps only the payees over a limit, and member names are read only for
the members who break a rule.
"""

from __future__ import annotations

import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import BigIntegerField, Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast, Round

from gonghui.orgs.models import Member, Union

from .models import Category, PayForm, SpendingRule, Voucher, VoucherShare, VoucherStatus
from .money import FEN, yuan
from .queries.common import fen_total

# Shares of these vouchers make a member's running total: once submitted a voucher is on
# its way to being paid, so a second voucher cannot slip under the cap beside it.
COUNTED_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED, VoucherStatus.POSTED)
# Limits that need to know who received what.
PER_PERSON_LIMITS = ("cap_year", "cap_event", "times_year", "times_event_year", "times_ever")
# Limits that add this voucher to what the member has had before.
RUNNING_LIMITS = ("cap_year", "times_year", "times_event_year", "times_ever")
MEMBER_LIMITS = ("cap_year", "times_year", "times_ever")


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


def _fen(amount: Decimal) -> int:
    return int(amount * 100)


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


@dataclass(slots=True)
class _Share:
    """One payee of this voucher, as a plain row (no member instance): the amount in whole
    fen, read as an integer (no Decimal made per row)."""

    member_id: int
    fen: int
    event_key: str

    @property
    def amount(self) -> Decimal:
        return _yuan(self.fen)


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


def _applies(rule: SpendingRule, line) -> bool:
    # A rule on a top category (e.g. 501 职工活动支出) covers its sub-items too.
    return rule.category_id in (line.category_id, line.category.parent_id)


def _year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)


def _prefix(rule: SpendingRule) -> str:
    return f"违反开支标准【{rule.name}】："


def _cite(rule: SpendingRule) -> str:
    """The document a decision rests on, ending every message (``_named``)."""
    if rule.source:
        return f"。依据：{rule.source.rstrip('。.； ')}"
    if rule.union is not None:
        return f"。依据：{rule.union.name}开支标准"
    return "。依据：平台示例标准"


def message_key(message: str) -> str:
    """A violation's message without its 依据: what a chair's override is matched by, so
    neither the citation added to the older rules' messages nor a rule's source edited
    later reopens a voucher already let through (the figures still must match)."""
    return message.split("依据：")[0].rstrip("。")


def check_voucher(voucher: Voucher) -> list[Violation]:
    """Every way the voucher breaks a rule the union follows: each line against each rule
    in line order, then the running totals member by member. A reversal only ever takes
    money back, so it is never checked."""
    if voucher.is_reversal or voucher.kind != "expense":
        return []
    lines = list(voucher.lines.select_related("category").order_by("id"))
    rules = [r for r in effective_rules(voucher.union) if any(_applies(r, ln) for ln in lines)]
    if not rules:
        return []
    counts = _line_counts(lines, events=any(r.times_event_year is not None for r in rules))
    # Each share is read only where a rule looks at each amount (每人每次, 每人每天).
    each = {
        ln.pk
        for ln in lines
        for r in rules
        if _applies(r, ln) and (r.cap_event is not None or r.cap_day is not None)
    }
    shares = _shares_of(each) if each else {}
    found: list[_Found] = []
    for rule in rules:
        for line in lines:
            if _applies(rule, line):
                count = counts.get(line.pk, (0, 0))
                found.extend(_line_checks(rule, line, count, shares.get(line.pk, [])))
    found.extend(_running_checks(voucher, rules))
    return _named(found)


def _line_counts(lines, *, events: bool) -> dict[int, tuple[int, int]]:
    """{line id: (payees, payees without an event key)}: one small aggregate query, inside
    the line index unless an event rule wants the keys."""
    blank = Count("id", filter=Q(event_key="")) if events else Value(0)
    rows = (
        VoucherShare.objects.filter(line_id__in=[ln.pk for ln in lines])
        .values("line_id")
        .annotate(n=Count("id"), blank=blank)
        .order_by()
        .values_list("line_id", "n", "blank")
    )
    return {line_id: (n, blank) for line_id, n, blank in rows}


def _shares_of(line_ids) -> dict[int, list[_Share]]:
    """The shares of these lines, in the order they were written: one query."""
    out: dict[int, list[_Share]] = defaultdict(list)
    rows = (
        VoucherShare.objects.filter(line_id__in=list(line_ids))
        .annotate(fen=Cast(Round(F("amount") * 100), BigIntegerField()))
        .order_by("id")
        .values_list("line_id", "member_id", "fen", "event_key")
    )
    for line_id, member_id, fen, event_key in rows:
        out[line_id].append(_Share(member_id, fen, event_key))
    return out


def _named(found: list[_Found]) -> list[Violation]:
    ids = {f.member_id for f in found if f.member_id is not None}
    members = Member.objects.only("id", "name").in_bulk(ids) if ids else {}
    out = []
    for f in found:
        member = members.get(f.member_id) if f.member_id is not None else None
        message = f.head + (member.name if member else "") + f.tail
        message = message.rstrip("。") + _cite(f.rule) + "。"
        out.append(Violation(f.rule, member, f.cap, f.total, message))
    return out


# --- one line against one rule ----------------------------------------------------------


def _line_checks(
    rule: SpendingRule, line, count: tuple[int, int], shares: list[_Share]
) -> list[_Found]:
    """``count``: the line's payees and how many of them lack an event key; ``shares``: the
    line's shares where a rule on each amount applies (else empty)."""
    out = _form_checks(rule, line)
    p = _prefix(rule)
    payees, without_event = count
    if not payees and any(getattr(rule, f) is not None for f in PER_PERSON_LIMITS):
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
    if rule.times_event_year is not None and without_event:
        out.append(
            _Found(
                rule,
                None,
                rule.times_event_year,
                None,
                f"{p}「{line.category.name}」须在“事由”中写明慰问的事项（如病种），才能核对"
                f"同一事项每人每年 {rule.times_event_year} 次的标准。",
            )
        )
    if rule.cap_event is not None:
        cap = _fen(rule.cap_event)
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
            if s.fen > cap
        )
    if rule.cap_day is not None:
        out.extend(_day_checks(rule, rule.cap_day, line, shares))
    if rule.winners_one_in is not None:
        out.extend(_winner_checks(rule, line, payees))
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
                f"{p}「{line.category.name}」不得使用工会经费列支。",
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
        text = f"{p}请填写天数：天数超过 {n} 天方可列支。"
        return [_Found(rule, None, n, None, text)]
    if line.days <= n:
        text = f"{p}天数 {line.days} 天，未超过 {n} 天，不符合列支条件。"
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
    limit_fen = _fen(limit)
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
            if s.fen > limit_fen
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


def _running_checks(voucher: Voucher, rules: list[SpendingRule]) -> list[_Found]:
    running = [r for r in rules if any(getattr(r, f) is not None for f in RUNNING_LIMITS)]
    if not running:
        return []
    scopes = _scopes(running)
    out: list[_Found] = []
    for rule in running:
        if any(getattr(rule, f) is not None for f in MEMBER_LIMITS):
            for row in _over(voucher, rule, scopes[rule.pk], by_event=False):
                out.extend(_member_checks(rule, row))
        if rule.times_event_year is not None:
            for row in _over(voucher, rule, scopes[rule.pk], by_event=True):
                out.extend(_event_checks(rule, row))
    return out


def _scopes(rules: list[SpendingRule]) -> dict[int, list[int]]:
    """The categories each rule covers: its own and, for a top category, its sub-items
    (one query of the small category table)."""
    top = {r.category_id for r in rules}
    pairs = Category.objects.filter(Q(pk__in=top) | Q(parent_id__in=top)).values_list(
        "pk", "parent_id"
    )
    covered = list(pairs)
    return {r.pk: [c for c, parent in covered if r.category_id in (c, parent)] for r in rules}


@dataclass(slots=True)
class _Row:
    """A payee's figures under one rule (per event for the event rule), in fen: this
    voucher's, and the year's or ever's including it."""

    member_id: int
    event_key: str
    mine_fen: int
    mine_times: int
    fen: int
    times: int
    ever: int


def _over(voucher: Voucher, rule: SpendingRule, scope: list[int], *, by_event: bool) -> list[_Row]:
    """The voucher's payees whose running totals under ``rule`` break one of its limits:
    one grouped query however many payees — the same totals as a hand-written GROUP BY
    member (bench/care_gifts.py), with the limits in its HAVING, so a voucher within the
    rules sends no row back. Counted: this voucher and every submitted, approved or posted
    one; a reversal's negative shares take both the amount and the count back. Sums are in
    whole fen (``fen_total``): SQLite sums a decimal column in floating point, integers add
    up exactly on both engines. Without a once-ever limit only the calendar year is read."""
    ever = not by_event and rule.times_ever is not None
    start, end = _year_bounds(voucher.date)
    this = Q(line__voucher_id=voucher.pk)
    in_year = Q(line__date__gte=start, line__date__lt=end)
    counted = Q(line__status__in=COUNTED_STATUSES) & (Q() if ever else in_year)
    sign = Case(When(amount__lt=0, then=Value(-1)), default=Value(1), output_field=IntegerField())
    sums = {
        "mine_fen": fen_total("amount", where=this),
        "mine_times": Count("id", filter=this),
        "fen": fen_total("amount", where=in_year) if ever else fen_total("amount"),
        "times": Sum(sign, filter=in_year) if ever else Sum(sign),
        "ever": Sum(sign),
    }
    if by_event:
        limits = [Q(times__gt=rule.times_event_year)]
    else:
        limits = [
            Q(**{f"{total}__gt": value})
            for total, value in (
                ("fen", None if rule.cap_year is None else _fen(rule.cap_year)),
                ("times", rule.times_year),
                ("ever", rule.times_ever),
            )
            if value is not None
        ]
    over = reduce(operator.or_, limits)
    keys = ["member_id", "event_key"] if by_event else ["member_id"]
    payees = VoucherShare.objects.filter(this).values("member_id")
    shares = VoucherShare.objects.filter(
        this | counted, member_id__in=payees, line__category_id__in=scope
    )
    if by_event:
        shares = shares.exclude(event_key="")  # refused line by line (须写明事项)
    rows = (
        shares.values(*keys)
        .annotate(**sums)
        .filter(Q(mine_times__gt=0) & over)
        .order_by(*keys)
        .values_list(*keys, *sums)
    )
    return [
        _Row(r[0], r[1] if by_event else "", *(int(v or 0) for v in r[len(keys) :])) for r in rows
    ]


def _member_checks(rule: SpendingRule, row: _Row) -> list[_Found]:
    out: list[_Found] = []
    p = _prefix(rule)
    before_fen, before_times = row.fen - row.mine_fen, row.times - row.mine_times
    if rule.cap_year is not None and row.fen > _fen(rule.cap_year):
        amount = _yuan(row.fen)
        tail = (
            f" 本年已发 {yuan(_yuan(before_fen))} 元，本次 {yuan(_yuan(row.mine_fen))} 元，"
            f"合计 {yuan(amount)} 元，超过每人每年 {yuan(rule.cap_year)} 元的上限。"
        )
        out.append(_Found(rule, row.member_id, rule.cap_year, amount, p, tail))
    if rule.times_year is not None and row.times > rule.times_year:
        tail = (
            f" 本年已发放 {before_times} 次，本次 {row.mine_times} 次，合计 {row.times} 次，"
            f"超过每人每年 {rule.times_year} 次的上限。"
        )
        out.append(_Found(rule, row.member_id, rule.times_year, row.times, p, tail))
    if rule.times_ever is not None and row.ever > rule.times_ever:
        tail = (
            f" 已发放 {row.ever - row.mine_times} 次，本次 {row.mine_times} 次，合计 {row.ever} 次，"
            f"超过每人累计 {rule.times_ever} 次的上限（不分年度）。"
        )
        out.append(_Found(rule, row.member_id, rule.times_ever, row.ever, p, tail))
    return out


def _event_checks(rule: SpendingRule, row: _Row) -> list[_Found]:
    n = rule.times_event_year
    had = row.times - row.mine_times
    tail = (
        f" 本年已因“{row.event_key}”发放 {had} 次，本次 {row.mine_times} 次，合计 {row.times} 次，"
        f"超过同一事项每人每年 {n} 次的上限。"
    )
    return [_Found(rule, row.member_id, n, row.times, _prefix(rule), tail)]
