"""The spending-rule engine (开支标准): which rules a union follows and whether a voucher
keeps to them.

A union follows its own rule rows first, then its nearest ancestor's (a federation sets the
standard for its district), then the platform's example rows (``union`` NULL, seeded from
``rules.DEFAULT_SPENDING_RULES``). Rules are matched by ``key``; an inactive row switches the
rule off for the union and its subtree.

The checks follow 《基层工会经费收支管理办法》（总工办发〔2017〕32 号）: festival and birthday
gifts per member per year, condolences per event, outings per person per day, prizes capped
and at most one winner in N participants, gifts in goods never cash or shopping cards. The
figures are the province's and are settings, never code.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, IntegerField, Q, Sum, Value, When

from gonghui.orgs.models import Member, Union

from .models import PayForm, SpendingRule, Voucher, VoucherShare, VoucherStatus
from .money import FEN, ZERO, yuan

# Shares of these vouchers make a member's running total: once submitted a voucher is on
# its way to being paid, so a second voucher cannot slip under the cap beside it.
COUNTED_STATUSES = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED, VoucherStatus.POSTED)
# Limits that need to know who received what.
PER_PERSON_LIMITS = ("cap_year", "cap_event", "times_year")


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
        key_rows.sort(key=lambda r: rank.get(r.union_id, len(chain)))
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


def _applies(rule: SpendingRule, line) -> bool:
    # A rule on a top category (e.g. 501 职工活动支出) covers its sub-items too.
    return rule.category_id in (line.category_id, line.category.parent_id)


def _year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)


def _prior(voucher: Voucher, member_ids: set[int], category_ids: set[int]) -> list[tuple]:
    """[(member_id, category_id, parent_id, amount, times)] over the calendar year of the
    voucher, from every counted voucher but this one. One grouped query however many
    members: a reversal's negative shares take both the amount and the count back."""
    if not member_ids or not category_ids:
        return []
    start, end = _year_bounds(voucher.date)
    rows = (
        VoucherShare.objects.filter(
            Q(line__category_id__in=category_ids) | Q(line__category__parent_id__in=category_ids),
            member_id__in=member_ids,
            line__status__in=COUNTED_STATUSES,
            line__date__gte=start,
            line__date__lt=end,
        )
        .exclude(line__voucher_id=voucher.pk)
        .values("member_id", "line__category_id", "line__category__parent_id")
        .annotate(
            total=Sum("amount"),
            times=Sum(
                Case(
                    When(amount__lt=0, then=Value(-1)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )
    # SQLite sums a decimal column in floating point (Django hands back the float as a
    # Decimal, e.g. 2200.0000000000005); every share has two places, so rounding the sum to
    # the fen gives the exact total back. PostgreSQL's numeric sum is exact already.
    return [
        (
            r["member_id"],
            r["line__category_id"],
            r["line__category__parent_id"],
            Decimal(r["total"]).quantize(FEN, rounding=ROUND_HALF_UP),
            r["times"],
        )
        for r in rows
    ]


def check_voucher(voucher: Voucher) -> list[Violation]:
    """Every way the voucher breaks a rule the union follows, in line order. A reversal only
    ever takes money back, so it is never checked."""
    if voucher.is_reversal or voucher.kind != "expense":
        return []
    lines = list(
        voucher.lines.select_related("category").prefetch_related("shares__member").order_by("id")
    )
    rules = [r for r in effective_rules(voucher.union) if any(_applies(r, ln) for ln in lines)]
    if not rules:
        return []
    found: list[Violation] = []
    # This voucher's own shares per rule and member: a member may appear on several lines.
    mine: dict[tuple[int, int], list] = defaultdict(lambda: [ZERO, 0])
    members: dict[int, Member] = {}
    for rule in rules:
        for line in lines:
            if not _applies(rule, line):
                continue
            found.extend(_line_checks(rule, line))
            for share in line.shares.all():
                members[share.member_id] = share.member
                slot = mine[(rule.pk, share.member_id)]
                slot[0] += share.amount
                slot[1] += 1
    yearly = [r for r in rules if r.cap_year is not None or r.times_year is not None]
    if yearly and mine:
        prior = _prior(voucher, set(members), {r.category_id for r in yearly})
        for rule in yearly:
            found.extend(_yearly_checks(rule, lines, mine, prior, members))
    return found


def _prefix(rule: SpendingRule) -> str:
    return f"违反开支标准【{rule.name}】："


def _line_checks(rule: SpendingRule, line) -> list[Violation]:
    out: list[Violation] = []
    p = _prefix(rule)
    if rule.forbid_cash and line.pay_form == PayForm.CASH:
        out.append(
            Violation(rule, None, None, None, f"{p}不得发放现金，请改为实物或指定商户提货凭证。")
        )
    if rule.forbid_card and line.pay_form == PayForm.CARD:
        out.append(
            Violation(rule, None, None, None, f"{p}不得发放购物卡，请改为实物或指定商户提货凭证。")
        )
    shares = list(line.shares.all())
    if not shares and any(getattr(rule, f) is not None for f in PER_PERSON_LIMITS):
        out.append(
            Violation(
                rule,
                None,
                None,
                None,
                f"{p}「{line.category.name}」须按人列明发放名单和每人金额，才能核对每人标准。",
            )
        )
    if rule.cap_event is not None:
        for s in shares:
            if s.amount > rule.cap_event:
                out.append(
                    Violation(
                        rule,
                        s.member,
                        rule.cap_event,
                        s.amount,
                        f"{p}{s.member.name} 本次 {yuan(s.amount)} 元，超过每人每次"
                        f" {yuan(rule.cap_event)} 元的上限。",
                    )
                )
    if rule.cap_day is not None:
        out.extend(_day_checks(rule, line, shares))
    if rule.winners_one_in is not None:
        n = rule.winners_one_in
        winners = len(shares)
        if not line.participants:
            out.append(
                Violation(
                    rule,
                    None,
                    None,
                    winners,
                    f"{p}请填写参与人数，以核对获奖面（每 {n} 名参与者至多 1 人获奖）。",
                )
            )
        elif winners * n > line.participants:
            out.append(
                Violation(
                    rule,
                    None,
                    line.participants // n,
                    winners,
                    f"{p}获奖 {winners} 人，参与 {line.participants} 人，超过每 {n} 名参与者"
                    f"至多 1 人获奖的限制（最多 {line.participants // n} 人）。",
                )
            )
    return out


def _day_checks(rule: SpendingRule, line, shares) -> list[Violation]:
    """share ÷ days ≤ cap, compared as share ≤ cap × days so no division rounds a fen."""
    p = _prefix(rule)
    days = line.days or 1
    limit = rule.cap_day * days
    if shares:
        return [
            Violation(
                rule,
                s.member,
                rule.cap_day,
                s.amount,
                f"{p}{s.member.name} 本次 {yuan(s.amount)} 元（{days} 天），超过每人每天"
                f" {yuan(rule.cap_day)} 元的上限（合计不超过 {yuan(limit)} 元）。",
            )
            for s in shares
            if s.amount > limit
        ]
    if not line.participants:
        return [
            Violation(rule, None, None, None, f"{p}请填写参与人数或人员名单，以核对每人每天标准。")
        ]
    allowed = limit * line.participants
    if line.amount > allowed:
        per = (line.amount / line.participants / days).quantize(FEN)
        return [
            Violation(
                rule,
                None,
                rule.cap_day,
                line.amount,
                f"{p}{line.participants} 人 {days} 天共 {yuan(line.amount)} 元，约每人每天"
                f" {yuan(per)} 元，超过每人每天 {yuan(rule.cap_day)} 元的上限"
                f"（合计不超过 {yuan(allowed)} 元）。",
            )
        ]
    return []


def _yearly_checks(rule, lines, mine, prior, members) -> list[Violation]:
    out: list[Violation] = []
    p = _prefix(rule)
    for (rule_pk, member_id), (amount, times) in mine.items():
        if rule_pk != rule.pk:
            continue
        before_amount, before_times = ZERO, 0
        for m, cat, parent, a, t in prior:
            if m == member_id and rule.category_id in (cat, parent):
                before_amount += a
                before_times += t
        name = members[member_id].name
        if rule.cap_year is not None and before_amount + amount > rule.cap_year:
            total = before_amount + amount
            out.append(
                Violation(
                    rule,
                    members[member_id],
                    rule.cap_year,
                    total,
                    f"{p}{name} 本年已发 {yuan(before_amount)} 元，本次 {yuan(amount)} 元，"
                    f"合计 {yuan(total)} 元，超过每人每年 {yuan(rule.cap_year)} 元的上限。",
                )
            )
        if rule.times_year is not None and before_times + times > rule.times_year:
            total = before_times + times
            out.append(
                Violation(
                    rule,
                    members[member_id],
                    rule.times_year,
                    total,
                    f"{p}{name} 本年已发放 {before_times} 次，本次 {times} 次，合计 {total} 次，"
                    f"超过每人每年 {rule.times_year} 次的上限。",
                )
            )
    return out
